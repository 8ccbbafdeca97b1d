"""The raw HTML policy: forbidden markup and URLs found with their lines, code left alone."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from conftest import page, warnings_of
from newsdesk.reading import html_policy
from newsdesk.tools import cli

ROOT = Path(__file__).parent / "roots" / "test-html-policy"
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def messages(text: str, extensions: tuple[str, ...] = ("colon_fence",)) -> list[str]:
    return [f"{p.line}: {p}" for p in html_policy.check(text, extensions)]


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("<script>alert(1)</script>\n", ["1: html: <script> is not allowed: it runs"]),
        ("text <script src=x.js></script>", ["1: html: <script> is not allowed"]),
        ("<IFRAME SRC=x></IFRAME>\n", ["1: html: <iframe> is not allowed"]),
        ("a\n\n<object data=x></object>\n", ["3: html: <object> is not allowed"]),
        ("<embed src=x>\n", ["1: html: <embed> is not allowed"]),
        (
            "<form><button>go</button></form>\n",
            ["1: html: <button>", "1: html: <form>"],
        ),
        ('<b onclick="x">b</b>', ["1: html: <b onclick=...>: event-handler"]),
        ("<img src=x onerror=alert(1)>\n", ["1: html: <img onerror=...>"]),
        ('<p ONMOUSEOVER="x">p</p>\n', ["1: html: <p onmouseover=...>"]),
        ('<a href="javascript:alert(1)">x</a>', ["1: html: <a href='javascript:"]),
        ('<a href="java\tscript:x">x</a>', ["1: html: <a href='java\\tscript:x'>"]),
        ('<a href="&#106;avascript:x">x</a>', ["1: html: <a href='javascript:x'>"]),
        ('<img src="data:image/png;base64,AA">', ["1: html: <img src='data:"]),
        (
            '<img srcset="a.png 1x, vbscript:x 2x">',
            ["1: html: <img srcset='vbscript:x'>"],
        ),
        (
            '<a href="file:///etc/passwd">x</a>',
            ["1: html: <a href='file:///etc/passwd'>"],
        ),
        ('<span style="background:url(x)">s</span>', ["1: html: <span style=...>"]),
        ("<marquee>old</marquee>\n", ["1: html: <marquee> is not in the allowed set"]),
        ("<svg><circle/></svg>\n", ["1: html: <circle>", "1: html: <svg> is not"]),
        ("<scr<script>ipt>x</script>\n", ["1: html: <scr<script> is not"]),
        (
            "[x](javascript:alert(1))",
            ["1: link: link 'javascript:alert(1)': javascript:"],
        ),
        ("[x](<JavaScript:alert(1)>)", ["1: link: link 'JavaScript:alert(1)'"]),
        ("![i](data:image/gif;base64,R0)", ["1: link: image 'data:image/gif"]),
        ("<vbscript:msgbox(1)>", ["1: link: autolink 'vbscript:msgbox(1)'"]),
        ("[x][r]\n\n[r]: javascript:alert(1)\n", ["1: link: link 'javascript:"]),
        # MyST looks for it among the site's pages: a link to nowhere
        (
            "[k](HTTPS://example.com/a)",
            [
                (
                    "1: link: link 'HTTPS://example.com/a': write its scheme in "
                    "lower case, 'https://example.com/a'"
                )
            ],
        ),
        ("[m](Mailto:desk@example.com)", ["1: link: link 'Mailto:desk@example.com'"]),
        ("one\ntwo <iframe>\n", ["2: html: <iframe>"]),
        ("```{note}\nsafe\n<script>x</script>\n```\n", ["3: html: <script>"]),
        (":::{tip}\n:::{note}\n<embed>\n:::\n:::\n", ["3: html: <embed>"]),
        ("```{raw} html\n\n<iframe></iframe>\n```\n", ["3: html: <iframe>"]),
        ("```{image} javascript:x\n```\n", ["1: directive: {image} 'javascript:x'"]),
        (
            "```{figure} a.png\n:target: data:x\n```\n",
            ["2: directive: {figure} option"],
        ),
        ("```{eval-rst}\n.. raw:: html\n```\n", ["1: directive: {eval-rst} is not"]),
        ("```{include} ../../README.md\n```\n", ["1: directive: {include} is not"]),
        ("```{literalinclude} /etc/passwd\n```\n", ["1: directive: {literalinclude}"]),
        ("```{title} Another\n```\n", ["1: directive: {title} is not allowed"]),
        ("```{meta}\n:og:image: x\n```\n", ["1: directive: {meta} is not allowed"]),
        # fetched by every reader's browser, from a host that can change it
        ("![j](https://example.com/j.png)", ["1: link: image 'https://example.com/j"]),
        ("```{figure} http://example.com/f.png\n```\n", ["1: directive: {figure} 'h"]),
    ],
)
def test_forbidden_markup_is_named_with_its_line(test_input, expected):
    found = messages(test_input)
    assert len(found) == len(expected), found
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start), found


def test_a_refused_rst_block_is_left_out_and_lines_kept():
    text = (
        "# T\r\n\nbefore\n\n:::{note}\n```{eval-rst}\nSECRET\n\nMORE\n```\n:::\nafter\n"
    )
    (problem,) = html_policy.check(text, ("colon_fence",))
    assert (problem.line, problem.span) == (6, (6, 10))
    kept = html_policy.leave_out(text, [problem.span])
    assert "SECRET" not in kept
    assert "MORE" not in kept
    assert kept.split("\n")[4:11] == [":::{note}", "", "", "", "", "", ":::"]
    assert kept.split("\n")[11] == "after"


@pytest.mark.parametrize(
    "test_input",
    [
        "`<script>alert(1)</script>` and `[x](javascript:x)` in inline code",
        "```html\n<script>alert(1)</script>\n```\n",
        "```{code-block} html\n<iframe src=javascript:x></iframe>\n```\n",
        "    <form action=x></form>\n",
        ":::\n<script>x</script>\n:::\n",  # a colon fence without a directive is code
        "Escaped \\<script> and &lt;iframe&gt; are text.",
        '<abbr title="x">X</abbr> <mark>m</mark> <kbd>k</kbd> <sub>2</sub>',
        "<details>\n<summary>More</summary>\n\nText.\n</details>\n",
        '<a href="https://example.com/a?b=c#d" title="t">x</a> <a href="#top">t</a>',
        '<a href="../2024/old.html">x</a> <a href="mailto:desk@example.com">m</a>',
        '<img src="/_static/x.png" alt="x" width="10" srcset="x.png 1x, y.png 2x">',
        '<span style="color: red">red</span> <!-- a comment -->',
        "[x](https://example.com) [y](../2024/old.md) [z](#anchor) <https://a.example>",
        "<HTTPS://a.example/upper> is an address as it is",
        "[doc](project:../index.md) ![i](chart.png) ![j](../../_static/j.png)",
        "```{figure} chart.png\n:target: https://example.com\n:alt: A chart\n```\n",
        "```{raw} latex\n\\textbf{x}\n```\n",
        "a < b and c > d, x<y",
    ],
)
def test_allowed_markup_and_code_pass(test_input):
    assert messages(test_input) == []


def test_colon_fences_follow_the_sites_extensions():
    """Without colon_fence MyST reads ':::' as text, so the HTML inside is live."""
    text = ":::\n<script>x</script>\n:::\n"
    assert messages(text, ("colon_fence",)) == []
    assert messages(text, ()) == [
        "2: html: <script> is not allowed: it runs code in readers' browsers"
    ]


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("https://example.com", "https"),
        ("  JAVASCRIPT:alert(1)", "javascript"),
        ("\x01java\nscript:x", "javascript"),
        ("data:text/html,x", "data"),
        ("../relative/page.html", None),
        ("//example.com/protocol-relative", None),
        ("#fragment", None),
        ("page.html?a=b:c", None),
    ],
)
def test_url_scheme_is_what_a_browser_sees(test_input, expected):
    assert html_policy.url_scheme(test_input) == expected


def test_site_extensions_are_read_from_conf_py_without_running_it(tmp_path):
    (tmp_path / "conf.py").write_text(
        'raise SystemExit("never run")\nmyst_enable_extensions = ["colon_fence", "deflist"]\n',
        encoding="utf-8",
    )
    assert html_policy.site_extensions(tmp_path) == ("colon_fence", "deflist")
    assert html_policy.site_extensions(tmp_path / "missing") == ()


EXPECTED_HOSTILE = [
    "13: html: <script>",
    "15: html: <iframe>",
    "16: html: <img onerror=...>",
    "17: link: image 'data:image/svg+xml;base64,PHN2Zz4='",
    "17: link: link 'javascript:alert(1)'",
    "20: html: <object>",
    "21: html: <embed>",
    "22: html: <form>",
    "22: html: <input>",
    "23: html: <a href='  JaVaScript:alert(1)'>",
    "24: html: <a href='vbscript:msgbox(1)'>",
    "28: html: <marquee>",
    "32: html: <svg onload=...>",
    "32: html: <svg>",
    "35: link: autolink 'javascript:alert(1)'",
]


@pytest.fixture(scope="module")
def policy_build(tmp_path_factory):
    """One build of the policy root, shared by the tests below."""
    srcdir = tmp_path_factory.mktemp("html-policy") / "src"
    shutil.copytree(ROOT, srcdir)
    app = SphinxTestApp(
        "html", srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
        # The build also says once that it refused the {raw} directive itself
        # (raw_enabled is off), at its first line; the policy names the markup
        # inside it, which the source checks compared below can see.
        warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
        refusal = "posts/2025/hostile.md:31: WARNING: {raw}: raw markup is not allowed"
        assert sum(refusal in w for w in warnings) == 1, warnings
        yield app, [w for w in warnings if refusal not in w]
    finally:
        app.cleanup()


def test_build_warns_with_file_line_and_subtype(policy_build):
    _app, warnings = policy_build
    pattern = re.compile(
        r"^.*?(posts/2025/\w+\.md):(\d+): WARNING: (.*) \[newsdesk\.html\]$"
    )
    found = []
    for line in warnings:
        match = pattern.match(line)
        assert match, line
        assert match.group(1) == "posts/2025/hostile.md"
        found.append(f"{match.group(2)}: {match.group(3)}")
    assert len(found) == len(EXPECTED_HOSTILE), found
    for message, start in zip(found, EXPECTED_HOSTILE, strict=True):
        assert message.startswith(start)


def test_lint_reports_the_same_problems_as_the_build(policy_build):
    app, warnings = policy_build
    lint = cli.lint_tree(Path(app.srcdir))
    build = [
        re.sub(r"^.*?(posts/)", r"\1", w)
        .replace(" WARNING:", "")
        .removesuffix(" [newsdesk.html]")
        for w in warnings
    ]
    assert lint == build


def test_a_page_that_broke_the_policy_ships_no_raw_html(policy_build):
    app, _ = policy_build
    html = (Path(app.outdir) / "posts/2025/hostile.html").read_text(encoding="utf-8")
    article = page(app, "posts/2025/hostile").select_one("div[role=main]")
    for tag in ("iframe", "object", "embed", "form", "input", "svg", "marquee"):
        assert article.find(tag) is None, tag
    assert not article.select("[onerror], [onload]")
    assert "<script>alert" not in html
    for element in article.find_all(True):
        for name in ("href", "src"):
            assert html_policy.url_scheme(element.get(name, "")) in {None, "https"}


def test_allowed_markup_renders_and_code_stays_text(policy_build):
    app, _ = policy_build
    article = page(app, "posts/2025/clean").select_one("div[role=main]")
    # MyST's HTML syntax is off: HTML in Markdown is shown as text, never markup.
    assert article.find("abbr") is None
    assert article.find("details") is None
    assert article.find("script") is None
    code = article.select_one("div.highlight-html pre").get_text()
    assert '<script>alert("code blocks are shown, never run")</script>' in code


# -- the fast path -------------------------------------------------------------

_TRICKY = st.sampled_from(
    [
        "<",
        "&",
        "\\",
        ":",
        "javascript:",
        "JavaScript:",
        "data:",
        "https:",
        "mailto:",
        "doc:",
        "](",
        "![i",
        ")",
        "[a]: ",
        "```{raw} html\n",
        ":::{note}\n",
        "~~~{include}\n",
        "\n",
        " ",
        "\t",
        "x",
        "{entity}`A`",
        "`",
        "&#58;",
        "java\tscript:",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TRICKY, st.text(max_size=8)), max_size=25).map("".join))
def test_fast_path_never_hides_a_problem(text):
    """Skipping the tokenizer is only allowed where the full check finds nothing."""
    if not html_policy.could_break_policy(text):
        md = html_policy.myst_tokeniser(frozenset())
        assert list(html_policy._check_tokens(md, md.parse(text), 0)) == []


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n\nPlain prose with an [https link](https://example.com/a/b?q=1).\n",
        "Text with a {entity}`Microsoft` role and a [doc link](doc:posts/x).\n",
    ],
)
def test_fast_path_skips_plain_posts(text):
    assert not html_policy.could_break_policy(text)
