"""Site search in Chromium, served over HTTP: words find posts, filters and the
date order narrow and sort them, excerpts are the posts' own words, the URL
holds the search, and the page passes axe with results on it.

What a result should be is read from the built site itself (tag and entity
pages list their posts with their summaries), so the tests hold for any set of
posts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .browser_env import DESKTOP, MOBILE, page_file
from .test_accessibility import AXE_OPTIONS, report

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

RESULTS = "#nd-search-posts .nd-search-result"
#: page chrome that must not show in a result
CHROME = ("min read", "Published", "Source article", "Tags", "Report:")
#: the search page's order and filter menus, as they follow its button
OPTIONS = ("sort", "tag", "entity", "publisher", "series", "year")


def search(open_page: Callable[..., Page], query: str, **kwargs: object) -> Page:
    """The search page opened on ``?query``, once its count is announced."""
    page = open_page(f"search/?{query}", **kwargs)
    page.locator("#nd-search-status:not(:empty)").wait_for(timeout=15_000)
    return page


def result_paths(page: Page) -> list[str]:
    """The site paths the shown results link to, in order (query dropped)."""
    hrefs = page.locator(f"{RESULTS} h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


def listed(site_dir: Path, listing: str) -> dict[str, str]:
    """Posts a tag or entity page lists: site path -> summary."""
    soup = BeautifulSoup(
        page_file(site_dir, listing).read_text(encoding="utf-8"), "html.parser"
    )
    found = {}
    for item in soup.select("ul.nd-post-list li"):
        href = item.select_one(".nd-post-list__title a")["href"]
        path = urlsplit(urljoin(f"/{listing}", href)).path.lstrip("/")
        found[path] = item.find_all("p")[-1].get_text()
    return found


def status(page: Page) -> str:
    return page.locator("#nd-search-status").inner_text()


def count(page: Page) -> int:
    return int(status(page).split()[0])


def test_a_word_from_a_post_body_finds_that_post(
    open_page: Callable[..., Page], site_dir: Path
) -> None:
    path = "posts/2025/microsoft-joins-four-trillion-club/"
    soup = BeautifulSoup(
        page_file(site_dir, path).read_text(encoding="utf-8"), "html.parser"
    )
    heading = soup.h1.get_text().lower()
    text = " ".join(
        p.get_text() for p in soup.select("section section > p:not([class])")
    )
    word = next(w for w in re.findall(r"\b[a-z]{9,}\b", text) if w not in heading)
    page = search(open_page, f"q={word}")
    assert path in result_paths(page), word


def test_the_sidebar_search_box_leads_to_results(
    open_page: Callable[..., Page],
) -> None:
    page = open_page("")
    page.fill("input.sidebar-search", "nvidia")
    with page.expect_navigation():
        page.press("input.sidebar-search", "Enter")
    page.locator(RESULTS).first.wait_for(timeout=15_000)
    # Only what the page reads stays in the URL (not Furo's check_keywords).
    assert parse_qs(urlsplit(page.url).query) == {"q": ["nvidia"]}
    assert page.locator("#nd-search-q").input_value() == "nvidia"


def post_page(site_dir: Path, path: str) -> tuple[str, str]:
    """A post's title and its summary (the page's meta description)."""
    soup = BeautifulSoup(
        page_file(site_dir, path).read_text(encoding="utf-8"), "html.parser"
    )
    title = soup.h1.get_text().rstrip("¶").strip()
    return title, soup.select_one('meta[name="description"]')["content"]


@pytest.mark.parametrize(
    ("name", "listing"),
    [("Microsoft", "entities/microsoft/"), ("Azure", "entities/azure/")],
)
def test_a_company_name_finds_its_posts_first_with_their_summaries(
    open_page: Callable[..., Page], site_dir: Path, name: str, listing: str
) -> None:
    """Its posts: those its entity page lists, or that name it in their title."""
    about = listed(site_dir, listing)
    page = search(open_page, f"q={name}")
    paths = result_paths(page)
    excerpts = page.locator(f"{RESULTS} .nd-search-result__excerpt").all_inner_texts()
    top = list(zip(paths, excerpts, strict=False))[: min(3, len(about))]
    assert top
    for path, excerpt in top:
        title, summary = post_page(site_dir, path)
        assert path in about or name in title, (path, title)
        assert excerpt == summary
    # Its entity page is offered apart, once, not among the posts.
    topics = page.locator("#nd-search-topics li a").all_inner_texts()
    assert topics.count(name) == 1
    assert listing not in paths


def test_filters_by_tag_and_entity_narrow_the_results(
    open_page: Callable[..., Page], site_dir: Path
) -> None:
    page = search(open_page, "q=microsoft")
    everything = count(page)
    page.select_option("#nd-search-tag", "cloud")
    page.wait_for_url(re.compile(r"tag=cloud"))
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('cloud')"
    )
    tagged = result_paths(page)
    assert 0 < len(tagged) < everything
    assert set(tagged) <= set(listed(site_dir, "tags/cloud/"))

    page.select_option("#nd-search-tag", "")
    page.select_option("#nd-search-entity", "Azure")
    page.wait_for_url(re.compile(r"entity=Azure"))
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('Azure')"
    )
    about = result_paths(page)
    assert 0 < len(about) < everything
    assert set(about) <= set(listed(site_dir, "entities/azure/"))


def test_a_first_search_downloads_no_filter_it_does_not_use(
    open_page: Callable[..., Page], base_url: str
) -> None:
    """The menus come filled from the build, so a plain search asks Pagefind
    for one filter chunk at most: the topic pages' kinds, which posts are
    "not". (pagefind.filters() would fetch every filter's chunk, each listing
    every post: most of a first search's bytes at 10,000 posts.)"""
    page = open_page()
    page.wait_for_load_state("networkidle")
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(base_url + "search/?q=microsoft")
    page.locator("#nd-search-status:not(:empty)").wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert count(page) > 0
    assert len([url for url in fetched if "/pagefind/filter/" in url]) <= 1
    for key in OPTIONS[1:]:
        assert page.locator(f"#nd-search-{key} option").count() > 1, key


def test_newest_first_orders_by_date(open_page: Callable[..., Page]) -> None:
    page = search(open_page, "q=ai&sort=date")
    assert page.locator("#nd-search-sort").input_value() == "date"
    dates = [
        dt.datetime.strptime(text.split(" · ")[0], "%B %d, %Y").date()
        for text in page.locator(f"{RESULTS} .nd-search-result__meta").all_inner_texts()
    ]
    assert len(dates) > 1
    assert dates == sorted(dates, reverse=True)


def test_a_filter_without_words_lists_its_posts_newest_first(
    open_page: Callable[..., Page], site_dir: Path
) -> None:
    """With no words there is no best match: a tag's posts come as its page
    lists them, newest first, not in the order of Pagefind's index."""
    page = search(open_page, "tag=cloud")
    assert status(page).endswith(", newest first.")
    assert result_paths(page) == list(listed(site_dir, "tags/cloud/"))
    # the order menu says so, and "Best match" comes back with words
    order = page.locator("#nd-search-sort")
    assert order.input_value() == "date"
    assert order.locator("option[value='']").is_disabled()
    page.fill("#nd-search-q", "azure")
    assert order.input_value() == ""
    assert not order.locator("option[value='']").is_disabled()


def test_results_show_title_date_publisher_and_no_page_chrome(
    open_page: Callable[..., Page],
) -> None:
    page = search(open_page, "q=openai")
    results = page.locator(RESULTS)
    assert results.count() > 1
    for i in range(results.count()):
        result = results.nth(i)
        meta = result.locator(".nd-search-result__meta").inner_text()
        assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4} · .+", meta), meta
        text = result.inner_text()
        for word in CHROME:
            assert word not in text, (word, text)
    # Matched words are marked, and a mark in a link keeps the link's colour.
    mark = page.locator(f"{RESULTS} h3 a mark").first
    colours = mark.evaluate(
        "m => [getComputedStyle(m).color, getComputedStyle(m.closest('a')).color]"
    )
    assert colours[0] == colours[1]


def test_the_url_holds_the_search_for_reload_and_back(
    open_page: Callable[..., Page],
) -> None:
    page = search(open_page, "q=nvidia")
    first = result_paths(page)
    page.fill("#nd-search-q", "openai")
    page.press("#nd-search-q", "Enter")
    page.wait_for_url(re.compile(r"q=openai"))
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('openai')"
    )
    page.select_option("#nd-search-year", "2025")
    page.wait_for_url(re.compile(r"year=2025"))
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('2025')"
    )
    shown = result_paths(page)
    assert shown

    page.reload()
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('2025')"
    )
    assert result_paths(page) == shown
    assert page.locator("#nd-search-q").input_value() == "openai"
    assert page.locator("#nd-search-year").input_value() == "2025"

    page.go_back()  # the search before the year was chosen
    page.wait_for_function("!location.search.includes('year')")
    page.go_back()
    page.wait_for_function(
        "document.querySelector('#nd-search-status').textContent.includes('nvidia')"
    )
    assert page.locator("#nd-search-q").input_value() == "nvidia"
    assert result_paths(page) == first


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_results_arriving_move_nothing_on_screen(
    open_page: Callable[..., Page], viewport: dict[str, int]
) -> None:
    """Opening a search link: the options, the count, the topics and the posts
    come in without pushing what is already shown (the footer, the first
    results) down the screen, the layout shift Lighthouse scores."""
    page = open_page("search/?q=microsoft", viewport=viewport)
    page.locator(RESULTS).first.wait_for(timeout=15_000)
    page.locator("#nd-search-topics li").first.wait_for()
    page.wait_for_timeout(500)  # the options' values, after the results
    shifts = page.evaluate(
        """() => new Promise((resolve) => {
          // The buffered entries come in one call; none at all, no call.
          setTimeout(() => resolve([]), 1000);
          new PerformanceObserver((list, observer) => {
            observer.disconnect();
            resolve(list.getEntries().filter((e) => !e.hadRecentInput).map((e) => ({
              value: e.value,
              moved: e.sources.map((s) => s.node?.id || s.node?.className || "?"),
            })));
          }).observe({ type: "layout-shift", buffered: true });
        })"""
    )
    # A shift of the whole page's content scores about 0.1 and up; Furo's
    # header settling as its theme button appears is far below 0.01.
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts


def test_keyboard_only_search(open_page: Callable[..., Page]) -> None:
    """Type, Enter, then Tab: through the button, the order and every filter,
    the topics, to the first post; the count is announced in a live region;
    a filter changed from the keyboard narrows the results, announced too."""
    page = open_page("search/")
    # The filters' values are in (they load with the index).
    page.locator("#nd-search-tag option").nth(1).wait_for(state="attached")
    live = page.locator("#nd-search-status")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    assert live.inner_text() == ""
    # Rendered while empty: screen readers only announce changes to a live
    # region that is already in the accessibility tree.
    assert live.evaluate("e => getComputedStyle(e).display") != "none"
    page.focus("#nd-search-q")
    page.keyboard.type("microsoft")
    page.keyboard.press("Enter")
    page.locator(RESULTS).first.wait_for(timeout=15_000)
    assert re.fullmatch(r"\d+ posts found for “microsoft”\.", live.inner_text())
    # Tab goes through the button and every option, then on to the results.
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.closest('.nd-search-result') ? 'result' : e.id"
                " || e.closest('#nd-search-topics')?.id || e.tagName })()"
            )
        )
        if focused[-1] == "result":
            break
    options = [f"nd-search-{key}" for key in OPTIONS]
    assert focused[0] == "BUTTON"
    assert focused[1 : 1 + len(options)] == options
    assert set(focused[1 + len(options) : -1]) == {"nd-search-topics"}
    assert focused[-1] == "result"
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert urlsplit(href).path.lstrip("/") == result_paths(page)[0]

    before = status(page)
    everything = count(page)
    page.focus("#nd-search-tag")
    page.keyboard.press("ArrowDown")  # the first tag after "Any tag"
    tag = page.locator("#nd-search-tag").input_value()
    assert tag
    page.wait_for_url(re.compile(r"tag="))
    page.wait_for_function(
        "text => document.querySelector('#nd-search-status').textContent != text",
        arg=before,
    )
    announced = status(page)
    assert f"filtered by {tag}" in announced or "with these filters" in announced
    assert len(result_paths(page)) <= everything
    assert parse_qs(urlsplit(page.url).query)["tag"] == [tag]


def test_without_javascript_the_page_says_search_needs_it(
    browser: object, base_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(base_url + "search/?q=microsoft")
    assert "Search needs JavaScript" in page.locator("article").inner_text()
    assert page.locator("#nd-search-options").is_hidden()
    context.close()


def test_opening_a_result_highlights_the_words_without_errors(
    open_page: Callable[..., Page],
) -> None:
    page = search(open_page, "q=nvidia")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    link = page.locator(f"{RESULTS} h3 a").first
    assert "highlight=nvidia" in (link.get_attribute("href") or "")
    with page.expect_navigation():
        link.click()
    # Sphinx's sphinx_highlight.js marks the words (then drops the parameter).
    page.locator("article .highlighted").first.wait_for()
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_axe_violations_with_results_and_a_filter(
    open_page: Callable[..., Page], theme: str, viewport: dict[str, int]
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = search(
        open_page, "q=microsoft&tag=cloud", theme=theme, scheme=theme, viewport=viewport
    )
    page.locator(RESULTS).first.wait_for()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, report(results.response["violations"])
    # Topics (entity pages) show for a plain search: check them too.
    page = search(
        open_page, "q=microsoft", theme=theme, scheme=theme, viewport=viewport
    )
    page.locator("#nd-search-topics li").first.wait_for()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, report(results.response["violations"])


def test_more_results_load_ten_at_a_time(open_page: Callable[..., Page]) -> None:
    page = search(open_page, "q=the")
    total = count(page)
    if total <= 10:
        pytest.skip(f"only {total} posts match: nothing more to show")
    assert page.locator(RESULTS).count() == 10
    page.locator("#nd-search-posts button", has_text="Show more posts").click()
    page.locator(RESULTS).nth(10).wait_for()
    assert page.locator(RESULTS).count() == min(total, 20)
    # The keyboard goes on from the first newly shown post.
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.nd-search-result')]"
            ".indexOf(document.activeElement.closest('.nd-search-result'))"
        )
        == 10
    )


#: a result's fields, with markup and the words of HTML's escapes in them
FIELDS = {
    "title": 'Tom\'s <b>lt</b> & "quot" 39',
    "summary": "Ampersands & apostrophes ' lt amp",
    "publisher": "<i>Example</i> & Co",
    "date": "May 1, 2025",
}
#: Pagefind's API as search.js calls it: every search for posts finds one
PAGEFIND = (
    "const data = {url: '/posts/2025/x/', excerpt: '', meta: %s};\n"
    "export async function options() {}\n"
    "export function preload() {}\n"
    "export async function search(query, options) {\n"
    "  const found = options.filters.not ? [{data: async () => data}] : [];\n"
    "  return {results: found};\n"
    "}\n"
)


@pytest.mark.parametrize(
    ("query", "marked"),
    [("lt", ["lt", "lt"]), ("39", ["39"]), ("amp", ["Ampersands", "amp"])],
)
def test_a_result_shows_its_fields_as_written(
    browser: Browser, base_url: str, query: str, marked: list[str]
) -> None:
    """The query's words are marked in the title and summary themselves: found
    in their escaped HTML, "lt" was marked inside "&lt;" and the title showed
    "&lt;b&gt;" (and "39" the "&#39;" of an apostrophe)."""
    context = browser.new_context(base_url=base_url)
    context.route(
        "**/pagefind/pagefind.js",
        lambda route: route.fulfill(
            content_type="text/javascript", body=PAGEFIND % json.dumps(FIELDS)
        ),
    )
    page = context.new_page()
    page.goto(f"{base_url}search/?q={query}")
    page.locator("#nd-search-status:not(:empty)").wait_for(timeout=15_000)
    result = page.locator(RESULTS)
    assert result.locator("h3").inner_text() == FIELDS["title"]
    assert (
        result.locator(".nd-search-result__excerpt").inner_text() == (FIELDS["summary"])
    )
    meta = result.locator(".nd-search-result__meta").inner_text()
    assert meta == f"{FIELDS['date']} · {FIELDS['publisher']}"
    assert result.locator("mark").all_inner_texts() == marked
    context.close()


def test_a_body_excerpt_shows_its_text_as_written(
    browser: Browser, base_url: str
) -> None:
    """Pagefind escapes only < and > in an excerpt: a post whose text read
    "&#x202e;" showed a real right-to-left override in the results, which
    reversed the words after it. Its own <mark>s stay marks."""
    excerpt = (
        "<mark>zqxjk</mark> &#x202e;reversed text&#x202c; Q&amp;A, &lt;b&gt;bold"
        "&lt;/b&gt; and S&P"
    )
    body = PAGEFIND.replace("excerpt: ''", f"excerpt: {json.dumps(excerpt)}") % (
        json.dumps({**FIELDS, "summary": "A summary without the word."})
    )
    context = browser.new_context(base_url=base_url)
    context.route(
        "**/pagefind/pagefind.js",
        lambda route: route.fulfill(content_type="text/javascript", body=body),
    )
    page = context.new_page()
    page.goto(f"{base_url}search/?q=zqxjk")
    page.locator("#nd-search-status:not(:empty)").wait_for(timeout=15_000)
    shown = page.locator(f"{RESULTS} .nd-search-result__context")
    assert shown.inner_text() == (
        "…zqxjk &#x202e;reversed text&#x202c; Q&A, <b>bold</b> and S&P…"
    )
    assert "\u202e" not in shown.inner_text()
    assert shown.locator("mark").all_inner_texts() == ["zqxjk"]
    assert shown.locator("b").count() == 0
    context.close()
