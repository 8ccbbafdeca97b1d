"""What the registry stores per document: small frozen dataclasses, never nodes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from newsdesk.reading.metadata import EntityFields, PostFields


@dataclasses.dataclass(frozen=True)
class PostMeta:
    """One post: its front matter plus what the doctree says (title, length)."""

    docname: str
    title: str
    fields: PostFields
    words: int
    #: front-matter line of each field, for messages found after reading
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, field: str) -> int | None:
        return dict(self.lines).get(field)

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        """Publication order; the docname breaks ties so the order is stable."""
        return (self.fields.published, self.docname)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 220))


@dataclasses.dataclass(frozen=True)
class EntityMeta:
    """One entity page: its name (the page title) and front matter."""

    docname: str
    name: str
    fields: EntityFields
    #: front-matter line of each field, for messages found after reading
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, field: str) -> int | None:
        return dict(self.lines).get(field)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.fields.aliases)
