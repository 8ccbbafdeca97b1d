"""Link rot: Sphinx's ``linkcheck`` builder, aware of posts' source articles.

News articles move and vanish. ``nox -s linkcheck`` runs Sphinx's own checker
(retries, timeouts, rate limits and redirects are set in ``conf.py``) through
this subclass, which knows what a post's front matter says:

- a post's source URL and archive URL, and an entity page's ``url``, are
  reported at their front-matter line, not at the page's title;
- a dead source (broken or timed out) whose post has ``source.archive`` is
  reported as "dead, archived copy available" and does not fail the run, once
  its archived copy is known to work; a dead source whose archived copy is dead
  too gets one message saying both, and fails the run. An archive URL is
  otherwise checked like any other link, so a dead archive still fails;
- a link whose host name does not resolve (no network, or a typo in the host)
  is "unresolved", with a one-line reason, and the run ends with one line
  counting them, instead of a long urllib3 traceback text per link;
- temporary redirects (302, 303, 307: consent pages, geo redirects) are logged,
  while permanent ones stay warnings with the new address.

Everything lands in ``output.txt`` and ``output.json`` as usual, one line per
link with its file and line.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from sphinx.builders.linkcheck import CheckExternalLinksBuilder, CheckResult
from sphinx.util import logging

from newsdesk.index import domain as registry
from newsdesk.text import plural

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The status written for a dead source that has an archived copy.
ARCHIVED = "dead, archived copy available"
#: The status written for a link whose host name could not be resolved.
UNRESOLVED = "unresolved"
_DEAD = frozenset({"broken", "timeout"})
# What requests/urllib3 and the C library say when a host name does not resolve.
_NAME_ERRORS = (
    "NameResolutionError",
    "Failed to resolve",
    "Name or service not known",
    "Temporary failure in name resolution",
    "nodename nor servname",
    "getaddrinfo failed",
)
_TEMPORARY_REDIRECTS = frozenset({302, 303, 307})


class LinkcheckBuilder(CheckExternalLinksBuilder):
    """``linkcheck``, with posts' sources attributed and archived sources tolerated."""

    def finish(self) -> None:
        # Both maps are computed once, in the main process, from the merged
        # registry: uri -> (docname, front-matter line), source uri -> archive.
        # Sorted by docname, so a URI used twice is always given the same page.
        self.newsdesk_lines: dict[str, tuple[str, int]] = {}
        self.newsdesk_archives: dict[str, str] = {}
        self.newsdesk_unresolved = 0
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
        # A dead source is judged with its archived copy's result, whichever of
        # the two the checker's threads finish first: the first waits here.
        checked = set(self.hyperlinks)
        self.newsdesk_archives = {
            uri: archive
            for uri, archive in self.newsdesk_archives.items()
            if archive in checked and archive != uri
        }
        self.newsdesk_sources: dict[str, list[str]] = {}
        for uri, archive in self.newsdesk_archives.items():
            self.newsdesk_sources.setdefault(archive, []).append(uri)
        self.newsdesk_held: dict[str, CheckResult] = {}
        self.newsdesk_done: set[str] = set()  # archives already reported
        super().finish()
        if self.newsdesk_unresolved:
            logger.warning(
                "no network: %s could not be checked (name resolution failed)",
                plural(self.newsdesk_unresolved, "link"),
                type="newsdesk",
                subtype="linkcheck",
            )

    def process_result(self, result: CheckResult) -> None:
        """Attribute; pair sources with archives; shorten name-resolution errors."""
        if result.uri in self.newsdesk_lines:
            docname, line = self.newsdesk_lines[result.uri]
            result = result._replace(docname=docname, lineno=line)
        if result.uri in self.newsdesk_archives or result.uri in self.newsdesk_sources:
            self.newsdesk_held[result.uri] = result
            self._settle(result.uri)
        else:
            self._report(result)

    def _settle(self, uri: str) -> None:
        """Report a source and its archive once both results are in."""
        pairs = (
            [(uri, self.newsdesk_archives[uri])]
            if uri in self.newsdesk_archives
            else [(source, uri) for source in self.newsdesk_sources[uri]]
        )
        held = self.newsdesk_held
        for source, archive in pairs:
            # An archive stays held: another post may cite it for its source.
            if source in held and archive in held:
                self._report_pair(held.pop(source), held[archive])

    def _report_pair(self, source: CheckResult, archive: CheckResult) -> None:
        dead = str(source.status) in _DEAD and not _unresolved(source)
        archive_dead = str(archive.status) in _DEAD and not _unresolved(archive)
        if not dead:
            self._report(source)
        elif archive_dead:
            # One failure, saying both: readers have no copy to fall back on.
            both = (
                f"{source.message or source.status}; its archived copy "
                f"{archive.uri} is {archive.status} too "
                f"({archive.message or archive.status})"
            )
            super().process_result(source._replace(message=both))
        else:
            self._report_archived(source, archive.uri)
        if archive.uri in self.newsdesk_done:
            return
        self.newsdesk_done.add(archive.uri)
        if dead and archive_dead:  # in output.txt, but said with its source
            info = f"{archive.message}; the archived copy of {source.uri}"
            self._write(archive, str(archive.status), info)
        else:
            self._report(archive)

    def _report(self, result: CheckResult) -> None:
        """One result on its own: unresolved hosts and temporary redirects first."""
        if _unresolved(result):
            self._report_unresolved(result)
        elif str(result.status) == "redirected" and (
            result.code in _TEMPORARY_REDIRECTS
        ):
            self._report_temporary_redirect(result)
        else:
            super().process_result(result)

    def _report_unresolved(self, result: CheckResult) -> None:
        host = urllib.parse.urlsplit(result.uri).hostname or result.uri
        info = f"name resolution failed for {host}"
        self._write(result, UNRESOLVED, info)
        logger.info(
            "(%16s: line %4d) unresolved %s - %s",
            result.docname,
            result.lineno,
            result.uri,
            info,
        )
        self.newsdesk_unresolved += 1
        self.broken_hyperlinks += 1  # not checked: the run cannot pass

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


def _unresolved(result: CheckResult) -> bool:
    """Whether a failed check failed because the host name did not resolve."""
    message = result.message or ""
    return str(result.status) in _DEAD and any(m in message for m in _NAME_ERRORS)


def register(app: Sphinx) -> None:
    """Replace Sphinx's ``linkcheck`` builder with :class:`LinkcheckBuilder`."""
    app.add_builder(LinkcheckBuilder, override=True)
