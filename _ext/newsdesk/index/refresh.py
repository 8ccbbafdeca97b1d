"""The cross-document pass at ``env-updated``: index, views, what to rewrite.

Runs once per build on the merged registry, never while reading (a parallel
worker only sees its own documents): the site index (``site.py``), each post's
view (``views.py``), and a digest of what every page shows from other
documents (``digests.py``). Pages whose digest changed are rewritten even when
their source did not change; nothing else is.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk import run
from newsdesk.index import digests, site
from newsdesk.index import domain as registry
from newsdesk.index.views import post_views

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from newsdesk.index.model import SiteIndex
    from newsdesk.index.views import PostView


def index_site(
    app: Sphinx, env: BuildEnvironment, index: SiteIndex | None = None
) -> tuple[SiteIndex, dict[str, PostView]]:
    """Build the site index (unless given one that holds) and every post's view
    from the registry; keep both."""
    # A preview shows the related posts of the posts it read, no others.
    wanted = env.found_docs if run.previewing(app) else None
    if index is None:
        index = site.build_index(
            registry.posts(env),
            registry.entities(env),
            app.config.newsdesk_related_posts,
            related_for=wanted,
        )
    registry.set_site(env, index)
    views = post_views(registry.posts(env), registry.entities(env), index, wanted)
    registry.set_views(env, views)
    return index, views


def build_site_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: index the site; return documents whose content changed."""
    if run.previewing(app):
        # The preview's index needs the other posts, added after the
        # environment is saved (snapshot.prepare_preview); Sphinx writes what
        # it read, and a preview writes no listing pages to track.
        return []
    output = f"{app.builder.name}:{app.builder.outdir}"
    fingerprints = registry.fingerprints(env)
    read = getattr(app, "newsdesk_documents_read", True)
    # The environment's own count of builds that read documents: builders that
    # share it (-d) each see every change, not only the first to build.
    generation = fingerprints.get("", 0) + (1 if read else 0)
    fingerprints[""] = generation
    rendered_with = (digests.fingerprint(app), generation)
    app.newsdesk_rendered_with = repr(rendered_with)  # type: ignore[attr-defined]
    previous = registry.saved_site(env)
    if previous is not None and fingerprints.get(output) == rendered_with:
        # This output was last built from these very documents, templates and
        # settings: the saved index, views and digests hold; nothing to rewrite.
        previous.pages_to_write = previous.pages_removed = frozenset()
        app.newsdesk_site_unchanged = True  # type: ignore[attr-defined]
        return []
    index, views = index_site(app, env)
    fingerprints[output] = rendered_with
    old = registry.signatures(env, output)
    new = digests.all_pages(app, env, index, views)
    changed = {page for page, digest in new.items() if old.get(page) != digest}
    docs = {page for page in changed if page in env.found_docs}
    index.pages_to_write = frozenset(changed - docs)
    index.pages_removed = frozenset(
        p for p in old if p not in new and p not in env.found_docs
    )
    registry.signatures(env, output).clear()
    registry.signatures(env, output).update(new)
    if not read and not docs:
        # Sphinx saves the environment only when a document was read or is to
        # be written. Here only what this pass keeps changed (a template or a
        # setting, so generated pages): unsaved, every later build would
        # compare against the old fingerprint and rewrite them all again.
        app.newsdesk_save_environment = True  # type: ignore[attr-defined]
    return sorted(docs)


def save_environment(app: Sphinx, builder: Builder) -> None:
    """``write-started``: save the environment when only this pass changed it,
    as Sphinx saves it (same file, same protocol)."""
    if not getattr(app, "newsdesk_save_environment", False):
        return
    app.newsdesk_save_environment = False  # type: ignore[attr-defined]
    from sphinx.application import ENV_PICKLE_FILENAME

    with open(Path(app.doctreedir) / ENV_PICKLE_FILENAME, "wb") as file:
        pickle.dump(app.env, file, pickle.HIGHEST_PROTOCOL)


# -- site-wide files: written again only when what they show changed ------------

#: beside the doctrees: for each output folder, what its site-wide files (feeds,
#: the posts API, llms.txt) were last written from, once all were written
WRITTEN_FILE = "newsdesk-site-files.json"


def site_files_current(app: Sphinx) -> bool:
    """True when this build changed nothing the site-wide files show (the saved
    index was reused) and the last build of this output wrote them all."""
    if not getattr(app, "newsdesk_site_unchanged", False):
        return False
    output = f"{app.builder.name}:{app.builder.outdir}"
    return _written(app).get(output) == getattr(app, "newsdesk_rendered_with", None)


def note_site_files(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, after the writers: record what the site-wide files
    of this output were written from."""
    rendered_with = getattr(app, "newsdesk_rendered_with", None)
    if exception is not None or rendered_with is None or not run.whole_site(app):
        return
    written = _written(app)
    output = f"{app.builder.name}:{app.builder.outdir}"
    if written.get(output) != rendered_with:
        written[output] = rendered_with
        path = Path(app.doctreedir) / WRITTEN_FILE
        path.write_text(json.dumps(written, indent=1, sort_keys=True), "utf-8")


def _written(app: Sphinx) -> dict[str, str]:
    try:
        found = json.loads((Path(app.doctreedir) / WRITTEN_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
