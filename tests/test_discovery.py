"""Finding posts: tag pages, tags index, archive, sitemap, 404, site search, and
drafts and scheduled posts that leave no trace until they are published."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from conftest import page, warnings_of
from sitebuild import build, copy_root, output_files
from test_search import fragments

BASE = "https://example.org/news/"
#: published posts of the discovery root, newest first
PUBLISHED = {
    "posts/2025/february-analysis": "February analysis of chips",
    "posts/2025/january-brief": "January brief on robots",
    "posts/2024/old-news": "Old news from December",
}
#: what only the draft and the scheduled post contain (names, words, tags)
UNPUBLISHED_MARKERS = (
    "secret-draft",
    "zanzibar",
    "kumquat",
    "draftonlytag",
    "future-plans",
    "tomorrowland",
    "zeppelin",
    "futureonlytag",
)


def epoch(day: dt.date) -> str:
    return str(
        int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The discovery root as published on Read the Docs (canonical URL set)."""
    return build(
        copy_root(tmp_path_factory.mktemp("site"), "discovery"),
        confoverrides={"html_baseurl": BASE, "notfound_urls_prefix": "/news/"},
    )


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A Read the Docs pull-request preview: newsdesk_show_drafts is left unset
    (None), so the build shows drafts and scheduled posts because of the
    environment."""
    return build(
        copy_root(tmp_path_factory.mktemp("preview"), "discovery"),
        env={"READTHEDOCS_VERSION_TYPE": "external"},
    )


@pytest.fixture(scope="module")
def before_february(tmp_path_factory):
    """Built as if on 2025-02-01 (SOURCE_DATE_EPOCH): the February post is future."""
    return build(
        copy_root(tmp_path_factory.mktemp("epoch"), "discovery"),
        env={"SOURCE_DATE_EPOCH": epoch(dt.date(2025, 2, 1))},
    )


def test_site_builds_without_warnings(site):
    assert warnings_of(site.warning) == []


# -- tags ------------------------------------------------------------------------


def _listed(soup) -> list[str]:
    return [a.get_text() for a in soup.select(".nd-post-list__title a")]


def test_tag_page_lists_every_post_with_the_tag_newest_first(site):
    soup = page(site, "tags/ai")
    assert soup.select_one("h1").get_text().startswith("Tag: AI")
    assert _listed(soup) == list(PUBLISHED.values())
    hrefs = [a["href"] for a in soup.select(".nd-post-list__title a")]
    assert hrefs == [f"../{doc}.html" for doc in PUBLISHED]
    text = soup.select_one("[role=main]").get_text()
    assert f"{len(PUBLISHED)} posts tagged" in text
    assert "post(s)" not in text


def test_every_tag_link_on_a_post_leads_to_a_page_listing_it(site):
    outdir = Path(site.outdir)
    for docname, title in PUBLISHED.items():
        links = page(site, docname).select(".nd-post-header a.nd-tag")
        assert links, docname
        for link in links:
            target = (outdir / docname).parent / link["href"]
            assert target.resolve().is_file(), (docname, link["href"])
            tag_page = target.resolve().relative_to(outdir).with_suffix("").as_posix()
            assert title in _listed(page(site, tag_page)), (docname, tag_page)


def test_spellings_differing_in_case_are_one_tag(site):
    """``AI`` (two posts) and ``ai`` (one post) share one page, named "AI"."""
    chips = page(site, "posts/2025/january-brief").select(".nd-post-header a.nd-tag")
    assert [(a.get_text(), a["href"]) for a in chips] == [
        ("AI", "../../tags/ai.html"),
        ("robots", "../../tags/robots.html"),
    ]
    pages = sorted(p.name for p in (Path(site.outdir) / "tags").glob("*.html"))
    assert pages == ["ai.html", "chips.html", "ren-gong-zhi-neng.html", "robots.html"]


def test_non_latin_tag_gets_an_ascii_url(site):
    chips = page(site, "posts/2024/old-news").select(".nd-post-header a.nd-tag")
    assert [(a.get_text(), a["href"]) for a in chips] == [
        ("AI", "../../tags/ai.html"),
        ("人工知能", "../../tags/ren-gong-zhi-neng.html"),
    ]
    soup = page(site, "tags/ren-gong-zhi-neng")
    assert "人工知能" in soup.select_one("h1").get_text()
    assert _listed(soup) == ["Old news from December"]


def test_tags_index_counts_posts(site):
    items = page(site, "tags").select(".nd-tag-cloud li")
    counts = [
        (li.select_one("a").get_text(), li.select_one(".nd-count").get_text().strip())
        for li in items
    ]
    assert counts == [("AI", "3"), ("chips", "1"), ("robots", "1"), ("人工知能", "1")]


def test_tags_sharing_a_url_are_a_build_warning_naming_the_post(tmp_path):
    """``C++`` and ``C`` both slugify to ``c``: one page, and a warning, never a
    page silently overwritten."""
    app = build(copy_root(tmp_path, "tag-collision"))
    expected = (
        "posts/2025/about-cpp.md:4: WARNING: tags: 'C++' and 'C' would share the "
        "page tags/c; rename one of them [newsdesk.metadata]"
    )
    assert [strip_colors(w) for w in warnings_of(app.warning)] == [expected]
    assert _listed(page(app, "tags/c")) == ["About C"]
    assert sorted(p.name for p in (Path(app.outdir) / "tags").glob("*.html")) == [
        "c.html"
    ]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_name_that_passes_for_another_of_its_kind_is_refused(tmp_path):
    """A tag, series or publisher written in other letters that look the
    same (all Cyrillic, or a digit for a letter) would be a second page that
    readers cannot tell from the first: the name of the most posts keeps its
    look, the other is named with the characters that differ."""
    srcdir = copy_root(tmp_path, "basic")
    posts = srcdir / "posts/2025"
    _replace(posts / "same-day-b.md", "tags: [chips]", "tags: [chips, \u0430\u0456]")
    _replace(
        posts / "same-day-b.md",
        "series: Acme story",
        "series: \u0410\u0421\u041c\u0415 story",
    )
    _replace(posts / "first.md", "publisher: Example News", "publisher: Examp1e News")
    app = build(srcdir)
    said = [strip_colors(w) for w in warnings_of(app.warning)]
    assert said == [
        (
            "posts/2025/first.md:8: WARNING: source.publisher: 'Examp1e News' looks "
            "like the publisher 'Example News' but is written with other characters "
            "('1' (U+0031 DIGIT ONE)); use 'Example News', or a name that does not "
            "look like it [newsdesk.metadata]"
        ),
        (
            "posts/2025/same-day-b.md:4: WARNING: tags: '\u0430\u0456' looks like "
            "the tag 'ai' but is written with other characters ('\u0430' (U+0430 "
            "CYRILLIC SMALL LETTER A), '\u0456' (U+0456 CYRILLIC SMALL LETTER "
            "BYELORUSSIAN-UKRAINIAN I)); use 'ai', or a name that does not look "
            "like it [newsdesk.metadata]"
        ),
        (
            "posts/2025/same-day-b.md:5: WARNING: series: '\u0410\u0421\u041c\u0415 "
            "story' looks like the series 'Acme story' but is written with other "
            "characters ('\u0410' (U+0410 CYRILLIC CAPITAL LETTER A), '\u0421' "
            "(U+0421 CYRILLIC CAPITAL LETTER ES), '\u041c' (U+041C CYRILLIC "
            "CAPITAL LETTER EM), '\u0415' (U+0415 CYRILLIC CAPITAL LETTER IE)); use "
            "'Acme story', or a name that does not look like it [newsdesk.metadata]"
        ),
    ]
    tags = sorted(p.name for p in (Path(app.outdir) / "tags").glob("*.html"))
    assert tags == ["ai.html", "chips.html", "cloud.html"]


def test_a_name_written_with_other_spaces_or_punctuation_is_refused(tmp_path):
    """'TechBriefly' beside 'Tech Briefly' was a second publisher page, and a
    story's series or a tag split the same way, without a word: the name of
    the most posts is kept, the other named at its first post."""
    srcdir = copy_root(tmp_path, "basic")
    posts = srcdir / "posts/2025"
    _replace(posts / "same-day-b.md", "tags: [chips]", "tags: [chips, A.I.]")
    _replace(posts / "same-day-b.md", "series: Acme story", "series: Acme-story")
    _replace(posts / "first.md", "publisher: Example News", "publisher: ExampleNews")
    app = build(srcdir)
    said = [strip_colors(w) for w in warnings_of(app.warning)]
    assert said == [
        (
            "posts/2025/first.md:8: WARNING: source.publisher: 'ExampleNews' is the "
            "publisher 'Example News' written with other spaces or punctuation; "
            "write 'Example News', as the site's other posts do [newsdesk.metadata]"
        ),
        (
            "posts/2025/same-day-b.md:4: WARNING: tags: 'A.I.' is the tag 'ai' "
            "written with other spaces or punctuation; write 'ai', as the site's "
            "other posts do [newsdesk.metadata]"
        ),
        (
            "posts/2025/same-day-b.md:5: WARNING: series: 'Acme-story' is the series "
            "'Acme story' written with other spaces or punctuation; write 'Acme "
            "story', as the site's other posts do [newsdesk.metadata]"
        ),
    ]
    tags = sorted(p.name for p in (Path(app.outdir) / "tags").glob("*.html"))
    assert tags == ["ai.html", "chips.html", "cloud.html"]


# -- archive -------------------------------------------------------------------------


def test_archive_has_a_heading_per_month_and_dated_entries_newest_first(site):
    article = page(site, "archive").select_one("article")
    # h1, then one h2 per month: heading levels in order, no year level between.
    assert [h.name for h in article.select("h1, h2, h3")] == ["h1", "h2", "h2", "h2"]
    groups = [
        (
            month.h2.contents[0].strip(),
            [
                (item.time["datetime"][:10], item.get_text(" ", strip=True))
                for item in month.select("li")
            ],
        )
        for month in article.select("section#archive > section.nd-listing-section")
    ]
    # Each entry is "date — title": a <time>, a visible separator, the link.
    assert groups == [
        (
            "February 2025",
            [("2025-02-10", "February 10, 2025 — February analysis of chips")],
        ),
        (
            "January 2025",
            [("2025-01-15", "January 15, 2025 — January brief on robots")],
        ),
        (
            "December 2024",
            [("2024-12-20", "December 20, 2024 — Old news from December")],
        ),
    ]


# -- sitemap and 404 -------------------------------------------------------------------


def test_sitemap_lists_every_published_page_and_nothing_else(site):
    tree = ET.parse(Path(site.outdir) / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    pages = {loc.removeprefix(BASE) for loc in locs}
    assert {f"{doc}.html" for doc in PUBLISHED} <= pages
    assert {
        "index.html",
        "archive.html",
        "tags.html",
        "tags/ai.html",
        "tags/ren-gong-zhi-neng.html",
    } <= pages
    assert not pages & {"search.html", "genindex.html", "404.html"}
    assert all(loc.startswith(BASE) for loc in locs)


def test_robots_txt_tells_crawlers_where_the_sitemap_is(site):
    """Crawlers find a sitemap through robots.txt: there was none, and the one
    Read the Docs writes in its place names only its own list of versions."""
    from urllib.robotparser import RobotFileParser

    robots = RobotFileParser()
    robots.parse((Path(site.outdir) / "robots.txt").read_text("utf-8").splitlines())
    assert robots.site_maps() == [f"{BASE}sitemap.xml"]
    assert (Path(site.outdir) / "sitemap.xml").is_file()
    for path in ("", "posts/2025/january-brief.html", "search.html"):
        assert robots.can_fetch("Googlebot", BASE + path), path


def test_a_local_build_writes_no_robots_txt(preview):
    """Without html_baseurl there is no sitemap to name, nor any address."""
    assert not (Path(preview.outdir) / "robots.txt").exists()


def test_404_page_works_at_any_depth(site):
    soup = page(site, "404")
    assert "Page not found" in soup.get_text()
    stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    assert stylesheets
    assert all(href.startswith("/news/_static/") for href in stylesheets)
    home = [a["href"] for a in soup.select("a") if a.get_text(strip=True) == "Archive"]
    assert home
    assert all(href == "/news/archive.html" for href in home)


# -- search ------------------------------------------------------------------------------


def test_search_finds_posts_by_body_and_title_words(site):
    """Pagefind's index (tests/test_search.py has the rest): each published post
    once, by its URL, with its own words and title."""
    pages = fragments(site.outdir)
    posts = {url: f for url, f in pages.items() if f["meta"].get("kind") == "post"}
    assert set(posts) == {f"/{doc}.html" for doc in PUBLISHED}
    assert "quokka" in posts["/posts/2025/january-brief.html"]["content"]
    assert "wombat" in posts["/posts/2024/old-news.html"]["content"]
    for docname, title in PUBLISHED.items():
        assert posts[f"/{docname}.html"]["meta"]["title"] == title


# -- drafts and scheduled posts ----------------------------------------------------------


def test_unpublished_posts_leave_no_trace(site):
    """Every output file, searched for anything only a draft or a scheduled post
    contains: pages, listings, feeds, sitemap, search index, inventory."""
    files = output_files(site)
    assert {"atom.xml", "sitemap.xml", "objects.inv"} <= set(files)
    assert any(name.startswith("pagefind/fragment/") for name in files)
    traces = {
        (name, marker)
        for name, text in files.items()
        for marker in UNPUBLISHED_MARKERS
        if marker in text.casefold()
    }
    assert traces == set()
    assert not any(
        "draft" in name or "future" in name or "2099" in name for name in files
    )


def test_previews_show_unpublished_posts_with_a_banner(preview):
    assert warnings_of(preview.warning) == []
    draft = page(preview, "posts/2025/secret-draft").select_one(".nd-status-banner")
    assert draft.strong.get_text() == "Draft."
    assert draft.select_one(".admonition-title").get_text() == "Draft"
    scheduled = page(preview, "posts/2099/future-plans").select_one(".nd-status-banner")
    assert scheduled.strong.get_text() == "Scheduled."
    assert scheduled.select_one(".admonition-title").get_text() == "Scheduled"
    assert "2099" in scheduled.get_text()
    assert "Zanzibar draft heading" in _listed(page(preview, "tags/ai"))
    # The markers the published site is searched for are there to be found.
    files = output_files(preview)
    for marker in UNPUBLISHED_MARKERS:
        assert any(marker in text.casefold() for text in files.values()), marker
    # Published posts carry no banner.
    assert page(preview, "posts/2025/january-brief").select(".nd-status-banner") == []


def _badges(soup, item: str) -> dict[str, str]:
    """Title -> badge text of each listed post ("" when it has none)."""
    found = {}
    for entry in soup.select(item):
        badge = entry.select_one(".nd-badge")
        found[entry.a.get_text()] = badge.get_text() if badge else ""
    return found


def test_previews_mark_unpublished_posts_in_bylines_and_listings(preview):
    """A draft's byline says it is not published (no "Published" date), and its
    card, tag-page entry and archive line carry a visible badge ("The first hour")."""
    draft = page(preview, "posts/2025/secret-draft").select_one(".nd-byline")
    assert draft.get_text().startswith("Draft — not published · ")
    assert "Published" not in draft.get_text()
    assert draft.select("time") == []
    scheduled = page(preview, "posts/2099/future-plans").select_one(".nd-byline")
    assert scheduled.get_text().startswith("Scheduled for ")
    assert "2099" in scheduled.time["datetime"]
    published = page(preview, "posts/2025/january-brief").select_one(".nd-byline")
    assert published.get_text().startswith("Published ")

    expected = {
        "Zanzibar draft heading": "Draft",
        "January brief on robots": "",
    }
    cards = _badges(page(preview, "index"), ".nd-card .sd-card-title")
    tag_page = _badges(page(preview, "tags/ai"), ".nd-post-list__title")
    archive = _badges(page(preview, "archive"), ".nd-post-list li")
    for listing in (cards, tag_page, archive):
        assert expected.items() <= listing.items()
    assert "Scheduled" in cards.values()


def test_published_site_shows_no_badges(site):
    pages = [name for name in output_files(site) if name.endswith(".html")]
    assert "index.html" in pages
    assert [name for name in pages if page(site, name[:-5]).select(".nd-badge")] == []


def test_source_date_epoch_decides_what_is_future(before_february):
    # January's brief was updated on March 1: ahead of a build dated February 1
    assert [strip_colors(w) for w in warnings_of(before_february.warning)] == [
        (
            "posts/2025/january-brief.md:3: WARNING: updated: '2025-03-01T12:00:00Z' "
            "is in the future [newsdesk.metadata]"
        )
    ]
    outdir = Path(before_february.outdir)
    assert (outdir / "posts/2025/january-brief.html").is_file()
    assert not (outdir / "posts/2025/february-analysis.html").exists()
    files = output_files(before_february)
    assert not [name for name, text in files.items() if "february-analysis" in text]
    assert _listed(page(before_february, "tags/ai")) == [
        "January brief on robots",
        "Old news from December",
    ]


def test_a_drafts_file_name_leaves_out_that_file_alone(tmp_path):
    """A draft's path joins Sphinx's exclude patterns, where '*', '?' and '['
    are wildcards: a draft named '*.md' left out every post of its year, and
    the build succeeded without a word."""
    srcdir = copy_root(tmp_path, "discovery")
    draft = (srcdir / "posts/2025/secret-draft.md").read_text("utf-8")
    for name in ("*.md", "[fj]*.md", "?anuary-brief.md"):
        (srcdir / "posts/2025" / name).write_text(draft, "utf-8")
    app = build(srcdir)
    assert set(PUBLISHED) <= app.env.found_docs
    assert not [doc for doc in app.env.found_docs if "*" in doc or "?" in doc]
