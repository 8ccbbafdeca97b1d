"""Corrections, original reports and follow-ups, as readers and machines see them
(#14): the post page, the corrections log and its feed, JSON-LD, duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from conftest import page
from newsdesk.reading import metadata
from newsdesk.reading.urls import story_url
from sitebuild import build, copy_root

SOURCE_DATE_EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = copy_root(tmp_path_factory.mktemp("provenance"), "provenance")
    return build(srcdir, env=SOURCE_DATE_EPOCH)


def jsonld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_builds_cleanly(site):
    assert site._warning.getvalue() == ""


def test_callout_names_the_original_first_and_the_relay_as_via(site):
    callout = page(site, "posts/2025/relayed").select_one("aside.nd-source")
    links = [a["href"] for a in callout.select("a.nd-source__link")]
    assert links == [
        "https://www.original.example.com/report/",
        "https://relay.example.com/story",
    ]
    assert callout.select_one(".nd-source__label").get_text() == "Original report"
    assert "Via" in callout.select_one(".nd-source__via").get_text()


def test_corrections_show_before_the_body_newest_first(site):
    soup = page(site, "posts/2025/relayed")
    box = soup.select_one("aside.nd-corrections")
    texts = [p.get_text(" ", strip=True) for p in box.select("p")]
    assert texts[0].startswith("Clarification, July 1, 2025")
    assert "signed on 9 April" in texts[1]
    body = soup.select_one("article") or soup
    order = [el.get("class", [""])[0] for el in body.select("aside.nd-corrections, h2")]
    assert order[0] == "nd-corrections"


def test_parts_say_what_kind_of_writing_they_are(site):
    soup = page(site, "posts/2025/relayed")
    labels = [p.get_text() for p in soup.select("p.nd-part-kind")]
    assert labels[0].startswith("Report:")
    assert labels[1].startswith("Analysis:")
    assert labels[2].startswith("Opinion:")


def test_jsonld_names_the_original_and_each_correction(site):
    data = jsonld(page(site, "posts/2025/relayed"))
    assert data["isBasedOn"][0]["url"] == "https://www.original.example.com/report/"
    assert data["isBasedOn"][1]["publisher"]["name"] == "Relay Daily"
    assert [c["@type"] for c in data["correction"]] == ["CorrectionComment"] * 2
    assert data["dateModified"].startswith("2025-07-01")
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["correctionsPolicy"].endswith("standards/corrections.html")


def test_follow_up_is_shown(site):
    follow = page(site, "posts/2025/follow-up").select_one(".nd-follow-up")
    assert "Follow-up to" in follow.get_text()
    assert follow.a["href"] == "relayed.html"


def test_corrections_log_and_feed(site):
    log = page(site, "corrections")
    items = log.select("ul.nd-corrections-log > li")
    assert len(items) == 2
    assert "Clarification" in items[0].get_text()
    assert log.find("link", type="application/atom+xml", href="corrections.atom.xml")
    assert log.select_one('.nd-subscribe a[href="corrections.atom.xml"]')
    feed = feedparser.parse((site.outdir / "corrections.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "Clarification: A relayed story",
        "Correction: A relayed story",
    ]
    assert feed.entries[0].updated.startswith("2025-07-01")


def test_the_log_and_its_feed_link_to_the_note_itself(site):
    """A reader following a correction from the log or the corrections feed
    landed at the top of the post, among all its notes, not at the one named."""
    post = page(site, "posts/2025/relayed")
    notes = {
        p["id"]: p.get_text(" ", strip=True) for p in post.select("p.nd-correction")
    }
    # Numbered as written, oldest first; shown newest first.
    assert list(notes) == ["correction-2", "correction-1"]
    log = page(site, "corrections")
    hrefs = [
        item.select_one("a")["href"] for item in log.select(".nd-corrections-log li")
    ]
    assert hrefs == [
        "posts/2025/relayed.html#correction-2",
        "posts/2025/relayed.html#correction-1",
    ]
    feed = feedparser.parse((site.outdir / "corrections.atom.xml").read_bytes())
    for entry, item in zip(
        feed.entries, log.select(".nd-corrections-log li"), strict=True
    ):
        fragment = entry.link.rsplit("#", 1)[1]
        assert item.select_one("a")["href"].endswith(f"#{fragment}")
        kind = entry.title.split(":", 1)[0]
        assert notes[fragment].startswith(kind), (fragment, kind)


def test_a_corrected_post_says_when_it_was_updated(site):
    """Its JSON-LD dateModified and its feed entry moved to the newest
    correction, while the byline still gave only the publication date."""
    soup = page(site, "posts/2025/relayed")
    byline = soup.select_one(".nd-byline")
    assert "Updated July 1, 2025" in byline.get_text()
    # a correction is dated by its day: no time of day it never had
    assert "Updated July 1, 2025 ·" in byline.get_text()
    updated = byline.select("time")[-1]["datetime"]
    assert jsonld(soup)["dateModified"].startswith(updated[:10])
    # A post never corrected nor updated says only when it was published.
    follow = page(site, "posts/2025/follow-up").select_one(".nd-byline")
    assert "Updated" not in follow.get_text()


def test_every_page_links_the_policy_and_the_log(site):
    for name in ("index", "posts/2025/relayed", "corrections", "tags/cloud"):
        links = {a.get_text() for a in page(site, name).select(".nd-footer-links a")}
        assert {"Corrections policy", "Corrections"} <= links, name


def test_same_source_without_follow_up_fails_naming_both_files(tmp_path):
    srcdir = copy_root(tmp_path, "provenance")
    path = srcdir / "posts/2025/follow-up.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "follow_up_to: posts/2025/relayed.md\n", ""
        ),
        encoding="utf-8",
    )
    app = build(srcdir, env=SOURCE_DATE_EPOCH)
    warnings = app._warning.getvalue()
    assert "posts/2025/follow-up.md:" in warnings
    assert (
        "posts/2025/relayed.md already covers 'original.example.com/report'" in warnings
    )


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("https://www.example.com/a/?utm_source=x#top", "example.com/a"),
        ("http://EXAMPLE.com/a?id=3&fbclid=z", "example.com/a?id=3"),
        ("https://example.com/a?b=2&a=1", "example.com/a?a=1&b=2"),
        # one article however its address is spelt
        ("https://theverge.com./news/1", "theverge.com/news/1"),
        ("https://theverge.com:443/news/1", "theverge.com/news/1"),
        ("https://theverge.com//news//1", "theverge.com/news/1"),
        ("https://theverge.com/news/1;", "theverge.com/news/1"),
        ("https://theverge.com/%6Eews/1", "theverge.com/news/1"),
        ("https://amp.theverge.com/news/1", "theverge.com/news/1"),
        ("https://theverge.com/news/1/amp", "theverge.com/news/1"),
        ("https://theverge.com:8080/news/1", "theverge.com:8080/news/1"),
    ],
)
def test_story_url(test_input, expected):
    assert story_url(test_input) == expected


def _with_corrections(*corrections: dict[str, str]) -> list[metadata.Problem]:
    """The problems of a post of 1 May 2025 with these corrections, as of 2026."""
    data = {
        "date": "2025-05-01",
        "summary": "A summary that is long enough to pass.",
        "tags": ["cloud"],
        "source": {"title": "T", "publisher": "P", "url": "https://example.org/a"},
        "corrections": list(corrections),
    }
    return metadata.check_post(data, today=metadata.dt.date(2026, 1, 1))[1]


def test_correction_dates_are_checked():
    problems = _with_corrections(
        {"date": "2025-04-01", "kind": "correction", "text": "Too early a correction."},
        {
            "date": "2027-01-01",
            "kind": "update",
            "text": "A correction from the future.",
        },
        {"date": "2025-06-01", "kind": "oops", "text": ""},
    )
    messages = {(p.field, p.message) for p in problems}
    assert ("corrections[0].date", "'2025-04-01' is before the post's date") in messages
    assert ("corrections[1].date", "'2027-01-01' is in the future") in messages
    assert any(f == "corrections[2].kind" for f, _ in messages)
    assert any(f == "corrections[2].text" for f, _ in messages)


def _dated_corrections(*dates: str) -> list[metadata.Problem]:
    return _with_corrections(
        *(
            {"date": d, "kind": "update", "text": "What changed, said in full."}
            for d in dates
        )
    )


def test_corrections_are_listed_oldest_first():
    """The post shows its corrections in the order written: one added at the
    top, as in a changelog, would read as the older."""
    assert _dated_corrections("2025-06-01", "2025-06-01", "2025-07-01") == []
    problems = _dated_corrections("2025-07-01", "2025-06-01", "2025-08-01")
    assert [(p.field, p.message) for p in problems] == [
        (
            "corrections[1].date",
            (
                "'2025-06-01' is before the correction above it (2025-07-01); "
                "corrections are listed oldest first: add a new one at the end"
            ),
        )
    ]


def test_a_correction_on_the_day_of_publication_moves_the_modified_date():
    """CONTRIBUTING promises that a correction moves the post's dateModified,
    feed 'updated' and sitemap date; one made the day the post came out (dated
    from midnight, before the post's time) moved none of them unsaid."""
    data = {
        "date": "2025-05-01T09:00:00Z",
        "summary": "A summary that is long enough to pass.",
        "tags": ["cloud"],
        "source": {"title": "T", "publisher": "P", "url": "https://example.org/a"},
        "corrections": [
            {"date": "2025-05-01", "kind": "correction", "text": "Wrong, said in full."}
        ],
    }
    today = metadata.dt.date(2026, 1, 1)
    _, problems = metadata.check_post(data, today=today)
    assert [(p.field, p.message) for p in problems] == [
        (
            "corrections[0].date",
            (
                "'2025-05-01' is the day the post was published: give updated: "
                "the time of the change, later than date (2025-05-01T09:00:00+00:00), "
                "or feeds and search engines show the post unchanged"
            ),
        )
    ]
    fields, problems = metadata.check_post(
        {**data, "updated": "2025-05-01T15:30:00Z"}, today=today
    )
    assert problems == []
    assert fields is not None
    assert fields.modified.isoformat() == "2025-05-01T15:30:00+00:00"
    # A correction on a later day moves the date by itself, as before.
    later = {**data["corrections"][0], "date": "2025-05-02"}
    fields, problems = metadata.check_post(
        {**data, "corrections": [later]}, today=today
    )
    assert problems == []
    assert fields is not None
    assert fields.modified.date() == metadata.dt.date(2025, 5, 2)


def test_a_correction_is_dated_on_the_builds_clock_whatever_the_posts_offset():
    """A post written at -12:00 and corrected today: its day's midnight at
    -12:00 is noon in UTC, hours ahead of a morning build, and the feeds and
    sitemap said it changed in the future. A correction counts from its day's
    start in UTC, and never before the post it corrects."""
    correction = {"date": "2026-12-08", "kind": "correction", "text": "x" * 30}
    data = {
        "date": "2026-12-07T10:00:00-12:00",
        "summary": "A post written far to the west of UTC, then corrected.",
        "tags": ["cloud"],
        "source": {"title": "A", "publisher": "B", "url": "https://news.example.com/a"},
        "corrections": [correction],
    }
    fields, problems = metadata.check_post(data, today=metadata.dt.date(2026, 12, 8))
    assert problems == []
    assert fields is not None
    assert fields.modified.isoformat() == "2026-12-08T00:00:00+00:00"
    # written the evening before in UTC's terms: its day starts before the post
    early = {**data, "date": "2026-12-08T03:00:00+00:00"}
    _, problems = metadata.check_post(early, today=metadata.dt.date(2026, 12, 8))
    assert [p.field for p in problems] == ["corrections[0].date"]
    fields, _ = metadata.check_post(
        {**early, "updated": "2026-12-08T05:00:00Z"},
        today=metadata.dt.date(2026, 12, 8),
    )
    assert fields is not None
    made = fields.corrections[0].made(fields.published)
    assert made == fields.published  # the feed's entry: not before the post


def test_every_publisher_has_a_page_counting_originals_and_relays(site):
    original = page(site, "publishers/original-times")
    intro = (
        "2 posts citing Original Times from May 2, 2025 to May 9, 2025: "
        "2 original reports."
    )
    assert intro in original.get_text()
    relay = page(site, "publishers/relay-daily")
    intro = "1 post citing Relay Daily on May 2, 2025: 1 relay."
    assert intro in relay.get_text()
    # The intro is the page's description: with its dates, it says more than a count.
    assert relay.select_one('meta[name="description"]')["content"] == intro
    assert [a.get_text() for a in relay.select("ul.nd-post-list a")] == [
        "A relayed story"
    ]


def test_a_report_carried_without_its_address_is_named_and_counted(tmp_path):
    """A relay whose original could not be found at an address: the outlet
    that reported it is named in the callout, counted as the original and the
    relay as a relay on their publisher pages, and given in the JSON-LD and
    the API, never linked (the relay passed for the original report)."""
    srcdir = copy_root(tmp_path, "provenance")
    post = srcdir / "posts/2025/follow-up.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace(
            "  url: http://original.example.com/report\n",
            "  url: http://original.example.com/report\n  reported_by: Wire Service\n",
        ),
        encoding="utf-8",
    )
    app = build(srcdir, env=SOURCE_DATE_EPOCH)
    assert app._warning.getvalue() == ""
    soup = page(app, "posts/2025/follow-up")
    reported = soup.select_one("aside.nd-source .nd-source__reported")
    assert reported.get_text().startswith(
        "Reported by Wire Service, whose report Original Times carries"
    )
    assert reported.find("a") is None
    based_on = jsonld(soup)["isBasedOn"]
    assert based_on[0] == {
        "@type": "NewsArticle",
        "publisher": {"@type": "Organization", "name": "Wire Service"},
    }
    assert based_on[1]["url"] == "http://original.example.com/report"
    wire = page(app, "publishers/wire-service").get_text()
    assert "1 post citing Wire Service on May 9, 2025: 1 original report." in wire
    times = page(app, "publishers/original-times").get_text()
    assert "from May 2, 2025 to May 9, 2025: 1 original report, 1 relay." in times
    records = json.loads(
        (Path(app.outdir) / "api/posts/2025.json").read_text(encoding="utf-8")
    )
    [record] = [r for r in records["posts"] if r["url"].endswith("follow-up.html")]
    assert record["source"]["reported_by"] == "Wire Service"
    llms = (Path(app.outdir) / "llms.txt").read_text(encoding="utf-8")
    assert "Source: Original Times, carrying Wire Service's report, <" in llms


def test_a_report_named_twice_keeps_the_linked_one():
    data = {
        "date": "2025-05-01T09:00:00Z",
        "summary": "A relay whose original report is given twice over.",
        "tags": ["cloud"],
        "source": {
            "title": "A relay",
            "publisher": "Relay Daily",
            "url": "https://relay.example.com/a",
            "reported_by": "Wire Service",
            "original": {
                "title": "The report",
                "publisher": "Wire Service",
                "url": "https://wire.example.com/a",
            },
        },
    }
    _, problems = metadata.check_post(data)
    assert [(p.field, p.message) for p in problems] == [
        (
            "source.reported_by",
            (
                "names who reported it, as source.original does: keep "
                "source.original, which links the report, and delete this line"
            ),
        )
    ]
