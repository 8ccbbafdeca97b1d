"""CONTRIBUTING.md stays true: what it says a post may contain is what the
code enforces, and every nox session it tells people to run exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.reading import html_policy, policy, urls

REPO = Path(__file__).parent.parent
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of a ``## title`` section of the guide."""
    match = re.search(
        rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", GUIDE, re.MULTILINE | re.DOTALL
    )
    assert match, f"CONTRIBUTING.md has no '## {title}' section"
    return match.group(1)


POLICY = section("What a post may contain")


@pytest.mark.parametrize("suffix", sorted(policy.DOWNLOAD_TYPES))
def test_every_allowed_file_type_is_listed(suffix):
    assert f"`{suffix}`" in POLICY


@pytest.mark.parametrize(
    "name", sorted(html_policy.FORBIDDEN_DIRECTIVES), ids=lambda n: n
)
def test_refused_directives_are_listed(name):
    assert f"`{{{name}}}`" in POLICY


def test_allowed_url_schemes_are_the_codes():
    for scheme in urls.BODY_SCHEMES:
        assert f"`{scheme}:" in POLICY


def test_every_nox_session_named_exists():
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    sessions = set(re.findall(r'@nox\.session\(name="([\w-]+)"', noxfile))
    sessions |= set(re.findall(r"@nox\.session(?:\([^)]*\))?\ndef (\w+)", noxfile))
    named = set(re.findall(r"nox -s ([\w-]+)", GUIDE))
    assert named
    assert named <= sessions, f"not in noxfile.py: {named - sessions}"
