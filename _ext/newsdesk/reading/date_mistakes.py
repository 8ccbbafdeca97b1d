"""The value to write for a date or date-time in a form the schema does not take.

The schema says which form it wants (``2025-05-01T19:39:00Z``); a contributor
who wrote ``+0200``, ``PST``, ``2026-11-3`` or ``November 3, 2026`` is told the
same date in that form, where it can be known. Pure: messages only.
"""

from __future__ import annotations

import datetime as dt
import re

#: a date-time whose offset has no colon: +0200
_BASIC_OFFSET = re.compile(
    r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(\d{2})"
)
#: a date or date-time ended by a time zone's name: 10:00 PST, 10:00 UTC
_ZONE_NAME = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?) ?([A-Za-z]{2,5})"
)
#: a date whose month or day has one digit: 2026-11-3
_UNPADDED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})((?:[T ]\S+)?)")
#: day and month with slashes, in an order that depends on the country
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
#: dates written out: November 3, 2026; 3 Nov 2026
_WRITTEN = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")
_UTC_NAMES = frozenset({"UTC", "GMT", "Z"})


def advice(value: object, date_only: bool) -> str | None:
    """What to write instead of ``value``, as ": write ..." or a sentence of
    why, or None when nothing can be said with certainty."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if date_only and (day := _date_part(text)) and _write(day, date_only):
        return f": write the date alone, {day}"
    if match := _BASIC_OFFSET.fullmatch(text):
        return _write(f"{match[1]}{match[2]}:{match[3]}", date_only)
    if match := _ZONE_NAME.fullmatch(text):
        if match[2].upper() in _UTC_NAMES:
            return _write(_padded(match[1]) + ("" if date_only else "Z"), date_only)
        return (
            f": a time zone's name ({match[2]}) is not read; write its offset "
            "from UTC after the time, such as 2025-05-01T19:39:00-07:00"
        )
    if match := _UNPADDED.fullmatch(text):
        return _write(_padded(text), date_only)
    if match := _SLASHED.fullmatch(text):
        first, second = int(match[1]), int(match[2])
        if first > 12 or second > 12:  # only one order is a date
            dd, mm = (first, second) if first > 12 else (second, first)
            return _write(f"{match[3]}-{mm:02d}-{dd:02d}", date_only)
        return (
            f": write it as YYYY-MM-DD ({text} is day first in some countries "
            "and month first in others)"
        )
    for form in _WRITTEN:
        try:
            written = dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
        return _write(written.isoformat(), date_only)
    return None


def _padded(text: str) -> str:
    match = _UNPADDED.fullmatch(text)
    if match is None:
        return text
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}{match[4]}"


def _date_part(text: str) -> str | None:
    """The date a date-time starts with, for a field that takes a date alone."""
    match = re.match(r"(\d{4}-\d{1,2}-\d{1,2})[T ]\d", text)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(_padded(match[1])).isoformat()
    except ValueError:
        return None


def _write(fixed: str, date_only: bool) -> str | None:
    """``: write <fixed>``, if ``fixed`` is a value the field takes (the
    schema's years, 1900-2999, too: 9999-12-31 is no slip of form)."""
    try:
        if date_only:
            year = dt.date.fromisoformat(fixed).year
        else:
            year = dt.datetime.fromisoformat(fixed).year
    except ValueError:
        return None
    return f": write {fixed}" if 1900 <= year <= 2999 else None
