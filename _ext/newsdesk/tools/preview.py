"""``python -m newsdesk preview [POST.md ...]``: one post's page, rebuilt on save.

Reads only the named posts and the site's own pages, taking every other post
from the site snapshot that the last build of the whole site saved (see
``index/snapshot.py``), and builds from a process that has imported Sphinx
already (``tools/live.py``), so a save is shown in about a second even on a
site of thousands of posts. Without a snapshot, the whole site is built once
first. With no post named, the whole site is built and served, rebuilt on
each save as Sphinx does (``nox -s docs-live``), from the same warm process
and the same server: one that answers only to its own names (see
``tools/live.py``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

#: where ``nox -s docs`` builds the site, and where the preview goes
SITE = ("_build/html", "_build/doctrees/docs")
PREVIEW = ("_build/preview", "_build/doctrees/preview")
#: where the whole site is previewed
LIVE = ("_build/live", "_build/doctrees/docs-live")
SNAPSHOT = "newsdesk-site.pickle"  # index/snapshot.py's FILE (kept Sphinx-free here)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "posts",
        nargs="*",
        type=Path,
        help="posts/<year>/<slug>.md (none: the whole site)",
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="the site")
    parser.add_argument(
        "--once", action="store_true", help="build once and exit (no server)"
    )
    parser.add_argument("--port", type=int, default=8000)


def _arguments(root: Path, out: str, doctrees: str, *extra: str) -> list[str]:
    """Sphinx's command line, after ``python -m sphinx``."""
    return ["-T", "-q", "-b", "dirhtml", "-d", doctrees, *extra, str(root), out]


def _sphinx(root: Path, out: str, doctrees: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", *_arguments(root, out, doctrees, *extra)]


def problems(root: Path, posts: list[Path]) -> list[str]:
    found = []
    for post in posts:
        path = post if post.is_absolute() else root / post
        inside = path.resolve().is_relative_to((root / "posts").resolve())
        if path.suffix != ".md" or not path.is_file():
            found.append(f"{post}: no such post (give posts/<year>/<slug>.md)")
        elif not inside:
            found.append(f"{post}: is not under posts/")
    return found


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    wrong = problems(root, args.posts)
    for line in wrong:
        print(line, file=sys.stderr)
    if wrong:
        return 2
    if not args.posts:
        return _whole_site(args)
    # A relative path is the site's, as problems() read it, not the terminal's.
    posts = [
        (p if p.is_absolute() else root / p).resolve().relative_to(root.resolve())
        for p in args.posts
    ]
    snapshot = root / SITE[1] / SNAPSHOT
    if not snapshot.exists():
        print("newsdesk preview: no site snapshot yet; building the whole site once")
        # Its warnings are kept back: the preview's own build, next, says each
        # of the post's again, and a contributor would read every one twice.
        # Built as nox -s docs builds it, drafts left out: _build/html is the
        # published site (the README serves it), and the snapshot is what
        # nox -s docs would have saved.
        published = {k: v for k, v in os.environ.items() if k != "NEWSDESK_DRAFTS"}
        site = subprocess.run(
            _sphinx(root, *(str(root / p) for p in SITE)),
            check=False,
            stderr=subprocess.PIPE,
            text=True,
            env=published,
        )
        if site.returncode != 0 or not snapshot.exists():
            sys.stderr.write(site.stderr)
            return site.returncode or 1
    options = [
        "-D",
        f"newsdesk_preview={','.join(p.as_posix() for p in posts)}",
        "-D",
        f"newsdesk_preview_snapshot={snapshot.resolve()}",
    ]
    out, doctrees = (str(root / p) for p in PREVIEW)
    pages = [p.with_suffix("").as_posix() + "/" for p in posts]
    if args.once:
        built = subprocess.run(_sphinx(root, out, doctrees, *options), check=False)
        for page in pages:
            print(f"newsdesk preview: {Path(out) / page / 'index.html'}")
        return built.returncode
    from newsdesk.tools import live

    arguments = _arguments(root, out, doctrees, *options)
    builds = live.Builds(arguments, live.preload(root))
    for page in pages:
        print(f"newsdesk preview: http://127.0.0.1:{args.port}/{page}")
    return live.serve(root, Path(out), builds, args.port)


def _whole_site(args: argparse.Namespace) -> int:
    """Every page, built as Sphinx builds on a change (what changed, and the
    pages that show it)."""
    root: Path = args.root
    out, doctrees = (str(root / p) for p in LIVE)
    if args.once:
        return subprocess.run(_sphinx(root, out, doctrees), check=False).returncode
    from newsdesk.tools import live

    builds = live.Builds(_arguments(root, out, doctrees), live.preload(root))
    print(f"newsdesk preview: http://127.0.0.1:{args.port}/ (the whole site)")
    return live.serve(root, Path(out), builds, args.port)
