"""Content is untrusted: no file or network access, no raw HTML from Markdown.

Read the Docs builds pull-request previews, so a post's Markdown must not be able
to pull a file (``.git/config``) or an internal address into the page.
"""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path
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


# -- docutils' own refusals, in the site's words -------------------------------

#: What docutils, Sphinx and MyST say when the switches above refuse a
#: directive, and the site's message for it ({name} filled in when known).
_REFUSALS = (
    (
        re.compile(r'^(?:Directive "(?P<a>[^"]+)" disabled|"(?P<b>[^"]+)" directive disabled)'),
        "{{{name}}}: {why}",
    ),
    (
        re.compile(r'^File and URL access deactivated; ignoring "(?P<a>[^"]+)" directive'),
        "{{{name}}}: :file: and :url: are not allowed: pages may not read files or URLs",
    ),
    (
        re.compile(r"^File insertion disabled"),
        "directive: is not allowed: pages may not read files",
    ),
    (
        re.compile(r"^Raw content disabled"),
        "raw: raw markup is not allowed; write Markdown",
    ),
)  # fmt: skip
_WHY = {"raw": "raw markup is not allowed; write Markdown"}
#: source-check problem lines of the document being read (temp_data key): the
#: build says each refusal once
REPORTED_LINES = "newsdesk_reported_lines"


class RefusalMessages(logging.Filter):
    """Reword docutils' refusals as the site's policy messages, or drop repeats.

    docutils reports a refused directive with the file's absolute path and the
    directive's whole source echoed; the site's checks have often said it
    already, at the same line. Each record becomes ``path:line: construct:
    problem [newsdesk.policy]`` (so ``-W`` still fails on it), unless the source
    check reported that line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.app: Sphinx | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        app = self.app
        location = getattr(record, "location", None)
        if app is None or getattr(record, "type", None) != "docutils":
            return True
        if not isinstance(location, str):
            return True
        first = str(record.msg).split("\n", 1)[0]
        for pattern, wording in _REFUSALS:
            match = pattern.match(first)
            if match is None:
                continue
            path, _, line = location.rpartition(":")
            if not line.isdigit():
                path, line = location, "1"
            if int(line) in (app.env.temp_data.get(REPORTED_LINES) or ()):
                return False
            with contextlib.suppress(ValueError):
                path = Path(path).resolve().relative_to(app.srcdir).as_posix()
            name = next((g for g in match.groups() if g), "directive").lower()
            why = _WHY.get(name, "is not allowed: pages may not read files")
            record.msg, record.args = wording.format(name=name, why=why), ()
            record.location = f"{path}:{line}"
            record.type, record.subtype = "newsdesk", "policy"
            return True
        return True


_REFUSAL_MESSAGES = RefusalMessages()


def reword_refusals(app: Sphinx) -> None:
    """``builder-inited``: docutils' refusals in the site's words (see above)."""
    _REFUSAL_MESSAGES.app = app
    logger = logging.getLogger("sphinx.sphinx.util.docutils")  # Sphinx's reporter
    if _REFUSAL_MESSAGES not in logger.filters:
        logger.addFilter(_REFUSAL_MESSAGES)
