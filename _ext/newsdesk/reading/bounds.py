"""Directive options that size what the build makes, held to what a page shows.

A few of Sphinx's directives take a number and make that many things while the
page is parsed, before any check of its doctree can see them: ``{hlist}``
makes ``:columns:`` columns (three million held a build for more than five
minutes; ``0`` stopped it with a traceback). Each is replaced by the same
directive with the number held to the page, and one message naming the option
where it was not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.directives.other import HList
from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: columns a horizontal list may have, as a sphinx-design grid
MAX_COLUMNS = 12


def _warn(directive: HList, construct: str, problem: str) -> None:
    logger.warning(
        "%s: %s",
        construct,
        problem,
        location=(directive.env.docname, directive.lineno),
        type="newsdesk",
        subtype="policy",
    )


class BoundedHList(HList):
    """``{hlist}`` in 1 to ``MAX_COLUMNS`` columns."""

    def run(self) -> list[nodes.Node]:
        columns = self.options.get("columns", 2)
        if not 1 <= columns <= MAX_COLUMNS:
            shown = min(max(columns, 1), MAX_COLUMNS)
            self.options["columns"] = shown
            _warn(
                self,
                f"{{hlist}} :columns: {columns}",
                f"a list is shown in 1 to {MAX_COLUMNS} columns; it is shown in {shown}",
            )
        return super().run()


def register(app: Sphinx) -> None:
    """In ``setup()``: the bounded directives under Sphinx's names."""
    app.add_directive("hlist", BoundedHList, override=True)
