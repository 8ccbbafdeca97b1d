"""The sidebar marks the section a page outside the toctree belongs to.

Sphinx marks ``current`` on the toctree branch of the page being written, but
posts, entity pages and the generated tag, series and publisher pages are in no
toctree (``reading/document.py`` keeps them out, so the navigation stays the same
size), and their sidebar marked nothing. Each belongs to the section whose page
lists them: posts to the page with the archive, tag pages to the page with the
tag index, and so on. That entry gets the classes Sphinx gives the entry of the
current page, before Furo turns the toctree into its sidebar (which then shows
it in bold, and expanded).

It wraps the page's ``toctree()`` after the memo in ``_speedups/furo_toctree.py``
(which shares resolutions between pages of one folder), so the sidebar is the
same with or without that memo.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from newsdesk._speedups.furo_toctree import in_toctree
from newsdesk.index import domain as registry
from newsdesk.reading.document import kind_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: first folder of a generated page -> the listing that indexes such pages
GENERATED = {"tags": "tags", "series": "series", "publishers": "publishers"}
#: kind of a read document -> the listing that indexes it
READ = {"post": "archive", "entity": "entities"}


def section_pages(app: Sphinx) -> dict[str, str]:
    """Listing kind -> the toctree page that shows it (the first, by name)."""
    listed = in_toctree(app)
    found: dict[str, str] = {}
    for docname, shown in sorted(registry.listings(app.env).items()):
        if docname not in listed:
            continue
        for kind, *_options in shown:
            found.setdefault(kind, docname)
    return found


def remember_sections(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the toctree and the listings are final."""
    app.newsdesk_sections = (in_toctree(app), section_pages(app))  # type: ignore[attr-defined]


def section_of(pagename: str, config: Any) -> str | None:
    """The listing kind that indexes a page outside the toctree, if any."""
    kind = kind_of(pagename, config)
    if kind is not None:
        return READ.get(kind)
    folder, _, name = pagename.partition("/")
    return GENERATED.get(folder) if name and name != "index" else None


def mark_section(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: object,
) -> None:
    """``html-page-context`` (before the theme's): mark the page's section."""
    state = getattr(app, "newsdesk_sections", None)
    toctree = context.get("toctree")
    if state is None or toctree is None:
        return
    listed, sections = state
    section = sections.get(section_of(pagename, app.config) or "")
    if pagename in listed or section is None:
        return  # Sphinx marks toctree pages itself
    uri = html.escape(app.builder.get_relative_uri(pagename, section))
    context["toctree"] = _marking(toctree, uri)


def _marking(toctree: Callable[..., str], uri: str) -> Callable[..., str]:
    # The markup of a top-level entry, as Sphinx writes it unmarked and as it
    # writes the current page's (Furo adds its own classes afterwards).
    plain = f'<li class="toctree-l1"><a class="reference internal" href="{uri}">'
    current = (
        f'<li class="toctree-l1 current">'
        f'<a class="current reference internal" href="{uri}">'
    )

    def marked(**kwargs: Any) -> str:
        return toctree(**kwargs).replace(plain, current, 1)

    return marked
