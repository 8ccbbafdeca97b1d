"""Content is untrusted: no file or network access, no raw HTML from Markdown.

Read the Docs builds pull-request previews, so a post's Markdown must not be able
to pull a file (``.git/config``) or an internal address into the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: MyST syntax that passes HTML through to the page as it is.
RAW_HTML_SYNTAX = ("html_block", "html_inline")
#: Link schemes MyST turns into external links; anything else stays text.
URL_SCHEMES = ("http", "https", "mailto")
#: docutils settings for every document: no include/raw/csv-table :file:/:url:.
DOCUTILS_SETTINGS = {"file_insertion_enabled": False, "raw_enabled": False}


def lock_myst(app: Sphinx, config: Config) -> None:
    """Turn off MyST's raw HTML syntax and restrict link schemes (config-inited)."""
    disabled = list(getattr(config, "myst_disable_syntax", []) or [])
    config.myst_disable_syntax = disabled + [
        name for name in RAW_HTML_SYNTAX if name not in disabled
    ]
    config.myst_url_schemes = list(URL_SCHEMES)


def lock_docutils(app: Sphinx) -> None:
    """Refuse file insertion and raw output in every document (builder-inited)."""
    app.env.settings.update(DOCUTILS_SETTINGS)
