"""Every kind of page loads cleanly: no console errors, no failed requests, its
icons found, and only the 404 page kept out of search engines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_env import PAGES

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NOINDEX = {"not-found"}


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


@pytest.mark.parametrize("path", ["no-such-page", "posts/2025/gone/deeper/"])
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
    assert page.url == base_url + "posts/"


POST_URL = "posts/2025/microsoft-joins-four-trillion-club/"
POST_TITLE = "Microsoft crosses $4 trillion as the AI trade pays out"


@pytest.mark.parametrize(
    ("typed", "lands_on", "heading"),
    [
        ("entities/microsoft", "entities/microsoft/", "Microsoft"),
        ("entities/microsoft/", "entities/microsoft/", "Microsoft"),
        (POST_URL, POST_URL, POST_TITLE),
        (POST_URL.rstrip("/"), POST_URL, POST_TITLE),
        ("tags/cloud/", "tags/cloud/", "Tag: cloud"),
        # Links published before clean URLs still arrive, fragment and all.
        ("posts/2025/microsoft-joins-four-trillion-club.html", POST_URL, POST_TITLE),
        ("entities/microsoft.html#posts", "entities/microsoft/#posts", "Microsoft"),
        ("tags/cloud.html", "tags/cloud/", "Tag: cloud"),
    ],
)
def test_typed_addresses_without_html_load_the_page(
    open_page: Callable[..., Page],
    base_url: str,
    typed: str,
    lands_on: str,
    heading: str,
) -> None:
    """Clean URLs typed with or without the trailing slash, and the old ``.html``
    addresses, all show the page (at its clean URL), never the 404 page."""
    page = open_page()
    response = page.goto(base_url + typed)
    assert response is not None
    assert response.status == 200
    page.wait_for_url(base_url + lands_on)
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == heading


def test_404_page_offers_a_way_on(
    open_page: Callable[..., Page], base_url: str
) -> None:
    """The 404 page (here at a depth, after a search's ?highlight=) has one h1, a
    link home, the newest posts and a search box that leads to the search page;
    no leftover "Hide Search Matches" link."""
    page = open_page()
    response = page.goto(base_url + "posts/2024/no-such-post/?highlight=microsoft")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").count() == 1
    main = page.get_by_role("main")
    assert main.count() == 1
    assert main.get_by_role("link", name="Go to the home page").get_attribute(
        "href"
    ) == ("/")
    latest = main.locator(".nd-post-list__title a")
    assert latest.count() == 5
    page.wait_for_timeout(200)  # Sphinx's highlighter adds its link after 10 ms
    assert page.get_by_text("Hide Search Matches").count() == 0
    title = latest.first.inner_text()
    with page.expect_navigation():
        latest.first.click()
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == title

    page.goto(base_url + "no-such-page")
    search = page.get_by_role("search", name="Search the site")
    # The search page's look (search.css), not the browser's bare controls.
    button = search.get_by_role("button", name="Search")
    colour = button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour not in {
        "rgba(0, 0, 0, 0)",
        "rgb(239, 239, 239)",
        "rgb(240, 240, 240)",
    }
    assert button.bounding_box()["height"] >= 40  # 2.5rem, a finger's target
    search.get_by_role("searchbox").fill("stargate")
    with page.expect_navigation():
        search.get_by_role("searchbox").press("Enter")
    assert page.url == base_url + "search/?q=stargate"
