"""Shortcuts taken for large sites give the same results as the plain algorithms.

Issue #7 (scale): the related-posts ranking and the draft pre-scan ran in
O(posts²) and parsed every post twice; their fast versions must not change what
the site shows.
"""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.index.site import _top_related
from newsdesk.reading import drafts as publishing
from newsdesk.reading import frontmatter, metadata


def _reference(shared_entities, shared_tags, position, count):
    """The original ranking: sort every candidate."""
    candidates = set(shared_entities) | set(shared_tags)
    ranked = sorted(
        candidates,
        key=lambda d: (-shared_entities[d], -shared_tags[d], -position[d], d),
    )
    return tuple(ranked[:count])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=40),
    st.dictionaries(st.integers(0, 39), st.integers(1, 4)),
    st.dictionaries(st.integers(0, 39), st.integers(1, 4)),
    st.integers(min_value=1, max_value=6),
)
def test_top_related_matches_a_full_sort(size, entities, tags, count):
    names = [f"posts/2025/p{i:02d}" for i in range(size)]
    position = {name: i for i, name in enumerate(reversed(names))}
    shared_entities = collections.Counter(
        {names[i]: n for i, n in entities.items() if i < size}
    )
    shared_tags = collections.Counter(
        {names[i]: n for i, n in tags.items() if i < size}
    )
    assert _top_related(shared_entities, shared_tags, position, count) == _reference(
        shared_entities, shared_tags, position, count
    )


NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
SOURCE = "source: {title: An article, publisher: Wire, url: https://example.com/a}\n"


def _post(front: str) -> str:
    return (
        f"---\n{front}summary: A summary long enough to pass the check.\n"
        f"tags: [cloud]\n{SOURCE}---\n\n# Title\n"
    )


@pytest.mark.parametrize(
    ("front", "surely"),
    [
        ("date: 2025-01-01T10:00:00Z\n", True),
        ("date: '2025-01-01'\n", True),
        ("date: 2025-01-01\ndraft: true\n", False),
        ("date: 2025-01-01\ndraft: false\n", False),  # not sure: full check
        ("date: 2026-05-31T23:00:00-12:00\n", False),  # within two days of now
        ("date: 2027-01-01\n", False),  # scheduled
        ('"date": 2027-01-01\n', False),  # quoted key: full check
        ("date: 2025-01-01\ndate: 2027-01-01\n", False),  # given twice
        ("date: 2025-02-30\n", False),  # not a date
        ("updated: 2025-01-01\n", False),  # no date at all
        # a date line inside a quoted value, the real key spelt with a tag
        ("summary2: 'x\ndate: 2020-01-01 y'\n!!str date: 2099-01-01\n", False),
        ("? date\n: 2099-01-01\n", False),  # a complex key: "date" once, no line
        ("date: 9999-12-31\n", False),  # no overflow near the end of time
        ("date: 2025-01-01\nupdated: 2025-01-02\n", True),  # "updated" is no date
        (" date: 2099-01-01\n summary2: x\n", False),  # a mapping indented whole
    ],
)
def test_surely_published_only_when_the_full_check_agrees(front, surely):
    text = _post(front)
    assert publishing.surely_published(text, NOW) is surely
    if surely:
        loaded = frontmatter.load(text)
        fields, problems = metadata.check_post(loaded.data, loaded.lines)
        assert problems == []
        assert publishing.status(fields, NOW) == "published"


def test_a_line_break_only_yaml_sees_does_not_publish_a_scheduled_post():
    """A line separator (U+2028) opening the block indents the whole mapping
    for YAML, not for the quick look: the real date, 2099, looked nested, and
    a "date: 2020-01-01" line inside the quoted summary looked like the key."""
    text = (
        "---\n\u2028  summary: 'A summary long enough to pass\n"
        "date: 2020-01-01\n  the check.'\n  date: 2099-06-01\n  tags: [cloud]\n"
        "  source: {title: An article, publisher: Wire, url: https://example.com/a}\n"
        "---\n\n# Title\n"
    )
    assert publishing.surely_published(text, NOW) is False
    for other in ("\r", "\x85", "\u2029"):
        assert not publishing.surely_published(text.replace("\u2028", other), NOW)
    # The full check refuses the block, so the build names it at its line.
    with pytest.raises(frontmatter.FrontMatterError, match=r"U\+2028") as info:
        frontmatter.load(text)
    assert info.value.line == 2
    # A byte-order mark opening the block hides the indent too (YAML skips it),
    # and that block is valid YAML: only the full check sees the real date.
    marked = text.replace("\u2028", "\ufeff")
    loaded = frontmatter.load(marked)
    fields, problems = metadata.check_post(loaded.data, loaded.lines)
    assert (problems, publishing.status(fields, NOW)) == ([], "scheduled")
    assert publishing.surely_published(marked, NOW) is False


def test_a_sources_date_keeps_the_quick_look():
    """Nearly every real post has a source.date: it is no reason for the full
    check, which on every no-op build cost seconds at 1,000 posts."""
    text = (
        "---\ndate: 2025-01-01T10:00:00Z\nsummary: A summary long enough.\n"
        "tags: [cloud]\nsource:\n  title: T\n  publisher: Wire\n"
        "  url: https://example.com/a\n  date: 2024-12-31\n---\n\n# Title\n"
    )
    assert publishing.surely_published(text, NOW) is True


def test_unpublished_files_still_finds_drafts_and_scheduled_posts(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(publishing, "now", lambda: NOW)
    year = tmp_path / "posts" / "2025"
    year.mkdir(parents=True)
    (year / "old.md").write_text(_post("date: 2025-01-01\n"), encoding="utf-8")
    (year / "draft.md").write_text(
        _post("date: 2025-01-01\ndraft: true\n"), encoding="utf-8"
    )
    later = tmp_path / "posts" / "2027"
    later.mkdir()
    (later / "soon.md").write_text(_post("date: 2027-01-01\n"), encoding="utf-8")
    assert publishing.unpublished_files(tmp_path, "posts", "UTC") == [
        "posts/2025/draft.md",
        "posts/2027/soon.md",
    ]
