"""The posts API (``build-finished``): every published post as JSON, split by year.

``api/posts.json`` is an index pointing at one file per year
(``api/posts/<year>.json``), so no single file grows with the whole archive;
``api/posts.schema.json`` is the JSON Schema of both, published next to them.
Entity and series slices (``api/entities/<slug>.json``, ``api/series/<slug>.json``)
list their posts' ids and URLs and the year file holding each. Everything is
built from the registry and the site index, with absolute URLs under
``html_baseurl`` when it is set, and written only when its bytes change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from newsdesk import run
from newsdesk.index import domain as registry
from newsdesk.index import refresh
from newsdesk.index.moves import followed, identities, read_redirects
from newsdesk.text import plural
from newsdesk.writing.feeds import Urls, stable_id, write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from newsdesk.index.site import SiteIndex
    from newsdesk.index.views import PostView
    from newsdesk.reading.metadata import Source

logger = logging.getLogger(__name__)

API_DIR = "api"
INDEX = f"{API_DIR}/posts.json"
SCHEMA_OUT = f"{API_DIR}/posts.schema.json"
SCHEMA_SRC = Path(__file__).parent.parent / "schema" / "api.schema.json"
VERSION = 1


def _source(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
    }
    if source.date:
        data["date"] = source.date.isoformat()
    if source.archive:
        data["archive"] = source.archive
    if source.reported_by:
        data["reported_by"] = source.reported_by
    return data


def post_record(
    post: PostView,
    app: Sphinx,
    urls: Urls,
    path: str,
    identity: dict[str, str],
) -> dict[str, Any]:
    """One post as the API lists it (``id`` survives renames, as in feeds)."""
    card = post.card
    record: dict[str, Any] = {
        "id": stable_id(app.config.project, identity.get(post.docname, post.docname)),
        "url": urls.page(path, post.docname),
        "title": post.title,
        "summary": card.summary,
        "published": card.published.isoformat(),
        "modified": post.modified.isoformat(),
        "tags": post.tag_names,
        "entities": post.entity_names,
        "series": post.series.name if post.series else None,
        "source": _source(post.source),
        "original": _source(post.source.original) if post.source.original else None,
        "corrections": [
            {"date": c.date.isoformat(), "kind": c.kind, "text": c.text}
            for c in post.corrections
        ],
    }
    if post.updated:
        record["updated"] = post.updated.isoformat()
    return record


def api_files(app: Sphinx, index: SiteIndex) -> dict[str, Any]:
    """Output path -> JSON document, for every file of the API."""
    posts = registry.posts(app.env)
    views = registry.views(app.env)
    urls = Urls(app.builder, app.config.html_baseurl or "")
    # the lines the build follows: a refused one gives no post another's id
    moved = read_redirects(Path(app.srcdir))[0]
    identity = identities({o: moved[o] for o in followed(moved, app.env.found_docs)})
    by_year: dict[int, list[str]] = {}
    for docname in index.newest_first():
        by_year.setdefault(posts[docname].fields.published.year, []).append(docname)
    files: dict[str, Any] = {}
    year_of: dict[str, str] = {}
    # the index and each year file, which a program may fetch alone
    license = app.config.newsdesk_license
    licensed = {"license": dict(license)} if license else {}
    for year, docnames in by_year.items():
        path = f"{API_DIR}/posts/{year}.json"
        files[path] = {
            "version": VERSION,
            "year": year,
            **licensed,
            "posts": [
                post_record(views[d], app, urls, path, identity) for d in docnames
            ],
        }
        year_of.update(dict.fromkeys(docnames, path))
    files[INDEX] = {
        "version": VERSION,
        "site": app.config.project,
        "schema": urls.file(INDEX, SCHEMA_OUT),
        **licensed,
        "count": len(index.chronological),
        "years": [
            {
                "year": y,
                "count": len(d),
                "url": urls.file(INDEX, f"{API_DIR}/posts/{y}.json"),
            }
            for y, d in by_year.items()
        ],
    }

    def slice_(path: str, name: str, docnames: tuple[str, ...] | list[str]) -> None:
        files[path] = {
            "version": VERSION,
            "name": name,
            "posts": [
                {
                    "id": stable_id(app.config.project, identity.get(d, d)),
                    "url": urls.page(path, d),
                    "title": posts[d].title,
                    "published": posts[d].fields.published.isoformat(),
                    "data": urls.file(path, year_of[d]),
                }
                for d in docnames
            ],
        }

    entities = registry.entities(app.env)
    for docname, members in sorted(index.entity_posts.items()):
        if members and docname in entities:
            slug = docname.rsplit("/", 1)[-1]
            slice_(f"{API_DIR}/entities/{slug}.json", entities[docname].name, members)
    for series in index.series.values():
        slice_(f"{API_DIR}/series/{series.slug}.json", series.name, series.posts[::-1])
    return files


def published_schema(urls: Urls) -> bytes:
    """The schema as served: its ``$id`` is the address it is published at.

    The source's ``$id`` is a placeholder; a validator that registers the schema
    under its ``$id`` would otherwise not find it at the address ``posts.json``
    names. A local build has no address: without ``$id``, the file's own URL is
    its base (JSON Schema 2020-12, section 8.2.1).
    """
    schema = json.loads(SCHEMA_SRC.read_text(encoding="utf-8"))
    if urls.baseurl:
        schema["$id"] = urls.file(SCHEMA_OUT, SCHEMA_OUT)
    else:
        del schema["$id"]
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode()


def write_api(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the API files that changed, drop stale ones."""
    builder = app.builder
    if exception is not None or not run.whole_site(app):
        return
    if refresh.site_files_current(app):
        return  # nothing they show changed since they were written
    outdir = Path(builder.outdir)
    files = api_files(app, registry.site(app.env))
    for path, data in files.items():
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_if_changed(outdir / path, text.encode())
    write_if_changed(
        outdir / SCHEMA_OUT,
        published_schema(Urls(builder, app.config.html_baseurl or "")),
    )
    for stale in (outdir / API_DIR).rglob("*.json"):
        rel = stale.relative_to(outdir).as_posix()
        if rel not in files and rel != SCHEMA_OUT:
            stale.unlink()
    logger.info("newsdesk: posts API, %s", plural(len(files) + 1, "file"))
