"""Tag and series URLs: safe, stable, and never on top of an index page."""

from __future__ import annotations

import pytest

from newsdesk.site import make_slug


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("AI", "ai"),
        ("AI policy", "ai-policy"),
        ("C++", "c"),
        ("AT&T", "at-t"),
        ("Grok's", "grok-s"),
        ("人工知能", "ren-gong-zhi-neng"),
        ("Index", "index-tag"),
        ("index", "index-tag"),
    ],
)
def test_make_slug(test_input, expected):
    assert make_slug(test_input) == expected


def test_names_without_latin_letters_get_a_stable_hash_slug():
    """An emoji-only name still gets a page, the same one every build."""
    slug = make_slug("🚀")
    assert slug.startswith("t-")
    assert slug == make_slug("🚀")
    assert slug != make_slug("🛰️")
