"""Pagination of listings that grow with posts: fixed chunks counted from the
oldest post, the first page at the listing's own URL, rel prev/next, the
Pagination nav, titles, and incremental builds that rewrite only what changed.

tests/roots/test-paging has seven posts (one ... seven, twelve days apart), all
tagged "ai", naming Acme, in the series "Long saga", cited from Example News;
its conf.py sets newsdesk_page_size = 3.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

from conftest import warnings_of
from newsdesk.index import paging
from newsdesk.tools import cli
from sitebuild import build, copy_root

#: the root's posts, oldest first
POSTS = ["one", "two", "three", "four", "five", "six", "seven"]
#: every paginated listing of the root: first page -> its older pages' prefix
LISTINGS = {
    "archive": "archive",
    "tags/ai": "tags/ai",
    "series/long-saga": "series/long-saga",
    "publishers/example-news": "publishers/example-news",
    "entities/acme": "entities/acme",
}


def titles(names: list[str]) -> list[str]:
    return [f"Post {name}" for name in names]


def soup_of(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def listed(soup: BeautifulSoup) -> list[str]:
    """Post titles as the page lists them (archive lines or summaries)."""
    article = soup.select_one("article")
    return [a.get_text() for a in article.select("ul.nd-post-list li a")]


def head_rel(soup: BeautifulSoup, rel: str) -> list[str]:
    return [link["href"] for link in soup.select(f'head link[rel="{rel}"]')]


def nav_items(soup: BeautifulSoup) -> list[tuple[str, str | None]]:
    """(label, href) of each page-number entry; href None for the current page."""
    nav = soup.select_one('nav[aria-label="Pagination"]')
    return [
        (li.get_text(strip=True), li.a["href"] if li.a else None)
        for li in nav.select("ol > li")
    ]


def steps(soup: BeautifulSoup) -> dict[str, tuple[str, str]]:
    """The nav's Newer/Older links by rel: (text, href)."""
    # The arrows are hidden from screen readers, who hear "Newer" and "Older".
    for arrow in soup.select(
        'nav[aria-label="Pagination"] a[rel] [aria-hidden="true"]'
    ):
        assert arrow.get_text() in {"←", "→"}
    nav = soup.select_one('nav[aria-label="Pagination"]')
    return {
        a["rel"][0]: (" ".join(a.get_text().split()), a["href"])
        for a in nav.select("a[rel]")
    }


# -- chunks and navigation, without Sphinx -------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, [(None, [])]),
        (2, [(None, [0, 1])]),
        (3, [(None, [0, 1, 2])]),
        (5, [(None, [0, 1, 2, 3, 4])]),
        (6, [(None, [3, 4, 5]), (1, [0, 1, 2])]),
        (8, [(None, [3, 4, 5, 6, 7]), (1, [0, 1, 2])]),
        (9, [(None, [6, 7, 8]), (2, [3, 4, 5]), (1, [0, 1, 2])]),
    ],
)
def test_chunks_are_fixed_from_the_oldest_post(count, expected):
    pages = paging.paginate("tags/ai", list(range(count)), 3)  # type: ignore[arg-type]
    assert [(p.number, list(p.posts)) for p in pages] == expected
    assert [p.name for p in pages[1:]] == [
        f"tags/ai/page/{p.number}" for p in pages[1:]
    ]


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ("tags/ai", "tags/ai/page/2"),
        ("posts/index", "posts/page/2"),
        ("index", "page/2"),
        ("entities/acme", "entities/acme/page/2"),
    ],
)
def test_older_pages_sit_under_the_listing_url(listing, expected):
    assert paging.older_name(listing, 2) == expected


def _views(count: int, size: int) -> dict[str, tuple[object, ...]]:
    """What each older page shows: its posts and its navigation."""
    pages = paging.paginate("t", [f"p{i}" for i in range(count)], size)
    views = {}
    for page in pages[1:]:
        nav = paging.nav(pages, page)
        views[page.name] = (
            page.posts,
            nav.newer and nav.newer.name,
            nav.older and nav.older.name,
            nav.items,
        )
    return views


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_one_more_post_changes_no_older_page_until_a_chunk_fills(size):
    for count in range(60):
        before, after = _views(count, size), _views(count + 1, size)
        changed = {name for name in before if before[name] != after.get(name)}
        if (count + 1) % size or count + 1 < 2 * size:
            # The first page takes the post: every older page stays as it was.
            assert changed == set(), count
            assert after.keys() == before.keys()
        else:
            # A chunk filled: one new older page, and only the newest older
            # page before it changes (its "newer" neighbour is now that page).
            assert len(after) == len(before) + 1
            assert changed <= {f"t/page/{len(before)}"}, count


def test_nav_shows_neighbours_the_first_page_and_page_one_with_gaps():
    pages = paging.paginate("t", [f"p{i}" for i in range(10)], 1)

    def labels(number: int | None) -> list[str]:
        page = next(p for p in pages if p.number == number)
        return [
            "…" if i.gap else f"[{i.number}]" if i.current else str(i.number)
            for i in paging.nav(pages, page).items
        ]

    assert labels(None) == ["[None]", "9", "…", "1"]
    assert labels(9) == ["None", "[9]", "8", "…", "1"]
    assert labels(5) == ["None", "6", "[5]", "4", "…", "1"]
    assert labels(2) == ["None", "3", "[2]", "1"]
    assert labels(1) == ["None", "2", "[1]"]


# -- the built site ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = build(copy_root(tmp_path_factory.mktemp("paging"), "paging"))
    assert warnings_of(app.warning) == []
    return Path(app.outdir)


def test_first_page_keeps_the_listing_url_and_shows_the_newest_posts(site):
    archive = soup_of(site, "archive.html")
    # The newest complete chunk (four to six) and the incomplete one (seven).
    assert listed(archive) == titles(["seven", "six", "five", "four"])
    assert archive.title.get_text().startswith("Archive - ")
    assert head_rel(archive, "next") == ["archive/page/1.html"]
    # The toctree's neighbours give way to the pages' own.
    assert head_rel(archive, "prev") == []
    assert steps(archive) == {"next": ("Older →", "archive/page/1.html")}
    assert nav_items(archive) == [("Newest", None), ("1", "archive/page/1.html")]
    assert soup_of(site, "index.html").select_one(f'a[href="{"archive.html"}"]'), (
        "the home page still links the archive's first page"
    )


def test_older_page_has_its_chunk_title_and_links(site):
    older = soup_of(site, "archive/page/1.html")
    assert listed(older) == titles(["three", "two", "one"])
    assert older.title.get_text().startswith("Archive — page 1 - ")
    assert older.h1.contents[0].strip() == "Archive — page 1"
    intro = older.select_one(".nd-listing-intro").get_text()
    assert (
        intro
        == "Page 1: posts from January 10, 2025 to February 3, 2025, newest first."
    )
    # "next" is the next page in reading order, older posts; there is none.
    assert head_rel(older, "prev") == ["../../archive.html"]
    assert head_rel(older, "next") == []
    assert steps(older) == {"prev": ("← Newer", "../../archive.html")}
    assert nav_items(older) == [("Newest", "../../archive.html"), ("1", None)]
    assert older.select_one('[aria-current="page"]').get_text() == "1"
    # Month headings under the page title, in order.
    assert [h.get_text(strip=True).rstrip("¶") for h in older.select("h2")] == [
        "February 2025",
        "January 2025",
    ]


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_every_growing_listing_is_paginated(site, listing):
    first = soup_of(site, f"{listing}.html")
    older = soup_of(site, f"{LISTINGS[listing]}/page/1.html")
    assert listed(first)[-4:] in (
        titles(["seven", "six", "five", "four"]),
        titles(["four", "five", "six", "seven"]),  # series: publication order
    )
    assert sorted(listed(older)) == sorted(titles(["one", "two", "three"]))
    name = LISTINGS[listing].rsplit("/", 1)[-1]
    assert head_rel(first, "next") == [f"{name}/page/1.html"]
    assert head_rel(older, "prev") == [f"../../{name}.html"]
    assert " — page 1" in older.h1.get_text()
    assert first.select_one('nav[aria-label="Pagination"]') is not None


def test_first_pages_say_how_many_posts_and_pages(site):
    tag = soup_of(site, "tags/ai.html")
    assert re.fullmatch(
        r"7 posts tagged “ai” from \w+ \d+, \d{4} to \w+ \d+, \d{4}, "
        r"newest first, on 2 pages\.",
        tag.select_one(".nd-listing-intro").get_text(),
    )
    entity = soup_of(site, "entities/acme.html")
    assert entity.select_one(".nd-listing-count").get_text() == (
        "7 posts, newest first, on 2 pages."
    )
    # Older pages never count: the total changes with every post.
    for listing, prefix in LISTINGS.items():
        text = soup_of(site, f"{prefix}/page/1.html").select_one("article").get_text()
        assert "7 " not in text, listing
        assert "2 pages" not in text, listing


def test_tag_pages_link_the_tag_index_and_their_feed(site):
    for name, up in (
        ("tags/ai.html", "../tags.html"),
        ("tags/ai/page/1.html", "../../../tags.html"),
    ):
        soup = soup_of(site, name)
        links = {a.get_text(): a["href"] for a in soup.select("p.nd-subscribe a")}
        feed = "ai.atom.xml" if name == "tags/ai.html" else "../../ai.atom.xml"
        assert links == {"Atom feed of posts tagged “ai”": feed}
        assert [
            (a.get_text(), a["href"]) for a in soup.select("p.nd-listing-up a")
        ] == [("All tags", up)]
        assert (site / "tags/ai.atom.xml").is_file()


def test_series_pages_number_parts_in_publication_order(site):
    def parts(name: str) -> list[str]:
        items = soup_of(site, name).select("ul.nd-post-list li .nd-post-list__title")
        return [" ".join(p.get_text().split()) for p in items]

    assert parts("series/long-saga.html") == [
        f"Part {n}: Post {name}" for n, name in zip(range(4, 8), POSTS[3:], strict=True)
    ]
    assert parts("series/long-saga/page/1.html") == [
        "Part 1: Post one",
        "Part 2: Post two",
        "Part 3: Post three",
    ]
    # The same numbers the posts show.
    box = soup_of(site, "posts/2025/two.html").select_one(".nd-series__title")
    assert box.get_text(" ", strip=True).startswith("Part 2 of 7 in the series")
    intro = soup_of(site, "series/long-saga.html").select_one(".nd-listing-intro")
    assert intro.get_text().startswith("A running story in 7 parts,")


def test_older_thread_pages_name_the_thread_feed(site):
    for name, feed in (
        ("series/long-saga/page/1.html", "../../long-saga.atom.xml"),
        ("entities/acme/page/1.html", "../../acme.atom.xml"),
    ):
        alternates = head_rel(soup_of(site, name), "alternate")
        assert alternates == ["../../../atom.xml", "../../../feed.json", feed], name


def test_many_pages_show_neighbours_and_ends(tmp_path):
    app = build(copy_root(tmp_path, "paging"), confoverrides={"newsdesk_page_size": 1})
    outdir = Path(app.outdir)
    first = soup_of(outdir, "tags/ai.html")
    assert listed(first) == ["Post seven"]
    assert nav_items(first) == [
        ("Newest", None),
        ("6", "ai/page/6.html"),
        ("…", None),
        ("1", "ai/page/1.html"),
    ]
    middle = soup_of(outdir, "tags/ai/page/4.html")
    assert listed(middle) == ["Post four"]
    assert nav_items(middle) == [
        ("Newest", "../../ai.html"),
        ("5", "5.html"),
        ("4", None),
        ("3", "3.html"),
        ("…", None),
        ("1", "1.html"),
    ]
    assert steps(middle) == {
        "prev": ("← Newer", "5.html"),
        "next": ("Older →", "3.html"),
    }
    assert head_rel(middle, "prev") == ["5.html"]
    assert head_rel(middle, "next") == ["3.html"]


def test_dirhtml_pages_are_folders(tmp_path):
    base = "https://example.org/news/"
    app = build(
        copy_root(tmp_path, "paging"), "dirhtml", confoverrides={"html_baseurl": base}
    )
    assert warnings_of(app.warning) == []
    outdir = Path(app.outdir)
    first = soup_of(outdir, "archive/index.html")
    assert head_rel(first, "next") == ["page/1/"]
    older = soup_of(outdir, "archive/page/1/index.html")
    # Each page is its own canonical URL: the first page's stays as it was.
    assert head_rel(first, "canonical") == [f"{base}archive/"]
    assert head_rel(older, "canonical") == [f"{base}archive/page/1/"]
    assert listed(older) == titles(["three", "two", "one"])
    assert head_rel(older, "prev") == ["../../"]
    assert nav_items(older) == [("Newest", "../../"), ("1", None)]
    entity = soup_of(outdir, "entities/acme/page/1/index.html")
    assert head_rel(entity, "prev") == ["../../"]
    assert not [
        a["href"]
        for a in entity.select('nav[aria-label="Pagination"] a')
        if ".html" in a["href"]
    ]


# -- incremental builds --------------------------------------------------------------


def _mtimes(outdir: Path) -> dict[str, int]:
    return {
        p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns
        for p in outdir.rglob("*.html")
        if "_static" not in p.parts
    }


def _add_post(srcdir: Path, name: str, date: str) -> None:
    text = (srcdir / "posts/2025/one.md").read_text(encoding="utf-8")
    text = text.replace("2025-01-10", date).replace("one", name)
    (srcdir / f"posts/2025/{name}.md").write_text(text, encoding="utf-8")


def _rebuild(srcdir: Path) -> set[str]:
    outdir = srcdir / "_build" / "html"
    before = _mtimes(outdir)
    app = build(srcdir, fresh=False)
    assert warnings_of(app.warning) == []
    after = _mtimes(outdir)
    return {name for name, mtime in after.items() if before.get(name) != mtime}


FIRST_PAGES = {f"{name}.html" for name in LISTINGS}


def listing_pages(written: set[str]) -> set[str]:
    return {name for name in written if name in FIRST_PAGES or "/page/" in name}


def test_a_new_post_rewrites_only_first_pages_until_a_chunk_fills(tmp_path):
    srcdir = copy_root(tmp_path, "paging")
    outdir = srcdir / "_build" / "html"
    build(srcdir)
    older = {f"{prefix}/page/1.html" for prefix in LISTINGS.values()}
    pristine = {name: (outdir / name).read_bytes() for name in older}

    # An eighth post: the first pages take it (five posts), nothing else moves.
    _add_post(srcdir, "eight", "2025-04-04")
    written = _rebuild(srcdir)
    assert listing_pages(written) == FIRST_PAGES
    assert listed(soup_of(outdir, "archive.html"))[0] == "Post eight"
    assert {name: (outdir / name).read_bytes() for name in older} == pristine

    # A ninth fills the chunk four to six: page 2 appears, page 1 now links
    # it as its newer neighbour, and the first page shrinks to three posts.
    _add_post(srcdir, "nine", "2025-04-16")
    written = _rebuild(srcdir)
    second = {f"{prefix}/page/2.html" for prefix in LISTINGS.values()}
    assert listing_pages(written) == FIRST_PAGES | older | second
    assert listed(soup_of(outdir, "archive.html")) == titles(["nine", "eight", "seven"])
    assert listed(soup_of(outdir, "archive/page/2.html")) == titles(
        ["six", "five", "four"]
    )
    assert steps(soup_of(outdir, "archive/page/1.html"))["prev"] == (
        "← Newer",
        "2.html",
    )

    # Nothing changed: nothing is rewritten.
    assert listing_pages(_rebuild(srcdir)) == set()

    # Two posts fewer: page 2 goes, its files with it.
    (srcdir / "posts/2025/eight.md").unlink()
    (srcdir / "posts/2025/nine.md").unlink()
    written = _rebuild(srcdir)
    assert not [name for name in _mtimes(outdir) if name.endswith("/page/2.html")]
    assert listed(soup_of(outdir, "archive.html")) == titles(
        ["seven", "six", "five", "four"]
    )
    assert steps(soup_of(outdir, "archive/page/1.html"))["prev"] == (
        "← Newer",
        "../../archive.html",
    )


def test_a_document_in_the_way_of_an_older_page_is_named(tmp_path):
    srcdir = copy_root(tmp_path, "paging")
    (srcdir / "archive/page").mkdir(parents=True)
    page = srcdir / "archive/page/1.md"
    page.write_text("---\norphan: true\n---\n\n# Mine\n\nText.\n", encoding="utf-8")
    app = build(srcdir)
    warnings = [strip_colors(w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            "archive/page/1.md:1: WARNING: archive/page/1.md takes the name of page 1 of "
            "archive; rename it [newsdesk.pages]"
        )
    ]
    # The document stays; the archive's older page does not overwrite it.
    assert soup_of(Path(app.outdir), "archive/page/1.html").h1.contents[0] == "Mine"


def test_a_document_in_the_way_of_a_tag_page_is_named(tmp_path):
    """tags/<slug>.md would be the tag's page: named at its first line, as
    the tag's page (not "page None")."""
    srcdir = copy_root(tmp_path, "paging")
    (srcdir / "tags").mkdir()
    (srcdir / "tags/ai.md").write_text("# Mine\n\nText.\n", encoding="utf-8")
    app = build(srcdir)
    warnings = [strip_colors(w) for w in warnings_of(app.warning)]
    assert (
        "tags/ai.md:1: WARNING: tags/ai.md takes the name of the page of tags/ai; "
        "rename it [newsdesk.pages]"
    ) in warnings


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_folder_index_in_the_way_of_a_tag_page_is_named(tmp_path, builder):
    """tags/ai/index.md is written where the tag's clean URL goes
    (tags/ai/index.html): named in either builder, and the document stays."""
    srcdir = copy_root(tmp_path, "paging")
    (srcdir / "tags/ai").mkdir(parents=True)
    page = srcdir / "tags/ai/index.md"
    page.write_text("---\norphan: true\n---\n\n# Mine\n\nText.\n", encoding="utf-8")
    app = build(srcdir, builder)
    warnings = [strip_colors(w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            "tags/ai/index.md:1: WARNING: tags/ai/index.md takes the name of the "
            "page of tags/ai; rename it [newsdesk.pages]"
        )
    ]
    soup = soup_of(Path(app.outdir), "tags/ai/index.html")
    assert soup.h1.contents[0] == "Mine"


def test_lint_names_a_document_in_the_way_as_the_build_does(tmp_path):
    """The check ran only while pages were written: ``nox -s lint``, which
    writes none, passed a page the build then refused."""
    srcdir = copy_root(tmp_path, "paging")
    (srcdir / "tags/ai").mkdir(parents=True)
    page = srcdir / "tags/ai/index.md"
    page.write_text("---\norphan: true\n---\n\n# Mine\n\nText.\n", encoding="utf-8")
    assert cli.build_problems(srcdir) == [
        (
            "tags/ai/index.md:1: tags/ai/index.md takes the name of the page of "
            "tags/ai; rename it"
        )
    ]


def test_an_archive_on_an_entity_page_is_refused(tmp_path):
    """An entity page's older pages are its own posts': an archive there
    wrote its older pages at the same addresses, unsaid."""
    srcdir = copy_root(tmp_path, "paging")
    entity = srcdir / "entities/acme.md"
    text = entity.read_text(encoding="utf-8")
    entity.write_text(f"{text}\n```{{newsdesk-archive}}\n```\n", encoding="utf-8")
    app = build(srcdir)
    warnings = [strip_colors(w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            "entities/acme.md:9: WARNING: {newsdesk-archive}: an entity page lists "
            "its own posts, page by page, where the archive's older pages would "
            "go; link the archive instead [newsdesk.policy]"
        )
    ]
    outdir = Path(app.outdir)
    assert (
        soup_of(outdir, "entities/acme/page/1.html")
        .title.get_text()
        .startswith("Posts about Acme \N{EM DASH} page 1")
    )
    assert not soup_of(outdir, "entities/acme.html").select("section[id^=archive-]")


def test_the_latest_posts_are_at_most_a_hundred(tmp_path):
    """Every other listing of posts is cut into pages: ':limit:' of a million
    put every post of the site on one page. Too many is named, and the page
    shows the default."""
    srcdir = copy_root(tmp_path, "paging")
    index = srcdir / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace(":limit: 2", ":limit: 1000000"), encoding="utf-8")
    app = build(srcdir)
    warnings = [strip_colors(w) for w in warnings_of(app.warning)]
    assert warnings == [
        (
            "index.md:4: WARNING: 'newsdesk-latest': Invalid option value for "
            "'limit': 1000000: at most 100; older posts are in the archive "
            "[myst.directive_option]"
        )
    ]
    cards = soup_of(Path(app.outdir), "index.html").select("ul.nd-cards > li")
    assert len(cards) == len(POSTS)  # the default 10: all seven


def test_an_option_or_text_in_a_listing_is_named_at_its_line(tmp_path):
    """A listing with no options took ':limit: 5' for text, and the only word
    was MyST's "Has content, but none permitted"; the listing is still shown."""
    srcdir = copy_root(tmp_path, "paging")
    archive = srcdir / "archive.md"
    text = archive.read_text(encoding="utf-8")
    archive.write_text(
        text.replace("{newsdesk-archive}\n", "{newsdesk-archive}\n:limit: 5\n")
        + "\n```{newsdesk-latest}\n:limit: 1\n\nThe newest.\n```\n",
        encoding="utf-8",
    )
    app = build(srcdir)
    lines = archive.read_text(encoding="utf-8").splitlines()
    at = lines.index(":limit: 5") + 1
    said = lines.index("The newest.") + 1
    assert [strip_colors(w) for w in warnings_of(app.warning)] == [
        (
            f"archive.md:{at}: WARNING: {{newsdesk-archive}}: takes no options "
            "(:limit:); it lists every post itself [newsdesk.listing]"
        ),
        (
            f"archive.md:{said}: WARNING: {{newsdesk-latest}}: takes no text: it "
            "is filled from the site's posts; write text before or after its "
            "fence [newsdesk.listing]"
        ),
    ]
    page = soup_of(Path(app.outdir), "archive.html")
    assert page.select("section[id^=archive-]")


def test_a_bad_page_size_is_named_and_the_default_used(tmp_path):
    app = build(copy_root(tmp_path, "paging"), confoverrides={"newsdesk_page_size": 0})
    assert [strip_colors(w) for w in warnings_of(app.warning)] == [
        (
            "WARNING: newsdesk_page_size = 0 must be a whole number of 1 or more; "
            "using 50 [newsdesk.config]"
        )
    ]
    # 50 to a page: all seven posts on the first, no older pages.
    assert listed(soup_of(Path(app.outdir), "archive.html")) == titles(POSTS[::-1])
    assert not list(Path(app.outdir).rglob("page"))
