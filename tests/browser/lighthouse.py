"""Run Lighthouse on the built site and print its scores per page.

Usage: ``python tests/browser/lighthouse.py SITE_DIR [--page NAME ...]``, run by
``nox -s audit`` after a build and ``npm ci`` (Lighthouse 12.2.3, pinned in
package.json). The site is served gzip-compressed on 127.0.0.1 like a static
host would; Lighthouse drives Debian's Chromium (``CHROME_PATH``) with the
desktop and the mobile preset. Scores are a measurement, not a gate: this exits
non-zero only when Lighthouse itself fails. Each audit that costs points is
listed under its page, and the JSON reports are kept in ``_build/lighthouse/``.
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
}
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


def lost_points(report: dict[str, object]) -> list[str]:
    """The scored audits that did not pass, with Lighthouse's own title."""
    audits: dict[str, dict[str, object]] = report["audits"]  # type: ignore[assignment]
    categories: dict[str, dict[str, object]] = report["categories"]  # type: ignore[assignment]
    lines = []
    for name, category in categories.items():
        for ref in category["auditRefs"]:  # type: ignore[attr-defined]
            audit = audits[ref["id"]]
            score = audit.get("score")
            if ref["weight"] and score is not None and score < 1:
                value = audit.get("displayValue") or ""
                lines.append(f"    {name}: {audit['title']} ({score:.2f}) {value}")
    return lines


def main() -> int:
    """Serve the site, run every page under both presets, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML site")
    parser.add_argument("--page", action="append", choices=sorted(PAGES))
    parser.add_argument("--preset", action="append", choices=["desktop", "mobile"])
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: run `npm ci` first")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: install it with `apt-get install chromium`")
    shutil.rmtree(REPORTS, ignore_errors=True)
    REPORTS.mkdir(parents=True)

    rows, notes = [], []
    with serve(args.site) as base_url:
        for page in args.page or PAGES:
            for preset in args.preset or ["desktop", "mobile"]:
                report = run_lighthouse(
                    base_url + PAGES[page], preset, REPORTS / f"{page}-{preset}.json"
                )
                categories = report["categories"]
                scores = [
                    round(100 * (categories[c]["score"] or 0))  # type: ignore[index]
                    for c in CATEGORIES
                ]
                rows.append((page, preset, *scores))
                lost = lost_points(report)
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
