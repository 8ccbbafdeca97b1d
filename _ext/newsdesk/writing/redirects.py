"""Redirects: moved posts (``redirects.txt``) and the ``.html`` URLs of clean URLs.

``html-collect-pages`` turns ``redirects.txt`` into sphinx-reredirects' ``redirects``,
as URLs relative to each old page, which it writes with the page below (a link
to follow, ``noindex``), as it does for the ``.html`` addresses. Only docnames go in, so a redirect always
leads to a page of this site; an old name that is still a document is refused
(a redirect would replace it).

With clean URLs (the ``dirhtml`` builder), ``posts/2025/x`` is served from
``posts/2025/x/index.html``, and links published before, ending in
``posts/2025/x.html``, would find nothing. ``build-finished`` writes a redirect
page at each such address, for every page of the site and every moved post, and
only when its bytes change.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from newsdesk import run
from newsdesk.index import domain as registry
from newsdesk.index.moves import REDIRECTS_FILE, followed, read_redirect_lines
from newsdesk.writing.feeds import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: A redirect page that keeps the query (``search.html?q=...``) and the fragment;
#: the meta refresh is for readers without JavaScript.
PAGE = (
    "<!DOCTYPE html>\n"
    '<html lang="en"><head><meta charset="utf-8">'
    '<meta name="robots" content="noindex">'
    "<title>Moved</title>"
    '<noscript><meta http-equiv="refresh" content="0; url={href}"></noscript>'
    "<script>location.replace({target}+location.search+location.hash)</script>"
    "</head>"
    '<body><p>This page has moved to <a href="{href}">{href}</a>.</p></body></html>\n'
)


#: beside the doctrees: ``PAGE`` as sphinx-reredirects' template of a moved post
REDIRECT_TEMPLATE = "newsdesk-redirect.html"


def use_redirect_page(app: Sphinx, config: Config) -> None:
    """``config-inited``: a moved post's old address gets the same page as an
    old ``.html`` address, unless the site names a template of its own.

    sphinx-reredirects' own page had no charset, no ``noindex`` and no link to
    follow: where the browser refuses to refresh, a blank page.
    """
    if config.redirect_html_template_file:
        return
    path = Path(app.doctreedir) / REDIRECT_TEMPLATE
    # Its placeholder (string.Template); a page's path holds no "$" or quote.
    template = PAGE.format(href="${to_uri}", target='"${to_uri}"')
    write_if_changed(path, template.encode())
    config.redirect_html_template_file = str(path)  # absolute: srcdir / it is it


def check_redirects(app: Sphinx) -> None:
    """``builder-inited``: name the lines of ``redirects.txt`` the build refuses.

    The lines are checked in every build of the whole site, not only where
    pages are written: ``nox -s lint`` reads the site with the ``dummy``
    builder, and must name the lines that fail the published build.
    """
    if not run.previewing(app):
        moved_posts(app)


def set_redirects(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``, before sphinx-reredirects writes its pages (400):
    one redirect page per line of ``redirects.txt``.

    Set this late, not when the builder starts: the environment, saved once
    the documents are read, keeps the configuration it was read with, and a
    ``redirects`` other than conf.py's made Sphinx read every document again
    in the next build ("config changed ('redirects')").
    """
    if run.previewing(app) or not run.whole_site(app):
        return []
    builder = app.builder
    targets = {}
    for old, new in moved_posts(app, warn=False).items():
        old_uri = builder.get_target_uri(old)
        if old_uri.endswith("/"):  # dirhtml: the redirect is old/index.html
            old_uri += "index.html"
        targets[old] = relative_uri(old_uri, builder.get_target_uri(new)) or "./"
    app.config.redirects = targets
    return []


def moved_posts(app: Sphinx, *, warn: bool = True) -> dict[str, str]:
    """The valid lines of ``redirects.txt``, old -> new docname; warns about the
    rest (once a build: ``warn=False`` when read again)."""
    redirects, lines, problems = read_redirect_lines(Path(app.srcdir))
    for message in problems if warn else ():
        # "redirects.txt:3: ..." -> the place, as every other warning gives it
        where, _, text = message.partition(": ")
        logger.warning(text, location=where, type="newsdesk", subtype="redirects")
    found = app.env.found_docs
    valid = followed(redirects, found)
    for old, new in sorted(redirects.items(), key=lambda item: lines[item[0]]):
        if old in valid or not warn:
            continue
        reason = "is still a page" if old in found else f"leads to {new!r}, no page"
        logger.warning(
            "%r %s",
            old,
            reason,
            location=f"{REDIRECTS_FILE}:{lines[old]}",
            type="newsdesk",
            subtype="redirects",
        )
    return valid


def redirect_page(href: str) -> str:
    """The HTML of a page that sends the reader on to ``href`` (a relative URL)."""
    return PAGE.format(href=html.escape(href), target=json.dumps(href))


def clean_url_redirects(
    builder: Builder, pages: list[str], moved: dict[str, str]
) -> dict[str, str]:
    """``<page>.html`` (from the site root) -> where it leads, relative to it.

    Only pages whose URL is a folder: ``index`` pages keep their ``index.html``,
    which is the page itself. A moved post's is always written, wherever it
    leads: one moved to the landing page (``index``, whose URL is no folder)
    had its old ``.html`` address lead nowhere.
    """
    found = {}
    for page in pages:
        uri = builder.get_target_uri(page)
        if uri.endswith("/") and page != "index" and not page.endswith("/index"):
            found[f"{page}.html"] = relative_uri(f"{page}.html", uri) or "./"
    for old, new in moved.items():
        uri = builder.get_target_uri(new)
        found[f"{old}.html"] = relative_uri(f"{old}.html", uri) or "./"
    return found


def write_clean_url_redirects(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: under ``dirhtml``, a redirect at each page's ``.html``."""
    from newsdesk.writing.sitemap import site_pages

    builder = app.builder
    if exception is not None or builder.name != "dirhtml" or not run.whole_site(app):
        return
    outdir = Path(builder.outdir)
    index = registry.site(app.env)
    for page in index.pages_removed:  # a renamed tag: its old page is gone too
        (outdir / f"{page}.html").unlink(missing_ok=True)
    # Sphinx's own search page too: old links and bookmarks carry ?q=.
    pages = [*site_pages(app), "search"]
    moved = moved_posts(app, warn=False)
    redirects = clean_url_redirects(builder, pages, moved)
    for old, href in redirects.items():
        write_if_changed(outdir / old, redirect_page(href).encode())
    logger.info("newsdesk: %d redirect(s) from .html addresses", len(redirects))
