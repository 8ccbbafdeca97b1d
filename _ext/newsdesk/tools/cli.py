"""Command line for contributors: ``python -m newsdesk lint [ROOT]`` and ``new``.

Checks every post's and entity page's front matter and raw HTML (the policy in
``html_policy``) with the same code and messages as the build, without running
Sphinx (well under a second per hundred posts), so mistakes show up before a
full build or in a pre-commit hook.
``new "Title" --source-url URL`` starts a post as a draft (see ``scaffold``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from newsdesk.reading import frontmatter, metadata, titles
from newsdesk.tools import scaffold


def lint_file(path: Path, kind: str, timezone: str = "UTC") -> list[metadata.Problem]:
    """Problems in one post or entity file (front matter only)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [metadata.Problem("file", "is not UTF-8 text", 1)]
    try:
        loaded = frontmatter.load(text)
    except frontmatter.FrontMatterError as exc:
        return [metadata.Problem(exc.field, exc.detail, exc.line)]
    if loaded is None:
        return [
            metadata.Problem(
                "front matter", "missing: the file must start with a '---' block", 1
            )
        ]
    if kind == "post":
        fields, problems = metadata.check_post(
            loaded.data, loaded.lines, timezone, dt.datetime.now(dt.UTC).date()
        )
        if fields is not None and path.parent.parent.name == "posts":
            # posts/<year>/<slug>, as the build names it
            docname = "/".join(path.with_suffix("").parts[-3:])
            line = loaded.lines.get("date")
            problems += metadata.year_problems(docname, fields, line)
        return problems
    return metadata.check_entity(loaded.data, loaded.lines)[1]


def lint_tree(root: Path, timezone: str = "UTC") -> list[str]:
    """``path:line: field: message`` for every problem under ``root``."""
    # Imported here: it needs myst-parser, which `nox -s new` does not install.
    from newsdesk.reading import html_policy

    out = []
    # Every depth, as the build reads them: a misplaced post gets a path problem.
    targets = [(p, "post") for p in sorted(root.glob("posts/**/*.md"))]
    targets += [(p, "entity") for p in sorted(root.glob("entities/**/*.md"))]
    extensions = html_policy.site_extensions(root)  # tokenise as MyST will
    for path, kind in targets:
        if path.name == "index.md":
            continue
        rel = path.relative_to(root).as_posix()
        problems = metadata.path_problems(rel.removesuffix(".md"), kind)
        problems += lint_file(path, kind, timezone)
        problems += heading_problems(path)  # one '# ' heading
        problems += html_policy.check_file(path, extensions)  # raw HTML, links
        out += [f"{rel}:{p.line or 1}: {p}" for p in problems]
    out += entity_problems(root)  # cross-file: names in entities/
    return sorted(out, key=_location)


def _location(line: str) -> tuple[str, int]:
    """Sort key of a ``path:line: ...`` report line: by file, then line."""
    path, number, _ = line.split(":", 2)
    return path, int(number)


def heading_problems(path: Path) -> list[metadata.Problem]:
    """The build's title rule (one ``# `` heading) on a file's Markdown."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []  # lint_file reports it
    try:
        frontmatter.split(text)
    except frontmatter.UnclosedFrontMatter:
        # Where the body starts is unknown (the `# yaml-language-server` comment
        # would count as a heading): the one message is the missing '---'.
        return []
    return titles.title_problems(titles.h1_headings(text))


def entity_problems(root: Path) -> list[str]:
    """Cross-file entity checks, as the build makes them: posts naming an entity
    that no page in ``entities/`` claims, and names or aliases claimed twice.

    An entity's names are its page's ``# `` heading and its aliases; pages whose
    own front matter is broken claim nothing, as in the build.
    """
    known: list[str] = []
    #: folded name or alias -> (docname, name) of the entity that has it first
    claimed: dict[str, tuple[str, str]] = {}
    out = []
    pages = {
        p.relative_to(root).with_suffix("").as_posix(): p
        for p in root.glob("entities/**/*.md")
    }
    for docname, path in sorted(pages.items()):  # the build's order
        loaded = _load_quietly(path)
        if path.name == "index.md" or loaded is None:
            continue
        fields, _ = metadata.check_entity(loaded.data, loaded.lines)
        title = _heading(loaded.body)
        if fields is None or title is None:
            continue
        known.extend((title, *fields.aliases))  # suggestions use aliases too
        for name in (title, *fields.aliases):
            owner = claimed.setdefault(metadata.fold(name), (docname, title))
            if owner[0] != docname:
                message = metadata.taken_entity_name(name, owner[1], owner[0])
                line = loaded.lines.get("aliases", 1)
                out.append(f"{docname}.md:{line}: aliases: {message}")
    for path in sorted(root.glob("posts/**/*.md")):
        loaded = _load_quietly(path)
        names = loaded.data.get("entities") if loaded else None
        if loaded is None or not isinstance(names, list):
            continue  # lint_file reports why
        line = loaded.lines.get("entities", 1)
        rel = path.relative_to(root).as_posix()
        # Raw names, not check_post's: validating every post twice would double
        # the time lint takes, and a bad item is reported by lint_file anyway.
        for name in names:
            if isinstance(name, str) and metadata.fold(name) not in claimed:
                message = metadata.unknown_entity(name, known)
                out.append(f"{rel}:{line}: entities: {message}")
    return out


def _load_quietly(path: Path) -> frontmatter.FrontMatter | None:
    """Front matter, or None when ``lint_file`` already reports why it can't."""
    try:
        return frontmatter.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return None


def _heading(body: str) -> str | None:
    """The text of the first ``# `` heading (the page title), outside code."""
    fence = ""
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = "" if fence == marker else fence or marker
        elif not fence and line.startswith("# "):
            return line[2:].strip().rstrip("#").strip() or None
    return None


_WARNING = re.compile(
    r"^(?:\x1b\[[0-9;]*m)*(.+?):(\d+): WARNING: (.*?) \[newsdesk\.policy\]"
)


def doctree_problems(root: Path) -> list[str]:
    """What the build's doctree check (``reading/policy.py``) refuses.

    Those checks need the parsed pages, so this reads the site with Sphinx's
    ``dummy`` builder (nothing is written), as the build does, and keeps the
    refusals the source checks above cannot see.
    """
    import io
    import tempfile

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    root = root.resolve()
    with (
        tempfile.TemporaryDirectory() as tmp,
        patch_docutils(root),
        docutils_namespace(),
    ):
        app = Sphinx(
            str(root),
            str(root),
            f"{tmp}/out",
            f"{tmp}/doctrees",
            "dummy",
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
    found = []
    for line in warnings.getvalue().splitlines():
        match = _WARNING.match(line)
        if match:
            path = match.group(1)
            rel = (
                Path(path).resolve().relative_to(root).as_posix()
                if Path(path).is_absolute()
                else path
            )
            found.append(f"{rel}:{match.group(2)}: {match.group(3)}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk")
    commands = parser.add_subparsers(dest="command", required=True)
    lint = commands.add_parser("lint", help="check posts' and entities' front matter")
    lint.add_argument("root", nargs="?", default=".", type=Path)
    lint.add_argument(
        "--no-build",
        action="store_true",
        help="front matter and source checks only, without reading the site",
    )
    new = commands.add_parser("new", help="start a new post, as a draft")
    scaffold.add_arguments(new)
    args = parser.parse_args(argv)
    if args.command == "new":
        return scaffold.run(args)
    problems = lint_tree(args.root)
    if not args.no_build:
        seen = set(problems)
        problems += [p for p in doctree_problems(args.root) if p not in seen]
        problems.sort(key=_location)
    for line in problems:
        print(line, file=sys.stderr)
    count = len(problems)
    print(f"newsdesk lint: {count} problem(s)" if count else "newsdesk lint: all clean")
    return 1 if problems else 0
