"""Writing systems within one word, so that a name cannot pass for another.

``microsoft.com`` written with a Cyrillic "o" (U+043E), a tag ``cloud``
written with a Cyrillic "c" (U+0441), a publisher "VC Post" with a Cyrillic
"o": each reads as the name it imitates, and is another.
A word (a host name's label, a word of a tag or a name) may use one script, or
Latin with Chinese, Japanese or Korean (Unicode's "highly restrictive" profile,
UTS #39 5.2). Pure: no Sphinx.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from fontTools import unicodedata as ucd  # Unicode's Script property

#: scripts a word may mix: Latin with Japanese, Chinese or Korean writing
_WITH_LATIN = (
    frozenset({"Latn", "Hani", "Hira", "Kana"}),
    frozenset({"Latn", "Hani", "Bopo"}),
    frozenset({"Latn", "Hani", "Hang"}),
)
#: Common and Inherited: punctuation, digits, combining marks of any script
_ANY = frozenset({"Zyyy", "Zinh"})
_WORD = re.compile(r"[^\W\d_]+")


def _scripts(word: str) -> set[str]:
    """The scripts of ``word``'s letters (a mark used by several scripts, as
    the prolonged-sound mark of Hiragana and Katakana, counts as any of them)."""
    found: set[str] = set()
    for char in word:
        options = set(ucd.script_extension(char)) - _ANY
        if options and not options & found:
            found.add(min(options))
    return found


def mixed_word(word: str) -> str | None:
    """How ``word`` mixes scripts (``mixes Cyrillic and Latin letters in
    'cloud' (U+0441 CYRILLIC SMALL LETTER ES)``, the "c" Cyrillic), or None."""
    if word.isascii():
        return None
    scripts = _scripts(word)
    if len(scripts) < 2 or any(scripts <= ok for ok in _WITH_LATIN):
        return None
    names = " and ".join(sorted(ucd.script_name(s) for s in scripts))
    # The first character of a script of its own that is not ASCII: not always
    # a letter (a combining mark of several scripts, an Ethiopic number "፲"),
    # and a next() that found none would end mixed_text's search unsaid.
    odd = next(
        (c for c in word if not c.isascii() and set(ucd.script_extension(c)) - _ANY),
        word[0],
    )
    return (
        f"mixes {names} letters in {word!r} "
        f"(U+{ord(odd):04X} {unicodedata.name(odd, '?')})"
    )


def mixed_text(text: str) -> str | None:
    """:func:`mixed_word` for the first word of ``text`` that mixes scripts."""
    if text.isascii():
        return None
    return next(filter(None, map(mixed_word, _WORD.findall(text))), None)


@functools.cache
def confusable_classes() -> dict[str, str]:
    """Each confusable character -> the lowest character of its class."""
    # Imported here: its data (900 KB of JSON) loads on import, and only the
    # site index and names not in ASCII need it.
    from confusable_homoglyphs.confusables import confusables_data

    parent: dict[str, str] = {}

    def find(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])
            char = parent[char]
        return char

    for char, homoglyphs in confusables_data.items():
        for glyph in homoglyphs:
            other = glyph["c"]
            if len(char) != 1 or len(other) != 1:
                continue  # "rn" for "m": one character for two, not compared
            first, second = find(char), find(other)
            if first != second:
                parent[max(first, second)] = min(first, second)
    return {char: find(char) for char in parent}


def latin_lookalike(word: str) -> str | None:
    """The Latin word that ``word``, written wholly in another script, passes
    for, or None: each of its characters looks like a Latin letter or a digit
    ("apple" in Cyrillic, U+0430 U+0440 U+0440 U+04CF U+0435, reads "appie").
    Unicode's "whole-script confusable" (UTS #39 4): it mixes no scripts, so
    :func:`mixed_word` passes it."""
    if word.isascii() or "Latn" in _scripts(word):
        return None
    classes = confusable_classes()
    text = unicodedata.normalize("NFD", word)
    looks = unicodedata.normalize("NFKC", "".join(classes.get(c, c) for c in text))
    looks = looks.casefold()
    return looks if looks.isascii() and any(c.isalpha() for c in looks) else None


def script_names(word: str) -> str:
    """The names of the scripts of ``word``'s letters: ``Cyrillic``."""
    return " and ".join(sorted(ucd.script_name(s) for s in _scripts(word)))
