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
    for docname in entities:
        pages[docname] = [cards[d] for d in index.entity_posts.get(docname, ())]
    for docname, shown in registry.listings(env).items():
        # A post or entity page may embed a listing too: keep what it already shows.
        listed = [_listing(entry, index, cards, entities) for entry in shown]
        pages[docname] = (pages.get(docname), listed)
    for docname, targets in registry.entity_refs(env).items():
        # Inline {entity} links: where each goes, and the name in its tooltip.
        links = [(t, index.resolve_entity(t)) for t in targets]
        named = [(t, d, entities[d].name if d in entities else None) for t, d in links]
        pages[docname] = (pages.get(docname), named)
    fingerprint = _fingerprint(app)
    for tag in index.tags.values():
        pages[f"tags/{tag.slug}"] = (
            fingerprint,
            tag.name,
            [cards[d] for d in tag.posts],
        )
    pages[app.config.newsdesk_corrections_page] = (
        fingerprint,
        [
            (cards[d], posts[d].fields.corrections)
            for d in index.chronological
            if posts[d].fields.corrections
        ],
    )
    for publisher in index.publishers.values():
        pages[f"publishers/{publisher.slug}"] = (
            fingerprint,
            publisher,
            [cards[d] for d in publisher.posts],
        )
    for series in index.series.values():
        pages[f"series/{series.slug}"] = (
            fingerprint,
            series.name,
            [cards[d] for d in series.posts],
        )
    return {page: _digest(value) for page, value in pages.items()}


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
    if kind == "archive":
        return [
            (c.docname, c.title, c.published, c.draft)
            for c in (cards[d] for d in newest)
        ]
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


def _fingerprint(app: Sphinx) -> Any:
    """Generated pages also change when templates or HTML settings change."""
    builder = app.builder
    templates = getattr(builder, "templates", None)
    mtime = templates.newest_template_mtime() if templates else 0
    info = getattr(builder, "build_info", None)
    return (mtime, getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""))


def _digest(value: Any) -> str:
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).hexdigest()
