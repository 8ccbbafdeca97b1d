"""Front matter is text: markup in it is shown, never run, wherever it lands.

Sphinx templates do not autoescape, and our listings and generated pages copy
titles, summaries, source fields, tags, series and entity names between pages.
tests/roots/test-escaping has a post whose every text field is hostile; each
page that shows one of them is parsed and checked for injected elements and for
the exact text.
"""

from __future__ import annotations

import json
import shutil

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import page
from test_search import fragments

TITLE = '<script>alert(1)</script> & "quotes"'
SUMMARY = 'A <b>bold</b> summary & <script>alert("summary")</script> to escape.'
SOURCE_TITLE = '<img src=x onerror=alert(1)> Source & "title"'
PUBLISHER = "<i>Publisher</i> & Co"
SOURCE_URL = "https://news.example.com/a?b=1&c=2"
SERIES = '<em>Series</em> & "story"'
ENTITY = '<b>Acme</b> & "Co"'
TAGS = ["R&D", "Q&A's"]
LICENSE_NAME = '<i>Licence</i> & "terms"'
LICENSE_URL = "https://licences.example.org/by?v=4&lang=en"

#: Every page that shows some of the hostile post's text.
PAGES = [
    "index",
    "archive",
    "posts/2025/hostile",
    "posts/2025/older",
    "posts/2025/newer",
    "tags/r-d",
    "tags/q-a-s",
    "series/em-series-em-story",
    "entities/acme",
    "entities/index",
]


@pytest.fixture(scope="module")
def escaping(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("escaping") / "src"
    shutil.copytree(rootdir / "test-escaping", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return app


def text(element) -> str:
    """An element's text without Sphinx's heading permalink sign."""
    return element.get_text().replace("¶", "").strip()


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_injected(escaping, name):
    soup = page(escaping, name)
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # data, and still valid JSON
        else:
            assert "alert" not in (script.string or ""), script
    for element in soup.find_all(True):
        handlers = [a for a in element.attrs if a.lower().startswith("on")]
        assert not handlers, element
    assert soup.find("img", src="x") is None
    for tag, word in (
        ("b", "bold"),
        ("b", "Acme"),
        ("i", "Publisher"),
        ("em", "Series"),
        ("i", "Licence"),
    ):
        assert soup.find(tag, string=word) is None, (tag, word)


def test_post_page_shows_every_field_as_text(escaping):
    soup = page(escaping, "posts/2025/hostile")
    assert text(soup.select_one("article h1")) == TITLE
    assert soup.title.get_text().startswith(TITLE)
    link = soup.select_one("aside.nd-source a.nd-source__link")
    assert (text(link), link["href"]) == (SOURCE_TITLE, SOURCE_URL)
    assert text(soup.select_one(".nd-source__publisher")) == PUBLISHER
    assert [text(a) for a in soup.select(".nd-post-header a.nd-tag")] == TAGS
    assert [text(a) for a in soup.select(".nd-post-header a.nd-entity")] == [ENTITY]
    assert text(soup.select_one(".nd-series h2 a")) == SERIES
    assert text(soup.select_one(".nd-series [aria-current=page]")) == TITLE


@pytest.mark.parametrize("name", PAGES)
def test_footer_shows_the_licence_name_as_text(escaping, name):
    link = page(escaping, name).select_one("footer .nd-license a[rel=license]")
    assert (text(link), link["href"]) == (LICENSE_NAME, LICENSE_URL)


def test_feeds_and_api_carry_the_licence_name_as_text(escaping):
    import feedparser

    out = escaping.outdir
    rights = feedparser.parse((out / "atom.xml").read_bytes()).feed.rights
    assert rights.startswith(f"Our text is licensed under {LICENSE_NAME} (")
    api = json.loads((out / "api/posts.json").read_text("utf-8"))
    assert api["license"] == {"name": LICENSE_NAME, "url": LICENSE_URL}


def test_post_page_meta_description_is_the_summary(escaping):
    meta = page(escaping, "posts/2025/hostile").find(
        "meta", attrs={"name": "description"}
    )
    if meta is None:
        pytest.skip("no meta description on this page")
    assert meta["content"] == SUMMARY


@pytest.mark.parametrize(("neighbour", "rel"), [("older", "next"), ("newer", "prev")])
def test_neighbours_show_the_title_as_text(escaping, neighbour, rel):
    soup = page(escaping, f"posts/2025/{neighbour}")
    link = soup.select_one(f"nav.nd-post-nav a[rel={rel}]")
    assert link["href"] == "hostile.html"
    assert text(link.select_one(".nd-post-nav__title")) == TITLE
    series = [text(a) for a in soup.select(".nd-series li a")]
    assert TITLE in series
    assert TITLE in [text(a) for a in soup.select(".nd-related a")]


def test_archive_lists_the_title_as_text(escaping):
    links = page(escaping, "archive").select("a[href='posts/2025/hostile.html']")
    assert [text(a) for a in links] == [TITLE]


def test_landing_card_shows_title_summary_and_publisher(escaping):
    soup = page(escaping, "index")
    card = soup.select_one(".nd-card:has(a[href='posts/2025/hostile.html'])")
    assert text(card.select_one(".nd-card-title")) == TITLE
    assert text(card.select_one(".sd-card-text")) == SUMMARY
    assert text(card.select_one(".nd-card-meta")).endswith(f"· {PUBLISHER}")


@pytest.mark.parametrize(("slug", "name"), [("r-d", "R&D"), ("q-a-s", "Q&A's")])
def test_tag_page(escaping, slug, name):
    soup = page(escaping, f"tags/{slug}")
    assert text(soup.select_one("article h1")) == f"Tag: {name}"
    item = soup.select_one("li:has(a[href='../posts/2025/hostile.html'])")
    assert text(item.select_one(".nd-post-list__title")) == TITLE
    assert SUMMARY in [text(p) for p in item.select("p")]
    assert text(item.select_one(".nd-card-meta")).endswith(PUBLISHER)


def test_series_page(escaping):
    soup = page(escaping, "series/em-series-em-story")
    assert text(soup.select_one("article h1")) == f"Series: {SERIES}"
    titles = [text(a) for a in soup.select(".nd-post-list__title a")]
    assert titles == ["The older post", TITLE, "The newer post"]


def test_entity_page_and_index(escaping):
    soup = page(escaping, "entities/acme")
    assert text(soup.select_one("article h1")) == ENTITY
    assert text(soup.select_one("#posts-about h2")) == f"Posts about {ENTITY}"
    assert TITLE in [text(a) for a in soup.select("#posts-about a")]
    index = page(escaping, "entities/index")
    assert [text(a) for a in index.select("ul.nd-entity-list a")] == [ENTITY]


#: The hostile post's pages when every listing holds one post per page:
#: (older page, the title it shows, the first page's title, the older page's).
PAGED = [
    ("archive/page/2", "Archive — page 2", "Archive", "Archive — page 1"),
    ("tags/r-d/page/2", "Tag: R&D — page 2", "Tag: R&D", "Tag: R&D — page 1"),
    (
        "series/em-series-em-story/page/2",
        f"Series: {SERIES} — page 2",
        f"Series: {SERIES}",
        f"Series: {SERIES} — page 1",
    ),
    (
        "entities/acme/page/2",
        f"Posts about {ENTITY} — page 2",
        ENTITY,
        f"Posts about {ENTITY} — page 1",
    ),
]


@pytest.fixture(scope="module")
def paged(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("escaping-paged") / "src"
    shutil.copytree(rootdir / "test-escaping", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        warningiserror=True,
        confoverrides={"newsdesk_page_size": 1},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return app


@pytest.mark.parametrize(("name", "title", "newest", "oldest"), PAGED)
def test_older_pages_show_names_as_text(paged, name, title, newest, oldest):
    soup = page(paged, name)
    assert text(soup.select_one("article h1")) == title
    assert soup.title.get_text().startswith(f"{title} - ")
    assert TITLE in [text(a) for a in soup.select("article ul.nd-post-list a")]
    # Neighbours' titles, in <head> and in the nav, are attribute text.
    links = {link["rel"][0]: link["title"] for link in soup.select("head link[title]")}
    assert (links["prev"], links["next"]) == (newest, oldest)
    nav = soup.select_one('nav[aria-label="Pagination"]')
    assert [a["title"] for a in nav.select("a[rel]")] == [newest, oldest]
    for tag, word in (("b", "Acme"), ("em", "Series")):
        assert soup.find(tag, string=word) is None, (tag, word)


def test_search_index_holds_every_field_as_text(escaping):
    """newsdesk_search: the hidden fields round-trip into Pagefind's index."""
    fragment = fragments(escaping.outdir)["/posts/2025/hostile.html"]
    meta, filters = fragment["meta"], fragment["filters"]
    assert (meta["title"], meta["summary"], meta["publisher"]) == (
        TITLE,
        SUMMARY,
        PUBLISHER,
    )
    assert (filters["tag"], filters["entity"], filters["series"]) == (
        TAGS,
        [ENTITY],
        [SERIES],
    )
    assert fragment["content"].startswith(TITLE)
