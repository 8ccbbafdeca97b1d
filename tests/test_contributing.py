"""CONTRIBUTING.md stays true: the raw HTML policy it states is the one the
code enforces, and every nox session it tells people to run exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.reading import html_policy

REPO = Path(__file__).parent.parent
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of a ``## title`` section of the guide."""
    match = re.search(
        rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", GUIDE, re.MULTILINE | re.DOTALL
    )
    assert match, f"CONTRIBUTING.md has no '## {title}' section"
    return match.group(1)


POLICY = section("Raw HTML policy")


@pytest.mark.parametrize("element", sorted(html_policy.ALLOWED_ELEMENTS))
def test_every_allowed_element_is_listed(element):
    allowed = POLICY.split("Allowed raw HTML elements:")[1]
    assert f"`{element}`" in allowed


@pytest.mark.parametrize("element", sorted(html_policy.FORBIDDEN_ELEMENTS))
def test_every_forbidden_element_is_listed(element):
    refused = POLICY.split("Allowed raw HTML elements:")[0]
    assert f"`<{element}>`" in refused


def test_no_element_is_listed_as_allowed_that_the_code_refuses():
    allowed = POLICY.split("Allowed raw HTML elements:")[1].split(".")[0]
    listed = set(re.findall(r"`([a-z0-9]+)`", allowed))
    assert listed == html_policy.ALLOWED_ELEMENTS


@pytest.mark.parametrize(
    "name", sorted(html_policy.FORBIDDEN_DIRECTIVES), ids=lambda n: n
)
def test_forbidden_directives_are_listed(name):
    assert f"`{{{name}}}`" in POLICY


def test_allowed_url_schemes_are_the_codes():
    for scheme in html_policy.ALLOWED_SCHEMES:
        assert f"`{scheme}:`" in POLICY


def test_every_nox_session_named_exists():
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    sessions = set(re.findall(r'@nox\.session\(name="([\w-]+)"', noxfile))
    sessions |= set(re.findall(r"@nox\.session(?:\([^)]*\))?\ndef (\w+)", noxfile))
    named = set(re.findall(r"nox -s ([\w-]+)", GUIDE))
    assert named
    assert named <= sessions, f"not in noxfile.py: {named - sessions}"
