"""One resolved view of each post, read by every output.

A post's page, its listings entries, feeds, the posts API, meta tags, JSON-LD,
social cards and the change digest all show the same post; each used to
assemble its own picture of it from the front matter and the site index, and
they drifted (a tag's raw spelling in one, its canonical spelling in another).
``post_views`` resolves every cross-document fact once, after reading: tags
with their canonical names and pages, entities, series position, neighbours,
related posts. The views are plain frozen data with no Sphinx in them. They
name pages by docname: each output turns docnames into the URLs it needs
(relative in a page, absolute in a feed).

The digest of a page is computed from the view it renders (``digests.py``), so
a change that a page shows cannot be missed by the incremental build.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from collections.abc import Set as AbstractSet

    from newsdesk.index.model import SiteIndex
    from newsdesk.index.records import EntityMeta, PostMeta
    from newsdesk.reading.metadata import Correction, Source


@dataclasses.dataclass(frozen=True)
class PostCard:
    """What a listing, a neighbour link or a related-post entry shows of a post."""

    docname: str
    title: str
    published: dt.datetime
    has_time: bool
    summary: str
    #: the outlet cited, and the one that first reported the story (if another)
    publisher: str
    original_publisher: str | None
    draft: bool


@dataclasses.dataclass(frozen=True)
class TagRef:
    """A tag as every output shows it: canonical spelling, its page."""

    name: str
    slug: str

    @property
    def page(self) -> str:
        return f"tags/{self.slug}"


@dataclasses.dataclass(frozen=True)
class EntityRef:
    """An entity a post is about."""

    docname: str
    name: str
    kind: str
    url: str | None


@dataclasses.dataclass(frozen=True)
class SeriesRef:
    """The story a post belongs to, and where in it the post stands."""

    name: str
    slug: str
    part: int  # 1-based
    parts: tuple[PostCard, ...]  # oldest first

    @property
    def page(self) -> str:
        return f"series/{self.slug}"


@dataclasses.dataclass(frozen=True)
class PostView:
    """A post with every cross-document fact resolved."""

    card: PostCard
    modified: dt.datetime
    updated: dt.datetime | None
    author: str | None
    reading_minutes: int
    source: Source
    corrections: tuple[Correction, ...]
    tags: tuple[TagRef, ...]
    entities: tuple[EntityRef, ...]
    series: SeriesRef | None
    previous: PostCard | None
    next: PostCard | None
    related: tuple[PostCard, ...]
    follow_up_to: PostCard | None
    #: the outlets cited, by their canonical names: the original report first
    publishers: tuple[str, ...] = ()

    @property
    def docname(self) -> str:
        return self.card.docname

    @property
    def title(self) -> str:
        return self.card.title

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags]

    @property
    def entity_names(self) -> list[str]:
        return [entity.name for entity in self.entities]


def post_card(post: PostMeta) -> PostCard:
    fields = post.fields
    return PostCard(
        docname=post.docname,
        title=post.title,
        published=fields.published,
        has_time=fields.has_time,
        summary=fields.summary,
        publisher=fields.source.publisher,
        original_publisher=fields.source.reporter,
        draft=fields.draft,
    )


def _cited(source: Source) -> tuple[str, ...]:
    reporter = source.reporter
    return (reporter, source.publisher) if reporter else (source.publisher,)


def _tags(post: PostMeta, index: SiteIndex) -> tuple[TagRef, ...]:
    """Canonical tags in the post's order, once each; a tag that lost a slug
    clash has no page and is left out (the build warns about it)."""
    found: dict[str, TagRef] = {}
    for name in post.fields.tags:
        tag = index.tag_for(name)
        if tag is not None and tag.slug not in found:
            found[tag.slug] = TagRef(tag.name, tag.slug)
    return tuple(found.values())


def post_views(
    posts: Mapping[str, PostMeta],
    entities: Mapping[str, EntityMeta],
    index: SiteIndex,
    only: AbstractSet[str] | None = None,
) -> dict[str, PostView]:
    """Every post's view (or ``only`` those: a preview's), by docname (pure:
    same inputs, equal views)."""
    cards = {docname: post_card(post) for docname, post in posts.items()}
    series_parts = {
        slug: tuple(cards[d] for d in series.posts)
        for slug, series in index.series.items()
    }
    views: dict[str, PostView] = {}
    for docname in index.chronological:
        if only is not None and docname not in only:
            continue
        post = posts[docname]
        fields = post.fields
        previous, following = index.neighbours(docname)
        series = index.series.get(index.post_series.get(docname, ""))
        views[docname] = PostView(
            card=cards[docname],
            modified=fields.modified,
            updated=fields.updated,
            author=fields.author,
            reading_minutes=post.reading_minutes,
            source=fields.source,
            corrections=fields.corrections,
            tags=_tags(post, index),
            entities=tuple(
                EntityRef(
                    d, entities[d].name, entities[d].fields.kind, entities[d].fields.url
                )
                for d in index.post_entities.get(docname, ())
            ),
            series=SeriesRef(
                series.name,
                series.slug,
                series.posts.index(docname) + 1,
                series_parts[series.slug],
            )
            if series
            else None,
            previous=cards[previous] if previous else None,
            next=cards[following] if following else None,
            related=tuple(cards[d] for d in index.related.get(docname, ())),
            follow_up_to=cards.get(fields.follow_up_to or ""),
            publishers=tuple(
                outlet.name if outlet else name
                for name in _cited(fields.source)
                for outlet in (index.publisher_for(name),)
            ),
        )
    return views
