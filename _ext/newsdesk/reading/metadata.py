"""Front matter -> validated post and entity metadata, plus a list of problems.

Pure: no Sphinx imports, so ``python -m newsdesk lint`` and the build share every
message. The JSON Schemas in ``schema/`` are the single source of truth for the
fields (editors use them too); this module runs them, turns their errors into
sentences that name the field, and adds the checks a schema cannot express
(real calendar dates, time zones, one date after another).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import json
import re
import unicodedata
import urllib.parse
import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.reading import date_mistakes

if TYPE_CHECKING:
    from collections.abc import Container, Iterable

    import jsonschema

SCHEMA_DIR = Path(__file__).parent.parent / "schema"
ENTITY_KINDS = ("company", "person", "product", "model", "organization")


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file's metadata, ready to print as ``field: message``."""

    field: str
    message: str
    line: int | None = None
    #: the URL refused, so a later check of the same page can say it only once
    subject: str | None = dataclasses.field(default=None, compare=False)
    #: the file lines (first, last) of a refused block the page leaves out
    span: tuple[int, int] | None = dataclasses.field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclasses.dataclass(frozen=True)
class Source:
    """The external news article a post analyses."""

    title: str
    publisher: str
    url: str
    date: dt.date | None = None
    archive: str | None = None
    #: the report this article relays, when it relays another outlet's
    original: Source | None = None
    #: the outlet whose report it carries, when that report's own address
    #: could not be confirmed: named, and counted as the original, unlinked
    reported_by: str | None = None

    @property
    def first(self) -> Source:
        """The original report when there is one, else the article itself."""
        return self.original or self

    @property
    def reporter(self) -> str | None:
        """Who reported what this article relays, or None: it is the original."""
        return self.original.publisher if self.original else self.reported_by


#: correction kinds, in the words readers see
CORRECTION_KINDS = {
    "correction": "Correction",
    "clarification": "Clarification",
    "update": "Update",
}


@dataclasses.dataclass(frozen=True)
class Correction:
    """A public, dated note on a published post: what was wrong, what is right."""

    date: dt.date
    kind: str
    text: str

    @property
    def label(self) -> str:
        return CORRECTION_KINDS.get(self.kind, self.kind.capitalize())

    def made(self, published: dt.datetime) -> dt.datetime:
        """When the correction counts as made: the start of its day in UTC,
        the build's clock (midnight in the post's own offset put one dated
        today hours ahead of a build at -12:00), and never before the post."""
        return max(correction_start(self.date), published)


def correction_start(day: dt.date) -> dt.datetime:
    """The start of a correction's day, in UTC."""
    return dt.datetime.combine(day, dt.time(), dt.UTC)


@dataclasses.dataclass(frozen=True)
class PostFields:
    """Everything a post's front matter says, validated and typed."""

    published: dt.datetime
    summary: str
    tags: tuple[str, ...]
    source: Source
    updated: dt.datetime | None = None
    entities: tuple[str, ...] = ()
    series: str | None = None
    author: str | None = None
    draft: bool = False
    #: False when the front matter gave a date without a time of day
    has_time: bool = True
    corrections: tuple[Correction, ...] = ()
    #: docname of the earlier post this one follows up
    follow_up_to: str | None = None

    @property
    def modified(self) -> dt.datetime:
        """The newest of publication, update and correction dates."""
        newest = self.updated or self.published
        for correction in self.corrections:
            newest = max(newest, correction.made(self.published))
        return newest


@dataclasses.dataclass(frozen=True)
class EntityFields:
    """What an entity page's front matter says."""

    kind: str
    aliases: tuple[str, ...] = ()
    url: str | None = None
    updated: dt.date | None = None


# -- schema --------------------------------------------------------------------


@functools.cache
def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for ``post`` or ``entity`` front matter."""
    text = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _is_datetime(value: object) -> bool:
    if isinstance(value, str):
        parse_datetime(value, dt.UTC)
    return True


@functools.cache
def format_checker() -> jsonschema.FormatChecker:
    """The schemas' formats: JSON Schema's ``date``, and ``newsdesk-datetime``."""
    # Imported here: a build that reads no document (a no-op) never needs it.
    import jsonschema

    formats = jsonschema.FormatChecker(formats=("date",))
    formats.checks("newsdesk-datetime", raises=ValueError)(_is_datetime)
    return formats


@functools.cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema(kind))
    # Same rules, with the local "$ref"s written out: resolving one for every
    # field and list item took half of the validation time (lint runs it on
    # every post).
    inlined = _inline_refs(schema(kind), schema(kind).get("$defs", {}), frozenset())
    return cls(inlined, format_checker=format_checker())


def _inline_refs(node: Any, defs: dict[str, Any], seen: frozenset[str]) -> Any:
    """``node`` with each ``{"$ref": "#/$defs/x", ...}`` merged with ``x``."""
    if isinstance(node, list):
        return [_inline_refs(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline_refs(value, defs, seen) for key, value in node.items()}
    name = str(node.get("$ref", "")).removeprefix("#/$defs/")
    if name in defs and name not in seen:  # a cycle keeps its "$ref"
        target = _inline_refs(defs[name], defs, seen | {name})
        if not set(target) & (set(out) - {"$ref"}):
            del out["$ref"]
            out = {**target, **out}
    return out


# The schemas' month-day part: months 01-12, days that exist in some year.
_MONTH_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-9])|(?:0[13-9]|1[0-2])-30"
    r"|(?:0[13578]|1[02])-31)"
)


#: characters no text field may hold: control characters, which YAML escapes
#: such as \0 and \e produce (direction marks stay: right-to-left text needs them)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Unicode's noncharacters (U+FDD0-U+FDEF, and the last two of every plane):
#: not text, and XML refuses U+FFFE and U+FFFF (the feeds' writer stopped the
#: build with a traceback on one in a title or a tag)
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(
        chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
        for plane in range(17)
    )
    + "]"
)
#: bidirectional embeddings, overrides and isolates: they show text in
#: another order than it is written ("\u202eswen" reads "news", and a
#: right-to-left isolate around "Acquires Microsoft OpenAI" shows "OpenAI
#: Microsoft Acquires"), so a title or a publisher could pass for another.
#: Right-to-left words among English ones are ordered by Unicode's algorithm
#: without them; an English site's text has no need of them.
_OVERRIDE_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: C0 controls but tab, line feed and carriage return, and DEL, as UTF-8 bytes
_C0_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20)) + b"\x7f"
#: C1 controls (U+0080-U+009F) as UTF-8
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
#: the control characters a page's text may not hold: those two sets
_TEXT_CONTROLS = frozenset((*_C0_BYTES, *range(0x80, 0xA0)))
#: noncharacters as UTF-8: U+FDD0-U+FDEF start EF B7, and every plane's last
#: two end BF BE and BF BF (a quick test; _NONCHARACTER decides)
_NONCHARACTER_UTF8 = (b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")
_NO_HIDDEN = dict.fromkeys(
    (
        *map(ord, _OVERRIDE_CHARS),
        *_TEXT_CONTROLS,
        *range(0xFDD0, 0xFDF0),
        *(plane * 0x10000 + end for plane in range(17) for end in (0xFFFE, 0xFFFF)),
    )
)


#: characters that show nothing: zero-width space, word joiner and invisible
#: operators, byte-order mark, soft hyphen, Mongolian vowel separator and
#: variation selectors, combining grapheme joiner, Hangul fillers, Khmer
#: inherent vowels, the Braille blank and direction marks (LRM, RLM, ALM).
#: ZWNJ and ZWJ (U+200C, U+200D) stay: Persian, Indic scripts and emoji need
#: them.
_INVISIBLE_RANGES = (
    "\u200b\u2060-\u2064\ufeff\u00ad\u180b-\u180f\u034f\u115f\u1160\u3164"
    "\uffa0\u17b4\u17b5\u2800\u200e\u200f\u061c\ufff9-\ufffb\u206a-\u206f"
    "\U0001d173-\U0001d17a\U0001bca0-\U0001bca3"
)
#: ... and those that emoji and scripts need, where they have no job: a
#: variation selector after a letter or digit (not an emoji's presentation,
#: as in "✍️", nor a keycap), a tag character outside a flag's sequence (the
#: black flag U+1F3F4, then tags), ZWNJ or ZWJ between Latin letters.
_INVISIBLE = re.compile(
    f"[{_INVISIBLE_RANGES}]"
    "|(?<=[^\\W\\d_])[\ufe00-\ufe0f]"
    "|(?<=[0-9])[\ufe00-\ufe0f](?!\u20e3)"  # not a keycap's (1️⃣)
    "|(?<=[A-Za-z0-9])[\U000e0100-\U000e01ef]"  # Han's variants stay
    "|(?<=[A-Za-z])[\u200c\u200d](?=[A-Za-z])"  # no script joins Latin so
    "|(?<![\U0001f3f4\U000e0020-\U000e007e])[\U000e0000-\U000e007f]"
)
_NO_INVISIBLE = {
    code: None
    for low, high in re.findall(r"(.)(?:-(.))?", _INVISIBLE_RANGES)
    for code in range(ord(low), ord(high or low) + 1)
}


def invisible_problem(text: str) -> str | None:
    """Why a front-matter value may not stand: a character that shows nothing,
    with which a tag, a name or a title looks like another, or like nothing."""
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    first = found.group()
    name = unicodedata.name(first, "invisible").title()
    return (
        f"contains the invisible character U+{ord(first):04X} ({name}), with "
        "which it looks like another value; delete it"
    )


def visible(text: str) -> str:
    """``text`` without the characters that show nothing (for "is it empty?")."""
    return text.translate(_NO_INVISIBLE)


#: the most combining marks a letter carries in real text: Vietnamese two,
#: Hebrew with its accents four, a Tibetan stack five. More are drawn stacked
#: over the lines above and below (and off a social card), whatever the box.
MOST_MARKS = 5


def stacked_marks_problem(text: str) -> str | None:
    """Why ``text`` may not stand, if a letter of it carries more than
    ``MOST_MARKS`` combining marks (Zalgo text, which covers what is near it)."""
    if text.isascii():
        return None
    marks = 0
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "M":
            marks += 1
            if marks > MOST_MARKS:
                return (
                    f"has more than {MOST_MARKS} combining marks on one letter "
                    f"(U+{ord(char):04X}, {unicodedata.name(char, 'a mark').title()}), "
                    "which are drawn over the lines above and below it; delete them"
                )
        elif category != "Cf":  # a joiner between marks does not end the stack
            marks = 0
    return None


def strip_hidden(text: str) -> str:
    """``text`` without bidi overrides, control characters and noncharacters."""
    return text.translate(_NO_HIDDEN)


def hidden_text_problem(text: str) -> str | None:
    """Why a page's text may not be shown as it is: a bidi override, or a
    control character (an escape sequence, a NUL, a backspace), which HTML and
    XML do not allow and a terminal would act on."""
    if bidi := bidi_override_problem(text):
        return bidi
    # Bytes, not a regular expression over the text: one page's text is
    # searched on every build, and this is about a quarter of the cost.
    data = text.encode("utf-8", "surrogatepass")
    if any(part in data for part in _NONCHARACTER_UTF8) and (
        odd := noncharacter_problem(text)
    ):
        return odd  # not text: XML refuses U+FFFE, and the feeds' writer stops
    if len(data.translate(None, _C0_BYTES)) == len(data) and not (
        b"\xc2" in data and _C1_UTF8.search(data)
    ):
        return None
    first = next(ord(char) for char in text if ord(char) in _TEXT_CONTROLS)
    return f"contains the control character U+{first:04X}; write plain text"


def noncharacter_problem(text: str) -> str | None:
    """Why ``text`` may not stand, if it holds one of Unicode's noncharacters."""
    found = _NONCHARACTER.search(text)
    if found is None:
        return None
    return f"contains the noncharacter U+{ord(found.group()):04X}, which is not text; delete it"


def bidi_override_problem(text: str) -> str | None:
    """Why ``text`` may not be shown as it is, if it holds a bidi override."""
    # Substring tests: a page's whole text is searched on every build.
    if not any(char in text for char in _OVERRIDE_CHARS):
        return None
    first = next(char for char in text if char in _OVERRIDE_CHARS)
    return (
        f"contains the bidirectional control U+{ord(first):04X}, which "
        "shows text in another order than it is written; write plain text"
    )


#: front-matter fields holding the address of an article or a site
URL_FIELDS = (
    "source.url",
    "source.archive",
    "source.original.url",
    "source.original.archive",
    "url",
)
#: the fields that name an article itself, as its publisher serves it
ARTICLE_URL_FIELDS = ("source.url", "source.original.url")


def _values(data: object, path: str = "") -> list[tuple[str, object]]:
    """(field path, value) of every scalar in loaded front matter."""
    if isinstance(data, dict):
        return [
            pair
            for key, value in data.items()
            for pair in _values(value, _join(path, str(key)))
        ]
    if isinstance(data, list):
        return [pair for i, v in enumerate(data) for pair in _values(v, f"{path}[{i}]")]
    return [(path, data)]


#: what ends a line: a line feed, and the line and paragraph separators
#: (U+2028, U+2029; YAML's "\L" and "\P"), which HTML shows as spaces and
#: text files and editors as line breaks (the other breaks are control
#: characters, refused already)
_LINE_BREAK = re.compile("[\n\u2028\u2029]")


#: front-matter fields that name something with a page of its own (a tag, an
#: entity, a series, a publisher), or another name of an entity
_NAME_FIELDS = frozenset(
    {
        "series",
        "source.publisher",
        "source.original.publisher",
        "source.reported_by",
        "tags",
        "entities",
        "aliases",
    }
)


def _is_name(field: str) -> bool:
    """A name field, or one item of a list of names (``tags[2]``)."""
    return field.partition("[")[0] in _NAME_FIELDS


#: typographic quotes an editor puts in for straight ones (double, single, low-9)
_CURLY = re.compile(
    r"^[\u201c\u201e\u2018\u201a](.*)[\u201d\u201c\u2019\u2018]$", re.DOTALL
)


def curly_quote_problems(data: object, lines: dict[str, int]) -> list[Problem]:
    """Values wrapped in typographic quotes: YAML quotes with straight ones
    only, so a word processor's “Headline” is read, and shown, with its quote
    marks as part of the text."""
    if not isinstance(data, dict):
        return []
    problems = []
    for field, value in _values(data):
        if isinstance(value, str) and (inner := _CURLY.match(value.strip())):
            quoted = json.dumps(inner[1], ensure_ascii=False)
            why = (
                f"{_short(value)} is in typographic quotes, which YAML keeps as "
                f"part of the text; write straight quotes, {quoted}, or none"
            )
            problems.append(Problem(field, why, _line(field, lines)))
    return problems


def hidden_problems(
    data: object, lines: dict[str, int], allow_local: bool = False
) -> list[Problem]:
    """Control characters in text, and URLs that hide something or point at a
    private network (checked on the loaded values, after YAML's escapes)."""
    from newsdesk.reading import scripts, urls

    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems  # the schema says what the front matter must be
    for field, value in _values(data):
        if not isinstance(value, str):
            continue
        if _CONTROL.search(value):
            problems.append(
                Problem(
                    field or "front matter",
                    "contains a control character; write plain text",
                    _line(field, lines),
                )
            )
        elif odd := noncharacter_problem(value):
            problems.append(Problem(field or "front matter", odd, _line(field, lines)))
        elif bidi := bidi_override_problem(value):
            problems.append(Problem(field or "front matter", bidi, _line(field, lines)))
        elif unseen := invisible_problem(value):
            problems.append(
                Problem(field or "front matter", unseen, _line(field, lines))
            )
        elif stacked := stacked_marks_problem(value):
            problems.append(
                Problem(field or "front matter", stacked, _line(field, lines))
            )
        elif (_is_name(field) or field == "author") and _LINE_BREAK.search(value):
            problems.append(Problem(field, "must be one line", _line(field, lines)))
        elif (
            _is_name(field)
            and value.strip()  # blank: the schema's message says it
            and not any(char.isalnum() for char in value)
        ):
            problems.append(
                Problem(
                    field,
                    f"{_short(value)} has no letter or digit: a name must be readable",
                    _line(field, lines),
                )
            )
        elif _is_name(field) and (mixed := scripts.mixed_text(value)):
            problems.append(
                Problem(
                    field,
                    f"{mixed}, so it can pass for another name; write it in one script",
                    _line(field, lines),
                )
            )
        elif field in URL_FIELDS and urls.scheme_of(value) in {"http", "https"}:
            # Other schemes already fail the schema's URL pattern.
            reason = urls.source_url_problem(value, allow_local=allow_local)
            if reason is None and field in ARTICLE_URL_FIELDS:
                reason = urls.article_url_problem(value)
            if reason:
                problems.append(
                    Problem(field, f"{_short(value)} {reason}", _line(field, lines))
                )
    return problems


def schema_problems(
    kind: str,
    data: object,
    lines: dict[str, int] | None = None,
    allow_local: bool = False,
) -> list[Problem]:
    """Validate ``data`` against a schema; one readable problem per mistake."""
    lines = lines or {}
    data, lengths = _within_limits(data, schema(kind).get("properties", {}))
    errors = list(_validator(kind).iter_errors(data))
    # A value in the wrong form (pattern) also fails the calendar check (format):
    # report only the first, which says what form is expected. The date patterns
    # also refuse impossible months and days (for editors); a value in the right
    # shape such as 2025-02-30 gets the calendar message instead.
    impossible = {
        tuple(e.absolute_path)
        for e in errors
        if e.validator == "pattern"
        and _MONTH_DAY in str(e.validator_value)
        and isinstance(e.instance, str)
        and re.search(
            str(e.validator_value).replace(_MONTH_DAY, r"\d{2}-\d{2}"), e.instance
        )
    }
    misshapen = {
        tuple(e.absolute_path) for e in errors if e.validator == "pattern"
    } - impossible
    # A blank value fails its pattern ("must contain text") and its length
    # alike: it is one mistake, said by the pattern's message.
    blank = {
        tuple(e.absolute_path)
        for e in errors
        if e.validator == "pattern"
        and isinstance(e.instance, str)
        and not e.instance.strip()
    }
    problems: set[Problem] = set(hidden_problems(data, lines, allow_local))
    problems.update(curly_quote_problems(data, lines))
    # A URL refused for what it hides or where it points is said once: the
    # schema's "is not an http(s) URL" of it too would be a second message.
    said = {p.field for p in problems if p.field in URL_FIELDS}
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "pattern" and _path(path) in said:
            continue
        if error.validator == "maxItems" and path and path[0] in lengths:
            field = str(path[0])
            message = (
                f"has {lengths[field]} items, at most {error.validator_value} allowed"
            )
            problems.add(Problem(field, message, _line(field, lines)))
            continue
        if error.validator == "format" and path in misshapen:
            continue
        if error.validator == "pattern" and path in impossible:
            continue
        if error.validator == "minLength" and path in blank:
            continue
        problems.update(_explain(error, lines))
    return sorted(problems, key=lambda p: (p.line or 0, p.field, p.message))


def _within_limits(
    data: object, properties: dict[str, Any]
) -> tuple[object, dict[str, int]]:
    """``data`` with each list longer than its field's ``maxItems`` cut to one
    item more, and the lists' real lengths. The limit is still reported, but
    a list of 6,000 mappings no longer gets 6,000 messages, nor jsonschema's
    pairwise ``uniqueItems`` comparison (minutes for a 65 KB file)."""
    if not isinstance(data, dict):
        return data, {}
    lengths: dict[str, int] = {}
    cut = dict(data)
    for key, value in data.items():
        limit = (
            properties.get(key, {}).get("maxItems") if isinstance(key, str) else None
        )
        if isinstance(value, list) and limit is not None and len(value) > limit:
            lengths[key] = len(value)
            cut[key] = value[: limit + 1]
    return (cut, lengths) if lengths else (data, {})


def _explain(error: jsonschema.ValidationError, lines: dict[str, int]) -> list[Problem]:
    path = _path(error.absolute_path)
    value, rule, sub = error.instance, error.validator, error.schema
    assert isinstance(sub, dict)

    def problem(field: str, message: str) -> Problem:
        return Problem(field or "front matter", message, _line(field, lines))

    if rule == "required":
        known = sorted(sub.get("properties", {}))
        return [
            problem(_join(path, name), "missing (required)")
            for name in error.validator_value
            if isinstance(value, dict)
            and name not in value
            and name not in _misspelt(value, known)
        ]
    if rule == "additionalProperties":
        known = sorted(sub.get("properties", {}))
        return [
            problem(_join(path, key), _unknown_field(key, known))
            for key in value
            if key not in known
        ]
    if rule == "type":
        wanted = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        return [problem(path, f"must be {wanted}, not {_describe(value)}")]
    if rule == "format":
        return [problem(path, f"{_short(value)} is not a real calendar date or time")]
    if rule == "pattern":
        message = sub.get("errorMessage", "is not in the expected form")
        if fixed := _lower_case_scheme(value):
            message += f": write its scheme in lower case, {_short(fixed)}"
        elif _DATE_RANGE in message and (
            said := date_mistakes.advice(value, date_only="YYYY-MM-DD" in message)
        ):
            message += said
        return [problem(path, f"{_short(value)} {message}")]
    return [problem(path, _rule_message(rule, error.validator_value, value, sub))]


#: a post named by its page's address, or by its path written otherwise:
#: https://site/posts/2025/x/, /posts/2025/x.html, ../2025/x.md, posts\2025\x
_POST_ADDRESS = re.compile(
    r"(?:^|[/\\])(?:posts[/\\])?(\d{4})[/\\]([a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?:\.md|\.html|/(?:index\.html)?)?(?:[?#].*)?$"
)


#: what the schema's date and date-time messages say
_DATE_RANGE = "from the years 1900-2999"


def _post_path(value: object) -> str | None:
    """The path ``follow_up_to`` takes, from a post's URL or its path written
    another way, or None: the page's address is what a contributor has open."""
    if not isinstance(value, str) or not (match := _POST_ADDRESS.search(value)):
        return None
    return f"posts/{match[1]}/{match[2]}.md"


def _lower_case_scheme(value: object) -> str | None:
    """``HTTPS://x`` as ``https://x``, or None: the schema's URL pattern, like
    most tools, takes the scheme in lower case only."""
    if not isinstance(value, str) or value.startswith(("http://", "https://")):
        return None
    scheme, sep, rest = value.partition("://")
    return (
        f"{scheme.lower()}{sep}{rest}" if scheme.lower() in {"http", "https"} else None
    )


def _rule_message(rule: str, limit: Any, value: Any, sub: dict[str, Any]) -> str:
    if rule == "minLength":
        return f"is too short: {len(value)} characters, at least {limit} needed"
    if rule == "maxLength":
        return f"is too long: {len(value)} characters, at most {limit} allowed"
    if rule == "minItems":
        return f"needs at least {limit} item(s), has {len(value)}"
    if rule == "maxItems":
        return f"has {len(value)} items, at most {limit} allowed"
    if rule == "uniqueItems":
        return "lists the same item more than once"
    if rule == "enum":
        return f"{_short(value)} is not one of: {', '.join(map(str, limit))}"
    return f"{_short(value)} is not valid ({rule})"


_TYPE_WORDS = {
    "string": "text",
    "array": "a list, e.g. [a, b]",
    "object": "a mapping of 'field: value' lines",
    "boolean": "true or false",
    "integer": "a whole number",
}


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    if isinstance(value, dt.date):  # "!!timestamp" asks YAML for one
        return "a YAML timestamp (!!timestamp); write the date without a tag"
    if isinstance(value, bytes | set):
        kind = "binary data (!!binary)" if isinstance(value, bytes) else "a set (!!set)"
        return f"{kind}; write plain text without a tag"
    return _short(value)


#: unknown fields that people add on purpose, and what to do instead
_FIELD_HINTS = {"title": "the title is the page's '# ' heading, not a field"}


def _unknown_field(key: str, known: list[str]) -> str:
    if key in _FIELD_HINTS:
        return f"unknown field: {_FIELD_HINTS[key]}"
    close = _close_field(key, known)
    hint = f" (did you mean '{close}'?)" if close else ""
    return f"unknown field{hint}; allowed: {', '.join(known)}"


def _close_field(key: object, known: list[str]) -> str | None:
    """The field ``key`` is a misspelling of, if one is close."""
    if not isinstance(key, str) or key in known or key in _FIELD_HINTS:
        return None
    close = difflib.get_close_matches(key, known, n=1)
    return close[0] if close else None


def _misspelt(mapping: dict[Any, Any], known: list[str]) -> set[str]:
    """The fields a mapping's unknown keys are misspellings of: 'sumary' is
    one mistake, said once by its "did you mean 'summary'?", not also as a
    summary missing."""
    return {close for key in mapping if (close := _close_field(key, known))}


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out = f"{out}[{part}]" if isinstance(part, int) else _join(out, str(part))
    return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _line(field: str, lines: dict[str, int]) -> int | None:
    # List items have no line of their own: "tags[1]" is reported on "tags".
    while field:
        if field in lines:
            return lines[field]
        if field.endswith("]") and "[" in field:  # a key "x]" must not loop forever
            field = field.rsplit("[", 1)[0]
        else:
            field = field.rpartition(".")[0]
    return None


# -- posts ---------------------------------------------------------------------


def parse_datetime(text: str, zone: dt.tzinfo) -> dt.datetime:
    """ISO 8601 date or date-time; a time without offset is in ``zone``."""
    value = dt.datetime.fromisoformat(text)  # Python 3.11+ reads a "Z" suffix
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def is_placeholder(problem: Problem) -> bool:
    """Whether ``problem`` is placeholder text left by ``nox -s new`` (the scaffold)."""
    marker = schema("post")["$defs"]["not-placeholder"]["errorMessage"]
    return problem.message.endswith(marker)


def check_post(
    data: object,
    lines: dict[str, int] | None = None,
    timezone: str = "UTC",
    today: dt.date | None = None,
    allow_local: bool = False,
    posts: Iterable[str] = (),
) -> tuple[PostFields | None, list[Problem]]:
    """Validate a post's front matter. Returns None when required fields are bad.

    ``posts``: the site's post docnames, for the path a ``follow_up_to`` that
    names a post by its file name alone should be. ``today`` is the build's
    day in UTC (``drafts.now()``), for what may not be dated ahead of it.
    """
    lines = lines or {}
    problems = schema_problems("post", data, lines, allow_local)
    if not isinstance(data, dict):
        return None, problems
    problems = [_with_post_path(p, data, posts) for p in problems]
    # A placeholder is reported, but the draft it is in can still be previewed.
    bad = {
        p.field.split(".")[0].split("[")[0] for p in problems if not is_placeholder(p)
    }
    # a required field misspelt is named only by its misspelling
    bad |= {name for name in schema("post")["required"] if name not in data}
    zone = zoneinfo.ZoneInfo(timezone)

    def when(field: str) -> dt.datetime | None:
        value = data.get(field)
        return parse_datetime(value, zone) if field not in bad and value else None

    published, updated = when("date"), when("updated")
    latest = max(today, _utc_day(published)) if today and published else today
    if updated and latest is not None and _utc_day(updated) > latest:
        # it would be the page's and the feeds' modification date ahead of time
        problems.append(
            Problem(
                "updated",
                f"{_short(data['updated'])} is in the future",
                _line("updated", lines),
            )
        )
    elif published and updated and updated < published:
        problems.append(
            Problem(
                "updated",
                f"{_short(data['updated'])} is before date",
                _line("updated", lines),
            )
        )
    corrections: tuple[Correction, ...] = ()
    if isinstance(data.get("corrections"), list):
        problems += correction_problems(
            data["corrections"], published, today, _line("corrections", lines)
        )
        problems += same_day_problems(
            data["corrections"], published, updated, _line("corrections", lines)
        )
        if "corrections" not in bad:
            corrections = tuple(_correction(c) for c in data["corrections"])
    source = _source(data["source"]) if "source" not in bad else None
    if source is not None:
        problems += archive_problems(source, lines, allow_local)
        problems += source_date_problems(source, published, today, lines)
        if source.original and source.reported_by:
            why = (
                "names who reported it, as source.original does: keep "
                "source.original, which links the report, and delete this line"
            )
            problems.append(
                Problem("source.reported_by", why, _line("source.reported_by", lines))
            )
    if published is None or source is None or {"summary", "tags"} & bad:
        return None, problems
    fields = PostFields(
        published=published,
        summary=" ".join(data["summary"].split()),
        tags=_one_per_tag(data["tags"]),
        source=source,
        updated=updated,
        entities=tuple(data.get("entities", ())) if "entities" not in bad else (),
        series=data.get("series") if "series" not in bad else None,
        author=data.get("author") if "author" not in bad else None,
        draft=data.get("draft") is True,
        corrections=corrections,
        follow_up_to=(
            data["follow_up_to"].removesuffix(".md")
            if "follow_up_to" not in bad and data.get("follow_up_to")
            else None
        ),
        has_time="T" in data["date"] or " " in data["date"],
    )
    return fields, problems


def post_path_of(value: str, posts: Iterable[str]) -> str | None:
    """``posts/<year>/<slug>.md``, when one post of ``posts`` (docnames) has
    the file name ``value`` gives (``slug``, ``slug.md``, or a path in
    another folder), or None: no post has it, or more than one."""
    name = value.strip().rstrip("/").rpartition("/")[2].removesuffix(".md")
    found = [
        d
        for d in posts
        if d.count("/") == 2 and d.startswith("posts/") and d.endswith(f"/{name}")
    ]
    return f"{found[0]}.md" if len(found) == 1 and name else None


def _with_post_path(
    problem: Problem, data: dict[str, Any], posts: Iterable[str]
) -> Problem:
    """A ``follow_up_to`` that is no post's path, with the path to write when
    one post has the file name it gives ('microsoft-hosts-grok', say)."""
    value = data.get("follow_up_to")
    if problem.field != "follow_up_to" or not isinstance(value, str):
        return problem
    # the post of that name, or the path a post's address or path names
    path = post_path_of(value, posts) or _post_path(value)
    if path is None:
        return problem
    message = f"{_short(value)} is not a post's path; write 'follow_up_to: {path}'"
    return dataclasses.replace(problem, message=message)


def _utc_day(when: dt.datetime) -> dt.date:
    """The day of ``when`` on the build's clock, which ``today`` is (UTC). The
    day in the value's own offset put '2026-12-08T23:00:00-12:00' (the 9th at
    11:00 UTC) on the build's day, and an update already past at +14:00 a day
    ahead of it."""
    return when.astimezone(dt.UTC).date()


def _one_per_tag(tags: list[str]) -> tuple[str, ...]:
    """Spellings of one tag ('AI', 'ai') name one page: keep the first, once, so
    headers, feeds and structured data do not repeat it."""
    first: dict[str, str] = {}
    for tag in tags:
        first.setdefault(fold(tag), tag)
    return tuple(first.values())


def _source(raw: dict[str, Any]) -> Source:
    when = dt.date.fromisoformat(raw["date"]) if "date" in raw else None
    original = raw.get("original")
    return Source(
        title=" ".join(raw["title"].split()),
        publisher=" ".join(raw["publisher"].split()),
        url=raw["url"],
        date=when,
        archive=raw.get("archive"),
        original=_source(original) if isinstance(original, dict) else None,
        reported_by=" ".join(raw["reported_by"].split())
        if "reported_by" in raw
        else None,
    )


#: a Wayback Machine copy names the page it copied: /web/<time>[flags]/<url>
#: where an archived copy may be: services that keep a page as it was
ARCHIVE_HOSTS = frozenset(
    {
        "web.archive.org",
        "wayback.archive.org",
        "archive.today",
        "archive.ph",
        "archive.is",
        "archive.li",
        "archive.vn",
        "archive.fo",
        "archive.md",
        "ghostarchive.org",
        "perma.cc",
    }
)
_WAYBACK_HOSTS = frozenset({"web.archive.org", "wayback.archive.org"})
#: a Wayback Machine copy of one page: /web/<time, up to 14 digits>[flags]/<url>
_WAYBACK_PATH = re.compile(r"^/web/[0-9]{1,14}[a-z]{0,2}_?/(?P<url>.+)$", re.IGNORECASE)


def archive_problems(
    source: Source, lines: dict[str, int], allow_local: bool = False
) -> list[Problem]:
    """An archived copy on the Wayback Machine must be of the article itself:
    the callout offers it as the article, when the article is gone."""
    from newsdesk.reading.urls import story_url

    problems = []
    for field, article in (("source", source), ("source.original", source.original)):
        if article is None or not article.archive:
            continue
        where = f"{field}.archive"
        parts = urllib.parse.urlsplit(article.archive)
        host = (parts.hostname or "").rstrip(".").removeprefix("www.")
        if allow_local and host in {"localhost", "127.0.0.1"}:
            continue  # a test site's own server (newsdesk_allow_local_urls)
        if host not in ARCHIVE_HOSTS or parts.port not in (None, 80, 443):
            names = ", ".join(sorted(ARCHIVE_HOSTS))
            why = f"is not on an archive service ({names}); save the article on one"
            problems.append(Problem(where, why, _line(where, lines)))
            continue
        if host not in _WAYBACK_HOSTS:
            continue  # archive.today and the others name a copy by a code
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        copied = _WAYBACK_PATH.match(path)
        if copied is None:
            why = (
                "is not a Wayback Machine copy of one page; give the copy's "
                "address, https://web.archive.org/web/<time>/<article's url>"
            )
            problems.append(Problem(where, why, _line(where, lines)))
            continue
        # The Wayback Machine also takes the copied address without its scheme.
        url = copied["url"] if "://" in copied["url"] else f"http://{copied['url']}"
        if story_url(url) != story_url(article.url):
            problems.append(
                Problem(
                    where,
                    f"is a copy of {_short(copied['url'])}, not of {field}.url "
                    f"({_short(article.url)}); archive the article itself",
                    _line(where, lines),
                )
            )
    return problems


def source_date_problems(
    source: Source,
    published: dt.datetime | None,
    today: dt.date | None,
    lines: dict[str, int],
) -> list[Problem]:
    """An article is published before the post that analyses it (a day's
    grace for time zones), and not in the future: its date is the article's
    datePublished in the structured data and the API."""
    problems = []
    for field, article in (("source", source), ("source.original", source.original)):
        if article is None or article.date is None:
            continue
        where, text = f"{field}.date", repr(article.date.isoformat())
        if published is not None and article.date > published.date() + _GRACE:
            why = f"{text} is after the post's date; it analyses an earlier article"
            problems.append(Problem(where, why, _line(where, lines)))
        elif today is not None and article.date > today:
            problems.append(
                Problem(where, f"{text} is in the future", _line(where, lines))
            )
    return problems


#: how far a source's date may be ahead of the post's (time zones differ)
_GRACE = dt.timedelta(days=1)


def _correction(raw: dict[str, Any]) -> Correction:
    return Correction(
        date=dt.date.fromisoformat(raw["date"]),
        kind=raw["kind"],
        text=" ".join(raw["text"].split()),
    )


def correction_problems(
    corrections: list[Any],
    published: dt.datetime | None,
    today: dt.date | None,
    line: int | None,
) -> list[Problem]:
    """A correction is dated between the post's publication and today, and
    after the one above it: the post shows them in the order written, oldest
    first (items whose date is not a date at all get the schema's message
    instead)."""
    problems = []
    above: dt.date | None = None
    for number, raw in enumerate(corrections):
        try:
            when = dt.date.fromisoformat(raw["date"])
        except (TypeError, KeyError, ValueError):
            continue
        field = f"corrections[{number}].date"
        text = when.isoformat()
        if published is not None and when < published.date():
            problems.append(Problem(field, f"{text!r} is before the post's date", line))
        if today is not None and when > today:
            problems.append(Problem(field, f"{text!r} is in the future", line))
        if above is not None and when < above:
            why = (
                f"{text!r} is before the correction above it ({above.isoformat()}); "
                "corrections are listed oldest first: add a new one at the end"
            )
            problems.append(Problem(field, why, line))
        above = when if above is None else max(above, when)
    return problems


def same_day_problems(
    corrections: list[Any],
    published: dt.datetime | None,
    updated: dt.datetime | None,
    line: int | None,
) -> list[Problem]:
    """A correction made the day the post was published needs ``updated``.

    A correction's date counts from the start of its day, which is not after
    the post's own time: without a later ``updated``, the post's modification
    date (feeds, JSON-LD, sitemap) stays its publication date, and feed readers
    and search engines never learn of the correction.
    """
    if published is None or (updated is not None and updated > published):
        return []
    problems = []
    for number, raw in enumerate(corrections):
        try:
            when = dt.date.fromisoformat(raw["date"])
        except (TypeError, KeyError, ValueError):
            continue
        # its day starts (in UTC, see Correction.made) before the post's time
        if correction_start(when) <= published:
            why = (
                f"{when.isoformat()!r} is the day the post was published: give "
                "updated: the time of the change, later than date "
                f"({published.isoformat()}), or feeds and search engines show "
                "the post unchanged"
            )
            problems.append(Problem(f"corrections[{number}].date", why, line))
    return problems


def fold(text: str) -> str:
    """Compare names the way readers do: case, width and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def entity_claims(
    pages: Iterable[tuple[str, str, tuple[str, ...]]],
) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """Who keeps each entity name, from (docname, title, aliases) of every
    entity page: folded name -> docname, and each name a page loses as
    (docname, field, name, owner's docname).

    A page's own title goes before anyone's alias, and the page whose file is
    named for its title (``entities/microsoft.md`` for "Microsoft") before a
    newcomer whose file sorts first: a pull request cannot take a name and
    leave the message on the page it took it from. The build and lint share it.
    """
    owners: dict[str, str] = {}
    lost = []
    for docname, name, field in claim_order(pages):
        owner = owners.setdefault(fold(name), docname)
        if owner != docname:
            lost.append((docname, field, name, owner))
    return owners, lost


def claim_order(
    pages: Iterable[tuple[str, str, tuple[str, ...]]],
) -> list[tuple[str, str, str]]:
    """(docname, name, field) of every entity name, in the order pages claim
    them (see :func:`entity_claims`): titles, then aliases; within each, the
    pages named for their title first, then by docname."""
    listed = list(pages)

    def named_for_it(docname: str, title: str) -> bool:
        stem = docname.rsplit("/", 1)[-1]
        return stem == re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")

    listed.sort(key=lambda page: (not named_for_it(page[0], page[1]), page[0]))
    wanted = [(doc, title, "title") for doc, title, _ in listed]
    wanted += [
        (doc, alias, "aliases") for doc, _, aliases in listed for alias in aliases
    ]
    return wanted


def taken_entity_name(name: str, field: str, owner: str, owner_docname: str) -> str:
    """The message for an entity name or alias that another entity already has.

    Between two aliases neither page's claim comes first (the page that sorts
    first keeps it, which may be the newcomer's): the message blames neither.
    """
    if field == "aliases" and fold(name) != fold(owner):
        return (
            f"{name!r} is an alias of {owner!r} ({owner_docname}) too; an alias "
            "names one entity: keep it on one of the two pages"
        )
    return (
        f"{name!r} already names {owner!r} ({owner_docname}); "
        "names and aliases must be unique"
    )


def unknown_entity(name: str, known: Iterable[str]) -> str:
    """The message for an entity name no page claims; ``known``: names and aliases."""
    # Compare the way names resolve (folded), so 'microsfot' finds 'Microsoft'.
    spelled = {fold(k): k for k in sorted(set(known), reverse=True)}
    close = difflib.get_close_matches(fold(name), sorted(spelled), n=1, cutoff=0.6)
    hint = f" (did you mean {spelled[close[0]]!r}?)" if close else ""
    return (
        f"unknown entity {name!r}{hint}; add entities/<slug>.md for it, "
        "or list it as an alias of an existing entity"
    )


# -- where files live --------------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: the longest file name a post or entity page may have, before ".md": its
#: page, doctree and card add their own suffixes, and a file system allows 255
SLUG_LIMIT = 100

#: the longest path a page may have, before ".md" (``posts/<year>/<slug>`` is
#: at most 111): a page 4,000 characters deep in folders stopped the build
#: with a traceback, its doctree's path too long for the file system
PATH_LIMIT = 200

#: why a page or a folder that is a symbolic link is read by nothing: it
#: could make the build read, and publish, any file of the machine
LINKED = "is a symbolic link; commit the file itself"

#: The largest page file the build reads: a 10,000-word long read is about
#: 70 KB. Markdown's parser is slow on crafted text (markdown-it: 3.6 s for
#: 80 KB of "![", more than linear), and a page is tokenised twice (the
#: source check, then MyST), so one huge page would stall every build and
#: every preview of a pull request.
PAGE_LIMIT = 256 * 1024


def size_problem(size: int) -> Problem | None:
    """Why a page file of ``size`` bytes is not read, or None."""
    if size <= PAGE_LIMIT:
        return None
    return Problem(
        "file",
        f"is {size // 1024} KB, more than the {PAGE_LIMIT // 1024} KB a page may "
        "be, so the build does not read it: split it into several posts",
        1,
    )


def decoding_problem(data: bytes, encoding: str = "utf-8-sig") -> Problem | None:
    """Why ``data`` is not text in ``encoding`` (with its 1-based line), or None:
    the build's message, and lint's."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        return Problem(
            "file",
            f"is not UTF-8 text (byte 0x{byte} on this line); save it as UTF-8",
            line,
        )
    except LookupError:  # an unknown source_encoding: Sphinx reports it itself
        return None
    return None


def path_problems(docname: str, kind: str) -> list[Problem]:
    """Where a post (``posts/<year>/<slug>``) or entity page must live, and its name."""
    parts = docname.split("/")
    if kind == "post" and (len(parts) != 3 or not re.fullmatch(r"\d{4}", parts[1])):
        return [Problem("path", "posts live at posts/<year>/<slug>.md", 1)]
    if kind == "entity" and len(parts) != 2:
        return [Problem("path", "entity pages live at entities/<slug>.md", 1)]
    if len(parts[-1]) > SLUG_LIMIT:
        why = f"the file name has {len(parts[-1])} characters, at most {SLUG_LIMIT}"
        return [Problem("path", why, 1)]
    if not _SLUG.match(parts[-1]):
        return [
            Problem(
                "path",
                f"{parts[-1]!r}: file names are lower-case words joined by "
                "hyphens, e.g. microsoft-hosts-grok.md",
                1,
            )
        ]
    return []


def name_problem(docname: str, kind: str | None) -> Problem | None:
    """Why a page is not read for its name, or None: a path of at most
    ``PATH_LIMIT`` characters, every part of it lower-case words joined by
    hyphens. A dot put a page in the way of a file the build writes
    (``tags/cloud.atom.xml.md`` is a folder where the tag's feed goes,
    ``x.html.md`` where the redirect from ``x``'s old address goes: the build
    stopped with a traceback), and ``?``, ``#`` or ``%`` give it an address
    that leads elsewhere."""
    if len(docname) > PATH_LIMIT:
        why = (
            f"the path has {len(docname)} characters before .md, at most "
            f"{PATH_LIMIT}: the build writes its files under folders of its own, "
            "where a longer one does not fit"
        )
        return Problem("path", why, 1)
    parts = docname.split("/")
    if all(_SLUG.match(part) for part in parts):
        return None
    if kind is not None and (problems := path_problems(docname, kind)):
        return problems[0]  # a post's or entity page's own words
    part = next(part for part in parts if not _SLUG.match(part))
    what = "file" if part == parts[-1] else "folder"
    why = (
        f"{part!r}: {what} names are lower-case words joined by hyphens, "
        "e.g. standards/sourcing.md"
    )
    return Problem("path", why, 1)


def same_address_problem(docname: str, docs: Container[str]) -> Problem | None:
    """Why ``x/index`` is not read when ``x`` is a page too, or None.

    Clean URLs (``dirhtml``, as published) write both at ``x/index.html``:
    ``standards/ethics/index.md`` replaced ``standards/ethics.md`` in the
    published site, and no message said so. Named in every build, so that an
    ``html`` build says what the published one would do."""
    page = docname.removesuffix("/index")
    if page == docname or page not in docs:
        return None
    why = (
        f"would be written at the address of {page}.md (clean URLs put both at "
        f"{page}/index.html, one over the other); rename one or merge them"
    )
    return Problem("path", why, 1)


def year_problems(docname: str, fields: PostFields, line: int | None) -> list[Problem]:
    """A post's folder must be the year of its ``date``."""
    folder = docname.split("/")[1] if docname.count("/") == 2 else None
    year = str(fields.published.year)
    if folder and folder != year:
        return [
            Problem(
                "date",
                f"is in {year} but the file is in posts/{folder}/; "
                f"move it to posts/{year}/",
                line,
            )
        ]
    return []


def check_entity(
    data: object,
    lines: dict[str, int] | None = None,
    allow_local: bool = False,
    today: dt.date | None = None,
) -> tuple[EntityFields | None, list[Problem]]:
    """Validate an entity page's front matter."""
    problems = schema_problems("entity", data, lines, allow_local)
    if problems or not isinstance(data, dict):
        return None, problems
    fields = EntityFields(
        kind=data["kind"],
        aliases=tuple(data.get("aliases", ())),
        url=data.get("url"),
        updated=(
            dt.date.fromisoformat(data["updated"]) if data.get("updated") else None
        ),
    )
    if today is not None and fields.updated is not None and fields.updated > today:
        # as a post's: the page's and the sitemap's modification date ahead of
        # time; the page still claims its names, so its posts stay linked
        where = _line("updated", lines or {})
        why = f"{_short(data['updated'])} is in the future"
        problems.append(Problem("updated", why, where))
    return fields, problems
