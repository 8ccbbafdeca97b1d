"""Speed-ups that reach into other projects' internals: isolated, guarded, switchable.

Each one here replaces or rewires a private part of a dependency (Sphinx,
MyST-Parser, sphinx-design, Furo) to save build time (or, ``doctree_cache``,
memory), and must change nothing in the output.
An upgrade could change what they rely on, so each is applied only when the
installed release of its library is one it was checked against (``tested``);
any other release builds the site without it, a little slower, and says so
with ``-v``. ``newsdesk_speedups = False`` (``-D newsdesk_speedups=0``) turns
them all off; the test suite builds a site both ways and compares every file.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Speedup:
    """One speed-up: what it patches, the releases it was checked on, how to apply."""

    name: str
    distribution: str
    tested: str  # a PEP 440 version range
    apply: Callable[[Sphinx], bool]  # False: the library looked different; skipped
    #: undoes a process-wide patch (the others are per Sphinx application)
    undo: Callable[[], None] | None = None

    def supports(self, version: str | None) -> bool:
        if version is None:
            return False
        try:
            return Version(version) in SpecifierSet(self.tested)
        except InvalidVersion:
            return False


def _myst_document(app: Sphinx) -> bool:
    from newsdesk._speedups import myst_document

    return myst_document.cache_default_settings()


def _myst_restore() -> None:
    from newsdesk._speedups import myst_document

    myst_document.restore_default_settings()


def _docutils_settings(app: Sphinx) -> bool:
    from newsdesk._speedups import docutils_settings

    return docutils_settings.cache_settings()


def _docutils_restore() -> None:
    from newsdesk._speedups import docutils_settings

    docutils_settings.restore_settings()


def _asset_checksums(app: Sphinx) -> bool:
    from newsdesk._speedups import asset_checksums

    return asset_checksums.cache_checksums()


def _asset_restore() -> None:
    from newsdesk._speedups import asset_checksums

    asset_checksums.restore_checksums()


def _myst_parser(app: Sphinx) -> bool:
    from newsdesk._speedups import myst_parser_reuse

    return myst_parser_reuse.reuse_parsers()


def _myst_parser_restore() -> None:
    from newsdesk._speedups import myst_parser_reuse

    myst_parser_reuse.restore_parsers()


def _doctree_cache(app: Sphinx) -> bool:
    from newsdesk._speedups import doctree_cache

    return doctree_cache.read_uncached()


def _doctree_restore() -> None:
    from newsdesk._speedups import doctree_cache

    doctree_cache.restore_read()


def _design_transforms(app: Sphinx) -> bool:
    from newsdesk._speedups import design_transforms

    design_transforms.register(app)
    return True


def _furo_toctree(app: Sphinx) -> bool:
    from newsdesk._speedups import furo_toctree

    furo_toctree.register(app)
    return True


SPEEDUPS: tuple[Speedup, ...] = (
    Speedup(
        "myst_document", "myst-parser", ">=4.0,<5.3", _myst_document, _myst_restore
    ),
    Speedup(
        "myst_parser", "myst-parser", ">=5.2,<5.3", _myst_parser, _myst_parser_restore
    ),
    Speedup(
        "docutils_settings",
        "sphinx",
        ">=9.0,<9.3",  # read on 9.0.4, 9.1.1 and 9.2.0
        _docutils_settings,
        _docutils_restore,
    ),
    Speedup(
        "asset_checksums",
        "sphinx",
        ">=9.0,<9.3",  # read on 9.0.4, 9.1.1 and 9.2.0
        _asset_checksums,
        _asset_restore,
    ),
    Speedup(
        "doctree_cache",
        "sphinx",
        ">=9.0,<9.3",  # read on 9.0.4, 9.1.1 and 9.2.0
        _doctree_cache,
        _doctree_restore,
    ),
    Speedup("design_transforms", "sphinx-design", ">=0.6,<0.9", _design_transforms),
    Speedup("furo_toctree", "furo", ">=2024.8.6,<=2025.12.19", _furo_toctree),
)


def installed(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def apply_speedups(app: Sphinx, config: Config) -> None:
    """``config-inited`` (early): apply each speed-up the installed libraries allow.

    Applied after configuration, not in ``setup()``, so the switch can be read;
    still before any document is read or written.
    """
    applied: list[str] = []
    for speedup in SPEEDUPS:
        version = installed(speedup.distribution)
        if not config.newsdesk_speedups:
            pass
        elif not speedup.supports(version):
            logger.verbose(
                "newsdesk: speed-up %s skipped: %s %s is outside %s",
                speedup.name,
                speedup.distribution,
                version,
                speedup.tested,
            )
        elif speedup.apply(app):
            applied.append(speedup.name)
            continue
        if speedup.undo is not None:  # an earlier build in this process applied it
            speedup.undo()
    app.newsdesk_speedups = tuple(applied)  # type: ignore[attr-defined]
