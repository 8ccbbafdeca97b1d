"""The hostile corpus (``tests/corpus/``): bad posts fail clearly, odd ones render safely.

Two builds for the whole module: every valid post of ``corpus/valid`` in one
site, every invalid post of ``corpus/invalid`` in another (both on the
``test-hostile`` root, which adds entities whose names are markup or
right-to-left). Invalid posts must each fail with their file and field named;
valid ones must render with no injected markup anywhere in the output: HTML
pages, JSON-LD, Atom feeds and the search index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import REPO
from newsdesk.reading import frontmatter
from sitebuild import build, output_files
from test_search import fragments

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
ROOT = HERE / "roots" / "test-hostile"
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^(?P<path>[^:]*?\.md):(?P<line>\d+): WARNING: (?P<message>.*)$")
#: A marker put in the valid corpus' text fields; never an element in the output.
INJECTED = "nd-injected"


def build_site(
    tmp: Path, posts: list[Path], extra: dict[str, bytes] | None = None
) -> tuple[SphinxTestApp, list[str]]:
    """Build ``test-hostile`` with ``posts`` in posts/2025/; return app and warnings."""
    srcdir = tmp / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "posts" / "2025").mkdir(parents=True)
    for post in posts:
        shutil.copy(post, srcdir / "posts" / "2025" / post.name)
    for name, data in (extra or {}).items():
        (srcdir / "posts" / "2025" / name).write_bytes(data)
    app = build(srcdir)
    text = _COLOUR.sub("", app.warning.getvalue())
    return app, [line for line in text.splitlines() if line.strip()]


def huge_body() -> str:
    """About 200 KB of Markdown: many sections, lists, links and inline code."""
    chunk = (
        "Paragraph with *emphasis*, `code <b>`, a [link](https://news.example.com/) "
        "and \\<escaped> markup. Ünïcödé and 中文 text.\n\n- item one\n- item two\n\n"
    )
    sections = [f"### Section {i}\n\n{chunk * 4}" for i in range(320)]
    text = (CORPUS / "valid" / "huge-body.md").read_text(encoding="utf-8")
    return text + "\n".join(sections)


# -- invalid posts ---------------------------------------------------------------

#: file -> (line, message) pairs its warnings must contain; every warning of the
#: build must belong to a corpus file.
EXPECTED_INVALID: dict[str, list[tuple[int | None, str]]] = {
    # Where the list opens, in its field, not the line where YAML gave up.
    "malformed-yaml.md": [(3, "summary: the list opened with '[' has no closing ']'")],
    "list-front-matter.md": [
        (2, "front matter: must be a mapping of 'field: value' lines, not a list")
    ],
    "scalar-front-matter.md": [
        (
            2,
            (
                "front matter: must be a mapping of 'field: value' "
                "lines, not a single value"
            ),
        )
    ],
    "missing-fields.md": [
        (1, "summary: missing (required)"),
        (1, "tags: missing (required)"),
        (1, "source: missing (required)"),
    ],
    "mistyped-fields.md": [
        (3, "summary: must be text, not a number (42)"),
        (4, "tags: must be a list"),
        (5, "draft: must be true or false"),
    ],
    "impossible-date.md": [
        (2, "date: '2025-02-30' is not a real calendar date"),
        (9, "source.date: '2025-13-45'"),
    ],
    "javascript-url.md": [
        (8, "source.url: 'javascript:alert(1)' is not an http(s) URL"),
        (9, "source.archive: 'javascript:alert(1)' is not an http(s) URL"),
    ],
    "data-url.md": [
        (8, "source.url: 'data:text/html;base64,PHNjcmlwdD4=' is not an http(s) URL"),
        (9, "source.archive: 'data:text/html"),
    ],
    "relative-url.md": [(8, "source.url: '../2024/other.html' is not an http(s) URL")],
    "bare-word-url.md": [(8, "source.url: 'example' is not an http(s) URL")],
    "markup-in-tag.md": [
        (4, "tags[0]: '<script>alert(1)</script>' is not a tag"),
        (4, "tags[1]: 'a/b' is not a tag"),
    ],
    "raw-html-title.md": [(11, "html: <script> is not allowed")],
    "yaml-aliases.md": [(3, "front matter: YAML anchors and aliases")],
    "too-long-summary.md": [(3, "summary: is too long: 301 characters, at most 300")],
    # one tag written two ways: named as such, not "rename one of them"
    "tag-collision-b.md": [
        (4, "tags: 'machine-learning' is the tag 'Machine Learning'")
    ],
    "unknown-and-misspelled-fields.md": [
        (3, "sumary: unknown field (did you mean 'summary'?)"),
        (4, "title: unknown field"),
    ],
    "updated-before-date.md": [(3, "updated: '2025-04-01' is before date")],
    "updated-in-the-future.md": [(3, "updated: '2099-12-31' is in the future")],
    # A key ending in "]" sent the field-line lookup into an endless loop.
    "odd-field-name.md": [(5, "odd]: unknown field")],
    # '# ' alone crashed the feed writer (feedgen refuses an empty title).
    "empty-title.md": [(11, "title: is empty: write the post's title after '# '")],
    "not-utf8.md": [(6, "file: is not UTF-8 text (byte 0xe9 on this line)")],
    # Markdown's parser is slow on crafted text: a page has a size limit.
    "too-large.md": [(1, "file: is 300 KB, more than the 256 KB a page may be")],
    # A right-to-left override could make a title or a publisher pass for another.
    "bidi-override.md": [
        (4, "tags[1]: contains the bidirectional control U+202E"),
        # isolates too: a right-to-left one shows "Acquires Microsoft OpenAI"
        # as "OpenAI Microsoft Acquires"
        (6, "source.title: contains the bidirectional control U+2068"),
        (7, "source.publisher: contains the bidirectional control U+202D"),
        (11, "text: contains the bidirectional control U+202E"),  # the title
        (15, "text: contains the bidirectional control U+202E"),
        (17, "text: contains the bidirectional control U+202E"),  # &#x202E;
        (21, "text: contains the bidirectional control U+2067"),
    ],
    # The callout offers the archived copy as the article, once it is gone.
    "archive-of-another-page.md": [
        (9, "source.archive: is a copy of 'https://news.example.com/another-article'"),
        (14, "source.original.archive: is a copy of 'https://elsewhere.example.com"),
    ],
    # A tag "clo\u200bud" would be a second "cloud"; a heading of a word
    # joiner alone is an empty title.
    "blank-names.md": [
        (4, "tags[1]: contains the invisible character U+FE0F (Variation Selector-16)"),
        (4, "tags[2]: '\u0301' has no letter or digit"),
        (5, "series: contains the invisible character U+200E (Left-To-Right Mark)"),
        (6, "author: must be one line"),
        (9, "source.publisher: contains the invisible character U+E0041"),
    ],
    "invisible-characters.md": [
        (4, "tags[1]: contains the invisible character U+200B (Zero Width Space)"),
        (7, "source.publisher: contains the invisible character U+200B"),
        (11, "title: is empty"),
    ],
    # "cloud" written with a Cyrillic "c" (U+0441) would be a second "cloud"
    # ("\u0418\u0418", all Cyrillic, is a tag like any other).
    "look-alike-names.md": [
        (4, "tags[1]: mixes Cyrillic and Latin letters in '\u0441loud'"),
        (5, "series: mixes Cyrillic and Latin letters in 'Micro\u0455oft'"),
        (8, "source.publisher: mixes Cyrillic and Latin letters in 'N\u0435ws'"),
    ],
    # A terminal acts on an escape sequence; HTML and XML do not allow them.
    "control-characters.md": [
        (11, "text: contains the control character U+001B"),  # the title
        (15, "text: contains the control character U+0008"),
        (19, "text: contains the control character U+0007"),  # in code
        (23, "reference reftitle: contains the bidirectional control U+202E"),
        (25, "text: contains the noncharacter U+FFFE, which is not text"),
    ],
}


@pytest.fixture(scope="module")
def invalid_site(tmp_path_factory):
    posts = sorted((CORPUS / "invalid").glob("*.md"))
    tmp = tmp_path_factory.mktemp("hostile-invalid")
    latin1 = (CORPUS / "valid" / "same-date-a.md").read_text(encoding="utf-8")
    latin1 = latin1.replace("Same date a", "Caf\u00e9 na\u00efve")
    large = latin1.replace("Caf\u00e9 na\u00efve", "Too large") + "![" * 150 * 1024
    return build_site(
        tmp,
        posts,
        {"not-utf8.md": latin1.encode("latin-1"), "too-large.md": large.encode()},
    )


def test_every_invalid_post_has_its_expected_messages(invalid_site):
    _app, warnings = invalid_site
    found: dict[str, list[tuple[int, str]]] = {}
    for line in warnings:
        match = _WARNING.match(line)
        assert match, f"warning without file and line: {line}"
        name = Path(match["path"]).name
        found.setdefault(name, []).append((int(match["line"]), match["message"]))
    for name, expected in EXPECTED_INVALID.items():
        got = found.get(name, [])
        assert got, f"{name}: no warning"
        for line, text in expected:
            assert any(line in (None, at) and text in message for at, message in got), (
                f"{name}:{line}: {text!r} not in {got}"
            )
    # Only corpus files warn, and each message names a field in the site's words.
    assert set(found) <= set(EXPECTED_INVALID) | {"tag-collision-a.md"}
    for messages in found.values():
        for _, message in messages:
            assert "Traceback" not in message
            assert re.match(r"^[\w .\[\]]+: ", message), message


def test_bidi_overrides_are_not_published(invalid_site):
    """The post with overrides shows its text without them, and no output file
    (pages, feeds, API, search index) holds one, but the copy of its source."""
    app, _ = invalid_site
    page = (Path(app.outdir) / "posts/2025/bidi-override.html").read_text("utf-8")
    assert "Text with an override in it." in page
    assert "More Acquires Microsoft OpenAI words." in page
    assert "entity: reversed." in page
    overrides = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for name, text in output_files(app).items():
        if not name.startswith("_sources/"):  # the Markdown as written, as text
            assert not overrides & set(text), name


def test_control_characters_are_not_published(invalid_site):
    """The post's text is shown without them, and no text file of the output
    holds one (HTML, feeds, the API, search fragments), but its source copy."""
    app, _ = invalid_site
    page = (Path(app.outdir) / "posts/2025/control-characters.html").read_text("utf-8")
    assert "A backspace and a verticaltab in the text" in page
    assert "a bell  in code" in page
    assert "entity: \ufffd[2J" in page  # markdown-it writes U+FFFD for it
    assert 'title="A title with an override"' in page  # a link's tooltip too
    assert "A noncharacter  here and a plane's last  there" in page
    controls = re.compile(
        r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]"
    )
    text_files = (".html", ".xml", ".json", ".txt", ".pf_fragment")
    for name, text in output_files(app).items():
        if name.endswith(text_files) and not name.startswith("_sources/"):
            assert not controls.search(text), name


def test_invalid_posts_fail_a_strict_build(invalid_site, tmp_path):
    """-W turns the warnings into a failed build (what nox -s docs runs)."""
    app, _ = invalid_site
    strict = ["-q", "-W", "--keep-going", "-E", "-b", "html"]
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *strict, str(app.srcdir), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "_ext")},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name in EXPECTED_INVALID:
        assert f"{name}:" in result.stderr, name


# -- valid posts -----------------------------------------------------------------


@pytest.fixture(scope="module")
def valid_site(tmp_path_factory):
    posts = sorted(
        p for p in (CORPUS / "valid").glob("*.md") if p.name != "huge-body.md"
    )
    tmp = tmp_path_factory.mktemp("hostile-valid")
    return build_site(tmp, posts, {"huge-body.md": huge_body().encode()})


def _titles() -> dict[str, str]:
    """Post file stem -> the title text its '# ' heading shows (escapes removed)."""
    out = {}
    for path in (CORPUS / "valid").glob("*.md"):
        loaded = frontmatter.load(path.read_text(encoding="utf-8"))
        assert loaded is not None
        heading = next(l for l in loaded.body.splitlines() if l.startswith("# "))
        out[path.stem] = heading[2:].replace("\\", "")
    return out


def test_valid_posts_build_without_warnings(valid_site):
    app, warnings = valid_site
    assert warnings == []
    for stem in _titles():
        assert (Path(app.outdir) / "posts" / "2025" / f"{stem}.html").is_file()


def test_titles_round_trip_as_text(valid_site):
    app, _ = valid_site
    for stem, title in _titles().items():
        soup = _soup(Path(app.outdir) / "posts" / "2025" / f"{stem}.html")
        assert soup.select_one("h1").get_text().rstrip("#¶ \n") == title
        og = soup.select_one("meta[property='og:title']")
        if og is not None:
            assert og["content"] == title


def test_no_injected_markup_in_any_html_page(valid_site):
    app, _ = valid_site
    pages = sorted(Path(app.outdir).rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        where = path.relative_to(app.outdir).as_posix()
        assert not soup.select(f".{INJECTED}"), where
        assert not soup.select("img[src=x]"), where
        assert not soup.select("[onerror], [onload], [onclick]"), where
        for script in soup.find_all("script"):
            body = script.string or ""
            if script.get("type") == "application/ld+json":
                json.loads(body)  # a "</script>" in a field would cut it short
            else:
                assert "alert(" not in body, where
        # The raw markers only ever appear escaped.
        assert "<script>alert(1)" not in text, where
        assert '<b class="nd-injected">' not in text, where


def test_json_ld_keeps_markup_as_data(valid_site):
    app, _ = valid_site
    soup = _soup(Path(app.outdir) / "posts" / "2025" / "markup-everywhere.html")
    blocks = soup.select("script[type='application/ld+json']")
    if not blocks:
        pytest.skip("no JSON-LD on post pages")
    text = json.dumps([json.loads(b.string) for b in blocks], ensure_ascii=False)
    assert "<script>alert(1)</script>" in text
    for block in blocks:
        assert "</script" not in block.string.lower()


def test_feeds_are_well_formed_and_keep_markup_as_text(valid_site):
    app, _ = valid_site
    feeds = sorted(Path(app.outdir).rglob("*.xml"))
    if not any(f.name.endswith("atom.xml") for f in feeds):
        pytest.skip("no Atom feeds")
    atom = "{http://www.w3.org/2005/Atom}"
    titles = set()
    for path in feeds:
        tree = ElementTree.parse(path)  # raises on any broken markup
        titles |= {t.text for t in tree.getroot().iter(f"{atom}title")}
        for element in tree.getroot().iter():
            assert INJECTED not in element.tag
    assert set(_titles().values()) <= titles


def test_search_index_is_valid_and_holds_the_titles(valid_site):
    """Pagefind read every hostile post: each is one result, under its title."""
    app, _ = valid_site
    titles = {f["meta"]["title"] for f in fragments(app.outdir).values()}
    assert set(_titles().values()) <= titles


def test_huge_body_renders_completely(valid_site):
    app, _ = valid_site
    soup = _soup(Path(app.outdir) / "posts" / "2025" / "huge-body.html")
    assert len(soup.select("h3")) == 320
    assert soup.select("h3")[-1].get_text().startswith("Section 319")


def test_same_date_posts_are_ordered_by_path_and_tags_fold(valid_site):
    app, _ = valid_site
    soup = _soup(Path(app.outdir) / "posts" / "2025" / "same-date-a.html")
    assert soup.select_one("a[rel=next]")["href"].endswith("same-date-b.html")
    # AI, ai and Ai are one tag with one page listing both posts.
    tag_links = {a["href"] for a in soup.select(".nd-post-header a.nd-tag")}
    assert len(tag_links) == 1
    tag_page = (Path(app.outdir) / "posts" / "2025" / next(iter(tag_links))).resolve()
    listed = _soup(tag_page).get_text()
    assert "Same date a" in listed
    assert "Same date b" in listed


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_page_too_large_is_left_out_whole(invalid_site):
    """Refused before Markdown's parser sees it: no page, card or record."""
    app, _ = invalid_site
    assert not list(Path(app.outdir).rglob("too-large*"))
    assert "posts/2025/too-large" not in app.env.found_docs
