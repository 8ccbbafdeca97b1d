"""Paginated listings in Chromium: a reader follows Older to the oldest page and
Newer back, on the real site built three posts to a page, on a desktop and a
phone, and finds every post exactly once, newest first; an older page passes
axe in light and dark mode."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .browser_env import DESKTOP, MOBILE, REPO
from .site_server import serve
from .test_accessibility import AXE_OPTIONS, report

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PAGE_SIZE = 3


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site with ``newsdesk_page_size = 3``, served locally:
    ``$NEWSDESK_BROWSER_PAGED_SITE`` if set, or a fresh build."""
    given = os.environ.get("NEWSDESK_BROWSER_PAGED_SITE")
    if given:
        out = Path(given).resolve()
        if not (out / "posts/page/1/index.html").is_file():
            pytest.fail(f"NEWSDESK_BROWSER_PAGED_SITE={given}: no posts/page/1/ there")
    else:
        out = tmp_path_factory.mktemp("paged-site")
        command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "dirhtml"]
        size = f"newsdesk_page_size={PAGE_SIZE}"
        subprocess.run(
            [*command, "-D", size, "-D", "language=en", str(REPO), str(out)],
            check=True,
            cwd=REPO,
        )
    with serve(out) as url:
        yield url


def _open(
    browser: Browser, url: str, viewport: dict[str, int], theme: str = "light"
) -> Page:
    context = browser.new_context(viewport=viewport, base_url=url, color_scheme=theme)
    # What the reader last picked with Furo's theme toggle.
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    context.route(
        lambda target: not target.startswith(url),
        lambda route: route.fulfill(status=204, body=""),
    )
    return context.new_page()


def _archive_titles(page: Page) -> list[str]:
    return page.locator("article ul.nd-post-list li a").all_inner_texts()


def _step(page: Page, rel: str) -> bool:
    """Follow the nav's Newer (rel=prev) or Older (rel=next) link, if any."""
    link = page.locator(f'nav[aria-label="Pagination"] a[rel="{rel}"]')
    if link.count() == 0:
        return False
    with page.expect_navigation():
        link.click()
    return True


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_following_older_then_newer_walks_every_post_once(
    browser: Browser, paged_url: str, viewport: dict[str, int]
) -> None:
    page = _open(browser, paged_url, viewport)
    page.goto(paged_url + "posts/")
    # How many posts there are: the JSON API counts them all on one page.
    total = page.request.get(paged_url + "api/posts.json").json()["count"]
    seen: list[str] = []
    dates: list[str] = []
    headings: list[str] = []
    urls: list[str] = []
    while True:
        nav = page.locator('nav[aria-label="Pagination"]')
        assert nav.is_visible()
        # The nav fits the screen: nothing to scroll sideways on a phone.
        box = nav.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= viewport["width"]
        seen += _archive_titles(page)
        dates += [
            time.get_attribute("datetime") or ""
            for time in page.locator("article ul.nd-post-list li time").all()
        ]
        headings.append(
            page.locator("article h1").first.inner_text().rstrip("¶").strip()
        )
        urls.append(page.url)
        if not _step(page, "next"):
            break
    # Every post once, newest first, across the pages.
    assert len(seen) == len(set(seen)) == total
    when = [dt.datetime.fromisoformat(d) for d in dates]
    assert when == sorted(when, reverse=True)
    assert headings[0] == "Archive"
    count = len(headings) - 1
    assert headings[1:] == [f"Archive — page {n}" for n in range(count, 0, -1)]
    assert count >= 2
    assert len(_archive_titles(page)) == PAGE_SIZE  # page 1: a full chunk
    # And back: Newer retraces the same pages to the first one.
    back = [page.url]
    while _step(page, "prev"):
        back.append(page.url)
    assert back == urls[::-1]
    # The current page is marked for assistive technology, not only by style.
    assert (
        page.locator('nav[aria-label="Pagination"] [aria-current="page"]').inner_text()
        == "Newest"
    )
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", ["posts/page/1/", "tags/cloud/page/1/"])
def test_older_pages_have_no_axe_violations(
    browser: Browser, paged_url: str, path: str, theme: str, viewport: dict[str, int]
) -> None:
    """The oldest page of the archive and of a tag: the pagination nav with
    Newer and page links, and the listing's heading with its page number."""
    from axe_playwright_python.sync_playwright import Axe

    page = _open(browser, paged_url, viewport, theme)
    page.goto(paged_url + path)
    assert page.evaluate("document.body.dataset.theme") == theme
    assert page.locator('nav[aria-label="Pagination"] a[rel="prev"]').is_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, report(results.response["violations"])
    page.context.close()
