"""Tag and series URLs and readable dates: what the listings are built from."""

from __future__ import annotations

import pytest

from newsdesk.index.site import make_slug


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


def test_readable_dates_follow_the_language():
    """Dates are formatted once per value, and still per language."""
    import datetime as dt

    from newsdesk import dates

    day = dt.date(2025, 5, 1)
    assert dates.long_date(day) == "May 1, 2025"
    assert dates.long_date(day, "fr") == "1 mai 2025"
    assert dates.month(day) == "May 2025"
    moment = dt.datetime(2025, 5, 1, 19, 39, tzinfo=dt.UTC)
    assert dates.date_time(moment) == "May 1, 2025, 19:39 UTC"
    winter = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    # The long month, as in listings ("December 1, 2026"), never "Dec 1".
    assert dates.date_time(winter) == "December 1, 2026, 15:00 UTC"
    assert dates.long_date(winter.date()) == "December 1, 2026"
