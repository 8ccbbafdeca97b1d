"""MyST parsing without a throwaway docutils document per page.

MyST-Parser's renderer sets itself up with
``options.get("document", make_document())``: the default is built even when
Sphinx passes the real document, and ``make_document`` builds docutils'
default settings from scratch (an ``OptionParser`` over every component),
about 1.7 ms a page, or 4% of a build at 1,000 posts, for a document that is
thrown away at once. The only other caller replaces the new document's
settings straight away (``render_restructuredtext``).

So ``make_document`` gets the default settings built once and copied (a deep
copy: 0.07 ms). The output does not change: the settings are the same values,
and each document still gets its own.
"""

from __future__ import annotations

import copy
import functools
import inspect
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes

_EXPECTED = ["source_path", "parser_cls"]


def cache_default_settings() -> bool:
    """Replace MyST's ``make_document`` by one reusing default settings.

    Returns whether it did: a MyST whose function looks different is left as
    it is (the build is then only slower).
    """
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:  # pragma: no cover - myst-parser is a dependency
        return False
    original = getattr(base, "make_document", None)
    if original is None or getattr(original, "__wrapped__", None) is not None:
        return original is not None
    if list(inspect.signature(original).parameters) != _EXPECTED:
        return False
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    @functools.cache
    def defaults(parser_cls: Any) -> Any:
        return get_default_settings(parser_cls)

    @functools.wraps(original)
    def make_document(
        source_path: str = "notset", parser_cls: Any = base.RSTParser
    ) -> nodes.document:
        return new_document(source_path, settings=copy.deepcopy(defaults(parser_cls)))

    base.make_document = make_document
    return True


def restore_default_settings() -> None:
    """Put MyST's own ``make_document`` back (the speed-ups are switched off)."""
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:  # pragma: no cover - myst-parser is a dependency
        return
    original = getattr(base.make_document, "__wrapped__", None)
    if original is not None:
        base.make_document = original
