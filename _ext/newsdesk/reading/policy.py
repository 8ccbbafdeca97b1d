"""What a page may contain, checked on the doctree after the parsers ran.

Posts, entity pages and the site's own pages come from pull requests. The
parsers have already turned every directive, role and Markdown construct into
nodes under its canonical name, whatever its spelling in the source, so this is
where the allowlist is applied (``doctree-read``, before Sphinx's asset
collectors at priority 500 register images and downloads to copy):

- only allowlisted node classes (exact classes) stay; anything else, raw HTML
  and math (a third-party script) included, is refused and removed;
- links go to http(s)/mailto URLs with nothing hidden in them and a host name
  that cannot pass for another, or inside the site;
- images are files of the site (a remote one would be fetched by every
  reader's browser); they and downloads must resolve, without symlinks, inside
  the folders the page may use (its own folder and ``_static/``), never a
  dot-file or dot-folder, with a safe file type;
- cross-references only of the kinds the site uses;
- text without bidi overrides or control characters (they are removed), and
  no window title of its own (docutils' ``title`` directive).

Every refusal is a warning naming the file, the line and the construct; the node
is removed, so a build without ``-W`` publishes nothing it refused. What the
source check (``html_policy``) named already is removed without a second word.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from newsdesk.index import domain as registry
from newsdesk.index.domain import ENTITY_LINK_CLASS
from newsdesk.reading import urls
from newsdesk.reading.callouts import newsdesk_placeholder
from newsdesk.reading.html_policy import (
    FORBIDDEN_DIRECTIVES,
    REPORTED_URLS,
    link_scheme_problem,
)
from newsdesk.reading.links import page_named
from newsdesk.reading.lockdown import SITE_PAGE_KEYS
from newsdesk.reading.metadata import hidden_text_problem, strip_hidden
from newsdesk.text import plural

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Set as AbstractSet

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# fmt: off
#: node classes any page may contain (docutils, Sphinx, sphinx-design, ours)
ALLOWED_NODES = frozenset((
    # docutils structure, text and body elements
    "document", "section", "title", "subtitle", "Text", "paragraph", "emphasis",
    "strong", "literal", "literal_block", "doctest_block", "line_block", "line",
    "block_quote", "attribution", "bullet_list", "enumerated_list", "list_item",
    "definition_list", "definition_list_item", "term", "classifier", "definition",
    "field_list", "field", "field_name", "field_body", "option_list",
    "table", "tgroup", "colspec", "thead", "tbody", "row", "entry", "caption",
    "legend", "figure", "image", "footnote", "footnote_reference", "citation",
    "citation_reference", "label", "reference", "target", "comment", "transition",
    "rubric", "topic", "sidebar", "container", "compound", "inline", "subscript",
    "superscript", "abbreviation", "acronym", "title_reference", "problematic",
    "system_message", "substitution_definition", "note", "tip", "hint",
    "important", "attention", "caution", "warning", "danger", "error",
    "admonition", "seealso",
    # Sphinx
    "pending_xref", "download_reference", "compact_paragraph", "literal_emphasis",
    "literal_strong", "highlightlang", "glossary", "index", "number_reference",
    "versionmodified", "centered", "hlist", "hlistcol", "manpage",
    # sphinx-design components (plain containers and labels)
    "PassthroughTextElement", "sd_tab_input", "sd_tab_label", "dropdown_main",
    "dropdown_title", "sd_badge", "sd_line_break", "steps_list",
    # newsdesk
    "newsdesk_aside", "newsdesk_time", "newsdesk_placeholder",
))
# fmt: on
#: the bibliographic fields a page may open with (docutils' docinfo)
ALLOWED_NODES |= frozenset(
    (
        "docinfo",
        "author",
        "authors",
        "organization",
        "address",
        "contact",
        "version",
        "revision",
        "status",
        "date",
        "copyright",
    )
)  # fmt: skip
#: node classes only the site's own pages (not posts or entity pages) may use
PAGE_ONLY_NODES = frozenset(("toctree",))
#: (domain, type) of the cross-references pages may make
ALLOWED_XREFS = frozenset(
    {
        ("std", "doc"),
        ("std", "ref"),
        ("std", "term"),
        ("std", "numref"),
        ("", "myst"),
        ("newsdesk", "entity"),
        ("newsdesk", "tag"),
        ("newsdesk", "series"),
        ("newsdesk", "publisher"),
    }
)
#: what the listing directives ({newsdesk-archive}, ...) leave for the build
#: to fill: every post, tag or entity of the site, in one page
LISTINGS = frozenset({"latest", "archive", "tags", "entities", "series", "publishers"})
#: local files a page may show as images / offer as downloads
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
DOWNLOAD_TYPES = IMAGE_TYPES | {".pdf", ".csv", ".txt", ".json"}
WHY = {
    "raw": "raw markup is not allowed; write Markdown",
    "math": "math is not allowed (it loads a third-party script)",
    "math_block": "math is not allowed (it loads a third-party script)",
    "toctree": "tables of contents belong to the site's index pages",
}


def _where(node: nodes.Node, path: str) -> str:
    line = node.line
    parent = node.parent
    while not line and parent is not None:  # 0 too: docutils' unknown line
        line, parent = parent.line, parent.parent
    return f"{path}:{line or 1}"


def _warn(location: str, construct: str, problem: str) -> None:
    logger.warning(
        "%s: %s",
        construct,
        problem,
        location=location,
        type="newsdesk",
        subtype="policy",
    )


def _refuse(
    node: nodes.Node, path: str, construct: str, problem: str, *, said: bool = False
) -> None:
    """Warn (unless the source check ``said`` it already) and remove ``node``."""
    if not said:
        _warn(_where(node, path), construct, problem)
    parent = node.parent
    if parent is None:
        return
    if isinstance(node, nodes.Element) and isinstance(node, nodes.Inline):
        # Keep what a reader would read, without the link or markup (and its
        # classes: replace_self would refuse to drop them): a Markdown link's
        # words too, a pending_xref, not a TextElement. That text is new
        # to the page, after its texts were gathered: it is checked here.
        text = node.astext()
        if hidden := hidden_text_problem(text):
            _warn(_where(node, path), "text", hidden)
            text = strip_hidden(text)
        parent.replace(node, nodes.Text(text))
    else:
        parent.remove(node)
    # docutils keeps a removed node's parent: without it, the node and what
    # it holds are seen as out of the page (_attached)
    node.parent = None


def _strip_hidden(node: nodes.Text, path: str, problem: str) -> None:
    """Refuse a text's bidi overrides and control characters; keep the rest."""
    _warn(_where(node, path), "text", problem)
    if node.parent is not None:
        node.parent.replace(node, nodes.Text(strip_hidden(str(node))))


def local_file_problem(
    target: str,
    docdir: Path,
    srcdir: Path,
    allowed: tuple[Path, ...],
    types: frozenset[str],
) -> str | None:
    """Why a page may not use the local file ``target``, or None."""
    if "\\" in target or "\x00" in target:
        return "is not a plain relative path"
    relative = target.lstrip("/")
    base = srcdir if target.startswith("/") else docdir
    parts = Path(relative).parts
    if any(part.startswith(".") and part not in {".", ".."} for part in parts):
        return "names a hidden file or folder"
    path = Path(posixpath.normpath((base / relative).as_posix()))
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):
        return "cannot be resolved"
    if not any(real.is_relative_to(folder.resolve()) for folder in allowed):
        names = " or ".join(
            f"{folder.relative_to(srcdir).as_posix() or '.'}/" for folder in allowed
        )
        return f"is outside the folders this page may use ({names})"
    if path.is_symlink() or real != path.absolute():
        return "is a symbolic link"
    if real.suffix.lower() not in types:
        return f"is not one of the allowed file types ({', '.join(sorted(types))})"
    return None


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (priority 100): refuse and remove what a page may not hold."""
    env = app.env
    docname = env.docname
    path = env.doc2path(docname, False).as_posix()
    srcdir = Path(app.srcdir)
    docdir = (srcdir / docname).parent
    # The site's own static folder, not the ones extensions add from elsewhere.
    static = [srcdir / p for p in app.config.html_static_path]
    inside = (f for f in static if f.resolve().is_relative_to(srcdir.resolve()))
    # A page's own folder, unless that is the whole repository (index.md,
    # about.md): then only _static/, not package-lock.json or node_modules/.
    allowed = (*((docdir,) if docdir != srcdir else ()), *inside)
    is_page = _is_site_page(app, docname)
    local = bool(app.config.newsdesk_allow_local_urls)
    said = env.temp_data.get(REPORTED_URLS) or frozenset()
    if "title" in doctree:  # docutils' {title}: a window title of its own
        del doctree["title"]
        _warn(
            f"{path}:1", "{title}", f"is not allowed: {FORBIDDEN_DIRECTIVES['title']}"
        )
    # Sphinx takes metadata from a docinfo among the document's own children
    for docinfo in [n for n in doctree.children if isinstance(n, nodes.docinfo)]:
        _check_settings(docinfo, path, SITE_PAGE_KEYS if is_page else frozenset())
    listed: set[str] = set()  # the kinds of listing the page shows
    texts: list[nodes.Text] = []
    #: text kept in attributes (an image's alt text, a link's title)
    attributes: list[tuple[nodes.Element, str]] = []
    #: the nodes gone from the page (refused, or with an ancestor), by id:
    #: what a refused node held is not named again (a {py:function}'s six
    #: kinds of part, each a message)
    gone: set[int] = set()
    #: the (line, node class) refused, each named once ({_all-octicon}'s
    #: 400 icons at one line)
    refused: set[tuple[str, str]] = set()
    for node in list(doctree.findall()):
        if node is not doctree and _gone(node, doctree, gone):
            gone.add(id(node))
            continue  # removed with an ancestor
        name = type(node).__name__
        if name == "Text":
            texts.append(node)  # searched all at once below: one call, not one a node
            continue
        if name not in ALLOWED_NODES and not (is_page and name in PAGE_ONLY_NODES):
            where = (_where(node, path), name)
            why = WHY.get(name, "is not allowed in a page")
            _refuse(node, path, name, why, said=where in refused)
            refused.add(where)
            continue
        if isinstance(node, nodes.Element):
            _check_chrome(node, path, doctree)
        if isinstance(node, nodes.reference | nodes.image | nodes.abbreviation):
            attributes += [(node, key) for key in _TEXT_ATTRIBUTES if key in node]
        if isinstance(node, nodes.reference) and node.get("refuri"):
            uri = node["refuri"]
            problem = urls.body_url_problem(uri, allow_local=local)
            if problem:
                known = urls.fingerprint(uri) in said
                _refuse(node, path, f"link {uri!r}", problem, said=known)
        elif isinstance(node, nodes.image):
            _check_image(node, path, docdir, srcdir, allowed, said)
        elif isinstance(node, addnodes.download_reference):
            target = node.get("reftarget", "")
            # Sphinx makes a target with "://" an external link as it is
            # ("javascript://..."): a download is a file of the site
            problem = (
                "must be a file of the site, not an address"
                if urls.scheme_of(target) is not None or "://" in target
                else local_file_problem(target, docdir, srcdir, allowed, DOWNLOAD_TYPES)
            )
            if problem:
                _refuse(node, path, f"download {target!r}", problem)
        elif _is_empty_heading(node):
            # Sphinx would publish an empty heading: an anchor with nothing to
            # read, in the page's contents and a screen reader's list of headings
            why = "has no text; write the heading's words, or remove the heading"
            _warn(_where(node, path), "heading", why)
        elif (
            isinstance(node, nodes.comment)
            and "block_break" in node["classes"]
            and node.astext().strip()
        ):
            # MyST's "+++ text": the text is the next block's metadata, shown
            # nowhere; a writer who meant it as a paragraph would lose it unsaid
            why = (
                "its text is not shown (MyST reads it as the next block's "
                "metadata); write it as a paragraph, or as a '%' comment for editors"
            )
            _refuse(node, path, "'+++' block break", why)
        elif isinstance(node, newsdesk_placeholder) and node.get("kind") in LISTINGS:
            if node["kind"] == "archive" and _is_entity_page(app, docname):
                _refuse_entity_archive(node, path, env, docname)
            else:
                _check_listing(node, path, listed)
        elif isinstance(node, addnodes.toctree):
            _check_toctree(
                node,
                path,
                env.found_docs,
                said,
                allow_local=local,
                listed=lambda ref: not _is_site_page(app, ref),
            )
        elif isinstance(node, addnodes.pending_xref):
            kind = (node.get("refdomain") or "", node.get("reftype") or "")
            # MyST's Markdown links: resolved to pages (or refused downloads).
            if kind[1] == "myst":
                target = str(node.get("reftarget", ""))
                if node.get("refdomain") == "doc":  # MyST found a page: a docname
                    found = (srcdir / f"{target}.md").is_file()
                    problem = None if found else "is not a page of the site"
                else:
                    problem = _link_problem(target, docdir, srcdir, env.found_docs)
                if problem:
                    known = urls.fingerprint(target) in said  # '//host', say
                    _refuse(node, path, f"link {target!r}", problem, said=known)
            elif kind not in ALLOWED_XREFS:
                _refuse(node, path, f"{kind[0]}:{kind[1]} reference", "is not allowed")
        elif (
            isinstance(node, nodes.literal_block)
            and node.get("source")
            and Path(node["source"]).resolve() != env.doc2path(docname).resolve()
        ):
            _refuse(node, path, "included file", "pages may not read other files")
    held = "".join(texts) + "".join(str(node[key]) for node, key in attributes)
    if hidden_text_problem(held):
        for text in texts:
            if _attached(text, doctree) and (problem := hidden_text_problem(text)):
                _strip_hidden(text, path, problem)
        for node, key in attributes:
            if not _attached(node, doctree):
                continue  # refused with its link
            if problem := hidden_text_problem(str(node[key])):
                _warn(_where(node, path), f"{type(node).__name__} {key}", problem)
                node[key] = strip_hidden(str(node[key]))


#: the prefix of the site's own classes and ids (site.css, the templates)
SITE_PREFIX = "nd-"


@functools.cache
def _theme_ids() -> frozenset[str]:
    """The ids Furo's templates give parts of every page (``furo-main-content``,
    ``searchbox``), read from the templates of the installed release."""
    import furo

    found: set[str] = set()
    theme = Path(furo.__file__).parent / "theme/furo"
    for template in theme.rglob("*.html"):
        if template.relative_to(theme).as_posix() in _OTHER_PAGES:
            continue  # not the frame of a page of text
        found.update(_TEMPLATE_ID.findall(template.read_text(encoding="utf-8")))
    return frozenset(found)


#: Furo's templates of whole pages of their own (search results, indexes)
_OTHER_PAGES = frozenset({"search.html", "genindex.html", "domainindex.html"})
_TEMPLATE_ID = re.compile(r'\bid="([^"{}]+)"')


def _check_chrome(node: nodes.Element, path: str, doctree: nodes.document) -> None:
    """Nothing of a page's text passes for the site's own parts: no class of the
    site's (a "correction" or "source" box in the site's style), no second
    title (a rubric at level 1), and no id of the page's frame, which would
    take its label or its skip link (the id is renamed ``h-...``)."""
    ours: list[str] = []
    # sphinx-design keeps a dropdown's other classes apart until it renders
    # (container_classes, title_classes, body_classes)
    for key in [k for k in node.attributes if k == "classes" or k.endswith("_classes")]:
        classes = node[key]
        if not isinstance(classes, list):
            continue
        mine = [
            c
            for c in classes
            if isinstance(c, str)
            and c.startswith(SITE_PREFIX)
            and c != ENTITY_LINK_CLASS  # the {entity} role's own
        ]
        if mine:
            node[key] = [c for c in classes if c not in mine]
            ours += mine
    if ours:
        _warn(
            _where(node, path),
            f"class {ours[0]!r}",
            "is the site's own (its source, correction and status boxes); "
            "use a plain admonition",
        )
    if node.get("heading-level") == 1:
        node["heading-level"] = 2
        _warn(
            _where(node, path),
            "rubric :heading-level: 1",
            "a page has one level-1 heading, its title; use 2 or more",
        )
    ids = node.get("ids")
    if ids and (
        frame := [i for i in ids if i.startswith(SITE_PREFIX) or i in _theme_ids()]
    ):
        # each is renamed, not dropped: a section needs an id (Sphinx's
        # table of contents links it)
        renamed = []
        for ident in ids:
            if ident in frame:
                doctree.ids.pop(ident, None)
                new, number = f"h-{ident}", 1
                while new in doctree.ids:
                    number += 1
                    new = f"h-{ident}-{number}"
                doctree.ids[new] = node
                ident = new
            renamed.append(ident)
        node["ids"] = renamed
        _warn(
            _where(node, path),
            f"id {', '.join(map(repr, frame))}",
            "is the id of a part of every page (a second one would take its "
            "label or its link); rename the heading or label",
        )


def _check_settings(docinfo: nodes.docinfo, path: str, allowed: frozenset[str]) -> None:
    """A page's opening field list (docinfo, from an ``{eval-rst}`` block, say):
    Sphinx makes each field page metadata, which extensions write into the
    page's head (sphinxext-opengraph makes ``:og:...:`` a ``<meta>`` tag,
    name unescaped). Only the site pages' settings may stand."""
    for field in list(docinfo.children):
        # a field, or one of docutils' bibliographic elements (:author:, :date:)
        name = field[0].astext() if isinstance(field, nodes.field) else field.tagname
        if name not in allowed:
            if allowed:
                why = f"a site page may set only {', '.join(sorted(allowed))}"
            else:
                why = "posts and entity pages have their fields in front matter"
            _refuse(field, path, f"page setting {name!r}", f"is not allowed: {why}")
    if not len(docinfo):
        docinfo.parent.remove(docinfo)


#: what a page's metadata holds besides the settings a page may make: MyST's
#: word count and heading slugs, and the site's ``orphan``
_MADE_BY_THE_BUILD = frozenset({"wordcount", "myst_slugs", "orphan"})


def check_metadata(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (priority 900, after Sphinx collected a page's
    metadata): no key but the build's own and the settings a page may make,
    whatever way it came in (:func:`_check_settings` names the usual one)."""
    env = app.env
    metadata = env.metadata.get(env.docname, {})
    allowed = _MADE_BY_THE_BUILD | (
        SITE_PAGE_KEYS if _is_site_page(app, env.docname) else frozenset()
    )
    for key in [k for k in metadata if k not in allowed]:
        del metadata[key]
        path = env.doc2path(env.docname, False).as_posix()
        _warn(f"{path}:1", f"page setting {key!r}", "is not allowed")


#: attributes of links, images and abbreviations whose text a page shows
#: (alt text) or a browser does (a tooltip, an abbreviation's expansion)
_TEXT_ATTRIBUTES = ("alt", "reftitle", "title", "explanation")


def _is_empty_heading(node: nodes.Node) -> bool:
    """A ``##`` (or deeper) heading, or a rubric, with no text to read.

    A page's own ``#`` title is the title check's (``document.py``).
    """
    if isinstance(node, nodes.rubric):
        return not node.astext().strip()
    return (
        isinstance(node, nodes.title)
        and isinstance(node.parent, nodes.section)
        and isinstance(node.parent.parent, nodes.section)
        and not node.astext().strip()
    )


def _gone(node: nodes.Node, root: nodes.document, gone: AbstractSet[int]) -> bool:
    """Whether ``node``, met after its ancestors, left the page with one: its
    parent was refused (it has no parent of its own) or left with its own."""
    parent = node.parent
    if parent is None or id(parent) in gone:
        return True
    return parent is not root and parent.parent is None


def _attached(node: nodes.Node, root: nodes.Node) -> bool:
    """Whether ``node`` is still in ``root`` (not removed with an ancestor)."""
    while node.parent is not None:
        node = node.parent
    return node is root


def _link_problem(
    target: str, docdir: Path, srcdir: Path, docnames: AbstractSet[str]
) -> str | None:
    """Why a Markdown link MyST did not resolve may not stand: an address it
    did not take for one (a scheme it does not read), or a local path that
    names a hidden file, leaves the site's source folder, or names nothing."""
    relative = target.partition("#")[0]
    if urls.scheme_of(relative) is not None:
        # an address MyST did not take for one ("HTTPS://x", "java%73cript:x"
        # decoded): named as the source check names it
        return link_scheme_problem(target)
    if not relative or relative in docnames:
        return None  # MyST gives a page it found as its docname
    parts = Path(relative.lstrip("/")).parts
    if any(part.startswith(".") and part not in {".", ".."} for part in parts):
        return "names a hidden file or folder"
    base = srcdir if relative.startswith("/") else docdir
    resolved = Path(posixpath.normpath((base / relative.lstrip("/")).as_posix()))
    if not resolved.is_relative_to(srcdir):
        return "is outside the site"
    if not (resolved.exists() or resolved.with_name(resolved.name + ".md").exists()):
        written = _WRITTEN_PAGE.match(resolved.relative_to(srcdir).as_posix())
        if written:  # a page the build writes: no file to link, and no fixed URL
            kind = _WRITTEN_KINDS[written["folder"]]
            return (
                f"is the page the build writes for a {kind}, not a file; "
                f"write {{{kind}}}`{written['slug']}`"
            )
        if meant := _page_named(relative, docdir, srcdir, docnames):
            return f"is not a page or file of the site; write {meant!r}"
        return "is not a page or file of the site"
    return None


def _page_named(
    relative: str, docdir: Path, srcdir: Path, docnames: AbstractSet[str]
) -> str | None:
    """The link to the one page whose file name ``relative`` ends in, from
    ``docdir``, or None: a post of another year linked from its own folder
    (``x.md`` for ``../2025/x.md``), or by its page's address (``x.html``)."""
    page = page_named(relative, docnames)  # as a {doc} is told (reading/links.py)
    if page is None:
        return None
    return posixpath.relpath((srcdir / f"{page}.md").as_posix(), docdir.as_posix())


#: a generated tag, series or publisher page, as a link might name it
#: (``tags/models/``, ``tags/models/index.md``, ``tags/models/page/1.html``)
_WRITTEN_PAGE = re.compile(
    r"^(?P<folder>tags|series|publishers)/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?:/page/\d+)?(?:/index)?(?:\.md|\.html)?$"
)
_WRITTEN_KINDS = {"tags": "tag", "series": "series", "publishers": "publisher"}


def _check_listing(node: newsdesk_placeholder, path: str, listed: set[str]) -> None:
    """A listing (``{newsdesk-archive}``) is filled with the whole site's posts,
    tags or entities: thousands of one in a 100 KB page would write posts times
    thousands of entries, a page of gigabytes, for hours. A page shows each
    kind of listing once; a repeat is left out."""
    kind = str(node["kind"])
    if kind not in listed:
        listed.add(kind)
        return
    _refuse(node, path, f"{{newsdesk-{kind}}}", "a page shows each listing once")


def _refuse_entity_archive(
    node: newsdesk_placeholder, path: str, env: BuildEnvironment, docname: str
) -> None:
    """An entity page's older pages (``entities/x/page/1``) hold its own posts:
    an archive there would have its older pages written at the same addresses,
    one listing's over the other's, without a word. The directive recorded
    the archive it placed; a refused one has no pages, so the record goes too."""
    why = (
        "an entity page lists its own posts, page by page, where the "
        "archive's older pages would go; link the archive instead"
    )
    _refuse(node, path, "{newsdesk-archive}", why)
    shown = registry.listings(env).get(docname, ())
    registry.listings(env)[docname] = tuple(e for e in shown if e[0] != "archive")


def _check_toctree(
    node: addnodes.toctree,
    path: str,
    docnames: AbstractSet[str],
    said: AbstractSet[str],
    *,
    allow_local: bool,
    listed: Callable[[str], bool],
) -> None:
    """A table of contents lists pages; Sphinx makes an entry that names none
    but looks like an address (``scheme://...``) a link, in the page and in
    every page's navigation, as it is: ``javascript://%0aalert(1)`` runs on
    a click. Each such entry is checked as a link is; a refused one is left
    out (its link and its title). An entry's own title and the caption are
    text of every page's navigation, not text nodes: their bidi overrides and
    control characters are removed here. ``:numbered:`` would number the
    headings of every page listed, as a refused ``{sectnum}`` would its own:
    it is left out.

    Posts and entity pages (``listed``) are shown by the site's listings,
    page by page: every page's navigation holds every entry of the tables of
    contents, so one ``posts/*/*`` glob put every post in the sidebar of each
    page (400 posts took a build from 18 s to 3 minutes, growing with the
    square of the site). They are left out, in one message for the table."""
    if node.get("numbered"):
        node["numbered"] = 0
        why = f"is not allowed: {FORBIDDEN_DIRECTIVES['sectnum']}"
        _warn(_where(node, path), "toctree option 'numbered'", why)
    caption = node.get("caption")
    if caption and (hidden := hidden_text_problem(str(caption))):
        _warn(_where(node, path), "toctree caption", hidden)
        node["caption"] = strip_hidden(str(caption))
    entries = node.get("entries", [])
    if posts := [str(ref) for _, ref in entries if ref in docnames and listed(ref)]:
        how = " (from :glob:)" if node.get("glob") else ""
        why = (
            f"lists {plural(len(posts), 'post or entity page', 'posts and entity pages')}"
            f"{how}, which the site's listings show; a table of contents, in "
            "every page's navigation, lists only the site's own pages"
        )
        _warn(_where(node, path), f"toctree entry {posts[0]!r}", why)
        node["includefiles"] = [f for f in node["includefiles"] if f not in posts]
        entries = [(title, ref) for title, ref in entries if ref not in posts]
    kept = []
    for title, ref in entries:
        problem = (
            None
            if ref == "self" or ref in docnames
            else urls.body_url_problem(str(ref), allow_local=allow_local)
        )
        if problem is not None:
            if urls.fingerprint(str(ref)) not in said:
                _warn(_where(node, path), f"toctree entry {ref!r}", problem)
            continue
        if title and (hidden := hidden_text_problem(str(title))):
            _warn(_where(node, path), f"toctree entry title {ref!r}", hidden)
            title = strip_hidden(str(title))
        kept.append((title, ref))
    node["entries"] = kept


def _check_image(
    node: nodes.image,
    path: str,
    docdir: Path,
    srcdir: Path,
    allowed: tuple[Path, ...],
    said: AbstractSet[str],
) -> None:
    uri = str(node.get("uri", ""))
    problem: str | None
    if node.get("loading") == "embed":
        # docutils would read the image's output path from the build's working
        # folder and put the bytes in the page, whatever file that is
        del node["loading"]
        _warn(_where(node, path), f"image {uri!r}", "':loading: embed' is not allowed")
    if urls.scheme_of(uri) is not None:
        # never fetched by the build, but by every reader's browser: refused
        problem = urls.body_url_problem(uri) or urls.REMOTE_IMAGE
    else:
        problem = local_file_problem(uri, docdir, srcdir, allowed, IMAGE_TYPES)
    if problem:
        known = urls.fingerprint(uri) in said
        _refuse(node, path, f"image {uri!r}", problem, said=known)


def _is_site_page(app: Sphinx, docname: str) -> bool:
    from newsdesk.reading.document import kind_of

    return kind_of(docname, app.config) is None


def _is_entity_page(app: Sphinx, docname: str) -> bool:
    from newsdesk.reading.document import kind_of

    return kind_of(docname, app.config) == "entity"
