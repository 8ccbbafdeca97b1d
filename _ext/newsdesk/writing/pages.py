"""Generated pages (``html-collect-pages``): one per tag and one per series.

Only pages whose content changed since the last build are yielded (see
``signatures.py``); pages that no longer exist lose their files, so a renamed
tag leaves no stale page behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from newsdesk.index import domain as registry
from newsdesk.writing import listings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

TEMPLATE = "newsdesk/listing.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: yield tag and series pages that need writing."""
    env = app.env
    index = registry.site(env)
    # Output files, not URLs: dirhtml writes tags/<slug>/index.html.
    outfile = app.builder.get_outfilename  # type: ignore[attr-defined]
    for page in sorted(index.pages_removed):
        Path(outfile(page)).unlink(missing_ok=True)
    posts = registry.posts(env)
    language = app.config.language or "en"

    def wanted(page: str) -> bool:
        return page in index.pages_to_write or not Path(outfile(page)).exists()

    for tag in sorted(index.tags.values(), key=lambda t: t.slug):
        page = f"tags/{tag.slug}"
        if wanted(page):
            ctx = listings.Context(app.builder, page, index, language)
            items = listings.summary_list([posts[d] for d in tag.posts], ctx)
            count = len(tag.posts)
            noun = "post" if count == 1 else "posts"
            intro = f"{count} {noun} tagged “{tag.name}”, newest first."
            yield (
                page,
                _context(
                    app,
                    f"Tag: {tag.name}",
                    intro,
                    items,
                    {"newsdesk_tag": {"name": tag.name, "slug": tag.slug}},
                ),
                TEMPLATE,
            )
    for series in sorted(index.series.values(), key=lambda s: s.slug):
        page = f"series/{series.slug}"
        if wanted(page):
            ctx = listings.Context(app.builder, page, index, language)
            items = listings.summary_list([posts[d] for d in series.posts], ctx)
            intro = (
                f"A running story in {len(series.posts)} parts, "
                "in the order they were published."
            )
            yield (
                page,
                _context(
                    app,
                    f"Series: {series.name}",
                    intro,
                    items,
                    {"newsdesk_series_page": {"name": series.name}},
                ),
                TEMPLATE,
            )


def _context(
    app: Sphinx, title: str, intro: str, listing: nodes.Element, extra: dict[str, Any]
) -> dict[str, Any]:
    """A page context like a document's: ``title`` and ``body`` are HTML."""
    heading = nodes.section(ids=["listing"])
    heading += nodes.title(title, title)
    heading += nodes.paragraph(intro, intro, classes=["nd-listing-intro"])
    heading += listing
    parts = app.builder.render_partial(heading)  # type: ignore[attr-defined]
    return {
        "title": parts["title"],
        "body": parts["fragment"],
        "newsdesk_page_title": title,
        "newsdesk_description": intro,
        **extra,
    }
