"""Site search with Pagefind, in place of Sphinx's own search index.

Sphinx's ``searchindex.js`` is one file that every search downloads whole (2.5 MB
at 1,000 posts) and that indexes every page, listings included. Pagefind reads
the finished output folder and writes ``pagefind/``: an index split into small
chunks, of which a search fetches only those its words need.

What is indexed is decided by the pages themselves: the post template wraps a
post's body in ``data-pagefind-body`` and lists its metadata, filters and sort
key (``newsdesk/partials/search-fields.html``, from ``newsdesk_search``). Once
any page has ``data-pagefind-body``, Pagefind skips every page without it, so
the landing page, the archive and the index pages are never results. Entity,
tag and series pages are indexed too, with a ``kind`` filter telling them
apart; posts have none, so a search for posts (``not`` those kinds) loads the
small filter chunk of the few topic pages, not one that lists every post.

The search page's menus list the filter values the build knows (the same
values the posts carry), so it never asks Pagefind for every filter's
chunks: a first search downloads only what its words and filters need.

Pagefind reads *search records*, not the published pages: when a result page
is written, its indexed part (the same template partial) goes into a small file
of its own beside the doctrees, at the page's path. Pagefind then parses a
fifth of the HTML, in half the time, and a record that did not change (a page
rewritten for its navigation, a new theme) does not make the index be built
again. A build missing a record (its folder deleted) indexes the pages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx import locale
from sphinx.util import logging

from newsdesk import children, dates, run
from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx

    from newsdesk.index.views import PostView


logger = logging.getLogger(__name__)

#: the filters a reader chooses from on the search page, in its order
FILTERS = ("tag", "entity", "publisher", "series", "year")
#: the builders whose output Pagefind indexes
HTML_BUILDERS = frozenset({"html", "dirhtml"})
#: Pagefind's folder in the output, as the search page's script expects it
BUNDLE = "pagefind"
#: the search records' folder in the doctree folder, one per builder
RECORDS = "newsdesk-search"
RECORD_TEMPLATE = "newsdesk/search-record.html"
#: Page chrome inside an indexed body, kept out of the index and so out of
#: excerpts: as ``data-pagefind-ignore`` on each, without touching the node
#: classes that make it (the byline, tags and entity chips, the source callout,
#: the "Report: ..." labels under headings, banners, generated listings).
IGNORED = (
    ".headerlink",
    ".nd-post-header",
    ".nd-source",
    ".nd-part-kind",
    ".nd-status-banner",
    ".nd-corrections",
    ".nd-entity-facts",
    ".nd-listing-intro",
    ".nd-listing-section",
    ".nd-post-list",
    ".nd-subscribe",
    ".nd-source-mix",
)


def disable_sphinx_search(app: Sphinx) -> None:
    """``builder-inited``: no ``searchindex.js``, and no time spent building it.

    With ``search`` off, Sphinx writes no index and no search page;
    ``add_search_page`` writes the page instead.
    """
    if app.builder.name in HTML_BUILDERS:
        app.builder.search = False  # type: ignore[attr-defined]


def add_search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the search page, on Pagefind's script, with
    every filter value the posts carry in its menus.

    Not in a preview: its menus would list only the previewed posts' values.
    """
    if app.builder.name in HTML_BUILDERS and run.whole_site(app):
        views = registry.views(app.env).values()
        # A title, as every other page has: its link previews name it.
        context = {
            "title": locale._("Search"),
            "newsdesk_search_options": filter_options(views),
        }
        yield "search", context, "newsdesk/search.html"


def filter_options(views: Iterable[PostView]) -> list[tuple[str, list[str]]]:
    """Each filter's values, as the posts' search fields give them: years
    newest first, the others in alphabetical order."""
    found: dict[str, set[str]] = {key: set() for key in FILTERS}
    for view in views:
        for key, value in post_filters(view):
            found[key].add(value)
    return [
        (
            key,
            sorted(values, reverse=True)
            if key == "year"
            else sorted(values, key=lambda v: (v.casefold(), v)),
        )
        for key, values in found.items()
    ]


def add_search_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (late, once the page's context is complete):
    ``newsdesk_search`` on pages that are results, and their search records."""
    if app.builder.name not in HTML_BUILDERS:
        return
    fields = search_fields(app, pagename)
    if fields is not None or pagename in app.env.all_docs:
        # Records may have changed: start_index looks. Under -j the first
        # document is written here in the main process, the others in workers.
        app.newsdesk_records_touched = True  # type: ignore[attr-defined]
    if fields is not None:
        context["newsdesk_search"] = fields
        if run.whole_site(app):  # a preview builds no index
            write_record(app, pagename, context)


def note_removed(
    app: Sphinx,
    env: object,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: a removed document may leave a record to delete."""
    if removed:
        app.newsdesk_records_touched = True  # type: ignore[attr-defined]
    return []


def records_dir(app: Sphinx) -> Path:
    """The search records of this builder's pages (html and dirhtml differ)."""
    return Path(app.doctreedir, RECORDS, app.builder.name)


def record_path(app: Sphinx, pagename: str) -> str:
    """A page's record, relative to ``records_dir``: its output file's path,
    so Pagefind gives the record the page's URL."""
    builder = app.builder
    outfile = os.fspath(builder.get_outfilename(pagename))  # type: ignore[attr-defined]
    # Not os.path.relpath: this runs for every result on every build.
    prefix = os.path.join(os.fspath(builder.outdir), "")
    return outfile[len(prefix) :].replace(os.sep, "/")


def write_record(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Write the page's search record, unless it holds these bytes already.

    Kept as it is when unchanged, so its time stamp says when what is indexed
    last changed; written from a ``-j`` writer process too, where nothing set
    on ``app`` would reach the main process.
    """
    data = app.builder.templates.render(RECORD_TEMPLATE, context).encode()
    path = records_dir(app) / record_path(app, pagename)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def result_pages(app: Sphinx) -> set[str]:
    """Every page that is a search result (those ``search_fields`` describes)."""
    env = app.env
    index = registry.site(env)
    return {
        *registry.views(env),
        *registry.entities(env),
        *(f"tags/{slug}" for slug in index.tags),
        *(f"series/{slug}" for slug in index.series),
    }


def search_fields(app: Sphinx, pagename: str) -> dict[str, Any] | None:
    """What Pagefind stores of one page: kind, metadata, filters, sort key.

    ``None`` for pages that are not results. ``meta`` and ``filters`` are
    (key, text) pairs; the template puts each text in an attribute, which
    Pagefind reads verbatim (inline ``key:value`` would split on commas).
    """
    env = app.env
    view = registry.views(env).get(pagename)
    if view is not None:
        return post_fields(view, app.config.language or "en")
    entity = registry.entities(env).get(pagename)
    if entity is not None:
        return _listing_fields("entity", entity.name)
    index = registry.site(env)
    folder, _, slug = pagename.partition("/")
    if folder == "tags" and slug in index.tags:
        return _listing_fields("tag", index.tags[slug].name)
    if folder == "series" and slug in index.series:
        return _listing_fields("series", index.series[slug].name)
    return None


def post_fields(post: PostView, language: str) -> dict[str, Any]:
    """A post's search fields, from its view: title, date, publisher and
    summary to show; tags, entities, publishers, series and year to filter
    on; date to sort by."""
    card, source = post.card, post.source
    publisher = (
        f"{source.reporter} via {source.publisher}"
        if source.reporter
        else source.publisher
    )
    published = card.published.astimezone(dt.UTC)
    return {
        "kind": "post",
        "meta": [
            ("title", post.title),
            ("kind", "post"),
            ("date", dates.long_date(card.published.date(), language)),
            ("publisher", publisher),
            ("summary", card.summary),
        ],
        "filters": post_filters(post),
        # Minutes in UTC sort as text in publication order, whatever the zone.
        "sort": published.strftime("%Y-%m-%dT%H:%M"),
    }


def post_filters(post: PostView) -> list[tuple[str, str]]:
    """A post's filter values: year, publishers, tags, entities, series.

    No ``kind``: only topic pages have one (see the module's docstring).
    """
    filters = [("year", str(post.card.published.year))]
    filters += [("publisher", name) for name in dict.fromkeys(post.publishers)]
    filters += [("tag", name) for name in post.tag_names]
    filters += [("entity", name) for name in post.entity_names]
    if post.series:
        filters.append(("series", post.series.name))
    return filters


def _listing_fields(kind: str, name: str) -> dict[str, Any]:
    """An entity, tag or series page: findable by its name, as its own kind.

    No date sort key: sorting by date lists posts only.
    """
    return {
        "kind": kind,
        "meta": [("title", name), ("kind", kind)],
        "filters": [("kind", kind)],
        "sort": None,
    }


def start_index(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (first): start indexing the output into ``pagefind/``.

    Every page is written by now; Pagefind runs on the second core while the
    feeds, the API, the sitemap and the snapshot are written, and
    ``finish_index`` waits for it at the end.

    When a search record changed, every record is read again, written in this
    build or not, so an incremental build still gets a complete index; the old
    bundle is removed first, so no chunk of an earlier index is left behind. A
    build that changed no record keeps the index it has.
    """
    if (
        exception is not None
        or app.builder.name not in HTML_BUILDERS
        or not run.whole_site(app)  # a preview's few pages need no index
    ):
        return
    outdir = Path(app.outdir)
    bundle = outdir / BUNDLE
    entry = bundle / "pagefind-entry.json"
    if entry.exists() and not getattr(app, "newsdesk_records_touched", False):
        return  # no document or result written or removed: no record changed
    complete, changed = sync_records(app, entry)
    if not changed:
        return  # nothing indexed changed: the index on disk is complete
    shutil.rmtree(bundle, ignore_errors=True)
    config = app.config
    if complete:
        site, glob = records_dir(app), "**/*.html"
    else:
        # Only the output folders that hold results (posts, entities, tags, series).
        folders = sorted(
            {config.newsdesk_posts_dir, config.newsdesk_entities_dir, "tags", "series"}
        )
        site, glob = outdir, "{" + ",".join(folders) + "}/**/*.html"
        logger.info("search: some pages have no search record; indexing the pages")
    try:
        app.newsdesk_pagefind = _Indexer(  # type: ignore[attr-defined]
            site, bundle, config.language or "en", glob
        )
    except (OSError, RuntimeError) as error:
        _could_not_index(outdir, error)


def sync_records(app: Sphinx, entry: Path) -> tuple[bool, bool]:
    """Delete the records of pages that are no longer results; then say
    whether every result has a record, and whether the index needs building
    (none yet, a record gone, or one newer than the index)."""
    wanted = {record_path(app, page) for page in result_pages(app)}
    root = records_dir(app)
    found: dict[str, int] = {}
    prefix = len(os.path.join(root, ""))
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            found[path[prefix:].replace(os.sep, "/")] = os.stat(path).st_mtime_ns
    stale = found.keys() - wanted
    for name in stale:
        (root / name).unlink(missing_ok=True)
    try:
        built = entry.stat().st_mtime_ns
    except OSError:
        return wanted <= found.keys(), True
    newer = any(found[name] > built for name in found.keys() - stale)
    return wanted <= found.keys(), bool(stale) or newer


def finish_index(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (last but one): wait for Pagefind; say what it did."""
    indexer: _Indexer | None = getattr(app, "newsdesk_pagefind", None)
    if indexer is None:
        return
    app.newsdesk_pagefind = None  # type: ignore[attr-defined]
    try:
        indexer.wait()
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        _could_not_index(Path(app.outdir), error)
        return
    entry = _entry(indexer.bundle)
    if entry is None:
        logger.warning(
            "search: Pagefind wrote no readable %s/pagefind-entry.json",
            BUNDLE,
            type="newsdesk",
            subtype="search",
        )
        return
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    logger.info("search: Pagefind indexed %d pages into %s/", indexed, BUNDLE)


def _could_not_index(outdir: Path, error: BaseException) -> None:
    # The binary missing (OSError) or failing (RuntimeError): one warning,
    # which -W turns into a failed build.
    logger.warning(
        "search: Pagefind could not index %s: %s",
        outdir,
        error or type(error).__name__,
        type="newsdesk",
        subtype="search",
    )


def _entry(bundle: Path) -> dict[str, Any] | None:
    """Pagefind's entry file (read once its binary has exited), or None."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and "languages" in entry else None


class _Indexer:
    """Pagefind's own binary over the output, in the background.

    Not its Python API: that stops the binary as soon as the write request is
    answered, and on a loaded machine the last files were still being written
    (an empty entry file, a truncated script). The binary run to its end
    leaves every file complete. Its options go in a pagefind.json of a scratch
    folder, the documented way to pass lists such as the excluded selectors.
    """

    def __init__(self, site: Path, bundle: Path, language: str, glob: str) -> None:
        """Index the ``glob`` files of ``site`` (the records, or the output)."""
        from pagefind.service import get_executable

        binary = get_executable()  # the one in the pagefind-bin wheel, or on PATH
        if binary is None:
            msg = "its binary is not installed (pagefind[bin])"
            raise RuntimeError(msg)
        self.bundle = bundle
        options = {
            "site": str(site.resolve()),
            "output_path": str(bundle.resolve()),
            "glob": glob,
            "exclude_selectors": list(IGNORED),
            "force_language": language,
        }
        self._scratch = tempfile.TemporaryDirectory(prefix="newsdesk-pagefind-")
        Path(self._scratch.name, "pagefind.json").write_text(
            json.dumps(options), "utf-8"
        )
        self._process = children.start(
            [str(binary), "--silent"],
            cwd=self._scratch.name,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self) -> None:
        """Until the binary has finished; its last message if it failed."""
        try:
            out, err = self._process.communicate()
        finally:
            self._scratch.cleanup()
        if self._process.returncode != 0:
            message = (err or out).strip().splitlines()
            code = self._process.returncode
            raise RuntimeError(message[-1] if message else f"exit code {code}")
