"""Link rot: Sphinx's ``linkcheck`` builder, aware of posts' source articles.

News articles move and vanish. ``nox -s linkcheck`` runs Sphinx's own checker
(retries, timeouts, rate limits and redirects are set in ``conf.py``) through
this subclass, which knows what a post's front matter says:

- a post's source URL and archive URL, and an entity page's ``url``, are
  reported at their front-matter line, not at the page's title;
- a dead source (broken or timed out) whose post has ``source.archive`` is
  reported as "dead, archived copy available" and does not fail the run; the
  archive URL is checked like any other link, so a dead archive still fails;
- temporary redirects (302, 303, 307: consent pages, geo redirects) are logged,
  while permanent ones stay warnings with the new address.

Everything lands in ``output.txt`` and ``output.json`` as usual, one line per
link with its file and line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.builders.linkcheck import CheckExternalLinksBuilder, CheckResult
from sphinx.util import logging

from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The status written for a dead source that has an archived copy.
ARCHIVED = "dead, archived copy available"
_DEAD = frozenset({"broken", "timeout"})
_TEMPORARY_REDIRECTS = frozenset({302, 303, 307})


class LinkcheckBuilder(CheckExternalLinksBuilder):
    """``linkcheck``, with posts' sources attributed and archived sources tolerated."""

    def finish(self) -> None:
        # Both maps are computed once, in the main process, from the merged
        # registry: uri -> (docname, front-matter line), source uri -> archive.
        # Sorted by docname, so a URI used twice is always given the same page.
        self.newsdesk_lines: dict[str, tuple[str, int]] = {}
        self.newsdesk_archives: dict[str, str] = {}
        for post in sorted(registry.posts(self.env).values(), key=lambda p: p.docname):
            source = post.fields.source
            for field, uri in (
                ("source.url", source.url),
                ("source.archive", source.archive),
            ):
                line = post.line_of(field)
                if uri and line:
                    self.newsdesk_lines.setdefault(uri, (post.docname, line))
            if source.archive:
                self.newsdesk_archives.setdefault(source.url, source.archive)
        for entity in sorted(
            registry.entities(self.env).values(), key=lambda e: e.docname
        ):
            line = entity.line_of("url")
            if entity.fields.url and line:
                self.newsdesk_lines.setdefault(
                    entity.fields.url, (entity.docname, line)
                )
        super().finish()

    def process_result(self, result: CheckResult) -> None:
        """Attribute, then downgrade archived dead sources and temporary redirects."""
        if result.uri in self.newsdesk_lines:
            docname, line = self.newsdesk_lines[result.uri]
            result = result._replace(docname=docname, lineno=line)
        status = str(result.status)
        archive = self.newsdesk_archives.get(result.uri)
        if status in _DEAD and archive:
            self._report_archived(result, archive)
        elif status == "redirected" and result.code in _TEMPORARY_REDIRECTS:
            self._report_temporary_redirect(result)
        else:
            super().process_result(result)

    def _report_archived(self, result: CheckResult, archive: str) -> None:
        reason = result.message or str(result.status)
        self._write(result, ARCHIVED, f"{reason}; archived copy: {archive}")
        logger.warning(
            "%s: %s (%s); readers get %s",
            ARCHIVED,
            result.uri,
            reason,
            archive,
            location=(result.docname, result.lineno),
            type="newsdesk",
            subtype="linkcheck",
        )

    def _report_temporary_redirect(self, result: CheckResult) -> None:
        self._write(result, "redirected temporarily", result.message)
        logger.info(
            "(%16s: line %4d) redirect  %s - temporarily to %s",
            result.docname,
            result.lineno,
            result.uri,
            result.message,
        )

    def _write(self, result: CheckResult, status: str, info: str) -> None:
        """One line in output.json and output.txt, in Sphinx's own format."""
        filename = self.env.doc2path(result.docname, False)
        linkstat: dict[str, Any] = {
            "filename": str(filename),
            "lineno": result.lineno,
            "status": status,
            "code": result.code,
            "uri": result.uri,
            "info": info,
        }
        self.write_linkstat(linkstat)
        self.write_entry(
            status, result.docname, filename, result.lineno, f"{result.uri}: {info}"
        )


def register(app: Sphinx) -> None:
    """Replace Sphinx's ``linkcheck`` builder with :class:`LinkcheckBuilder`."""
    app.add_builder(LinkcheckBuilder, override=True)
