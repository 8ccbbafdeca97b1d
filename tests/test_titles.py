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
                        "title: found 3 '# ' headings (also at line 9, 12); use one "
                        "'# Title' and '## ' for sections"
                    ),
                )
            ],
            id="three",
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
