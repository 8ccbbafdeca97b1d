"""The raw HTML policy: what markup and link targets a post's Markdown may carry.

Posts come from pull requests by people we don't know, and MyST passes raw HTML
through to the page. This module finds every place where a post's text reaches
the page as markup or as a URL (raw HTML blocks and inline HTML, ``{raw}``
directives, Markdown links, images and autolinks, directive options such as an
image's ``:target:``) and checks it against a small allowed set. Code blocks and
inline code are never flagged: the text is tokenised with MyST's own
markdown-it configuration, and raw HTML is read with :mod:`html.parser`.

:func:`check` is pure (no Sphinx), so the build (``source-read``) and
``python -m newsdesk lint`` share every message.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from newsdesk.reading import footnotes, urls
from newsdesk.reading.metadata import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from docutils import nodes
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from sphinx.application import Sphinx

#: MyST syntax that passes HTML through to the page as it is: off in the build.
RAW_HTML_SYNTAX = ("html_block", "html_inline")
#: Elements a post may use in raw HTML: text-level and structural markup.
# fmt: off
ALLOWED_ELEMENTS = frozenset((
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "source", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
))
# fmt: on
#: Elements refused with a reason, because they run code, embed other pages or
#: documents, submit data, or change the whole page (its base URL, styles, meta).
FORBIDDEN_ELEMENTS = {
    "script": "runs code in readers' browsers",
    "noscript": "belongs with scripts",
    "iframe": "embeds another page",
    "frame": "embeds another page",
    "frameset": "embeds other pages",
    "object": "embeds a plugin or document",
    "embed": "embeds a plugin or document",
    "applet": "embeds a plugin",
    "form": "submits readers' data elsewhere",
    "input": "is a form control",
    "button": "is a form control",
    "select": "is a form control",
    "textarea": "is a form control",
    "style": "restyles the whole site",
    "link": "loads resources into the whole page",
    "meta": "changes the whole page",
    "base": "changes where every link on the page points",
    "svg": "can carry scripts",
    "math": "can carry scripts",
    "template": "holds hidden markup",
}
#: Attributes whose value is a URL (``srcset`` holds several).
# fmt: off
URL_ATTRIBUTES = frozenset((
    "href", "src", "srcset", "action", "formaction", "poster", "cite",
    "background", "longdesc", "usemap", "ping", "data", "xlink:href",
))
# fmt: on
#: URL schemes allowed in raw HTML and in Markdown links and images; a URL
#: without a scheme is relative and allowed. MyST's own link schemes are
#: resolved by Sphinx, never sent to the browser as they are.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
MYST_SCHEMES = frozenset({"project", "path", "inv", "doc"})
#: Directives that never reach the page as markup: their content is code.
LITERAL_DIRECTIVES = frozenset(
    {"code", "code-block", "sourcecode", "code-cell", "math", "highlight"}
)
#: Directives whose content escapes this check (another file, reStructuredText).
FORBIDDEN_DIRECTIVES = {
    "eval-rst": "reStructuredText is not checked; write Markdown",
    "include": "inserts another file, which is not checked",
    "literalinclude": "reads a file from the build machine",
    "title": "a page's title is its '# ' heading, in the window and in search too",
    "sectnum": "the site's headings are not numbered",
    "role": "a role it defines would change that role on every page read after",
    "meta": "a page's head tags are the site's: its description is the summary",
}


def directive_name(written: str) -> str:
    """The directive docutils runs for a name as written: case folded, and an
    alias (``section-numbering``) as the directive it stands for."""
    from docutils.parsers.rst.languages import en

    name = written.split(":")[-1].lower()  # {docutils:sectnum}: MyST's domain form
    return str(en.directives.get(name, name))


#: Directives whose argument is a URL shown or linked on the page.
URL_ARGUMENT_DIRECTIVES = frozenset({"image", "figure"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tab and newline anywhere in a URL and C0 controls and
# spaces around it (WHATWG URL standard), so "java\tscript:" is javascript:.
_URL_JUNK = re.compile(r"[\t\n\r]")
_DIRECTIVE = re.compile(r"^\{([\w.:-]+)\}\s*(.*)$")
_OPTION = re.compile(r"^\s*:?([\w-]+):\s+(\S.*)$")
_LOOKS_LIKE_TAG = re.compile(r"<[a-zA-Z/!?]")
_STYLE_DANGER = re.compile(
    r"url\s*\(|expression\s*\(|javascript:|@import", re.IGNORECASE
)


def check(text: str, extensions: Iterable[str] = ()) -> list[Problem]:
    """Every policy problem in a post's Markdown, with 1-based file lines.

    ``extensions`` are the site's ``myst_enable_extensions``: the text must be
    tokenised exactly as MyST will, or a code span here could be markup there.
    """
    if not could_break_policy(text):
        return []
    md = myst_tokeniser(frozenset(extensions))
    # markdown-it ends a line at \r as well; count lines the way it does.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = list(_check_tokens(md, md.parse(text), 0))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.field, p.message))


#: the characters of a URL scheme ("javascript", "https", "git+ssh")
_SCHEME_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-"
)
#: a fence opening a directive: ```{raw}, ~~~{name}, :::{name}
# A match starts only where a run of its character starts, and takes the run
# whole: tried at every position of a long run, it would be quadratic.
_DIRECTIVE_FENCE = re.compile(r"(?:(?<!`)`{3,}+|(?<!~)~{3,}+|(?<!:):{3,}+)[ \t]*+\{")


def could_break_policy(text: str) -> bool:
    """False only when ``text`` cannot hold anything :func:`check` refuses.

    Tokenising is most of the check's cost, and most posts hold no raw HTML
    (it needs "<"), no image ("!["), no directive, and no link whose scheme
    is not http(s):
    a scheme is a word before ":", present as such in the text unless it is
    written with an entity ("&") or a backslash escape. Anything else is
    tokenised and checked in full. Plain substring tests come first: a
    regular expression tried at every position of a post cost more than the
    rest of its reading.
    """
    if "<" in text or "&" in text or "\\" in text or "![" in text:
        return True  # markup, entities, escapes, images (a remote one is refused)
    if ("```" in text or "~~~" in text or ":::" in text) and _DIRECTIVE_FENCE.search(
        text
    ):
        return True
    safe = ALLOWED_SCHEMES | MYST_SCHEMES
    # as written: "HTTPS:" is refused (MyST takes it for a page), "https:" not
    return any(word not in safe for word in _scheme_words(text))


def _scheme_words(text: str) -> Iterator[str]:
    """Each word that ends at a ":" and could be a URL scheme: the whole run
    of scheme characters before the colon, if it starts with a letter."""
    colon = text.find(":")
    while colon != -1:
        start = colon
        while start and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        if start < colon and text[start].isascii() and text[start].isalpha():
            yield text[start:colon]
        colon = text.find(":", colon + 1)


def check_file(path: Path, extensions: Iterable[str] = ()) -> list[Problem]:
    """:func:`check` on a file (undecodable files are reported by the front matter lint)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []
    return check(text, extensions)


def site_extensions(root: Path) -> tuple[str, ...]:
    """``myst_enable_extensions`` from ``root/conf.py``, read without running it."""
    from newsdesk import conf_file

    value = conf_file.setting(root, "myst_enable_extensions", ())
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


# Building a parser costs a fifth of checking a post: build one per extension set.
@functools.cache
def myst_tokeniser(extensions: frozenset[str]) -> MarkdownIt:
    """markdown-it as MyST configures it in the build, for the source checks."""
    footnotes.linear_footnote_refs()  # as the build's setup() makes it: lint too
    # MyST's configuration as the build sets it: with HTML syntax on, a line
    # such as "<div>" would start an HTML block here that hides the fence
    # after it, which MyST, HTML off, reads as a directive.
    md = create_md_parser(
        MdParserConfig(
            enable_extensions=set(extensions), disable_syntax=list(RAW_HTML_SYNTAX)
        ),
        RendererHTML,
    )
    md.disable("text_join")  # keep escapes and entities apart from text
    # markdown-it drops links with javascript:/data:/vbscript: targets and
    # renders them as text; we want to see them, to name them.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _check_tokens(
    md: MarkdownIt, tokens: list[Token], offset: int
) -> Iterator[Problem]:
    """Walk block tokens; ``offset`` is the file line before the first one."""
    for token in tokens:
        start = offset + (token.map[0] if token.map else 0)
        if token.type == "inline":
            yield from _check_inline(token.children or [], start + 1)
        elif token.type in {"fence", "colon_fence"}:
            end = offset + (token.map[1] if token.map else 0)
            yield from _check_directive(md, token, start + 1, max(end, start + 1))


def _check_inline(children: list[Token], line: int) -> Iterator[Problem]:
    # MyST shows HTML as text (its HTML syntax is off): the text around it is
    # read as markup here, to tell the writer. An entity stays as written
    # (in an attribute it is what a browser would decode); an escaped
    # character ("\\<") starts no tag.
    text: list[str] = []
    text_line = line
    for child in children:
        if child.type in {"text", "text_special", "softbreak"}:
            if not text:
                text_line = line
            text.append(
                child.content
                if child.type == "text"
                else "\n"
                if child.type == "softbreak"
                else child.markup
                if child.info == "entity"
                else " "
            )
        elif text:
            if "<" in (markup := "".join(text)):
                yield from _check_html(markup, text_line)
            text = []
        if child.type == "link_open":
            what = "autolink" if child.markup == "autolink" else "link"
            yield from _check_url(str(child.attrGet("href") or ""), "link", what, line)
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            yield from _check_url(src, "link", "image", line, image=True)
        line += child.content.count("\n") + (child.type in {"softbreak", "hardbreak"})
    if text and "<" in (markup := "".join(text)):
        yield from _check_html(markup, text_line)


def _check_directive(
    md: MarkdownIt, token: Token, line: int, last: int
) -> Iterator[Problem]:
    """A fenced directive at file lines ``line`` to ``last``: check its argument,
    options and (nested) content."""
    match = _DIRECTIVE.match(token.info.strip())
    if not match:  # a plain code block
        return
    name, argument = directive_name(match.group(1)), match.group(2)
    if name in LITERAL_DIRECTIVES:
        return
    if name in FORBIDDEN_DIRECTIVES:
        yield Problem(
            "directive",
            f"{{{name}}} is not allowed: {FORBIDDEN_DIRECTIVES[name]}",
            line,
            span=(line, last),
        )
        return
    if name == "raw":
        if "html" in argument.lower().split():
            yield from _check_html(token.content, line + 1)
        return
    if name in URL_ARGUMENT_DIRECTIVES:
        yield from _check_url(argument, "directive", f"{{{name}}}", line, image=True)
    for number, text in enumerate(token.content.splitlines(), start=line + 1):
        option = _OPTION.match(text)
        if option:
            where = f"{{{name}}} option {option.group(1)!r}"
            yield from _check_url(option.group(2), "directive", where, number)
    # MyST parses the content of other directives (note, admonition, tab-item,
    # list-table, ...) as Markdown, so it obeys the same policy.
    yield from _check_tokens(md, md.parse(token.content), line)


def _url_problem(url: str, *, myst: bool) -> str | None:
    """Why ``url`` is refused, or None. ``myst``: MyST's link schemes are fine."""
    scheme = url_scheme(url)
    if scheme is None and urls.is_network_path(url):
        return urls.NETWORK_PATH
    if scheme is None or scheme in ALLOWED_SCHEMES or (myst and scheme in MYST_SCHEMES):
        return None
    return f"{scheme}: URLs are not allowed; use an http(s) address or a relative link"


def _check_url(
    url: str, field: str, what: str, line: int, *, image: bool = False
) -> Iterator[Problem]:
    reason = _url_problem(url, myst=field == "link")
    if reason is None and image and url_scheme(url) in {"http", "https"}:
        reason = urls.REMOTE_IMAGE
    if reason is None and what == "link":
        reason = upper_case_scheme(url)
    if reason:
        yield Problem(field, f"{what} {_short(url)}: {reason}", line, subject=url)


def link_scheme_problem(url: str) -> str | None:
    """Why a Markdown link's address, as MyST read it, may not stand, or None."""
    return _url_problem(url, myst=True) or upper_case_scheme(url)


def upper_case_scheme(url: str) -> str | None:
    """Why a link written ``HTTPS://x`` is refused, or None: MyST takes only a
    lower-case scheme as an address, and looks for ``HTTPS://x`` among the
    site's pages (an autolink, ``<HTTPS://x>``, is an address all the same)."""
    scheme = url_scheme(url)
    written = url.strip()[: len(scheme or "")]
    if scheme not in ALLOWED_SCHEMES or written == scheme:
        return None
    fixed = scheme + url.strip()[len(written) :]
    return f"write its scheme in lower case, {_short(fixed)}, or it links no address"


def url_scheme(url: str) -> str | None:
    """The lower-case scheme a browser would see in ``url``, or None if relative."""
    cleaned = _URL_JUNK.sub("", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
        "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
        "\x1e\x1f "
    )
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class _PolicyParser(HTMLParser):
    """Collects policy problems from one raw HTML fragment."""

    def __init__(self, first_line: int) -> None:
        # "&lt;b&gt;" is text to a browser, not a tag: data keeps its
        # references (attribute values are decoded all the same)
        super().__init__(convert_charrefs=False)
        self.first_line = first_line
        self.problems: list[Problem] = []

    def _add(self, message: str) -> None:
        line = self.first_line + self.getpos()[0] - 1
        self.problems.append(Problem("html", message, line))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self._add(f"<{tag}> is not allowed: it {FORBIDDEN_ELEMENTS[tag]}")
        elif tag not in ALLOWED_ELEMENTS:
            self._add(
                f"<{tag}> is not in the allowed set of HTML elements "
                "(see CONTRIBUTING.md)"
            )
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        # html.parser leaves a tag it cannot parse as text, where a browser
        # might still see a tag: refuse anything that looks like one.
        if self.cdata_elem is None and _LOOKS_LIKE_TAG.search(data):
            self._add(
                f"{_short(data.strip())} is malformed HTML; "
                "write the markup out in full or escape '<' as &lt;"
            )

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self._add(
                f"<{tag} {name}=...>: event-handler attributes (on...=) are not allowed"
            )
        elif name == "style" and _STYLE_DANGER.search(value):
            self._add(
                f"<{tag} style=...>: url(), expression() and @import "
                "are not allowed in styles"
            )
        elif name in URL_ATTRIBUTES:
            targets = (
                [u.split()[0] for u in value.split(",") if u.split()]
                if (name == "srcset")
                else [value]
            )
            for url in targets:
                reason = _url_problem(url, myst=False)
                if reason:
                    self._add(f"<{tag} {name}={_short(url)}>: {reason}")


def _check_html(html: str, line: int) -> list[Problem]:
    parser = _PolicyParser(line)
    parser.feed(html)
    parser.close()
    return parser.problems


def _short(value: str, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


# -- Sphinx ----------------------------------------------------------------------
# Sphinx and docutils are imported inside the handlers: `python -m newsdesk lint`
# imports this module and stays free of Sphinx.

_TEMP_KEY = "newsdesk_html_problems"

#: source-check problem lines of the document being read (temp_data key): the
#: build says each refusal once
REPORTED_LINES = "newsdesk_reported_lines"
#: fingerprints of the URLs the source check refused in it (temp_data key): the
#: doctree check removes them again without a second message
REPORTED_URLS = "newsdesk_reported_urls"


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about each policy problem in a page (a site page's
    too: it comes from a pull request as a post does).

    Connected after :func:`newsdesk.reading.document.read_front_matter`, which blanks
    the front matter but keeps its lines, so line numbers match the file.
    """
    from sphinx.util import logging

    extensions = app.env.myst_config.enable_extensions  # type: ignore[attr-defined]
    problems = check(source[0], extensions)
    path = app.env.doc2path(docname, False).as_posix()
    logger = logging.getLogger(__name__)
    for problem in problems:
        logger.warning(
            str(problem),
            location=f"{path}:{problem.line or 1}",
            type="newsdesk",
            subtype="html",
        )
    app.env.temp_data[_TEMP_KEY] = bool(problems)
    app.env.temp_data[REPORTED_LINES] = frozenset(p.line or 1 for p in problems)
    app.env.temp_data[REPORTED_URLS] = frozenset(
        urls.fingerprint(p.subject) for p in problems if p.subject
    )
    spans = [p.span for p in problems if p.span]
    if spans:
        source[0] = leave_out(source[0], spans)


def leave_out(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the file lines of each (first, last) span blank.

    A refused ``{eval-rst}`` block is left out of the page, as the doctree
    check leaves out what it refuses; blank lines keep every later line where
    it was, for the messages. Lines are counted as :func:`check` counts them.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for first, last in spans:
        lines[first - 1 : last] = [""] * len(lines[first - 1 : last])
    return "\n".join(lines)


def drop_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remove raw HTML from a page that broke the policy.

    The warnings fail ``-W`` builds; this keeps a build without ``-W`` (a local
    preview, say) from shipping the markup anyway.
    """
    from docutils import nodes

    if not app.env.temp_data.pop(_TEMP_KEY, False):
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            raw.parent.remove(raw)
