"""Link previews and search engines: meta tags, OpenGraph, JSON-LD, canonical URLs.

The pages are read back with independent parsers: extruct (lxml) for OpenGraph
and JSON-LD, BeautifulSoup with the standard library's HTML parser for the
rest, and ``json.loads`` on the raw script text. The ``hostile`` post carries
``</script>``, quotes, ``&`` and tags in its title, summary and source.
"""

from __future__ import annotations

import io
import json
import posixpath
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import extruct
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sphinx.testing.util import SphinxTestApp

BASE = "https://news.example.org/desk/"
HOSTILE_TITLE = 'Hostile </script> "quotes" & <b>bold</b> title'
HOSTILE_SUMMARY = (
    'A summary with </script><script>alert(1)</script> and "quotes" & <b>bold</b> markup,'
    " &amp; stays literal."
)
PLAIN_SUMMARY = (
    "Acme ships a rocket-powered model, and the coyote is its first customer."
)


def _build(tmp: Path, **confoverrides: Any) -> tuple[Path, str, dict[str, Any]]:
    """Build a private copy of the root: (output folder, warnings, env metadata)."""
    srcdir = tmp / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-sharing", srcdir)
    warning = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        confoverrides=confoverrides,
        status=io.StringIO(),
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), warning.getvalue(), app.env.metadata


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, Any]]:
    """The sharing root built once with html_baseurl set."""
    return _build(tmp_path_factory.mktemp("sharing"))


@pytest.fixture(scope="module")
def local_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str, dict[str, Any]]:
    """The same root without html_baseurl, as a local build."""
    return _build(
        tmp_path_factory.mktemp("sharing-local"), html_baseurl="", ogp_site_url=""
    )


def _html(outdir: Path, page: str) -> str:
    return (outdir / f"{page}.html").read_text(encoding="utf-8")


def _extract(
    outdir: Path, page: str
) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """OpenGraph properties (name -> values) and JSON-LD items, via extruct."""
    data = extruct.extract(_html(outdir, page), syntaxes=["opengraph", "json-ld"])
    og: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, []).append(value)
    return og, data["json-ld"]


def _meta_name(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.select(f'head meta[name="{name}"]')]


def test_builds_without_warnings(site, local_site):
    assert site[1] == ""
    assert local_site[1] == ""


@pytest.mark.parametrize(
    ("page", "title", "summary", "published", "modified", "tags"),
    [
        (
            "posts/2025/plain",
            "Acme's rocket model",
            PLAIN_SUMMARY,
            "2025-01-10T09:00:00+00:00",
            "2025-02-01T10:30:00+00:00",
            ["ai", "rockets"],
        ),
        (
            "posts/2025/hostile",
            HOSTILE_TITLE,
            HOSTILE_SUMMARY,
            "2025-03-05",
            None,
            ["ai", "R&D"],
        ),
    ],
)
def test_post_meta_tags(site, page, title, summary, published, modified, tags):
    outdir = site[0]
    og, _ = _extract(outdir, page)
    url = f"{BASE}{page}.html"
    assert og["og:title"] == [title]
    assert og["og:description"] == [summary]
    assert og["og:type"] == ["article"]
    assert og["og:url"] == [url]
    assert og["og:image"] == [f"{BASE}_images/cards/{page}.png"]
    assert og["og:image:width"] == ["1200"]
    assert og["og:image:height"] == ["630"]
    assert og["article:published_time"] == [published]
    assert og.get("article:modified_time") == ([modified] if modified else None)
    assert og["article:tag"] == tags
    soup = BeautifulSoup(_html(outdir, page), "html.parser")
    assert _meta_name(soup, "description") == [summary]
    assert _meta_name(soup, "twitter:card") == ["summary_large_image"]
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [url]


@pytest.mark.parametrize("page", ["posts/2025/plain", "posts/2025/hostile"])
def test_og_image_is_a_1200x630_png(site, page):
    og, _ = _extract(site[0], page)
    path = site[0] / og["og:image"][0].removeprefix(BASE)
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_post_jsonld(site):
    _, items = _extract(site[0], "posts/2025/plain")
    assert len(items) == 1
    data = items[0]
    url = f"{BASE}posts/2025/plain.html"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "AnalysisNewsArticle"
    assert data["headline"] == "Acme's rocket model"
    assert data["description"] == PLAIN_SUMMARY
    assert data["datePublished"] == "2025-01-10T09:00:00+00:00"
    assert data["dateModified"] == "2025-02-01T10:30:00+00:00"
    assert data["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "Test Desk",
        "url": BASE,
        "logo": {"@type": "ImageObject", "url": f"{BASE}_static/logo.png"},
    }
    assert data["image"] == f"{BASE}_images/cards/posts/2025/plain.png"
    # what a site republishing the post may do with it (newsdesk_license)
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["keywords"] == ["ai", "rockets"]
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["isBasedOn"] == {
        "@type": "NewsArticle",
        "url": "https://news.example.com/acme-rocket",
        "headline": "Acme launches rocket model",
        "publisher": {"@type": "Organization", "name": "Example News"},
        "datePublished": "2025-01-09",
    }
    assert data["about"] == [
        {
            "@type": "Organization",
            "name": "Acme",
            "url": f"{BASE}entities/acme.html",
            "sameAs": "https://acme.example.com/",
        },
        {
            "@type": "Person",
            "name": "Wile E. Coyote",
            "url": f"{BASE}entities/wile.html",
        },
        {
            "@type": "Product",
            "name": "Roadrunner",
            "url": f"{BASE}entities/roadrunner.html",
        },
    ]


def test_hostile_text_stays_inside_jsonld_and_attributes(site):
    """``</script>``, quotes and ``&`` in every field: one script element, valid
    JSON that round-trips, and no element injected into the head."""
    html = _html(site[0], "posts/2025/hostile")
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)  # strict: no lenient fallback
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_SUMMARY
    assert data["isBasedOn"]["headline"] == 'Source </script> "quoted" & <i>title</i>'
    assert data["isBasedOn"]["publisher"]["name"] == 'Publisher & <Sons> "Ltd"'
    assert data["isBasedOn"]["url"] == "https://news.example.com/hostile?a=1&b=2"
    assert "datePublished" not in data["isBasedOn"]  # the source has no date
    assert data["keywords"] == ["ai", "R&D"]
    # Nothing the front matter said became markup in the head.
    head = soup.head
    assert head.find("b") is None
    assert head.find("i") is None
    injected = [
        script
        for script in head.find_all("script")
        if "alert" in (script.string or "")
        and script.get("type") != "application/ld+json"
    ]
    assert injected == []
    assert "<b>" not in html.split("</head>")[0]


def test_landing_page_is_a_website(site):
    og, items = _extract(site[0], "index")
    assert items == [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Test Desk",
            "url": BASE,
            "description": "A test desk & its <news>.",
            "inLanguage": "en",
            "publisher": {
                "@type": "NewsMediaOrganization",
                "name": "Test Desk",
                "url": BASE,
                "logo": {"@type": "ImageObject", "url": f"{BASE}_static/logo.png"},
            },
        }
    ]
    assert og["og:type"] == ["website"]
    assert og["og:description"] == ["A test desk & its <news>."]


@pytest.mark.parametrize(
    ("page", "description"),
    [
        ("index", "A test desk & its <news>."),
        ("entities/acme", "Acme makes everything & sells it to coyotes."),
        ("genindex", "A test desk & its <news>."),  # a page without doctree
        # A page's own opening, not the words of every other page ...
        (
            "about",
            (
                "Test Desk explains one news story at a time & links the report "
                "it starts from."
            ),
        ),
        # ... unless it is a line too short to say more.
        ("notes", "A test desk & its <news>."),
    ],
)
def test_other_pages_have_one_description(site, page, description):
    soup = BeautifulSoup(_html(site[0], page), "html.parser")
    assert _meta_name(soup, "description") == [description]
    og, _ = _extract(site[0], page)
    assert og["og:description"] == [description]


def test_search_page_is_indexable_under_one_canonical_url(site):
    """Search engines may list the search page; a shared ?q= link names the
    page itself as canonical, so query variants are one page to them."""
    soup = BeautifulSoup(_html(site[0], "search"), "html.parser")
    assert soup.select('meta[name="robots"]') == []
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [
        f"{BASE}search.html"
    ]


@pytest.mark.parametrize(
    ("page", "title", "description"),
    [
        ("tags/ai", "Tag: ai", "2 posts tagged \u201cai\u201d"),
        ("search", "Search", "A test desk & its <news>."),
    ],
)
def test_generated_pages_have_opengraph_tags(site, page, title, description):
    """A tag, series, publisher or search page has no doctree, for which
    sphinxext-opengraph writes nothing: a link to one still previews with its
    title, its own description and its canonical URL."""
    og, _ = _extract(site[0], page)
    assert og["og:title"] == [title]
    assert og["og:type"] == ["website"]
    assert og["og:url"] == [f"{BASE}{page}.html"]
    assert og["og:site_name"] == ["Test Desk"]
    assert len(og["og:description"]) == 1
    assert og["og:description"][0].startswith(description)
    soup = BeautifulSoup(_html(site[0], page), "html.parser")
    assert _meta_name(soup, "description") == og["og:description"]


@pytest.mark.parametrize(
    "page", ["index", "about", "entities/acme", "entities/index", "tags/ai", "search"]
)
def test_pages_that_are_not_posts_preview_with_the_site_logo(site, page):
    """A link to the landing page, an entity, a tag or the search page
    previewed as bare text: only posts named an image (their card). They show
    the site's logo now, as a small square card."""
    og, _ = _extract(site[0], page)
    assert og["og:image"] == [f"{BASE}_static/logo.png"]
    assert og["og:image:alt"] == ["Test Desk logo"]
    assert (site[0] / "_static/logo.png").is_file()
    soup = BeautifulSoup(_html(site[0], page), "html.parser")
    assert _meta_name(soup, "twitter:card") == ["summary"]


def test_local_build_links_the_logo_from_each_page(local_site):
    outdir = local_site[0]
    for page in ("index", "tags/ai", "entities/acme"):
        og, _ = _extract(outdir, page)
        assert _resolves(outdir, page, og["og:image"][0]).is_file(), page


def test_environment_metadata_is_left_alone(site):
    """opengraph pops keys from context["meta"], the env's metadata of the page:
    it gets a copy with our og:* overrides, so the env never holds them."""
    for docname in ("posts/2025/plain", "posts/2025/hostile", "index"):
        assert [key for key in site[2][docname] if key.startswith("og:")] == []


# -- without html_baseurl ----------------------------------------------------------


def _resolves(outdir: Path, page: str, url: str) -> Path:
    """The output file a relative URL on ``page`` points at."""
    assert "://" not in url, url
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
    return outdir / path


def test_local_build_has_only_relative_urls(local_site):
    outdir = local_site[0]
    page = "posts/2025/plain"
    html = _html(outdir, page)
    assert "news.example.org" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select('link[rel="canonical"]') == []
    og, items = _extract(outdir, page)
    assert og["og:url"] == ["plain.html"]
    assert _resolves(outdir, page, og["og:image"][0]).is_file()
    data = items[0]
    for url in (
        data["url"],
        data["image"],
        data["publisher"]["logo"]["url"],
        data["about"][0]["url"],
    ):
        assert _resolves(outdir, page, url).is_file(), url
    assert data["publisher"]["url"] == "../../index.html"
    assert data["isBasedOn"]["url"] == "https://news.example.com/acme-rocket"


def test_local_landing_page_links_itself(local_site):
    _, items = _extract(local_site[0], "index")
    assert items[0]["url"] == "index.html"
    assert (
        urljoin("file:///site/index.html", items[0]["url"]) == "file:///site/index.html"
    )


def test_missing_logo_is_reported_and_left_out(tmp_path):
    outdir, warnings, _ = _build(tmp_path, newsdesk_logo="missing.png")
    assert "newsdesk_logo = 'missing.png' is not a file in html_static_path" in warnings
    assert "[newsdesk.config]" in warnings
    _, items = _extract(outdir, "posts/2025/plain")
    assert "logo" not in items[0]["publisher"]


def test_incremental_build_updates_entities_in_jsonld(tmp_path):
    """A post's ``about`` shows its entities' kind and official URL: changing
    them on the entity page rewrites the post, whose source did not change."""
    outdir, _, _ = _build(tmp_path)
    acme = tmp_path / "src" / "entities" / "acme.md"
    acme.write_text(
        acme.read_text(encoding="utf-8")
        .replace("kind: company", "kind: person")
        .replace("https://acme.example.com/", "https://acme.example.net/"),
        encoding="utf-8",
    )
    app = SphinxTestApp(
        "html", srcdir=tmp_path / "src", status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()  # incremental: only entities/acme.md was edited
    finally:
        app.cleanup()
    _, items = _extract(outdir, "posts/2025/plain")
    assert items[0]["about"][0] == {
        "@type": "Person",
        "name": "Acme",
        "url": f"{BASE}entities/acme.html",
        "sameAs": "https://acme.example.net/",
    }


def test_every_page_has_one_viewport_tag(site):
    """Two viewport tags (the theme's and the HTML writer's) are invalid HTML,
    and a browser takes whichever it reads last."""
    pages = sorted(site[0].rglob("*.html"))
    assert len(pages) > 10
    counts = {
        page.relative_to(site[0]).as_posix(): len(
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                'head meta[name="viewport"]'
            )
        )
        for page in pages
    }
    assert set(counts.values()) == {1}, counts
