"""Every kind of page loads cleanly: no console errors, no failed requests, its
icons found, and only the search and 404 pages kept out of search engines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_env import PAGES

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NOINDEX = {"search", "not-found"}


@pytest.mark.parametrize("kind", PAGES)
def test_page_loads_cleanly(
    open_page: Callable[..., Page], base_url: str, kind: str
) -> None:
    # Start from the landing page, settled, so that listeners see one whole load
    # and nothing of the first page's (whose icon fetch a navigation would abort).
    page = open_page()
    page.wait_for_load_state("networkidle")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("requestfailed", lambda r: errors.append(f"failed {r.url}"))
    page.goto(base_url + PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert not errors

    for rel in ("shortcut icon", "icon", "apple-touch-icon"):
        href = page.locator(f"head link[rel='{rel}']").get_attribute("href")
        assert href, f"no <link rel={rel!r}>"
        response = page.request.get(page.evaluate(f"new URL({href!r}, location).href"))
        assert response.ok, f"{rel}: {response.status} {href}"

    robots = page.locator("head meta[name='robots']")
    noindex = any(
        "noindex" in (robots.nth(i).get_attribute("content") or "")
        for i in range(robots.count())
    )
    assert noindex == (kind in NOINDEX)
    description = page.locator("head meta[name='description']")
    assert description.count() == 1
    assert len(description.get_attribute("content") or "") > 50


@pytest.mark.parametrize("path", ["no-such-page.html", "posts/2025/gone/deeper.html"])
def test_missing_pages_get_the_styled_404_page(
    open_page: Callable[..., Page], base_url: str, path: str
) -> None:
    """A missing address at any depth gets the 404 page, with its styles, icons
    and links working (its links are absolute, as the host serves it anywhere)."""
    page = open_page()
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == 404
    assert page.locator("article h1").is_visible()
    # Furo's stylesheet applied: the sidebar is laid out beside the article.
    assert page.locator(".sidebar-drawer").bounding_box()["width"] > 200  # type: ignore[index]
    broken = page.evaluate(
        "[...document.styleSheets].filter((s) => { try { return !s.cssRules.length }"
        " catch { return true } }).map((s) => s.href)"
    )
    assert not broken
    follow = page.locator(".sidebar-tree a:text-is('Archive')")
    with page.expect_navigation():
        follow.click()
    assert page.url == base_url + "posts/index.html"
