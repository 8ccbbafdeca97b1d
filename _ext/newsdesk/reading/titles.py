"""The title rule: a post or entity page has exactly one ``# `` heading, its title.

Pure: the build applies :func:`title_problems` to the doctree's top-level
sections, ``python -m newsdesk lint`` to the headings :func:`h1_headings` finds in
the Markdown text, so both say the same thing in the same words.
"""

from __future__ import annotations

import difflib
import itertools
import re
from typing import TYPE_CHECKING

from newsdesk.reading import scripts
from newsdesk.reading.metadata import (
    Problem,
    invisible_problem,
    stacked_marks_problem,
    visible,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

# CommonMark: up to three spaces of indent (four make a code block).
_ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]+(.*?))?[ \t]*$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_ATX_H2 = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?[ \t]*$")
_SETEXT_H2 = re.compile(r"^ {0,3}-+[ \t]*$")
# Code fences, and MyST's directive fences (``` and ~~~, and ::: with colon_fence).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$")
# Line ends as Markdown reads them: not str.splitlines', which also breaks at
# U+2028, NEL and form feed (text within a line to MyST, where it is no
# heading, and it moved every later line number).
_LINE_END = re.compile(r"\r\n?|\n")


def markdown_lines(text: str) -> list[str]:
    """``text``'s lines as MyST numbers them (see ``_LINE_END``)."""
    return _LINE_END.split(text)


#: a title is a headline: it is in every listing, feed entry and card (whose
#: fitting measures it word by word)
TITLE_LIMIT = 200


def title_problems(
    headings: Sequence[tuple[int | None, str]], kind: str = "post"
) -> list[Problem]:
    """Problems with a page's level-1 headings, given as (line, text) in order.

    An entity page's title is the entity's name, which posts and links use:
    like a name in front matter, it may not mix scripts within a word.
    """
    if headings and not visible(headings[0][1]).strip():
        # '# ' alone makes a section with an empty title: no listing, feed entry
        # or link could name the post.
        return [
            Problem(
                "title", "is empty: write the post's title after '# '", headings[0][0]
            )
        ]
    if len(headings) == 1:
        line, title = headings[0]
        if len(title) > TITLE_LIMIT:
            why = f"has {len(title)} characters, at most {TITLE_LIMIT}: a headline, not a paragraph"
            return [Problem("title", why, line)]
        if unseen := invisible_problem(title):
            return [Problem("title", unseen, line)]
        if stacked := stacked_marks_problem(title):
            return [Problem("title", stacked, line)]
        if not any(char.isalnum() for char in title):
            # Combining marks alone ('# ́́́') were drawn as dotted circles on
            # the card, and named the post in every listing and feed as that.
            why = f"{title!r} has no letter or digit: a title must be readable"
            return [Problem("title", why, line)]
        if kind == "entity" and (mixed := scripts.mixed_text(title)):
            why = f"{mixed}, so it can pass for another name; write it in one script"
            return [Problem("title", why, line)]
        return []
    if not headings:
        message = "missing: the page needs one '# Title' line after the front matter"
        return [Problem("title", message, None)]
    # Reported at the second: name the title's line, and every other one.
    others = [str(line or "?") for line, _ in headings[1:]]
    if len(others) == 1:
        where = f"another at line {others[0]}"
    else:
        where = f"others at lines {', '.join(others)}"
    message = (
        f"found {len(headings)} '# ' headings, the title at line "
        f"{headings[0][0] or '?'} and {where}; use one '# Title' and '## ' for "
        "sections"
    )
    return [Problem("title", message, headings[1][0])]


def h1_headings(text: str) -> list[tuple[int, str]]:
    """(file line, text) of each level-1 heading in a Markdown file.

    Skips the front matter and fenced blocks (code and directives), whose
    ``#`` lines are not headings; setext headings (``Title`` over ``===``) count.
    """
    return _headings(text, _ATX_H1, _SETEXT_H1)


def h2_headings(text: str) -> list[tuple[int, str]]:
    """(file line, text) of each level-2 heading, as :func:`h1_headings`."""
    return _headings(text, _ATX_H2, _SETEXT_H2)


def _headings(
    text: str, atx_rule: re.Pattern[str], setext_rule: re.Pattern[str]
) -> list[tuple[int, str]]:
    lines = markdown_lines(text)
    found: list[tuple[int, str]] = []
    fence: tuple[str, int] | None = None
    previous_blank = True
    for index in range(_body_start(lines), len(lines)):
        line = lines[index]
        opening = _FENCE.match(line)
        if fence is not None:
            char, length = fence
            closing = line.strip()
            if closing and set(closing) == {char} and len(closing) >= length:
                fence = None
            previous_blank = True
            continue
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)))
            continue
        atx = atx_rule.match(line)
        if atx:
            found.append((index + 1, _ATX_CLOSE.sub("", atx.group(1) or "").strip()))
        elif (
            line.strip()
            and previous_blank
            and index + 1 < len(lines)
            and setext_rule.match(lines[index + 1])
        ):
            found.append((index + 1, line.strip()))
        previous_blank = not line.strip()
    return found


def _body_start(lines: list[str]) -> int:
    """Index of the first line after the front matter (0 if there is none)."""
    if not lines or lines[0].lstrip("\ufeff").strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return index + 1
    return 1  # unclosed: the build reports it; its first line is no heading


#: a post's parts, its ``## `` sections, in order (see CONTRIBUTING.md)
PARTS = ("News Overview", "In-Depth Analysis", "Commentary")


def part_key(heading: str) -> str:
    """A heading as it names a part: case and spacing aside, as the build's
    labels read it (``news  overview`` is the News Overview)."""
    return " ".join(heading.lower().split())


def _letters(heading: str) -> str:
    return "".join(char for char in heading.lower() if char.isalnum())


def _meant_part(heading: str) -> str | None:
    """The part a ``## `` heading is a misspelling of, or None: the same letters
    (``In Depth Analysis``) or nearly (``Comentary``)."""
    letters = {_letters(part): part for part in PARTS}
    close = difflib.get_close_matches(_letters(heading), letters, n=1, cutoff=0.8)
    return letters[close[0]] if close else None


def part_problems(
    headings: Sequence[tuple[int | None, str]], title_line: int | None = None
) -> list[Problem]:
    """Problems with a post's ``## `` sections, given as (line, text) in order.

    A post has the three parts of :data:`PARTS`, each once and in that order
    (other sections may sit among them). A heading spelt nearly as a part is
    named with the part's spelling; a post with none of them gets one message,
    at its title (``title_line``), rather than three.
    """
    order = ", ".join(PARTS)
    keys = {part_key(part): part for part in PARTS}
    problems: list[Problem] = []
    seen: list[tuple[int | None, str]] = []  # (line, part) in the post's order
    for line, text in headings:
        part = keys.get(part_key(text))
        if part is None and (part := _meant_part(text)) is not None:
            why = f"'## {text}' should read '## {part}' (the parts: {order})"
            problems.append(Problem("sections", why, line))
        if part is None:
            continue
        if twice := [at for at, name in seen if name == part]:
            where = f" (also at line {twice[0]})" if twice[0] else ""
            why = f"'## {part}' is there twice{where}; a post has each part once"
            problems.append(Problem("sections", why, line))
            continue
        seen.append((line, part))
    if not seen:  # (a misspelt part counts as seen: it is named above)
        why = f"none of the three parts is there; a post has, in order: {order}"
        return [Problem("sections", why, title_line)]
    for (_, before), (line, after) in itertools.pairwise(seen):
        if PARTS.index(after) < PARTS.index(before):
            why = (
                f"'## {after}' comes after '## {before}'; the parts, in order: {order}"
            )
            problems.append(Problem("sections", why, line))
            break
    named = {part for _, part in seen}
    for index, part in enumerate(PARTS):
        if part in named:
            continue
        following = [at for at, name in seen if PARTS.index(name) > index]
        line = following[0] if following else seen[-1][0]
        why = f"'## {part}' is missing; a post has three parts, in order: {order}"
        problems.append(Problem("sections", why, line))
    return sorted(problems, key=lambda p: p.line or 0)
