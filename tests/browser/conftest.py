"""Fixtures for the browser tests: the built site, served locally, and Chromium.

The tests drive Debian's Chromium (``apt-get install chromium``) through
Playwright; Playwright's own browser download is never used. ``nox -s browser``
builds the site and passes its folder in ``NEWSDESK_BROWSER_SITE``; without it the
site is built into a temporary folder first. Playwright is imported inside the
fixtures so that ``nox -s tests``, which does not install it, can still collect
(and deselect) these tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .browser_env import CHROMIUM, CHROMIUM_ARGS, DESKTOP, REPO
from .site_server import serve

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, BrowserContext, Page


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built HTML site: ``$NEWSDESK_BROWSER_SITE``, or a fresh build."""
    given = os.environ.get("NEWSDESK_BROWSER_SITE")
    if given:
        path = Path(given).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"NEWSDESK_BROWSER_SITE={given}: no index.html there")
        return path
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "dirhtml"]
    subprocess.run([*command, str(REPO), str(out)], check=True, cwd=REPO)
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served on 127.0.0.1, gzip-compressed like a static host."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} not found: install it with `apt-get install chromium`, "
            "or set NEWSDESK_CHROMIUM to a Chromium or Chrome program"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """Open a site path in a fresh browser profile; returns the page.

    ``theme`` ("light", "dark" or "auto") is what the reader last picked with
    Furo's toggle (stored in localStorage); ``viewport`` is DESKTOP or MOBILE;
    ``scheme`` and ``motion`` are the system's colour scheme and motion setting.
    External requests are answered by the test, so nothing leaves the machine.
    """
    contexts: list[BrowserContext] = []

    def _open(
        path: str = "",
        *,
        viewport: dict[str, int] = DESKTOP,
        theme: str = "light",
        scheme: str = "light",
        motion: str = "no-preference",
    ) -> Page:
        context = browser.new_context(
            viewport=viewport,
            color_scheme=scheme,
            reduced_motion=motion,
            base_url=base_url,
        )
        contexts.append(context)
        if theme != "auto":
            # Only a first visit's choice: a later toggle must survive navigation.
            context.add_init_script(
                f"localStorage.getItem('theme') || localStorage.setItem('theme', '{theme}')"
            )
        context.route(
            lambda url: not url.startswith(base_url),
            lambda route: route.fulfill(status=204, body=""),
        )
        page = context.new_page()
        page.goto(base_url + path)
        return page

    yield _open
    for context in contexts:
        context.close()
