"""What each page loads: leave out the stylesheets and scripts it does not use.

Sphinx links every registered CSS and JavaScript file from every page. Two sets
are large and used by few pages: Pygments' highlighting CSS (about 20 KB, for
code blocks) and sphinx-design's CSS and tab script (about 62 KB, for cards and
tabs, e.g. the landing page's post cards). Posts rarely have either, and without
them a post's first view stays well under its 150 KB budget (checked in
``tests/browser``) and has two fewer render-blocking requests.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

# Asset file name -> a pattern in the page body that means the page needs it.
_CODE = re.compile(r'class="[^"]*\bhighlight\b')
_DESIGN = re.compile(r'class="[^"]*\bsd-')
_DESIGN_TABS = re.compile(r'class="[^"]*\bsd-tab-set\b')
_NEEDED_IF = {
    "pygments.css": _CODE,
    "sphinx-design.min.css": _DESIGN,
    "design-tabs.js": _DESIGN_TABS,
}

# Sphinx's sphinx_highlight.js marks a search's words on the page a result
# leads to (search.js adds ?highlight= to each result's link) and adds a "Hide
# Search Matches" link. Only pages that can be results need it: those with
# Pagefind fields (``newsdesk_search``, set by writing.search at a lower
# priority); the rest, the search page and the 404 page included, go without.
_HIGHLIGHT_SCRIPT = "sphinx_highlight.js"


def unused_assets(body: str) -> frozenset[str]:
    """The names of the optional assets that a page with this body HTML can skip."""
    return frozenset(
        name for name, pattern in _NEEDED_IF.items() if not pattern.search(body)
    )


def _name(asset: object) -> str:
    """The file name of a Sphinx CSS/JS asset (or of a plain path string)."""
    return os.path.basename(str(getattr(asset, "filename", asset) or ""))


def drop_unused_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """html-page-context: remove unused optional CSS/JS from the page's lists.

    Reads the rendered ``body`` rather than the doctree, so generated pages
    (tags, series, 404), which have no doctree, are handled the same way.
    """
    skip = unused_assets(context.get("body") or "")
    if "newsdesk_search" not in context:
        skip |= {_HIGHLIGHT_SCRIPT}
    if not skip:
        return
    # New lists: Sphinx reuses its own list objects for the next page.
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key] if _name(a) not in skip]
