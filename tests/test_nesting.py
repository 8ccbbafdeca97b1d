"""Blocks nested too deep: one warning with file and line, never a crash, never
text dropped without a word (security review: deep nesting)."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, warnings_of
from newsdesk.reading import nesting
from sitebuild import PARTS, build, copy_root

EXTENSIONS = ("colon_fence", "deflist")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
FRONT = """---
date: 2025-02-0{day}T09:00:00Z
summary: A post that nests its blocks deeper than any page should.
tags: [ai]
source:
  title: "Source"
  publisher: Example News
  url: https://news.example.com/{slug}
---

# Deep {slug}

"""
# the parts first: what a too-deep block drops is what follows it
FRONT += PARTS + "## Background\n\nBefore.\n\n"


def notes(count: int) -> str:
    """``count`` colon-fence notes, each inside the last (outer fence widest)."""
    opening = [
        ":" * (count + 3 - i) + "{note}\n" + f"level {i}\n\n" for i in range(count)
    ]
    closing = [":" * (count + 3 - i) + "\n" for i in reversed(range(count))]
    return "".join(opening + closing) + "\nAfter.\n"


def quotes(depth: int) -> str:
    return ">" * depth + " deepest\n\nAfter.\n"


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- item {i}\n" for i in range(depth)) + "\nAfter.\n"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def fence_line(text: str, width: int, opening: bool = True) -> int:
    """The file line of the fence of ``width`` colons (opening or closing)."""
    return line_of(text, "\n" + ":" * width + ("{note}" if opening else "\n")) + 1


def test_directives_deeper_than_the_limit_are_left_out():
    text = notes(150)
    (problem,) = nesting.check(text, EXTENSIONS)
    first = fence_line(text, 133)  # the 21st fence
    assert problem.line == first
    assert str(problem) == (
        "directive: directives nest 21 deep; the site allows at most 20: "
        "flatten the page (the deeper block is left out)"
    )
    assert problem.span == (first, fence_line(text, 133, opening=False))
    assert nesting.check(notes(nesting.MAX_DIRECTIVES), EXTENSIONS) == []


def test_quotes_inside_directives_count_together():
    # 20 notes of ten quotes each stop the build; every level counts
    lines: list[str] = ["deepest"]
    for k in range(1, 21):
        inner = [":" * (3 + k) + "{note}", f"para {k}", "", *lines, ":" * (3 + k)]
        lines = [">" * 10 + " " + line for line in inner]
    (problem,) = nesting.check("\n".join(lines), EXTENSIONS)
    assert problem.field == "nesting"
    assert "nest 51 levels deep" in problem.message
    assert problem.span is not None


@pytest.mark.parametrize(
    ("text", "deep", "line"),
    [
        (quotes(19), None, None),
        (quotes(20), 20, 1),  # its text is dropped
        (quotes(25), 20, 1),
        (nested_list(9), None, None),
        (nested_list(10), 10, 10),  # item 9 and "After." are dropped
        (nested_list(12), 10, 10),
    ],
)
def test_what_markdown_it_drops_is_named(text, deep, line):
    problems = nesting.check(text, EXTENSIONS)
    if deep is None:
        assert problems == []
        return
    (problem,) = problems
    assert (problem.line, problem.span) == (line, None)
    assert problem.message.startswith(f"lists and quotes nest at least {deep} deep;")
    assert "the parser drops what is deeper than 19 levels" in problem.message


def test_an_ordinary_post_is_not_tokenised():
    text = FRONT.format(day=1, slug="plain") + (
        "- a list\n  - nested\n    - twice\n\n> a quote\n\n```{note}\nA note.\n```\n"
    )
    assert not nesting.could_nest_deeply(text)
    assert nesting.could_nest_deeply("\n" + "> " * 6 + "x")
    assert nesting.could_nest_deeply("\n- \t\tx")  # a tab is up to four columns


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory):
    srcdir = copy_root(tmp_path_factory.mktemp("nesting"), "basic")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('myst_enable_extensions = ["colon_fence"]\n')
    bodies = {"notes": notes(150), "quotes": quotes(21), "lists": nested_list(12)}
    texts = {}
    for day, (slug, body) in enumerate(bodies.items(), start=1):
        texts[slug] = FRONT.format(day=day, slug=slug) + body
        (srcdir / f"posts/2025/{slug}.md").write_text(texts[slug], encoding="utf-8")
    app = build(srcdir)
    return app, texts, [_COLOUR.sub("", w) for w in warnings_of(app.warning)]


def test_a_deep_page_is_one_warning_and_the_build_finishes(deep_site):
    app, texts, warnings = deep_site
    notes_line = fence_line(texts["notes"], 133)
    dropped = (
        "nesting: lists and quotes nest at least {} deep; the parser drops what "
        "is deeper than 19 levels (a quote counts one, a list two) and what "
        "follows it: flatten them [newsdesk.nesting]"
    )
    too_deep = (
        "directive: directives nest 21 deep; the site allows at most 20: "
        "flatten the page (the deeper block is left out) [newsdesk.nesting]"
    )
    lists_line = line_of(texts["lists"], "- item 9")
    quotes_line = line_of(texts["quotes"], ">>>")
    assert warnings == [
        f"posts/2025/lists.md:{lists_line}: WARNING: {dropped.format(10)}",
        f"posts/2025/notes.md:{notes_line}: WARNING: {too_deep}",
        f"posts/2025/quotes.md:{quotes_line}: WARNING: {dropped.format(20)}",
    ]
    out = app.outdir
    page = (out / "posts/2025/notes.html").read_text(encoding="utf-8")
    # the 20 outer notes and what follows them are published, the rest left out
    assert "level 19" in page
    assert "level 20" not in page
    assert "After." in page
    for other in ("first", "second", "same-day-a", "same-day-b"):
        assert (out / f"posts/2025/{other}.html").is_file()


def test_a_recursion_error_is_a_message_not_a_crash(tmp_path, monkeypatch):
    """The net under the source check: Python's limit, on one page, is one warning."""
    monkeypatch.setattr(nesting, "MAX_DIRECTIVES", 10_000)
    monkeypatch.setattr(nesting, "MAX_LEVELS", 100_000)
    srcdir = copy_root(tmp_path, "basic")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('myst_enable_extensions = ["colon_fence"]\n')
    text = FRONT.format(day=1, slug="notes") + notes(300)
    (srcdir / "posts/2025/notes.md").write_text(text, encoding="utf-8")
    app = build(srcdir)
    warnings = [_COLOUR.sub("", w) for w in warnings_of(app.warning)]
    assert (
        "posts/2025/notes.md:1: WARNING: page: nests too deep for the build "
        "(Python's recursion limit); its content is left out: flatten the page "
        "[newsdesk.nesting]"
    ) in warnings
    assert (app.outdir / "posts/2025/first.html").is_file()


def test_the_limits_are_the_documented_ones():
    for name in ("CONTRIBUTING.md", "SECURITY.md"):
        text = " ".join((REPO / name).read_text(encoding="utf-8").split())
        assert f"directives nested more than {nesting.MAX_DIRECTIVES} deep" in (
            text.replace("directives inside directives", "directives nested")
        )
        assert f"more than {nesting.MAX_LEVELS} levels deep together" in text
