"""Site search: Pagefind indexes posts (and entity, tag and series pages as their
own kinds) at the end of every HTML build; Sphinx's own index is gone.

Built on tests/roots/test-knowledge (posts with entities, a series, tags). The
Pagefind fragments, one per indexed page, are read back from the output: they
are what a search shows (URL, text, metadata, filters).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import page, warnings_of
from sitebuild import build, copy_root

POSTS = {
    "posts/2025/chips",
    "posts/2025/grok-at-build",
    "posts/2025/grok-confirmed",
    "posts/2025/grok-rumour",
    "posts/2025/nadella-interview",
}
#: words of page chrome that must never reach the index or an excerpt
CHROME = ("min read", "Published", "Source article", "Report:", "Related posts")


def fragments(outdir: str | Path) -> dict[str, dict]:
    """Every page Pagefind indexed, by URL: its text, metadata and filters."""
    found = {}
    for path in sorted((Path(outdir) / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data.removeprefix(b"pagefind_dcd"))
        found[fragment["url"]] = fragment
    return found


def bundle(outdir: str | Path) -> dict[str, bytes]:
    """The pagefind/ folder's files, by path."""
    root = Path(outdir) / "pagefind"
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(copy_root(tmp_path_factory.mktemp("html"), "knowledge"))


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory):
    return build(copy_root(tmp_path_factory.mktemp("dirhtml"), "knowledge"), "dirhtml")


def test_posts_are_indexed_with_their_fields(site):
    assert warnings_of(site.warning) == []
    found = fragments(site.outdir)
    # Posts carry no "kind" filter: search.js asks for posts as "not a topic",
    # which loads only the topic pages' small filter chunk.
    posts = {url: f for url, f in found.items() if f["meta"]["kind"] == "post"}
    assert set(posts) == {f"/{doc}.html" for doc in POSTS}
    assert all("kind" not in f["filters"] for f in posts.values())
    grok = posts["/posts/2025/grok-at-build.html"]
    assert grok["meta"] == {
        "title": "Grok at Build",
        "kind": "post",
        "date": "March 10, 2025",
        "publisher": "Example News",
        "summary": "Grok at Build, a post of the knowledge test site.",
    }
    filters = grok["filters"]
    assert filters["tag"] == ["AI"]
    assert filters["entity"] == ["Microsoft", "xAI", "Grok", "Azure"]
    assert filters["series"] == ["Microsoft and xAI"]
    assert filters["publisher"] == ["Example News"]
    assert filters["year"] == ["2025"]
    # Its own words are the text; no chrome, and the title once (no "¶").
    assert grok["content"].startswith("Grok at Build. Body of Grok at Build.")
    for fragment in posts.values():
        for word in (*CHROME, "¶"):
            assert word not in fragment["content"], (fragment["url"], word)


def test_post_pages_mark_body_metadata_and_sort_key(site):
    soup = page(site, "posts/2025/grok-at-build")
    body = soup.select("[data-pagefind-body]")
    assert len(body) == 1
    assert body[0].h1.get_text().startswith("Grok at Build")
    # The metadata is outside the body and hidden: it is not read as text.
    fields = soup.select_one("div[hidden][data-pagefind-sort]")
    assert fields["data-pagefind-sort"] == "date:2025-03-10T09:00"
    assert fields.find_parent(attrs={"data-pagefind-body": True}) is None
    assert fields.get_text(strip=True) == ""  # values in attributes: no page text
    # Related posts and prev/next stay out of the body.
    assert body[0].select(".nd-related, .nd-post-nav, nav") == []


def test_entity_tag_and_series_pages_are_their_own_kind_once(site):
    found = fragments(site.outdir)
    kinds = {url: f["filters"].get("kind") for url, f in found.items()}
    assert kinds["/entities/microsoft.html"] == ["entity"]
    assert kinds["/tags/chips.html"] == ["tag"]
    assert kinds["/series/microsoft-and-xai.html"] == ["series"]
    microsoft = found["/entities/microsoft.html"]
    assert microsoft["meta"]["title"] == "Microsoft"
    # The entity's own description; not the list of its posts' summaries.
    assert "A software and cloud company." in microsoft["content"]
    assert "knowledge test site" not in microsoft["content"]
    # Only posts carry a date to sort by, so sorting by date lists posts only.
    assert "date" not in microsoft.get("sort", {})


def test_listings_and_indexes_are_not_results(site):
    found = fragments(site.outdir)
    for url in ("/index.html", "/entities/index.html", "/series/index.html"):
        assert url not in found
    for name in ("index", "entities/index", "series/index", "search"):
        assert page(site, name).select("[data-pagefind-body]") == [], name


def test_sphinx_search_index_is_gone(site):
    outdir = Path(site.outdir)
    assert not (outdir / "searchindex.js").exists()
    entry = json.loads((outdir / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(fragments(outdir))
    unwanted = ("searchindex.js", "searchtools.js", "language_data.js")
    for path in outdir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [name for name in unwanted if name in text], path


def test_search_page_runs_on_pagefind(site):
    soup = page(site, "search")
    scripts = [s.get("src", "") for s in soup.select("script")]
    assert "_static/search.js" in scripts
    form = soup.select_one("form#nd-search-form")
    # It submits to the page itself: HTML allows no empty action for that.
    assert form.get("action") is None
    assert form.select_one("input[name=q]")["aria-label"] == "Search words"
    for key in ("sort", "tag", "entity", "publisher", "series", "year"):
        select = form.select_one(f"select[name={key}]")
        assert soup.select_one(f"label[for={select['id']}]"), key
    assert "needs JavaScript" in soup.noscript.get_text()
    assert soup.select_one("[role=status][aria-live=polite]")
    # Indexable, as its own canonical URL (a ?q= variant names it too).
    assert soup.select_one('meta[name="robots"]') is None


def test_search_menus_list_every_value_the_posts_carry(site):
    """The menus come from the build, so the page needs no filter chunk of
    Pagefind's to fill them, and they hold exactly the index's values."""
    menus = {
        select["name"]: [o.get_text() for o in select.select("option")[1:]]
        for select in page(site, "search").select("form#nd-search-form select")
        if select["name"] != "sort"
    }
    indexed: dict[str, set[str]] = {key: set() for key in menus}
    for fragment in fragments(site.outdir).values():
        for key, values in fragment["filters"].items():
            if key in indexed:
                indexed[key].update(values)
    assert {key: set(values) for key, values in menus.items()} == indexed
    assert menus["entity"] == sorted(menus["entity"], key=str.casefold)
    assert menus["year"] == sorted(menus["year"], reverse=True)
    assert "Microsoft and xAI" in menus["series"]
    # The sidebar's search box leads here.
    sidebar = page(site, "posts/2025/chips").select_one("form.sidebar-search-container")
    assert sidebar["action"] == "../../search.html"


def test_dirhtml_urls_have_no_html_suffix(dirhtml):
    assert warnings_of(dirhtml.warning) == []
    outdir = Path(dirhtml.outdir)
    assert not (outdir / "searchindex.js").exists()
    found = fragments(outdir)
    assert "/posts/2025/grok-at-build/" in found
    assert not [url for url in found if url.endswith(".html")]
    search = page(dirhtml, "search/index")
    assert "../_static/search.js" in [s.get("src") for s in search.select("script")]


def test_incremental_builds_keep_a_complete_identical_index(tmp_path):
    """Sphinx rewrites only changed pages; Pagefind reads them all again."""
    srcdir = copy_root(tmp_path, "knowledge")
    first = build(srcdir)
    before, files = fragments(first.outdir), bundle(first.outdir)
    post = srcdir / "posts/2025/chips.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("Body of Chips.", "Body of wafers."),
        encoding="utf-8",
    )
    again = build(srcdir, fresh=False)
    found = fragments(again.outdir)
    assert set(found) == set(before)
    assert "wafers" in found["/posts/2025/chips.html"]["content"]
    # No chunk of the earlier index is left behind.
    assert set(bundle(again.outdir)) != set(files)
    assert len(bundle(again.outdir)) == len(files)


def test_a_build_that_writes_no_result_keeps_the_index(tmp_path):
    """Re-indexing costs a read of every result page: a no-op build skips it,
    and so does one that rewrites only pages that are not results."""
    srcdir = copy_root(tmp_path, "knowledge")
    first = build(srcdir)
    entry = Path(first.outdir) / "pagefind/pagefind-entry.json"
    stamp = entry.stat().st_mtime_ns
    build(srcdir, fresh=False)  # nothing changed
    assert entry.stat().st_mtime_ns == stamp
    about = srcdir / "index.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n")
    build(srcdir, fresh=False)  # the landing page only: not a result
    assert entry.stat().st_mtime_ns == stamp
    assert set(fragments(first.outdir)) >= {"/posts/2025/chips.html"}


def records(app) -> dict[str, str]:
    """The build's search records, by path: what Pagefind read."""
    root = Path(app.doctreedir) / "newsdesk-search" / app.builder.name
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.html"))
    }


def test_pagefind_reads_each_results_search_record(site):
    """One small record per result page, at its output path: the page's indexed
    part and fields, without the theme, the sidebar or the navigation."""
    found = records(site)
    assert {f"/{name}" for name in found} == set(fragments(site.outdir))
    assert "search: some pages have no search record" not in site.status.getvalue()
    record = BeautifulSoup(found["posts/2025/grok-at-build.html"], "html.parser")
    published = page(site, "posts/2025/grok-at-build")
    assert record.select_one("[data-pagefind-body]") == published.select_one(
        "[data-pagefind-body]"
    )
    assert record.select_one("div[hidden][data-pagefind-sort]") == (
        published.select_one("div[hidden][data-pagefind-sort]")
    )
    assert record.select("nav, aside.nd-related, .sidebar-drawer, script, link") == []
    assert record.html["lang"] == "en"


def test_pages_give_the_same_index_when_records_are_missing(tmp_path):
    """A build without its records (their folder deleted) indexes the
    published pages instead, and finds the same text, fields and URLs."""
    srcdir = copy_root(tmp_path, "knowledge")
    first = build(srcdir)
    from_records = fragments(first.outdir)
    shutil.rmtree(Path(first.doctreedir) / "newsdesk-search")
    shutil.rmtree(Path(first.outdir) / "pagefind")
    again = build(srcdir, fresh=False)
    assert "search: some pages have no search record" in again.status.getvalue()
    assert fragments(again.outdir) == from_records


def test_a_rewrite_that_leaves_every_record_keeps_the_index(tmp_path):
    """A new site title rewrites every page but none of what is indexed."""
    srcdir = copy_root(tmp_path, "knowledge")
    first = build(srcdir)
    entry = Path(first.outdir) / "pagefind/pagefind-entry.json"
    stamp = entry.stat().st_mtime_ns
    post = Path(first.outdir) / "posts/2025/chips.html"
    written = post.stat().st_mtime_ns
    build(srcdir, fresh=False, confoverrides={"html_title": "Another Newsdesk"})
    assert "Another Newsdesk" in post.read_text(encoding="utf-8")
    assert post.stat().st_mtime_ns != written
    assert entry.stat().st_mtime_ns == stamp


def test_a_post_gone_leaves_the_index(tmp_path):
    srcdir = copy_root(tmp_path, "knowledge")
    first = build(srcdir)
    assert "/posts/2025/chips.html" in fragments(first.outdir)
    assert "posts/2025/chips.html" in records(first)
    (srcdir / "posts/2025/chips.md").unlink()
    again = build(srcdir, fresh=False)
    assert "/posts/2025/chips.html" not in fragments(again.outdir)
    assert "posts/2025/chips.html" not in records(again)


def test_a_parallel_build_indexes_what_its_writers_changed(tmp_path):
    """Under -j, result pages are written in worker processes: the index is
    built again from what they wrote, not from a flag the main process set."""
    srcdir = copy_root(tmp_path, "knowledge")
    build(srcdir, parallel=2)
    # "index" sorts first, so the main process writes it and a worker the post.
    landing = srcdir / "index.md"
    landing.write_text(landing.read_text(encoding="utf-8") + "\nOne more line.\n")
    post = srcdir / "posts/2025/chips.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("Body of Chips.", "Body of wafers."),
        encoding="utf-8",
    )
    again = build(srcdir, fresh=False, parallel=2)
    assert "wafers" in fragments(again.outdir)["/posts/2025/chips.html"]["content"]


def test_same_input_gives_the_same_index(tmp_path):
    """Pages and the word index are byte-identical from one build to the next.

    Pagefind 1.5.2 writes each filter's values in hash-map order, which changes
    from run to run, so the filter chunks (and the entry that names them by
    hash) are the same data in another order, not the same bytes.
    """
    one = bundle(build(copy_root(tmp_path / "one", "knowledge")).outdir)
    two = bundle(build(copy_root(tmp_path / "two", "knowledge")).outdir)
    stable = ("fragment/", "index/", "wasm.", "pagefind.js", "pagefind-ui.js")
    same = {name for name in one if name.startswith(stable)}
    assert same
    assert {name: one[name] for name in same} == {name: two[name] for name in same}
    filters = [name for name in one if name.startswith("filter/")]
    assert len(filters) == len([name for name in two if name.startswith("filter/")])


def test_a_failing_pagefind_is_one_warning(tmp_path, monkeypatch):
    """The binary's own error, said once; no traceback, and -W fails on it."""
    import subprocess

    from newsdesk.writing import search

    popen = subprocess.Popen

    def fails(command, **kwargs):
        failing = ["sh", "-c", "echo 'Error: disk full' >&2; exit 1"]
        return popen(failing, **kwargs)

    monkeypatch.setattr(search.subprocess, "Popen", fails)
    app = build(copy_root(tmp_path, "knowledge"))
    warnings = [w for w in app.warning.getvalue().splitlines() if "WARNING" in w]
    assert len(warnings) == 1
    assert "search: Pagefind could not index" in warnings[0]
    assert "Error: disk full" in warnings[0]
    assert "Traceback" not in app.warning.getvalue()
