"""sphinx-design's resolve-time work, only on the pages that use sphinx-design.

sphinx-design runs six post-transforms and a ``doctree-resolved`` handler on
every page, each a walk of the whole doctree looking for its components: about
4% of a full build at 1,000 posts, and all of it in the main process under
``-j``. Posts rarely use its directives (the landing page's cards are our own
nodes with its CSS classes). So while a document is read, its source (and any
file it includes) is scanned for the names of sphinx-design's directives and
roles; its post-transforms and handler then run only on the documents that
named one. The scan errs towards running them: any mention of a name counts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import directives, roles

from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.transforms.post_transforms import SphinxPostTransform

_PACKAGE = "sphinx_design"
# Anything that can name a directive or role: ```{name}, :::{name}, {name}`text`
# in MyST; ".. name::" and :name:`text` in reStructuredText (eval-rst blocks).
_NAMES = re.compile(r"[{:]\s*([A-Za-z][\w.-]*)\s*[}:]|\.\.\s+([A-Za-z][\w.-]*)\s*::")


def _from_design(obj: object) -> bool:
    return str(getattr(obj, "__module__", "")).startswith(_PACKAGE)


def design_names() -> frozenset[str]:
    """Every directive and role name registered by sphinx-design.

    Read from docutils' registries after configuration, so names added by
    ``sd_custom_directives`` count too.
    """
    # docutils' registries: where Sphinx's add_directive and add_role put them.
    registered: dict[str, Any] = {**directives._directives, **roles._roles}
    return frozenset(name for name, obj in registered.items() if _from_design(obj))


def mentions_design(text: str, names: frozenset[str]) -> bool:
    """Whether ``text`` names any of sphinx-design's directives or roles."""
    return any(
        (m.group(1) or m.group(2)).lower() in names for m in _NAMES.finditer(text)
    )


def _gated(transform: type[SphinxPostTransform]) -> type[SphinxPostTransform]:
    """``transform``, skipped on documents that use no sphinx-design markup."""

    def is_supported(self: SphinxPostTransform) -> bool:
        uses = registry.design_docs(self.env)
        return self.env.docname in uses and transform.is_supported(self)

    return type(
        transform.__name__,
        (transform,),
        {"is_supported": is_supported, "__module__": __name__},
    )


def _gate(app: Sphinx) -> None:
    """Swap sphinx-design's post-transforms and handler for gated ones."""
    post = app.registry.post_transforms
    post[:] = [
        _gated(t) if _from_design(t) and hasattr(t, "is_supported") else t for t in post
    ]
    for listener in list(app.events.listeners.get("doctree-resolved", [])):
        if _from_design(listener.handler):
            app.disconnect(listener.id)
            app.connect(
                "doctree-resolved",
                _only_where_used(listener.handler),
                listener.priority,
            )


def _only_where_used(handler: Any) -> Any:
    def run(app: Sphinx, doctree: nodes.document, docname: str) -> None:
        if docname in registry.design_docs(app.env):
            handler(app, doctree, docname)

    run.__name__ = run.__qualname__ = getattr(handler, "__name__", "handler")
    return run


def remember_names(app: Sphinx) -> None:
    """``builder-inited``: what to look for in sources (after config-inited)."""
    app.newsdesk_design_names = design_names()  # type: ignore[attr-defined]


def scan_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: note the document if it names sphinx-design markup."""
    _scan(app, docname, source[0])


def scan_include(
    app: Sphinx, relative_path: object, parent_docname: str, content: list[str]
) -> None:
    """``include-read``: an included file's markup counts for its includer."""
    _scan(app, parent_docname, content[0])


def _scan(app: Sphinx, docname: str, text: str) -> None:
    names = getattr(app, "newsdesk_design_names", None)
    if names is None:  # builder-inited not seen (a bare environment): run everywhere
        names = design_names()
    if mentions_design(text, names):
        registry.design_docs(app.env)[docname] = True


def register(app: Sphinx) -> None:
    """Call after ``app.setup_extension("sphinx_design")``."""
    _gate(app)
    app.connect("builder-inited", remember_names)
    app.connect("source-read", scan_source)
    app.connect("include-read", scan_include)
