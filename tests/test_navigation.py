"""Post pages: header, source callout, chronological previous/next links."""

from __future__ import annotations

import re

import pytest
from sphinx.util.console import strip_escape_sequences

from conftest import page, warnings_of


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_builds_without_warnings(app, status, warning):
    """A fresh environment: every page is read here, whatever built the root before."""
    app.build()
    read = strip_escape_sequences(status.getvalue())
    assert re.search(r"^updating environment: .* [1-9][0-9]* added", read, re.MULTILINE)
    assert warnings_of(warning) == []


@pytest.mark.sphinx("html", testroot="basic")
def test_prev_next_follow_publication_order_with_ties_by_path(app):
    """Equal dates (same-day-a, same-day-b) are ordered by path."""
    app.build()
    order = ["first", "second", "same-day-a", "same-day-b"]
    for i, slug in enumerate(order):
        soup = page(app, f"posts/2025/{slug}")
        prev = soup.select_one("nav.nd-post-nav a[rel=prev]")
        nxt = soup.select_one("nav.nd-post-nav a[rel=next]")
        if i == 0:
            assert prev is None
        else:
            assert prev["href"] == f"{order[i - 1]}.html"
        if i == len(order) - 1:
            assert nxt is None
        else:
            assert nxt["href"] == f"{order[i + 1]}.html"


@pytest.mark.sphinx("html", testroot="basic")
def test_prev_next_show_titles_and_dates(app):
    app.build()
    nxt = page(app, "posts/2025/first").select_one("a[rel=next]")
    assert nxt.select_one(".nd-post-nav__title").get_text() == "Second post"
    assert nxt.select_one("time")["datetime"] == "2025-02-01"
    assert "Next post" in nxt.get_text()


@pytest.mark.sphinx("html", testroot="basic")
def test_source_callout_links_the_article(app):
    app.build()
    callout = page(app, "posts/2025/first").select_one("aside.nd-source")
    assert callout["aria-label"] == "Source article"
    link = callout.select_one("a.nd-source__link")
    assert link["href"] == "https://news.example.com/first"
    assert link.get_text() == "Source of First post"
    assert "Example News" in callout.get_text()
    assert callout.select_one("time")["datetime"] == "2025-01-09"


@pytest.mark.sphinx("html", testroot="basic")
def test_header_has_time_reading_time_and_tags(app):
    app.build()
    header = page(app, "posts/2025/first").select_one(".nd-post-header")
    time = header.select_one(".nd-byline time")
    assert time["datetime"] == "2025-01-10T09:00:00+00:00"
    assert time.get_text() == "January 10, 2025, 09:00 UTC"
    assert "1 min read" in header.get_text()
    assert [a.get_text() for a in header.select("a.nd-tag")] == ["ai", "cloud"]


@pytest.mark.sphinx("html", testroot="basic")
def test_date_without_time_shows_the_date_only(app):
    app.build()
    time = page(app, "posts/2025/second").select_one(".nd-byline time")
    assert time["datetime"] == "2025-02-01T00:00:00+00:00"
    assert time.get_text() == "February 1, 2025"


@pytest.mark.sphinx("html", testroot="basic")
def test_every_date_shown_spells_out_the_month(app):
    """One date style on every page: "January 10, 2025" in headers, callouts,
    listings, cards and prev/next alike, never "Jan 10, 2025" ("The first hour")."""
    import calendar
    import re

    app.build()
    months = "|".join(calendar.month_name[1:])
    long_style = re.compile(
        rf"^(?:{months}) \d{{1,2}}, \d{{4}}(?:, \d{{2}}:\d{{2}} \w+)?$"
    )
    shown = {
        time.get_text()
        for path in app.outdir.rglob("*.html")
        for time in page(
            app, path.relative_to(app.outdir).with_suffix("").as_posix()
        ).select("time")
    }
    assert "January 10, 2025, 09:00 UTC" in shown
    assert "February 1, 2025" in shown
    assert [text for text in shown if not long_style.match(text)] == []
