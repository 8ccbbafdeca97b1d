"""A pull request is untrusted input (#13): one site of hostile posts builds,
every refusal is a message with file and line, and nothing from outside the
repository and no executable markup reaches any output file."""

from __future__ import annotations

import os
import re
import socket
import sys
import xml.dom.minidom
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup

from conftest import warnings_of
from newsdesk.reading import lockdown, urls
from sitebuild import build, copy_root, output_files

MARKERS = ("OUTSIDE-MARKER-7f3a", "GITCONFIG-MARKER-7f3a", "CONF-MARKER-7f3a")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
#: attributes and elements that can run code or leave the page
_EXECUTABLE_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "frameset"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("untrusted")
    srcdir = copy_root(tmp, "untrusted")
    (tmp / "outside").mkdir()
    (tmp / "outside/secret.txt").write_text(MARKERS[0] + "\n")
    (srcdir / ".git").mkdir()
    (srcdir / ".git/config").write_text(f"[remote]\n token = {MARKERS[1]}\n")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(f"# {MARKERS[2]}\n")
        conf.write('html_static_path = ["_static"]\ntemplates_path = ["_templates"]\n')
    (srcdir / "posts/2025/linked.md").symlink_to(tmp / "outside/secret.txt")
    # Site folders are code, but a link there is one easy-to-miss line of a diff.
    (srcdir / "_static/fonts").mkdir(parents=True)
    (srcdir / "_static/site.css").write_text("body { margin: 0 }\n")
    # what ':loading: embed' would inline, from the build's working folder
    (srcdir / "_static/logo.png").write_bytes(b"\x89PNG\r\n\x1a\nEMBEDDED")
    (srcdir / "_static/outside").symlink_to(tmp / "outside", target_is_directory=True)
    (srcdir / "_static/fonts/key.txt").symlink_to(tmp / "outside/secret.txt")
    (srcdir / "_templates").mkdir()
    (srcdir / "_templates/page.html").symlink_to(tmp / "outside/secret.txt")
    real_connect = socket.socket.connect

    def no_network(self, address):  # the build must make no request
        raise AssertionError(f"network request to {address}")

    socket.socket.connect = no_network  # type: ignore[method-assign]
    try:
        app = build(srcdir)
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
    return app, [_COLOUR.sub("", w) for w in warnings_of(app.warning)]


def test_nothing_from_outside_the_repository_is_published(hostile):
    app, _ = hostile
    out = Path(app.outdir)
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in MARKERS:
                assert marker.encode() not in data, (path, marker)
    assert not (out / "_downloads").exists()
    # the cards, and the one image of the site's own that chrome.md shows
    assert {p.name for p in (out / "_images").iterdir()} <= {"cards", "logo.png"}


def _said(warnings: list[str], where: str, text: str) -> list[str]:
    """The warnings at ``where`` (a ``path:line:`` prefix) that say ``text``."""
    return [w for w in warnings if w.startswith(where) and text in w]


def _scripts_ours(src: str) -> bool:
    """A script file of the site itself: the theme's, Sphinx's or ours."""
    return urls.scheme_of(src) is None and (
        "_static/" in src or src == "searchindex.js"
    )


def _inline_scripts(path: Path) -> set[str]:
    tree = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    return {el.text or "" for el in tree.iter("script") if not el.get("src")}


def test_no_executable_markup_in_any_page_or_feed(hostile):
    app, _ = hostile
    out = Path(app.outdir)
    # The theme's own inline scripts, as on the landing page (no hostile text).
    theme = _inline_scripts(out / "index.html")
    for path in out.rglob("*.html"):
        tree = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
        for el in tree.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            # The theme's search box is the only form: it goes to the search page.
            if tag == "form":
                action = el.get("action", "")
                assert action in {"", "#"} or "search" in action, (path, action)
            else:
                assert tag not in _EXECUTABLE_TAGS, (path, tag)
            if tag == "script":
                kind = el.get("type", "")
                src = el.get("src", "")
                assert (
                    kind == "application/ld+json"
                    or (src and _scripts_ours(src))
                    or (not src and (el.text or "") in theme)
                ), (path, el.attrib, el.text)
            if tag == "meta":
                assert el.get("http-equiv", "").lower() != "refresh", path
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (path, tag, name)
                if name in {"href", "src", "action", "formaction"}:
                    assert urls.scheme_of(value) in {None, "http", "https", "mailto"}, (
                        path,
                        value,
                    )
    for path in out.rglob("*.xml"):
        xml.dom.minidom.parse(str(path))  # well-formed
        assert b"<script" not in path.read_bytes()


@pytest.mark.parametrize(
    ("file", "construct"),
    [
        ("posts/2025/links.md", "download '../../.git/config': names a hidden file"),
        ("posts/2025/links.md", "download '../../conf.py': is outside the folders"),
        ("posts/2025/links.md", "image '../../../outside/secret.txt': is outside"),
        ("posts/2025/links.md", "toctree: tables of contents belong"),
        ("posts/2025/directives.md", "image '/etc/hostname': is outside"),
        ("posts/2025/html.md", "math_block: math is not allowed"),
        ("posts/2025/directives.md", "sd_icon: is not allowed in a page"),
        ("posts/2025/directives.md", "{include} is not allowed: inserts another file"),
        ("posts/2025/directives.md", "{csv-table}: :file: and :url: are not allowed"),
        ("posts/2025/directives.md", "{raw}: raw markup is not allowed"),
        ("posts/2025/directives.md", "'+++' block break: its text is not shown"),
        ("posts/2025/directives.md", "heading: has no text; write the heading's"),
        ("posts/2025/urls.md", "must not contain a user name or password"),
        ("posts/2025/urls.md", "points at a private or local network address"),
        ("posts/2025/urls.md", "mixes Cyrillic and Latin letters in 'micr"),
        ("posts/2025/index.md", "html: <script> is not allowed"),
        ("posts/2025/controls.md", "summary: contains a control character"),
        ("posts/2025/Shouting.MD", "is not read by the build"),
        ("posts/2025/linked.md", "is a symbolic link"),
        ("posts/2025/remote.md", "image 'https://images.example.com/chart.png'"),
        ("posts/2025/remote.md", "image 'https://images.example.com/top.png'"),
        ("posts/2025/remote.md", "image 'https://images.example.com/avatar.png'"),
        ("posts/2025/remote.md", "{title} is not allowed"),
        ("posts/2025/remote.md", "{sectnum} is not allowed"),
        ("posts/2025/sizes.md", "{hlist} :columns: 0: a list is shown in 1 to 12"),
        ("posts/2025/sizes.md", "{hlist} :columns: 13: a list is shown in 1 to 12"),
        ("posts/2025/sizes.md", "{code-block} :emphasize-lines: '1-3000000': names"),
        ("posts/2025/sizes.md", "{code-block} :emphasize-lines: '2-x': is not a list"),
        ("posts/2025/remote.md", "{eval-rst} is not allowed"),
        ("index.md", "{eval-rst} is not allowed"),  # a site page's too
        ("posts/2025/listings.md", "{newsdesk-archive}: a page shows each listing"),
        ("posts/2025/listings.md", "{newsdesk-tags}: a page shows each listing once"),
        ("index.md", "{newsdesk-latest}: a page shows each listing once"),
        ("index.md", "toctree entry 'javascript://%0aalert(document.domain)'"),
        ("index.md", "toctree entry 'JavaScript://%0aalert(document.cookie) '"),
        ("index.md", "toctree entry title 'https://news.example.com/bidi'"),
        ("index.md", "toctree caption: contains the bidirectional control"),
        ("index.md", "front matter: 'myst', 'og:image' would be page settings"),
        ("posts/2025/disguised.md", "front matter: 'myst' would be page settings"),
        ("_static/outside", "is a symbolic link"),
        ("_static/fonts/key.txt", "is a symbolic link"),
        ("_templates/page.html", "is a symbolic link"),
    ],
)
def test_each_refusal_names_file_line_and_construct(hostile, file, construct):
    _, warnings = hostile
    assert any(
        re.match(rf"^{re.escape(file)}:\d+: WARNING: .*{re.escape(construct)}", w)
        for w in warnings
    ), "\n".join(warnings)


def test_an_empty_heading_is_named_twice_and_its_text_kept(hostile):
    app, warnings = hostile
    assert len(_said(warnings, "posts/2025/directives.md:", "has no text")) == 2
    page = (Path(app.outdir) / "posts/2025/directives.html").read_text()
    assert "EMPTY-HEADING-MARKER text under empty headings." in page


def test_a_linked_site_file_is_left_out_and_the_rest_kept(hostile):
    """Links in _static/ and _templates/ are neither copied nor rendered (see
    test_nothing_from_outside_the_repository_is_published); the folder's other
    files still are, and the pages still use the theme's templates."""
    app, _ = hostile
    static = Path(app.outdir) / "_static"
    assert (static / "site.css").read_text() == "body { margin: 0 }\n"
    assert not (static / "outside").exists()
    assert not (static / "fonts" / "key.txt").exists()
    page = (Path(app.outdir) / "index.html").read_text()
    assert "<html" in page
    assert "furo" in page


def test_each_refusal_is_said_once_in_the_sites_words(hostile):
    """docutils' own refusals are reworded (repo-relative path, the construct),
    and one the source check already reported is not repeated."""
    _, warnings = hostile
    assert not [w for w in warnings if "disabled" in w or "deactivated" in w]
    # what follows a refused raw substitution or csv-table :file: is not said
    assert not [w for w in warnings if "Substitution definition" in w]
    assert not [w for w in warnings if "now recognizes an absolute path" in w]
    located = [w.split(": WARNING: ")[0] for w in warnings if ": WARNING: " in w]
    assert not [where for where in located if where.startswith("/")]
    # Sphinx's own warnings too, not only the site's and docutils'
    assert [
        w for w in warnings if w.startswith("posts/2025/links.md:") and "[ref.ref]" in w
    ]
    literalinclude = [
        w for w in warnings if w.startswith("posts/2025/directives.md:13:")
    ]
    assert len(literalinclude) == 1, literalinclude


def test_remote_images_and_refused_blocks_are_left_out(hostile):
    """A remote image would be fetched by every reader's browser, a {title}
    would give the window another title than the page's heading, and an
    {eval-rst} block is refused whole: none of them reaches the page, and each
    is said once, at its line (a card's image at the card)."""
    app, warnings = hostile
    html = (Path(app.outdir) / "posts/2025/remote.html").read_text()
    assert "images.example.com" not in html
    assert "EVAL-RST-MARKER" not in html
    assert "After the refused blocks." in html
    assert "<title>Post remote" in html
    assert "window title of its own" not in html
    mine = [w for w in warnings if w.startswith("posts/2025/remote.md:")]
    assert [w.split(": WARNING:")[0] for w in mine if "images.example.com" in w] == [
        "posts/2025/remote.md:13",
        "posts/2025/remote.md:15",
        "posts/2025/remote.md:22",
    ]
    assert len([w for w in mine if "alert(9)" in w]) == 1, mine
    assert not [w for w in mine if "generated" in w], mine


def test_a_directive_makes_no_more_than_a_page_shows(hostile):
    """{hlist} made as many columns as :columns: said: 0 stopped the build
    with a traceback, millions held it for minutes. They are held to 1 to 12,
    the items kept. {code-block} listed every line :emphasize-lines: named
    (1-99999999 took the machine's memory): only the block's own are, and a
    block whose spec is unreadable is kept, not dropped."""
    app, warnings = hostile
    page = (Path(app.outdir) / "posts/2025/sizes.html").read_text("utf-8")
    assert "HLIST-ZERO" in page
    assert "HLIST-MANY" in page
    assert "SIZES-AFTER" in page
    assert page.count("<td>") == 1 + 12  # one column, then twelve
    assert page.count('<span class="hll">') == 2
    assert "SIZES-CODE-KEPT" in page
    mine = [w for w in warnings if w.startswith("posts/2025/sizes.md")]
    assert len([w for w in mine if "emphasize-lines" in w]) == 2, mine
    assert not [w for w in warnings if "out of range" in w or ".md.md" in w]


@pytest.mark.parametrize(
    ("spec", "total", "kept"),
    [
        ("1-99999999," * 10_000 + "2", 3, "1-3"),
        ("3,1,2-2,5-", 6, "1-3,5-6"),
        ("-2", 9, "1-2"),
        ("7-9", 3, ""),
        ("1-x", 3, ""),
        ("9" * 5_000, 3, ""),  # past Python's digits for an int: unreadable
    ],
)
def test_emphasized_lines_are_the_blocks_own(spec, total, kept):
    from newsdesk.reading import bounds

    assert bounds.emphasized_lines(spec, total)[0] == kept


def test_a_refused_markdown_link_keeps_its_words(hostile):
    """A Markdown link to a local path outside the site is refused in the
    parsed page, where it is a cross-reference, not a link: its words stay,
    as a refused link's do."""
    app, warnings = hostile
    page = (Path(app.outdir) / "posts/2025/links.html").read_text("utf-8")
    assert "KEPT-WORDS" in page
    assert _said(warnings, "posts/2025/links.md:15:", "'../../../outside/nothing.md'")


def test_a_refused_construct_is_named_once(hostile):
    """What a refused node holds goes with it, unsaid: a {py:function} was
    seven messages (its description, signature, name, parameters...), and
    {_all-octicon} four hundred, one an icon, all at one line."""
    _, warnings = hostile
    for line in (48, 52):
        said = [
            w for w in warnings if w.startswith(f"posts/2025/directives.md:{line}:")
        ]
        assert len(said) == 1, said


def test_a_description_of_program_code_is_refused_before_it_runs(hostile):
    """A domain's directive records what it describes while it runs, before the
    allowlist removes its output: objects.inv listed a refused {py:function},
    {py:module} left a target on the page, and a {productionlist} with no
    'name: rule' line stopped the build with a traceback."""
    app, warnings = hostile
    for line, name in ((48, "py:function"), (65, "py:module"), (68, "std:option")):
        said = _said(warnings, f"posts/2025/directives.md:{line}:", f"{{{name}}}")
        assert len(said) == 1, warnings
        assert "describes program code" in said[0]
    assert _said(warnings, "posts/2025/directives.md:71:", "{std:productionlist}")
    inventory = output_files(app)["objects.inv"]
    for name in ("evil", "evil_module", "--evil-option", "evil_grammar"):
        assert f"\n{name} " not in inventory, name
    page = (Path(app.outdir) / "posts/2025/directives.html").read_text("utf-8")
    assert "evil_module" not in page
    assert "evil-option" not in page


def test_links_to_a_heading_show_its_words_without_hidden_characters(hostile):
    """Sphinx records a label with its heading's words, and MyST a heading's
    anchor, while the page is parsed, before the policy removes the bidi
    overrides and control characters of the page's text: a {ref} or
    [](page.md#anchor) link from another page showed them again, and
    objects.inv listed labels and terms with them."""
    app, warnings = hostile
    label = _said(warnings, "posts/2025/labels.md:13:", "label 'evil\\u202elabel'")
    assert len(label) == 1, warnings
    for line in (14, 16, 20):  # each heading's and the term's text, once
        assert len(_said(warnings, f"posts/2025/labels.md:{line}:", "")) == 1
    assert not _said(warnings, "posts/2025/links.md:31:", "undefined label")
    assert not _said(warnings, "posts/2025/links.md:", "term not in glossary")
    assert not _said(warnings, "posts/2025/links.md:", "local id not found")
    page = BeautifulSoup(
        (Path(app.outdir) / "posts/2025/links.html").read_text("utf-8"), "html.parser"
    )
    shown = {a.get_text() for a in page.select("a[href^='labels.html#']")}
    assert shown == {
        "LABELLED-HEADINGesrever",
        "ANCHORED-HEADING [2J cleared",
        "GLOSSARY-TERMesrever",
    }, shown
    inventory = output_files(app)["objects.inv"]
    assert "LABELLED-HEADINGesrever" in inventory
    assert "GLOSSARY-TERMesrever std:term" in inventory
    assert "\u202e" not in inventory
    assert "\x1b" not in inventory


def test_a_warning_repeated_at_one_place_is_said_once(hostile):
    """An unknown role written 20,000 times on one line was 20,000 lines of
    the same message."""
    _, warnings = hostile
    said = [w for w in warnings if w.startswith("posts/2025/directives.md:55:")]
    assert len(said) == 1, said
    assert 'Unknown interpreted text role "nope"' in said[0]


def test_sphinx_names_the_page_not_a_file_beside_it(hostile):
    """{code-block}'s :dedent: warning was placed in 'sizes.md.md'."""
    _, warnings = hostile
    assert _said(warnings, "posts/2025/sizes.md:36:", "non-whitespace stripped"), [
        w for w in warnings if "sizes" in w
    ]


def test_a_message_naming_another_file_names_it_in_the_repository(tmp_path):
    """A label used twice was named by the build machine's absolute path of the
    other page: a path the contributor does not have, in a public CI log."""
    srcdir = copy_root(tmp_path, "basic")
    for slug in ("first", "second"):
        post = srcdir / f"posts/2025/{slug}.md"
        text = post.read_text("utf-8")
        post.write_text(text.replace("## Commentary", "(shared)=\n## Commentary"))
    warnings = [_COLOUR.sub("", w) for w in warnings_of(build(srcdir).warning)]
    duplicate = [w for w in warnings if "duplicate label shared" in w]
    assert len(duplicate) == 1, warnings
    assert "other instance in posts/2025/" in duplicate[0], duplicate
    assert not [w for w in warnings if str(srcdir) in w], warnings


def test_a_link_with_an_upper_case_scheme_is_one_message_and_its_words(tmp_path):
    """MyST takes only a lower-case scheme as an address: ``[k](HTTPS://x)``
    was a link to '#HTTPS://x', named as a missing cross-reference, and so was
    a scheme written percent-encoded."""
    srcdir = copy_root(tmp_path, "basic")
    post = srcdir / "posts/2025/first.md"
    text = post.read_text("utf-8")
    post.write_text(
        text + "\nRead [UPPER-WORDS](HTTPS://news.example.com/up).\n"
        # a scheme the source check cannot see, which MyST decodes
        "\nAnd [ENCODED-WORDS](java%73cript:alert(1)).\n"
    )
    line = text.count("\n") + 2
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            f"posts/2025/first.md:{line}: WARNING: link: link "
            "'HTTPS://news.example.com/up': write its scheme in lower case, "
            "'https://news.example.com/up', or it links no address [newsdesk.html]"
        ),
        (
            f"posts/2025/first.md:{line + 2}: WARNING: link 'javascript:alert(1)': "
            "javascript: URLs are not allowed; use an http(s) address or a relative "
            "link [newsdesk.policy]"
        ),
    ]
    page = BeautifulSoup(
        (Path(app.outdir) / "posts/2025/first.html").read_text("utf-8"), "html.parser"
    )
    assert "UPPER-WORDS" in page.get_text()
    assert "ENCODED-WORDS" in page.get_text()
    assert not page.select('a[href*="news.example.com/up" i], a[href*="script:"]')


def test_a_directive_docutils_cannot_read_is_one_line_not_its_block(tmp_path):
    """docutils echoed a malformed block whole after its message, and MyST
    answered {meta} with advice to use {eval-rst}, which the site refuses."""
    srcdir = copy_root(tmp_path, "basic")
    post = srcdir / "posts/2025/first.md"
    text = post.read_text("utf-8")
    rows = "".join(f"* ROW-{i} is not a list table\n" for i in range(200))
    post.write_text(
        text + "\n```{meta}\n:description: x\n```\n\n```{list-table}\n" + rows + "```\n"
    )
    line = text.count("\n") + 2
    warnings = [_COLOUR.sub("", w) for w in warnings_of(build(srcdir).warning)]
    assert warnings == [
        (
            f"posts/2025/first.md:{line}: WARNING: directive: {{meta}} is not "
            "allowed: a page's head tags are the site's: its description is the "
            "summary [newsdesk.html]"
        ),
        (
            f"posts/2025/first.md:{line + 4}: ERROR: Error parsing content block for "
            'the "list-table" directive: two-level bullet list expected, but row 1 '
            "does not contain a second-level bullet list. [docutils]"
        ),
    ]


def test_a_table_of_contents_links_no_script(hostile):
    """A site page's toctree entry that looks like an address is a link in
    every page's navigation: a javascript: one is left out, an https one kept."""
    app, _ = hostile
    for path in Path(app.outdir).rglob("*.html"):
        assert "alert(document" not in path.read_text("utf-8"), path
    home = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert 'href="https://news.example.com/kept"' in home
    # an entry's own title loses its bidi override, as a link's text does
    assert "TOC-TITLE-esrever" in home
    assert "TOC-CAPTION-esrever" in home
    assert "\u202e" not in home


def test_a_table_of_contents_numbers_no_headings(hostile):
    """A site page's toctree :numbered: numbered the headings of every page it
    listed (a post's title became '1. ...'), as a refused {sectnum} would."""
    app, warnings = hostile
    said = _said(warnings, "index.md:43:", "toctree option 'numbered': is not allowed")
    assert len(said) == 1, warnings
    for page in ("index.html", "notes.html"):
        assert "section-number" not in (Path(app.outdir) / page).read_text("utf-8")


def test_a_table_of_contents_lists_no_posts(hostile):
    """Every page's navigation holds every entry of the site's tables of
    contents: one ':glob:' of posts in a site page put each post in the
    sidebar of every page, a build growing with the square of the site. The
    posts are left out, in one message; the listings show them."""
    app, warnings = hostile
    said = _said(warnings, "index.md:51:", "toctree entry 'posts/2025/")
    assert len(said) == 1, warnings
    assert "(from :glob:)" in said[0]
    page = (Path(app.outdir) / "posts/2025/chrome.html").read_text("utf-8")
    navigation = BeautifulSoup(page, "html.parser").select(".sidebar-tree a")
    assert "Notes" in [a.get_text() for a in navigation]
    assert not [a["href"] for a in navigation if "posts/" in a["href"]]


def test_a_page_shows_each_listing_once(hostile):
    """Each listing holds every post, tag or entity of the site: a post of
    thousands would write a page of gigabytes. A repeat is left out, the
    first listing and the rest of the page kept."""
    app, _ = hostile
    out = Path(app.outdir)
    post = (out / "posts/2025/listings.html").read_text("utf-8")
    assert "LISTINGS-AFTER" in post
    assert post.count('class="nd-listing-section') == 1  # the archive's one month
    assert post.count('class="nd-tag-cloud') == 1
    home = (out / "index.html").read_text("utf-8")
    assert home.count('class="nd-cards') == 1


def test_the_listings_refused_are_the_sites_listings():
    from newsdesk.reading import policy
    from newsdesk.writing import listings

    assert set(listings.DIRECTIVES) == policy.LISTINGS


def test_a_look_alike_host_is_not_linked(hostile):
    app, _ = hostile
    page = (Path(app.outdir) / "posts/2025/urls.html").read_text("utf-8")
    assert "xn--" not in page
    assert "spoof" in page  # the words stay, without the link


def test_a_link_the_source_check_named_is_not_named_again(hostile):
    """A Markdown link to '//host' is named by the source check, then refused
    again in the parsed page: one message, not a second that calls it a
    missing page."""
    app, warnings = hostile
    said = [w for w in warnings if "evil.example.com/net" in w]
    assert len(said) == 1, said
    assert said[0].startswith("posts/2025/urls.md:18:"), said
    page = (Path(app.outdir) / "posts/2025/urls.html").read_text("utf-8")
    assert "NET-PATH" in page
    assert "evil.example.com/net" not in page


def test_a_refused_links_words_lose_their_bidi_overrides(hostile):
    """A refused link is replaced by its words: new text, made after the
    page's texts were gathered, whose override was named but published."""
    app, warnings = hostile
    page = (Path(app.outdir) / "posts/2025/urls.html").read_text("utf-8")
    assert "BIDI-LINK-esrever" in page
    assert "\u202e" not in page
    said = [w for w in warnings if w.startswith("posts/2025/urls.md:16:")]
    assert len([w for w in said if "U+202E" in w]) == 1, said


def test_no_page_can_switch_on_templates_or_set_its_preview(hostile):
    """MyST's substitution extension renders Jinja, which can run Python in
    the build: no page's front matter may switch it on, whatever the block's
    spelling, and a site page may not set its own link preview."""
    app, _ = hostile
    for name, text in output_files(app).items():
        assert "SSTI-MARKER-42" not in text, name
        if not name.startswith("_sources/"):
            assert "images.example.com/preview.png" not in text, name
    page = (Path(app.outdir) / "posts/2025/disguised.html").read_text("utf-8")
    assert "{{ word }}" in page  # shown as written, never run


@pytest.mark.parametrize(
    ("text", "keys", "lines"),
    [
        ("---\norphan: true\n---\n# T\n", {"orphan"}, 3),
        ("----\nmyst: {a: 1}\n----\n# T\n", {"myst"}, 3),
        # MyST's settings reader stops at '---x' (invalid YAML: nothing
        # applied), its Markdown parser does not (og:image applied)
        ("---\nog:image: 'x.png'\norphan: 'a\n---x\nb'\n---\n# T\n", {"og:image"}, 6),
        ("# T\n---\n", set(), 0),
    ],
)
def test_both_of_mysts_readings_of_a_top_block_are_seen(text, keys, lines):
    blocks, found = lockdown.myst_blocks(text)
    assert found == lines
    assert keys <= {k for b in blocks if isinstance(b, dict) for k in b}


def test_a_site_pages_tocdepth_that_is_no_number_is_named(tmp_path):
    """Sphinx reads a tocdepth that is not a whole number as 0, without a
    word: the page's table of contents changed and nobody was told."""
    srcdir = copy_root(tmp_path, "knowledge")
    index = (srcdir / "index.md").read_text("utf-8")
    (srcdir / "index.md").write_text("---\ntocdepth: two\n---\n\n" + index, "utf-8")
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            "index.md:1: WARNING: front matter: tocdepth: 'two' is not a whole "
            "number; write how many levels of headings the page's table of "
            "contents shows, e.g. 2 [newsdesk.policy]"
        )
    ]
    (srcdir / "index.md").write_text("---\ntocdepth: 2\n---\n\n" + index, "utf-8")
    assert warnings_of(build(srcdir).warning) == []


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("hide-toc: false", "hide-toc: false"),
        ("orphan: no", "orphan: false"),
        ("nosearch:", "nosearch: null"),
        ("orphan: [1]", "orphan: [1]"),
    ],
)
def test_a_site_pages_flag_that_is_not_true_is_named(tmp_path, line, said):
    """Sphinx and Furo test that a flag is there, not its value:
    'hide-toc: false' hid the page's contents, and nobody was told."""
    srcdir = copy_root(tmp_path, "knowledge")
    index = (srcdir / "index.md").read_text("utf-8")
    (srcdir / "index.md").write_text(f"---\n{line}\n---\n\n" + index, "utf-8")
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    key = line.partition(":")[0]
    assert warnings == [
        (
            f"index.md:1: WARNING: front matter: {said} would still set it (only "
            f"the key counts); write '{key}: true', or leave it out [newsdesk.policy]"
        )
    ]


def test_a_block_too_deep_for_yaml_is_refused_not_a_crash():
    """YAML nested past Python's recursion limit would stop MyST with a
    traceback: it is read as too deep, and the page's check refuses it."""
    blocks, lines = lockdown.myst_blocks("---\na: " + "[" * 5000 + "\n---\n# T\n")
    assert lockdown.TOO_DEEP in blocks
    assert lines == 3


def test_a_post_cannot_dress_up_as_the_sites_own_parts(hostile):
    """A post may not borrow the site's classes (a correction box), ids (the
    related posts' label), a second h1, inline a file, or hide a fence behind
    a line that would open an HTML block if HTML were on."""
    app, warnings = hostile
    out = Path(app.outdir)
    soup = BeautifulSoup(
        (out / "posts/2025/chrome.html").read_text("utf-8"), "html.parser"
    )
    article = soup.select_one("article")
    assert "EVALRST-AFTER-DIV" not in article.get_text()
    assert "EVALRST-IN-FIRST-LINE" not in article.get_text()
    assert "DROPDOWN-BODY" in article.get_text()
    assert not [a for a in article.select("a[href]") if "javascript" in a["href"]]
    assert not article.select(
        ".nd-corrections, details.nd-source"
    )  # not the site's aside
    assert "FAKE-CORRECTION" in article.get_text()  # kept, as a plain admonition
    assert len(soup.select("h1")) == 1
    assert len(soup.select("#nd-related-title")) <= 1  # only the site's, if any
    assert all("\u202e" not in a["title"] for a in soup.select("abbr[title]"))
    assert not [i for i in soup.select("img") if i["src"].startswith("data:")]
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert not [h for h in hrefs if "evil.example.com" in h], hrefs
    said = [w for w in warnings if w.startswith("posts/2025/chrome.md:")]
    for line, construct in [
        (14, "{eval-rst} is not allowed"),
        (18, "class 'nd-corrections': is the site's own"),
        (24, "id 'nd-related-title'"),
        (26, "rubric :heading-level: 1"),
        (30, "bidirectional control U+202E"),
        (30, "'//admin:pw@evil.example.com/x': names another site without a scheme"),
        (30, "'/\\\\evil.example.com/x': contains a backslash"),
        (34, "':loading: embed' is not allowed"),
        (38, "must be a file of the site, not an address"),
        # MyST reads a note's first line as its body: the source check did not
        (41, "{eval-rst} is not allowed"),
        (45, "id 'nd-series-title'"),  # a heading's: renamed, not a crash
        (47, "class 'nd-source'"),  # a dropdown's container class
    ]:
        assert _said(said, f"posts/2025/chrome.md:{line}:", construct), (line, said)


def test_html_in_markdown_is_text(hostile):
    app, _ = hostile
    page = (Path(app.outdir) / "posts/2025/html.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a", True),
        ("https://user:pw@example.com/", False),
        ("https://localhost/", False),
        ("http://10.0.0.1/", False),
        ("http://[::1]/", False),
        ("https://intranet/", False),
        ("https://printer.local/", False),
        ("https://exa mple.com/", False),
        ("https://example.com/\x00", False),
        ("java\tscript:alert(1)", False),
        ("mailto:desk@example.com", True),
        ("../2024/other.html", True),
        # a host that can pass for another: Latin with a Cyrillic "o" or "a",
        # as written and as MyST writes it in the page (its xn-- form)
        ("https://www.micr\u043esoft.com/", False),
        ("https://www.xn--microsft-sbh.com/", False),
        ("https://xn--pple-43d.com/", False),
        ("https://xn--zz.com/", False),
        # a label that mixes scripts with a mark, not a letter (U+0301 first)
        ("https://xn--mcrosoft-3ye.com/", False),
        # a label wholly in Cyrillic whose every letter looks Latin, under a
        # Latin top-level name: "apple" and "scope" (U+0430 U+0440 ...)
        ("https://\u0430\u0440\u0440\u04cf\u0435.com/", False),
        ("https://xn--80ak6aa92e.com/", False),
        ("https://www.\u0455\u0441\u043e\u0440\u0435.org/", False),
        # ... but a name in its own script, or one under a top-level name in it
        ("https://\u043f\u0440\u0438\u043c\u0435\u0440.com/", True),
        ("https://\u0441\u0440\u0431.\u0441\u0440\u0431/", True),
        # international names in one script, or Latin with Japanese
        ("https://m\u00fcnchen.de/", True),
        ("https://xn--mnchen-3ya.de/", True),
        ("https://\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac.gr/", True),
        ("https://abc\u4f8b\u3048.jp/", True),
        # Katakana with the prolonged-sound mark, which Hiragana shares
        ("https://\u30c7\u30fc\u30bf.jp/", True),
        # another host without a scheme: '//host', and '/\\host' as browsers read it
        ("//evil.example.com/x", False),
        ("/\\evil.example.com/x", False),
        ("/posts/2025/a.html", True),
        # a host disguised the way browsers undo: percent-encoded, full-width,
        # ideographic dots, a backslash that ends the host
        ("https://127.0.0.%31/x", False),
        ("https://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", False),
        ("https://127\u30020\u30020.1/", False),
        ("https://nytimes.com\u3002evil.org/", False),
        ("https://evil.example.org\\.nytimes.com/", False),
        ("https://example.com/a%20b", True),  # a path may be encoded
        # a character browsers drop from a host name (UTS #46), as written
        # and in the xn-- form MyST writes: 127.0.0.1 to a browser
        ("https://127.0.0.\u00ad1/admin", False),
        ("https://192.168.1.\ufe0f1/", False),
        ("https://169.254.169.\u034f254/latest", False),
        ("https://127.0.0.xn--1-uca/", False),
        ("https://micro\u00adsoft.com/", False),
        ("https://example.com/a\u00adb", True),  # not in a path
        # IPv4 as browsers read a host whose last part is a number
        ("https://127.0.0.0x1/a", False),
        ("https://169.254.169.0xfe/latest", False),
        ("https://2130706433/", False),
        ("https://0177.0.0.1/", False),
        ("https://[::127.0.0.1]/", False),  # IPv4-compatible IPv6
        ("https://[fec0::1]/", False),  # site-local IPv6
        ("https://93.184.216.34/", True),
    ],
)
def test_body_urls(url, ok):
    assert (urls.body_url_problem(url) is None) is ok


def test_a_host_with_a_character_browsers_drop_is_not_linked(hostile):
    """A directive's link is not rewritten by MyST: a soft hyphen in its host
    stayed in the page, where a browser drops it and goes to 127.0.0.1."""
    app, warnings = hostile
    said = _said(warnings, "posts/2025/urls.md:20:", "hides U+00AD (Soft Hyphen)")
    assert len(said) == 1, warnings
    page = (Path(app.outdir) / "posts/2025/urls.html").read_text("utf-8")
    assert "DROPPED-HOST" in page
    assert "127.0.0." not in page


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.216.34/a",
        "https://localhost:8000/a",
        "https://news/a",
        "https://www.vcp\u043est.com/articles/1/a.htm",
        "https://169.254.169.%32%35%34/latest/meta-data/",
    ],
)
def test_source_urls_name_public_hosts(url):
    assert urls.source_url_problem(url) is not None


def test_lint_reports_the_doctree_refusals_too(tmp_path, capsys):
    """nox -s lint names what the build's doctree check refuses (#13)."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "untrusted")
    assert cli.main(["lint", str(srcdir)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(
        line.startswith("posts/2025/links.md:")
        and "download '../../conf.py': is outside the folders" in line
        for line in err
    ), err
    assert any(
        line.startswith("posts/2025/html.md:") and "math" in line for line in err
    )


def test_every_skipped_content_file_is_named_in_order(tmp_path):
    """Each file under the content folders that the build would not read is
    named once, with its problem, in path order; pages and allowed assets are
    not, and a linked folder is named without being entered."""
    from newsdesk.reading.encoding import skipped_file_problems

    posts = tmp_path / "posts" / "2025"
    (posts / ".drafts").mkdir(parents=True)
    for name in ("ok.md", "chart.png", "notes.rst", "Shout.MD", "tool.exe", ".env"):
        (posts / name).write_text("x", encoding="utf-8")
    (posts / ".drafts" / "secret.md").write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "inside.md").write_text("x", encoding="utf-8")
    (posts / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (posts / "alias.png").symlink_to(posts / "chart.png")
    found = skipped_file_problems(tmp_path, ["posts", "entities"])
    assert [(path, problem.split(";")[0].split(":")[0]) for path, problem in found] == [
        ("posts/2025/.drafts/secret.md", "is a hidden file"),
        ("posts/2025/.env", "is a hidden file"),
        ("posts/2025/Shout.MD", "is not read by the build"),
        ("posts/2025/alias.png", "is a symbolic link"),
        ("posts/2025/linked", "is a symbolic link"),
        ("posts/2025/notes.rst", "is not read by the build"),
        ("posts/2025/tool.exe", "is not a page or an allowed image or download"),
    ]


def test_a_file_name_sphinx_cannot_take_is_named_not_lost(tmp_path):
    """A newline in a post's file name makes Sphinx skip it without a word; a
    name of 252 characters would crash the build writing its doctree. Both are
    named, the long one left out, and the other posts built."""
    srcdir = copy_root(tmp_path, "knowledge")
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    (srcdir / "posts/2025/new\nline.md").write_text(
        chips.replace("/chips", "/newline"), "utf-8"
    )
    (srcdir / f"posts/2025/{'a' * 252}.md").write_text(
        chips.replace("/chips", "/long"), "utf-8"
    )
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert _said(
        warnings, "posts/2025/new\\nline.md:1:", "control character in its name"
    ), warnings
    assert _said(
        warnings,
        f"posts/2025/{'a' * 252}.md:1:",
        "252 characters before .md, at most 100",
    ), warnings
    assert (Path(app.outdir) / "posts/2025/chips.html").is_file()


def test_a_file_name_that_is_not_utf8_is_named_once(tmp_path):
    """Sphinx reads a page named in Latin-1 bytes (``caf\xe9.md``): the
    page-name rule names it, and the walk for files the build skips said it
    again, as a control character it does not have."""
    srcdir = copy_root(tmp_path, "knowledge")
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    with open(os.fsencode(srcdir) + b"/posts/2025/caf\xe9-news.md", "wb") as page:
        page.write(chips.replace("/chips", "/cafe").encode("utf-8"))
    warnings = [_COLOUR.sub("", w) for w in warnings_of(build(srcdir).warning)]
    named = [w for w in warnings if "caf" in w]
    assert len(named) == 1, warnings
    assert "file names are lower-case words joined by hyphens" in named[0]


def test_a_page_at_the_top_that_no_pattern_names_is_named(tmp_path):
    """With include_patterns, Sphinx passes by any other file without a word:
    a contributor's faq.md was lost unsaid. The repository's own documents
    are excluded by name, and so not named."""
    srcdir = copy_root(tmp_path, "basic")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'include_patterns = ["index.md", "archive.md", "tags.md", "posts/**", '
            '"entities/**"]\nexclude_patterns += ["README.md"]\n'
        )
    (srcdir / "faq.md").write_text("# FAQ\n\nAnswers.\n", "utf-8")
    (srcdir / "README.md").write_text("# The repository\n", "utf-8")
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            "faq.md:1: WARNING: file: is not read by the build: a page at the top "
            "of the site is listed in conf.py's include_patterns, and a post goes "
            "in posts/<year>/ [newsdesk.metadata]"
        )
    ]
    assert (Path(app.outdir) / "posts/2025/first.html").is_file()


def test_a_linked_folder_is_named_and_not_walked(tmp_path):
    """Sphinx follows links to folders: two links to a parent folder made its
    walk double at each level, and the build never finished; a link in a
    folder other than posts/ or entities/ was not named at all. Each is
    named once, left out, and the posts are built once each."""
    srcdir = copy_root(tmp_path, "knowledge")
    (srcdir / "posts/2025/loop").symlink_to("..", target_is_directory=True)
    (srcdir / "posts/2025/lo[o]p").symlink_to("..", target_is_directory=True)
    (srcdir / "posts/2025/folder.md").symlink_to("../../series")
    (srcdir / "series/posts").symlink_to("../posts", target_is_directory=True)
    # at the top, outside the content folders the site reads: Sphinx walks
    # every folder there, whatever it includes
    (srcdir / "here").symlink_to(".", target_is_directory=True)
    (srcdir / "again").symlink_to(".", target_is_directory=True)
    (srcdir / ".venv").symlink_to(".", target_is_directory=True)  # left out unsaid
    content = ["index.md", "posts/**", "entities/**", "series/**"]
    app = build(srcdir, confoverrides={"include_patterns": content})
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    for link in ("posts/2025/loop", "posts/2025/lo[o]p", "posts/2025/folder.md"):
        assert _said(warnings, f"{link}:1:", "is a symbolic link"), warnings
    for link in ("series/posts", "here", "again"):
        assert _said(warnings, f"{link}:1:", "is a symbolic link"), warnings
    assert len(warnings) == 6, warnings
    read = sorted(app.env.found_docs)
    assert "posts/2025/chips" in read
    assert not [doc for doc in read if "loop" in doc or doc.startswith("series/p")]
    assert not [doc for doc in read if doc.startswith((".venv", "here", "again"))]


def test_folders_no_include_pattern_reaches_are_not_walked(tmp_path, monkeypatch):
    """Sphinx walks every folder it does not exclude, whatever it includes: two
    links to a parent deep in tests/ stalled the build, and a contributor's
    .nox/ cost every build a walk of its thousands of files."""
    import os

    srcdir = copy_root(tmp_path, "knowledge")
    for folder in ("tests/roots/deep", ".nox/env/lib", "_static/bench"):
        (srcdir / folder).mkdir(parents=True)
        (srcdir / folder / "x.md").write_text("# Not a page\n")
    (srcdir / "bench").mkdir()  # also a folder of _static: Sphinx copies that
    walked: list[str] = []
    real_walk = os.walk

    def walk(top, *args, **kwargs):
        for root, dirs, files in real_walk(top, *args, **kwargs):
            if Path(root).is_relative_to(srcdir):  # not the theme's, Sphinx's
                walked.append(Path(root).relative_to(srcdir).as_posix())
            yield root, dirs, files

    monkeypatch.setattr(os, "walk", walk)
    content = ["index.md", "posts/**", "entities/**", "series/**"]
    app = build(
        srcdir,
        confoverrides={"include_patterns": content, "html_static_path": ["_static"]},
    )
    assert not warnings_of(app.warning)
    tops = {root.split("/", 1)[0] for root in walked}
    assert not tops & {"tests", ".nox"}, sorted(walked)
    assert {"posts", "entities"} <= tops
    assert (Path(app.outdir) / "_static/bench/x.md").is_file()


def test_a_linked_post_is_not_read_before_it_is_refused(tmp_path, monkeypatch):
    """The look for drafts read every post before any check: a post linked to
    /dev/zero was read to the end (a MemoryError and a traceback), one linked
    to any other file of the machine read too. A linked post, and a post in a
    linked folder, are named as links and read by nothing."""
    srcdir = copy_root(tmp_path, "knowledge")
    outside = tmp_path / "outside"
    outside.mkdir()
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    draft = chips.replace("---\n", "---\ndraft: true\n", 1)
    (outside / "draft.md").write_text(draft, "utf-8")
    (srcdir / "posts/2025/endless.md").symlink_to(outside / "draft.md")
    (srcdir / "posts/2026").symlink_to(outside, target_is_directory=True)
    read: list[Path] = []
    for name in ("read_text", "read_bytes"):
        real = getattr(Path, name)

        def spy(self, *args, real=real, **kwargs):
            read.append(self.resolve())
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, name, spy)
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert _said(warnings, "posts/2025/endless.md:1:", "is a symbolic link"), warnings
    assert _said(warnings, "posts/2026:1:", "is a symbolic link"), warnings
    assert not [path for path in read if path.is_relative_to(outside)]
    assert (Path(app.outdir) / "posts/2025/chips.html").is_file()


def test_a_page_named_like_a_file_the_build_writes_is_left_out(tmp_path):
    """A dot in a page's name put it in the way of a file the build writes:
    tags/cloud.atom.xml.md is a folder where the tag's feed goes, and
    chips.html.md one where the redirect from chips's old address goes (the
    build stopped with a traceback). '?' gives a page an address that leads
    elsewhere. Each is named, left out, and the site built."""
    srcdir = copy_root(tmp_path, "knowledge")
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    (srcdir / "posts/2025/chips.html.md").write_text(
        chips.replace("/chips", "/chips-html"), "utf-8"
    )
    (srcdir / "tags").mkdir()
    for name in ("tags/cloud.atom.xml.md", "series/what?.md", "series/Old/x.md"):
        (srcdir / name).parent.mkdir(exist_ok=True)
        (srcdir / name).write_text("# A page\n\nText.\n", "utf-8")
    app = build(srcdir, "dirhtml")
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    said = [w.removesuffix(" [newsdesk.metadata]") for w in warnings]
    rule = "names are lower-case words joined by hyphens, e.g."
    assert said == [
        f"posts/2025/chips.html.md:1: WARNING: path: 'chips.html': file {rule} "
        + "microsoft-hosts-grok.md",
        f"series/Old/x.md:1: WARNING: path: 'Old': folder {rule} "
        + "standards/sourcing.md",
        f"series/what?.md:1: WARNING: path: 'what?': file {rule} "
        + "standards/sourcing.md",
        f"tags/cloud.atom.xml.md:1: WARNING: path: 'cloud.atom.xml': file {rule} "
        + "standards/sourcing.md",
    ]
    out = Path(app.outdir)
    assert (out / "tags/cloud.atom.xml").is_file()
    assert (out / "posts/2025/chips.html").is_file()
    assert (out / "posts/2025/chips/index.html").is_file()


def test_a_page_at_another_pages_clean_address_is_left_out(tmp_path):
    """Clean URLs write x.md and x/index.md both at x/index.html: a new
    series/guide/index.md, listed in a table of contents, replaced the
    published series/guide.md without a word. It is named and left out, in
    every folder (a post's and an entity page's too), the page kept."""
    srcdir = copy_root(tmp_path, "knowledge")
    (srcdir / "series/guide.md").write_text("# Guide\n\nGUIDE-KEPT.\n", "utf-8")
    (srcdir / "series/guide").mkdir()
    (srcdir / "series/guide/index.md").write_text("# Guide\n\nTAKEN.\n", "utf-8")
    grok = (srcdir / "entities/grok.md").read_text("utf-8")
    (srcdir / "entities/grok").mkdir()
    (srcdir / "entities/grok/index.md").write_text(grok, "utf-8")
    index = (srcdir / "index.md").read_text("utf-8")
    toc = "series/index\nseries/guide\nseries/guide/index\n"
    (srcdir / "index.md").write_text(index.replace("series/index\n", toc), "utf-8")
    app = build(srcdir, "dirhtml")
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    clash = "would be written at the address of"
    assert _said(warnings, "series/guide/index.md:1:", f"{clash} series/guide.md")
    assert _said(warnings, "entities/grok/index.md:1:", f"{clash} entities/grok.md")
    assert len([w for w in warnings if clash in w]) == 2, warnings
    out = Path(app.outdir)
    assert "GUIDE-KEPT" in (out / "series/guide/index.html").read_text("utf-8")
    assert "<h1>Grok" in (out / "entities/grok/index.html").read_text("utf-8")


@pytest.mark.skipif(sys.platform != "linux", reason="Linux's path limit (4,095)")
def test_a_page_too_deep_for_the_build_folders_is_left_out(tmp_path, monkeypatch):
    """A post 4,000 characters deep in folders fits the file system where it
    is, not in the build's folders under it: writing its doctree stopped the
    build with a traceback. A path over 200 characters is named and left out."""
    srcdir = copy_root(tmp_path, "knowledge")
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    # A path of 4,080 characters (the file system takes 4,095), made a
    # folder at a time from inside: its doctree's is longer.
    length = 4080 - len(str(srcdir))
    folders = ["d" * 99] * ((length - 116) // 100)
    folders.append("e" * (length - len("posts/2025/deep") - 100 * len(folders) - 1))
    monkeypatch.chdir(srcdir / "posts/2025")
    for folder in folders:
        Path(folder).mkdir()
        monkeypatch.chdir(folder)
    Path("deep.md").write_text(chips.replace("/chips", "/deep"), "utf-8")
    monkeypatch.chdir(tmp_path)
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert len(warnings) == 1, warnings
    assert (
        f"path: the path has {length} characters before .md, at most 200"
        in (warnings[0])
    )
    assert warnings[0].startswith("posts/2025/ddd")
    assert (Path(app.outdir) / "posts/2025/chips.html").is_file()


def test_a_hidden_post_is_named_once_and_read_by_nothing(tmp_path):
    """'is a hidden file; the build does not read it', yet Sphinx read it: a
    copy in posts/2025/.drafts/ had a second message, and the post it copied
    was told its source was already covered."""
    srcdir = copy_root(tmp_path, "knowledge")
    (srcdir / "posts/2025/.drafts").mkdir()
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    (srcdir / "posts/2025/.drafts/chips.md").write_text(chips, "utf-8")
    (srcdir / "posts/2025/.chips.md").write_text(chips, "utf-8")
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    hidden = "WARNING: file: is a hidden file; the build does not read it"
    assert warnings == [
        f"posts/2025/.chips.md:1: {hidden} [newsdesk.metadata]",
        f"posts/2025/.drafts/chips.md:1: {hidden} [newsdesk.metadata]",
    ]
    assert not [doc for doc in app.env.found_docs if "/." in doc]


def test_what_the_source_check_misses_the_parsed_page_still_refuses(
    tmp_path, monkeypatch
):
    """The source check names {role} and the like first, and the page-settings
    check what MyST would read as a page's settings. Were they to miss one,
    the parsed page holds: no role changes the pages read after it, no heading
    is numbered, and no field of a page becomes a tag in its head."""
    from newsdesk.reading import html_policy

    monkeypatch.setattr(html_policy, "check", lambda text, extensions=(): [])
    # and the check of what MyST reads as a page's settings
    monkeypatch.setattr(lockdown, "refuse_page_settings", lambda *args: None)
    srcdir = copy_root(tmp_path, "knowledge")
    chips = (srcdir / "posts/2025/chips.md").read_text("utf-8")
    (srcdir / "posts/2025/aaa-role.md").write_text(
        chips.replace("/chips", "/aaa-role")
        + "\n```{role} entity(strong)\n```\n\n```{Section-Numbering}\n```\n",
        "utf-8",
    )
    (srcdir / "about.md").write_text(
        "---\n"
        "'og:x \"><script>alert(1)</script><meta x=\"': y\n"
        "og:image: https://evil.example.com/x.png\n"
        "orphan: true\n---\n\n# About\n\nText.\n",
        "utf-8",
    )
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    out = Path(app.outdir)
    interview = (out / "posts/2025/nadella-interview.html").read_text("utf-8")
    assert "nd-entity-ref" in interview  # {entity} links as before
    chips_page = BeautifulSoup(
        (out / "posts/2025/aaa-role.html").read_text("utf-8"), "html.parser"
    )
    assert not chips_page.select(".section-number")
    head = BeautifulSoup((out / "about.html").read_text("utf-8"), "html.parser").head
    assert not head.select('meta[property="og:image"][content*="evil"]')
    assert not head.select("script:-soup-contains('alert(1)')")
    assert _said(warnings, "posts/2025/aaa-role.md:27:", "{role} is not allowed"), (
        warnings
    )
    assert _said(
        warnings, "posts/2025/aaa-role.md:30:", "{Section-Numbering} is not allowed"
    ), warnings
    assert _said(warnings, "about.md:1:", "page setting 'og:image'"), warnings
    assert "orphan" in app.env.metadata["about"]  # a setting a site page may make
