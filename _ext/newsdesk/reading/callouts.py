"""Nodes for what the extension adds to pages, and the source-article callout.

The callout is built from standard docutils nodes (paragraphs, references), so
every builder handles it and ``linkcheck`` checks source URLs like any link;
docutils escapes all text. Only two tiny nodes need HTML of their own:
``<aside>`` for the callout and ``<time datetime>`` for dates.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docutils import nodes

from newsdesk import dates

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

    from newsdesk.reading.metadata import Correction, Source


class newsdesk_aside(nodes.General, nodes.Element):
    """A labelled complementary block: ``<aside aria-label=...>`` in HTML."""


class newsdesk_time(nodes.Inline, nodes.TextElement):
    """A date shown to readers, machine-readable in ``datetime``."""


class newsdesk_placeholder(nodes.General, nodes.Element):
    """Filled at ``doctree-resolved`` with content that spans documents."""


def register(app: Sphinx) -> None:
    """Add the nodes with visitors for HTML and plain pass-through elsewhere."""
    passthrough = (_skip, _skip)
    # Any: mypy would otherwise match these keyword arguments to `override`.
    others: dict[str, Any] = dict.fromkeys(
        ("latex", "text", "man", "texinfo"), passthrough
    )
    app.add_node(newsdesk_aside, html=(_visit_aside, _depart_aside), **others)
    app.add_node(newsdesk_time, html=(_visit_time, _depart_time), **others)
    app.add_node(newsdesk_placeholder, html=passthrough, **others)


def _skip(self: object, node: nodes.Element) -> None:
    pass


def _visit_aside(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(
        self.starttag(
            node,
            "aside",
            CLASS=" ".join(node["classes"]),
            **{"aria-label": node["label"]},
        )
    )


def _depart_aside(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</aside>\n")


def _visit_time(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def _depart_time(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</time>")


def time_text(
    value: dt.datetime | dt.date, *, with_time: bool = True, language: str = "en"
) -> tuple[str, str]:
    """A readable date (and time) and its ISO value, as a ``<time>`` shows them."""
    if isinstance(value, dt.datetime) and with_time:
        return dates.date_time(value, language), value.isoformat()
    if isinstance(value, dt.datetime):
        return dates.long_date(value.date(), language), value.isoformat()
    return dates.long_date(value, language), value.isoformat()


def time_node(
    value: dt.datetime | dt.date, *, with_time: bool = True, language: str = "en"
) -> newsdesk_time:
    """``<time>`` showing a readable date (and time), with the ISO value."""
    text, iso = time_text(value, with_time=with_time, language=language)
    return newsdesk_time(text, text, datetime=iso)


def source_callout(source: Source, language: str = "en") -> newsdesk_aside:
    """The callout naming and linking the article a post is based on.

    When the cited article relays another outlet's report, the original comes
    first (it is where the facts come from) and the cited article follows as
    "via".
    """
    aside = newsdesk_aside(classes=["nd-source"], label="Source article")
    label = nodes.paragraph(classes=["nd-source__label"])
    label += nodes.strong(
        "", "Original report" if source.original else "Source article"
    )
    aside += label
    aside.extend(_article(source.first, language))
    if source.reported_by:
        # named, never linked: no address of its own report was confirmed
        reported = nodes.paragraph(classes=["nd-source__reported"])
        reported += nodes.inline("", "Reported by ", classes=["nd-label"])
        reported += nodes.inline(
            "", source.reported_by, classes=["nd-source__publisher"]
        )
        reported += nodes.Text(
            f", whose report {source.publisher} carries (its own article is "
            "not linked: its address could not be confirmed)"
        )
        aside += reported
    if source.original:
        via = nodes.paragraph(classes=["nd-source__via"])
        via += nodes.inline("", "Via ", classes=["nd-label"])
        via += _title_link(source)
        via += nodes.Text(" · ")
        via.extend(_details(source, language, published=""))
        aside += via
    return aside


def _title_link(source: Source) -> nodes.reference:
    return nodes.reference(
        source.title, source.title, refuri=source.url, classes=["nd-source__link"]
    )


def _details(source: Source, language: str, published: str) -> list[nodes.Node]:
    """Publisher, date (after ``published``) and archived copy of one article."""
    parts: list[nodes.Node] = [
        nodes.inline("", source.publisher, classes=["nd-source__publisher"])
    ]
    if source.date:
        parts += [
            nodes.Text(f" · {published}"),
            time_node(source.date, language=language),
        ]
    if source.archive:
        parts += [
            nodes.Text(" · "),
            nodes.reference(
                "",
                "Archived copy",
                refuri=source.archive,
                classes=["nd-source__archive"],
            ),
        ]
    return parts


def _article(source: Source, language: str) -> list[nodes.Node]:
    """Title link, then publisher, date and archived copy of one article."""
    title = nodes.paragraph(classes=["nd-source__title"])
    title += _title_link(source)
    details = nodes.paragraph(classes=["nd-source__meta"])
    details.extend(_details(source, language, published="published "))
    return [title, details]


def correction_anchor(number: int) -> str:
    """The fragment of a post's correction ``number`` (its place in the front
    matter's list, from 0): corrections are only ever added at the end, so a
    link to one keeps pointing at it."""
    return f"correction-{number + 1}"


def corrections_box(
    corrections: tuple[Correction, ...], language: str = "en"
) -> newsdesk_aside:
    """Every correction of a post, newest first, before the text they correct;
    each with an anchor, which the corrections log and its feed link to."""
    aside = newsdesk_aside(classes=["nd-corrections"], label="Corrections")
    newest_first = sorted(
        enumerate(corrections), key=lambda item: item[1].date, reverse=True
    )
    for number, correction in newest_first:
        para = nodes.paragraph(
            classes=["nd-correction", f"nd-correction--{correction.kind}"],
            ids=[correction_anchor(number)],
        )
        para += nodes.strong("", f"{correction.label}, ")
        para += time_node(correction.date, language=language)
        para += nodes.strong("", ":")
        para += nodes.Text(" " + correction.text)
        aside += para
    return aside
