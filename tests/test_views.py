"""Every output shows a post as its one view does: page, meta tags, JSON-LD, feed, API."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.index import domain as registry
from newsdesk.index.views import post_views
from sitebuild import build, copy_root
from test_search import fragments

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    srcdir = copy_root(tmp_path_factory.mktemp("views"), "knowledge")
    # Two spellings of one tag in one post, and a spelling another post set first.
    post = srcdir / "posts/2025/grok-rumour.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("tags: [cloud, ai]", "tags: [Cloud, ai, AI]"))
    app = build(srcdir, confoverrides={"html_baseurl": "https://news.example.org/"})
    assert "WARNING" not in app.warning.getvalue()
    return app


def _outputs(outdir: Path, docname: str) -> dict[str, list[str]]:
    soup = BeautifulSoup((outdir / f"{docname}.html").read_text(), "html.parser")
    jsonld = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    feed = ET.parse(outdir / "atom.xml").getroot()
    entry = next(
        e
        for e in feed.iter(f"{ATOM}entry")
        if e.find(f"{ATOM}link").get("href").endswith(f"{docname}.html")
    )
    api = json.loads((outdir / "api/posts/2025.json").read_text())
    record = next(p for p in api["posts"] if p["url"].endswith(f"{docname}.html"))
    search = fragments(outdir)[f"/{docname}.html"]["filters"]
    return {
        "search": search.get("tag", []),
        "header": [
            a.get_text(strip=True) for a in soup.select(".nd-post-header .nd-tags a")
        ],
        "article:tag": [
            m["content"] for m in soup.select('meta[property="article:tag"]')
        ],
        "keywords": jsonld["keywords"],
        "feed": [c.get("term") for c in entry.iter(f"{ATOM}category")],
        "api": record["tags"],
    }


def test_every_output_shows_the_views_tags(site) -> None:
    index = registry.site(site.env)
    views = registry.views(site.env)
    rumour = views["posts/2025/grok-rumour"]
    assert [t.slug for t in rumour.tags] == ["cloud", "ai"]  # "ai", "AI": one tag
    assert rumour.tag_names == [index.tags["cloud"].name, index.tags["ai"].name]
    for docname, view in views.items():
        shown = _outputs(Path(site.outdir), docname)
        for output, tags in shown.items():
            assert tags == view.tag_names, (docname, output)


def test_every_output_names_the_views_entities(site) -> None:
    outdir = Path(site.outdir)
    api = json.loads((outdir / "api/posts/2025.json").read_text())
    for docname, view in registry.views(site.env).items():
        soup = BeautifulSoup((outdir / f"{docname}.html").read_text(), "html.parser")
        jsonld = json.loads(
            soup.select_one('script[type="application/ld+json"]').string
        )
        about = [thing["name"] for thing in jsonld.get("about", [])]
        record = next(p for p in api["posts"] if p["url"].endswith(f"{docname}.html"))
        assert about == record["entities"] == view.entity_names, docname


def test_views_are_pure(site) -> None:
    env = site.env
    index = registry.site(env)
    again = post_views(registry.posts(env), registry.entities(env), index)
    assert again == registry.views(env)
    view = again["posts/2025/grok-confirmed"]
    assert view.series is not None
    assert (view.series.part, len(view.series.parts)) == (2, 3)
    assert view.previous == again["posts/2025/grok-rumour"].card
    assert view.next == again["posts/2025/grok-at-build"].card
