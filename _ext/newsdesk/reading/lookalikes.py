"""Names that pass for another: "BBC" spelt in Cyrillic (U+0412 U+0412 U+0421).

``scripts.py`` refuses a word that mixes scripts (Latin with one Cyrillic
letter). A name written wholly in another script, or with a digit for a letter
("A1" for the tag "AI"), passes that rule and would give readers a second
page that looks like the first. So names of one kind (tags, series,
publishers) are compared by *skeleton*, as Unicode's UTS #39 compares
identifiers: each character replaced by one representative of the characters
it can be confused with, then folded as the site folds names. Two names with
one skeleton that are not the same name are a problem, said on the later one.
Entity names and aliases too, across pages (a page "META" in Cyrillic
capitals beside entities/meta.md), in the order pages claim names.

The look-alike pairs are Unicode's confusables, from confusable_homoglyphs'
data. Its lists are not symmetric ("l" lists "I", "I" does not list "1"), so
they are joined into classes once, and a class is named by its lowest
character.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from newsdesk.reading import scripts
from newsdesk.reading.metadata import claim_order, fold

if TYPE_CHECKING:
    from collections.abc import Iterable


#: each confusable character -> the lowest character of its class
_classes = scripts.confusable_classes


#: the classes of ASCII characters, so that ASCII names (most) need no data:
#: a class's lowest character is ASCII whenever it has one
ASCII_CLASSES = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "`": "'"})


def skeleton(name: str) -> str:
    """What ``name`` looks like: equal for names a reader cannot tell apart."""
    if name.isascii():
        return fold(name.translate(ASCII_CLASSES))
    classes = _classes()
    text = unicodedata.normalize("NFD", name)
    return fold("".join(classes.get(char, char) for char in text))


def differences(name: str, other: str) -> str:
    """The characters of ``name`` that are not ``other``'s, for a message:
    "'...' (U+0412 CYRILLIC CAPITAL LETTER VE)", each once."""
    theirs = set(unicodedata.normalize("NFD", other))
    found = []
    for char in dict.fromkeys(unicodedata.normalize("NFD", name)):
        if char not in theirs and not char.isspace():
            what = unicodedata.name(char, "")
            found.append(f"{char!r} (U+{ord(char):04X}{' ' + what if what else ''})")
    return ", ".join(found)


def lookalike_problem(field: str, name: str, other: str, where: str = "") -> str:
    """The message for ``name`` that passes for the ``field`` name ``other``
    (of the page ``where``, for an entity's)."""
    detail = differences(name, other)
    page = f" ({where})" if where else ""
    return (
        f"{name!r} looks like the {field} {other!r}{page} but is written with other "
        f"characters{f' ({detail})' if detail else ''}; use {other!r}, or a "
        "name that does not look like it"
    )


def first_lookalikes(names: list[str]) -> dict[str, str]:
    """Each name in ``names`` (most important first) that looks like an earlier
    one with another folded form -> the earlier name it passes for."""
    seen: dict[str, str] = {}
    found = {}
    for name in names:
        first = seen.setdefault(skeleton(name), name)
        if fold(first) != fold(name):
            found[name] = first
    return found


def entity_lookalikes(
    pages: Iterable[tuple[str, str, tuple[str, ...]]],
) -> list[tuple[str, str, str, str, str]]:
    """(docname, field, name, the name it passes for, that name's docname) for
    each entity title or alias that looks like another page's name; from
    (docname, title, aliases) of every entity page. A page's own names may look
    alike: they are one entity."""
    seen: dict[str, tuple[str, str]] = {}
    found = []
    for docname, name, field in claim_order(pages):
        other, owner = seen.setdefault(skeleton(name), (name, docname))
        if owner != docname and fold(other) != fold(name):
            found.append((docname, field, name, other, owner))
    return found
