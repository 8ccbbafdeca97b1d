"""A one-post preview that reads one post, not the whole site.

A full or incremental build of a big site spends most of its time loading,
checking and saving the environment of every document, however small the edit.
A preview does not need them: what a post's page shows of other posts (previous
and next, related posts, its series, tag and entity links) comes from their
metadata, which every web build saves here as the *site snapshot*
(``newsdesk-site.pickle`` beside the doctrees: the registry's records of every
post and entity, with each post's title and heading anchors, and the site
index built from them).

A preview (``newsdesk_preview = ["posts/2025/slug.md"]``) then reads only the
named posts and the site's own pages (landing, indexes, entities, standards:
everything that is not a post), and takes every other post from the snapshot.
When the posts and entities it read have the front matter the snapshot has
(a body edit), the snapshot's site index is used as it is; otherwise the index
is built again from every record, as in a full build (0.7 s at 10,000 posts).
The post's page is built by the same templates and checks as in a full build,
so it looks and warns the same; site-wide files (feeds, API, listings' older
pages, cards, sitemap, search index) are not written.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from newsdesk import run
from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from newsdesk.index.model import SiteIndex
    from newsdesk.index.records import EntityMeta, PostMeta

logger = logging.getLogger(__name__)

FILE = "newsdesk-site.pickle"
#: bump when the snapshot's shape changes (the registry's ENV_VERSION too)
VERSION = 2


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What a preview needs of the posts it does not read."""

    version: tuple[int, int]
    posts: dict[str, PostMeta]
    entities: dict[str, EntityMeta]
    #: docname -> page title, as MyST's links show it
    titles: dict[str, str]
    #: docname -> the page's metadata (orphan, MyST's heading anchors)
    metadata: dict[str, dict[str, Any]]
    #: the site index of these records, and the related-post count it used
    index: SiteIndex | None = None
    related_count: int = 0


def _version() -> tuple[int, int]:
    return (VERSION, registry.ENV_VERSION)


def path_in(doctreedir: str | Path) -> Path:
    return Path(doctreedir) / FILE


# -- writing, after every web build of the whole site -----------------------------


def note_changes(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: whether the snapshot must be written again."""
    read = bool(added or changed or removed)
    app.newsdesk_snapshot_stale = read  # type: ignore[attr-defined]
    app.newsdesk_documents_read = read  # type: ignore[attr-defined]
    return []


def write_snapshot(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: save every post's and entity's record for previews."""
    if exception is not None or not run.whole_site(app):
        return
    target = path_in(app.doctreedir)
    if target.exists() and not getattr(app, "newsdesk_snapshot_stale", True):
        return  # nothing was read: the saved one is current
    env = app.env
    posts = dict(registry.posts(env))
    index = registry.saved_site(env)
    if index is not None:  # what this build wrote, not what it would write next
        index = dataclasses.replace(
            index, pages_to_write=frozenset(), pages_removed=frozenset()
        )
    snapshot = Snapshot(
        version=_version(),
        posts=posts,
        entities=dict(registry.entities(env)),
        titles={d: env.titles[d].astext() for d in posts if d in env.titles},
        metadata={d: dict(env.metadata.get(d, {})) for d in posts},
        index=index,
        related_count=app.config.newsdesk_related_posts,
    )
    partial = target.with_suffix(".tmp")
    partial.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(target)


# -- reading, in a preview --------------------------------------------------------


def preview_patterns(app: Sphinx, config: Config) -> None:
    """``config-inited``: read only the previewed posts and the site's own pages."""
    wanted = config.newsdesk_preview
    if isinstance(wanted, str):  # -D newsdesk_preview=a.md,b.md
        wanted = [p.strip() for p in wanted.split(",") if p.strip()]
    config.newsdesk_preview = [Path(p).as_posix().removeprefix("./") for p in wanted]
    if not config.newsdesk_preview:
        return
    posts = config.newsdesk_posts_dir.rstrip("/")
    patterns = list(config.include_patterns or ["**"])
    if patterns == ["**"]:  # Sphinx's default: everything, posts included
        patterns = ["*.md", *(f"{d}/**" for d in _folders(app, posts))]
    kept = [p for p in patterns if not p.startswith(f"{posts}/")]
    # The site's own page in the posts folder (the archive) stays.
    config.include_patterns = [*kept, f"{posts}/index.md", *config.newsdesk_preview]
    # Sphinx matches every file it walks against those patterns; the folders
    # of the other years are left out of its walk (0.1 s at 10,000 posts).
    wanted = {
        PurePosixPath(p).relative_to(posts).parts[0]
        for p in config.newsdesk_preview
        if PurePosixPath(p).is_relative_to(posts)
    }
    root = Path(app.srcdir, posts)
    others = [
        f"{posts}/{d.name}"
        for d in (sorted(root.iterdir()) if root.is_dir() else ())
        if d.is_dir() and d.name not in wanted
    ]
    config.exclude_patterns = [*config.exclude_patterns, *others]


class _NoInventory:
    """A preview's builder: Sphinx's, without ``objects.inv``.

    A preview's folder is never published, and its inventory would list every
    post of the snapshot (0.3-0.4 s at 10,000 posts, a sixth of a preview).
    """

    def dump_inventory(self) -> None:
        return


def preview_builders(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after :func:`preview_patterns`): in a preview, the web
    builders are Sphinx's own under their own names, without the inventory."""
    if not config.newsdesk_preview:
        return
    from sphinx.builders.dirhtml import DirectoryHTMLBuilder
    from sphinx.builders.html import StandaloneHTMLBuilder

    for base in (StandaloneHTMLBuilder, DirectoryHTMLBuilder):
        preview = type(base.__name__, (_NoInventory, base), {"__doc__": base.__doc__})
        app.add_builder(preview, override=True)


def _folders(app: Sphinx, posts: str) -> list[str]:
    """The top-level folders of the source, except the posts folder."""
    root = Path(app.srcdir)
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and p.name != posts and not p.name.startswith(("_", "."))
    )


def load(path: str | Path) -> Snapshot | None:
    try:
        snapshot = pickle.loads(Path(path).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return None
    if not isinstance(snapshot, Snapshot) or snapshot.version != _version():
        return None
    return snapshot


def prepare_preview(app: Sphinx, builder: object) -> None:
    """``write-started`` (early): in a preview, every post it did not read, from
    the snapshot, then the site index and views over all of them, and the
    cross-document problems of the pages it read.

    This runs after Sphinx saved the environment (and on every build, even one
    with nothing to read), so the saved environment holds only the pages the
    preview read: the next save loads and saves little, and no post from the
    snapshot looks like a removed document then.
    """
    if not run.previewing(app):
        return
    env = app.env
    source = app.config.newsdesk_preview_snapshot or str(path_in(app.doctreedir))
    snapshot = load(source)
    if snapshot is None:
        logger.warning(
            "no site snapshot at %s (or from another version): build the site "
            "once (nox -s docs) so the preview can show the other posts",
            source,
            type="newsdesk",
            subtype="preview",
        )
    else:
        _add_other_posts(env, snapshot)
    from newsdesk.index import refresh, site

    # The garbage collector is off for the whole preview (newsdesk.collector).
    saved = _saved_index(app, env, snapshot) if snapshot is not None else None
    index, _ = refresh.index_site(app, env, saved)
    site.report_problems(env, index, only=env.found_docs)


def _saved_index(
    app: Sphinx, env: BuildEnvironment, snapshot: Snapshot
) -> SiteIndex | None:
    """The snapshot's site index, if the records the preview has still give it.

    The index is a pure function of every post's and entity's docname, front
    matter and its lines, an entity's name, and the related-post count
    (``site.build_index``; never a post's title or body, as
    ``tests/test_preview.py`` checks). Records not read come from the snapshot
    itself, so only the pages the preview read are compared.
    """
    posts, entities = registry.posts(env), registry.entities(env)
    if (
        snapshot.index is None
        or snapshot.related_count != app.config.newsdesk_related_posts
        or posts.keys() != snapshot.posts.keys()
        or entities.keys() != snapshot.entities.keys()
    ):
        return None
    for docname in env.found_docs:
        if docname in posts:
            post, saved_post = posts[docname], snapshot.posts[docname]
            if (post.fields, post.lines) != (saved_post.fields, saved_post.lines):
                return None
        elif docname in entities:
            entity, saved_entity = entities[docname], snapshot.entities[docname]
            if entity != saved_entity:
                return None
    return snapshot.index


def _add_other_posts(env: BuildEnvironment, snapshot: Snapshot) -> None:
    posts, entities = registry.posts(env), registry.entities(env)
    read = env.found_docs
    for docname, post in snapshot.posts.items():
        if docname not in read:
            posts[docname] = post
            # What MyST's and Sphinx's resolvers look up for a link to the post.
            env.all_docs.setdefault(docname, 0)
            title = snapshot.titles.get(docname, post.title)
            env.titles[docname] = nodes.title(title, title)
            env.metadata[docname] = dict(snapshot.metadata.get(docname, {}))
    for docname, entity in snapshot.entities.items():
        if docname not in read:
            entities[docname] = entity


def no_search_index(app: Sphinx) -> None:
    """``builder-inited``: a preview writes no search index (it has one post)."""
    if run.previewing(app) and hasattr(app.builder, "search"):
        app.builder.search = False
