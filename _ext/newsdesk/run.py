"""What kind of build this is, decided in one place.

Several outputs exist only on the web (feeds, the posts API, llms.txt, social
cards, the search index): not in an ePub or another embedded HTML format, and
not in a one-post preview, which shows the post as it will be published but
writes none of the site-wide files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def web_pages(app: Sphinx) -> bool:
    """HTML pages with web addresses (``html``, ``dirhtml``; not ePub/htmlhelp)."""
    builder = app.builder
    return builder.format == "html" and not getattr(builder, "embedded", False)


def previewing(app: Sphinx) -> bool:
    """A one-post preview (``newsdesk_preview``): the post's page, nothing site-wide."""
    return bool(app.config.newsdesk_preview)


def whole_site(app: Sphinx) -> bool:
    """A web build of every page: write the site-wide files too."""
    return web_pages(app) and not previewing(app)
