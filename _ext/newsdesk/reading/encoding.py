"""Source files Sphinx cannot read: refused with a message before it tries.

Sphinx reads each document with ``Path.read_text(encoding="utf-8-sig")``, so a
contributor's file saved as Latin-1 or Windows-1252 stops the whole build with
a ``UnicodeDecodeError`` traceback and no file name. ``env-before-read-docs``
runs first: undecodable files get a ``path:line`` warning and are dropped from
the build, like an excluded file, so every other problem is still reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from newsdesk.reading.metadata import Problem

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def decoding_problem(data: bytes, encoding: str = "utf-8-sig") -> Problem | None:
    """Why ``data`` is not text in ``encoding`` (with its 1-based line), or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        return Problem(
            "file",
            f"is not UTF-8 text (byte 0x{byte} on this line); save it as UTF-8",
            line,
        )
    except LookupError:  # an unknown source_encoding: Sphinx reports it itself
        return None
    return None


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: warn about and drop files that are not text."""
    for docname in list(docnames):
        path = env.doc2path(docname)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # Sphinx reports a missing or unreadable file
        problem = decoding_problem(data, app.config.source_encoding)
        if problem is None:
            continue
        logger.warning(
            str(problem),
            location=f"{env.doc2path(docname, False).as_posix()}:{problem.line}",
            type="newsdesk",
            subtype="metadata",
        )
        docnames.remove(docname)
        # Forget the document entirely, so no toctree, listing or writer asks
        # for a doctree that was never read.
        env.project.docnames.discard(docname)
