"""Redirects for moved posts (``builder-inited``): ``redirects.txt`` into
sphinx-reredirects' ``redirects``, as URLs relative to each old page.

Only docnames go in, so a redirect always leads to a page of this site; an
old name that is still a document is refused (a redirect would replace it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from newsdesk.index.moves import REDIRECTS_FILE, read_redirects

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def set_redirects(app: Sphinx) -> None:
    """``builder-inited``: one redirect page per line of ``redirects.txt``."""
    if app.builder.format != "html":
        return
    redirects, problems = read_redirects(Path(app.srcdir))
    for message in problems:
        logger.warning(message, type="newsdesk", subtype="redirects")
    builder = app.builder
    found = app.env.found_docs
    targets = {}
    for old, new in sorted(redirects.items()):
        if old in found or new not in found:
            reason = "is still a page" if old in found else f"leads to {new!r}, no page"
            logger.warning(
                "%s: %r %s",
                REDIRECTS_FILE,
                old,
                reason,
                type="newsdesk",
                subtype="redirects",
            )
            continue
        old_uri = builder.get_target_uri(old)
        if old_uri.endswith("/"):  # dirhtml: the redirect is old/index.html
            old_uri += "index.html"
        targets[old] = relative_uri(old_uri, builder.get_target_uri(new)) or "./"
    app.config.redirects = targets
