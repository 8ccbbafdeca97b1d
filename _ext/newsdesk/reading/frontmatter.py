"""Split a Markdown file's YAML front matter from its body and load it strictly.

Pure: no Sphinx imports. The loader differs from ``yaml.safe_load`` in three ways
that matter for contributors' files: dates stay strings (so ``2025-02-30`` is a
field error we can name, not a crash in the YAML library), duplicate keys and
anchors/aliases are errors, and every key's line number is kept for messages.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from newsdesk.reading.yaml_mistakes import commented_out, explain, field_at

try:  # LibYAML is several times faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_FENCE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: YAML's "while ..." context of an unfinished construct -> what is left open
_LEFT_OPEN = {
    "while parsing a flow sequence": "the list opened with '[' has no closing ']'",
    "while parsing a flow mapping": "the mapping opened with '{' has no closing '}'",
    "while scanning a quoted scalar": "the quoted value has no closing quote",
}


class FrontMatterError(ValueError):
    """The front matter cannot be read at all; ``line`` is 1-based in the file.

    ``field`` names the field at fault when it is known (``front matter`` when
    the block as a whole is), and ``message`` starts with it.
    """

    def __init__(
        self, message: str, line: int | None = None, field: str = "front matter"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field

    @property
    def detail(self) -> str:
        """The message without its leading ``field: ``."""
        return self.message.removeprefix(f"{self.field}: ")


class UnclosedFrontMatter(FrontMatterError):
    """The opening ``---`` has no closing line, so where the body starts is unknown."""


@dataclasses.dataclass(frozen=True)
class FrontMatter:
    """Loaded front matter, the file line of each key path, and the body."""

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    #: how many lines the front matter block takes, fences included
    block_lines: int


class _StrictLoader(_BaseLoader):
    """Safe loader that leaves dates as strings."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def split(text: str) -> tuple[str, str, int] | None:
    """Return (yaml text, body, lines taken) or None if there is no front matter."""
    fence = _FENCE.match(text)
    if not fence:
        return None
    close = _CLOSE.search(text, fence.end())
    if not close:
        raise UnclosedFrontMatter(
            "front matter: the block starting at line 1 has no closing '---'", 1
        )
    yaml_text = text[fence.end() : close.start()]
    rest = text[close.end() :]
    body = rest[1:] if rest.startswith("\n") else rest.lstrip("\r\n")
    block_lines = text[: close.end()].count("\n") + 1
    return yaml_text, body, block_lines


def load(text: str) -> FrontMatter | None:
    """Parse the front matter of a Markdown file's text (None if it has none)."""
    parts = split(text)
    if parts is None:
        return None
    yaml_text, body, block_lines = parts
    if (odd := _ODD_BREAK.search(yaml_text)) is not None:
        number = yaml_text.count("\n", 0, odd.start())
        field = field_at(yaml_text[: odd.start()], number) or "front matter"
        why = (
            f"contains U+{ord(odd.group()):04X} ({_ODD_BREAKS[odd.group()]}), "
            "which YAML reads as a line break and an editor may show as none; "
            "write a plain line break or a space"
        )
        raise FrontMatterError(f"{field}: {why}", 2 + number, field)
    _check_no_anchors(yaml_text)
    loader = _StrictLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter({}, {}, body, block_lines)
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                "front matter: must be a mapping of 'field: value' lines, "
                f"not a {_kind_of_node(node)}",
                2 + node.start_mark.line,
            )
        _check_no_aliases(node, set())
        lines: dict[str, int] = {}
        _check_keys(node, "", lines)
        data = loader.construct_document(node)
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, yaml_text) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = 2 + yaml_text.count("\n", 0, exc.position)
        field = field_at(yaml_text, line - 2) or "front matter"
        why = f"contains the control character U+{exc.character:04X}; write plain text"
        raise FrontMatterError(f"{field}: {why}", line, field) from None
    except ValueError as exc:
        if (digits := _LONG_NUMBER.search(yaml_text)) is None:
            raise FrontMatterError(
                f"front matter: invalid YAML ({exc})", None
            ) from None
        number = yaml_text.count("\n", 0, digits.start())
        field = field_at(yaml_text, number) or "front matter"
        why = "is a number too long to read; write at most a few digits"
        raise FrontMatterError(f"{field}: {why}", 2 + number, field) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise FrontMatterError(f"front matter: invalid YAML ({exc})", None) from None
    finally:
        loader.dispose()
    return FrontMatter(data, lines, body, block_lines)


#: line breaks to YAML but not to editors, diffs or line numbers: NEL and the
#: line and paragraph separators. A field after one sits on another field's
#: line for a reviewer, and every message after it named the wrong line.
_ODD_BREAKS = {
    "\x85": "Next Line",
    "\u2028": "Line Separator",
    "\u2029": "Paragraph Separator",
}
_ODD_BREAK = re.compile(f"[{''.join(_ODD_BREAKS)}]")

#: Python refuses to read an integer of more than 4,300 digits
_LONG_NUMBER = re.compile(r"\d{4301}")


def _located(exc: yaml.MarkedYAMLError, yaml_text: str) -> FrontMatterError:
    """The error at the line a contributor must fix, naming its field.

    For something left open (``tags: [ai, cloud`` with no ``]``) YAML notices only
    on a later line; the place to fix is where it was opened, in that field.
    """
    left_open = _LEFT_OPEN.get(exc.context or "")
    opened = exc.context_mark
    if left_open and opened is not None:
        field = field_at(yaml_text, opened.line)
        if hidden := commented_out(_line_of(yaml_text, opened.line), opened.column):
            left_open = hidden
        if field:
            return FrontMatterError(f"{field}: {left_open}", 2 + opened.line, field)
        return FrontMatterError(f"front matter: {left_open}", 2 + opened.line)
    mark = exc.problem_mark or exc.context_mark
    line = 2 + mark.line if mark else None
    problem = exc.problem or exc.context or "invalid YAML"
    if mark and (tab := _TAB_INDENT.match(_line_of(yaml_text, mark.line))):
        # YAML's words for it ("found character that cannot start any token")
        # name neither the tab nor the fix. A field on that line is named, not
        # the one above it: the tab is why its place in the block is unknown.
        if tab.group("key"):
            where, field = f"{tab.group('key')!r} is indented", "front matter"
        else:
            where = "this line is indented"
            field = field_at(yaml_text, mark.line) or "front matter"
        why = f"{where} with a tab; YAML indents with spaces only: use spaces"
        return FrontMatterError(f"{field}: {why}", line, field)
    if (explained := explain(exc, yaml_text)) is not None:
        index, named, why = explained
        named = named or "front matter"
        return FrontMatterError(f"{named}: {why}", 2 + index, named)
    return FrontMatterError(f"front matter: {problem}", line)


#: a line whose indentation holds a tab
_TAB_INDENT = re.compile(r"^ *\t[ \t]*(?:(?P<key>[A-Za-z0-9_-]+)[ \t]*:(?:[ \t]|$))?")


def _line_of(yaml_text: str, index: int) -> str:
    """Line ``index`` (0-based) of ``yaml_text``, or '' past its end."""
    lines = yaml_text.split("\n")
    return lines[index] if index < len(lines) else ""


#: where YAML could read an anchor: a '&' that starts a value, a list item or
#: an item of a '[...]' list (not the '&' of "AT&T" or "R&D")
_MAY_ANCHOR = re.compile(r"(?:^|[\s\[{,])&\S", re.MULTILINE)


def _check_no_anchors(yaml_text: str) -> None:
    """An anchor alone is harmless to YAML but not to the text: ``title: &co
    news`` reads as the title "news", the '&co' dropped without a word."""
    if not _MAY_ANCHOR.search(yaml_text):
        return
    first: yaml.Event | None = None
    try:
        for event in yaml.parse(yaml_text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                return  # anchors used as such: named as aliases, below
            if first is None and getattr(event, "anchor", None) is not None:
                first = event
    except yaml.YAMLError:
        return  # the loading below names what is wrong
    if first is not None and first.start_mark is not None:
        index, anchor = first.start_mark.line, getattr(first, "anchor", "")
        field = field_at(yaml_text, index) or "front matter"
        why = (
            f"'&{anchor}' starts a YAML anchor, which the value loses; put the "
            'value in quotes ("&...")'
        )
        raise FrontMatterError(f"{field}: {why}", 2 + index, field)


def _check_no_aliases(node: yaml.Node, seen: set[int]) -> None:
    """An alias makes the composer reuse a node: refuse it (no billion laughs)."""
    if id(node) in seen:
        raise yaml.MarkedYAMLError(
            problem="YAML anchors and aliases (&name, *name) are not allowed",
            problem_mark=node.start_mark,
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_no_aliases(key, seen)
            _check_no_aliases(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_no_aliases(item, seen)


def _check_keys(node: yaml.MappingNode, prefix: str, lines: dict[str, int]) -> None:
    """Record each key's line; reject duplicate and non-string keys, in nested
    mappings and in the mappings of a list (``corrections``) alike."""
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != (
            "tag:yaml.org,2002:str"
        ):
            raise yaml.MarkedYAMLError(
                problem="field names must be plain words",
                problem_mark=key_node.start_mark,
            )
        path = f"{prefix}{key_node.value}"
        if path in lines:
            raise yaml.MarkedYAMLError(
                problem=f"{path}: given twice", problem_mark=key_node.start_mark
            )
        lines[path] = 2 + key_node.start_mark.line
        _check_value(value_node, path, lines)


def _check_value(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    """:func:`_check_keys` for every mapping in ``node``. A list's items too: a
    correction's second ``text`` would replace the first unsaid, a key ``1``
    crashed the schema's messages, and ``<<`` would merge fields in."""
    if isinstance(node, yaml.MappingNode):
        _check_keys(node, f"{path}.", lines)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            _check_item(item, f"{path}[{number}]")
            _check_value(item, f"{path}[{number}]", lines)


def _check_item(node: yaml.Node, field: str) -> None:
    """A list item of plain words on two lines is one item to YAML: a '- '
    indented one space off (``  - cloud`` then ``   - ai``) made the one tag
    'cloud - ai', without a word."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return  # quoted or folded on purpose ('"..."', '>'), or not words
    first, last = node.start_mark, node.end_mark
    if first is None or last is None or first.line == last.line:
        return
    why = (
        f"{node.value!r} runs over {last.line - first.line + 1} lines, which YAML "
        "joins into one item; start each item on a line of its own, its '- ' "
        "under the one above"
    )
    raise FrontMatterError(f"{field}: {why}", 2 + first.line, field)


def _kind_of_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"
