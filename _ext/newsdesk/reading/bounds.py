"""Directive options that size what the build makes, held to what a page shows.

A few of Sphinx's directives take a number and make that many things while the
page is parsed, before any check of its doctree can see them: ``{hlist}``
makes ``:columns:`` columns (three million held a build for more than five
minutes; ``0`` stopped it with a traceback), and ``{code-block}`` lists every
line ``:emphasize-lines:`` names (``1-99999999`` took the machine's memory,
for a block of one line). Each is replaced by the same directive with the
number held to the page, and one message naming the option where it was not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.directives.code import CodeBlock
from sphinx.directives.other import HList
from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: columns a horizontal list may have, as a sphinx-design grid
MAX_COLUMNS = 12


def _warn(directive: HList | CodeBlock, construct: str, problem: str) -> None:
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


def emphasized_lines(spec: str, total: int) -> tuple[str, str | None]:
    """The lines ``spec`` (``1,3-5``) names in a block of ``total`` lines, as
    ranges that each name a line once, and why the spec was changed (or None).

    Sphinx lists every line of every range, with no bound; held to the block
    and merged first, the list is never longer than the block. A spec Sphinx
    could not read gives no lines.
    """
    ranges: list[tuple[int, int]] = []
    beyond = False
    for part in spec.split(","):
        bounds = part.strip().split("-")
        try:
            if len(bounds) == 1:
                start = end = int(bounds[0])
            elif len(bounds) == 2 and bounds != ["", ""]:
                start = int(bounds[0] or 1)  # as Sphinx reads "-10" and "10-"
                end = int(bounds[1] or max(start, total))
            else:
                raise ValueError
        except ValueError:
            return (
                "",
                f"is not a list of line numbers and ranges, such as 1,3-5; {_NONE}",
            )
        if start > end:
            return "", f"the range {part.strip()!r} ends before it starts; {_NONE}"
        beyond = beyond or end > total
        if (start := max(start, 1)) <= (end := min(end, total)):
            ranges.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kept = ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in merged)
    if not beyond:
        return kept, None
    if not kept:
        return kept, f"names only lines past the block's last ({total}); {_NONE}"
    return (
        kept,
        f"names lines past the block's last ({total}); only the block's own are highlighted",
    )


#: what the build highlights of a block whose spec it cannot use
_NONE = "no line is highlighted"


class BoundedCodeBlock(CodeBlock):
    """``{code-block}`` whose ``:emphasize-lines:`` name only its own lines."""

    def run(self) -> list[nodes.Node]:
        spec = self.options.get("emphasize-lines")
        if spec:
            kept, problem = emphasized_lines(str(spec), len(self.content))
            if kept:
                self.options["emphasize-lines"] = kept
            else:
                del self.options["emphasize-lines"]
            if problem:
                shown = spec if len(spec) <= 40 else spec[:36] + "..."
                _warn(self, f"{{{self.name}}} :emphasize-lines: {shown!r}", problem)
        return super().run()


def register(app: Sphinx) -> None:
    """In ``setup()``: the bounded directives under Sphinx's names."""
    app.add_directive("hlist", BoundedHList, override=True)
    for name in ("code-block", "sourcecode"):
        app.add_directive(name, BoundedCodeBlock, override=True)
