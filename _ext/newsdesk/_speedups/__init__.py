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
import importlib
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


def _patch(module: str, function: str) -> Callable[[Sphinx], bool]:
    """``apply`` of a process-wide patch: ``function`` of ``module`` (imported
    only when applied), which says whether the patch is in place."""

    def apply(app: Sphinx) -> bool:
        return bool(
            getattr(importlib.import_module(f"{__name__}.{module}"), function)()
        )

    return apply


def _unpatch(module: str, function: str) -> Callable[[], None]:
    """``undo`` of a process-wide patch: ``function`` of ``module``."""

    def undo() -> None:
        getattr(importlib.import_module(f"{__name__}.{module}"), function)()

    return undo


def _handlers(module: str) -> Callable[[Sphinx], bool]:
    """``apply`` of a speed-up made of event handlers: ``register(app)``."""

    def apply(app: Sphinx) -> bool:
        importlib.import_module(f"{__name__}.{module}").register(app)
        return True

    return apply


SPEEDUPS: tuple[Speedup, ...] = (
    Speedup(
        "myst_document",
        "myst-parser",
        ">=4.0,<5.3",
        _patch("myst_document", "cache_default_settings"),
        _unpatch("myst_document", "restore_default_settings"),
    ),
    Speedup(
        "myst_parser",
        "myst-parser",
        ">=5.2,<5.3",
        _patch("myst_parser_reuse", "reuse_parsers"),
        _unpatch("myst_parser_reuse", "restore_parsers"),
    ),
    Speedup(
        "docutils_settings",
        "sphinx",
        ">=9.0,<9.3",  # read on 9.0.4, 9.1.1 and 9.2.0
        _patch("docutils_settings", "cache_settings"),
        _unpatch("docutils_settings", "restore_settings"),
    ),
    Speedup(
        "asset_checksums",
        "sphinx",
        ">=9.0,<9.3",  # read on 9.0.4, 9.1.1 and 9.2.0
        _patch("asset_checksums", "cache_checksums"),
        _unpatch("asset_checksums", "restore_checksums"),
    ),
    Speedup(
        "doctree_cache",
        "sphinx",
        ">=9.0,<9.3",  # read on 9.0.4, 9.1.1 and 9.2.0
        _patch("doctree_cache", "read_uncached"),
        _unpatch("doctree_cache", "restore_read"),
    ),
    Speedup(
        "design_transforms",
        "sphinx-design",
        ">=0.6,<0.9",
        _handlers("design_transforms"),
    ),
    Speedup(
        "furo_toctree",
        "furo",
        ">=2024.8.6,<=2025.12.19",
        _handlers("furo_toctree"),
    ),
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
