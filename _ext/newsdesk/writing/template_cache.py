"""Compiled templates kept between builds, in the doctree folder.

Sphinx compiles every Jinja template a build renders from its source, in every
build: the theme's layout, ours and their partials, about 25 files. A build
that writes a few pages (a no-op writes the search and 404 pages; an edit, one
post and its neighbours; a preview, one post) spends as long compiling them as
rendering. Jinja's own bytecode cache keeps the compiled code beside the
doctrees, as Sphinx keeps its pickled environment there; ``-E`` keeps it too.

Jinja names each cached file by the template's name and path and checks the
source's checksum and its own version before using it, so an edited template,
theme upgrade or new Jinja is compiled again: the cache changes nothing but
speed. A custom ``template_bridge`` is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache
from sphinx.jinja2glue import BuiltinTemplateLoader

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the cache's folder in the doctree folder
CACHE = "newsdesk-templates"


def cache_templates(app: Sphinx) -> None:
    """``builder-inited``: the HTML builders' templates compile once, not per build."""
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return  # not an HTML builder, or a template bridge of the project's own
    folder = cache_dir(app)
    folder.mkdir(parents=True, exist_ok=True)
    # Written atomically (a temporary file, then a rename), so -j writers
    # sharing the folder never read half a file.
    templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def cache_dir(app: Sphinx) -> Path:
    """The compiled templates of this project's builds."""
    return Path(app.doctreedir, CACHE)
