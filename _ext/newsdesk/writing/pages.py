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

from newsdesk import run
from newsdesk.index import domain as registry
from newsdesk.index import paging
from newsdesk.reading.callouts import correction_anchor
from newsdesk.text import plural
from newsdesk.writing import feeds, listings

if TYPE_CHECKING:
    from collections.abc import Callable, Container, Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from newsdesk.index.domain import PostMeta

logger = logging.getLogger(__name__)

TEMPLATE = "newsdesk/listing.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: yield the generated pages that need writing."""
    if run.previewing(app):
        return  # a preview shows the post, not the site's listings
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
    for listing, pages, page in _generated(env, paging.page_size(app.builder)):
        if in_the_way(page.name, env.all_docs) is not None:
            continue  # the document stays (named by name_pages_in_the_way)
        if wanted(page.name):
            yield listing_page(app, listing, pages, page)


def _generated(
    env: BuildEnvironment, size: int
) -> Iterator[tuple[paging.Listing, list[paging.Page], paging.Page]]:
    """(listing, its pages, page) of each listing page the site generates at
    ``size`` posts a page: not the first page of a listing that is a
    document (the archive, a tag's own page), which Sphinx writes."""
    archives = paging.archive_docs(registry.listings(env))
    for listing in paging.site_listings(registry.site(env), archives):
        pages = paging.paginate(listing.name, listing.posts, size)
        for page in pages:
            if not (page.number is None and listing.first_is_document):
                yield listing, pages, page


def name_pages_in_the_way(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: name each document written where a listing's
    page goes, at the site's page size (as published): in every build, lint's
    too, which writes no page."""
    if run.previewing(app):
        return
    for listing, _, page in _generated(env, int(app.config.newsdesk_page_size)):
        if (doc := in_the_way(page.name, env.all_docs)) is None:
            continue
        # A listing's first page has no number: name the listing.
        which = (
            f"the page of {listing.name}"
            if page.number is None
            else f"page {page.number} of {listing.name}"
        )
        logger.warning(
            "%s.md takes the name of %s; rename it",
            doc,
            which,
            location=(doc, 1),
            type="newsdesk",
            subtype="pages",
        )


def in_the_way(page: str, docs: Container[str]) -> str | None:
    """The document written where the generated ``page`` goes, or None.

    Clean URLs (``dirhtml``, as published) write ``tags/ai/index.md`` at
    ``tags/ai/index.html`` too: the tag's page overwrote it in a fresh build,
    and it stood in for the tag's page in a later one. Named in every build,
    so that an ``html`` build says what the published one would do.
    """
    return next((doc for doc in (page, f"{page}/index") if doc in docs), None)


#: what one kind of listing page shows: (intro, body, extra context)
PageParts = tuple[str, nodes.Element, dict[str, Any]]


class _Page:
    """One page of a listing, with what every kind of page needs to show it."""

    def __init__(
        self,
        app: Sphinx,
        listing: paging.Listing,
        pages: list[paging.Page],
        page: paging.Page,
    ) -> None:
        self.ctx = listings.Context(
            app.builder, page.name, registry.site(app.env), app.config.language or "en"
        )
        self.listing = listing
        self.page = page
        self.number = page.number
        #: the page's posts, oldest first
        self.posts = [self.ctx.posts[d] for d in page.posts]
        self.newest = self.posts[::-1]
        self.span = listings.date_range(self.posts, self.ctx.language)
        self.of_pages = f", on {plural(len(pages), 'page')}" if len(pages) > 1 else ""

    def everything(self) -> list[PostMeta]:
        """Every post of the listing (only the first page counts them)."""
        return [self.ctx.posts[d] for d in self.listing.posts]


def listing_page(
    app: Sphinx, listing: paging.Listing, pages: list[paging.Page], page: paging.Page
) -> tuple[str, dict[str, Any], str]:
    """One page of a tag, series, publisher, entity or archive listing."""
    view = _Page(app, listing, pages, page)
    intro, body, extra = _KINDS[listing.kind](view)
    title = listings.page_title(listing, page.number, view.ctx)
    extra["newsdesk_pagination"] = listings.pagination(listing, pages, page, view.ctx)
    return (page.name, _context(app, title, intro, body, extra), TEMPLATE)


def _tag_page(view: _Page) -> PageParts:
    tag = view.ctx.index.tags[view.listing.key]
    if view.number is None:
        # With the dates they span: the intro is also the page's description
        # for search engines, and a count alone says little.
        everything = view.everything()
        span = listings.date_range(everything, view.ctx.language)
        intro = (
            f"{plural(len(everything), 'post')} tagged “{tag.name}” {span}, "
            f"newest first{view.of_pages}."
        )
    else:
        intro = (
            f"Page {view.number}: posts tagged “{tag.name}” {view.span}, newest first."
        )
    body = nodes.container()
    body.extend(_tag_links(view.ctx, tag.name, tag.slug))
    body += listings.summary_list(view.newest, view.ctx)
    return intro, body, {"newsdesk_tag": {"name": tag.name, "slug": tag.slug}}


def _series_page(view: _Page) -> PageParts:
    """Parts in publication order, numbered as the posts number them."""
    series = view.ctx.index.series[view.listing.key]
    first_part = view.listing.posts.index(view.page.posts[0]) + 1
    if view.number is None:
        everything = view.everything()
        intro = (
            f"A running story in {plural(len(everything), 'part')}, in the order "
            f"they were published{view.of_pages}. "
            + listings.source_mix_text(everything)
        )
    else:
        last_part = first_part + len(view.posts) - 1
        intro = (
            f"Page {view.number}: parts {first_part} to {last_part} of this "
            f"running story, {view.span}, in the order they were published."
        )
    body = nodes.container()
    body += listings.subscribe(view.ctx, f"{view.listing.name}.atom.xml", "this series")
    body += listings.summary_list(view.posts, view.ctx, first_part=first_part)
    thread = {"name": series.name, "listing": view.listing.name}
    return intro, body, {"newsdesk_series_page": thread}


def _publisher_page(view: _Page) -> PageParts:
    publisher = view.ctx.index.publishers[view.listing.key]
    if view.number is None:
        # With their dates, as on a tag page: the intro is also the page's
        # description, and "1 post citing Jang" alone says little.
        everything = view.everything()
        span = listings.date_range(everything, view.ctx.language)
        intro = (
            f"{plural(len(everything), 'post')} citing {publisher.name} {span}: "
            f"{listings.role_counts(publisher.originals, publisher.relays)}"
            f"{view.of_pages}."
        )
    else:
        intro = (
            f"Page {view.number}: posts citing {publisher.name} {view.span}, "
            "newest first."
        )
    body = nodes.container()
    body += listings.summary_list(view.newest, view.ctx)
    about = {"name": publisher.name, "slug": publisher.slug}
    return intro, body, {"newsdesk_publisher": about}


def _entity_page(view: _Page) -> PageParts:
    """An older page of an entity's posts (the first is the entity's page)."""
    entity = view.ctx.entities[view.listing.key]
    intro = f"Page {view.number}: posts about {entity.name} {view.span}, newest first."
    body = nodes.container()
    body += nodes.paragraph(
        "",
        "",
        view.ctx.link(f"About {entity.name}", entity.docname),
        classes=["nd-listing-up"],
    )
    body += listings.subscribe(
        view.ctx, f"{entity.docname}.atom.xml", f"posts about {entity.name}"
    )
    body += listings.summary_list(view.newest, view.ctx)
    thread = {"name": entity.name, "listing": view.listing.name}
    return intro, body, {"newsdesk_entity_page": thread}


def _archive_page(view: _Page) -> PageParts:
    """An older page of the archive (the first is the archive's document)."""
    body = nodes.container()
    body.extend(listings.archive(view.newest, view.ctx))
    return f"Page {view.number}: posts {view.span}, newest first.", body, {}


_KINDS: dict[str, Callable[[_Page], PageParts]] = {
    "tag": _tag_page,
    "series": _series_page,
    "publisher": _publisher_page,
    "entity": _entity_page,
    "archive": _archive_page,
}


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
        head[-1]["refuri"] += f"#{correction_anchor(number)}"  # the note itself
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
    builder = app.builder
    # Sphinx sets these per document it writes; a build that writes only
    # generated pages (a template changed, no document did) has none yet, and
    # the writer reads them for every title. Generated pages number nothing.
    for numbers in ("secnumbers", "fignumbers"):
        if not hasattr(builder, numbers):
            setattr(builder, numbers, {})
    parts = builder.render_partial(heading)  # type: ignore[attr-defined]
    return {
        # Sphinx's title is HTML; a partial render has no document title.
        "title": html.escape(title, quote=False),
        "body": parts["fragment"],
        "newsdesk_description": intro,
        **extra,
    }
