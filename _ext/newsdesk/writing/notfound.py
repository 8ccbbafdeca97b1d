"""The 404 page (sphinx-notfound-page's ``notfound_pagename``): a way on.

A reader who lands on a missing address gets the home page, a search box that
submits to the search page, and the newest posts, as plain data under
``newsdesk_notfound`` for ``newsdesk/404.html`` (set ``notfound_template`` to
it). The page is served at any depth, so every URL is absolute: this handler
runs after sphinx-notfound-page's (priority 400), whose ``pathto`` prefixes
``notfound_urls_prefix``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.index import domain as registry
from newsdesk.reading import drafts
from newsdesk.writing import listings
from newsdesk.writing.feeds import write_if_changed

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

#: how many of the newest posts the 404 page offers
LATEST = 5
TEMPLATE = "newsdesk/404.html"


def notfound_context(app: Sphinx, pathto: Any) -> dict[str, Any]:
    """Home, search and the newest posts, with URLs from ``pathto``."""
    posts = registry.posts(app.env)
    index = registry.site(app.env)
    language = app.config.language or "en"
    now = drafts.now()
    latest = [
        listings.summary_item(posts[d], pathto(d), language, now)
        for d in index.chronological[: -LATEST - 1 : -1]  # the newest, newest first
    ]
    return {
        "home_url": pathto(app.config.root_doc),
        "search_url": pathto("search"),
        "posts": latest,
    }


def add_notfound_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: ``newsdesk_notfound`` on the 404 page, and no
    canonical URL (the page stands for no address of its own)."""
    if pagename != getattr(app.config, "notfound_pagename", None):
        return
    context["pathto"] = pathto = _root_aware(app, context["pathto"])
    context["newsdesk_notfound"] = notfound_context(app, pathto)
    context["pageurl"] = None


def _root_aware(app: Sphinx, pathto: Callable[..., str]) -> Callable[..., str]:
    """sphinx-notfound-page's ``pathto``, with the home page's link fixed.

    Under ``dirhtml`` the home page's URI is empty, and its ``pathto`` gives
    ``#`` for it (the theme's logo and title links would lead nowhere): the home
    page is the URL prefix itself.
    """
    home = app.config.notfound_urls_prefix or "/"

    def root_aware(otheruri: str, resource: bool = False, **kwargs: Any) -> str:
        if not resource and not app.builder.get_target_uri(otheruri):
            return home
        return pathto(otheruri, resource, **kwargs)

    return root_aware


def copy_notfound_page(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: under ``dirhtml``, the 404 page at ``404.html`` too.

    sphinx-notfound-page writes it where the builder puts the page,
    ``404/index.html``; Read the Docs looks for ``404.html`` first and has not
    always found the other (sphinx-notfound-page issue 215). Its links are
    absolute, so the same bytes serve at either address.
    """
    pagename = getattr(app.config, "notfound_pagename", None)
    if exception is not None or app.builder.name != "dirhtml" or not pagename:
        return
    page = Path(app.builder.get_outfilename(pagename))  # type: ignore[attr-defined]
    if page.is_file():
        write_if_changed(Path(app.outdir, f"{pagename}.html"), page.read_bytes())
