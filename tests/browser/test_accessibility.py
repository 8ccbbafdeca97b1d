"""axe-core finds no accessibility violations, of any impact, on every kind of
page, in light and dark mode, on a desktop and a phone screen.

All of axe's rules run, plus WCAG 2.2's target-size, which axe leaves off by
default. Nothing is disabled: Furo's problems are fixed in _templates/ and
_static/site.css.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_env import DESKTOP, MOBILE, PAGES, page_file

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"target-size": {"enabled": True}},
}


def report(violations: list[dict[str, object]]) -> str:
    """One line per failing element: rule, impact, selector, HTML."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:  # type: ignore[attr-defined]
            lines.append(
                f"{violation['id']} ({violation['impact']}) {node['target']}: "
                f"{node['html'][:160]}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(
    open_page: Callable[..., Page],
    site_dir: Path,
    kind: str,
    theme: str,
    viewport: dict[str, int],
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    path = PAGES[kind]
    if not page_file(site_dir, path).is_file():
        pytest.fail(f"{path} was not built")
    page = open_page(path, viewport=viewport, theme=theme, scheme=theme)
    assert page.evaluate("document.body.dataset.theme") == theme
    if kind == "search":
        # Let the search fill in its results before checking them too.
        page.locator("#nd-search-posts .nd-search-result").first.wait_for()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, report(results.response["violations"])


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_axe_violations_on_a_missing_address(
    open_page: Callable[..., Page], theme: str, viewport: dict[str, int]
) -> None:
    """The 404 page as readers get it: at a missing address two folders deep,
    with status 404, its styles loaded from absolute paths."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(
        "posts/2025/gone/deeper/", viewport=viewport, theme=theme, scheme=theme
    )
    assert page.locator("article h1").inner_text() == "Page not found"
    assert page.evaluate("document.body.dataset.theme") == theme
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, report(results.response["violations"])
