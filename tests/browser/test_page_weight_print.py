"""What a post costs to load, what it looks like, and what it prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_env import ARTIFACTS, DESKTOP, MOBILE, page_file

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

POST = "posts/2025/microsoft-joins-four-trillion-club/"
HTML_BUDGET = 40 * 1024
FIRST_VIEW_BUDGET = 150 * 1024
# Where readers find their way around, and never what they want on paper.
CHROME = [
    ".sidebar-drawer",
    ".toc-drawer",
    ".mobile-header",
    ".theme-toggle",
    ".skip-to-content",
    ".back-to-top",
    "nav.nd-post-nav",
    ".related-pages",
]

RESOURCES = """() => {
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return entries.map((e) => ({name: e.name, size: e.decodedBodySize,
                              transferred: e.transferSize}));
}"""


def test_post_html_is_small(site_dir: Path) -> None:
    """A post page's own HTML stays under 40 KB: the navigation and the lists on
    it are bounded, whatever the number of posts."""
    size = page_file(site_dir, POST).stat().st_size
    assert size < HTML_BUDGET, f"{POST} is {size} bytes"


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_post_first_view_weight(
    open_page: Callable[..., Page], viewport: dict[str, int]
) -> None:
    """Everything a first visit to a post loads (HTML, CSS, scripts, icons, fonts)
    adds up to under 150 KB before compression; no web fonts."""
    page = open_page(POST, viewport=viewport)
    page.wait_for_load_state("networkidle")
    entries = page.evaluate(RESOURCES)
    total = sum(entry["size"] for entry in entries)
    listing = "\n".join(f"{e['size']:>8} {e['name']}" for e in entries)
    assert total < FIRST_VIEW_BUDGET, f"{total} bytes:\n{listing}"
    assert not [e for e in entries if e["name"].endswith((".woff", ".woff2", ".ttf"))]
    # Served as a static host does: text goes out compressed.
    html = entries[0]
    assert html["transferred"] < html["size"] / 2, listing


def test_print_shows_the_article_and_its_source(open_page: Callable[..., Page]) -> None:
    """On paper: the article and its source callout, the source's address spelled
    out after its link, and none of the navigation."""
    page = open_page(POST)
    page.emulate_media(media="print")
    assert page.locator("article h1").is_visible()
    assert page.locator("aside.nd-source").is_visible()
    link = page.locator("aside.nd-source a[href^='http']")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    shown = [sel for sel in CHROME if page.locator(sel).first.is_visible()]
    assert not shown, f"printed: {shown}"
    # The article uses the whole width of the paper.
    width = page.evaluate(
        "document.querySelector('article').getBoundingClientRect().width"
    )
    assert width > DESKTOP["width"] * 0.6
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=ARTIFACTS / "post-print.pdf")


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_post_screenshots(
    open_page: Callable[..., Page], theme: str, viewport: dict[str, int]
) -> None:
    """Save how a post looks, for people to check (test-artifacts/, not committed):
    header, tags, source callout and previous/next in both colour modes."""
    page = open_page(POST, viewport=viewport, theme=theme, scheme=theme)
    for selector in (".nd-post-header", "aside.nd-source", "nav.nd-post-nav"):
        assert page.locator(selector).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    size = "desktop" if viewport == DESKTOP else "mobile"
    page.screenshot(path=ARTIFACTS / f"post-{theme}-{size}.png", full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize(
    ("kind", "path", "visible"),
    [
        ("landing", "", ".nd-cards"),
        ("tag", "tags/cloud/", ".nd-post-list"),
        ("not-found", "no/such/page/", ".nd-search-form"),
    ],
)
def test_page_screenshots(
    open_page: Callable[..., Page],
    kind: str,
    path: str,
    visible: str,
    viewport: dict[str, int],
) -> None:
    """The landing page, a tag page and the 404 page at both widths, saved for
    people to check (test-artifacts/), each with its main content on screen."""
    page = open_page(path, viewport=viewport)
    assert page.locator(visible).first.is_visible()
    assert page.locator("h1").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    size = "desktop" if viewport == DESKTOP else "mobile"
    page.screenshot(path=ARTIFACTS / f"{kind}-{size}.png", full_page=True)
