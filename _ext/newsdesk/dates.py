"""Readable dates for pages, feeds and cards, in the site's language.

Babel's formatting is slow next to everything else on a page (a fifth of a
millisecond a call) and a site shows the same few hundred dates thousands of
times, so each distinct value is formatted once. The functions are pure, so
the memo changes nothing but speed.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_datetime

_MEMO = 8192


@functools.lru_cache(maxsize=_MEMO)
def long_date(value: dt.date, language: str = "en") -> str:
    """``May 1, 2025``."""
    return format_date(value, "long", locale=language)


@functools.lru_cache(maxsize=_MEMO)
def date_time(value: dt.datetime, language: str = "en") -> str:
    """``December 1, 2026, 15:00 UTC``: the long date, the time and the zone.

    The month is spelled out as in :func:`long_date`, so a post's header and the
    listings that show the same post agree on one style.
    """
    return format_datetime(value, "MMMM d, y, HH:mm zzz", locale=language)


@functools.lru_cache(maxsize=_MEMO)
def month(value: dt.date, language: str = "en") -> str:
    """``May 2025``, as an archive heading."""
    return format_date(value, "LLLL y", locale=language)
