"""What the browser tests and the Lighthouse audit share: where the repository
and Chromium are, the flags Chromium runs with, and the screen sizes."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
# Headless, as root, and without the background requests to Google's services
# that a machine without internet access refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1350, "height": 940}
MOBILE = {"width": 390, "height": 844}

# One page of every kind that readers reach, by kind: clean URLs (the dirhtml
# build), as paths from the site root.
PAGES = {
    "landing": "",
    "post": "posts/2025/microsoft-joins-four-trillion-club/",
    # Its corrections shown above the text, and its original report beside the source.
    "corrected-post": "posts/2025/microsoft-prepares-to-host-grok-on-azure/",
    "corrections": "corrections/",
    "tags": "tags/",
    "tag": "tags/cloud/",
    "archive": "posts/",
    "entity": "entities/microsoft/",
    "series": "series/microsoft-and-xai/",
    "publisher": "publishers/bloomberg/",
    "standards": "standards/corrections/",
    "search": "search/?q=microsoft",
    "not-found": "404/",
}


def page_file(site: Path, path: str) -> Path:
    """The file that serves ``path`` (a URL path from the site root)."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    return site / path / "index.html" if not path or path.endswith("/") else site / path
