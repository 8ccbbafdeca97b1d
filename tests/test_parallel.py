"""Parallel reading (``-j``) gives the same site as a serial build.

Each document is read in a forked worker under ``-j``; the newsdesk domain's
``merge_domaindata`` brings posts and entities back, and everything that spans
documents is computed after the merge. tests/roots/test-parallel has more than
five documents per worker chunk, so Sphinx really reads in parallel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from newsdesk.index import domain as registry

#: The parts of each page that show data spanning documents.
REGIONS = (
    "nav.nd-post-nav",
    ".nd-post-header",
    "aside.nd-series",
    "aside.nd-related",
    "ul.nd-cards",
    "section.nd-listing-section",
    "ul.nd-tag-cloud",
    "ul.nd-post-list",
    "article h1",
)


def build(rootdir: Path, tmp: Path, parallel: int) -> SphinxTestApp:
    srcdir = tmp / f"parallel-{parallel}"
    shutil.copytree(rootdir / "test-parallel", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, parallel=parallel)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def merged() -> list[str]:
    """Docnames that reached ``merge_domaindata`` (called only in parallel reads)."""
    return []


@pytest.fixture(scope="module")
def builds(rootdir, tmp_path_factory, merged):
    tmp = tmp_path_factory.mktemp("parallel")
    original = registry.NewsdeskDomain.merge_domaindata

    def spy(self, docnames, otherdata):
        merged.extend(docnames)
        return original(self, docnames, otherdata)

    serial = build(rootdir, tmp, 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry.NewsdeskDomain, "merge_domaindata", spy)
        parallel = build(rootdir, tmp, 2)
    return serial, parallel


def regions(outdir: Path) -> dict[str, list[str]]:
    """page -> the prettified cross-document regions, for every built page."""
    out = {}
    for path in sorted(outdir.rglob("*.html")):
        name = path.relative_to(outdir).as_posix()
        if name.startswith(("_", "search", "genindex")):
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        out[name] = [el.prettify() for sel in REGIONS for el in soup.select(sel)]
    return out


def test_both_builds_are_clean(builds, merged):
    serial, parallel = builds
    assert serial.warning.getvalue() == ""
    assert parallel.warning.getvalue() == ""
    # Really parallel: every document was read in a worker and merged back.
    assert parallel.is_parallel_allowed("read")
    assert parallel.is_parallel_allowed("write")
    assert sorted(merged) == sorted(parallel.env.found_docs)


def test_registry_is_the_same(builds):
    serial, parallel = builds
    assert registry.posts(parallel.env) == registry.posts(serial.env)
    assert registry.entities(parallel.env) == registry.entities(serial.env)
    assert registry.listings(parallel.env) == registry.listings(serial.env)
    assert registry.entity_refs(parallel.env) == registry.entity_refs(serial.env)
    assert registry.entity_refs(serial.env) == {"posts/2024/lone": ["Beep Corp"]}
    assert len(registry.posts(serial.env)) == 9


def test_site_index_is_the_same(builds):
    serial, parallel = builds
    one, two = registry.site(serial.env), registry.site(parallel.env)
    assert one.chronological == two.chronological
    assert one.tags == two.tags
    assert one.entity_posts == two.entity_posts
    assert one.post_entities == two.post_entities
    assert one.series == two.series
    assert one.related == two.related
    assert one.problems == two.problems == {}
    # Equal dates are ordered by path in both (charlie/delta, echo/foxtrot).
    assert one.chronological == tuple(
        f"posts/{p}"
        for p in (
            "2024/lone",
            "2024/alpha",
            "2024/bravo",
            "2025/charlie",
            "2025/delta",
            "2025/echo",
            "2025/foxtrot",
            "2025/golf",
            "2025/hotel",
        )
    )


def test_pages_show_the_same_cross_document_content(builds):
    serial, parallel = builds
    one, two = regions(Path(serial.outdir)), regions(Path(parallel.outdir))
    assert sorted(one) == sorted(two)
    # Every kind of page is compared, and has something to compare.
    for name in (
        "index.html",
        "archive.html",
        "tags.html",
        "tags/ai.html",
        "entities/index.html",
        "entities/acme.html",
        "series/acme-saga.html",
        "posts/2025/echo.html",
    ):
        assert one[name], name
    for name in one:
        assert one[name] == two[name], name
