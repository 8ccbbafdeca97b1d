"""A page's labels, glossary terms and headings as Sphinx and MyST keep them,
without the hidden characters the page's text loses.

Sphinx's standard domain records each label with its heading's words, and
each glossary term by its text, while the page is parsed; MyST records each
heading's words for its anchor. The allowlist (``policy.py``) removes bidi
overrides and control characters from the page's text after that, so a
``{ref}`` or ``[](page.md#anchor)`` link from any page showed the heading's
U+202E or escape sequence again, and ``objects.inv`` listed labels and terms
with theirs. These records are cleaned here, just before the policy names the
heading or term itself; a label's own name, which is no text of the page, is
named here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from newsdesk.reading.metadata import hidden_text_problem, strip_hidden

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def clean_labels(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (priority 90, before the policy's 100): the page's
    labels, terms, references and heading anchors lose their bidi overrides
    and control characters, as its text is about to."""
    env = app.env
    docname = env.docname
    std = env.domains.standard_domain
    path = env.doc2path(docname, False).as_posix()
    # the page's labels are the names its targets and headings give
    #: name or id -> where it is written: a ``(label)=`` target gives its
    #: name and id to the heading after it, and keeps the id as its refid
    written: dict[str, nodes.Element] = {}
    for name, labelid in list(doctree.nameids.items()):
        if hidden := hidden_text_problem(name):
            if not written:  # one walk, only for a page with such a name
                for node in doctree.findall(nodes.Element):
                    refid = (
                        node.get("refid") if isinstance(node, nodes.target) else None
                    )
                    for key in (refid, *node["names"]):
                        if isinstance(key, str):
                            written.setdefault(key, node)
            if doctree.nametypes.get(name):
                # (a heading's own name is its text, which the policy names)
                node = written.get(labelid or "") or written.get(name)
                logger.warning(
                    "label %r: %s",
                    name,
                    hidden,
                    location=f"{path}:{_line(node)}",
                    type="newsdesk",
                    subtype="policy",
                )
            tables: tuple[dict[str, Any], ...] = (std.labels, std.anonlabels)
            for table in tables:
                entry = table.get(name)
                if entry is not None and entry[0] == docname:
                    del table[name]
                    table.setdefault(strip_hidden(name), entry)
        entry = std.labels.get(clean := strip_hidden(name))
        if entry is not None and entry[0] == docname:
            std.labels[clean] = _clean(entry)
    # a term is recorded by its text (the policy names that text), and a
    # reference names a label or term as written: both as they are now (one
    # walk of the page for the two)
    terms: dict[str, Any] = getattr(std, "_terms", {})
    for node in doctree.findall(_is_term_or_xref):
        if isinstance(node, addnodes.pending_xref):
            target = node.get("reftarget")
            if isinstance(target, str) and hidden_text_problem(target):
                node["reftarget"] = strip_hidden(target)
            continue
        text = node.astext()
        if not hidden_text_problem(text):
            continue
        clean = strip_hidden(text)
        entry = std.objects.get(("term", text))
        if entry is not None and entry[0] == docname:
            del std.objects["term", text]
            std.objects.setdefault(("term", clean), entry)
        entry = terms.get(text.lower())
        if entry is not None and entry[0] == docname:
            del terms[text.lower()]
            terms.setdefault(clean.lower(), entry)
    # MyST's anchors of headings, each with its heading's words
    slugs = env.metadata.get(docname, {}).get("myst_slugs") or {}
    for slug, entry in slugs.items():
        slugs[slug] = _clean(entry)


def _is_term_or_xref(node: nodes.Node) -> bool:
    return isinstance(node, nodes.term | addnodes.pending_xref)


def _clean(entry: tuple[Any, ...]) -> tuple[Any, ...]:
    """``entry`` with its text (the heading's words) cleaned; a label's
    (docname, id, words), an anchor's (line, id, words)."""
    *rest, words = entry
    if isinstance(words, str) and hidden_text_problem(words):
        return (*rest, strip_hidden(words))
    return entry


def _line(node: nodes.Node | None) -> int:
    """The file line of a labelled node: a heading's is its title's."""
    while node is not None:
        if node.line:
            return node.line
        if isinstance(node, nodes.section) and node.children and node[0].line:
            return node[0].line
        node = node.parent
    return 1
