"""What a search costs a reader: bytes over the wire and time to first results.

The built site is served on 127.0.0.1 gzip-compressed, as the browser tests
serve it (``tests/browser/site_server.py``), and opened in Chromium with
Playwright: once with a first query (the search page and the index chunks it
needs), then with a second query on the same page (only the further chunks).
Also reported: the pagefind/ folder's file count and size, for the floor
(plain Sphinx) the size of the ``searchindex.js`` every Sphinx search loads,
and the spread of first searches over more queries (each in a new browser
context, so nothing is cached): one query's figure depends on which index
chunks its words fall in.
Needs requirements/browser.txt (Playwright) and Debian's Chromium.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.browser_env import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.browser.site_server import serve

#: the status line search.js fills in once results are shown
_SHOWN = "document.querySelector('#nd-search-status').textContent.includes({!r})"


def bundle(out: Path) -> dict[str, int]:
    """The pagefind/ folder: how many files, how many bytes."""
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    return {
        "pagefind_files": len(files),
        "pagefind_bytes": sum(p.stat().st_size for p in files),
    }


def searchindex(out: Path) -> dict[str, int]:
    """Sphinx's index (the floor's), as stored and as sent gzip-compressed."""
    data = (out / "searchindex.js").read_bytes()
    return {
        "searchindex_bytes": len(data),
        "searchindex_gzip_bytes": len(gzip.compress(data, 6, mtime=0)),
    }


def measure(
    out: Path, first: str, second: str, more: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Bytes and milliseconds of a first and a second search on the built site;
    then the first search's bytes for each of ``more`` (median and largest)."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = bundle(out)
    with serve(out) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_context(viewport=DESKTOP).new_page()
        finished: list[Any] = []
        page.on("requestfinished", lambda request: finished.append(request))

        start = time.monotonic()
        page.goto(f"{url}search.html?q={quote(first)}")
        page.wait_for_function(_SHOWN.format(first), polling=10, timeout=60_000)
        figures["first_results_ms"] = round((time.monotonic() - start) * 1000)
        figures["first_search_bytes"] = _transferred(finished)
        figures["first_search_index_bytes"] = _transferred(finished, "/pagefind/")
        figures["first_search_requests"] = len(finished)
        figures["first_results"] = page.locator(".nd-search-result").count()

        finished.clear()
        start = time.monotonic()
        page.fill("#nd-search-q", second)
        page.press("#nd-search-q", "Enter")
        page.wait_for_function(_SHOWN.format(second), polling=10, timeout=60_000)
        figures["second_results_ms"] = round((time.monotonic() - start) * 1000)
        figures["second_search_bytes"] = _transferred(finished)
        figures["second_search_requests"] = len(finished)
        if more:
            sizes = [_first_search(browser, url, query) for query in more]
            figures["spread_queries"] = len(sizes)
            figures["spread_median_bytes"] = round(statistics.median(sizes))
            figures["spread_max_bytes"] = max(sizes)
            figures["spread_over_300k"] = sum(size > 300_000 for size in sizes)
        browser.close()
    return figures


def _first_search(browser: Any, url: str, query: str) -> int:
    """Bytes a first search for ``query`` transfers, in a new context."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(f"{url}search.html?q={quote(query)}")
    page.wait_for_function(_SHOWN.format(query), polling=10, timeout=60_000)
    size = _transferred(finished)  # before closing: the sizes come from the page
    context.close()
    return size


def _transferred(requests: list[Any], under: str = "") -> int:
    """Response bytes as sent (compressed), headers included; only for URLs
    with ``under`` in them, when given."""
    total = 0
    for request in requests:
        if under not in request.url:
            continue
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total
