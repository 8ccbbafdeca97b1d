"""Generated pages (``html-collect-pages``): tag, series and publisher pages,
the older pages of every paginated listing (``index/paging.py``), and the
corrections log.

Only pages whose content changed since the last build are yielded (see
``index/digests.py``); pages that no longer exist lose their files, so a renamed
tag, or a listing that shrank, leaves no stale page behind.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from newsdesk.index import domain as registry
from newsdesk.index import paging
from newsdesk.text import plural
from newsdesk.writing import feeds, listings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

TEMPLATE = "newsdesk/listing.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: yield the generated pages that need writing."""
    env = app.env
    index = registry.site(env)
    # Output files, not URLs: dirhtml writes tags/<slug>/index.html.
    outfile = app.builder.get_outfilename  # type: ignore[attr-defined]
    for gone in sorted(index.pages_removed):
        Path(outfile(gone)).unlink(missing_ok=True)

    def wanted(page: str) -> bool:
        return page in index.pages_to_write or not Path(outfile(page)).exists()

    if wanted(app.config.newsdesk_corrections_page):
        yield corrections_page(app)
    size = paging.page_size(app.builder)
    archives = paging.archive_docs(registry.listings(env))
    for listing in paging.site_listings(index, archives):
        pages = paging.paginate(listing.name, listing.posts, size)
        for page in pages:
            if page.number is None and listing.first_is_document:
                continue  # the document itself: Sphinx writes it
            if page.name in env.all_docs:
                logger.warning(
                    "%s.md takes the name of page %s of %s; rename it",
                    page.name,
                    page.number,
                    listing.name,
                    location=page.name,
                    type="newsdesk",
                    subtype="pages",
                )
                continue
            if wanted(page.name):
                yield listing_page(app, listing, pages, page)


def listing_page(
    app: Sphinx, listing: paging.Listing, pages: list[paging.Page], page: paging.Page
) -> tuple[str, dict[str, Any], str]:
    """One page of a tag, series, publisher, entity or archive listing."""
    index = registry.site(app.env)
    ctx = listings.Context(app.builder, page.name, index, app.config.language or "en")
    posts = [ctx.posts[d] for d in page.posts]
    newest = posts[::-1]
    everything = [ctx.posts[d] for d in listing.posts]
    span = listings.date_range(posts, ctx.language)
    of_pages = f", on {plural(len(pages), 'page')}" if len(pages) > 1 else ""
    body = nodes.container()
    extra: dict[str, Any] = {}
    kind = listing.kind
    if kind == "tag":
        tag = index.tags[listing.key]
        if page.number is None:
            intro = (
                f"{plural(len(everything), 'post')} tagged “{tag.name}”, "
                f"newest first{of_pages}."
            )
        else:
            intro = (
                f"Page {page.number}: posts tagged “{tag.name}” {span}, newest first."
            )
        body.extend(_tag_links(ctx, tag.name, tag.slug))
        body += listings.summary_list(newest, ctx)
        extra["newsdesk_tag"] = {"name": tag.name, "slug": tag.slug}
    elif kind == "series":
        series = index.series[listing.key]
        first_part = listing.posts.index(page.posts[0]) + 1
        last_part = first_part + len(posts) - 1
        if page.number is None:
            intro = (
                f"A running story in {plural(len(everything), 'part')}, in the order "
                f"they were published{of_pages}. "
                + listings.source_mix_text(everything)
            )
        else:
            intro = (
                f"Page {page.number}: parts {first_part} to {last_part} of this "
                f"running story, {span}, in the order they were published."
            )
        body += listings.subscribe(ctx, f"{listing.name}.atom.xml", "this series")
        body += listings.summary_list(posts, ctx, first_part=first_part)
        extra["newsdesk_series_page"] = {"name": series.name, "listing": listing.name}
    elif kind == "publisher":
        publisher = index.publishers[listing.key]
        if page.number is None:
            intro = (
                f"{plural(len(everything), 'post')} citing {publisher.name}: "
                f"{listings.role_counts(publisher.originals, publisher.relays)}"
                f"{of_pages}."
            )
        else:
            intro = (
                f"Page {page.number}: posts citing {publisher.name} {span}, "
                "newest first."
            )
        body += listings.summary_list(newest, ctx)
        extra["newsdesk_publisher"] = {"name": publisher.name, "slug": publisher.slug}
    elif kind == "entity":
        entity = ctx.entities[listing.key]
        intro = f"Page {page.number}: posts about {entity.name} {span}, newest first."
        about = nodes.paragraph(classes=["nd-listing-up"])
        about += ctx.link(f"About {entity.name}", entity.docname)
        body += about
        body += listings.subscribe(
            ctx, f"{entity.docname}.atom.xml", f"posts about {entity.name}"
        )
        body += listings.summary_list(newest, ctx)
        extra["newsdesk_entity_page"] = {"name": entity.name, "listing": listing.name}
    else:
        intro = f"Page {page.number}: posts {span}, newest first."
        body.extend(listings.archive(newest, ctx))
    title = listings.page_title(listing, page.number, ctx)
    extra["newsdesk_pagination"] = listings.pagination(listing, pages, page, ctx)
    return (page.name, _context(app, title, intro, body, extra), TEMPLATE)


def _tag_links(ctx: listings.Context, name: str, slug: str) -> list[nodes.Node]:
    """A tag page's ways out: its feed, and the index of every tag."""
    links: list[nodes.Node] = [
        listings.subscribe(ctx, feeds.tag_feed(slug), f"posts tagged “{name}”")
    ]
    everything = paging.index_doc(registry.listings(ctx.builder.env), "tags")
    if everything is not None:
        links.append(
            nodes.paragraph(
                "", "", ctx.link("All tags", everything), classes=["nd-listing-up"]
            )
        )
    return links


def corrections_page(app: Sphinx) -> tuple[str, dict[str, Any], str]:
    """The corrections log: every correction, newest first, with its post."""
    from newsdesk.index.site import corrections_log

    page = app.config.newsdesk_corrections_page
    ctx = listings.Context(
        app.builder, page, registry.site(app.env), app.config.language or "en"
    )
    log = corrections_log(registry.posts(app.env))
    items = nodes.bullet_list(classes=["nd-corrections-log"])
    for post, number in log:
        correction = post.fields.corrections[number]
        head = nodes.paragraph(classes=["nd-corrections-log__head"])
        head += nodes.strong("", correction.label)
        head += nodes.Text(", ")
        head += listings.time_node(correction.date, language=ctx.language)
        head += nodes.Text(", to ")
        head += ctx.link(post.title, post.docname)
        text = nodes.paragraph(correction.text, correction.text)
        items += nodes.list_item("", head, text)
    count = len(log)
    intro = (
        f"{plural(count, 'note')} (corrections, clarifications and updates) on our "
        "posts, newest first. Each is also shown on its post."
        if count
        else "No post has needed a correction yet."
    )
    policy = app.config.newsdesk_policies.get("corrections")
    extra: list[nodes.Node] = []
    if policy in app.env.all_docs:
        para = nodes.paragraph()
        para += nodes.Text("How and when we correct: ")
        para += ctx.link("our corrections policy", policy)
        para += nodes.Text(".")
        extra.append(para)
    body = nodes.container()
    body += listings.subscribe(ctx, "corrections.atom.xml", "every correction")
    body.extend(extra)
    body += items
    return (
        page,
        _context(app, "Corrections", intro, body, {"newsdesk_corrections_log": True}),
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
        # Sphinx's title is HTML; a partial render has no document title.
        "title": html.escape(title, quote=False),
        "body": parts["fragment"],
        "newsdesk_page_title": title,
        "newsdesk_description": intro,
        **extra,
    }
