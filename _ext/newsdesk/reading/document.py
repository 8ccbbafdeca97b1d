"""Reading one document: its front matter (``source-read``), its doctree (``doctree-read``).

Posts live at ``posts/<year>/<slug>.md`` and entity pages at ``entities/<slug>.md``.
Their front matter belongs to this extension: it is parsed and validated here,
then blanked out (line numbers kept) so that MyST does not parse it a second time
and report the same mistake twice.
"""

from __future__ import annotations

import logging as std_logging
import re
import weakref
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from newsdesk.index import domain as registry
from newsdesk.reading import callouts, encoding, frontmatter, metadata, titles
from newsdesk.reading import drafts as publishing

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Heading lines that can make a level-1 heading: "# Title", or setext "Title\n===".
_ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]|$)")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_TEMP_KEY = "newsdesk_front_matter"


def kind_of(docname: str, config: Any) -> str | None:
    """``"post"``, ``"entity"`` or None, from where the document lives."""
    folder, _, name = docname.partition("/")
    # Only the folder's own index page is a listing: any other file in it is
    # a post (or entity page) and gets that kind's checks, whatever its name.
    if not name or name == "index":
        return None
    if folder == config.newsdesk_posts_dir:
        return "post"
    if folder == config.newsdesk_entities_dir:
        return "entity"
    return None


def report(
    env: BuildEnvironment, docname: str, problems: list[metadata.Problem]
) -> None:
    """Log each problem as ``path:line: field: message`` [newsdesk.metadata]."""
    path = env.doc2path(docname, False).as_posix()
    for problem in problems:
        logger.warning(
            str(problem),
            location=f"{path}:{problem.line or 1}",
            type="newsdesk",
            subtype="metadata",
        )


def skip_misnamed(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: name and leave out each page whose name is
    not lower-case words joined by hyphens (``metadata.name_problem``), or
    whose address is another page's (``metadata.same_address_problem``)."""
    for docname in list(docnames):
        problem = metadata.name_problem(
            docname, kind_of(docname, app.config)
        ) or metadata.same_address_problem(docname, env.found_docs)
        if problem is not None:
            encoding.leave_out(env, docnames, docname, problem)


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: validate a post's or entity's front matter, keep the result."""
    kind = kind_of(docname, app.config)
    if kind is None:
        return
    problems = metadata.path_problems(docname, kind)
    fields: metadata.PostFields | metadata.EntityFields | None = None
    check_title = True
    try:
        loaded = frontmatter.load(source[0])
    except frontmatter.FrontMatterError as exc:
        problems.append(metadata.Problem(exc.field, exc.detail, exc.line))
        # With no closing '---' the body's start is unknown: a title message
        # (the schema comment read as a heading) would only mislead.
        check_title = not isinstance(exc, frontmatter.UnclosedFrontMatter)
        loaded = None
        source[0] = _without_front_matter(source[0])
    else:
        if loaded is None:
            problems.append(
                metadata.Problem(
                    "front matter", "missing: the file must start with a '---' block", 1
                )
            )
        else:
            source[0] = "\n" * loaded.block_lines + loaded.body
            if kind == "post":
                fields, more = metadata.check_post(
                    loaded.data,
                    loaded.lines,
                    app.config.newsdesk_timezone,
                    publishing.now().date(),
                    bool(app.config.newsdesk_allow_local_urls),
                    app.env.found_docs,  # for the path a follow_up_to means
                )
            else:
                fields, more = metadata.check_entity(
                    loaded.data,
                    loaded.lines,
                    bool(app.config.newsdesk_allow_local_urls),
                    publishing.now().date(),
                )
            problems += more
    if kind == "post" and isinstance(fields, metadata.PostFields) and loaded:
        problems += metadata.year_problems(docname, fields, loaded.lines.get("date"))
    report(app.env, docname, problems)
    lines = tuple(sorted(loaded.lines.items())) if loaded else ()
    checked = isinstance(fields, metadata.PostFields) and fields.entities
    if kind == "post" and loaded and not checked:
        _keep_unchecked_entities(app.env, docname, loaded)
    h1_lines = _h1_lines(source[0])
    app.env.temp_data[_TEMP_KEY] = (fields, lines, h1_lines, check_title)


def _keep_unchecked_entities(
    env: BuildEnvironment, docname: str, loaded: frontmatter.FrontMatter
) -> None:
    """Note the names in a post's ``entities:`` that its checked fields left
    out (its front matter failed, or the list did): an unknown name among them
    is reported with the rest, not only once the other mistakes are fixed."""
    names = loaded.data.get("entities")
    if not isinstance(names, list):
        return
    found = tuple(name for name in names if isinstance(name, str))
    if found:
        line = loaded.lines.get("entities", 1)
        registry.unchecked_entities(env)[docname] = (found, line)


class _UntitledPageFilter(std_logging.Filter):
    """Drops MyST's "Document headings start at H2, not H1" on a post or entity
    page with no ``# `` heading at all: MyST says it once per ``## `` section,
    and the title check already reports the page once, naming the fix.

    It runs where the record is made, during the page's parse: in the reading
    process, after ``read_front_matter`` noted the page's level-1 lines.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self._app = weakref.ref(app)  # the logger outlives the application

    def filter(self, record: std_logging.LogRecord) -> bool:
        if (getattr(record, "type", None), getattr(record, "subtype", None)) != (
            "myst",
            "header",
        ) or not str(record.msg).startswith("Document headings start at H"):
            return True
        app = self._app()
        stored = app.env.temp_data.get(_TEMP_KEY) if app and app.env else None
        # Only our pages, and only when they have no level-1 heading whatsoever.
        return stored is None or bool(stored[2]) or not stored[3]


def quiet_untitled_headings(app: Sphinx) -> None:
    """``builder-inited``: one message, ours, for a post or entity with no title."""
    from myst_parser import warnings_

    target = logging.getLogger(warnings_.__name__).logger  # where MyST logs it
    for old in [f for f in target.filters if isinstance(f, _UntitledPageFilter)]:
        target.removeFilter(old)  # an earlier application's, in this process
    target.addFilter(_UntitledPageFilter(app))


def collect_document(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: store the post or entity, add the nodes it shows."""
    env = app.env
    docname = env.docname
    kind = kind_of(docname, app.config)
    if kind is None:
        return
    # Posts and entities are listed by the extension, not by toctrees: keeping
    # them out of the toctree keeps Furo's navigation (rendered on every page)
    # the same size however many posts there are.
    env.metadata[docname]["orphan"] = True
    stored: Any = env.temp_data.pop(_TEMP_KEY, (None, (), None, True))
    fields, lines, h1_lines, check_title = stored
    section, title_problems = _title_section(doctree, kind, h1_lines)
    if check_title and kind == "post" and section is not None and not title_problems:
        # (with two titles, which one the parts sit under is the first question)
        parts = [s for s in section.children if isinstance(s, nodes.section)]
        headings = [(s.line, s[0].astext()) for s in parts]
        title_problems += titles.part_problems(headings, section.line)
    if check_title:
        report(env, docname, title_problems)
    if section is None or fields is None:
        return
    title = section[0].astext()
    if isinstance(fields, metadata.PostFields):
        words = env.metadata[docname].get("wordcount", {}).get("words", 0)
        if section.line:  # where the title is, for cross-document messages
            lines = (*lines, ("title", section.line))
        registry.posts(env)[docname] = registry.PostMeta(
            docname, title, fields, words, lines
        )
        _decorate_post(section, fields, app.config)
    elif isinstance(fields, metadata.EntityFields):
        entity = registry.EntityMeta(docname, title, fields, lines)
        registry.entities(env)[docname] = entity
        _decorate_entity(section, fields, docname)


def _decorate_post(
    section: nodes.section, fields: metadata.PostFields, config: Any
) -> None:
    language = config.language or "en"
    extra: list[nodes.Node] = []
    status = publishing.status(fields)
    if status != "published":
        extra.append(_status_banner(status, fields, language))
    extra.append(callouts.newsdesk_placeholder(kind="post-header"))
    extra.append(callouts.source_callout(fields.source, language))
    if fields.corrections:
        # Before the body: a reader sees what was corrected before reading it.
        extra.append(callouts.corrections_box(fields.corrections, language))
    section[1:1] = extra
    _label_parts(section)


#: a post's three parts -> what kind of writing each is, shown under its heading
PART_KINDS = {
    "news overview": ("report", "Report: what the source article says, summarised."),
    "in-depth analysis": (
        "analysis",
        "Analysis: background, context and consequences.",
    ),
    "commentary": ("opinion", "Opinion: our view, with the reasons for it."),
}


def _label_parts(section: nodes.section) -> None:
    """Say under each of the three headings what kind of writing follows."""
    for part in section.findall(nodes.section):
        if part is section or not isinstance(part[0], nodes.title):
            continue
        kind = PART_KINDS.get(titles.part_key(part[0].astext()))
        if kind is None:
            continue
        part["classes"].append(f"nd-part--{kind[0]}")
        label = nodes.paragraph(classes=["nd-part-kind", f"nd-part-kind--{kind[0]}"])
        label += nodes.Text(kind[1])
        part.insert(1, label)


def _decorate_entity(
    section: nodes.section, fields: metadata.EntityFields, docname: str
) -> None:
    facts = nodes.paragraph(classes=["nd-entity-facts"])
    facts += nodes.inline("", fields.kind.capitalize(), classes=["nd-entity-kind"])
    if fields.url:
        facts += nodes.Text(" · ")
        facts += nodes.reference("", "Official website", refuri=fields.url)
    if fields.aliases:
        facts += nodes.Text(" · Also known as " + ", ".join(fields.aliases))
    if fields.updated:
        facts += nodes.Text(" · Updated ")
        facts += callouts.time_node(fields.updated)
    section.insert(1, facts)
    section += callouts.newsdesk_placeholder(kind="entity-posts", entity=docname)


def _status_banner(
    status: str, fields: metadata.PostFields, language: str
) -> nodes.Element:
    # A titled admonition (styled as a warning): its heading says "Draft" or
    # "Scheduled" rather than the generic "Warning".
    heading = "Draft" if status == "draft" else "Scheduled"
    banner = nodes.admonition(classes=["warning", "nd-status-banner"])
    banner += nodes.title("", heading)
    para = nodes.paragraph()
    if status == "draft":
        para += nodes.strong("", "Draft.")
        para += nodes.Text(" This post is not published; only previews show it.")
    else:
        para += nodes.strong("", "Scheduled.")
        para += nodes.Text(" This post will be published on ")
        para += callouts.time_node(
            fields.published, with_time=fields.has_time, language=language
        )
        para += nodes.Text("; only previews show it until then.")
    banner += para
    return banner


def _title_section(
    doctree: nodes.document, kind: str, h1_lines: frozenset[int] | None = None
) -> tuple[nodes.section | None, list[metadata.Problem]]:
    # MyST promotes the first heading to the top level whatever its level (with
    # a warning of its own), so a page whose first heading is "## ..." would
    # silently take that as its title: check the title's source line.
    sections = [
        n
        for n in doctree.children
        if isinstance(n, nodes.section)
        if h1_lines is None or n.line in h1_lines
    ]
    # The rule and its messages are shared with `python -m newsdesk lint`.
    problems = titles.title_problems([(s.line, s[0].astext()) for s in sections], kind)
    # An empty title (feedgen refuses one) or none at all: no usable section.
    if not sections or not sections[0][0].astext().strip():
        return None, problems
    return sections[0], problems


def _h1_lines(text: str) -> frozenset[int]:
    """1-based numbers of the lines that can start a level-1 heading."""
    lines = titles.markdown_lines(text)
    return frozenset(
        number
        for number, line in enumerate(lines, start=1)
        if _ATX_H1.match(line)
        or (line.strip() and number < len(lines) and _SETEXT_H1.match(lines[number]))
    )


def _without_front_matter(text: str) -> str:
    """Blank out a broken front matter block so MyST does not report it again."""
    lines = text.split("\n")
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        return text
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in {"---", "..."}:
            return "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    # No closing fence: where the body starts is unknown, and the block read
    # as Markdown gave messages of its own (a commented `posts/<year>/...` line
    # is raw HTML to MyST, the opening '---' a transition). The page has no text
    # until the block is closed; its one message is the missing '---'.
    return "\n" * (len(lines) - 1)
