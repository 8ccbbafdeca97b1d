"""The title rule (one ``# `` heading), shared by the build and lint."""

from __future__ import annotations

import pytest

from newsdesk.reading import titles

FRONT = "---\n# yaml-language-server: $schema=x.json\ndate: 2025-01-01\n---\n\n"


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        pytest.param(FRONT + "# Title\n\nText.\n", [(6, "Title")], id="plain"),
        pytest.param("# Title ##\n", [(1, "Title")], id="closing-hashes"),
        pytest.param("   # Indented three\n", [(1, "Indented three")], id="indent-3"),
        pytest.param("    # code\n", [], id="indent-4-is-code"),
        pytest.param("#NoSpace\n", [], id="no-space-is-text"),
        pytest.param("# \n", [(1, "")], id="empty"),
        pytest.param("# #\n", [(1, "")], id="only-closing-hashes"),
        pytest.param(
            "Setext title\n============\n", [(1, "Setext title")], id="setext"
        ),
        pytest.param("## Section\n\n### Sub\n", [], id="lower-levels"),
        pytest.param(
            "# A\n\n```python\n# comment\n```\n\n~~~\n# also code\n~~~\n",
            [(1, "A")],
            id="code-fences",
        ),
        pytest.param(
            "# A\n\n````markdown\n```\n# inside\n```\n````\n\n# B\n",
            [(1, "A"), (9, "B")],
            id="nested-fences",
        ),
        pytest.param(
            "# A\n\n:::{note}\n# not a title\n:::\n", [(1, "A")], id="colon-fence"
        ),
        pytest.param("# A\n\n``inline`` code\n", [(1, "A")], id="inline-code"),
        pytest.param(
            "---\n# a YAML comment\n---\n\n# T\n", [(5, "T")], id="front-matter"
        ),
        pytest.param(
            "# A\n\nText\u2028# in the line\x0c# too\n\n# B\n",
            [(1, "A"), (5, "B")],
            id="line-separator-is-no-line-end",
        ),
    ],
)
def test_h1_headings(test_input, expected):
    assert titles.h1_headings(test_input) == expected


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        pytest.param([(6, "Title")], [], id="one"),
        pytest.param(
            [],
            [
                (
                    None,
                    (
                        "title: missing: the page needs one '# Title' line after the "
                        "front matter"
                    ),
                )
            ],
            id="none",
        ),
        pytest.param(
            [(3, "A"), (9, "B"), (12, "C")],
            [
                (
                    9,
                    (
                        "title: found 3 '# ' headings, the title at line 3 and "
                        "others at lines 9, 12; use one '# Title' and '## ' for "
                        "sections"
                    ),
                )
            ],
            id="three",
        ),
        pytest.param(
            [(6, "A"), (38, "B")],
            [
                (
                    38,
                    (
                        "title: found 2 '# ' headings, the title at line 6 and "
                        "another at line 38; use one '# Title' and '## ' for "
                        "sections"
                    ),
                )
            ],
            id="two",
        ),
        pytest.param(
            [(3, " ")],
            [(3, "title: is empty: write the post's title after '# '")],
            id="empty",
        ),
    ],
)
def test_title_problems(headings, expected):
    problems = titles.title_problems(headings)
    assert [(p.line, str(p)) for p in problems] == expected


@pytest.mark.parametrize(
    ("title", "kind", "problem"),
    [
        # "Micro·soft" with a soft hyphen shows as "Microsoft", and is another name
        ("Micro\u00adsoft", "entity", "U+00AD (Soft Hyphen)"),
        ("Microsoft\u200b", "entity", "U+200B (Zero Width Space)"),
        ("Anthropic\u2060launches", "post", "U+2060 (Word Joiner)"),
        ("Micr\u043esoft", "entity", "mixes Cyrillic and Latin letters"),
        ("Micr\u043esoft", "post", None),  # a post's title names nothing
        ("word " * 60, "post", "has 300 characters, at most 200"),
        ("Grok" + "\u0301" * 40, "post", "more than 5 combining marks on one letter"),
        # marks on no letter show as dotted circles; punctuation alone says nothing
        ("\u0301" * 5, "post", "has no letter or digit"),
        ("\u0301 \u20dd", "entity", "has no letter or digit"),
        ("?!", "post", "has no letter or digit"),
        ("2025", "post", None),
        ("\u041c\u0438\u043a\u0440\u043e\u0441\u043e\u0444\u0442", "entity", None),
        ("\u30c7\u30fc\u30bf Labs", "entity", None),  # Katakana, then Latin
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "entity", None),  # ZWNJ
    ],
)
def test_an_entitys_title_may_not_pass_for_another_name(title, kind, problem):
    """The title is the entity's name; as a name in front matter, it may hold
    no invisible character and no word that mixes scripts."""
    problems = [str(p) for p in titles.title_problems([(7, title)], kind)]
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problems[0].startswith("title: ")
        assert problem in problems[0]


def test_the_build_finds_the_title_on_the_line_myst_gives_it():
    """A line separator (U+2028) in a comment above the title is no line end
    to MyST: counted as one, the title's line was missed ("title: missing")."""
    from newsdesk.reading import document

    assert document._h1_lines("% note\u2028more\n\n# Title\n") == {3}


# -- a post's parts: its three `## ` sections -------------------------------------

ORDER = "News Overview, In-Depth Analysis, Commentary"


def test_h2_headings_skip_code_and_deeper_levels():
    text = (
        FRONT + "# Title\n\n## News Overview\n\n```\n## not a heading\n```\n\n"
        "### Detail\n\nIn-Depth Analysis\n-----------------\n\n##Commentary\n"
    )
    assert titles.h2_headings(text) == [(8, "News Overview"), (16, "In-Depth Analysis")]


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        pytest.param(["News Overview", "In-Depth Analysis", "Commentary"], [], id="ok"),
        pytest.param(
            ["news overview", "In-depth  analysis", "Background", "Commentary"],
            [],
            id="case-spacing-and-other-sections",
        ),
        pytest.param(
            ["Background", "Notes"],
            [
                (
                    9,
                    (
                        "sections: none of the three parts is there; a post has, "
                        f"in order: {ORDER}"
                    ),
                )
            ],
            id="no-part-at-all-named-at-the-title",
        ),
        pytest.param(
            [],
            [
                (
                    9,
                    (
                        "sections: none of the three parts is there; a post has, "
                        f"in order: {ORDER}"
                    ),
                )
            ],
            id="no-sections-at-all",
        ),
        pytest.param(
            ["News Overview", "In Depth Analysis", "Commentary"],
            [
                (
                    11,
                    (
                        "sections: '## In Depth Analysis' should read "
                        f"'## In-Depth Analysis' (the parts: {ORDER})"
                    ),
                )
            ],
            id="misspelt",
        ),
        pytest.param(
            ["News Overview", "Comentary"],
            [
                (
                    11,
                    (
                        "sections: '## Comentary' should read '## Commentary' "
                        f"(the parts: {ORDER})"
                    ),
                ),
                (
                    11,
                    (
                        "sections: '## In-Depth Analysis' is missing; a post has three "
                        f"parts, in order: {ORDER}"
                    ),
                ),
            ],
            id="typo-and-missing",
        ),
        pytest.param(
            ["News Overview", "Commentary"],
            [
                (
                    11,
                    (
                        "sections: '## In-Depth Analysis' is missing; a post has three "
                        f"parts, in order: {ORDER}"
                    ),
                )
            ],
            id="missing-at-the-part-it-precedes",
        ),
        pytest.param(
            ["News Overview", "Commentary", "In-Depth Analysis"],
            [
                (
                    12,
                    (
                        "sections: '## In-Depth Analysis' comes after '## Commentary'; "
                        f"the parts, in order: {ORDER}"
                    ),
                )
            ],
            id="wrong-order",
        ),
        pytest.param(
            ["News Overview", "In-Depth Analysis", "Commentary", "Commentary"],
            [
                (
                    13,
                    (
                        "sections: '## Commentary' is there twice (also at line 12); a "
                        "post has each part once"
                    ),
                )
            ],
            id="twice",
        ),
    ],
)
def test_part_problems(headings, expected):
    problems = titles.part_problems(list(enumerate(headings, start=10)), 9)
    assert [(p.line, str(p)) for p in problems] == expected
