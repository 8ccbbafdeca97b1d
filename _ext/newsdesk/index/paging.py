"""Stable pagination of listings that grow with posts (pure, no Sphinx).

Pages are fixed chunks counted from the oldest post: chunk k holds posts
k*S .. k*S+S-1 in publication order. The first page (the listing's own URL)
shows the newest complete chunk plus the incomplete newest one, so it holds
between S and 2S-1 posts; every older chunk has a page of its own,
``<listing>/page/<n>``, n counted from the oldest. Adding a post changes the
first page only, until the newest chunk fills: then one new older page appears
and the first page shrinks back to S posts.

What an older page shows must not depend on how many pages there are, or every
new chunk would rewrite them all: its navigation names its neighbours, the
first page and page 1, and nothing that counts the pages.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sphinx.builders import Builder

    from newsdesk.index.site import SiteIndex


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of a listing."""

    #: the page's name (docname-like): the listing's own for the first page
    name: str
    #: None for the first page; 1 for the oldest older page
    number: int | None
    #: its posts, oldest first
    posts: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class NavItem:
    """One entry of the page-number list: a page, or a gap (``name`` empty)."""

    name: str
    number: int | None
    current: bool = False

    @property
    def gap(self) -> bool:
        return not self.name


@dataclasses.dataclass(frozen=True)
class Nav:
    """The navigation of one page: its neighbours and the page numbers to show."""

    newer: Page | None
    older: Page | None
    items: tuple[NavItem, ...]


@dataclasses.dataclass(frozen=True)
class Listing:
    """A listing that grows with posts, and so has pages."""

    #: "archive", "tag", "series", "publisher" or "entity"
    kind: str
    #: the tag, series or publisher slug; the entity's or archive's docname
    key: str
    #: the name of its first page
    name: str
    #: its posts, oldest first
    posts: tuple[str, ...]

    @property
    def first_is_document(self) -> bool:
        """The first page is a document (Sphinx writes it); older pages are not."""
        return self.kind in {"archive", "entity"}


def page_size(builder: Builder) -> int:
    """Posts per page: ``newsdesk_page_size`` where the builder writes pages of
    their own; one page for all elsewhere (ePub, single page, text, LaTeX)."""
    if (
        builder.format != "html"
        or getattr(builder, "embedded", False)
        or builder.name == "singlehtml"
    ):
        return sys.maxsize
    return int(builder.config.newsdesk_page_size)


#: domain.listings: docname -> the listings it shows, (kind, *options) each
Shown = dict[str, tuple[tuple[Any, ...], ...]]


def archive_docs(listings: Shown) -> list[str]:
    """Documents that hold the archive directive."""
    return sorted(d for d, shown in listings.items() if _shows(shown, "archive"))


def index_doc(listings: Shown, kind: str) -> str | None:
    """The first document (by name) that lists every tag, entity, series, ...."""
    return next((d for d in sorted(listings) if _shows(listings[d], kind)), None)


def _shows(shown: tuple[tuple[Any, ...], ...], kind: str) -> bool:
    return any(entry[0] == kind for entry in shown)


def site_listings(index: SiteIndex, archive_docs: Iterable[str]) -> list[Listing]:
    """Every paginated listing of the site, in a stable order."""
    found = [_archive(index, d) for d in sorted(archive_docs)]
    found += [
        Listing("tag", t.slug, f"tags/{t.slug}", t.posts[::-1])
        for t in sorted(index.tags.values(), key=lambda t: t.slug)
    ]
    found += [
        Listing("series", s.slug, f"series/{s.slug}", s.posts)
        for s in sorted(index.series.values(), key=lambda s: s.slug)
    ]
    found += [
        Listing("publisher", p.slug, f"publishers/{p.slug}", p.posts[::-1])
        for p in sorted(index.publishers.values(), key=lambda p: p.slug)
    ]
    found += [_entity(index, d) for d in sorted(index.entity_posts)]
    return found


def document_listing(
    index: SiteIndex, docname: str, shown: tuple[tuple[Any, ...], ...]
) -> Listing | None:
    """The listing whose first page is the document ``docname`` (an entity page,
    or one holding the archive); ``shown``: the listings the document shows."""
    if docname in index.entity_posts:
        return _entity(index, docname)
    return _archive(index, docname) if _shows(shown, "archive") else None


def _archive(index: SiteIndex, docname: str) -> Listing:
    return Listing("archive", docname, docname, index.chronological)


def _entity(index: SiteIndex, docname: str) -> Listing:
    return Listing("entity", docname, docname, index.entity_posts[docname][::-1])


def older_name(listing: str, number: int) -> str:
    """``tags/ai`` -> ``tags/ai/page/2``; ``posts/index`` -> ``posts/page/2``."""
    if listing == "index" or listing.endswith("/index"):
        prefix = listing.removesuffix("index")
    else:
        prefix = f"{listing}/"
    return f"{prefix}page/{number}"


def paginate(listing: str, oldest_first: Sequence[str], size: int) -> list[Page]:
    """The pages of a listing: the first page, then older pages, newest first."""
    posts = tuple(oldest_first)
    complete = len(posts) // size
    if complete <= 1:
        return [Page(listing, None, posts)]
    first = Page(listing, None, posts[(complete - 1) * size :])
    older = [
        Page(older_name(listing, k + 1), k + 1, posts[k * size : (k + 1) * size])
        for k in range(complete - 2, -1, -1)
    ]
    return [first, *older]


def nav(pages: Sequence[Page], page: Page) -> Nav:
    """Newer and older neighbours, and the page numbers shown around ``page``.

    The list shows the first page, the neighbours on either side and page 1,
    newest first, with a gap where numbers are skipped on the older side. No
    gap follows the first page's entry: whether one is needed there depends on
    the number of pages, which must not show on older pages.
    """
    count = len(pages) - 1  # older pages
    # Positions: page n is at n; the first page sits after the oldest at count+1.
    here = count + 1 if page.number is None else page.number
    by_position = {count + 1 - i: p for i, p in enumerate(pages)}
    shown = sorted(
        {count + 1, 1} | {p for p in (here - 1, here, here + 1) if 1 <= p <= count + 1},
        reverse=True,
    )
    items: list[NavItem] = []
    for position in shown:
        if items and items[-1].number is not None and items[-1].number - position > 1:
            items.append(NavItem("", None))
        target = by_position[position]
        items.append(NavItem(target.name, target.number, position == here))
    return Nav(
        newer=by_position.get(here + 1),
        older=by_position.get(here - 1),
        items=tuple(items),
    )
