"""Command line for contributors: ``python -m newsdesk lint [ROOT]`` and ``new``.

Checks every post's and entity page's front matter and raw HTML (the policy in
``html_policy``) with the same code and messages as the build, without running
Sphinx (well under a second per hundred posts), so mistakes show up before a full build or in a pre-commit hook.
``new "Title" --source-url URL`` starts a post as a draft (see ``scaffold``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsdesk import frontmatter, html_policy, metadata, scaffold


def lint_file(path: Path, kind: str, timezone: str = "UTC") -> list[metadata.Problem]:
    """Problems in one post or entity file (front matter only)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [metadata.Problem("file", "is not UTF-8 text", 1)]
    try:
        loaded = frontmatter.load(text)
    except frontmatter.FrontMatterError as exc:
        message = exc.message.removeprefix("front matter: ")
        return [metadata.Problem("front matter", message, exc.line)]
    if loaded is None:
        return [metadata.Problem("front matter",
                                 "missing: the file must start with a '---' block", 1)]
    if kind == "post":
        return metadata.check_post(loaded.data, loaded.lines, timezone)[1]
    return metadata.check_entity(loaded.data, loaded.lines)[1]


def lint_tree(root: Path, timezone: str = "UTC") -> list[str]:
    """``path:line: field: message`` for every problem under ``root``."""
    out = []
    targets = [(p, "post") for p in sorted(root.glob("posts/*/*.md"))]
    targets += [(p, "entity") for p in sorted(root.glob("entities/*.md"))]
    extensions = html_policy.site_extensions(root)  # tokenise as MyST will
    for path, kind in targets:
        if path.name == "index.md":
            continue
        rel = path.relative_to(root).as_posix()
        problems = lint_file(path, kind, timezone)
        problems += html_policy.check_file(path, extensions)  # raw HTML, links
        out += [f"{rel}:{p.line or 1}: {p}" for p in problems]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk")
    commands = parser.add_subparsers(dest="command", required=True)
    lint = commands.add_parser("lint", help="check posts' and entities' front matter")
    lint.add_argument("root", nargs="?", default=".", type=Path)
    new = commands.add_parser("new", help="start a new post, as a draft")
    scaffold.add_arguments(new)
    args = parser.parse_args(argv)
    if args.command == "new":
        return scaffold.run(args)
    problems = lint_tree(args.root)
    for line in problems:
        print(line, file=sys.stderr)
    count = len(problems)
    print(f"newsdesk lint: {count} problem(s)" if count else "newsdesk lint: all clean")
    return 1 if problems else 0
