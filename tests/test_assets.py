"""Pages load Pygments' and sphinx-design's assets only when they use them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from conftest import page
from newsdesk.writing.assets import unused_assets

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ALL = frozenset({"pygments.css", "sphinx-design.min.css", "design-tabs.js"})


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("<p>Plain prose.</p>", ALL),
        (
            '<div class="highlight-python notranslate"><div class="highlight">',
            ALL - {"pygments.css"},
        ),
        ('<code class="code highlight python">', ALL - {"pygments.css"}),
        ('<div class="sd-card nd-card">', {"pygments.css", "design-tabs.js"}),
        ('<div class="sd-tab-set docutils">', {"pygments.css"}),
        ("<p>the word highlight and class sd-card in prose</p>", ALL),
    ],
)
def test_unused_assets(test_input: str, expected: frozenset[str]) -> None:
    assert unused_assets(test_input) == expected


@pytest.mark.sphinx("html", testroot="basic")
def test_pages_link_only_the_assets_they_use(app: SphinxTestApp) -> None:
    """A page without code or sphinx-design components skips their files."""
    app.build()
    html = str(page(app, "index"))
    assert "pygments.css" not in html
    assert "design-tabs.js" not in html
    assert "furo.css" in html  # the theme's own stylesheet stays
