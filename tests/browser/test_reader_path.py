"""What a reader does on the site, in Chromium: follow posts, tags and the archive,
open the source, search, switch colours, read on a phone, use only a keyboard."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
import yaml

from .browser_env import DESKTOP, MOBILE, REPO

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Pages a reader can land on, by kind (paths relative to the site root).
MOBILE_PAGES = [
    "",
    "posts/2025/microsoft-joins-four-trillion-club/",
    "posts/",
    "tags/",
    "tags/cloud/",
    "entities/microsoft/",
    "series/microsoft-and-xai/",
    "search/",
]


def front_matter(page: Page) -> tuple[dict[str, object], str]:
    """The front matter and Markdown body of the post shown in ``page``."""
    rel = re.sub(r"^https?://[^/]+/", "", page.url).split("#")[0].rstrip("/")
    text = (REPO / f"{rel}.md").read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


def h1(page: Page) -> str:
    """The page's heading, without Sphinx's trailing pilcrow link."""
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


def follow(page: Page, link_selector: str) -> str:
    """Click the first link matching ``link_selector``; return its text."""
    link = page.locator(link_selector).first
    text = link.inner_text()
    with page.expect_navigation():
        link.click()
    return text


def test_reader_path(open_page: Callable[..., Page]) -> None:
    """Landing page -> newest post -> previous post -> a tag -> another post ->
    archive, each step landing on the page its link promised."""
    page = open_page("posts/")
    newest_in_archive = page.locator("article a[href^='2']").first.get_attribute("href")

    page.goto("")
    newest = page.locator("article a[href^='posts/2']").first
    assert newest.get_attribute("href") == f"posts/{newest_in_archive}"
    title = follow(page, "article a[href^='posts/2']")
    assert h1(page) == title.strip()
    first_post = page.url

    prev_title = page.locator("a[rel='prev'] .nd-post-nav__title").inner_text()
    follow(page, "a[rel='prev']")
    assert h1(page) == prev_title
    assert page.url != first_post
    previous_post = page.url

    tag = follow(page, "a.nd-tag").strip()
    assert tag in h1(page)
    listed = page.locator("article a[href*='posts/2']")
    hrefs = [listed.nth(i).get_attribute("href") or "" for i in range(listed.count())]
    came_from = previous_post.rstrip("/").rsplit("/", 1)[-1] + "/"
    assert any(href.endswith(came_from) for href in hrefs), hrefs
    seen = (came_from, first_post.rstrip("/").rsplit("/", 1)[-1] + "/")
    others = [href for href in hrefs if not href.endswith(seen)]
    assert others, f"tag {tag!r} lists only the posts we have read"

    another = follow(page, f"article a[href='{others[0]}']")
    assert h1(page) == another.strip()
    assert page.url not in (first_post, previous_post)

    follow(page, ".sidebar-tree a:text-is('Archive')")
    assert h1(page) == "Archive"
    assert page.locator(f"article a[href$='{came_from}']").count() == 1


def test_source_callout_opens_the_source(open_page: Callable[..., Page]) -> None:
    """The callout links the article named in front matter, and clicking it goes
    there (the request is answered locally)."""
    page = open_page("posts/2025/microsoft-joins-four-trillion-club/")
    meta, _ = front_matter(page)
    source = meta["source"]
    assert isinstance(source, dict)
    link = page.locator("aside.nd-source a[href^='http']")
    assert link.count() == 1
    assert link.get_attribute("href") == source["url"]
    assert source["title"] in link.inner_text()
    # Opening in the same tab is the default readers expect; if a new tab is ever
    # wanted, it must not hand the source page a reference to ours.
    if link.get_attribute("target") == "_blank":
        assert "noopener" in (link.get_attribute("rel") or "")
    page.route(
        source["url"],
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<title>The source</title>",
        ),
    )
    with page.expect_navigation():
        link.click()
    assert page.url == source["url"]
    assert page.title() == "The source"


def test_search_finds_a_post_by_a_word_from_its_body(
    open_page: Callable[..., Page],
) -> None:
    """Type a word that is in a post's body (not its title) into the sidebar
    search; the results link that post."""
    path = "posts/2025/microsoft-joins-four-trillion-club/"
    page = open_page(path)
    _, body = front_matter(page)
    title = h1(page).lower()
    words = re.findall(r"\b[a-z]{9,}\b", re.sub(r"\{[a-z]+\}`[^`]*`", "", body))
    word = next(w for w in words if w not in title)

    page.goto("")
    page.fill("input.sidebar-search", word)
    with page.expect_navigation():
        page.press("input.sidebar-search", "Enter")
    results = page.locator("#nd-search-posts .nd-search-result h3 a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(path in href for href in hrefs), (word, hrefs)
    assert page.locator("h1").first.is_visible()


def test_search_page_has_its_own_search_box(open_page: Callable[..., Page]) -> None:
    """On a phone the sidebar's search box is in the drawer; the search page has
    one of its own, which shows the current query and searches again."""
    page = open_page("search/?q=microsoft", viewport=MOBILE)
    box = page.locator("form.nd-search-form input[name='q']")
    assert box.input_value() == "microsoft"
    box.fill("stargate")
    box.press("Enter")  # searches in place; the URL follows
    page.wait_for_url(re.compile(r"q=stargate"))
    results = page.locator("#nd-search-posts .nd-search-result h3 a")
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('stargate')"
    )
    href = results.first.get_attribute("href") or ""
    assert "stargate" in href.split("?")[0]


def body_background(page: Page) -> tuple[int, ...]:
    """The page background colour as an RGB tuple."""
    colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return tuple(int(n) for n in re.findall(r"\d+", colour)[:3])


def test_theme_toggle_switches_and_persists(open_page: Callable[..., Page]) -> None:
    """Furo's toggle cycles auto -> dark -> light; the choice is stored and
    survives navigation to another page."""
    page = open_page("", theme="auto", scheme="light")
    assert page.evaluate("document.body.dataset.theme") == "auto"
    light = body_background(page)
    assert sum(light) > 600

    page.locator(".theme-toggle:visible").click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    dark = body_background(page)
    assert sum(dark) < 150

    follow(page, "article a[href^='posts/2']")
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert body_background(page) == dark

    page.locator(".theme-toggle:visible").click()
    assert page.evaluate("document.body.dataset.theme") == "light"
    page.go_back()
    assert page.evaluate("localStorage.getItem('theme')") == "light"
    assert body_background(page) == light


@pytest.mark.parametrize("path", MOBILE_PAGES)
def test_mobile_no_sideways_scroll(open_page: Callable[..., Page], path: str) -> None:
    """At 390x844 no page is wider than the screen."""
    page = open_page(path, viewport=MOBILE)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{path} is {width}px wide"


def drawer_left(page: Page) -> float:
    """Left edge of the navigation drawer, once its slide transition is over."""
    page.wait_for_function(
        "document.querySelector('.sidebar-drawer').getAnimations().length === 0"
    )
    return page.evaluate(
        "document.querySelector('.sidebar-drawer').getBoundingClientRect().left"
    )


def test_mobile_navigation_drawer(open_page: Callable[..., Page]) -> None:
    """The menu button opens the navigation drawer; tapping outside closes it."""
    page = open_page("posts/2025/microsoft-joins-four-trillion-club/", viewport=MOBILE)
    drawer = page.locator(".sidebar-drawer")
    assert drawer_left(page) < 0
    assert not page.locator(".sidebar-tree a:text-is('Archive')").is_visible()

    page.locator(".nav-overlay-icon").click()
    assert drawer_left(page) == 0
    archive = page.locator(".sidebar-tree a:text-is('Archive')")
    assert archive.is_visible()
    box = drawer.bounding_box()
    assert box is not None
    assert box["width"] < MOBILE["width"]

    # Tap the dimmed page to the right of the drawer.
    page.mouse.click(MOBILE["width"] - 10, MOBILE["height"] // 2)
    assert drawer_left(page) < 0
    assert not archive.is_visible()


def test_reduced_motion_drawer_does_not_slide(open_page: Callable[..., Page]) -> None:
    """With the system set to reduce motion, the drawer appears at once."""
    page = open_page(
        "posts/2025/microsoft-joins-four-trillion-club/",
        viewport=MOBILE,
        motion="reduce",
    )
    page.locator(".nav-overlay-icon").click()
    state = page.evaluate(
        "(() => { const d = document.querySelector('.sidebar-drawer');"
        " return [d.getAnimations().length, d.getBoundingClientRect().left] })()"
    )
    assert state == [0, 0]


def tab_to_skip_link(page: Page) -> None:
    """Tab to the page's first stop, the skip link. On a loaded machine the
    first key can arrive before the page has focus: then press it again."""
    on_skip_link = "document.activeElement?.classList.contains('skip-to-content')"
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate(on_skip_link):
            return
    raise AssertionError("Tab never reached the skip link")


def test_mobile_navigation_drawer_by_keyboard(open_page: Callable[..., Page]) -> None:
    """The menu is a button: Tab reaches it, Enter opens the drawer and moves
    into it, Escape closes it and returns to the button."""
    page = open_page("posts/2025/microsoft-joins-four-trillion-club/", viewport=MOBILE)
    tab_to_skip_link(page)
    page.keyboard.press("Tab")
    menu = page.locator("button.nav-overlay-icon")
    assert page.evaluate("document.activeElement.className") == menu.get_attribute(
        "class"
    )
    assert menu.get_attribute("aria-label") == "Site navigation"
    assert menu.get_attribute("aria-expanded") == "false"

    page.keyboard.press("Enter")
    assert drawer_left(page) == 0
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate(
        "document.querySelector('.sidebar-drawer').contains(document.activeElement)"
    )
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.querySelector('.sidebar-drawer').contains(document.activeElement)"
    )

    page.keyboard.press("Escape")
    assert drawer_left(page) < 0
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate(
        "document.activeElement.classList.contains('nav-overlay-icon')"
    )


FOCUS_STYLE = """async () => {
  const el = document.activeElement;
  // Wait for transitions (Furo slides the skip link in when it gets focus).
  await Promise.all(el.getAnimations().map((a) => a.finished));
  // ...and for smooth scrolling to bring it into view: until it stops moving.
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0, last = NaN; i < 120; i++) {
    await frame();
    const top = el.getBoundingClientRect().top;
    if (top === last) break;
    last = top;
  }  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    cls: el.className && el.className.baseVal === undefined ? el.className : '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    // Visible means on screen too: a link in a closed off-canvas drawer is not.
    visible: el.checkVisibility({visibilityProperty: true}) && rect.width > 0
      && rect.height > 0 && rect.right > 0 && rect.bottom > 0
      && rect.left < innerWidth && rect.top < innerHeight,
  };
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_keyboard_skip_link_and_visible_focus(
    open_page: Callable[..., Page], viewport: dict[str, int]
) -> None:
    """The skip link is the first tab stop; from there every tab stop of the page
    is on screen and shows a focus indicator."""
    page = open_page(
        "posts/2025/microsoft-joins-four-trillion-club/", viewport=viewport
    )
    stops: list[dict[str, object]] = []
    problems: list[dict[str, object]] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["tag"] == "BODY" or (stops and focused == stops[0]):
            break  # back at the top: every stop was seen
        stops.append(focused)
        if not focused["visible"] or not (focused["outline"] or focused["shadow"]):
            problems.append(focused)
    assert "skip-to-content" in stops[0]["cls"], stops[0]
    assert len(stops) > 20
    assert not problems


def test_skip_link_jumps_to_the_article(open_page: Callable[..., Page]) -> None:
    """Enter on the skip link moves the keyboard past the navigation."""
    page = open_page("posts/2025/microsoft-joins-four-trillion-club/")
    tab_to_skip_link(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**#furo-main-content")
    assert page.url.endswith("#furo-main-content")
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.getElementById('furo-main-content').contains(document.activeElement)"
    )
