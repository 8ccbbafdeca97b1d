"""The site navigation, resolved once per folder for pages outside the toctree.

Furo puts the whole toctree (resolved for the page: ``current`` marks on the
page's branch, links relative to it) into every page. Resolving it deep-copies
the table of contents of every section page, about 4 ms a page, 5% of a full
build at 1,000 posts and all of it in the page writers under ``-j``.

Posts and entity pages are in no toctree (see ``reading.py``), so their
navigation has no ``current`` marks and differs only by where its links start
from: the folder of the page's URL. The ``toctree()`` template function of
such a page is memoised by that folder and its arguments; pages in the
toctree get Sphinx's own every time.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def in_toctree(app: Sphinx) -> frozenset[str]:
    """Documents that the navigation can mark as current: the root and every entry."""
    includes = app.env.toctree_includes
    return frozenset(
        {app.config.root_doc, *includes, *(d for ds in includes.values() for d in ds)}
    )


def remember_toctree(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the toctree is final; start an empty memo."""
    app.newsdesk_toctree = (in_toctree(app), {})  # type: ignore[attr-defined]


def share_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: object,
) -> None:
    """``html-page-context`` (before the theme's): memoise ``toctree()``."""
    state = getattr(app, "newsdesk_toctree", None)
    toctree = context.get("toctree")
    if state is None or toctree is None:
        return
    listed, memo = state
    if pagename in listed:
        return
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    context["toctree"] = _memoised(toctree, folder, memo)


def _memoised(
    toctree: Callable[..., str], folder: str, memo: dict[Any, str]
) -> Callable[..., str]:
    # The function's name is part of the key: generated pages may bring their
    # own (sphinx-notfound-page's 404 links from the site root).
    name = (getattr(toctree, "__module__", ""), getattr(toctree, "__qualname__", ""))

    def shared(**kwargs: Any) -> str:
        key = (name, folder, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = toctree(**kwargs)
        return memo[key]

    return shared


def register(app: Sphinx) -> None:
    app.connect("write-started", remember_toctree)
    # 400: before Furo (500), which calls toctree() in its own handler.
    app.connect("html-page-context", share_navigation, priority=400)
