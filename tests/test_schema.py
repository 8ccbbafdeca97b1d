"""The JSON Schemas in ``_ext/newsdesk/schema/`` on their own, as editors use them.

Run with plain ``jsonschema`` and the build's format checker: they accept every
starter post and entity page, reject each invalid case of the validator's tests,
and every field they define is documented in CONTRIBUTING.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newsdesk.reading import frontmatter, metadata
from newsdesk.tools import scaffold
from test_metadata import INVALID

REPO = Path(__file__).parent.parent
#: INVALID cases that only the checks after the schema catch (one date after
#: another, scripts and line breaks in a name), so the schema alone accepts them.
BEYOND_THE_SCHEMA = {
    "updated-before-date",
    "source-after-the-post",
    "mixed-word-without-a-letter",
    "name-with-a-line-separator",
    "noncharacter",
}


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads(
        (metadata.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    )
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=metadata.format_checker())


def front_matter(path: Path) -> dict[str, object]:
    loaded = frontmatter.load(path.read_text(encoding="utf-8"))
    assert loaded is not None, path
    return loaded.data


def pages(folder: str, pattern: str) -> list[Path]:
    found = sorted(p for p in (REPO / folder).glob(pattern) if p.name != "index.md")
    assert found, f"no pages in {folder}/"
    return found


@pytest.mark.parametrize(
    "path", pages("posts", "*/*.md"), ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_schema_accepts_every_post(path):
    errors = [e.message for e in validator("post").iter_errors(front_matter(path))]
    assert errors == []


@pytest.mark.parametrize(
    "path", pages("entities", "*.md"), ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_schema_accepts_every_entity(path):
    errors = [e.message for e in validator("entity").iter_errors(front_matter(path))]
    assert errors == []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in INVALID])
def test_schema_rejects_each_invalid_case(case):
    yaml_text, _expected = case.values
    loaded = frontmatter.load(f"---\n{yaml_text}---\n\n# Title\n")
    assert loaded is not None
    valid = validator("post").is_valid(loaded.data)
    assert valid is (case.id in BEYOND_THE_SCHEMA)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", scaffold.SUMMARY_PLACEHOLDER),
        ("summary", "  TODO write this later, once the story is clearer"),
        ("source.url", "javascript:alert(document.cookie)"),
        ("source.url", "https://example.com/<script>"),
        ("source.archive", "data:text/html;base64,PHNjcmlwdD4="),
        ("tags", ["<img src=x onerror=alert(1)>"]),
        ("date", "2025-05-01T19:39:00Z<script>"),
        ("draft", "false"),
    ],
)
def test_schema_rejects_hostile_and_placeholder_values(field, value):
    data: dict[str, object] = {
        "date": "2025-05-01T19:39:00Z",
        "summary": "Microsoft prepares to host xAI's Grok models on Azure.",
        "tags": ["cloud"],
        "source": {
            "title": "Microsoft is getting ready to host Grok",
            "publisher": "The Verge",
            "url": "https://www.theverge.com/news/grok",
        },
    }
    assert validator("post").is_valid(data)
    parent, _, key = field.rpartition(".")
    target = data[parent] if parent else data
    assert isinstance(target, dict)
    target[key] = value
    assert not validator("post").is_valid(data)


def test_a_summary_that_mentions_todo_later_is_fine():
    data = {
        "date": "2025-05-01",
        "summary": "The company's TODO list for 2026 includes three new models.",
        "tags": ["models"],
        "source": {"title": "T", "publisher": "P", "url": "https://example.org/a"},
    }
    assert validator("post").is_valid(data)


def schema_fields(node: dict[str, object], prefix: str = "") -> list[str]:
    fields = []
    for name, sub in node.get("properties", {}).items():  # type: ignore[union-attr]
        fields.append(prefix + name)
        fields += schema_fields(sub, f"{prefix}{name}.")
    return fields


@pytest.mark.parametrize("kind", ["post", "entity"])
def test_every_field_has_a_description_and_is_documented(kind):
    schema = metadata.schema(kind)
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for field in schema_fields(schema):
        sub = schema
        for part in field.split("."):
            sub = sub["properties"][part]
        assert sub.get("description"), f"{kind} schema: {field} has no description"
        assert f"`{field}`" in contributing, f"CONTRIBUTING.md does not cover {field}"


def test_vscode_maps_the_schemas_to_posts_and_entities():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    post = "./_ext/newsdesk/schema/post.schema.json"
    entity = "./_ext/newsdesk/schema/entity.schema.json"
    assert (REPO / post).is_file()
    assert (REPO / entity).is_file()
    assert "posts/**/*.md" in mapping[post]
    assert "entities/*.md" in mapping[entity]


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("date", "2025-13-45", False),  # "The first hour": month 13, day 45
        ("date", "2025-13-01", False),
        ("date", "2025-00-10", False),
        ("date", "2025-01-00", False),
        ("date", "2025-12-32", False),
        ("date", "2025-04-31T09:00:00Z", False),
        ("date", "2025-12-31T23:59:00Z", True),
        ("date", "2024-02-29", True),
        ("source.date", "2025-13-45", False),
        ("source.date", "2025-11-30", True),
    ],
)
def test_editors_schema_refuses_impossible_dates(field, value, accepted):
    """Editors validate with the schema alone, without the build's custom format
    checker: its patterns must refuse a month 13 or a day 32 or 00 by themselves."""
    schema = json.loads(
        (metadata.SCHEMA_DIR / "post.schema.json").read_text(encoding="utf-8")
    )
    editor = jsonschema.validators.validator_for(schema)(schema)  # no formats
    data: dict[str, object] = {
        "date": "2025-05-01T19:39:00Z",
        "summary": "Microsoft prepares to host xAI's Grok models on Azure.",
        "tags": ["cloud"],
        "source": {
            "title": "Microsoft is getting ready to host Grok",
            "publisher": "The Verge",
            "url": "https://www.theverge.com/news/grok",
            "date": "2025-05-01",
        },
    }
    parent, _, key = field.rpartition(".")
    target = data[parent] if parent else data
    assert isinstance(target, dict)
    target[key] = value
    assert editor.is_valid(data) is accepted
