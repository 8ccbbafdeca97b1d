"""YAML's syntax errors in front matter, said as the mistake that caused them.

Pure: no Sphinx imports. LibYAML and PyYAML say "mapping values are not
allowed in this context" or "did not find expected key", which name neither
the field nor the fix. In front matter each has a few usual causes (a ': '
inside a value, a field indented a space off, a quote that ends a value early,
a '- ' where fields go), which the error's marks and the text of its line
tell apart. Anything else keeps YAML's own words.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

#: a block-mapping key at the start of a line: its indent and its name
KEY_LINE = re.compile(r"^( *)([A-Za-z0-9_-]+)[ \t]*:(?:[ \t]|$)")
#: a key written without the space YAML needs after its colon (``tags:[a]``)
_NO_SPACE = re.compile(r"^( *)([A-Za-z0-9_-]+):(\S.*)$")
#: a list item written without the space after its dash (``-cloud``)
_NO_SPACE_ITEM = re.compile(r"^( *)-([^\s-].*)$")

#: the two libraries' words for each error (LibYAML's first)
_MAPPING_VALUES = "mapping values are not allowed"
_NO_KEY = ("did not find expected key", "expected <block end>, but found")
_NO_DASH = "did not find expected '-' indicator"
_NO_COLON = "could not find expected ':'"
_NO_TOKEN = "cannot start any token"
_IN_MAPPING = "while parsing a block mapping"
_IN_LIST = "while parsing a block collection"

#: how a quote is written inside a value quoted with it
_QUOTE_INSIDE = {"'": "''", '"': '\\"'}
#: what YAML reads a value starting with these as
_OPENS = {"[": ("a list", "]"), "{": ("a mapping", "}")}

#: a value put in double quotes is shown whole up to this length
_SHOWN = 70

#: (0-based line, field or None for the block as a whole, why)
Explained = tuple[int, str | None, str]


def field_at(yaml_text: str, index: int) -> str | None:
    """Dotted path of the field whose value is on line ``index`` (0-based)."""
    path: list[tuple[int, str]] = []
    for line in yaml_text.splitlines()[: index + 1]:
        key = KEY_LINE.match(line)
        if key:
            indent = len(key.group(1))
            path = [(i, name) for i, name in path if i < indent]
            path.append((indent, key.group(2)))
    return ".".join(name for _, name in path) or None


def explain(exc: yaml.MarkedYAMLError, yaml_text: str) -> Explained | None:
    """The mistake behind a YAML syntax error, when it is one of the usual."""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = [line.rstrip("\r") for line in yaml_text.split("\n")]
    problem, context = exc.problem or "", exc.context or ""
    if problem.startswith(_NO_COLON) and exc.context_mark is not None:
        return _no_colon(lines, exc.context_mark.line, yaml_text)
    if mark.line >= len(lines):
        return None
    line, column = lines[mark.line], mark.column
    field = field_at(yaml_text, mark.line)
    key = KEY_LINE.match(line)
    if problem.startswith(_MAPPING_VALUES):
        if key and column == key.end(2) + _gap(line, key):
            return _misindented(lines, mark.line, key)
        return _colon_in_value(mark.line, field, line, key, column)
    if context == _IN_MAPPING and problem.startswith(_NO_KEY):
        if key and column == len(key.group(1)):
            return _misindented(lines, mark.line, key)
        if key and column > key.end():
            return _left_over(mark.line, field, line[key.end() :].strip(), key)
        if line.lstrip().startswith("-") and column == len(line) - len(line.lstrip()):
            why = (
                "this line is a list item ('- ') among 'field: value' lines; "
                "delete the '- ', or put the item under a field of its own"
            )
            return mark.line, None, why
    if context == _IN_LIST and (
        problem.startswith(_NO_DASH) or problem.startswith(_NO_KEY)
    ):
        return _mixed_list(lines, exc, key, yaml_text)
    return _starts_with_indicator(exc, mark.line, field, line, column)


def _gap(line: str, key: re.Match[str]) -> int:
    """Spaces between a key and its colon (``tags :``)."""
    return line.index(":", key.end(2)) - key.end(2)


def _indented(count: int) -> str:
    if count == 0:
        return "is not indented"
    return f"is indented by {count} space" + ("" if count == 1 else "s")


def _suggest(key: re.Match[str] | None, value: str) -> str:
    """``: name: "value"``, the line to write, when it is short enough to show."""
    if key is None or not 0 < len(value) <= _SHOWN:
        return ""
    return f": {key.group(2)}: {json.dumps(value, ensure_ascii=False)}"


def _misindented(lines: list[str], index: int, key: re.Match[str]) -> Explained | None:
    """A field indented unlike the field above it: YAML reads it as more of
    that field's value, or as no field of any mapping above."""
    above = next(
        (found for line in reversed(lines[:index]) if (found := KEY_LINE.match(line))),
        None,
    )
    indent = len(key.group(1))
    if above is None or len(above.group(1)) == indent:
        return None
    why = (
        f"{key.group(2)!r} {_indented(indent)}, but {above.group(2)!r} above it "
        f"{_indented(len(above.group(1)))}: the fields of one mapping start in "
        f"the same column; indent it as {above.group(2)!r} is"
    )
    return index, None, why


def _colon_in_value(
    index: int, field: str | None, line: str, key: re.Match[str] | None, column: int
) -> Explained | None:
    """``summary: Oracle wins: a deal``: YAML reads the second ': ' as a field."""
    if key is None and line[column : column + 1] != ":":
        return None
    why = (
        "the value holds ': ', which YAML reads as the start of another field; "
        "put the whole value in double quotes"
    )
    value = line[key.end() :].strip() if key else ""
    if not value.startswith(("'", '"')):
        why += _suggest(key, value)
    return index, field, why


def _left_over(
    index: int, field: str | None, value: str, key: re.Match[str]
) -> Explained | None:
    """A value that ends before the line does: a quote closed early
    (``'Oracle's deal'``), or ``[Update] Oracle wins`` read as a list."""
    first = value[:1]
    if first in _QUOTE_INSIDE:
        closed = len(value) > 1 and value.endswith(first)
        inner = value[1:-1] if closed else value
        after = value[value.find(first, 1) + 1 :].strip()
        other = "double" if first == "'" else "single"
        why = (
            f"the value starts with {first}, so YAML ends it at the next {first}, "
            f"before {after!r}; write a {first} inside a {first}...{first} value as "
            f"{_QUOTE_INSIDE[first]}, or put the value in {other} quotes"
        )
        if first == '"' and "'" not in inner and 0 < len(inner) <= _SHOWN:
            return index, field, f"{why}: {key.group(2)}: '{inner}'"
        if first == '"':
            return index, field, why
        return index, field, why + _suggest(key, inner)
    if first in _OPENS:
        what, close = _OPENS[first]
        why = (
            f"the value starts with {first!r}, which YAML reads as {what} ending at "
            f"{close!r}, and the text after it is left over; put the whole value "
            "in double quotes"
        )
        return index, field, why + _suggest(key, value)
    return None


def _mixed_list(
    lines: list[str],
    exc: yaml.MarkedYAMLError,
    key: re.Match[str] | None,
    yaml_text: str,
) -> Explained | None:
    """A field in the column of the '- ' items above it (``source:`` given
    ``- title: ...`` then ``publisher: ...``)."""
    start, mark = exc.context_mark, exc.problem_mark
    if key is None or start is None or mark is None:
        return None
    if len(key.group(1)) != mark.column:
        return None
    parent = field_at(yaml_text, start.line) or "front matter"
    why = (
        f"{key.group(2)!r} is in the column of the '- ' item on line "
        f"{2 + start.line}, where YAML expects another '- ' item: a field holds "
        "either '- ' items or 'field: value' lines, not both; delete that "
        "'- ', or start this line with one"
    )
    return mark.line, parent, why


def _no_colon(lines: list[str], index: int, yaml_text: str) -> Explained | None:
    """A line YAML took for the start of a key that never gets its ': '."""
    if index >= len(lines):
        return None
    line = lines[index]
    if found := _NO_SPACE.match(line):
        indent, name, rest = found.groups()
        fixed = "\n".join([*lines[:index], f"{indent}{name}: {rest}"])
        why = f"needs a space after its colon: {name}: {rest}"
        return index, field_at(fixed, index) or name, why
    if found := _NO_SPACE_ITEM.match(line):
        why = f"a list item needs a space after its '-': - {found.group(2)}"
        return index, field_at(yaml_text, index), why
    if ":" not in line and line.strip():
        why = (
            f"{line.strip()[:_SHOWN]!r} is not a 'field: value' line; write the "
            "field's name and ': ' before it, or delete the line"
        )
        return index, None, why
    return None


def _starts_with_indicator(
    exc: yaml.MarkedYAMLError,
    index: int,
    field: str | None,
    line: str,
    column: int,
) -> Explained | None:
    """A value starting with a character YAML keeps for itself (``@``,
    ``*``, ``!``), or text after a block value's ``>``."""
    problem, context = exc.problem or "", exc.context or ""
    char = line[column : column + 1]
    if _NO_TOKEN in problem and char in {"@", "`"}:
        reads = "keeps for itself"
    elif context == "while scanning an alias" or problem == "found undefined alias":
        char, reads = "*", "reads as a reference to another value (an alias)"
    elif problem.startswith("could not determine a constructor for the tag"):
        char, reads = "!", "reads as a type tag"
    elif context == "while scanning a block scalar":
        why = (
            "the text of a value written with '>' or '|' goes on the lines "
            "below it, indented; leave only '>-' after the field's colon"
        )
        return index, field, why
    else:
        return None
    why = (
        f"the value starts with {char!r}, which YAML {reads}; put the whole value "
        "in double quotes"
    )
    key = KEY_LINE.match(line)
    return index, field, why + _suggest(key, line[key.end() :].strip() if key else "")


#: where YAML starts a comment inside '[...]' or '{...}': a '#' after a space,
#: an opening bracket or a comma
_FLOW_COMMENT = re.compile(r"(?:(?<=[\s\[{,])|^)#")
_CLOSES = {"[": "]", "{": "}"}


def commented_out(line: str, column: int) -> str | None:
    """Why a list or mapping opened at ``column`` has no end, when a '#' hid
    its closing bracket (``tags: [#cloud]``): the generic "no closing ']'"
    told a contributor to add what the line already has."""
    close = _CLOSES.get(line[column : column + 1])
    found = _FLOW_COMMENT.search(line, column + 1)
    if close is None or found is None or close not in line[found.start() :]:
        return None
    return (
        f"'#' starts a comment in YAML, which hides the rest of the line and "
        f"its closing {close!r}; put what starts with '#' in quotes (\"#...\")"
    )
