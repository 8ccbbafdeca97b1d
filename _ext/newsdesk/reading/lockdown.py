"""Content is untrusted: no file or network access, no raw HTML from Markdown.

Read the Docs builds pull-request previews, so a post's Markdown must not be able
to pull a file (``.git/config``) or an internal address into the page.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import Directive
from docutils.parsers.rst.languages import en
from sphinx.util import logging as sphinx_logging

from newsdesk.reading.html_policy import (
    FORBIDDEN_DIRECTIVES,
    RAW_HTML_SYNTAX,
    REPORTED_LINES,
)

if TYPE_CHECKING:
    from collections.abc import Container

    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx
    from sphinx.config import Config

_logger = sphinx_logging.getLogger(__name__)

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


#: what a site page's front matter may set (posts and entity pages have their
#: own, read by this extension and hidden from MyST)
SITE_PAGE_KEYS = frozenset({"orphan", "tocdepth", "nosearch", "hide-toc"})


def refuse_page_settings(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (last): no front matter MyST would apply, but what the
    site allows.

    MyST reads a page's top block as settings: ``myst:`` can switch on its
    ``substitution`` extension, whose Jinja templates run Python in the build
    (``{{ ''.__class__.__mro__ }}``), and ``og:image`` would set the page's link
    preview. Posts' and entities' front matter is read by the site and blanked
    before MyST parses; a site page's is MyST's. So the text MyST is given is
    read as MyST reads it, both ways (:func:`myst_blocks`): in a post or entity
    page any block is refused, in a site page any key but ``SITE_PAGE_KEYS``,
    and a block the two ways read differently. A refused block is left out,
    lines kept.
    """
    from newsdesk.reading.document import kind_of

    text = source[0]
    blocks, lines = myst_blocks(text)
    if lines == 0:
        return
    kind = kind_of(docname, app.config)
    keys = {str(k) for block in blocks if isinstance(block, dict) for k in block}
    refused = sorted(k for k in keys if kind or k not in SITE_PAGE_KEYS)
    mappings = [isinstance(block, dict) for block in blocks]
    if refused:
        problem = (
            f"{', '.join(repr(k) for k in refused)} would be page settings for "
            "MyST ('myst' changes how the page is read, and can run code): not "
            "allowed; "
            + (
                "posts and entity pages start with one '---' block of their fields"
                if kind
                else f"a site page's may set only {', '.join(sorted(SITE_PAGE_KEYS))}"
            )
        )
    elif TOO_DEEP in blocks:
        problem = "is nested too deeply to read; write plain 'key: value' lines"
    elif (depth := _odd_tocdepth(blocks)) is not None:
        # Sphinx reads what is not a number as 0 without a word
        problem = (
            f"tocdepth: {depth!r} is not a whole number; write how many levels "
            "of headings the page's table of contents shows, e.g. 2"
        )
    elif (flag := _odd_flag(blocks)) is not None:
        # Sphinx and Furo test that the key is there, not its value
        problem = (
            f"{flag[0]}: {_yaml_value(flag[1])} would still set it (only the "
            "key counts); "
            f"write '{flag[0]}: true', or leave it out"
        )
    elif any(mappings) and not all(mappings):
        problem = (
            "MyST reads this block in two ways that disagree (a line such as "
            "'---x' inside it); write one plain '---' block"
        )
    else:
        return
    _logger.warning(
        "front matter: %s",
        problem,
        location=f"{app.env.doc2path(docname, False).as_posix()}:1",
        type="newsdesk",
        subtype="policy",
    )
    source[0] = "\n" * lines + "\n".join(text.split("\n")[lines:])


def _odd_tocdepth(blocks: list[object]) -> object | None:
    """A site page's ``tocdepth`` that is not a whole number, or None."""
    for block in blocks:
        if isinstance(block, dict) and "tocdepth" in block:
            value = block["tocdepth"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return value
    return None


#: a site page's settings that are on whatever their value: ``hide-toc: false``
#: hid the page's contents, ``orphan: false`` made it an orphan
FLAGS = ("orphan", "nosearch", "hide-toc")


def _odd_flag(blocks: list[object]) -> tuple[str, object] | None:
    """A site page's flag set to anything but ``true``, with its value, or None."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        for key in FLAGS:
            if key in block and block[key] is not True:
                return key, block[key]
    return None


def _yaml_value(value: object) -> str:
    """``false``, ``null`` as written, not Python's ``False``, ``None``."""
    if value is None or isinstance(value, bool):
        return {None: "null", False: "false", True: "true"}[value]
    return repr(value)


#: a block YAML could not read for its depth (MyST's reading would crash)
TOO_DEEP = object()


def myst_blocks(text: str) -> tuple[list[object], int]:
    """What MyST reads at the top of ``text``, and how many lines of it.

    MyST reads a top block twice, with two rules: as settings
    (``read_topmatter``: up to a line *starting* ``---`` or ``...``) and, in
    its Markdown parser, as the page's metadata (markdown-it's front-matter
    rule: up to a line of dashes alone). Each gives the YAML it read (None if
    not valid YAML, ``TOO_DEEP`` if nested past Python's recursion limit); the
    lines are those of the longer block.
    """
    if not text.startswith("---"):  # both rules' first test
        return [], 0
    import yaml
    from myst_parser.config.main import TopmatterReadError, read_topmatter

    blocks: list[object] = []
    try:
        blocks.append(read_topmatter(text))
    except TopmatterReadError:
        blocks.append(None)
    except RecursionError:  # YAML nested deeper than Python can follow
        blocks.append(TOO_DEEP)
    end = 0  # where read_topmatter stopped (it splits lines as str.splitlines)
    for number, line in enumerate(text.splitlines(keepends=True)):
        end += len(line)
        if number and line.startswith(("---", "...")):
            break
    lines = text[:end].count("\n") + (0 if text[:end].endswith("\n") else 1)
    token = next(iter(_front_matter_parser().parse(text)), None)
    if token is not None and token.type == "front_matter" and token.map:
        try:
            blocks.append(yaml.safe_load(token.content))
        except yaml.YAMLError:
            blocks.append(None)
        except RecursionError:
            blocks.append(TOO_DEEP)
        lines = max(lines, token.map[1])
    return blocks, lines


@functools.cache
def _front_matter_parser() -> MarkdownIt:
    """markdown-it with the front-matter rule MyST's parser uses, alone."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("zero").use(front_matter_plugin)


def refuse_linked_assets(app: Sphinx, config: Config) -> None:
    """``config-inited``: name each symbolic link in the folders Sphinx copies or
    renders whole (static, extra, templates), and use none of them.

    Those folders are code under review (SECURITY.md), but a link is one line in
    a diff, easy to miss, and Sphinx follows it: ``_static/etc -> /etc`` would
    publish the build machine's ``/etc``, ``_templates/page.html -> ~/.netrc``
    put a file in every page. A link in a static or extra folder joins
    ``exclude_patterns``, Sphinx's own way to keep a path of those folders from
    being copied (it tests their top level as ``./name``, so both forms go in);
    a template folder holding a link is left out whole, since Jinja has no such
    setting. Each warning fails every ``-W`` build.
    """
    confdir, srcdir = Path(app.confdir), Path(app.srcdir)
    patterns: list[str] = []
    for name in ("html_static_path", "html_extra_path", "templates_path"):
        folders = list(getattr(config, name, None) or ())
        kept = []
        for folder in folders:
            root = confdir / folder
            if root.is_symlink():
                _warn_link(os.path.relpath(root, confdir), "")
                continue  # the folder itself is a link: left out
            links = _links_under(root)
            copied = name != "templates_path"
            for rel in links:
                clash = copied and (srcdir / rel).exists()
                _warn_link(os.path.relpath(root / rel, confdir), rel if clash else "")
            if links and not copied:
                continue  # a template folder holding a link: left out
            patterns += [form for rel in links for form in (rel, f"./{rel}")]
            kept.append(folder)
        if kept != folders:
            setattr(config, name, kept)
    if patterns:
        config.exclude_patterns = [*config.exclude_patterns, *patterns]


def _links_under(root: Path) -> list[str]:
    """POSIX paths, relative to ``root``, of the links under it (not entered)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                found.append(os.path.relpath(full, root).replace(os.sep, "/"))
    return sorted(found)


def _warn_link(path: str, clash: str) -> None:
    problem = (
        "is a symbolic link; commit the file itself "
        "(the build would publish what it points at)"
    )
    if clash:
        problem += f"; until it is gone, the build leaves out {clash!r} too"
    _logger.warning(
        "file: %s",
        problem,
        location=f"{path.replace(os.sep, '/')}:1",
        type="newsdesk",
        subtype="policy",
    )


#: docutils directives a page may not run at all (see ``FORBIDDEN_DIRECTIVES``)
REFUSED_DIRECTIVES = ("role", "title", "sectnum", "meta")
#: the directives of Sphinx's domains a page may run; every other one
#: describes program code ({py:function}, {c:macro}, {std:option}) and is
#: refused before it runs (see :func:`refuse_directives`)
DOMAIN_DIRECTIVES = frozenset({("std", "glossary")})
#: why a domain's directive is refused
DESCRIBES_CODE = (
    "it describes program code (an API's functions, options or grammar), "
    "which the site's pages do not hold"
)


def refuse_directives(app: Sphinx) -> None:
    """Replace the directives of ``REFUSED_DIRECTIVES``, under every name
    docutils knows them by, and of Sphinx's domains but
    ``DOMAIN_DIRECTIVES``, with one that says so and makes nothing.

    ``{role}`` registers its role for the whole process (docutils keeps roles
    in one table), so one page would change ``{entity}`` on every page read
    after it. The source check names these first; this holds whatever
    spelling or block it missed. docutils finds an alias (``section-numbering``)
    in its own registry, not Sphinx's, so each alias is replaced too.

    A domain's directive records what it describes in the domain while it
    runs, before the allowlist removes its output: a refused {py:function}
    was still listed in ``objects.inv``, and ``{productionlist}`` with no
    ``name: rule`` line stopped the build with a traceback.
    """
    for alias, canonical in en.directives.items():
        if canonical in REFUSED_DIRECTIVES:
            app.add_directive(alias, _Refused, override=True)
    # The domains exist by now (builder-inited), each with its own table.
    for domain in app.env.domains.sorted():
        for name in list(domain.directives):
            if (domain.name, name) not in DOMAIN_DIRECTIVES:
                domain.directives[name] = _Refused


class _Refused(Directive):
    """A directive no page may run: one message at its line, nothing made."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None  # any option: the directive is refused whatever it says

    def run(self) -> list:
        env = self.state.document.settings.env
        # a domain's directive is named in full ('py:function') by Sphinx
        canonical = str(en.directives.get(self.name.lower(), self.name.lower()))
        why = FORBIDDEN_DIRECTIVES.get(canonical, DESCRIBES_CODE)
        if self.lineno not in (env.temp_data.get(REPORTED_LINES) or ()):
            _logger.warning(
                "{%s} is not allowed: %s",
                self.name,
                why,
                location=(env.docname, self.lineno),
                type="newsdesk",
                subtype="policy",
            )
        return []


def refuse_restructuredtext() -> None:
    """MyST renders an ``{eval-rst}`` block itself, not as a directive
    (``render_fence`` and ``render_colon_fence`` call
    ``render_restructuredtext`` on that exact name), so no directive can
    refuse it. The source check leaves such a block out; this refuses one it
    did not see (inside another directive's first line, say) where MyST
    renders it: one message, nothing rendered. Not a speed-up: always on.
    """
    from myst_parser.mdit_to_docutils import base
    from sphinx.errors import ExtensionError

    renderer = base.DocutilsRenderer
    method = getattr(renderer, "render_restructuredtext", None)
    if method is None:
        # MyST changed: fail the build rather than let reStructuredText in
        raise ExtensionError("myst-parser has no render_restructuredtext to refuse")
    if getattr(method, "newsdesk_refused", False):
        return

    def refused(self: Any, token: Any) -> None:
        env = getattr(self, "sphinx_env", None)
        if env is not None:
            line = base.token_line(token, 0) + 1
            _logger.warning(
                "{eval-rst} is not allowed: %s",
                FORBIDDEN_DIRECTIVES["eval-rst"],
                location=(env.docname, line),
                type="newsdesk",
                subtype="policy",
            )

    refused.newsdesk_refused = True  # type: ignore[attr-defined]
    renderer.render_restructuredtext = refused  # type: ignore[method-assign]


def linear_heading_slugs() -> None:
    """Give headings their anchors in linear time, the same anchors as MyST.

    MyST names a repeated heading's anchor ``x-1``, ``x-2``, ... by trying each
    suffix from 1 up against the page's slugs (``myst_parser.slugs.unique_slug``):
    n headings of one text take n²/2 tries, so a 100 KB post of ``## a`` lines
    held a build for two and a half minutes, a megabyte for hours, with no
    message. This resumes at the suffix it found last time for that slug and
    that page: the page's slugs only grow while it is read, so every suffix
    below it is still taken and the anchor is the one MyST would choose. Not a
    speed-up: always on.
    """
    from myst_parser.mdit_to_docutils import base
    from sphinx.errors import ExtensionError

    original = getattr(base, "unique_slug", None)
    if original is None:
        # MyST changed: fail the build rather than let a page stall it
        raise ExtensionError("myst-parser has no unique_slug to make linear")
    if getattr(original, "newsdesk_linear", False):
        return
    # the slugs of the page being read (kept, so that its id is not reused),
    # and the last suffix given to each slug in it
    page: list[tuple[Container[str], dict[str, int]]] = []

    def unique_slug(slug: str, existing: Container[str]) -> str:
        if slug not in existing:
            return slug
        if not page or page[0][0] is not existing:
            page[:] = [(existing, {})]  # another page: start again
        suffixes = page[0][1]
        number = suffixes.get(slug, 1)
        while f"{slug}-{number}" in existing:
            number += 1
        suffixes[slug] = number  # still free if the caller does not take it
        return f"{slug}-{number}"

    unique_slug.newsdesk_linear = True  # type: ignore[attr-defined]
    base.unique_slug = unique_slug


def linear_system_messages(app: Sphinx) -> None:
    """In ``setup()``: drop the parser's notes from a page in linear time.

    Sphinx's ``FilterSystemMessages`` removes each note (an unknown role's,
    say) from its paragraph with ``list.remove``, one search of the paragraph
    a note: 20,000 unknown roles on one line held a build for 16 seconds, a
    page of them for a minute. This drops the same notes, one pass a parent,
    just before it runs, which then finds none. Not a speed-up: always on.
    """
    from docutils import nodes
    from sphinx.transforms import SphinxTransform

    class DropSystemMessages(SphinxTransform):
        default_priority = 998  # just before Sphinx's own filter (999)

        def apply(self, **kwargs: Any) -> None:
            level = 2 if self.config.keep_warnings else 5  # as Sphinx's filter
            notes: dict[int, tuple[nodes.Element, set[int]]] = {}
            for node in self.document.findall(nodes.system_message):
                if node["level"] < level and node.parent is not None:
                    parent = node.parent
                    notes.setdefault(id(parent), (parent, set()))[1].add(id(node))
            for parent, dropped in notes.values():
                parent.children = [c for c in parent.children if id(c) not in dropped]

    app.add_transform(DropSystemMessages)


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
        re.compile(r"^Raw content disabled|^raw \(and derived\) roles disabled"),
        "raw: raw markup is not allowed; write Markdown",
    ),
)  # fmt: skip
#: What follows a refusal and adds nothing: Sphinx's note on csv-table's
#: absolute :file: (given only when the file exists on the build machine),
#: and docutils' complaint about a substitution whose raw content was refused.
_AFTERMATH = re.compile(
    r'^":file:" option for csv-table directive now recognizes'
    r'|^Substitution definition "[^"]*" empty or invalid'
)
_WHY = {"raw": "raw markup is not allowed; write Markdown"}
#: the start of a directive's source as docutils echoes it: a MyST fence, or
#: reStructuredText's ".. name::"
_ECHOED_BLOCK = re.compile(r"`{3,}|~{3,}|:{3,}|\.\. ")


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
        first = str(record.msg).split("\n", 1)[0]
        if app is not None and _AFTERMATH.match(first):
            return False
        location = getattr(record, "location", None)
        if app is None or not isinstance(location, str):
            return True
        # docutils names the file by its absolute path, the site's checks by
        # its path in the repository: one form for every message
        srcdir = f"{Path(app.srcdir).as_posix()}/"
        if location.startswith(srcdir):
            record.location = location = location.removeprefix(srcdir)
        if getattr(record, "type", None) != "docutils":
            return True
        # docutils echoes the directive's whole block after its message: a
        # list-table of 1,000 rows was 1,000 lines of log for one mistake
        head, blank, echoed = record.getMessage().partition("\n\n")
        if blank and _ECHOED_BLOCK.match(echoed):
            record.msg, record.args = head, ()
        for pattern, wording in _REFUSALS:
            match = pattern.match(first)
            if match is None:
                continue
            reported = app.env.temp_data.get(REPORTED_LINES) or ()
            path, _, line = location.rpartition(":")
            if not path:  # no line at all
                path, line = location, ""
            if not line.isdigit():
                # docutils gives no line for a role; only reStructuredText
                # defines one, and the source check named that block
                if reported:
                    return False
                line = "1"
            if int(line) in reported:
                return False
            name = next((g for g in match.groups() if g), "directive").lower()
            why = _WHY.get(name, "is not allowed: pages may not read files")
            record.msg, record.args = wording.format(name=name, why=why), ()
            record.location = f"{path}:{line}"
            record.type, record.subtype = "newsdesk", "policy"
            return True
        return True


_REFUSAL_MESSAGES = RefusalMessages()


class RepositoryPaths(logging.Filter):
    """Name a warning's file by its path in the repository, as the site does.

    Sphinx, MyST and other extensions name it by its absolute path. This runs
    on the warning handler after Sphinx's own filters have turned a record's
    ``(docname, line)`` into that path, so every warning has one form.

    Some of Sphinx's directives ({code-block}'s ``:dedent:``) give it a
    ``(path, line)`` instead, which it names ``page.md.md``: a file that is
    not there is named as the page that is. A message that names another file
    ("duplicate label x, other instance in ...") names it the same way.
    """

    def __init__(self, srcdir: str) -> None:
        super().__init__()
        self.srcdir = Path(srcdir)
        self.prefix = f"{self.srcdir.as_posix()}/"

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if isinstance(location, str) and location.startswith(self.prefix):
            location = location.removeprefix(self.prefix)
            path, colon, line = location.partition(":")
            if path.endswith(".md.md") and not (self.srcdir / path).exists():
                location = f"{path.removesuffix('.md')}{colon}{line}"
            record.location = location
        if self.prefix in (message := record.getMessage()):
            record.msg, record.args = message.replace(self.prefix, ""), ()
        return True


class RepeatedWarnings(logging.Filter):
    """Say a warning once at its place: one message for one problem.

    An unknown role written 20,000 times on one line was 20,000 lines of
    the same words, the build's log and a reviewer's screen full. Runs after
    :class:`RepositoryPaths`, on the form of the place that is shown; Sphinx
    has counted the warning already, so ``-W`` fails as before.
    """

    def __init__(self) -> None:
        super().__init__()
        #: what this build said (one app may build again: see forget_warnings)
        self.said: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (str(getattr(record, "location", "")), record.getMessage())
        if key in self.said:
            return False
        self.said.add(key)
        return True


def forget_warnings(app: Sphinx, *args: object) -> None:
    """``build-finished``, last: the next build of this app (a test's, say)
    says again what this one said."""
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        for found in handler.filters:
            if isinstance(found, RepeatedWarnings):
                found.said.clear()


def reword_refusals(app: Sphinx) -> None:
    """``builder-inited``: docutils' refusals in the site's words (see above)."""
    _REFUSAL_MESSAGES.app = app
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler) and not any(
            isinstance(f, RepositoryPaths) for f in handler.filters
        ):
            handler.addFilter(RepositoryPaths(str(app.srcdir)))
            handler.addFilter(RepeatedWarnings())
    for name in (
        "sphinx.sphinx.util.docutils",  # Sphinx's reporter of docutils' messages
        "sphinx.sphinx.directives.patches",  # its csv-table
    ):
        logger = logging.getLogger(name)
        if _REFUSAL_MESSAGES not in logger.filters:
            logger.addFilter(_REFUSAL_MESSAGES)
