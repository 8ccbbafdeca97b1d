"""Footnote references read in linear time, for the build and the source checks.

Pure (no Sphinx but its error): the build's ``setup()`` and the source checks'
parser (:func:`newsdesk.reading.html_policy.myst_tokeniser`) both call it.
"""

from __future__ import annotations

import re
from typing import Any

#: what ends a footnote reference's label: its "]", or a space or line break
#: that makes it none
_LABEL_STOP = re.compile(r"[ \n\]]")


def linear_footnote_refs() -> None:
    """Read footnote references (``[^label]``) in linear time, as MyST does.

    mdit-py-plugins' rule looks from each ``[^`` for the ``]`` that ends its
    label, up to a space or line break: on a line of ``[^[^[^...`` every
    ``[^`` reads the rest of the line, so 60 KB of it held a build for more
    than five minutes, and the site's own source checks with it. This finds
    where each label would stop in one pass of the line (a stop found from
    one place is the stop of every place before it) and gives the rule only
    the ``[^`` whose label ends in ``]``: the tokens are the rule's own. Not a
    speed-up: always on.
    """
    from mdit_py_plugins.footnote import index
    from sphinx.errors import ExtensionError

    original = getattr(index, "footnote_ref", None)
    data_from_env = getattr(index, "_data_from_env", None)
    if original is None or data_from_env is None:
        # mdit-py-plugins changed: fail the build rather than let a page stall it
        raise ExtensionError("mdit-py-plugins has no footnote_ref to make linear")
    if getattr(original, "newsdesk_linear", False):
        return
    # the text last searched, where the search started, and the stop it found
    last: list[tuple[str, int, int]] = []

    def stop_after(src: str, pos: int) -> int:
        if last and last[0][0] is src and last[0][1] <= pos <= last[0][2]:
            return last[0][2]
        found = _LABEL_STOP.search(src, pos)
        stop = found.start() if found else len(src)
        last[:] = [(src, pos, stop)]
        return stop

    def footnote_ref(state: Any, silent: bool, **options: Any) -> bool:
        src, start = state.src, state.pos
        if start + 3 <= state.posMax and src.startswith("[^", start):
            stop = stop_after(src, start + 2)
            if stop >= state.posMax or src[stop] != "]":
                # what the rule finds, without reading the line again (and
                # the page's footnotes it starts, as the rule does)
                data_from_env(state.env)
                return False
        return bool(original(state, silent, **options))

    footnote_ref.newsdesk_linear = True  # type: ignore[attr-defined]
    index.footnote_ref = footnote_ref
