"""How deep a page's blocks nest: too deep for the build, or for the parser.

MyST renders a directive's content by parsing it again (``run_directive`` →
``nested_parse``), about eight Python frames a level, and quotes and lists a
few frames each: some 130 nested ``{note}`` fences, or 20 nested directives
holding ten quotes each, stop the whole build at Python's recursion limit with
no file named. And markdown-it stops at ``maxNesting`` (20 levels, where a
quote is one level and a list two) without a word: a quote nested 20 deep loses
its text, a list nested 10 deep loses its deepest items and everything after
it.

:func:`check` reads the page the way MyST does (its own markdown-it, each
directive's content parsed again) and names each place: a block nested too deep
for the build is left out (its lines blanked, as a refused ``{eval-rst}`` block
is), a place where markdown-it drops text is reported. It tokenises only text
that could nest that deep; :func:`guard_parser` turns a recursion error
that still happens into one message instead of a crash.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsdesk.reading.html_policy import LITERAL_DIRECTIVES, leave_out, myst_tokeniser
from newsdesk.reading.metadata import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from markdown_it.token import Token
    from sphinx.application import Sphinx

#: directives inside directives: far above any real page (a tab in a tab set
#: in a dropdown is three), far below what stops the build (about 130)
MAX_DIRECTIVES = 20
#: directives, quotes and lists together, in markdown-it's levels (a directive
#: and a quote are one, a list two): 20 directives of ten quotes stop the build
MAX_LEVELS = 50
#: block tokens whose content markdown-it parses one level deeper
_CONTAINERS = frozenset(
    {"blockquote_open", "list_item_open", "dd_open", "footnote_open"}
)
#: lists and quotes, open and closed (``nesting`` 1 and -1)
_LISTS = frozenset(
    {
        "bullet_list_open", "bullet_list_close", "ordered_list_open",
        "ordered_list_close", "blockquote_open", "blockquote_close",
    }
)  # fmt: skip
_DIRECTIVE = re.compile(r"^\{([\w.:-]+)\}")
# A line that opens quotes and lists 10 deep starts with 10 of these
# characters (a quote takes one, a list level two); a tab may count four.
_DEEP_LINE = re.compile(r"\n(?:[ >*+.)0-9-]{10}|[ >*+.)0-9-]{0,9}\t)")


def could_nest_deeply(text: str) -> bool:
    """False only when no block of ``text`` can nest as deep as a limit.

    Without three fences there are at most two directives, and with no line
    whose quotes, list markers and indentation reach ten columns no parse goes
    ten levels deep: two directives of three parses stay under both limits.
    """
    if text.count(":::") + text.count("```") + text.count("~~~") >= 3:
        return True
    return bool(_DEEP_LINE.search(text) or _DEEP_LINE.match("\n" + text[:11]))


def check(text: str, extensions: Iterable[str] = ()) -> list[Problem]:
    """Each place where ``text`` nests too deep, with 1-based file lines.

    A block too deep for the build has a ``span`` (its lines, to leave out);
    a place where markdown-it drops text has none (the parser drops it).
    """
    if not could_nest_deeply(text):
        return []
    md = myst_tokeniser(frozenset(extensions))
    # markdown-it's limit (20 in MyST's commonmark preset): the content of a
    # container opened at this level less one is dropped
    max_nesting = int(md.options["maxNesting"])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    # (source, file line before its first line, directives, levels above it):
    # a list, not recursion, for the nesting this looks for.
    pending = [(text, 0, 0, 0)]
    while pending:
        source, offset, directives, levels = pending.pop()
        tokens = md.parse(source)
        problems += _check_parse(
            tokens, offset, (directives, levels), max_nesting, pending
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def _check_parse(
    tokens: list[Token],
    offset: int,
    above: tuple[int, int],
    max_nesting: int,
    pending: list[tuple[str, int, int, int]],
) -> list[Problem]:
    """The problems of one parse; the directives to parse next go on ``pending``."""
    directives, levels = above  # directives and levels around this parse
    problems: list[Problem] = []
    opened = 0  # lists and quotes open, for the count in the message
    dropped = False
    skip: int | None = None  # the level of a block left out, until it closes
    for token in tokens:
        if skip is not None:
            if token.level == skip and token.nesting == -1:
                skip = None
            continue
        first = offset + (token.map[0] if token.map else 0) + 1
        last = offset + (token.map[1] if token.map else 0)
        depth = levels + token.level
        if token.type in _LISTS:
            opened += token.nesting
        if token.nesting == 1 and depth >= MAX_LEVELS:
            problems.append(_too_deep_levels(depth + 1, first, last))
            skip = token.level
            continue
        if not dropped and token.type in _CONTAINERS and token.level >= max_nesting - 1:
            dropped = True  # markdown-it stops reading this parse there
            problems.append(_dropped(opened, max_nesting, first))
        if token.type not in {"fence", "colon_fence"}:
            continue
        match = _DIRECTIVE.match(token.info.strip())
        if not match or match.group(1).split(":")[-1] in LITERAL_DIRECTIVES:
            continue
        if directives + 1 > MAX_DIRECTIVES:
            problems.append(_too_many_directives(directives + 1, first, last))
        elif depth >= MAX_LEVELS:
            problems.append(_too_deep_levels(depth + 1, first, last))
        else:
            pending.append((token.content, first, directives + 1, depth + 1))
    return problems


def _too_many_directives(count: int, first: int, last: int) -> Problem:
    return Problem(
        "directive",
        f"directives nest {count} deep; the site allows at most "
        f"{MAX_DIRECTIVES}: flatten the page (the deeper block is left out)",
        first,
        span=(first, max(first, last)),
    )


def _too_deep_levels(depth: int, first: int, last: int) -> Problem:
    return Problem(
        "nesting",
        f"directives, quotes and lists nest {depth} levels deep (a list counts "
        f"two); the site allows at most {MAX_LEVELS}: flatten the page "
        "(the deeper block is left out)",
        first,
        span=(first, max(first, last)),
    )


def _dropped(count: int, max_nesting: int, line: int) -> Problem:
    return Problem(
        "nesting",
        f"lists and quotes nest at least {count} deep; the parser drops what is deeper "
        f"than {max_nesting - 1} levels (a quote counts one, a list two) and "
        "what follows it: flatten them",
        line,
    )


# -- Sphinx ----------------------------------------------------------------------


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn where a Markdown page nests too deep, leave out
    what the build could not read.

    Connected before the raw HTML check, which then reads only what is left.
    """
    if not str(app.env.doc2path(docname, False)).endswith(".md"):
        return
    extensions = app.env.myst_config.enable_extensions  # type: ignore[attr-defined]
    problems = check(source[0], extensions)
    path = app.env.doc2path(docname, False).as_posix()
    for problem in problems:
        _warn(f"{path}:{problem.line or 1}", str(problem))
    spans = [p.span for p in problems if p.span]
    if spans:
        source[0] = leave_out(source[0], spans)


def _warn(location: str, message: str) -> None:
    from sphinx.util import logging

    logging.getLogger(__name__).warning(
        message, location=location, type="newsdesk", subtype="nesting"
    )


def guard_parser(app: Sphinx) -> None:
    """In ``setup()``, after MyST: Markdown goes through MyST's parser, with
    Python's recursion limit as a message, not a crash.

    :func:`check_source` leaves out what nests too deep; this is the net for
    what it did not foresee: the page is published empty, with one warning.
    """
    # Imported here: `python -m newsdesk lint` reads this module without Sphinx.
    from myst_parser.parsers.sphinx_ import MystParser

    class GuardedMystParser(MystParser):
        def parse(self, inputstring: str, document: nodes.document) -> None:
            settings = document.settings
            try:
                super().parse(inputstring, document)
            except RecursionError:
                # A directive's run swaps the settings; unwound, it left its own.
                document.settings = settings
                del document[:]
                # MyST sets what its transforms read when a render finishes.
                super().parse("", document)
                env = document.settings.env
                _warn(
                    f"{env.doc2path(env.docname, False).as_posix()}:1",
                    "page: nests too deep for the build (Python's recursion "
                    "limit); its content is left out: flatten the page",
                )

    app.add_source_parser(GuardedMystParser, override=True)
