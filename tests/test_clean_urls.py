"""Clean URLs (the ``dirhtml`` builder, as on Read the Docs): every URL the site
prints ends in a folder, the old ``.html`` addresses still lead to their pages,
the sitemap lists every page with its last change, and the 404 page offers a
way on."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import warnings_of
from sitebuild import build, copy_root

BASE = "https://example.org/news/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
#: published posts of the discovery root, newest first
POSTS = [
    "posts/2025/february-analysis",
    "posts/2025/january-brief",
    "posts/2024/old-news",
]
CORRECTION = """\
corrections:
  - date: 2025-04-02
    kind: correction
    text: This post said the wombat story broke before the holidays; it broke after.
"""


def _add_correction(srcdir: Path) -> None:
    post = srcdir / "posts/2024/old-news.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("---\n\n#", CORRECTION + "---\n\n#", 1), "utf-8")


@pytest.fixture(scope="module")
def srcdir(tmp_path_factory) -> Path:
    srcdir = copy_root(tmp_path_factory.mktemp("clean"), "discovery")
    _add_correction(srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        # As in the site's conf.py: OpenGraph tags, for og:url.
        conf.write(
            'extensions.insert(0, "sphinxext.opengraph")\n'
            f"ogp_site_url = {BASE!r}\n"
            'ogp_social_cards = {"enable": False}\n'
        )
    return srcdir


@pytest.fixture(scope="module")
def site(srcdir):
    """The discovery root built as Read the Docs builds it: dirhtml, base URL."""
    return build(
        srcdir,
        "dirhtml",
        confoverrides={"html_baseurl": BASE, "notfound_urls_prefix": "/news/"},
    )


def soup_of(app, url_path: str) -> BeautifulSoup:
    """The page served at ``url_path`` (a clean URL from the site root)."""
    path = Path(app.outdir) / url_path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_builds_without_warnings(site):
    assert warnings_of(site.warning) == []


@pytest.mark.parametrize(
    "url_path",
    ["", "posts/2025/january-brief/", "tags/ai/", "archive/", "tags/"],
)
def test_canonical_and_og_url_are_clean(site, url_path):
    soup = soup_of(site, url_path)
    assert soup.select_one('link[rel="canonical"]')["href"] == BASE + url_path
    if url_path != "tags/ai/":  # generated pages have no OpenGraph tags
        og_url = soup.select_one('meta[property="og:url"]')
        assert og_url["content"] == BASE + url_path


def test_json_ld_urls_are_clean(site):
    soup = soup_of(site, "posts/2025/january-brief/")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["url"] == BASE + "posts/2025/january-brief/"
    assert data["mainEntityOfPage"]["@id"] == BASE + "posts/2025/january-brief/"
    assert data["publisher"]["url"] == BASE


def test_feeds_link_clean_urls(site):
    out = Path(site.outdir)
    atom = ET.parse(out / "atom.xml")
    # Each entry's first link is the post; the second, the source article.
    links = [
        entry.find("a:link", ATOM_NS) for entry in atom.findall("a:entry", ATOM_NS)
    ]
    assert sorted(link.get("href") for link in links) == sorted(
        BASE + doc + "/" for doc in POSTS
    )
    feed = json.loads((out / "feed.json").read_text("utf-8"))
    assert feed["home_page_url"] == BASE
    assert sorted(item["url"] for item in feed["items"]) == sorted(
        BASE + doc + "/" for doc in POSTS
    )


def test_api_and_llms_txt_link_clean_urls(site):
    out = Path(site.outdir)
    year = json.loads((out / "api/posts/2025.json").read_text("utf-8"))
    assert sorted(post["url"] for post in year["posts"]) == sorted(
        BASE + doc + "/" for doc in POSTS if "/2025/" in doc
    )
    llms = (out / "llms.txt").read_text("utf-8")
    linked = re.findall(r"\]\((https://[^)]+)\)", llms)
    assert {BASE + doc + "/" for doc in POSTS} <= set(linked)
    assert not [url for url in linked if url.endswith(".html")]


def test_old_html_addresses_redirect_to_the_clean_urls(site):
    """A link published before (``.../january-brief.html``) still arrives; the
    page's query and fragment go along."""
    out = Path(site.outdir)
    expected = {
        "posts/2025/january-brief.html": "january-brief/",
        "posts/2024/old-news.html": "old-news/",
        "tags/ai.html": "ai/",
        "tags.html": "tags/",
        "archive.html": "archive/",
        "search.html": "search/",
    }
    for old, target in expected.items():
        text = (out / old).read_text("utf-8")
        assert f'content="0; url={target}"' in text, old
        assert f'location.replace("{target}"+location.search+location.hash)' in text
        assert (out / old).parent.joinpath(target, "index.html").is_file()
    # The home page and index pages are their own index.html, not redirects.
    assert "Discovery Desk" in (out / "index.html").read_text("utf-8")
    assert not (out / "posts/2025/secret-draft.html").exists()


# -- sitemap -----------------------------------------------------------------------


def _sitemap(app) -> dict[str, str | None]:
    tree = ET.parse(Path(app.outdir) / "sitemap.xml")
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in tree.findall("s:url", SITEMAP_NS)
    }


def test_sitemap_lists_clean_urls_with_the_last_change(site):
    sitemap = _sitemap(site)
    assert set(sitemap) == {
        BASE,
        BASE + "archive/",
        BASE + "tags/",
        BASE + "corrections/",
        BASE + "publishers/example-wire/",
        *(BASE + doc + "/" for doc in POSTS),
        *(BASE + f"tags/{slug}/" for slug in ("ai", "chips", "robots")),
        BASE + "tags/ren-gong-zhi-neng/",
    }
    # A corrected post changed on the correction's day; an updated one when updated.
    assert sitemap[BASE + "posts/2024/old-news/"] == "2025-04-02"
    assert sitemap[BASE + "posts/2025/january-brief/"] == "2025-03-01T12:00:00+00:00"
    assert (
        sitemap[BASE + "posts/2025/february-analysis/"] == "2025-02-10T18:00:00+01:00"
    )
    # Listings changed when the newest of their posts did.
    assert sitemap[BASE + "tags/ai/"] == "2025-04-02"
    assert sitemap[BASE + "tags/robots/"] == "2025-03-01T12:00:00+00:00"
    assert sitemap[BASE + "corrections/"] == "2025-04-02"
    assert sitemap[BASE] == "2025-04-02"  # the home page lists the latest posts


def test_incremental_build_still_lists_every_page(site, srcdir):
    """Touching one post rebuilds only that page; the sitemap stays complete
    (and byte for byte the same, as nothing dated changed)."""
    before = (Path(site.outdir) / "sitemap.xml").read_bytes()
    post = srcdir / "posts/2025/january-brief.md"
    post.write_text(post.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    again = build(
        srcdir,
        "dirhtml",
        confoverrides={"html_baseurl": BASE, "notfound_urls_prefix": "/news/"},
        fresh=False,
    )
    assert "1 changed" in again._status.getvalue()
    assert (Path(again.outdir) / "sitemap.xml").read_bytes() == before
    assert len(_sitemap(again)) == 12


# -- 404 -----------------------------------------------------------------------------


def test_404_page_offers_home_search_and_the_latest_posts(site):
    soup = soup_of(site, "404/")
    assert [h.get_text() for h in soup.select("h1")] == ["Page not found"]
    main = soup.select_one("[role=main]")
    home = main.find("a", string="Go to the home page")
    assert home["href"] == "/news/"
    form = main.select_one("form[role=search]")
    assert form["action"] == "/news/search/"
    assert form["method"] == "get"
    assert form.select_one("input")["name"] == "q"
    latest = [a["href"] for a in main.select(".nd-post-list__title a")]
    assert latest == [f"/news/{doc}/" for doc in POSTS]
    # The theme's own links home lead there too (not "#"), and the page names no
    # canonical address of its own.
    assert soup.select_one("a.sidebar-brand")["href"] == "/news/"
    assert soup.select('link[rel="canonical"]') == []
    # Also at 404.html, where every host (Read the Docs first) looks for it.
    out = Path(site.outdir)
    assert (out / "404.html").read_bytes() == (out / "404/index.html").read_bytes()


def test_only_pages_that_are_search_results_load_the_search_highlighter(site):
    """Sphinx's highlighter marks a search's words on the post or tag page a
    result opens; pages that are never results go without it."""

    def scripts(url_path: str) -> list[str]:
        return [s["src"] for s in soup_of(site, url_path).select("script[src]")]

    for url_path in ("", "404/", "search/"):
        assert not [s for s in scripts(url_path) if "sphinx_highlight" in s]
    for url_path in ("posts/2025/january-brief/", "tags/ai/"):
        assert [s for s in scripts(url_path) if "sphinx_highlight" in s]


def test_entity_pages_date_from_their_update_or_their_newest_post(tmp_path):
    """An entity page changed when its own text was updated, or when a post about
    it appeared, whichever is later."""
    srcdir = copy_root(tmp_path, "basic")
    acme = srcdir / "entities/acme.md"
    acme.write_text(
        acme.read_text("utf-8").replace(
            "kind: company\n", "kind: company\nupdated: 2025-06-30\n"
        ),
        "utf-8",
    )
    app = build(srcdir, "dirhtml", confoverrides={"html_baseurl": BASE})
    assert warnings_of(app.warning) == []
    sitemap = _sitemap(app)
    assert sitemap[BASE + "entities/acme/"] == "2025-06-30"  # newer than its posts
    # Roadrunner's newest post: same-day-a, 2025-03-05 12:00 UTC.
    assert sitemap[BASE + "entities/roadrunner/"] == "2025-03-05T12:00:00+00:00"
    assert not [url for url in sitemap if url.endswith(".html")]
