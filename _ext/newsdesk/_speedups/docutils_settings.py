"""Sphinx's docutils settings built once per build, not once per document.

For every document it reads, Sphinx builds a docutils ``OptionParser`` over
the reader's and the parser's settings specs, reads the docutils config files
again, and takes its default values (``sphinx.util.docutils._get_settings``):
0.8 ms a page, 8 s at 10,000 posts, for the same values each time.

So the parser is kept, per reader and parser class, for as long as the
defaults Sphinx passes are the very same objects (the environment's
settings, which do not change while reading); each document still gets its
own ``Values`` from ``get_default_values()``, as before (with its own
``record_dependencies``). Checked against Sphinx 9.0.4, 9.1.1 and 9.2.0, whose
function is the same. Nothing is kept when
a docutils config file was read (its values could be lists that a document
changes) or when a component's settings are its instance's own.
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING, Any

from newsdesk._speedups import patching

if TYPE_CHECKING:
    from collections.abc import Mapping

_EXPECTED = ["components", "defaults", "read_config_files"]
#: what OptionParser reads from each component
_SPEC = ("settings_spec", "settings_defaults", "settings_default_overrides")


def cache_settings() -> bool:
    """Replace ``_get_settings`` by the caching one; False if Sphinx's looks
    different (the build is then only slower)."""
    from sphinx.util import docutils as sphinx_docutils

    applied, original = patching.replaceable(
        sphinx_docutils, "_get_settings", _EXPECTED
    )
    if original is None:
        return applied
    from docutils.frontend import OptionParser

    kept: dict[tuple[Any, ...], tuple[dict[str, Any], Any]] = {}

    @functools.wraps(original)
    def _get_settings(
        *components: Any, defaults: Mapping[str, Any], read_config_files: bool = False
    ) -> Any:
        if any(
            name in getattr(c, "__dict__", {})
            for c in components
            if not isinstance(c, type)
            for name in _SPEC
        ):
            return original(
                *components, defaults=defaults, read_config_files=read_config_files
            )
        key = (
            tuple(c if isinstance(c, type) else type(c) for c in components),
            read_config_files,
        )
        entry = kept.get(key)
        if entry is None or not _same(entry[0], defaults):
            with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
                parser = OptionParser(
                    components=components,
                    defaults=defaults,
                    read_config_files=read_config_files,
                )
            if parser.config_files:
                return _values(parser)
            entry = kept[key] = (dict(defaults), parser)
        return _values(entry[1])

    sphinx_docutils._get_settings = _get_settings
    return True


def _values(parser: Any) -> Any:
    # docutils 0.23 deprecates Values, as Sphinx's own function notes.
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        return parser.get_default_values()


def _same(kept: dict[str, Any], defaults: Mapping[str, Any]) -> bool:
    """The same keys, each with the very same object."""
    return kept.keys() == defaults.keys() and all(
        value is defaults[name] for name, value in kept.items()
    )


def restore_settings() -> None:
    """Put Sphinx's own ``_get_settings`` back (the speed-ups are switched off)."""
    from sphinx.util import docutils as sphinx_docutils

    patching.restore(sphinx_docutils, "_get_settings")
