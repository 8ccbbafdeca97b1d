"""Footnotes: references read in linear time, and unmatched labels named.

:func:`linear_footnote_refs` is pure (no Sphinx but its error): the build's
``setup()`` and the source checks' parser
(:func:`newsdesk.reading.html_policy.myst_tokeniser`) both call it.
:func:`name_unmatched` is the build's: a reference with no note, or a note no
text refers to, is named by its label.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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


def no_note(label: str) -> str:
    """The site's message for ``[^label]`` with no ``[^label]: ...`` note."""
    return (
        f"footnote [^{label}]: has no note; add a line '[^{label}]: the note's "
        "text' to the page, or remove the reference"
    )


def no_reference(label: str) -> str:
    """The site's message for a ``[^label]: ...`` note no text refers to."""
    return (
        f"footnote [^{label}]: no text refers to this note; write [^{label}] "
        "where the note belongs, or remove the note"
    )


def name_unmatched(app: Sphinx) -> None:
    """In ``setup()``: name a footnote reference with no note, and a note with
    no reference, by its label, once, and leave it out of the page.

    docutils gave a reference with no note two messages at one line ("Too
    many autonumbered footnote references: only 0 corresponding footnote
    available" and 'Unknown target name: "x"'), and MyST a note with no
    reference "Footnote [#] is not referenced", naming no label. This runs
    before both, and leaves them nothing to say.
    """
    from docutils import nodes
    from sphinx.transforms import SphinxTransform
    from sphinx.util import logging

    logger = logging.getLogger(__name__)

    class UnmatchedFootnotes(SphinxTransform):
        # before MyST's sort (618) and docutils' numbering (620)
        default_priority = 617

        def apply(self, **kwargs: Any) -> None:
            document = self.document
            notes = [*document.footnotes, *document.autofootnotes]
            defined = {name for note in notes for name in note["names"]}
            refs = document.footnote_refs
            dropped: list[nodes.Element] = []
            for label in [name for name in refs if name not in defined]:
                found = refs.pop(label)
                self._warn(no_note(label), found[0])  # once, at the first
                dropped += found
            referenced = set(refs)
            unused = [
                n for n in notes if n["names"] and referenced.isdisjoint(n["names"])
            ]
            for note in unused:
                self._warn(no_reference(note["names"][0]), note)
            gone = _remove(dropped + unused)
            if gone:
                document.autofootnote_refs = [
                    r for r in document.autofootnote_refs if id(r) not in gone
                ]
                document.footnotes = [
                    n for n in document.footnotes if id(n) not in gone
                ]
                document.autofootnotes = [
                    n for n in document.autofootnotes if id(n) not in gone
                ]

        def _warn(self, message: str, node: nodes.Element) -> None:
            logger.warning(
                message,
                location=(self.env.docname, node.line or 1),
                type="newsdesk",
                subtype="footnote",
            )

    app.add_transform(UnmatchedFootnotes)


def _remove(found: list[Any]) -> set[int]:
    """Take ``found`` out of their parents, one pass a parent (a paragraph of
    20,000 references, each removed alone, would be searched 20,000 times);
    returns their ids."""
    gone = {id(node) for node in found}
    parents = {id(n.parent): n.parent for n in found if n.parent is not None}
    for parent in parents.values():
        parent.children = [c for c in parent.children if id(c) not in gone]
    for node in found:
        node.parent = None
    return gone
