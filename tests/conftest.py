"""Shared fixtures: Sphinx's test fixtures, our test roots, parsed output pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    """The built HTML page ``name`` (e.g. ``"posts/2025/first"``), parsed."""
    path = Path(app.outdir) / f"{name}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings_of(warning: object) -> list[str]:
    """Warning lines, without colour codes, ignoring blank lines."""
    text = warning.getvalue()  # type: ignore[attr-defined]
    return [line for line in text.splitlines() if line.strip()]
