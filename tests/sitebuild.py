"""Build a test root once for a whole test module, under a controlled environment.

Sphinx's ``app`` fixture is per test and reads the process environment while
the test runs; drafts and "future" depend on ``SOURCE_DATE_EPOCH``,
``NEWSDESK_DRAFTS`` and ``READTHEDOCS_VERSION_TYPE``, which must be set before
the app is created. ``build`` sets exactly those variables, builds, and cleans
Sphinx's global state at once, so that several finished builds can be
inspected side by side (their output folders and warnings stay readable).
"""

from __future__ import annotations

import gzip
import shutil
import zlib
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
#: A post's three parts, for tests that write a post's Markdown: without them
#: the build names the post (see CONTRIBUTING.md).
PARTS = (
    "## News Overview\n\nWhat was reported.\n\n"
    "## In-Depth Analysis\n\nWhat it means.\n\n"
    "## Commentary\n\nWhat we think.\n\n"
)
#: Variables that change what a build publishes; unset unless a test sets them.
BUILD_ENV = (
    "SOURCE_DATE_EPOCH",
    "NEWSDESK_DRAFTS",
    "READTHEDOCS_VERSION_TYPE",
    "READTHEDOCS",
    "READTHEDOCS_CANONICAL_URL",
)


def copy_root(tmp: Path, root: str) -> Path:
    """A private copy of ``tests/roots/test-<root>``; returns its folder."""
    srcdir = tmp / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    return srcdir


def build(
    srcdir: Path,
    buildername: str = "html",
    *,
    confoverrides: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    fresh: bool = True,
    builddir: Path | None = None,
    parallel: int = 0,
) -> SphinxTestApp:
    """Build ``srcdir`` (fresh, or incrementally on the last build) and return the app."""
    with pytest.MonkeyPatch.context() as mp:
        for name in BUILD_ENV:
            mp.delenv(name, raising=False)
        for name, value in (env or {}).items():
            mp.setenv(name, value)
        app = SphinxTestApp(
            buildername,
            srcdir=srcdir,
            freshenv=fresh,
            confoverrides=confoverrides,
            builddir=builddir,
            parallel=parallel,
            status=StringIO(),
            warning=StringIO(),
        )
        try:
            app.build()
        finally:
            app.cleanup()
    return app


def output_files(app: SphinxTestApp) -> dict[str, str]:
    """Every file of the output folder as text, by POSIX path relative to it.

    ``objects.inv`` is zlib-compressed after its header, and Pagefind's index
    chunks are gzip files; they are decompressed so that a search of the text
    sees their entries too.
    """
    outdir = Path(app.outdir)
    found = {}
    for path in sorted(outdir.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "objects.inv":
            header, _, compressed = data.partition(b"zlib.\n")
            data = header + zlib.decompress(compressed)
        elif data.startswith(b"\x1f\x8b"):  # gzip: pagefind/ chunks
            data = gzip.decompress(data)
        found[path.relative_to(outdir).as_posix()] = data.decode("utf-8", "replace")
    return found
