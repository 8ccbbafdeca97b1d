"""Moved posts: ``redirects.txt`` read once, for redirect pages and stable ids.

Pure: the build (redirect pages, feed and API ids) and ``nox -s lint`` (the
rename check in ``tools/renames.py``) read the file through these functions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.reading.metadata import LINKED, path_problems

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

REDIRECTS_FILE = "redirects.txt"


#: the years a post's date may have (the schema's 1900-2999)
_YEARS = re.compile(r"19\d\d|2\d{3}")
#: what a line of redirects.txt may not hold: control characters (a tab
#: aside), NEL and the line and paragraph separators
_ODD = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def parse_redirects(text: str) -> tuple[dict[str, str], list[str]]:
    """``old -> new`` docnames, and a message per malformed line."""
    redirects, _, problems = parse_redirect_lines(text)
    return redirects, problems


def parse_redirect_lines(
    text: str,
) -> tuple[dict[str, str], dict[str, int], list[str]]:
    """:func:`parse_redirects`, with the line of each old path (for messages
    about a line that parses but leads nowhere)."""
    redirects: dict[str, str] = {}
    first_line: dict[str, int] = {}
    problems = []
    # Lines as editors and diffs count them: str.splitlines also breaks at
    # U+2028, a form feed and others, where a reviewer sees one line and the
    # build read several moves.
    for number, raw in enumerate(text.split("\n"), start=1):
        if odd := _ODD.search(raw.removesuffix("\r")):
            problems.append(
                f"{REDIRECTS_FILE}:{number}: contains U+{ord(odd.group()):04X}, "
                "a control character or a line break only some editors show; "
                "write one move a line"
            )
            continue
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.removesuffix(".md").strip("/") for p in line.split()]
        if len(parts) != 2 or any(".." in p or p.startswith(".") for p in parts):
            problems.append(
                f"{REDIRECTS_FILE}:{number}: expected 'old-path new-path', "
                "e.g. 'posts/2025/old-slug posts/2025/new-slug'"
            )
            continue
        if (
            not parts[0].startswith("posts/")
            or path_problems(parts[0], "post")
            or not _YEARS.fullmatch(parts[0].split("/")[1])
        ):
            # a redirect page is written at the old path: only a post's, never
            # robots.txt, _static/site.css or another file the build writes
            # (path_problems checks a post's year and slug, not its folder:
            # _static/2025/x was taken), in a year a post's date may have
            # (posts/0000/x was taken)
            problems.append(
                f"{REDIRECTS_FILE}:{number}: {parts[0]!r} is not a post's path "
                "(posts/<year>/<slug>); only moved posts are redirected"
            )
            continue
        if parts[0] in redirects:
            problems.append(
                f"{REDIRECTS_FILE}:{number}: {parts[0]!r} is redirected twice "
                f"(also at line {first_line[parts[0]]}); keep one line"
            )
            continue
        redirects[parts[0]] = parts[1]
        first_line[parts[0]] = number
    return redirects, first_line, problems


def read_redirects(root: Path) -> tuple[dict[str, str], list[str]]:
    redirects, _, problems = read_redirect_lines(root)
    return redirects, problems


def read_redirect_lines(
    root: Path,
) -> tuple[dict[str, str], dict[str, int], list[str]]:
    path = root / REDIRECTS_FILE
    if path.is_symlink():
        # What it points at is no file of the repository: /etc/hosts had its
        # lines quoted in the build's messages, /dev/zero was read to the end.
        return {}, {}, [f"{REDIRECTS_FILE}:1: {LINKED}"]
    if not path.is_file():
        return {}, {}, []
    data = path.read_bytes()
    try:
        # "-sig": an editor's byte-order mark is not part of the first path
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # a traceback stopped the build
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        why = f"is not UTF-8 text (byte 0x{byte} on this line); save it as UTF-8"
        return {}, {}, [f"{REDIRECTS_FILE}:{line}: {why}"]
    return parse_redirect_lines(text)


def followed(redirects: dict[str, str], pages: AbstractSet[str]) -> dict[str, str]:
    """The redirects the build writes, old path -> the page it ends at: from a
    path that is no longer a page, through later moves (``a b``, ``b c``), to
    one that is. A refused line moves nothing, and names no post's id.

    Each path's end is found once: walking every chain anew took quadratic
    time, and a redirects.txt of 100,000 chained lines held the build for
    hours (it is read for the redirects, the feeds and the API)."""
    ends: dict[str, str | None] = {}

    def end(path: str) -> str | None:
        """The page the moves from ``path`` end at (None: none, or a loop)."""
        trail: list[str] = []
        on_trail: set[str] = set()
        while path not in ends and path not in on_trail:
            if path in pages or path not in redirects:
                ends[path] = path if path in pages else None
                break
            trail.append(path)
            on_trail.add(path)
            path = redirects[path]
        result = ends.get(path)  # None too for a loop back onto the trail
        ends.update(dict.fromkeys(trail, result))
        return result

    found = {}
    for old, new in redirects.items():
        if old not in pages and (page := end(new)) is not None:
            found[old] = page
    return found


def identities(redirects: dict[str, str]) -> dict[str, str]:
    """New docname -> the first docname the post had (feeds and the API keep
    that id, so a rename is not a new post to feed readers). Each chain is
    walked back once, as in :func:`followed`."""
    back = {new: old for old, new in redirects.items()}
    found: dict[str, str] = {}
    firsts: dict[str, str] = {}  # the first path of a chain that has one
    for new in back:
        first, seen, trail = new, {new}, []
        while first not in firsts and first in back and back[first] not in seen:
            trail.append(first)
            first = back[first]
            seen.add(first)
        if first in firsts or first not in back:  # not a loop
            first = firsts.get(first, first)
            firsts.update(dict.fromkeys(trail, first))
        found[new] = first
    return found
