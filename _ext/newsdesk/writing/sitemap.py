"""``sitemap.xml`` (``build-finished``): every page, with the date it last changed.

Built from the environment and the site index, not from the pages written in
this build, so an incremental build still lists every page. ``<lastmod>`` is
what a reader would call the page's last change: for a post the newest of its
publication, update and correction dates; for an entity page its ``updated``
date or its newest post; for a listing (tags, series, publishers, the archive)
the newest change among the posts it lists. Pages without such a date (about,
standards) get none rather than the build time, so the file is reproducible.

The search, 404 and index pages are left out. A sitemap needs absolute URLs:
without ``html_baseurl`` (a local build) none is written.

``robots.txt`` names the sitemap, which is how crawlers find one. Read the
Docs serves the default version's ``robots.txt`` at the top of the domain, and
its own, which it writes when a project has none, names only its own
``/sitemap.xml``: a list of the versions' home pages, not of our posts.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from newsdesk import run
from newsdesk.index import domain as registry
from newsdesk.writing.feeds import write_if_changed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from newsdesk.index.domain import PostMeta

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: pages no search engine should list (the notfound page is added from config)
EXCLUDED = frozenset({"search", "genindex", "py-modindex"})


def _newest(posts: Iterable[PostMeta]) -> dt.datetime | None:
    return max((post.fields.modified for post in posts), default=None)


def _later(*values: dt.datetime | None) -> dt.datetime | None:
    return max((v for v in values if v is not None), default=None)


def site_pages(app: Sphinx) -> dict[str, dt.datetime | None]:
    """Every HTML page of the site (documents and generated pages) -> the date
    its content last changed, or None when it has none."""
    env = app.env
    index = registry.site(env)
    posts = registry.posts(env)
    zone = zoneinfo.ZoneInfo(app.config.newsdesk_timezone)

    def at(day: dt.date | None) -> dt.datetime | None:
        return dt.datetime.combine(day, dt.time(), zone) if day else None

    newest = index.newest_first()
    pages: dict[str, dt.datetime | None] = dict.fromkeys(sorted(env.found_docs))
    for docname, post in posts.items():
        pages[docname] = post.fields.modified
    for docname, entity in registry.entities(env).items():
        listed = [posts[d] for d in index.entity_posts.get(docname, ()) if d in posts]
        pages[docname] = _later(at(entity.fields.updated), _newest(listed))
    for docname, shown in registry.listings(env).items():
        if docname not in pages:
            continue
        for kind, *options in shown:
            # The latest-posts listing shows 10 unless told (listings.py).
            limit = dict(options).get("limit", 10) if kind == "latest" else None
            listed = [posts[d] for d in newest[:limit]]
            pages[docname] = _later(pages[docname], _newest(listed))
    generated = {
        app.config.newsdesk_corrections_page: [
            posts[d] for d in newest if posts[d].fields.corrections
        ],
        **{
            f"tags/{tag.slug}": [posts[d] for d in tag.posts]
            for tag in index.tags.values()
        },
        **{
            f"series/{series.slug}": [posts[d] for d in series.posts]
            for series in index.series.values()
        },
        **{
            f"publishers/{publisher.slug}": [posts[d] for d in publisher.posts]
            for publisher in index.publishers.values()
        },
    }
    for page, listed in generated.items():
        pages[page] = _newest(listed)
    # Generated pages of other kinds, known by their signatures (signatures.py).
    output = f"{app.builder.name}:{app.builder.outdir}"
    for page in registry.signatures(env, output):
        pages.setdefault(page, None)
    return dict(sorted(pages.items()))


def lastmod(value: dt.datetime) -> str:
    """W3C datetime; the date alone for a day without a time (a correction)."""
    if value.time() == dt.time():
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def sitemap_xml(urls: dict[str, dt.datetime | None]) -> bytes:
    """The sitemap document for absolute URLs and their dates, sorted by URL."""
    root = ET.Element("urlset", xmlns=NAMESPACE)
    for loc, modified in sorted(urls.items()):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = loc
        if modified is not None:
            ET.SubElement(url, "lastmod").text = lastmod(modified)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_url: str) -> bytes:
    """Every crawler may read every page; the sitemap is at ``sitemap_url``."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()


def excluded_pages(app: Sphinx) -> set[str]:
    """Pages that are not content: search, index, the 404 page, drafts."""
    excluded = set(EXCLUDED)
    notfound = getattr(app.config, "notfound_pagename", None)
    if notfound:
        excluded.add(notfound)
    excluded |= {d for d, p in registry.posts(app.env).items() if p.fields.draft}
    return excluded


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write sitemap.xml and robots.txt when they changed."""
    builder = app.builder
    base = app.config.html_baseurl
    if exception is not None or not run.whole_site(app) or not base:
        return
    base = base.rstrip("/") + "/"
    skip = excluded_pages(app)
    urls = {
        posixpath.join(base, builder.get_target_uri(page)): modified
        for page, modified in site_pages(app).items()
        if page not in skip
    }
    write_if_changed(Path(builder.outdir) / SITEMAP, sitemap_xml(urls))
    write_if_changed(Path(builder.outdir) / ROBOTS, robots_txt(base + SITEMAP))
    logger.info("newsdesk: %s, %d page(s); %s", SITEMAP, len(urls), ROBOTS)
