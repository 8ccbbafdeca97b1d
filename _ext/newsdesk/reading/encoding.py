"""Source files Sphinx cannot read: refused with a message before it tries.

Sphinx reads each document with ``Path.read_text(encoding="utf-8-sig")``, so a
contributor's file saved as Latin-1 or Windows-1252 stops the whole build with
a ``UnicodeDecodeError`` traceback and no file name. ``env-before-read-docs``
runs first: undecodable files get a ``path:line`` warning and are dropped from
the build, like an excluded file, so every other problem is still reported.
So are files too large to be a page (``PAGE_LIMIT``).
"""

from __future__ import annotations

import fnmatch
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from newsdesk.reading.metadata import (
    LINKED,
    SLUG_LIMIT,
    Problem,
    decoding_problem,
    size_problem,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: warn about and drop files that are not text."""
    srcdir = Path(app.srcdir).resolve()
    for docname in list(docnames):
        path = env.doc2path(docname)
        problem: Problem | None = None
        if path.is_symlink() or not path.resolve().is_relative_to(srcdir):
            # A link could make the build read (and publish) any file.
            problem = Problem("file", LINKED, 1)
        else:
            try:
                data = path.read_bytes()
            except OSError:
                continue  # Sphinx reports a missing or unreadable file
            problem = size_problem(len(data)) or decoding_problem(
                data, app.config.source_encoding
            )
        if problem is not None:
            leave_out(env, docnames, docname, problem)


def leave_out(
    env: BuildEnvironment, docnames: list[str], docname: str, problem: Problem
) -> None:
    """Name ``problem`` at the document's file and line, and read it not."""
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


HIDDEN = "is a hidden file; the build does not read it"

#: files that may sit next to posts: what pages show as images or downloads
ASSET_TYPES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".csv", ".txt", ".json"}
)


def skipped_file_problems(srcdir: Path, folders: list[str]) -> list[tuple[str, str]]:
    """(path, problem) for each file in the content folders the build would not
    read as a page: another extension (``.MD``, ``.markdown``, ``.rst``), a
    hidden file, or a symbolic link.

    Runs on every build over every post, so it walks with ``os.walk`` and
    plain strings (a ``Path`` per file cost 1.5 s at 10,000 posts).
    """
    found = []
    for folder in folders:
        root = srcdir / folder
        if root.is_symlink():
            found.append((folder, LINKED))  # not entered: it could be /etc
            continue
        if not root.is_dir():
            continue
        for rel in sorted(_entries(srcdir, root), key=lambda r: r.split("/")):
            full = os.path.join(srcdir, rel)
            name = rel.rsplit("/", 1)[-1]
            suffix = os.path.splitext(name)[1]
            if _is_linked_page(full):
                continue  # a page: skip_undecodable refuses it
            if os.path.islink(full):
                found.append((rel, LINKED))
            elif not os.path.isfile(full):
                continue
            elif any(part.startswith(".") for part in rel.split("/")):
                found.append((rel, HIDDEN))
            elif not _printable_but_for_undecoded_bytes(name):
                # Sphinx finds no page in it: say so, or the post is lost unsaid
                why = (
                    "has a control character in its name, so the build does "
                    "not read it: name it <slug>.md"
                )
                found.append((rel.encode("unicode_escape").decode("ascii"), why))
            elif suffix == ".md" and len(name) - 3 > SLUG_LIMIT:
                found.append((rel, too_long(name)))
            elif suffix == ".md" or suffix.lower() in ASSET_TYPES:
                continue
            elif suffix.lower() in {".md", ".markdown", ".mdown", ".rst", ".txt"}:
                found.append(
                    (
                        rel,
                        "is not read by the build: name it <slug>.md (lower-case .md)",
                    )
                )
            else:
                found.append((rel, "is not a page or an allowed image or download"))
    return found


def _printable_but_for_undecoded_bytes(name: str) -> bool:
    """Whether a file name is printable once its bytes that are not UTF-8
    (``caf\xe9.md``, read as surrogates) are set aside: Sphinx finds such a
    page, and the page-name rule names it, so it is not named here twice."""
    return "".join(c for c in name if not 0xDC80 <= ord(c) <= 0xDCFF).isprintable()


def too_long(name: str) -> str:
    """Why a page with this file name is not read (its doctree's name would
    be too long for the file system)."""
    return (
        f"is not read by the build: its name has {len(name) - 3} characters "
        f"before .md, at most {SLUG_LIMIT}"
    )


def _entries(srcdir: Path, root: Path) -> Iterator[str]:
    """Every file and folder under ``root``, as POSIX paths relative to
    ``srcdir``; linked folders are named, not entered."""
    base = len(os.fspath(srcdir)) + 1
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            yield os.path.join(dirpath, name)[base:].replace(os.sep, "/")
        for name in filenames:
            yield os.path.join(dirpath, name)[base:].replace(os.sep, "/")


def linked_paths(srcdir: Path, folders: list[str]) -> list[str]:
    """POSIX paths, relative to ``srcdir``, of the symbolic links under
    ``folders`` and of the folders that are links themselves (not entered),
    but for the pages :func:`skip_undecodable` names.

    ``os.scandir`` tells links from its directory listing, without a call per
    file: this runs before every build and preview, over every post.
    """
    found = []
    for folder in folders:
        if (srcdir / folder).is_symlink():
            found.append(folder)
            continue
        pending = [folder] if (srcdir / folder).is_dir() else []
        while pending:
            rel = pending.pop()
            with os.scandir(srcdir / rel) as entries:
                for entry in entries:
                    path = f"{rel}/{entry.name}"
                    if not entry.is_symlink():
                        if entry.is_dir():
                            pending.append(path)
                    elif not _is_linked_page(entry.path):
                        found.append(path)
    return sorted(found, key=lambda r: r.split("/"))


def linked_folders(srcdir: Path) -> list[str]:
    """The links to folders at the top of ``srcdir``: Sphinx walks every
    folder there, content or not, and follows them (``loop -> .``, twice,
    kept it walking for ever)."""
    with os.scandir(srcdir) as entries:
        return sorted(e.name for e in entries if e.is_symlink() and e.is_dir())


def _is_linked_page(full: str) -> bool:
    """A link Sphinx reads as a page (``x.md``, not a folder named so), which
    :func:`skip_undecodable` names and leaves out."""
    return os.path.islink(full) and full.endswith(".md") and not os.path.isdir(full)


def content_folders(srcdir: Path, include_patterns: list[str]) -> list[str]:
    """The top-level folders whose files Sphinx may read as pages: those the
    include patterns name, every folder for a pattern that starts with a
    wildcard (Sphinx's default ``**``), but the site's own (``_static``,
    ``_templates``: ``refuse_linked_assets`` checks them) and hidden ones."""
    tops = _pattern_tops(include_patterns)
    if tops is None:
        named = {entry.name for entry in srcdir.iterdir() if entry.is_dir()}
    else:
        named = set(tops)
    return sorted(name for name in named if not name.startswith(("_", ".")) and name)


def _pattern_tops(include_patterns: list[str]) -> list[str] | None:
    """The top-level folder of each include pattern (``posts`` of
    ``posts/**``), or None when one reaches every folder (Sphinx's ``**``)."""
    if not include_patterns or any(p[:1] in "*?[" for p in include_patterns):
        return None
    return [p.split("/", 1)[0] for p in include_patterns if "/" in p]


def exclude_links(app: Sphinx, config: Config) -> None:
    """``config-inited``: leave every symbolic link in the content folders,
    and every link to a folder at the top of the source, out of Sphinx's walk
    (:func:`report_skipped_files` names them).

    Sphinx follows links to folders: ``posts/2025/loop -> ..`` made it read
    every post again at each depth, two such links stalled the build with no
    message (its walk doubles at each level), and ``tags/x -> ../posts``
    gave posts a second page. Sphinx walks before ``builder-inited``.
    """
    srcdir = Path(app.srcdir)
    folders = content_folders(srcdir, list(config.include_patterns))
    links = {*linked_paths(srcdir, folders), *linked_folders(srcdir)}
    unreached = unreached_folders(srcdir, config)
    if links or unreached:
        patterns = map(literal, sorted(links | set(unreached)))
        config.exclude_patterns = [*config.exclude_patterns, *patterns]


def unreached_folders(srcdir: Path, config: Config) -> list[str]:
    """The top-level folders no include pattern reaches (``tests/``, ``.nox/``,
    ``_build/``): Sphinx walks every folder it does not exclude, whatever it
    includes, so a loop of links deep in ``tests/`` stalled the build, and a
    contributor's virtualenvs cost every build and preview a walk of their
    thousands of files. None with Sphinx's default ``**``.

    Exclude patterns also filter what Sphinx copies from the static folders,
    matched inside each: a name a static folder also has is left walked.
    """
    tops = _pattern_tops(list(config.include_patterns))
    if tops is None:
        return []
    site = {*config.html_static_path, *config.templates_path}
    static = [srcdir / folder for folder in config.html_static_path]
    with os.scandir(srcdir) as entries:
        names = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
    return sorted(
        name
        for name in names
        if name not in site
        and not any(fnmatch.fnmatchcase(name, top) for top in tops)
        and not any((folder / name).exists() for folder in static)
    )


#: why a Markdown file at the top of the site, which no include pattern names,
#: has no page
NOT_INCLUDED = (
    "is not read by the build: a page at the top of the site is listed in "
    "conf.py's include_patterns, and a post goes in posts/<year>/"
)


def unread_top_pages(srcdir: Path, config: Config) -> list[str]:
    """Markdown files at the top of the site that neither an include pattern
    nor an exclude pattern names: Sphinx passes them by without a word, so a
    contributor's ``faq.md`` was lost unsaid. None with Sphinx's default
    ``**``, which reads them all."""
    if _pattern_tops(list(config.include_patterns)) is None:
        return []
    patterns = [*config.include_patterns, *config.exclude_patterns]
    with os.scandir(srcdir) as entries:
        names = [e.name for e in entries if e.is_file(follow_symlinks=False)]
    return sorted(
        name
        for name in names
        if name.lower().endswith(".md")
        and not name.startswith(".")
        and not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
    )


def literal(path: str) -> str:
    """``path`` as an exclude pattern that matches it alone: Sphinx reads
    ``*``, ``?`` and ``[`` in a pattern as wildcards, and compares names in
    NFC."""
    text = unicodedata.normalize("NFC", path)
    # not "[[]": Python's re reads it as a nested set; "[\\[]" is "[" (or "\\")
    return text.translate(_LITERAL)


_LITERAL = {ord("*"): "[*]", ord("?"): "[?]", ord("["): "[\\[]"}


def report_skipped_files(app: Sphinx) -> None:
    """``builder-inited``: name every content file the build would skip, and
    every symbolic link in the other content folders (:func:`exclude_links`)."""
    config = app.config
    if config.newsdesk_preview:
        return  # the site's build names them; a preview reads its posts only
    srcdir = Path(app.srcdir)
    folders = [config.newsdesk_posts_dir, config.newsdesk_entities_dir]
    found = skipped_file_problems(srcdir, folders)
    others = content_folders(srcdir, list(config.include_patterns))
    others = [folder for folder in others if folder not in folders]
    # A hidden one (a contributor's .venv linked elsewhere) is left out unsaid:
    # nothing in it is a page, and naming it would fail their -W build.
    top = [name for name in linked_folders(srcdir) if not name.startswith(".")]
    linked = {*linked_paths(srcdir, others), *top} - set(folders)
    found += [(rel, LINKED) for rel in linked]
    found += [(name, NOT_INCLUDED) for name in unread_top_pages(srcdir, config)]
    for rel, problem in sorted(found, key=lambda item: item[0].split("/")):
        if problem in (HIDDEN, too_long(rel.rsplit("/", 1)[-1])):
            # Sphinx reads hidden files: .drafts/x.md was read, under a second
            # message, and took its source from the post it was a copy of
            config.exclude_patterns = [*config.exclude_patterns, literal(rel)]
        logger.warning(
            "file: %s",
            problem,
            location=f"{rel}:1",
            type="newsdesk",
            subtype="metadata",
        )
