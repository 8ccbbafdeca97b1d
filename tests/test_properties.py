"""Property-based tests: whatever a contributor writes, a clear answer, never a crash.

Hypothesis throws arbitrary text and YAML structures at the front-matter loader,
the validators and the raw HTML policy (which must return problems, not raise),
and arbitrary text fields at a tiny Sphinx site (which must give a clean page
with nothing injected, or warnings naming the file).
"""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from newsdesk.reading import frontmatter, html_policy, metadata

ROOT = Path(__file__).parent / "roots" / "test-basic"
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
#: CommonMark's backslash-escapable characters (all ASCII punctuation).
_MD_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
FIELDS = [
    "date",
    "updated",
    "summary",
    "tags",
    "entities",
    "series",
    "author",
    "draft",
    "source",
    "title",
    "url",
    "publisher",
    "archive",
    "kind",
    "aliases",
]
HOSTILE = [
    "<script>alert(1)</script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    '"><b class="nd-injected">',
    "javascript:alert(1)",
    "&amp;",
    "&#60;",
    "{{ x }}",
    "{% raw %}",
    "\u202e",
    "\u0000",
    "\ufeff",
    "🤖",
    "مرحبا",
    "---",
    "\\",
    "`",
    "*",
    "[x](javascript:alert(1))",
    "{entity}`x`",
    "2025-02-30",
    "\n",
    "  ",
]

texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=5)), max_size=5).map(
        "".join
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    texts,
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=6
        ),
    ),
    max_leaves=12,
)
quick = settings(max_examples=100, deadline=None, database=None)


def _check_problems(problems: list[metadata.Problem]) -> None:
    for problem in problems:
        assert isinstance(problem, metadata.Problem)
        assert problem.field
        assert problem.message
        assert problem.line is None or problem.line >= 1


@quick
@given(structures)
def test_check_post_returns_fields_or_problems(data):
    fields, problems = metadata.check_post(data, {})
    _check_problems(problems)
    assert fields is not None or problems, "a refused post must say why"
    if fields is not None:
        assert isinstance(fields, metadata.PostFields)


@quick
@given(st.dictionaries(st.sampled_from(FIELDS), structures, max_size=8))
def test_check_post_on_near_miss_front_matter(data):
    """Mostly the right field names, with values of any shape."""
    fields, problems = metadata.check_post(data, {})
    _check_problems(problems)
    assert fields is not None or problems


@quick
@given(structures)
def test_check_entity_returns_fields_or_problems(data):
    fields, problems = metadata.check_entity(data, {})
    _check_problems(problems)
    assert fields is not None or problems


def _load(text: str) -> frontmatter.FrontMatter | None:
    """frontmatter.load, where the only allowed failure is a clear FrontMatterError."""
    error = None
    try:
        return frontmatter.load(text)
    except frontmatter.FrontMatterError as exc:
        error = exc
    # It starts with the field at fault ("front matter" for the block as a
    # whole): a line break only YAML sees is named at its field.
    assert error.message.startswith(f"{error.field}: ")
    assert error.line is None or error.line >= 1
    return None


@quick
@given(st.one_of(texts, st.text()))
def test_frontmatter_load_never_crashes_on_any_text(body):
    for text in (body, f"---\n{body}\n---\n# T\n", f"---\n{body}"):
        loaded = _load(text)
        assert loaded is None or isinstance(loaded.data, dict)


@quick
@given(structures)
def test_yaml_of_any_structure_loads_or_fails_clearly(data):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n# Title\n"
    loaded = _load(text)
    if loaded is not None:
        _check_problems(metadata.check_post(loaded.data, loaded.lines)[1])


@quick
@given(
    st.lists(
        st.one_of(
            st.sampled_from(HOSTILE),
            st.text(max_size=10),
            st.sampled_from(["\n", "\n\n", "```\n", ":::{note}\n", "    "]),
        ),
        max_size=12,
    ).map("".join)
)
def test_html_policy_never_crashes_and_lines_are_in_the_file(text):
    problems = html_policy.check(text, ("colon_fence",))
    _check_problems(problems)
    last = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert all(p.line is not None and p.line <= last for p in problems)


# -- rendering ------------------------------------------------------------------

POST = "posts/2025/prop.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A copy of test-basic built once; each example rewrites one post and rebuilds."""
    srcdir = tmp_path_factory.mktemp("properties") / "src"
    shutil.copytree(ROOT, srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
        confoverrides={"smartquotes": False},  # titles must round-trip as typed
    )
    app.build()
    assert app.warning.getvalue() == ""
    yield app
    app.cleanup()


line_texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.lists(
        st.sampled_from([h for h in HOSTILE if h not in ("\n", "\u0000")]), max_size=4
    ).map("".join),
)


#: Fields a contributor writes as one line of text (the title is the heading).
TEXT_FIELDS = (
    "title",
    "summary",
    "tag",
    "series",
    "author",
    "publisher",
    "source_title",
)
#: Characters a tag may not contain (the schema's pattern).
_NOT_IN_TAG = set('<>"/\\?%;:,')


def _well_formed(field: str, text: str) -> str:
    """``text`` made to fit the field's length and character rules, markup kept."""
    if field == "tag":
        text = "".join(c for c in text if c not in _NOT_IN_TAG)[:30]
        return f"t{text.strip()}x"
    if field == "summary":
        return f"A summary long enough: {text}"
    return f"x {text}"


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    # Shrinking would rebuild the site hundreds of times; the failing example
    # is printed as it was generated.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, line_texts)),
    # Mostly values that fit their field's rules (so the page is built and
    # checked); sometimes one field is left as generated, to hit the errors.
    raw_field=st.sampled_from([None] * 5 + list(TEXT_FIELDS)),
)
def test_any_text_fields_give_a_clean_page_or_a_clear_error(site, values, raw_field):
    fields = {
        name: value if name == raw_field else _well_formed(name, value)
        for name, value in values.items()
    }
    title, summary = fields["title"], fields["summary"]
    front = {
        "date": "2025-06-01T10:00:00Z",
        "summary": summary,
        "tags": [fields["tag"]],
        "series": fields["series"],
        "author": fields["author"],
        "source": {
            "title": fields["source_title"],
            "publisher": fields["publisher"],
            "url": "https://news.example.com/prop",
        },
    }
    # The title is Markdown: escaped, it must come out as the same text.
    heading = _MD_PUNCT.sub(r"\\\g<0>", title)
    text = (
        "---\n"
        + yaml.safe_dump(front, allow_unicode=True)
        + f"---\n\n# {heading}\n\nBody.\n"
    )
    path = Path(site.srcdir) / POST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    site.warning.seek(0)
    site.warning.truncate()
    site.build()
    warnings = [w for w in _COLOUR.sub("", site.warning.getvalue()).splitlines() if w]
    for warning in warnings:
        # The clear error: the file, a line and a message, never a traceback.
        assert warning.startswith(f"{POST}:"), warnings
        assert "Traceback" not in warning
    out = Path(site.outdir)
    pages = [out / "posts/2025/prop.html", out / "index.html"]
    for page_path in pages:
        if page_path.exists():
            _assert_nothing_injected(page_path.read_text(encoding="utf-8"))
    event("clean page" if not warnings else "clear error")
    if not warnings:
        soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
        h1 = soup.select_one("article h1")
        for anchor in h1.select("a.headerlink"):
            anchor.decompose()
        assert h1.get_text().split() == title.split()
        listing = BeautifulSoup(pages[1].read_text(encoding="utf-8"), "html.parser")
        assert " ".join(summary.split()) in listing.get_text()


def _assert_nothing_injected(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select(".nd-injected, [onerror], [onload], iframe, object, embed")
    assert not soup.select("article form, article input")  # Furo's search is outside
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string or "")
        else:
            assert "alert(" not in (script.string or "")
    assert "<script>alert(1)" not in html
