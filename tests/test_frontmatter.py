"""Reading the YAML block: strict loading, line numbers, and the errors it raises."""

from __future__ import annotations

import pytest

from newsdesk.reading import frontmatter
from newsdesk.reading.frontmatter import FrontMatterError

GOOD = """\
---
date: 2025-05-01
summary: A summary that is long enough.
tags: [cloud]
source:
  title: Title
  publisher: Publisher
  url: https://example.com/a
---

# Title

Body.
"""


def test_loads_fields_lines_and_body():
    loaded = frontmatter.load(GOOD)
    assert loaded is not None
    assert loaded.data["tags"] == ["cloud"]
    assert loaded.lines == {
        "date": 2,
        "summary": 3,
        "tags": 4,
        "source": 5,
        "source.title": 6,
        "source.publisher": 7,
        "source.url": 8,
    }
    assert loaded.body == "\n# Title\n\nBody.\n"
    assert loaded.block_lines == 9


def test_dates_stay_text():
    """YAML would turn 2025-05-01 into a date (and crash on 2025-02-30)."""
    loaded = frontmatter.load(GOOD.replace("2025-05-01", "2025-02-30"))
    assert loaded is not None
    assert loaded.data["date"] == "2025-02-30"


def test_blanking_keeps_the_body_on_its_original_lines():
    """reading.py replaces the block with as many blank lines: MyST's line numbers
    (and so the title's warnings) must still match the file."""
    loaded = frontmatter.load(GOOD)
    assert loaded is not None
    rebuilt = "\n" * loaded.block_lines + loaded.body
    assert rebuilt.splitlines().index("# Title") == GOOD.splitlines().index("# Title")


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n\nNo front matter.\n",
        "\n---\ndate: 2025-05-01\n---\n",  # a fence that is not on line 1
        "",
    ],
)
def test_no_front_matter(text):
    assert frontmatter.load(text) is None


def test_byte_order_mark_and_crlf():
    loaded = frontmatter.load("\ufeff" + GOOD.replace("\n", "\r\n"))
    assert loaded is not None
    assert loaded.data["source"]["url"] == "https://example.com/a"
    assert loaded.lines["source.url"] == 8


def test_empty_block_is_an_empty_mapping():
    loaded = frontmatter.load("---\n---\n# Title\n")
    assert loaded is not None
    assert loaded.data == {}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        pytest.param(
            "---\ndate: 2025-05-01\n\n# Title\n",
            "front matter: the block starting at line 1 has no closing '---'",
            1,
            id="missing-closing-fence",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\ntags: [a]\nsummary: x\ntags: [b]\n---\n",
            "front matter: tags: given twice",
            5,
            id="duplicate-key",
        ),
        pytest.param(
            "---\nsource:\n  title: a\n  title: b\n---\n",
            "front matter: source.title: given twice",
            4,
            id="duplicate-nested-key",
        ),
        # A list's mappings are checked too: a correction's second "text"
        # replaced the first unsaid, and a key 1 crashed the build.
        pytest.param(
            "---\ncorrections:\n  - date: 2025-05-02\n    text: a\n    text: b\n---\n",
            "front matter: corrections[0].text: given twice",
            5,
            id="duplicate-key-in-a-list",
        ),
        pytest.param(
            "---\ncorrections:\n  - kind: update\n    1: one\n---\n",
            "front matter: field names must be plain words",
            4,
            id="number-as-key-in-a-list",
        ),
        pytest.param(
            "---\ncorrections:\n  - <<: {kind: update}\n    text: a\n---\n",
            "front matter: field names must be plain words",
            3,
            id="merge-key-in-a-list",
        ),
        pytest.param(
            "---\ntags: &t [a, b]\nentities: *t\n---\n",
            "front matter: YAML anchors and aliases (&name, *name) are not allowed",
            2,
            id="alias",
        ),
        pytest.param(
            "---\nsummary: Deals, and more.\nsource:\n  title: &co news\n---\n",
            "source.title: '&co' starts a YAML anchor, which the value loses; put "
            'the value in quotes ("&...")',
            4,
            id="anchor-alone-would-lose-its-words",
        ),
        pytest.param(
            "---\ntags:\n  - cloud\n   - ai\n---\n",
            "tags[0]: 'cloud - ai' runs over 2 lines, which YAML joins into one "
            "item; start each item on a line of its own, its '- ' under the one "
            "above",
            3,
            id="list-item-indented-off-joins-the-next",
        ),
        pytest.param(
            "---\n- date: 2025-05-01\n- tags: [a]\n---\n",
            "front matter: must be a mapping of 'field: value' lines, not a list",
            2,
            id="list",
        ),
        pytest.param(
            "---\njust some words\n---\n",
            "front matter: must be a mapping of 'field: value' lines, not a single value",
            2,
            id="scalar",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\ntags: [a, b\nsummary: text\n---\n",
            "tags: the list opened with '[' has no closing ']'",
            3,  # where the field starts, not where YAML gave up
            id="unclosed-list",
        ),
        pytest.param(
            # the list has its ']', after a '#' that YAML reads as a comment
            "---\ndate: 2025-05-01\ntags: [cloud, #ai]\nsummary: text\n---\n",
            "tags: '#' starts a comment in YAML, which hides the rest of the line "
            "and its closing ']'; put what starts with '#' in quotes (\"#...\")",
            3,
            id="hash-hiding-the-closing-bracket",
        ),
        pytest.param(
            "---\nsource:\n  title: T\n  publisher: {name: P\n  url: u\n---\n",
            "source.publisher: the mapping opened with '{' has no closing '}'",
            4,
            id="unclosed-nested-mapping",
        ),
        pytest.param(
            '---\ndate: 2025-05-01\nsummary: "A summary\ntags: [a]\n---\n',
            "summary: the quoted value has no closing quote",
            3,
            id="unclosed-quote",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\n\ttags: [a]\n---\n",
            "front matter: 'tags' is indented with a tab; YAML indents with "
            "spaces only: use spaces",
            3,
            id="tab-indent",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\n1: one\n---\n",
            "front matter: field names must be plain words",
            3,
            id="number-as-key",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\n[a]: one\n---\n",
            "front matter: field names must be plain words",
            3,
            id="list-as-key",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\nsummary: a NUL \x00 here\n---\n",
            "summary: contains the control character U+0000; write plain text",
            3,
            id="nul-byte",
        ),
        pytest.param(
            # a field hidden on another's line: YAML breaks the line, editors not
            "---\ndate: 2025-05-01\nsummary: A summary.\u2028draft: false\n---\n",
            "summary: contains U+2028 (Line Separator), which YAML reads as a line "
            "break and an editor may show as none; write a plain line break or a space",
            3,
            id="line-separator",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\ntags: [a]\ncount: " + "9" * 5000 + "\n---\n",
            "count: is a number too long to read; write at most a few digits",
            4,
            id="five-thousand-digits",
        ),
        # A tab in the indentation: YAML's own words name neither the tab nor
        # the fix (issue: "found character that cannot start any token").
        pytest.param(
            "---\ndate: 2025-05-01\nsource:\n  title: a\n\tpublisher: The Verge\n---\n",
            "front matter: 'publisher' is indented with a tab; YAML indents with "
            "spaces only: use spaces",
            5,
            id="tab-before-a-field",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\nsource:\n\ttitle: a\n---\n",
            "front matter: 'title' is indented with a tab; YAML indents with "
            "spaces only: use spaces",
            4,
            id="tab-before-the-first-field",
        ),
        pytest.param(
            "---\ntags:\n\t- cloud\n---\n",
            "tags: this line is indented with a tab; YAML indents with spaces "
            "only: use spaces",
            3,
            id="tab-before-a-list-item",
        ),
        pytest.param(
            "---\nsummary: >-\n\tSome words.\n---\n",
            "summary: this line is indented with a tab; YAML indents with spaces "
            "only: use spaces",
            3,
            id="tab-in-folded-text",
        ),
        # YAML's words for the usual slips ("mapping values are not allowed in
        # this context", "did not find expected key") named neither the field
        # nor the fix.
        pytest.param(
            "---\ndate: 2025-05-01\nsummary: Oracle wins: a deal for the cloud\n---\n",
            "summary: the value holds ': ', which YAML reads as the start of another "
            'field; put the whole value in double quotes: summary: "Oracle wins: a '
            'deal for the cloud"',
            3,
            id="colon-in-a-value",
        ),
        pytest.param(
            "---\nsource:\n  title: T\n  publisher: Reuters\n     url: u\n---\n",
            "front matter: 'url' is indented by 5 spaces, but 'publisher' above it is "
            "indented by 2 spaces: the fields of one mapping start in the same "
            "column; indent it as 'publisher' is",
            5,
            id="field-indented-too-far",
        ),
        pytest.param(
            "---\nsummary: A summary.\n tags: [a]\n---\n",
            "front matter: 'tags' is indented by 1 space, but 'summary' above it is "
            "not indented: the fields of one mapping start in the same column; "
            "indent it as 'summary' is",
            3,
            id="top-level-field-indented",
        ),
        pytest.param(
            "---\nsource:\n  title: T\n publisher: Reuters\n---\n",
            "front matter: 'publisher' is indented by 1 space, but 'title' above it "
            "is indented by 2 spaces: the fields of one mapping start in the same "
            "column; indent it as 'title' is",
            4,
            id="field-indented-too-little",
        ),
        pytest.param(
            "---\nsource:\n  title: 'Oracle's deal'\n---\n",
            "source.title: the value starts with ', so YAML ends it at the next ', "
            "before \"s deal'\"; write a ' inside a '...' value as '', or put the "
            'value in double quotes: title: "Oracle\'s deal"',
            3,
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            '---\nsource:\n  title: "Oracle" wins\n---\n',
            'source.title: the value starts with ", so YAML ends it at the next ", '
            'before \'wins\'; write a " inside a "..." value as \\", or put the '
            "value in single quotes: title: '\"Oracle\" wins'",
            3,
            id="text-after-a-quoted-value",
        ),
        pytest.param(
            "---\nsource:\n  title: [Update] Oracle wins\n---\n",
            "source.title: the value starts with '[', which YAML reads as a list "
            "ending at ']', and the text after it is left over; put the whole value "
            'in double quotes: title: "[Update] Oracle wins"',
            3,
            id="brackets-opening-a-value",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\ntags:[cloud]\n---\n",
            "tags: needs a space after its colon: tags: [cloud]",
            3,  # the line to fix, not the closing '---' YAML reached
            id="no-space-after-the-colon",
        ),
        pytest.param(
            "---\ntags:\n- cloud\n-ai\n---\n",
            "tags: a list item needs a space after its '-': - ai",
            4,
            id="no-space-after-a-dash",
        ),
        pytest.param(
            "---\nsource:\n  - title: T\n  publisher: P\n---\n",
            "source: 'publisher' is in the column of the '- ' item on line 3, where "
            "YAML expects another '- ' item: a field holds either '- ' items or "
            "'field: value' lines, not both; delete that '- ', or start this line "
            "with one",
            4,
            id="fields-after-a-list-item",
        ),
        pytest.param(
            "---\ndate: 2025-05-01\n- tags: [a]\n---\n",
            "front matter: this line is a list item ('- ') among 'field: value' "
            "lines; delete the '- ', or put the item under a field of its own",
            3,
            id="stray-list-item",
        ),
        pytest.param(
            "---\ntags: [a]\njust some words\n---\n",
            "front matter: 'just some words' is not a 'field: value' line; write the "
            "field's name and ': ' before it, or delete the line",
            3,
            id="line-without-a-field",
        ),
        pytest.param(
            "---\nsummary: @OpenAI said so.\n---\n",
            "summary: the value starts with '@', which YAML keeps for itself; put the "
            'whole value in double quotes: summary: "@OpenAI said so."',
            2,
            id="at-sign-opening-a-value",
        ),
        pytest.param(
            "---\nsummary: > Some words\n  more words\n---\n",
            "summary: the text of a value written with '>' or '|' goes on the lines "
            "below it, indented; leave only '>-' after the field's colon",
            2,
            id="text-after-the-folding-mark",
        ),
    ],
)
def test_unreadable_front_matter(text, message, line):
    with pytest.raises(FrontMatterError) as info:
        frontmatter.load(text)
    assert (info.value.message, info.value.line) == (message, line)


@pytest.mark.parametrize(
    "text",
    [
        "---\nsummary: Oracle wins: a deal\n---\n",
        "---\nsource:\n  title: T\n publisher: P\n---\n",
        "---\nsource:\n  title: 'Oracle's deal'\n---\n",
        "---\nsource:\n  - title: T\n  publisher: P\n---\n",
        "---\ntags:[cloud]\n---\n",
    ],
)
def test_the_pure_python_loader_gets_the_same_words(text, monkeypatch):
    """PyYAML without LibYAML words its errors otherwise; the message is ours."""
    import yaml

    def message() -> str:
        with pytest.raises(FrontMatterError) as info:
            frontmatter.load(text)
        return f"{info.value.line}: {info.value.message}"

    fast = message()

    class Pure(yaml.SafeLoader):
        yaml_implicit_resolvers = frontmatter._StrictLoader.yaml_implicit_resolvers

    monkeypatch.setattr(frontmatter, "_StrictLoader", Pure)
    assert message() == fast


def test_billion_laughs_is_refused_before_expanding():
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    with pytest.raises(FrontMatterError, match="anchors and aliases"):
        frontmatter.load("\n".join([*lines, "---", ""]))
