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
from newsdesk.text import plural
from newsdesk.writing import listings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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

    if wanted(app.config.newsdesk_corrections_page):
        yield corrections_page(app)
    yield from publisher_pages(app, wanted)
    for tag in sorted(index.tags.values(), key=lambda t: t.slug):
        page = f"tags/{tag.slug}"
        if wanted(page):
            ctx = listings.Context(app.builder, page, index, language)
            items = listings.summary_list([posts[d] for d in tag.posts], ctx)
            intro = (
                f"{plural(len(tag.posts), 'post')} tagged “{tag.name}”, newest first."
            )
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
            items = nodes.container()
            items += listings.subscribe(ctx, f"{page}.atom.xml", "this series")
            items += listings.summary_list([posts[d] for d in series.posts], ctx)
            intro = (
                f"A running story in {len(series.posts)} parts, "
                "in the order they were published. "
                + listings.source_mix_text([posts[d] for d in series.posts])
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


def publisher_pages(
    app: Sphinx, wanted: Callable[[str], bool]
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """One page per outlet our posts cite, with its posts, newest first."""
    index = registry.site(app.env)
    posts = registry.posts(app.env)
    for publisher in sorted(index.publishers.values(), key=lambda p: p.slug):
        page = f"publishers/{publisher.slug}"
        if not wanted(page):
            continue
        ctx = listings.Context(app.builder, page, index, app.config.language or "en")
        items = listings.summary_list([posts[d] for d in publisher.posts], ctx)
        intro = (
            f"{plural(len(publisher.posts), 'post')} citing "
            f"{publisher.name}: "
            f"{listings.role_counts(publisher.originals, publisher.relays)}."
        )
        yield (
            page,
            _context(
                app,
                f"Publisher: {publisher.name}",
                intro,
                items,
                {
                    "newsdesk_publisher": {
                        "name": publisher.name,
                        "slug": publisher.slug,
                    }
                },
            ),
            TEMPLATE,
        )


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
        "title": parts["title"],
        "body": parts["fragment"],
        "newsdesk_description": intro,
        **extra,
    }
