"""The cross-document index's data: plain, picklable, with no Sphinx in it.

``site.build_index`` computes it once per build from every post and entity;
``views.post_views`` resolves each post from it.
"""

from __future__ import annotations

import dataclasses

from newsdesk.reading.metadata import Problem, fold


@dataclasses.dataclass(frozen=True)
class Tag:
    """A tag: display name, URL slug and its posts, newest first."""

    name: str
    slug: str
    posts: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Series:
    """A running story: its posts in publication order (oldest first)."""

    name: str
    slug: str
    posts: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Publisher:
    """An outlet our posts cite: as the original report, or as a relay of one."""

    name: str
    slug: str
    #: posts citing it either way, newest first
    posts: tuple[str, ...]
    originals: int
    relays: int


@dataclasses.dataclass(frozen=True)
class SourceMix:
    """How many outlets a set of posts draws on, and in which role."""

    publishers: int
    originals: int
    relays: int


@dataclasses.dataclass
class SiteIndex:
    """Everything that spans documents; plain data, picklable, built in one pass."""

    #: all posts, oldest first, ties broken by docname
    chronological: tuple[str, ...] = ()
    position: dict[str, int] = dataclasses.field(default_factory=dict)
    tags: dict[str, Tag] = dataclasses.field(default_factory=dict)
    #: folded tag name -> slug
    tag_slugs: dict[str, str] = dataclasses.field(default_factory=dict)
    #: folded entity name or alias -> entity docname
    entity_names: dict[str, str] = dataclasses.field(default_factory=dict)
    #: entity docname -> its posts, newest first
    entity_posts: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: post docname -> entity docnames, in the order the post lists them
    post_entities: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    series: dict[str, Series] = dataclasses.field(default_factory=dict)
    post_series: dict[str, str] = dataclasses.field(default_factory=dict)
    related: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    publishers: dict[str, Publisher] = dataclasses.field(default_factory=dict)
    #: folded publisher name -> slug
    publisher_slugs: dict[str, str] = dataclasses.field(default_factory=dict)
    #: problems found across documents: docname -> problems
    problems: dict[str, list[Problem]] = dataclasses.field(default_factory=dict)
    #: generated pages whose content changed since the last build
    pages_to_write: frozenset[str] = frozenset()
    #: generated pages that no longer exist (their files are removed)
    pages_removed: frozenset[str] = frozenset()

    def newest_first(self) -> list[str]:
        return list(reversed(self.chronological))

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """(previous, next) post in publication order."""
        index = self.position.get(docname)
        if index is None:
            return None, None
        prev = self.chronological[index - 1] if index > 0 else None
        nxt = (
            self.chronological[index + 1]
            if index + 1 < len(self.chronological)
            else None
        )
        return prev, nxt

    def tag_for(self, name: str) -> Tag | None:
        slug = self.tag_slugs.get(fold(name))
        return self.tags.get(slug) if slug else None

    def publisher_for(self, name: str) -> Publisher | None:
        slug = self.publisher_slugs.get(fold(name))
        return self.publishers.get(slug) if slug else None

    def resolve_entity(self, name: str) -> str | None:
        return self.entity_names.get(fold(name))

    def named(self, kind: str) -> list[Tag | Series | Publisher]:
        """The site's tags, series or publishers (``kind``: tag, series, publisher)."""
        if kind == "tag":
            return list(self.tags.values())
        if kind == "series":
            return list(self.series.values())
        return list(self.publishers.values())

    def resolve_page(self, kind: str, target: str) -> tuple[str, str] | None:
        """(page name, display name) of the tag, series or publisher that
        ``target`` names: its name (in any case and spacing) or its slug."""
        folder = {"tag": "tags", "series": "series", "publisher": "publishers"}[kind]
        folded = fold(target)
        for item in self.named(kind):
            if item.slug == target or fold(item.name) == folded:
                return f"{folder}/{item.slug}", item.name
        return None
