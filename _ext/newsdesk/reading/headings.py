"""Heading levels: MyST's note on a skipped level, in the site's words.

MyST says ``Non-consecutive header level increase; H2 to H4 [myst.header]``
when a ``####`` heading follows a ``##`` one: it names levels by their HTML
names, and leaves the heading to write to the reader. The site says which
marks were written and which to write instead, once, at the heading's line.
"""

from __future__ import annotations

import logging as std_logging
import re
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: MyST's words for a heading deeper than the one before it by more than one
_SKIPPED = re.compile(r"^Non-consecutive header level increase; H(\d+) to H(\d+)$")


def skipped_level(parent: int, level: int) -> str:
    """The site's message for a level-``level`` heading under a level-``parent`` one."""
    return (
        f"heading {'#' * level!r}: skips a level under a {'#' * parent!r} "
        f"heading; write {'#' * (parent + 1)!r}"
    )


class SkippedLevels(std_logging.Filter):
    """Reword MyST's skipped-level note where it is made (its own logger), so
    the build and ``nox -s lint`` print the site's words and nothing else."""

    def filter(self, record: std_logging.LogRecord) -> bool:
        if (getattr(record, "type", None), getattr(record, "subtype", None)) != (
            "myst",
            "header",
        ):
            return True
        match = _SKIPPED.match(str(record.msg))
        if match is not None:
            record.msg = skipped_level(int(match[1]), int(match[2]))
            record.args = ()
            record.type, record.subtype = "newsdesk", "heading"
        return True


def reword_skipped_levels(app: Sphinx) -> None:
    """``builder-inited``: MyST's skipped-level note in the site's words."""
    from myst_parser import warnings_

    target = logging.getLogger(warnings_.__name__).logger  # where MyST logs it
    if not any(isinstance(f, SkippedLevels) for f in target.filters):
        target.addFilter(SkippedLevels())
