"""The site index across builds: incremental rebuilds rewrite what changed, no more,
and leave nothing stale; and the real site builds with warnings as errors.

Incremental tests build a copy of tests/roots/test-parallel, change its sources,
and build again on the same folder with the saved environment (as ``sphinx-build``
without ``-E`` does).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from conftest import REPO, page
from newsdesk.index import domain as registry
from newsdesk.reading import drafts, metadata
from newsdesk.writing import listings


class Site:
    """A built test site on disk that can be edited and rebuilt incrementally."""

    def __init__(self, srcdir: Path) -> None:
        self.srcdir = srcdir
        self.outdir = srcdir / "_build" / "html"  # SphinxTestApp's default
        self.app: SphinxTestApp | None = None

    def build(self, fresh: bool = False, warnings: str = "") -> SphinxTestApp:
        app = SphinxTestApp("html", srcdir=self.srcdir, freshenv=fresh)
        try:
            app.build()
        finally:
            app.cleanup()
        assert strip_escape_sequences(app.warning.getvalue()) == warnings
        assert Path(app.outdir) == self.outdir
        self.app = app
        return app

    def mtimes(self) -> dict[str, int]:
        return {
            p.relative_to(self.outdir).as_posix(): p.stat().st_mtime_ns
            for p in self.outdir.rglob("*.html")
            if "_static" not in p.parts
        }

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.srcdir / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new), encoding="utf-8")

    def rebuild(self, warnings: str = "") -> set[str]:
        """Build again (not fresh); return the pages whose files were written."""
        before = self.mtimes()
        self.build(warnings=warnings)
        after = self.mtimes()
        return {name for name, mtime in after.items() if before.get(name) != mtime}

    def pages_containing(self, text: str) -> list[str]:
        return sorted(
            name
            for name in self.mtimes()
            if text in (self.outdir / name).read_text(encoding="utf-8")
        )

    def soup(self, name: str) -> BeautifulSoup:
        html = (self.outdir / name).read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory) -> tuple[Path, Path]:
    """test-parallel built once at ``src``, and a copy of it all (mtimes kept)."""
    base = tmp_path_factory.mktemp("incremental")
    srcdir = base / "src"
    shutil.copytree(rootdir / "test-parallel", srcdir)
    Site(srcdir).build(fresh=True)
    shutil.copytree(srcdir, base / "pristine")
    return srcdir, base / "pristine"


@pytest.fixture
def site(built) -> Site:
    """The built site, restored at the path it was built in (Sphinx discards an
    environment whose source folder moved), ready to edit and rebuild."""
    srcdir, pristine = built
    shutil.rmtree(srcdir)
    shutil.copytree(pristine, srcdir)
    return Site(srcdir)


def nav_titles(site: Site, name: str) -> dict[str, str]:
    nav = site.soup(name).select_one("nav.nd-post-nav")
    return {
        a["rel"][0]: a.select_one(".nd-post-nav__title").get_text()
        for a in nav.select("a[rel]")
    }


def test_nothing_changed_rewrites_no_post(site):
    written = site.rebuild()
    assert not {name for name in written if name.startswith(("posts/", "tags/"))}


def test_new_title_rewrites_the_pages_that_show_it_and_no_others(site):
    site.edit("posts/2025/charlie.md", "# Post charlie", "# Charlie, renamed")
    written = site.rebuild()
    # Its neighbours show the new title in their previous/next links.
    assert nav_titles(site, "posts/2024/bravo.html")["next"] == "Charlie, renamed"
    assert nav_titles(site, "posts/2025/delta.html")["prev"] == "Charlie, renamed"
    # Every page that showed the old title was rewritten: nothing is stale.
    assert site.pages_containing("Post charlie") == []
    index = registry.site(site.app.env)
    showing = {
        f"{d}.html"
        for d, related in index.related.items()
        if "posts/2025/charlie" in related
    } | {f"{d}.html" for d in index.series["acme-saga"].posts}
    assert showing | {"posts/2024/bravo.html", "posts/2025/delta.html"} <= written
    assert {"tags/ai.html", "series/acme-saga.html", "entities/acme.html"} <= written
    # Pages that never show it are left alone.
    untouched = {
        "posts/2024/lone.html",
        "tags/weather.html",
        "tags/chips.html",
        "series/road-trip.html",
        "entities/wile-e-coyote.html",
    }
    assert not untouched & written


def test_removing_an_entity_updates_its_page_and_the_post(site):
    """The issue's incremental case: no stale entity or related lists."""
    assert "Post hotel" in site.soup("entities/roadrunner.html").get_text()
    site.edit(
        "posts/2025/hotel.md",
        "entities: [Acme, Roadrunner, Wile E. Coyote]",
        "entities: [Acme, Wile E. Coyote]",
    )
    written = site.rebuild()
    assert {"entities/roadrunner.html", "posts/2025/hotel.html"} <= written
    timeline = site.soup("entities/roadrunner.html").select(".nd-post-list__title a")
    assert [a.get_text() for a in timeline] == [
        "Post golf",
        "Post charlie",
        "Post bravo",
    ]
    header = site.soup("posts/2025/hotel.html").select(".nd-entities a")
    assert [a.get_text() for a in header] == ["Acme", "Wile E. Coyote"]
    counts = {
        li.select_one("a").get_text(): li.select_one(".nd-count").get_text().strip()
        for li in site.soup("entities/index.html").select("ul.nd-entity-list li")
    }
    assert counts["Roadrunner"] == "3"
    # Related lists are recomputed from the new entities.
    assert registry.site(site.app.env).related == _fresh_related(site)


def test_renamed_entity_and_dropped_alias_reach_posts_that_did_not_change(site):
    """Entity pages change what unchanged posts show and whether they are valid."""
    site.edit("entities/acme.md", "# Acme", "# Acme Inc.")
    site.edit("entities/acme.md", "aliases: [ACME Corp]", "aliases: [Acme]")
    site.edit("entities/beep-works.md", "aliases: [Beep Corp]", "aliases: []")
    written = site.rebuild(
        warnings="posts/2025/charlie.md:5: WARNING: entities: unknown entity "
        "'ACME Corp' (did you mean 'Acme Inc.'?); add entities/<slug>.md for it, "
        "or list it as an alias of an existing entity [newsdesk.metadata]\n"
        # The post linking the old alias in its text is rewritten, and warns.
        "posts/2024/lone.md:14: WARNING: {entity}`Beep Corp`: unknown entity "
        "'Beep Corp' (did you mean 'Beep Works'?); add entities/<slug>.md for it, "
        "or list it as an alias of an existing entity [newsdesk.entity]\n"
    )
    assert {"posts/2024/alpha.html", "entities/index.html"} <= written
    assert "posts/2024/lone.html" in written
    assert site.soup("posts/2024/lone.html").select("a .nd-entity-ref") == []
    header = site.soup("posts/2024/alpha.html").select(".nd-entities a")
    assert [a.get_text() for a in header] == ["Acme Inc."]
    header = site.soup("posts/2025/charlie.html").select(".nd-entities a")
    assert [a.get_text() for a in header] == ["Roadrunner"]
    assert site.pages_containing(">Acme<") == []


def _fresh_related(site: Site) -> dict[str, tuple[str, ...]]:
    """The related posts a fresh build computes from the same sources."""
    fresh = SphinxTestApp("html", srcdir=site.srcdir, freshenv=True)
    try:
        fresh.build()
        return registry.site(fresh.env).related
    finally:
        fresh.cleanup()


def test_deleting_a_post_removes_its_page_and_fixes_its_neighbours(site):
    (site.srcdir / "posts/2025/foxtrot.md").unlink()
    site.rebuild()
    assert not (site.outdir / "posts/2025/foxtrot.html").exists()
    assert nav_titles(site, "posts/2025/echo.html")["next"] == "Post golf"
    assert nav_titles(site, "posts/2025/golf.html")["prev"] == "Post echo"
    assert site.pages_containing("foxtrot") == []


def test_adding_a_post_updates_neighbours_archive_and_tag_page(site):
    shutil.copy(site.srcdir / "posts/2025/golf.md", site.srcdir / "posts/2025/india.md")
    site.edit("posts/2025/india.md", "date: 2025-03-01", "date: 2025-02-20")
    site.edit("posts/2025/india.md", "# Post golf", "# Post india")
    site.edit("posts/2025/india.md", "news.example.com/golf", "news.example.com/india")
    written = site.rebuild()
    assert "posts/2025/india.html" in written
    assert nav_titles(site, "posts/2025/foxtrot.html")["next"] == "Post india"
    assert nav_titles(site, "posts/2025/golf.html")["prev"] == "Post india"
    archive = [
        a.get_text() for a in site.soup("archive.html").select("#archive-2025-02 li a")
    ]
    assert archive == ["Post india", "Post foxtrot", "Post echo"]
    for tag in ("cloud", "chips"):
        titles = [a.get_text() for a in site.soup(f"tags/{tag}.html").select("li a")]
        assert "Post india" in titles
    cards = [a.get_text() for a in site.soup("index.html").select(".nd-card-title a")]
    assert cards[:3] == ["Post hotel", "Post golf", "Post india"]


def test_renaming_a_tag_removes_the_old_tag_page(site):
    site.edit("posts/2024/lone.md", "tags: [weather]", "tags: [climate]")
    written = site.rebuild()
    assert "tags/climate.html" in written
    assert not (site.outdir / "tags/weather.html").exists()
    assert [a.get_text() for a in site.soup("tags.html").select("a.nd-tag")] == [
        "ai",
        "chips",
        "climate",
        "cloud",
    ]


# -- the real site ------------------------------------------------------------------

#: Top-level folders the site does not read (conf.py's include_patterns): not copied.
_SKIP = {".git", "_build", ".nox", "node_modules", ".venv", "tests", "bench"}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> SphinxTestApp:
    """One build of the repository itself, as ``nox -s docs`` runs it."""
    srcdir = tmp_path_factory.mktemp("site") / "src"
    shutil.copytree(
        REPO,
        srcdir,
        ignore=lambda folder, names: _SKIP & set(names) if Path(folder) == REPO else (),
    )
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def _post_pages(app: SphinxTestApp) -> list[str]:
    return sorted(registry.posts(app.env))


def test_real_site(real_site):
    """Warnings as errors; every post has its callout and <time>, and the landing
    page reaches every post (the archive link on it lists them all)."""
    assert real_site.warning.getvalue() == ""
    assert real_site.statuscode == 0
    posts = _post_pages(real_site)
    assert len(posts) >= 8
    for docname in posts:
        soup = page(real_site, docname)
        callout = soup.select_one("article aside.nd-source")
        assert callout is not None, docname
        assert callout.select_one("a.nd-source__link")["href"].startswith("http")
        time = soup.select_one(".nd-post-header time[datetime]")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*", time["datetime"]), docname
        # Previous/next follow publication order; Furo's toctree-order links
        # (which would contradict them) are absent.
        prev, nxt = registry.site(real_site.env).neighbours(docname)
        for rel, other in (("prev", prev), ("next", nxt)):
            link = soup.select_one(f"nav.nd-post-nav a[rel={rel}]")
            href = link["href"].removesuffix(".html") if link else None
            target = posixpath.normpath(posixpath.join(docname, "..", href or ""))
            assert (target if link else None) == other, docname
        assert soup.select(".related-pages a") == [], docname
    archive = {
        a["href"].removesuffix(".html")
        for a in page(real_site, "posts/index").select("article a.reference.internal")
    }
    assert {d.removeprefix("posts/") for d in posts} <= archive
    assert _reachable(real_site, "index") >= set(posts)


def test_real_site_names_its_licence_and_the_licence_files_are_no_pages(real_site):
    """The licence conf.py names is the one LICENSE-CONTENT gives, in every
    page's footer; the about page says what it leaves out; and neither licence
    file became a page."""
    assert not any(d.upper().startswith("LICENSE") for d in real_site.env.found_docs)
    url = real_site.config.newsdesk_license["url"]
    assert f"{url}legalcode" in (REPO / "LICENSE-CONTENT").read_text("utf-8")
    for name in ("index", "about", "standards/ethics", _post_pages(real_site)[0]):
        links = page(real_site, name).select("footer .nd-license a[rel=license]")
        assert [a["href"] for a in links] == [url], name
    about = page(real_site, "about").select_one("article").get_text(" ")
    assert "Quotations from the articles we cite remain their publishers" in " ".join(
        about.split()
    )


def test_real_site_knowledge_layer(real_site):
    """Issue "knowledge layer", done when: every post names its entities as links
    and links related posts, each entity page has a description and lists every
    post naming it, and at least two series link all their parts."""
    index = registry.site(real_site.env)
    for docname in _post_pages(real_site):
        soup = page(real_site, docname)
        entities = [a.get_text() for a in soup.select(".nd-post-header .nd-entities a")]
        names = [
            registry.entities(real_site.env)[d].name
            for d in index.post_entities[docname]
        ]
        assert entities == names != [], docname
        assert soup.select(".nd-related li a"), docname
    for docname, entity in registry.entities(real_site.env).items():
        soup = page(real_site, docname)
        prose = [
            p.get_text()
            for p in soup.select("article section > p")
            if "nd-entity-facts" not in p.get("class", [])
        ]
        assert any(len(text) >= 40 for text in prose), docname
        listed = soup.select("#posts-about .nd-post-list__title a")
        assert len(listed) == len(index.entity_posts[docname]), entity.name
    long_series = [s for s in index.series.values() if len(s.posts) >= 2]
    assert len(long_series) >= 2
    for series in long_series:
        for docname in series.posts:
            box = page(real_site, docname).select_one("aside.nd-series")
            assert len(box.select("ol li")) == len(series.posts)
            assert len(box.select("ol li a")) == len(series.posts) - 1


def _reachable(app: SphinxTestApp, start: str) -> set[str]:
    """Pages reached from ``start`` by following links in page content."""
    outdir = Path(app.outdir)
    seen, todo = {start}, [start]
    while todo:
        name = todo.pop()
        soup = page(app, name)
        for link in soup.select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href.endswith(".html") or "://" in href:
                continue
            target = (outdir / name).parent.joinpath(href).resolve()
            docname = target.relative_to(outdir.resolve()).as_posix()[: -len(".html")]
            if docname not in seen and target.is_file():
                seen.add(docname)
                todo.append(docname)
    return seen


def test_dirhtml_deleting_a_post_and_a_tag_removes_their_pages(rootdir, tmp_path):
    """Pretty URLs (``dirhtml``, an option on Read the Docs): the files to remove
    are ``<page>/index.html``, not the URL."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-parallel", srcdir)
    for step in ("build", "change"):
        if step == "change":
            (srcdir / "posts/2024/lone.md").unlink()
        app = SphinxTestApp("dirhtml", srcdir=srcdir, freshenv=step == "build")
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    assert (outdir / "posts/2024/alpha/index.html").is_file()
    assert not (outdir / "posts/2024/lone/index.html").exists()
    assert not (outdir / "tags/weather/index.html").exists()
    # Nor do their redirects from the .html addresses lead to a missing page.
    assert (outdir / "posts/2024/alpha.html").is_file()
    assert not (outdir / "posts/2024/lone.html").exists()
    assert not (outdir / "tags/weather.html").exists()
    alpha = BeautifulSoup(
        (outdir / "posts/2024/alpha/index.html").read_text(), "html.parser"
    )
    assert alpha.select_one("nav.nd-post-nav a[rel=prev]") is None


def test_post_with_a_listing_still_follows_its_neighbours(site):
    """A post may embed a listing (here the tags index); its signature must cover
    both the listing and its own previous/next links."""
    site.edit("posts/2025/delta.md", "Body.", "Body.\n\n```{newsdesk-tags}\n```")
    site.rebuild()
    site.edit("posts/2025/charlie.md", "# Post charlie", "# Charlie, renamed")
    written = site.rebuild()
    assert "posts/2025/delta.html" in written
    assert nav_titles(site, "posts/2025/delta.html")["prev"] == "Charlie, renamed"


# -- listings built from the index ----------------------------------------------------


class _StubContext:
    """What listings.archive needs of a Context, without a build."""

    language = "en"
    now = drafts.now()  # every post's status (draft badges) is judged at one time

    def link(self, text: str, target: str, classes=None) -> nodes.reference:
        return nodes.reference("", text, refuri=target)


def test_archive_has_one_section_per_month_with_mixed_offsets():
    """A post dated 2025-02-28T23:30-05:00 is published after one dated
    2025-03-01 (UTC) but belongs to February: months must not split in two
    (which also gave two sections the same id)."""
    fields = metadata.PostFields
    source = metadata.Source("Source", "Example News", "https://example.com/a")

    def post(slug: str, when: str) -> registry.PostMeta:
        published = metadata.parse_datetime(when, dt.UTC)
        return registry.PostMeta(
            f"posts/2025/{slug}", slug, fields(published, "s" * 20, ("t",), source), 1
        )

    posts = [
        post("march-2", "2025-03-02T10:00:00Z"),
        post("late-february", "2025-02-28T23:30:00-05:00"),
        post("march-1", "2025-03-01T00:00:00Z"),
        post("february-14", "2025-02-14T10:00:00Z"),
        post("december", "2024-12-31T23:00:00-02:00"),
    ]
    newest = sorted(posts, key=lambda p: p.sort_key, reverse=True)
    sections = listings.archive(newest, _StubContext())
    # One heading per month, newest first, each holding its own posts only.
    months = {
        s["ids"][0]: (s[0].astext(), [r.astext() for r in s.findall(nodes.reference)])
        for s in sections
    }
    assert list(months) == ["archive-2025-03", "archive-2025-02", "archive-2024-12"]
    assert months == {
        "archive-2025-03": ("March 2025", ["march-2", "march-1"]),
        "archive-2025-02": ("February 2025", ["late-february", "february-14"]),
        "archive-2024-12": ("December 2024", ["december"]),
    }
    assert not [s for s in sections if list(s.findall(nodes.section))[1:]]


def test_after_a_template_change_only_the_next_build_rewrites_listings(site):
    """A template edit rewrites the generated pages once; the build after it,
    with nothing changed, rewrites none (the new state was saved although no
    document was read), so the search index is not rebuilt either."""
    template = site.srcdir / "_templates" / "page.html"
    stamp = time.time_ns()  # newer than every template, the theme's too
    os.utime(template, ns=(stamp, stamp))
    assert "tags/ai.html" in site.rebuild()
    assert not {name for name in site.rebuild() if name.startswith(("tags/", "posts/"))}


def test_two_builders_sharing_doctrees_both_see_a_change(site):
    """``-d`` shared between builders (html, then dirhtml or linkcheck): the
    second builder must not consume the change the first has not written yet."""
    site.edit("posts/2025/charlie.md", "# Post charlie", "# Charlie, renamed")
    other = SphinxTestApp("dirhtml", srcdir=site.srcdir)
    try:
        other.build()
    finally:
        other.cleanup()
    dirhtml = Path(other.outdir) / "posts/2024/bravo/index.html"
    assert "Charlie, renamed" in dirhtml.read_text(encoding="utf-8")
    site.rebuild()
    assert nav_titles(site, "posts/2024/bravo.html")["next"] == "Charlie, renamed"


def test_a_build_that_writes_only_generated_pages_succeeds(site):
    """No document to write, one generated page missing (deleted, or stale after
    a template change): its title once crashed Sphinx's writer (no figure
    numbers yet in that build)."""
    page = site.outdir / "tags/ai.html"
    page.unlink()
    site.rebuild()
    assert page.exists()
    assert "Tag: ai" in page.read_text(encoding="utf-8")
