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

# One page of every kind that readers reach, by kind (paths from the site root).
PAGES = {
    "landing": "index.html",
    "post": "posts/2025/microsoft-joins-four-trillion-club.html",
    "tags": "tags/index.html",
    "tag": "tags/cloud.html",
    "archive": "posts/index.html",
    "entity": "entities/microsoft.html",
    "series": "series/microsoft-and-xai.html",
    "search": "search.html?q=microsoft",
    "not-found": "404.html",
}
