"""A link to a page written from the wrong folder: the link to write.

A contributor links another post as it sits in their editor
(``../2025/x.md``, ``posts/2025/x`` without its leading ``/``); the build
reads a relative target from the linking page's folder, and finds no page.
When exactly one page of the site has the name the target ends in, the
message names the link to write, from the top of the site (``/posts/2025/x``),
which is the same from every page.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def page_named(target: str, docnames: Iterable[str]) -> str | None:
    """The docname of the one page whose name ``target`` ends in (``x``,
    ``x.md``, ``x.html``, ``../2025/x.md``), or None: no page has it, or more than one
    (``index``)."""
    path = target.partition("#")[0].rstrip("/")
    name = posixpath.basename(path).removesuffix(".md").removesuffix(".html")
    if not name or name in {".", ".."}:
        return None
    found = [d for d in docnames if posixpath.basename(d) == name]
    return found[0] if len(found) == 1 else None


def report_unknown_doc(app: Sphinx, domain: object, node: nodes.Element) -> bool | None:
    """``warn-missing-reference``: a ``{doc}`` naming no page, with the link
    to write when one page has its name; Sphinx's ``unknown document`` (which
    names no fix) otherwise: True when the reference was named here, None
    for Sphinx to name it (False would stop no handler, and say nothing)."""
    if getattr(domain, "name", None) != "std" or node.get("reftype") != "doc":
        return None
    env = app.env
    target = str(node.get("reftarget", ""))
    docname = page_named(target, env.found_docs)
    if docname is None:
        return None
    refdoc = node.get("refdoc") or env.docname
    logger.warning(
        "{doc}`%s`: names no page of the site; write {doc}`/%s`",
        target,
        docname,
        location=f"{env.doc2path(refdoc, False).as_posix()}:{node.line or 1}",
        type="newsdesk",
        subtype="policy",
    )
    return True
