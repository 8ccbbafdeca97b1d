"""Names compared as readers see them: look-alike letters are one letter."""

from __future__ import annotations

import string

import pytest

from newsdesk.reading import lookalikes
from newsdesk.reading.lookalikes import first_lookalikes, skeleton


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("AI", "Al"),  # a small L for a capital i
        ("BBC", "\u0412\u0412\u0421"),  # all Cyrillic
        ("OpenAI", "0penAI"),  # a zero for an O
        ("Meta", "\u041c\u0415\u0422\u0410"),  # Cyrillic capitals: names fold case
        ("Example News", "Examp1e  News"),  # and spacing
    ],
)
def test_names_that_look_alike_have_one_skeleton(name, other):
    assert skeleton(name) == skeleton(other)


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("ai", "al"),  # in lower case they differ
        ("caf\u00e9", "cafe"),  # an accent shows
        ("Meta", "Beta"),
        ("\u0441\u0430\u0445\u0430\u0440", "sugar"),
    ],
)
def test_names_that_differ_have_different_skeletons(name, other):
    assert skeleton(name) != skeleton(other)


def test_the_first_name_keeps_its_look_and_spellings_of_it_pass():
    """Case and width are one name (the site folds them), not a look-alike."""
    names = ["AI", "ai", "\uff21\uff29", "Al", "cloud", "c\u200bloud"]
    assert first_lookalikes(names) == {"Al": "AI"}


def test_ascii_names_skip_the_data_and_get_the_same_skeleton():
    """The shortcut for ASCII names is the data's own classes."""
    classes = lookalikes._classes()
    table = {ch: classes.get(ch, ch) for ch in string.printable if not ch.isspace()}
    assert {ch: ch.translate(lookalikes.ASCII_CLASSES) for ch in table} == table
