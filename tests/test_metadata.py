"""Front-matter validation without Sphinx: every mistake, its exact message and line."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sphinx.cmd.build import build_main
from sphinx.errors import SphinxError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from conftest import page
from newsdesk.reading import frontmatter, metadata

#: A valid post's front matter; cases below replace one piece of it.
VALID = """\
date: 2025-05-01T19:39:00Z
summary: Microsoft prepares to host xAI's Grok models on Azure.
tags: [cloud, ai]
source:
  title: Microsoft is getting ready to host Grok
  publisher: The Verge
  url: https://www.theverge.com/news/grok
"""
ALLOWED = (
    "author, corrections, date, draft, entities, follow_up_to, series, source, "
    "summary, tags, updated"
)
URL = "https://www.theverge.com/news/grok"
SUMMARY = "Microsoft prepares to host xAI's Grok models on Azure."


@pytest.mark.parametrize(
    ("updated", "future"),
    [
        # the 9th at 11:00 UTC: a day and a half ahead of a build on the 8th
        ("2025-05-08T23:00:00-12:00", True),
        # the 8th at 10:00 UTC, though the 9th where it was written
        ("2025-05-09T00:00:00+14:00", False),
        ("2025-05-08", False),
        ("2025-05-09", True),
    ],
)
def test_an_update_is_ahead_of_the_builds_day_in_utc(updated, future):
    """An ``updated`` is compared with the build's day (UTC) at its instant,
    not on the day of the offset it is written in."""
    loaded = frontmatter.load(f"---\n{VALID}updated: {updated}\n---\n\n# Title\n")
    assert loaded is not None
    today = dt.date(2025, 5, 8)
    _, problems = metadata.check_post(loaded.data, loaded.lines, today=today)
    said = [str(p) for p in problems]
    assert said == ([f"updated: {updated!r} is in the future"] if future else [])


def check(yaml_text: str, timezone: str = "UTC"):
    """(fields, [(line, "field: message"), ...]) for a front-matter block."""
    loaded = frontmatter.load(f"---\n{yaml_text}---\n\n# Title\n")
    assert loaded is not None
    fields, problems = metadata.check_post(loaded.data, loaded.lines, timezone)
    return fields, [(p.line, str(p)) for p in problems]


def test_valid_front_matter_gives_typed_fields():
    fields, problems = check(
        VALID + "entities: [Microsoft, xAI]\nseries: Grok on Azure\n"
    )
    assert problems == []
    assert fields == metadata.PostFields(
        published=dt.datetime(2025, 5, 1, 19, 39, tzinfo=dt.UTC),
        summary="Microsoft prepares to host xAI's Grok models on Azure.",
        tags=("cloud", "ai"),
        source=metadata.Source(
            title="Microsoft is getting ready to host Grok",
            publisher="The Verge",
            url="https://www.theverge.com/news/grok",
        ),
        entities=("Microsoft", "xAI"),
        series="Grok on Azure",
    )


@pytest.mark.parametrize(
    ("test_input", "expected", "has_time"),
    [
        pytest.param("2025-05-01", "2025-05-01T00:00:00+00:00", False, id="date-only"),
        pytest.param(
            "2025-05-01T19:39:00Z", "2025-05-01T19:39:00+00:00", True, id="zulu"
        ),
        pytest.param(
            "2025-05-01T19:39:00+05:30", "2025-05-01T19:39:00+05:30", True, id="offset"
        ),
        pytest.param(
            "2025-05-01T19:39:00-07:00",
            "2025-05-01T19:39:00-07:00",
            True,
            id="negative-offset",
        ),
        pytest.param(
            "2025-05-01T19:39", "2025-05-01T19:39:00+00:00", True, id="no-seconds"
        ),
        pytest.param(
            "2025-05-01 19:39:00", "2025-05-01T19:39:00+00:00", True, id="space"
        ),
        pytest.param("2024-02-29", "2024-02-29T00:00:00+00:00", False, id="leap-day"),
    ],
)
def test_valid_dates(test_input, expected, has_time):
    fields, problems = check(VALID.replace("2025-05-01T19:39:00Z", test_input))
    assert problems == []
    assert fields is not None
    assert fields.published.isoformat() == expected
    assert fields.has_time is has_time


@pytest.mark.parametrize(
    ("test_input", "timezone", "expected"),
    [
        (
            "2025-05-01T19:39",
            "Europe/Paris",
            "2025-05-01T19:39:00+02:00",
        ),  # summer time
        ("2025-01-15T19:39", "Europe/Paris", "2025-01-15T19:39:00+01:00"),
        ("2025-05-01T19:39", "America/New_York", "2025-05-01T19:39:00-04:00"),
        ("2025-05-01", "Asia/Tokyo", "2025-05-01T00:00:00+09:00"),
        # An explicit offset wins over the site's zone.
        ("2025-05-01T19:39:00Z", "Asia/Tokyo", "2025-05-01T19:39:00+00:00"),
    ],
)
def test_naive_times_use_the_site_time_zone(test_input, timezone, expected):
    fields, problems = check(
        VALID.replace("2025-05-01T19:39:00Z", test_input), timezone
    )
    assert problems == []
    assert fields is not None
    assert fields.published.isoformat() == expected


def test_optional_fields():
    text = (
        VALID.replace(
            f"  url: {URL}\n",
            f"  url: {URL}\n  date: 2025-04-30\n  archive: {ARCHIVE}\n",
        )
        + "updated: 2025-05-02T08:00:00Z\nauthor: Jane Doe\ndraft: true\n"
    )
    fields, problems = check(text)
    assert problems == []
    assert fields is not None
    assert fields.updated == dt.datetime(2025, 5, 2, 8, tzinfo=dt.UTC)
    assert (fields.author, fields.draft) == ("Jane Doe", True)
    assert fields.source.date == dt.date(2025, 4, 30)
    assert fields.source.archive == ARCHIVE


ARCHIVE = f"https://web.archive.org/web/20250430/{URL}"


def test_summary_whitespace_is_folded():
    fields, _ = check(
        VALID.replace(
            "summary: Microsoft prepares to host xAI's Grok models on Azure.",
            "summary: >\n  Microsoft prepares to host\n  xAI's Grok models on Azure.",
        )
    )
    assert fields is not None
    assert fields.summary == "Microsoft prepares to host xAI's Grok models on Azure."


#: a word mixing scripts with no letter of its own script, and the message
MIXED = (
    "'x\u1372' (U+1372 ETHIOPIC NUMBER TEN), so it can pass for another "
    "name; write it in one script"
)


AFTER_THE_POST = "is after the post's date; it analyses an earlier article"


def _replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


#: what a value given a YAML tag is told to be instead
_NO_TAG = "write plain text without a tag"

INVALID = [
    pytest.param(
        _replace("date: 2025-05-01T19:39:00Z\n", ""),
        [(None, "date: missing (required)")],
        id="missing-date",
    ),
    pytest.param(
        _replace(f"summary: {SUMMARY}\n", ""),
        [(None, "summary: missing (required)")],
        id="missing-summary",
    ),
    pytest.param(
        _replace("tags: [cloud, ai]\n", ""),
        [(None, "tags: missing (required)")],
        id="missing-tags",
    ),
    pytest.param(
        VALID.split("source:")[0],
        [(None, "source: missing (required)")],
        id="missing-source",
    ),
    pytest.param(
        _replace("  publisher: The Verge\n", ""),
        [(5, "source.publisher: missing (required)")],
        id="missing-publisher",
    ),
    pytest.param(
        _replace(f"  url: {URL}\n", ""),
        [(5, "source.url: missing (required)")],
        id="missing-url",
    ),
    pytest.param(
        _replace("summary:", "sumary:"),
        # one mistake, one message: not also "summary: missing (required)"
        [(3, f"sumary: unknown field (did you mean 'summary'?); allowed: {ALLOWED}")],
        id="typo-sumary",
    ),
    pytest.param(
        VALID + "title: Grok\n",
        [
            (
                9,
                "title: unknown field: the title is the page's '# ' heading, not a field",
            )
        ],
        id="title-field",
    ),
    pytest.param(
        VALID + "  publsher: X\n",
        [
            (
                9,
                (
                    "source.publsher: unknown field (did you mean 'publisher'?); "
                    "allowed: archive, date, original, publisher, reported_by, title, url"
                ),
            )
        ],
        id="typo-in-source",
    ),
    pytest.param(
        _replace(URL, "javascript:alert(1)"),
        [(8, "source.url: 'javascript:alert(1)' is not an http(s) URL")],
        id="javascript-url",
    ),
    pytest.param(
        _replace(URL, "'data:text/html,<script>x</script>'"),
        [(8, "source.url: 'data:text/html,<script>x</script>' is not an http(s) URL")],
        id="data-url",
    ),
    pytest.param(
        _replace(URL, "/news/grok"),
        [(8, "source.url: '/news/grok' is not an http(s) URL")],
        id="relative-url",
    ),
    pytest.param(
        _replace(URL, "theverge"),
        [(8, "source.url: 'theverge' is not an http(s) URL")],
        id="bare-word-url",
    ),
    pytest.param(
        _replace(URL, "ftp://example.com/a"),
        [(8, "source.url: 'ftp://example.com/a' is not an http(s) URL")],
        id="ftp-url",
    ),
    pytest.param(
        _replace(URL, "HTTPS://example.com/a"),
        [
            (
                8,
                (
                    "source.url: 'HTTPS://example.com/a' is not an http(s) URL: "
                    "write its scheme in lower case, 'https://example.com/a'"
                ),
            )
        ],
        id="upper-case-scheme",
    ),
    pytest.param(
        _replace(URL, '"https://example.com/\\"onmouseover=x"'),
        [
            (
                8,
                "source.url: 'https://example.com/\"onmouseover=x' is not an http(s) URL",
            )
        ],
        id="quote-in-url",
    ),
    pytest.param(
        VALID + "  archive: javascript:x\n",
        [(9, "source.archive: 'javascript:x' is not an http(s) URL")],
        id="javascript-archive",
    ),
    pytest.param(
        _replace("2025-05-01T19:39:00Z", "2025-02-30"),
        [(2, "date: '2025-02-30' is not a real calendar date or time")],
        id="february-30",
    ),
    pytest.param(
        _replace("2025-05-01T19:39:00Z", "2025-05-01T25:00:00Z"),
        [(2, "date: '2025-05-01T25:00:00Z' is not a real calendar date or time")],
        id="hour-25",
    ),
    pytest.param(
        _replace("2025-05-01T19:39:00Z", "May 1, 2025"),
        [
            (
                2,
                (
                    "date: 'May 1, 2025' is not an ISO 8601 date-time from the years 1900-2999, such as "
                    "2025-05-01T19:39:00Z or 2025-05-01: write 2025-05-01"
                ),
            )
        ],
        id="prose-date",
    ),
    pytest.param(
        _replace("2025-05-01T19:39:00Z", "2025-5-1"),
        [
            (
                2,
                (
                    "date: '2025-5-1' is not an ISO 8601 date-time from the years 1900-2999, such as "
                    "2025-05-01T19:39:00Z or 2025-05-01: write 2025-05-01"
                ),
            )
        ],
        id="unpadded-date",
    ),
    pytest.param(
        # near the end of Python's calendar a time zone overflows the date
        _replace("2025-05-01T19:39:00Z", "9999-12-31T23:00:00-23:59"),
        [
            (
                2,
                (
                    "date: '9999-12-31T23:00:00-23:59' is not an ISO 8601 date-time "
                    "from the years 1900-2999, such as 2025-05-01T19:39:00Z or "
                    "2025-05-01"
                ),
            )
        ],
        id="end-of-time",
    ),
    pytest.param(
        _replace("2025-05-01T19:39:00Z", "20250501"),
        [(2, "date: must be text, not a number (20250501)")],
        id="number-date",
    ),
    pytest.param(
        # a tag asks YAML for a type the site reads as text: named by the tag,
        # not as datetime.datetime(2025, 5, 1, 19, 39, tzinfo=datetime.tim...'
        _replace("2025-05-01T19:39:00Z", "!!timestamp 2025-05-01T19:39:00Z"),
        [
            (
                2,
                (
                    "date: must be text, not a YAML timestamp (!!timestamp); "
                    "write the date without a tag"
                ),
            )
        ],
        id="timestamp-tag",
    ),
    pytest.param(
        VALID + "author: !!binary aGVsbG8=\nseries: !!set {a}\n",
        [
            (9, f"author: must be text, not binary data (!!binary); {_NO_TAG}"),
            (10, f"series: must be text, not a set (!!set); {_NO_TAG}"),
        ],
        id="binary-and-set-tags",
    ),
    pytest.param(
        # one message a URL: not the schema's "is not an http(s) URL" as well
        _replace(URL, "'https://[2001:db8::1]/x'"),
        [
            (
                8,
                "source.url: 'https://[2001:db8::1]/x' must name its site, not an IP address",
            )
        ],
        id="ip-address-url",
    ),
    pytest.param(
        _replace(URL, '"https://the\\tverge.com/x"'),
        [
            (
                8,
                "source.url: 'https://the\\tverge.com/x' contains spaces or control characters",
            )
        ],
        id="tab-in-url",
    ),
    pytest.param(
        _replace("date: 2025-05-01T19:39:00Z", "date:"),
        [(2, "date: must be text, not empty")],
        id="empty-date",
    ),
    pytest.param(
        VALID + "updated: 2025-04-01\n",
        [(9, "updated: '2025-04-01' is before date")],
        id="updated-before-date",
    ),
    pytest.param(
        VALID + "  date: 2025-13-01\n",
        [
            (
                9,
                "source.date: '2025-13-01' is not a real calendar date or time",
            )
        ],
        id="source-month-13",
    ),
    pytest.param(
        VALID + "  date: 2025-04-30T10:00:00Z\n",
        [
            (
                9,
                (
                    "source.date: '2025-04-30T10:00:00Z' is not a real calendar date in the "
                    "form YYYY-MM-DD, from the years 1900-2999: write the date alone, "
                    "2025-04-30"
                ),
            )
        ],
        id="source-date-with-time",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[cloud, 'a/b']"),
        [
            (
                4,
                (
                    "tags[1]: 'a/b' is not a tag: one short phrase without "
                    '< > " / \\ ? % ; : , (up to 40 characters)'
                ),
            )
        ],
        id="tag-with-slash",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[cloud, '<b>']"),
        [
            (
                4,
                (
                    "tags[1]: '<b>' is not a tag: one short phrase without "
                    '< > " / \\ ? % ; : , (up to 40 characters)'
                ),
            )
        ],
        id="tag-with-markup",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[cloud, ' ai']"),
        [
            (
                4,
                (
                    "tags[1]: ' ai' is not a tag: one short phrase without "
                    '< > " / \\ ? % ; : , (up to 40 characters)'
                ),
            )
        ],
        id="tag-leading-space",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[cloud, 42]"),
        [(4, "tags[1]: must be text, not a number (42)")],
        id="tag-number",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[" + "x" * 41 + "]"),
        [(4, "tags[0]: is too long: 41 characters, at most 40 allowed")],
        id="tag-too-long",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[a, b, c, d, e, f, g, h, i]"),
        [(4, "tags: has 9 items, at most 8 allowed")],
        id="too-many-tags",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[]"),
        [(4, "tags: needs at least 1 item(s), has 0")],
        id="no-tags",
    ),
    pytest.param(
        _replace("[cloud, ai]", "[ai, ai]"),
        [(4, "tags: lists the same item more than once")],
        id="repeated-tag",
    ),
    pytest.param(
        _replace("[cloud, ai]", "cloud"),
        [(4, "tags: must be a list, e.g. [a, b], not 'cloud'")],
        id="tags-text",
    ),
    pytest.param(
        _replace(SUMMARY, "Too short."),
        [(3, "summary: is too short: 10 characters, at least 20 needed")],
        id="summary-too-short",
    ),
    # A blank value is one mistake: it was also "too short: 0 characters".
    pytest.param(
        _replace(SUMMARY, '""'),
        [(3, "summary: '' must contain text")],
        id="summary-empty-quotes",
    ),
    pytest.param(
        _replace(SUMMARY, '"   "'),
        [(3, "summary: '   ' must contain text")],
        id="summary-blank",
    ),
    pytest.param(
        VALID + 'series: ""\n',
        [(9, "series: '' must be one non-empty line of text")],
        id="series-empty-quotes",
    ),
    pytest.param(
        VALID
        + "corrections:\n  - date: 2025-05-21\n    kind: correction\n"
        + '    text: ""\n',
        [(12, "corrections[0].text: '' must contain text")],
        id="correction-text-empty",
    ),
    pytest.param(
        _replace(SUMMARY, "x" * 301),
        [(3, "summary: is too long: 301 characters, at most 300 allowed")],
        id="summary-too-long",
    ),
    pytest.param(
        _replace(SUMMARY, "[a, b]"),
        [(3, "summary: must be text, not a list")],
        id="summary-list",
    ),
    pytest.param(
        _replace("source:\n", "source: The Verge\n").split("  title")[0],
        [(5, "source: must be a mapping of 'field: value' lines, not 'The Verge'")],
        id="source-text",
    ),
    pytest.param(
        VALID + "draft: yes please\n",
        [(9, "draft: must be true or false, not 'yes please'")],
        id="draft-text",
    ),
    pytest.param(
        VALID + "entities: Microsoft\n",
        [(9, "entities: must be a list, e.g. [a, b], not 'Microsoft'")],
        id="entities-text",
    ),
    pytest.param(
        VALID + "series: [a, b]\n",
        [(9, "series: must be text, not a list")],
        id="series-list",
    ),
    pytest.param(
        # A word mixing scripts with no letter of its own script ("x" and an
        # Ethiopic number) once ended the search, so the Cyrillic "o" passed.
        _replace("[cloud, ai]", "[cloud, 'x\u1372 cl\u043eud']"),
        [(4, f"tags[1]: mixes Ethiopic and Latin letters in {MIXED}")],
        id="mixed-word-without-a-letter",
    ),
    pytest.param(
        # the article a post analyses comes before it (a day's grace for time
        # zones); the structured data gives it as the article's datePublished
        VALID + "  date: 2025-05-03\n",
        [(9, f"source.date: '2025-05-03' {AFTER_THE_POST}")],
        id="source-after-the-post",
    ),
    pytest.param(
        # not text: XML refuses it, and the feeds' writer stopped the build
        VALID + 'series: "Grok\\uFFFE"\n',
        [(9, "series: contains the noncharacter U+FFFE, which is not text; delete it")],
        id="noncharacter",
    ),
    pytest.param(
        # YAML's \L: a line separator, a line break to editors and text files
        VALID + 'series: "Microsoft\\Land xAI"\nauthor: "Jane\\u2029Doe"\n',
        [(9, "series: must be one line"), (10, "author: must be one line")],
        id="name-with-a-line-separator",
    ),
]


@pytest.mark.parametrize(("test_input", "expected"), INVALID)
def test_invalid_front_matter(test_input, expected):
    _, problems = check(test_input)
    assert problems == expected


def test_spellings_of_one_tag_are_kept_once():
    """'AI' and 'ai' name one tag page: the first spelling is kept, once, so the
    header does not show the same chip twice."""
    fields, problems = check(
        _replace("[cloud, ai]", "[AI, cloud, ai, Ai, \uff21\uff29]")
    )
    assert problems == []
    assert fields is not None
    assert fields.tags == ("AI", "cloud")


@pytest.mark.parametrize(
    "test_input",
    [
        _replace("date: 2025-05-01T19:39:00Z\n", ""),
        _replace(URL, "theverge"),
        _replace("[cloud, ai]", "[]"),
        _replace(SUMMARY, "short"),
        _replace("2025-05-01T19:39:00Z", "2025-02-30"),
    ],
)
def test_a_post_with_a_bad_required_field_has_no_fields(test_input):
    """Later stages trust PostFields: they never see a half-valid post."""
    fields, problems = check(test_input)
    assert fields is None
    assert problems


@pytest.mark.parametrize(
    ("data", "described"),
    [(None, "empty"), ([], "a list"), ("text", "'text'"), (3, "a number (3)")],
)
def test_not_a_mapping(data, described):
    """What a caller other than frontmatter.load (e.g. lint on parsed YAML) gets."""
    fields, problems = metadata.check_post(data, {})
    assert fields is None
    assert [str(p) for p in problems] == [
        f"front matter: must be a mapping of 'field: value' lines, not {described}"
    ]


def test_problems_are_sorted_by_line():
    bad = (
        VALID.replace(URL, "theverge")
        .replace("[cloud, ai]", "[]")
        .replace(SUMMARY, "short")
        + "sumary: x\n"
    )
    _, problems = check(bad)
    assert [line for line, _ in problems] == [3, 4, 8, 9]


# -- entities ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        (
            {"kind": "company", "aliases": ["MSFT"], "url": "https://microsoft.com"},
            metadata.EntityFields("company", ("MSFT",), "https://microsoft.com"),
        ),
        ({"kind": "person"}, metadata.EntityFields("person")),
    ],
)
def test_valid_entity(test_input, expected):
    assert metadata.check_entity(test_input) == (expected, [])


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ({}, ["kind: missing (required)"]),
        (
            {"kind": "city"},
            [
                (
                    "kind: 'city' is not one of: company, person, product, model, "
                    "organization"
                )
            ],
        ),
        (
            {"kind": "company", "url": "javascript:x"},
            ["url: 'javascript:x' is not an http(s) URL"],
        ),
        (
            {"kind": "company", "aliases": "MSFT"},
            ["aliases: must be a list, e.g. [a, b], not 'MSFT'"],
        ),
        (
            {"kind": "company", "aliase": ["MSFT"]},
            [
                "aliase: unknown field (did you mean 'aliases'?); allowed: aliases, kind, updated, url"
            ],
        ),
    ],
)
def test_invalid_entity(test_input, expected):
    fields, problems = metadata.check_entity(test_input)
    assert fields is None
    assert [str(p) for p in problems] == expected


def test_an_entitys_update_is_not_ahead_of_the_build():
    """As a post's: the page's and the sitemap's modification date would be
    ahead of time. The page still claims its names."""
    loaded = frontmatter.load("---\nkind: company\nupdated: 2999-01-01\n---\n")
    assert loaded is not None
    fields, problems = metadata.check_entity(
        loaded.data, loaded.lines, today=dt.date(2025, 6, 1)
    )
    assert fields is not None
    assert [(p.line, str(p)) for p in problems] == [
        (3, "updated: '2999-01-01' is in the future")
    ]
    _, problems = metadata.check_entity(loaded.data, today=dt.date(2999, 1, 1))
    assert problems == []


# -- in a build: the "fake post" root -----------------------------------------------

#: Every warning of a build of tests/roots/test-invalid (python/peps' fake PEP).
EXPECTED_WARNINGS = sorted(
    [
        (
            "entities/bad-kind.md:2: WARNING: kind: 'city' is not one of: company, person, "
            "product, model, organization [newsdesk.metadata]"
        ),
        (
            "entities/microsoft-corp.md:3: WARNING: aliases: 'msft' is an alias of "
            "'Microsoft' (entities/microsoft) too; an alias names one entity: keep "
            "it on one of the two pages [newsdesk.metadata]"
        ),
        (
            "posts/2024/wrong-year.md:2: WARNING: date: is in 2025 but the file is in "
            "posts/2024/; move it to posts/2025/ [newsdesk.metadata]"
        ),
        (
            "posts/2025/Bad_Name.md:1: WARNING: path: 'Bad_Name': file names are lower-case "
            "words joined by hyphens, e.g. microsoft-hosts-grok.md [newsdesk.metadata]"
        ),
        (
            "posts/2025/duplicate-key.md:5: WARNING: front matter: tags: given twice "
            "[newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:2: WARNING: date: '2025-02-30' is not a real calendar "
            "date or time [newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:3: WARNING: sumary: unknown field (did you mean "
            f"'summary'?); allowed: {ALLOWED} [newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:4: WARNING: tags: has 9 items, at most 8 allowed "
            "[newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:4: WARNING: tags[1]: 'a/b' is not a tag: one short "
            'phrase without < > " / \\ ? % ; : , (up to 40 characters) [newsdesk.metadata]'
        ),
        (
            "posts/2025/fake-post.md:5: WARNING: updated: 'yesterday' is not an ISO 8601 "
            "date-time from the years 1900-2999, such as 2025-05-01T19:39:00Z or "
            "2025-05-01 [newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:6: WARNING: draft: must be true or false, not 'maybe' "
            "[newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:7: WARNING: title: unknown field: the title is the "
            "page's '# ' heading, not a field [newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:8: WARNING: source.publisher: missing (required) "
            "[newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:10: WARNING: source.url: 'theverge' is not an http(s) "
            "URL [newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:11: WARNING: source.date: '2025-13-01' is not a real "
            "calendar date or time [newsdesk.metadata]"
        ),
        (
            "posts/2025/fake-post.md:12: WARNING: source.archive: 'javascript:alert(1)' is "
            "not an http(s) URL [newsdesk.metadata]"
        ),
        (
            "posts/2025/list-front-matter.md:2: WARNING: front matter: must be a mapping of "
            "'field: value' lines, not a list [newsdesk.metadata]"
        ),
        (
            "posts/2025/malformed-yaml.md:3: WARNING: tags: the list opened with '[' "
            "has no closing ']' [newsdesk.metadata]"
        ),
        (
            "posts/2025/no-closing-fence.md:1: WARNING: front matter: the block starting "
            "at line 1 has no closing '---' [newsdesk.metadata]"
        ),
        (
            "posts/2025/no-front-matter.md:1: WARNING: front matter: missing: the file "
            "must start with a '---' block [newsdesk.metadata]"
        ),
        # Ours only: MyST's "Document headings start at H2" would repeat it.
        (
            "posts/2025/no-title.md:1: WARNING: title: missing: the page needs one "
            "'# Title' line after the front matter [newsdesk.metadata]"
        ),
        (
            "posts/2025/scalar-front-matter.md:2: WARNING: front matter: must be a mapping "
            "of 'field: value' lines, not a single value [newsdesk.metadata]"
        ),
        (
            "posts/2025/short-summary.md:3: WARNING: summary: is too short: 10 characters, "
            "at least 20 needed [newsdesk.metadata]"
        ),
        (
            "posts/2025/short-summary.md:8: WARNING: source.url: "
            "'data:text/html,<script>alert(1)</script>' is not an http(s) URL "
            "[newsdesk.metadata]"
        ),
        (
            "posts/2025/two-titles.md:15: WARNING: title: found 2 '# ' headings, the "
            "title at line 11 and another at line 15; use one '# Title' and '## ' for "
            "sections [newsdesk.metadata]"
        ),
        (
            "posts/2025/unknown-entity.md:9: WARNING: entities: unknown entity 'Microsfot' "
            "(did you mean 'Microsoft'?); add entities/<slug>.md for it, or list it as an "
            "alias of an existing entity [newsdesk.metadata]"
        ),
        (
            "posts/2025/unknown-entity.md:14: WARNING: {entity}`Gogle`: unknown entity "
            "'Gogle'; add entities/<slug>.md for it, or list it as an alias of an "
            "existing entity [newsdesk.entity]"
        ),
        (
            "posts/2025/yaml-alias.md:3: WARNING: front matter: YAML anchors and aliases "
            "(&name, *name) are not allowed [newsdesk.metadata]"
        ),
        (
            "posts/stray.md:1: WARNING: path: posts live at posts/<year>/<slug>.md "
            "[newsdesk.metadata]"
        ),
    ]
)


@pytest.fixture(scope="module")
def invalid_site(rootdir, tmp_path_factory):
    """One build of test-invalid as ``-W --keep-going`` runs it: (app, warnings)."""
    srcdir = tmp_path_factory.mktemp("invalid") / "src"
    shutil.copytree(rootdir / "test-invalid", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    text = strip_escape_sequences(app.warning.getvalue())
    text = text.replace(f"{srcdir.as_posix()}/", "")
    return app, [line for line in text.splitlines() if line.strip()]


def test_fake_post_root_reports_every_mistake(invalid_site):
    """The complete list, with paths relative to the source folder, field and line."""
    _, warnings = invalid_site
    assert sorted(warnings) == EXPECTED_WARNINGS


def test_warnings_as_errors_fail_the_build_without_a_traceback(invalid_site):
    app, warnings = invalid_site
    assert app.statuscode == 1
    assert not any("Traceback" in line or "Exception" in line for line in warnings)


def test_valid_post_next_to_broken_ones_is_built_and_listed(invalid_site):
    app, _ = invalid_site
    assert (app.outdir / "posts/2025/valid.html").is_file()
    hrefs = [a["href"] for a in page(app, "index").select(".nd-card a")]
    assert "posts/2025/valid.html" in hrefs
    # Broken posts are reported, never listed as if they were fine.
    assert "posts/2025/fake-post.html" not in hrefs
    # A date alone starts the day in newsdesk_timezone (Europe/Paris here).
    time = page(app, "posts/2025/valid").select_one(".nd-post-header time")
    assert (time["datetime"], time.get_text()) == (
        "2025-06-07T00:00:00+02:00",
        "June 7, 2025",
    )


def test_first_problem_raises_a_sphinx_error_with_exception_on_warning(
    rootdir, tmp_path
):
    """``-W`` without ``--keep-going`` in old Sphinx, ``--exception-on-warning`` now:
    a SphinxError naming the file, never another exception."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-invalid", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, exception_on_warning=True)
    try:
        # a misnamed file is named before any page is read
        with pytest.raises(SphinxError, match=r"posts/2025/Bad_Name\.md:1:path: "):
            app.build()
    finally:
        app.cleanup()


def test_sphinx_build_command_fails_cleanly(rootdir, tmp_path, capsys):
    """The docs session's command (``-W --keep-going -T``): exit status 1, every
    problem on stderr, no traceback."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-invalid", srcdir)
    args = ["-W", "--keep-going", "-T", "-q", "-E", "-b", "html"]
    status = build_main([*args, str(srcdir), str(tmp_path / "out")])
    stderr = strip_escape_sequences(capsys.readouterr().err)
    assert status == 1
    assert "Traceback" not in stderr
    lines = [line.replace(f"{srcdir.as_posix()}/", "") for line in stderr.splitlines()]
    assert sorted(line for line in lines if "WARNING" in line) == EXPECTED_WARNINGS


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2025-13-45", False),
        ("2025-00-10", False),
        ("2025-04-31", False),
        ("2025-02-30", False),
        ("2025-02-29", True),
        ("2025-12-31", True),
        ("2025-11-30T09:00:00Z", True),
    ],
)
def test_schema_date_patterns_refuse_impossible_days(
    value: str, accepted: bool
) -> None:
    """Editors only know the schema's patterns: they must refuse month 13 or day 45."""
    import json
    import re
    from pathlib import Path

    schema = json.loads(
        (Path(metadata.__file__).parents[1] / "schema" / "post.schema.json").read_text()
    )
    pattern = schema["$defs"]["datetime"]["pattern"]
    assert bool(re.match(pattern, value)) is accepted


def test_a_list_far_over_its_limit_is_reported_once_not_item_by_item():
    """6,000 mappings as tags: the limit, with the real count, and a few item
    messages, not 6,000 (nor jsonschema's pairwise comparison of them all)."""
    data = {
        "date": "2025-05-01",
        "summary": "A summary long enough to pass the check here.",
        "tags": [{"a": n} for n in range(6000)],
        "source": {
            "title": "T",
            "publisher": "P",
            "url": "https://news.example.com/x",
        },
    }
    _, problems = metadata.check_post(data, {"tags": 4})
    messages = [str(p) for p in problems]
    assert "tags: has 6000 items, at most 8 allowed" in messages
    assert len(messages) <= 10


@pytest.mark.parametrize(
    ("archive", "problem"),
    [
        (ARCHIVE, None),
        (f"https://web.archive.org./web/20250430id_/{URL}", None),  # trailing dot
        (f"https://wayback.archive.org/web/2025/{URL}", None),
        ("https://archive.ph/AbCd1", None),  # a copy named by a code
        # another page's copy, however the Wayback host or path is spelt
        (
            "https://web.archive.org./web/2025/https://evil.example.org/f",
            "is a copy of",
        ),
        (
            "https://wayback.archive.org/web/2025/https://evil.example.org/f",
            "is a copy of",
        ),
        (
            "https://web.archive.org:8443/web/2025/" + URL,
            "is not on an archive service",
        ),
        ("https://web.archive.org/web/https://evil.example.org/f", "is not a Wayback"),
        (
            "https://web.archive.org/web/*/https://evil.example.org/f",
            "is not a Wayback",
        ),
        # not an archive at all, though the callout would call it one
        ("https://evil.example.org/archived-copy", "is not on an archive service"),
    ],
)
def test_an_archived_copy_is_on_an_archive_and_of_the_article(archive, problem):
    text = VALID.replace(f"  url: {URL}\n", f"  url: {URL}\n  archive: {archive}\n")
    _, problems = check(text)
    messages = [message for _, message in problems]
    if problem is None:
        assert messages == []
    else:
        assert len(messages) == 1
        assert messages[0].startswith("source.archive: ")
        assert problem in messages[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            (
                "https://www.google.com/url?sa=t&url=https%3A%2F%2Fwww.theverge.com"
                "%2Fnews%2Fgrok&ved=2ah"
            ),
            (
                "is a Google redirect, not the article: use the address it leads to, "
                f"{URL}"
            ),
        ),
        (
            "https://news.google.com/articles/CBMiXWh0dHBz",
            (
                "is a Google News link, not the article: open the article and copy its "
                "address from the browser's address bar"
            ),
        ),
        ("https://www.google.co.uk/search?q=grok+azure", "is a Google search page"),
        (
            # a destination with a terminal escape is not quoted
            "https://www.google.com/url?q=https://ex.example/%1b%5b2Jx",
            "is a Google redirect, not the article: open the article and copy its",
        ),
        ("https://t.co/AbCd123", "is an X short link"),
        # the publisher's front page, whatever its spelling
        (
            "https://www.theverge.com/",
            (
                "is the home page of www.theverge.com, not the article: open the "
                "article and copy its address from the browser's address bar"
            ),
        ),
        ("https://www.theverge.com", "is the home page of www.theverge.com"),
        ("https://theverge.com/index.html", "is the home page of theverge.com"),
        ("https://www.theverge.com/?utm_source=x", "is the home page of"),
        ("https://bit.ly/3xYz", "is a short link"),
        (
            f"{URL}?utm_source=twitter&utm_medium=social",
            (
                "has tracking parameters (utm_source, utm_medium), which name no "
                f"article: write {URL}"
            ),
        ),
        (
            f"{URL}?page=2&fbclid=IwAR0#comments",
            (
                f"has tracking parameters (fbclid), which name no article: write "
                f"{URL}?page=2#comments"
            ),
        ),
    ],
)
def test_a_source_is_the_articles_own_address(url, expected):
    """Not a search result, a redirect or a tracking link (CONTRIBUTING, step 1):
    the message says what to write instead; the original report's too."""
    _, problems = check(VALID.replace(f"  url: {URL}\n", f"  url: '{url}'\n"))
    assert len(problems) == 1, problems
    line, message = problems[0]
    assert line == 8
    assert message.startswith("source.url: ")
    assert expected in message
    original = VALID + (
        f"  original:\n    title: T\n    publisher: P\n    url: '{url}'\n"
    )
    _, problems = check(original)
    assert [m.split(": ", 1)[0] for _, m in problems] == ["source.original.url"]


@pytest.mark.parametrize(
    ("given", "fixed"),
    [
        # the address of the earlier post's page, as the browser shows it
        (
            "https://ainewsdesk.readthedocs.io/en/latest/posts/2025/grok-on-azure/",
            "posts/2025/grok-on-azure.md",
        ),
        ("/posts/2025/grok-on-azure.html", "posts/2025/grok-on-azure.md"),
        ("../2025/grok-on-azure.md", "posts/2025/grok-on-azure.md"),  # a link's path
        ("posts/2025/grok-on-azure", "posts/2025/grok-on-azure.md"),
        ("posts\\2025\\grok-on-azure.md", "posts/2025/grok-on-azure.md"),
        ("grok-on-azure", None),  # no year: nothing to write for it
    ],
)
def test_a_follow_up_written_as_an_address_is_told_its_path(given, fixed):
    """follow_up_to wants the file's path; a contributor has the earlier post's
    page open, and wrote its address (only the expected form was named)."""
    _, problems = check(VALID + f"follow_up_to: '{given}'\n")
    [(line, message)] = problems
    assert line == 9
    if fixed is None:  # the schema's own words, naming the form to write
        assert message.startswith("follow_up_to: ")
        assert "is not a post's path such as posts/2025/microsoft-hosts-grok.md" in (
            message
        )
        assert ": write" not in message
    else:  # as when the site knows a post of that name (tests/test_cli.py)
        assert message.startswith("follow_up_to: '")  # the value, shortened
        assert message.endswith(
            f"' is not a post's path; write 'follow_up_to: {fixed}'"
        )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.google.com/intl/en/about/",  # no redirect
        "https://example.org/?p=123",  # a front page's query naming the article
        "https://blog.google/technology/ai/gemini/",  # Google's own articles
        "https://www.theverge.com/news/grok?id=3",  # a query naming the article
        "https://web.archive.org/web/2025/https://t.co/x",
    ],
)
def test_an_articles_own_address_passes(url):
    _, problems = check(VALID.replace(f"  url: {URL}\n", f"  url: '{url}'\n"))
    assert problems == []


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("cl\ufff9oud", True),  # interlinear annotation anchor
        ("gpt4\ufe0f", True),  # a variation selector after a digit
        ("1\ufe0f\u20e3", False),  # ... but a keycap emoji needs it
        ("cl\u200doud", True),  # a joiner between Latin letters
        ("\u0645\u06cc\u200c\u062e", False),  # ZWNJ in Persian
        ("\u845b\U000e0100", False),  # an ideographic variation of a Han letter
        ("a\U000e0100", True),
        ("\U0001f468\u200d\U0001f4bb", False),  # an emoji joined with ZWJ
        ("\u270d\ufe0f", False),  # an emoji's presentation
        ("models\ufe0f", True),
    ],
)
def test_characters_that_show_nothing(text, hidden):
    assert (metadata.invisible_problem(text) is not None) is hidden


ZALGO = "Grok" + "\u0301" * 20


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("publisher: The Verge", f"publisher: {ZALGO}", 7, "source.publisher"),
        ("tags: [cloud, ai]", f"tags: [cloud, {ZALGO}]", 4, "tags[1]"),
        ("summary: Microsoft", f"summary: {ZALGO} Microsoft", 3, "summary"),
    ],
)
def test_a_letter_with_a_stack_of_marks_is_named(old, new, line, field):
    """Twenty accents on one letter (Zalgo text) are drawn far above and below
    it, over the brand row and the footer of the post's social card and over
    the lines around it on every page: refused at the field."""
    _, problems = check(VALID.replace(old, new))
    message = (
        f"{field}: has more than 5 combining marks on one letter (U+0301, "
        "Combining Acute Accent), which are drawn over the lines above and "
        "below it; delete them"
    )
    assert problems == [(line, message)]


@pytest.mark.parametrize(
    ("text", "stacked"),
    [
        ("Vi\u1ec7t Nam", False),
        ("Vie\u0323\u0302t Nam", False),  # the same, decomposed: two marks
        ("\u05d1\u05bc\u05b8\u05bd\u0591", False),  # Hebrew with its accents: four
        ("\u0f66\u0f90\u0fb1\u0fb2\u0f71\u0f74", False),  # a Tibetan stack: five
        ("1\ufe0f\u20e3", False),  # a keycap emoji
        ("a" + "\u0301" * 6, True),
        ("a" + "\u200d\u0301" * 6, True),  # joiners between the marks
    ],
)
def test_how_many_marks_a_letter_may_carry(text, stacked):
    assert (metadata.stacked_marks_problem(text) is not None) is stacked


@pytest.mark.parametrize(
    "text",
    [
        _replace(
            "  title: Microsoft is getting ready to host Grok\n",
            "  title: “Grok on Azure”\n",
        ),
        _replace("tags: [cloud, ai]", "tags: [cloud, \u2018Grok on Azure\u2019]"),
    ],
)
def test_a_value_in_typographic_quotes_is_told_to_use_straight_ones(text):
    """A word processor's “…” for YAML's "…": the marks were kept as part of
    the headline, shown on the callout and in every feed, without a word."""
    _, problems = check(text)
    [(_, message)] = problems
    assert message.endswith(
        "is in typographic quotes, which YAML keeps as part of the text; "
        'write straight quotes, "Grok on Azure", or none'
    )


def test_a_quotation_inside_a_value_keeps_its_typographic_quotes():
    fields, problems = check(
        _replace(
            "  title: Microsoft is getting ready to host Grok\n",
            "  title: “Grok is here,” Musk says\n",
        )
    )
    assert problems == []
    assert fields.source.title == "“Grok is here,” Musk says"


@pytest.mark.parametrize(
    ("field", "written", "fixed"),
    [
        ("date", "2025-05-01T19:39:00+0200", "2025-05-01T19:39:00+02:00"),
        ("date", "2025-05-01T19:39 UTC", "2025-05-01T19:39Z"),
        ("date", "2025-5-1", "2025-05-01"),
        ("date", "May 1, 2025", "2025-05-01"),
        ("date", "1 May 2025", "2025-05-01"),
        ("date", "21/05/2025", "2025-05-21"),
        ("source.date", "2025-05-01T19:39:00Z", "2025-05-01"),
        ("source.date", "2025-05-01 10:00 PST", "2025-05-01"),
        ("source.date", "May 1, 2025", "2025-05-01"),
    ],
)
def test_a_date_in_another_form_is_told_the_value_to_write(field, written, fixed):
    """The schema's message says which form it wants; the contributor is told
    their own date in it, and that value is taken."""
    if field == "date":
        text = VALID.replace("2025-05-01T19:39:00Z", written)
    else:  # the last lines of VALID are the source's
        text = VALID + f"  date: {written}\n"
    _, problems = check(text)
    [(_, message)] = problems
    assert message.startswith(f"{field}: {written!r} is not ")
    assert message.endswith((f": write {fixed}", f": write the date alone, {fixed}"))
    _, problems = check(text.replace(written, fixed))
    assert problems == []


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2025-05-01T19:39 PST", "a time zone's name (PST) is not read"),
        ("05/01/2025", "is day first in some countries and month first in others"),
    ],
)
def test_a_date_that_cannot_be_rewritten_is_told_why(written, said):
    _, problems = check(VALID.replace("2025-05-01T19:39:00Z", written))
    [(_, message)] = problems
    assert said in message
