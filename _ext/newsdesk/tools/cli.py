"""Command line for contributors: ``python -m newsdesk lint [ROOT]`` and ``new``.

``lint`` reads the site as the build does (Sphinx's ``dummy`` builder, drafts
included, nothing written) and prints every warning the build would give, with
paths relative to ROOT: one reading path, so lint and the build cannot disagree.
``lint --no-build`` runs only the quick source checks (front matter, titles, raw
HTML, entity names in front matter) with the same messages, well under a second
per hundred posts, for a pre-commit hook.
``new "Title" --source-url URL`` starts a post as a draft (see ``scaffold``);
``preview POST.md`` shows one post's page, rebuilt on save (see ``preview``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.reading import frontmatter, metadata, titles
from newsdesk.text import plural
from newsdesk.tools import preview, scaffold

if TYPE_CHECKING:
    from collections.abc import Iterable


def lint_file(
    path: Path, kind: str, timezone: str = "UTC", posts: Iterable[str] = ()
) -> list[metadata.Problem]:
    """Problems in one post or entity file (front matter only); ``posts``, the
    site's post docnames, give the path a ``follow_up_to`` means."""
    data = path.read_bytes()
    if undecodable := metadata.decoding_problem(data):
        return [undecodable]  # where, as the build says it
    # Lines as the build reads them (text mode's universal newlines): a file
    # saved with CR alone had no '---' line here, and was a post to the build.
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
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
            loaded.data,
            loaded.lines,
            timezone,
            dt.datetime.now(dt.UTC).date(),
            posts=posts,
        )
        if fields is not None and path.parent.parent.name == "posts":
            # posts/<year>/<slug>, as the build names it
            docname = "/".join(path.with_suffix("").parts[-3:])
            line = loaded.lines.get("date")
            problems += metadata.year_problems(docname, fields, line)
        return problems
    today = dt.datetime.now(dt.UTC).date()
    return metadata.check_entity(loaded.data, loaded.lines, today=today)[1]


def lint_tree(root: Path, timezone: str = "UTC") -> list[str]:
    """``path:line: field: message`` for every problem under ``root``."""
    # Imported here: it needs myst-parser, which `nox -s new` does not install.
    from newsdesk.reading import html_policy

    out = []
    # Every depth, as the build reads them: a misplaced post gets a path problem.
    targets = [(p, "post") for p in _markdown_files(root, "posts")]
    targets += [(p, "entity") for p in _markdown_files(root, "entities")]
    extensions = html_policy.site_extensions(root)  # tokenise as MyST will
    docnames = [p.relative_to(root).with_suffix("").as_posix() for p, _ in targets]
    for path, kind in targets:
        if _is_listing(root, path):
            continue
        rel = path.relative_to(root).as_posix()
        if _is_linked(root, path):  # as in the build: read by nothing
            out.append(f"{rel}:1: file: {metadata.LINKED}")
            continue
        problems = metadata.path_problems(rel.removesuffix(".md"), kind)
        too_large = metadata.size_problem(path.stat().st_size)
        if too_large is not None:
            problems.append(too_large)  # the build does not read it: nor do we
        else:
            problems += lint_file(path, kind, timezone, docnames)
            problems += heading_problems(path, kind)  # one '# ' heading
            problems += body_problems(path, extensions)  # nesting, raw HTML, links
        out += [f"{rel}:{p.line or 1}: {p}" for p in problems]
    out += entity_problems(root)  # cross-file: names in entities/
    return sorted(out, key=_location)


def _markdown_files(root: Path, folder: str) -> list[Path]:
    """The ``.md`` files of ``folder``, at every depth, in order: not a folder
    named ``x.md`` (the build reads the pages in it; reading it as one stopped
    lint with a traceback), though a link named so is named as a link."""
    found = root.glob(f"{folder}/**/*.md")
    return sorted(p for p in found if p.is_symlink() or not p.is_dir())


def _is_linked(root: Path, path: Path) -> bool:
    """Whether ``path`` is a symbolic link, or in a linked folder: what it
    points at is no file of the repository (``-> /dev/zero`` was read to the
    end, a MemoryError), and the build reads none."""
    return path.is_symlink() or not path.parent.resolve().is_relative_to(root.resolve())


def _is_listing(root: Path, path: Path) -> bool:
    """Whether ``path`` is ``posts/index.md`` or ``entities/index.md``, the
    folder's own listing: any other ``index.md`` (``posts/2025/index.md``) is a
    post or an entity page to the build, and gets its checks here too."""
    return path.name == "index.md" and path.parent.parent == root


def body_problems(path: Path, extensions: tuple[str, ...]) -> list[metadata.Problem]:
    """What the build says of a page's Markdown: blocks nested too deep (left
    out, as the build leaves them out), then raw HTML and link targets."""
    from newsdesk.reading import html_policy, nesting

    try:
        text = path.read_text(encoding="utf-8")
        frontmatter.split(text)
    except (UnicodeDecodeError, frontmatter.UnclosedFrontMatter):
        # Reported by the front matter lint; with no closing '---' the build
        # reads no text of the page.
        return []
    deep = nesting.check(text, extensions)
    spans = [p.span for p in deep if p.span]
    if spans:
        text = html_policy.leave_out(text, spans)
    return deep + html_policy.check(text, extensions)


def _location(line: str) -> tuple[str, int]:
    """Sort key of a ``path:line: ...`` report line: by file, then line."""
    path, number, _ = line.split(":", 2)
    return path, int(number)


def heading_problems(path: Path, kind: str) -> list[metadata.Problem]:
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
    h1 = titles.h1_headings(text)
    problems = titles.title_problems(h1, kind)
    if kind == "post" and h1 and not problems:  # as the build: under one title
        problems += titles.part_problems(titles.h2_headings(text), h1[0][0])
    return problems


def entity_problems(root: Path) -> list[str]:
    """Cross-file entity checks, as the build makes them: posts naming an entity
    that no page in ``entities/`` claims, and names or aliases claimed twice.

    An entity's names are its page's ``# `` heading and its aliases; pages whose
    own front matter is broken claim nothing, as in the build.
    """
    known: list[str] = []
    entities: dict[str, tuple[str, tuple[str, ...], dict[str, int]]] = {}
    out = []
    pages = {
        p.relative_to(root).with_suffix("").as_posix(): p
        for p in _markdown_files(root, "entities")
        if not _is_linked(root, p)
    }
    for docname, path in sorted(pages.items()):  # the build's order
        loaded = _load_quietly(path)
        if _is_listing(root, path) or loaded is None:
            continue
        fields, _ = metadata.check_entity(loaded.data, loaded.lines)
        title = _title(path)
        if fields is None or title is None:
            continue
        known.extend((title, *fields.aliases))  # suggestions use aliases too
        entities[docname] = (title, fields.aliases, loaded.lines)
    from newsdesk.reading.lookalikes import entity_lookalikes, lookalike_problem

    claims = [(d, title, aliases) for d, (title, aliases, _) in entities.items()]
    claimed, lost = metadata.entity_claims(claims)
    for docname, field, name, owner in lost:
        message = metadata.taken_entity_name(name, field, entities[owner][0], owner)
        line = entities[docname][2].get("aliases", 1) if field == "aliases" else 1
        out.append(f"{docname}.md:{line}: {field}: {message}")
    for docname, field, name, other, owner in entity_lookalikes(claims):
        message = lookalike_problem("entity", name, other, owner)
        line = entities[docname][2].get("aliases", 1) if field == "aliases" else 1
        out.append(f"{docname}.md:{line}: {field}: {message}")
    for path in _markdown_files(root, "posts"):
        if _is_linked(root, path):
            continue  # lint_tree names it
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
    """Front matter, or None when ``lint_tree`` already reports why it can't
    (a file too large to read is no page to the build either)."""
    if metadata.size_problem(path.stat().st_size):
        return None
    try:
        return frontmatter.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return None


def _title(path: Path) -> str | None:
    """The page's title as the build reads it: its first level-1 heading,
    ``# Title`` or ``Title`` over ``===``, outside code and directives."""
    headings = titles.h1_headings(path.read_text(encoding="utf-8"))
    return (headings[0][1] or None) if headings else None


_WARNING = re.compile(
    r"^(?:\x1b\[[0-9;]*m)*(?:(?P<path>[^\s:][^:]*?):(?P<line>\d+)?:? )?"
    r"(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)(?:\x1b\[[0-9;]*m)*$"
)


def build_problems(root: Path) -> list[str]:
    """Everything the build warns about, read the way the build reads the site.

    Reads the site with Sphinx's ``dummy`` builder (nothing is written), drafts
    included, so the messages are the build's own: front matter, titles, the
    doctree policy, cross-document checks, ``{entity}`` roles, MyST's and
    docutils' warnings. Paths are made relative to ``root``.
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
            confoverrides={"newsdesk_show_drafts": True},
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
    found = []
    for line in warnings.getvalue().splitlines():
        match = _WARNING.match(line)
        if match is None:
            continue  # a traceback's or a message's continuation line
        path, number, message = match.group("path", "line", "message")
        # The site's own messages read as the quick checks word them.
        message = re.sub(r" \[newsdesk\.\w+\]$", "", message)
        if path is None:
            found.append(f"conf.py:1: {message}")
            continue
        if Path(path).is_absolute():
            with contextlib.suppress(ValueError):
                path = Path(path).resolve().relative_to(root).as_posix()
        found.append(f"{path}:{number or 1}: {message}")
    return found


#: the nox session running a command (set by noxfile.py): its usage line and
#: errors name the command a contributor typed, ``nox -s new --``
SESSION = "NEWSDESK_SESSION"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk")
    commands = parser.add_subparsers(dest="command", required=True)
    session = os.environ.get(SESSION)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        if name == session:
            return commands.add_parser(name, help=help, prog=f"nox -s {name} --")
        return commands.add_parser(name, help=help)

    lint = command("lint", help="check posts' and entities' front matter")
    lint.add_argument("root", nargs="?", default=".", type=Path)
    lint.add_argument(
        "--no-build",
        action="store_true",
        help="quick source checks only (front matter, titles, raw HTML), "
        "without reading the site as the build does",
    )
    new = command("new", help="start a new post, as a draft")
    scaffold.add_arguments(new)
    shown = command(
        "preview",
        help="one post's page, rebuilt on save, in about a second "
        "(no post: the whole site)",
    )
    preview.add_arguments(shown)
    args = parser.parse_args(argv)
    if args.command == "new":
        return scaffold.run(args)
    if args.command == "preview":
        return preview.run(args)
    # The build's own reading is the reference; the quick checks are a subset.
    problems = lint_tree(args.root) if args.no_build else build_problems(args.root)
    problems = sorted(dict.fromkeys(problems), key=_location)
    for line in problems:
        print(line, file=sys.stderr)
    count = len(problems)
    print(
        f"newsdesk lint: {plural(count, 'problem')}"
        if count
        else "newsdesk lint: all clean"
    )
    return 1 if problems else 0
