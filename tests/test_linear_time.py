"""No page text makes a check superlinear (security review: build-time ReDoS).

A post of 80,000 ':' once took 80 s in one regular expression. Each function
that reads page or front matter text runs on long runs of one character, and
of two alternating ones, at two sizes; a linear check takes about four times
as long on the input four times longer, a quadratic one sixteen. Times are
compared with each other within the test, never with a fixed target, and the
bound (ten times, plus a tenth of a second) is loose enough for a loaded
machine yet far below what a quadratic case takes. They are the process's CPU
time, not the clock's: other processes on a busy machine do not count.
"""

from __future__ import annotations

import string
import time
from typing import TYPE_CHECKING

import pytest

from newsdesk.reading import (
    drafts,
    footnotes,
    frontmatter,
    html_policy,
    lockdown,
    metadata,
    nesting,
    titles,
    urls,
)

if TYPE_CHECKING:
    from collections.abc import Callable

EXTENSIONS = ("colon_fence", "deflist", "smartquotes")
UNITS = [*string.punctuation, " ", "\t", "\n", "a"]
PAIRS = [":a", "`~", "[(", "<a", "\\`", "a.", "a\n", ":\n", "> ", "- ", "#\n"]


def _post(value: str) -> dict[str, object]:
    return {
        "date": "2025-01-01",
        "summary": value,
        "tags": [value],
        "entities": [value],
        "source": {"title": value, "publisher": value, "url": value},
    }


def _load(text: str) -> object:
    try:
        return frontmatter.load(text)
    except frontmatter.FrontMatterError:
        return None


#: name -> a function of page (or field) text
TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "could_break_policy": html_policy.could_break_policy,
    "h1_headings": titles.h1_headings,
    "title_problems": lambda s: titles.title_problems([(1, s)], "post"),
    "frontmatter.split": lambda s: frontmatter.split(f"---\n{s}\n---\n"),
    "frontmatter.load": lambda s: _load(f"---\n{s}\n---\n{s}"),
    "surely_published": lambda s: drafts.surely_published(
        f"---\n{s}\n---\n", drafts.now()
    ),
    "check_post": lambda s: metadata.check_post(_post(s)),
    "check_entity": lambda s: metadata.check_entity(
        {"kind": "company", "aliases": [s], "url": "https://a." + s}
    ),
    "hidden_text": metadata.hidden_text_problem,
    "body_url": lambda s: urls.body_url_problem("https://a." + s),
    "source_url": lambda s: urls.source_url_problem("https://a." + s),
    # (it is given only URLs that passed the source URL check)
    "story_url": lambda s: urls.story_url("https://a.example/" + s),
    "url_scheme": html_policy.url_scheme,
    "nesting": lambda s: nesting.check(s, EXTENSIONS),
}


def _seconds(function: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        function(text)
        best = min(best, time.process_time() - start)
    return best


def _grows_linearly(function: Callable[[str], object], unit: str, size: int) -> None:
    for shape in ("{}", "{}\nx", "x{}!"):
        small = shape.format((unit * size)[:size])
        large = shape.format((unit * 4 * size)[: 4 * size])
        base = _seconds(function, small, 3)
        took = _seconds(function, large, 2)
        assert took <= 10 * base + 0.1, (unit, shape, base, took)


@pytest.mark.parametrize("name", sorted(TEXT_FUNCTIONS))
def test_text_checks_grow_linearly(name):
    for unit in UNITS + PAIRS:
        _grows_linearly(TEXT_FUNCTIONS[name], unit, 5_000)


@pytest.mark.parametrize("unit", [":", "`", "~", "<a", ":\n", "> ", "*_"])
def test_the_html_check_grows_linearly(unit):
    """markdown-it's tokenising is linear but slow: a few shapes, smaller sizes."""
    _grows_linearly(lambda s: html_policy.check(s, EXTENSIONS), unit, 2_000)


def _anchors(text: str) -> list[str]:
    """The heading anchors MyST gives the headings of ``text`` (docutils only)."""
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    doctree = publish_doctree(
        text,
        parser=Parser(),
        settings_overrides={"myst_heading_anchors": 3, "report_level": 5},
    )
    return list(doctree.myst_slugs)


def test_repeated_headings_get_their_anchors_in_linear_time():
    """MyST tried every suffix of a repeated heading's anchor from 1 up: a
    100 KB post of ``## a`` lines held the build for minutes."""
    from myst_parser.mdit_to_docutils import base

    lockdown.linear_heading_slugs()  # as the extension's setup() does

    def headings(text: str) -> object:
        existing: dict[str, None] = {}
        for _ in range(len(text)):
            existing[base.unique_slug("a", existing)] = None
        return existing

    _grows_linearly(headings, "a", 2_000)


def test_repeated_headings_keep_the_anchors_myst_gives_them():
    lockdown.linear_heading_slugs()
    text = "# a\n\n## a 1\n\n## a\n\n## a\n\n## a 3\n\n## b\n\n## a\n\n### b\n"
    # "a 1" takes a-1 first, so the second "a" is a-2; "a 3" clashes with a-3
    assert _anchors(text) == ["a", "a-1", "a-2", "a-3", "a-3-1", "b", "a-4", "b-1"]
    # and again on the next page: its suffixes start from 1
    assert _anchors("## a\n\n## a\n") == ["a", "a-1"]


def _chain(text: str) -> dict[str, str]:
    """A redirects.txt of one move a line, each to the next: as long a chain
    of moves as ``text`` has characters."""
    return {f"posts/2025/a{i}": f"posts/2025/a{i + 1}" for i in range(len(text))}


def test_a_chain_of_moves_is_followed_in_linear_time():
    """Each line's chain was walked to its end anew: 10,000 chained lines of
    redirects.txt took 10 s, 100,000 held the build for hours."""
    from newsdesk.index.moves import followed, identities

    def follow(text: str) -> object:
        moves = _chain(text)
        return followed(moves, {f"posts/2025/a{len(text)}"})

    _grows_linearly(follow, "a", 2_000)
    _grows_linearly(lambda text: identities(_chain(text)), "a", 2_000)


def test_footnote_references_are_read_in_linear_time():
    """mdit-py-plugins read from each "[^" to the end of its line for the "]"
    of a label: 60 KB of "[^" held a build for more than five minutes, and
    the source checks, which read a page with MyST's parser, as long."""
    footnotes.linear_footnote_refs()  # as the extension's setup() does
    _grows_linearly(_anchors, "[^", 1_000)
    _grows_linearly(lambda s: html_policy.check(s + "\n\n<b>", EXTENSIONS), "[^", 1_000)


def test_footnote_references_are_read_as_before():
    footnotes.linear_footnote_refs()
    text = "a[^1] [^x y] [^] [^[^b] [^q\nr] [^1]\n\n[^1]: one\n"
    tokens = html_policy.myst_tokeniser(frozenset(EXTENSIONS)).parse(text)
    refs = [t.meta["label"] for t in tokens[1].children if t.type == "footnote_ref"]
    assert refs == ["1", "[^b", "1"]


def _notes_dropped(count: int) -> float:
    """Seconds to drop ``count`` parser notes from one paragraph, as the build's
    transform does; what stays is the paragraph's text."""
    from types import SimpleNamespace

    from docutils import nodes, utils
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    added: list[type] = []
    lockdown.linear_system_messages(SimpleNamespace(add_transform=added.append))
    settings = get_default_settings(Parser)
    settings.env = SimpleNamespace(config=SimpleNamespace(keep_warnings=False))
    document = utils.new_document("<page>", settings)
    paragraph = nodes.paragraph()
    for _ in range(count):
        paragraph += [nodes.Text("x"), nodes.system_message("note", level=3)]
    document += paragraph
    start = time.perf_counter()
    added[0](document).apply()
    took = time.perf_counter() - start
    assert paragraph.astext() == "x" * count
    return took


def test_the_parsers_notes_are_dropped_in_linear_time():
    """Sphinx removed each of the parser's notes (an unknown role's, say)
    with one search of its paragraph: 20,000 unknown roles on one line held
    a build for 16 seconds."""
    base = min(_notes_dropped(5_000) for _ in range(3))
    took = min(_notes_dropped(20_000) for _ in range(2))
    assert took <= 10 * base + 0.1, (base, took)
