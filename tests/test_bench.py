"""The benchmark still runs: a tiny site, one build per variant, a complete report.

Benchmarks are measurements, not tests; this only keeps ``nox -s bench`` working.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench"


@pytest.fixture(scope="module")
def bench_modules():
    sys.path.insert(0, str(BENCH))
    try:
        import generate
        import run

        yield generate, run
    finally:
        sys.path.remove(str(BENCH))


def test_generated_posts_are_deterministic_and_valid(bench_modules, tmp_path):
    from newsdesk.reading import frontmatter, metadata

    generate, _ = bench_modules
    first = generate.write_site(tmp_path / "a", 5)
    second = generate.write_site(tmp_path / "b", 5)
    assert [p.site_text() for p in first] == [p.site_text() for p in second]
    for post in first:
        text = (tmp_path / "a" / f"{post.docname}.md").read_text(encoding="utf-8")
        loaded = frontmatter.load(text)
        fields, problems = metadata.check_post(loaded.data, loaded.lines)
        assert problems == [], post.docname
        assert 1 <= len(fields.tags) <= 4
        for heading in ("## News Overview", "## In-Depth Analysis", "## Commentary"):
            assert heading in loaded.body
        assert 700 <= len(loaded.body.split()) <= 1000
    assert len(list((tmp_path / "a" / "entities").glob("*.md"))) == 61  # + index


def test_quick_run_reports_every_figure(bench_modules, tmp_path, monkeypatch):
    _, run = bench_modules
    out = tmp_path / "bench.json"
    built = []
    real = run.sphinx

    def spy(src, *args, **kwargs):
        built.append(src.name)
        return real(src, *args, **kwargs)

    monkeypatch.setattr(run, "sphinx", spy)
    run.main(
        [
            "--posts",
            "5",
            "--quick",
            "--repeat",
            "2",
            "--json",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
        ]
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {"posts", "variants", "ratios", "targets", "versions"} <= set(report)
    site = report["variants"]["site"]
    assert site["full_serial"]["returncode"] == 0
    assert site["full_serial"]["warnings"] == []
    assert site["full_serial"]["seconds"] > 0
    # The fastest of two runs is the one reported.
    assert site["full_serial"]["seconds"] == min(site["full_serial"]["runs_seconds"])
    assert len(site["full_serial"]["runs_seconds"]) == 2
    # Interleaved, so that the machine's drift weighs on both variants alike.
    assert built[:4] == ["site", "floor", "site", "floor"]
    assert site["full_serial"]["peak_rss_mib"] > 0
    assert site["sizes"]["post_page_bytes"] > 0
    assert (tmp_path / "work" / "site-html" / "index.html").exists()
    assert "full_serial.seconds" in report["ratios"]
    assert "full build <= 1.10x floor (CPU)" in report["targets"]
    check = report["targets"]["full build <= 1.00x floor (wall)"]
    assert check["ok"] == (report["ratios"]["full_serial.seconds"] <= 1.0)
    assert site["sizes"]["largest_html_bytes"] > site["sizes"]["post_page_bytes"] / 2
    assert site["full_serial"]["cpu_seconds"] > 0


def test_search_without_playwright_stops_before_any_build(
    bench_modules, tmp_path, monkeypatch, capsys
):
    """``--search`` found missing after ten minutes of builds would waste them."""
    import importlib.util

    import search  # bench/search.py

    _, run = bench_modules
    monkeypatch.setattr(search, "CHROMIUM", sys.executable)  # a file that exists
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "playwright" else real(name, *a),
    )
    monkeypatch.setattr(run, "sphinx", lambda *a, **k: pytest.fail("a build ran"))
    with pytest.raises(SystemExit):
        run.main(["--posts", "3", "--search", "--workdir", str(tmp_path)])
    assert "--search needs Playwright" in capsys.readouterr().err


def test_the_site_variant_starts_with_its_extension_compiled(bench_modules, tmp_path):
    """Builds run with the bytecode a contributor's machine keeps, even where
    PYTHONDONTWRITEBYTECODE stops Python writing it: else the site alone would
    compile its extension in every timed build."""
    _, run = bench_modules
    site = run.prepare(tmp_path, "site", 3, 0)
    floor = run.prepare(tmp_path, "floor", 3, 0)
    sources = list((site.src / "_ext").rglob("*.py"))
    assert sources
    for source in sources:
        assert Path(importlib.util.cache_from_source(str(source))).is_file(), source
    assert not (floor.src / "_ext").exists()
