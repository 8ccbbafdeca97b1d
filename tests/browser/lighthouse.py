"""Run Lighthouse on the built site and print its scores per page.

Usage: ``python tests/browser/lighthouse.py SITE_DIR [--paged-site DIR]
[--page NAME ...]``, run by ``nox -s audit`` after a build and ``npm ci``
(Lighthouse 12.2.3, pinned in package.json). An older page of a paginated
listing is measured on ``--paged-site``, the site built with
``-D newsdesk_page_size=3`` (the real site has too few posts to paginate);
without it that page is left out. The site is served gzip-compressed on
127.0.0.1 like a static host would; Lighthouse drives Debian's Chromium
(``CHROME_PATH``) with the desktop and the mobile preset. Scores are a
measurement, not a gate: this exits non-zero only when Lighthouse itself fails.
Each audit that costs points is listed under its page, and the JSON reports are
kept in ``_build/lighthouse/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from browser_env import CHROMIUM, CHROMIUM_ARGS, REPO
from site_server import serve

PAGES = {
    "landing": "",
    "post": "posts/2025/microsoft-joins-four-trillion-club/",
    "tag": "tags/cloud/",
    "search": "search/?q=microsoft",
    # Lighthouse will not audit a response with status 404 ("unable to reliably
    # load the page"), so the not-found page is measured at its own address.
    "not-found": "404/",
    # The oldest page of the archive, from the site built three posts a page.
    "older-page": "posts/page/1/",
}
#: pages measured on the paged build (``--paged-site``)
PAGED = {"older-page"}
#: pages kept out of search engines on purpose (``<meta name="robots"
#: content="noindex">``, checked in test_page_health): Lighthouse takes 40 SEO
#: points off for it, which the table notes rather than hides.
NOINDEX = {"not-found"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
REPORTS = REPO / "_build" / "lighthouse"


def run_lighthouse(url: str, preset: str, report: Path) -> dict[str, object]:
    """One Lighthouse run; the parsed JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env)
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(report: dict[str, object], *, noindex: bool = False) -> list[str]:
    """The scored audits that did not pass, with Lighthouse's own title;
    ``noindex``: the page is kept out of search engines on purpose."""
    audits: dict[str, dict[str, object]] = report["audits"]  # type: ignore[assignment]
    categories: dict[str, dict[str, object]] = report["categories"]  # type: ignore[assignment]
    lines = []
    for name, category in categories.items():
        for ref in category["auditRefs"]:  # type: ignore[attr-defined]
            audit = audits[ref["id"]]
            score = audit.get("score")
            if ref["weight"] and score is not None and score < 1:
                value = audit.get("displayValue") or ""
                if noindex and ref["id"] == "is-crawlable":
                    value = "(noindex on purpose)"
                lines.append(f"    {name}: {audit['title']} ({score:.2f}) {value}")
    return lines


def main() -> int:
    """Serve the site, run every page under both presets, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML site")
    parser.add_argument(
        "--paged-site", type=Path, help="the site built with newsdesk_page_size=3"
    )
    parser.add_argument("--page", action="append", choices=sorted(PAGES))
    parser.add_argument("--preset", action="append", choices=["desktop", "mobile"])
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: run `npm ci` first")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: install it with `apt-get install chromium`")
    shutil.rmtree(REPORTS, ignore_errors=True)
    REPORTS.mkdir(parents=True)

    pages = args.page or list(PAGES)
    rows, notes = [], []
    if args.paged_site is None and PAGED & set(pages):
        pages = [page for page in pages if page not in PAGED]
        print("older-page left out: no --paged-site given", file=sys.stderr)
    with (
        serve(args.site) as base_url,
        serve(args.paged_site or args.site) as paged_url,
    ):
        for page in pages:
            url = (paged_url if page in PAGED else base_url) + PAGES[page]
            for preset in args.preset or ["desktop", "mobile"]:
                report = run_lighthouse(url, preset, REPORTS / f"{page}-{preset}.json")
                categories = report["categories"]
                scores = [
                    round(100 * (categories[c]["score"] or 0))  # type: ignore[index]
                    for c in CATEGORIES
                ]
                rows.append((page, preset, *scores))
                lost = lost_points(report, noindex=page in NOINDEX)
                if lost:
                    notes.append(f"  {page} ({preset}):")
                    notes.extend(lost)

    header = ("page", "preset", "perf", "a11y", "best-pr.", "seo")
    print("\nLighthouse 12 scores (" + ", ".join(CATEGORIES) + ")")
    print("  ".join(f"{h:<10}" for h in header))
    for row in rows:
        print("  ".join(f"{cell!s:<10}" for cell in row))
    if notes:
        print("\nWhat cost points:")
        print("\n".join(notes))
    print(f"\nJSON reports: {REPORTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
