"""Links that never break: a published post that is renamed or deleted must
leave a redirect behind.

``redirects.txt`` (one ``old-docname new-docname`` pair a line, ``#`` comments)
is read by the build, which hands it to sphinx-reredirects (a redirect page at
the old URL) and keeps each post's feed and API id across renames. ``python -m
newsdesk.tools.renames`` (run by ``nox -s lint``) compares the posts with those
of the base branch (``NEWSDESK_BASE_REF``, else ``origin/main``, else ``main``)
and fails, naming the old path, when a published post is gone without one.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from newsdesk.index.moves import REDIRECTS_FILE, read_redirects
from newsdesk.text import plural


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def base_commit(root: Path) -> str | None:
    """The merge base of HEAD with the base branch, or None (no git, no base)."""
    refs = [os.environ.get("NEWSDESK_BASE_REF", ""), "origin/main", "main"]
    for ref in filter(None, refs):
        out = _git(root, "merge-base", "HEAD", ref)
        if out:
            return out.strip()
    return None


def was_published(text: str, today: dt.date) -> bool:
    """Whether a post's file (at the base) was live: not a draft, not scheduled."""
    from newsdesk.reading import frontmatter

    try:
        loaded = frontmatter.load(text)
    except frontmatter.FrontMatterError:
        return False
    if loaded is None or loaded.data.get("draft") is True:
        return False
    try:
        day = dt.date.fromisoformat(str(loaded.data.get("date", ""))[:10])
    except ValueError:
        return False
    return day <= today


def missing_redirects(root: Path, posts_dir: str = "posts") -> list[str]:
    """A message per published post removed or renamed since the base, with no
    redirect for its old path."""
    base = base_commit(root)
    if base is None:
        return []
    # The working tree against the base: committed and uncommitted changes.
    out = _git(
        root, "diff", "--name-status", "-M", "--diff-filter=DR", base, "--", posts_dir
    )
    if not out:
        return []
    redirects, _ = read_redirects(root)
    today = dt.datetime.now(dt.UTC).date()
    problems = []
    for line in out.splitlines():
        status, old, *new = line.split("\t")
        if not old.endswith(".md") or old.count("/") != 2:
            continue
        docname = old.removesuffix(".md")
        if docname in redirects:
            continue
        text = _git(root, "show", f"{base}:{old}")
        if text is None or not was_published(text, today):
            continue
        what = f"renamed to {new[0]}" if status.startswith("R") and new else "deleted"
        target = new[0].removesuffix(".md") if new else "posts/<year>/<slug>"
        problems.append(
            f"{old}: a published post was {what} without a redirect; its URL "
            f"would break. Add the line '{docname} {target}' to {REDIRECTS_FILE}."
        )
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    _, problems = read_redirects(root)
    problems += missing_redirects(root)
    for message in problems:
        print(message, file=sys.stderr)
    print(
        f"newsdesk renames: {plural(len(problems), 'problem')}"
        if problems
        else "newsdesk renames: every moved post has a redirect"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
