"""A digest of the cross-document content of every page, to rewrite only what changed.

Sphinx rewrites a page when its own source changes. Our pages also show other
posts (previous/next, related posts, tag and entity listings), so after each read
we digest exactly that content per page; a page whose digest differs from the
last build's is rewritten, and no other. The data digested here is the data the
listings and templates render, so a change that shows is a change that counts.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import TYPE_CHECKING, Any

from newsdesk.index import domain as registry
from newsdesk.index import paging
from newsdesk.index.views import post_card

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from newsdesk.index.model import SiteIndex
    from newsdesk.index.views import PostView


def all_pages(
    app: Sphinx, env: BuildEnvironment, index: SiteIndex, views: dict[str, PostView]
) -> dict[str, str]:
    """pagename -> digest, for every page with cross-document content."""
    posts = registry.posts(env)
    entities = registry.entities(env)
    cards = {d: post_card(p) for d, p in posts.items()}
    pages: dict[str, Any] = {}
    for docname in index.chronological:
        # Everything a post page shows from other documents is in its view.
        pages[docname] = views[docname]
    fingerprint_ = fingerprint(app)
    # The paginated listings: first pages of entities and archives are their
    # documents; every other page is generated.
    generated, first_pages = paged_views(app, env, index, cards)
    for docname in entities:
        pages[docname] = first_pages.get(docname)
    for docname, shown in registry.listings(env).items():
        # A post or entity page may embed a listing too: keep what it already shows.
        listed = [
            first_pages.get(docname)
            if entry[0] == "archive"
            else _listing(entry, index, cards, entities)
            for entry in shown
        ]
        pages[docname] = (pages.get(docname), listed)
    for docname, targets in registry.entity_refs(env).items():
        # Inline {entity} links: where each goes, and the name in its tooltip.
        links = [(t, index.resolve_entity(t)) for t in targets]
        named = [(t, d, entities[d].name if d in entities else None) for t, d in links]
        pages[docname] = (pages.get(docname), named)
    for docname, page_targets in registry.page_refs(env).items():
        # Inline {tag}, {series}, {publisher} links: the page each goes to.
        pages_linked = [(k, t, index.resolve_page(k, t)) for k, t in page_targets]
        pages[docname] = (pages.get(docname), pages_linked)
    for name, value in generated.items():
        pages[name] = (fingerprint_, value)
    pages[app.config.newsdesk_corrections_page] = (
        fingerprint_,
        [
            (cards[d], posts[d].fields.corrections)
            for d in index.chronological
            if posts[d].fields.corrections
        ],
    )
    return {page: _digest(value) for page, value in pages.items()}


def paged_views(
    app: Sphinx, env: BuildEnvironment, index: SiteIndex, cards: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What each page of each paginated listing shows: (generated pages by name,
    first pages that are documents by docname).

    An older page's view holds its own posts and its navigation by page names
    only, never the posts of its neighbours: a new post must not change it.
    """
    from newsdesk.index.site import source_mix

    posts = registry.posts(env)
    size = paging.page_size(app.builder)
    tags_index = paging.index_doc(registry.listings(env), "tags")
    generated: dict[str, Any] = {}
    documents: dict[str, Any] = {}
    archives = paging.archive_docs(registry.listings(env))
    for listing in paging.site_listings(index, archives):
        pages = paging.paginate(listing.name, listing.posts, size)
        header: Any = (listing.kind, listing.key)
        if listing.kind == "archive":
            title = env.titles.get(listing.key)
            header += (title.astext() if title else "",)
        elif listing.kind == "tag":
            header += (index.tags[listing.key].name, tags_index)
        elif listing.kind == "series":
            header += (index.series[listing.key].name,)
        elif listing.kind == "publisher":
            header += (index.publishers[listing.key].name,)
        else:
            entity = registry.entities(env).get(listing.key)
            header += (entity.name if entity else None,)
        for page in pages:
            view: Any = (header, page.number, [cards[d] for d in page.posts])
            if len(pages) > 1:
                view += (_nav_view(pages, page),)
            if page.number is None:
                # Only the first page counts the posts (and says how many pages).
                everything = [posts[d] for d in listing.posts]
                publisher = index.publishers.get(listing.key)
                view += (
                    len(listing.posts),
                    len(pages),
                    source_mix(everything),
                    publisher if listing.kind == "publisher" else None,
                )
            if page.number is None and listing.first_is_document:
                documents[page.name] = view
            else:
                generated[page.name] = view
    return generated, documents


def _nav_view(pages: list[paging.Page], page: paging.Page) -> Any:
    nav = paging.nav(pages, page)
    return (
        nav.newer and (nav.newer.name, nav.newer.number),
        nav.older and (nav.older.name, nav.older.number),
        nav.items,
    )


def _listing(
    entry: tuple[Any, ...],
    index: SiteIndex,
    cards: dict[str, Any],
    entities: dict[str, Any],
) -> Any:
    kind, options = entry[0], dict(entry[1:])
    newest = index.newest_first()
    if kind == "latest":
        return [cards[d] for d in newest[: options.get("limit", 10)]]
    if kind == "tags":
        return sorted((t.name, t.slug, len(t.posts)) for t in index.tags.values())
    if kind == "entities":
        return sorted(
            (d, e.name, e.fields.kind, len(index.entity_posts.get(d, ())))
            for d, e in entities.items()
        )
    if kind == "publishers":
        return sorted(index.publishers.values(), key=lambda p: p.slug)
    if kind == "series":
        return sorted(
            (s.name, s.slug, len(s.posts), index.position[s.posts[-1]])
            for s in index.series.values()
        )
    return kind


def fingerprint(app: Sphinx) -> Any:
    """Generated pages also change when templates or HTML settings change."""
    builder = app.builder
    templates = getattr(builder, "templates", None)
    mtime = templates.newest_template_mtime() if templates else 0
    info = getattr(builder, "build_info", None)
    return (mtime, getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""))


def _digest(value: Any) -> str:
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).hexdigest()
