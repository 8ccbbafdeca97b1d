"""One markdown-it parser per MyST configuration, not one per page.

MyST-Parser's Sphinx parser calls ``create_md_parser(config, SphinxRenderer)``
for every document: a new ``MarkdownIt`` with its rules and plugins, and a new
renderer that lists its own methods by introspection (0.85 ms a page, 8.5 s at
10,000 posts). Everything a render keeps is set up again at its start
(``DocutilsRenderer.setup_render``: the document, the sections, the heading
slugs) or lives in the per-render ``env``; the parser's options get the new
document before each render. So the parser made for a configuration is kept
and handed out again while the configuration is the very same object (a page
whose front matter changes MyST's settings gets a new one, as before). A
parser is never handed out while it is rendering (a nested parse gets a new
one). Checked against myst-parser 5.2.0.
"""

from __future__ import annotations

import functools
from typing import Any

from newsdesk._speedups import patching

_EXPECTED = ["config", "renderer"]


class _Kept:
    """A parser for one (configuration, renderer), and whether it is rendering."""

    def __init__(self, config: Any, parser: Any) -> None:
        self.config = config
        self.parser = parser
        self.busy = False
        render = parser.render

        @functools.wraps(render)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.busy = True
            try:
                return render(*args, **kwargs)
            finally:
                self.busy = False

        parser.render = guarded


def reuse_parsers() -> bool:
    """Replace the Sphinx parser's ``create_md_parser``; False if MyST's looks
    different (the build is then only slower)."""
    from myst_parser.parsers import sphinx_

    applied, original = patching.replaceable(sphinx_, "create_md_parser", _EXPECTED)
    if original is None:
        return applied
    kept: dict[Any, _Kept] = {}

    @functools.wraps(original)
    def create_md_parser(config: Any, renderer: Any) -> Any:
        entry = kept.get(renderer)
        if entry is not None and entry.config is config and not entry.busy:
            return entry.parser
        parser = original(config, renderer)
        if entry is None or not entry.busy:
            kept[renderer] = _Kept(config, parser)
        return parser

    sphinx_.create_md_parser = create_md_parser
    return True


def restore_parsers() -> None:
    """Put MyST's own ``create_md_parser`` back (the speed-ups are switched off)."""
    from myst_parser.parsers import sphinx_

    patching.restore(sphinx_, "create_md_parser")
