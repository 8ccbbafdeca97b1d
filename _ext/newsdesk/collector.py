"""The cyclic garbage collector around a build's long-lived data.

A build loads (or makes) hundreds of thousands of objects that live until it
ends: the pickled environment, the site index, the views. CPython's collector
walks every tracked object on each full pass, so those passes grow with the
site and free nothing of it (at 10,000 posts, a tenth of a no-op build, most of
it while the environment is unpickled). So the collector waits while the
environment loads, and what is loaded, and later the index, is frozen
(``gc.freeze``): out of every later pass, while documents and pages still get
collected as usual. At the end all of it is unfrozen, for processes that go on
(the tests, sphinx-autobuild).

A one-post preview is short and frees little: the collector stays off until
its end.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from newsdesk import run

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def pause(app: Sphinx, config: Config) -> None:
    """``config-inited`` (first): no collection while the environment loads."""
    app.newsdesk_gc_was_enabled = gc.isenabled()  # type: ignore[attr-defined]
    gc.disable()


def freeze_loaded(app: Sphinx) -> None:
    """``builder-inited`` (first): the loaded environment out of every pass."""
    gc.freeze()
    if not run.previewing(app):
        _resume(app)


def freeze_index(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (last): the site index and views out of every pass, once
    the documents' garbage is collected (frozen, it would never be).

    Not while Sphinx still holds the doctrees it read (the ``doctree_cache``
    speed-up off): each is dropped once its page is written, and frozen, all
    of them would stay in memory to the end.
    """
    if run.previewing(app) or getattr(env, "_write_doc_doctree_cache", None):
        return
    gc.collect()
    gc.freeze()


def release(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (last): everything collectable again."""
    gc.unfreeze()
    _resume(app)


def _resume(app: Sphinx) -> None:
    if getattr(app, "newsdesk_gc_was_enabled", False):
        gc.enable()
