"""``nox -s preview`` in Chromium: the open page reloads itself when a build
ends, and shows the contributor's edit, with no click."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsdesk.index import snapshot
from newsdesk.tools import live
from sitebuild import build, copy_root

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

POST = "posts/2025/grok-confirmed"


def test_the_page_reloads_with_the_edit_after_a_save(
    browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    srcdir = copy_root(tmp_path, "knowledge")
    full = build(srcdir, "dirhtml", builddir=tmp_path / "full")
    out = tmp_path / "preview"
    argv = [
        *("-q", "-b", "dirhtml", "-d", str(tmp_path / "preview-doctrees")),
        *("-D", f"newsdesk_preview={POST}.md"),
        *("-D", f"newsdesk_preview_snapshot={snapshot.path_in(full.doctreedir)}"),
        str(srcdir),
        str(out),
    ]
    builds = live.Builds(argv, live.preload(srcdir))
    httpd = live.server(out, builds, 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        assert builds.build() == 0
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{POST}/")
        assert page.title().startswith("Grok")
        with (srcdir / f"{POST}.md").open("a", encoding="utf-8") as post:
            post.write("\nA sentence the reader sees without reloading.\n")
        assert builds.build() == 0
        edit = page.get_by_text("A sentence the reader sees without reloading.")
        for _ in range(3):  # if the page's event stream opened after that build
            try:
                edit.wait_for(timeout=5_000)
                break
            except PlaywrightTimeout:
                builds.finished()  # another build's end
        assert edit.is_visible()
    finally:
        page.close()
        httpd.shutdown()
        httpd.server_close()
        builds.close()
