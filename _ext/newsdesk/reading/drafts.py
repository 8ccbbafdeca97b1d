"""Which posts are published: drafts and future-dated posts wait.

The published site leaves them out entirely: before Sphinx looks for documents
(``config-inited``), their files join ``exclude_patterns``, so they get no page,
listing, feed or sitemap entry, search entry or toctree warning. Previews
(``newsdesk_show_drafts``) build them with a banner instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from newsdesk.reading import frontmatter, metadata
from newsdesk.reading.encoding import literal
from newsdesk.text import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def now() -> dt.datetime:
    """The build's idea of now: ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def status(fields: metadata.PostFields, when: dt.datetime | None = None) -> str:
    """``"draft"``, ``"scheduled"`` (dated in the future) or ``"published"``."""
    if fields.draft:
        return "draft"
    if fields.published > (when or now()):
        return "scheduled"
    return "published"


def unpublished_files(
    srcdir: Path, posts_dir: str, timezone: str, only: list[str] | None = None
) -> list[str]:
    """Source paths (relative, POSIX) of drafts and scheduled posts.

    Reads only the front matter. Files whose front matter is broken are kept in
    the build, where the reading stage reports the problem with its location.
    """
    found = []
    when = now()
    paths = (
        [srcdir / p for p in only]
        if only is not None
        else sorted((srcdir / posts_dir).glob("*/*.md"))
    )
    inside = _inside(srcdir)
    for path in paths:
        if not inside(path):
            continue  # skip_undecodable names it, and the build leaves it out
        try:
            text = path.read_text(encoding="utf-8")
            if surely_published(text, when):
                continue
            loaded = frontmatter.load(text)
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
            continue
        if loaded is None:
            continue
        fields, _ = metadata.check_post(loaded.data, loaded.lines, timezone)
        if fields is not None and status(fields, when) != "published":
            found.append(path.relative_to(srcdir).as_posix())
    return found


def _inside(srcdir: Path) -> Callable[[Path], bool]:
    """Whether a file is the repository's own, not a link nor in a linked
    folder: ``posts/2025/x.md -> /dev/zero`` was read to the end before any
    check (a ``MemoryError``, a traceback), and a link could have any file
    of the build machine read. Folders are resolved once each."""
    root = srcdir.resolve()

    @functools.cache
    def folder_inside(folder: Path) -> bool:
        return folder.resolve().is_relative_to(root)

    return lambda path: not path.is_symlink() and folder_inside(path.parent)


_DATE_LINE = re.compile(r"^date[ \t]*:[ \t]*[\"']?(\d{4}-\d{2}-\d{2})", re.MULTILINE)
_DATE_KEY = re.compile(r"^[\"']?date[\"']?[ \t]*:", re.MULTILINE)
#: the word "date" anywhere (a key spelt "!!str date", a line in a quoted value)
_DATE_WORD = re.compile(r"(?<![\w-])date(?![\w-])")
#: a nested mapping's date (source.date), on a line of its own
_NESTED_DATE = re.compile(r"^[ \t]+date[ \t]*:", re.MULTILINE)
#: a first field indented: the whole mapping is, and its keys look nested
_INDENTED_START = re.compile(r"^(?:[ \t]*(?:#.*)?\n)*[ \t]+\S")
#: a YAML tag: "!" where a value or key starts ("!!str date"), not "Wow!"
_TAG = re.compile(r"(?:^|[\s\[{,:?-])!", re.MULTILINE)
#: line breaks YAML reads that "^" above does not: a carriage return, NEL,
#: and the line and paragraph separators (a block opened with U+2028 is
#: indented whole for YAML, with its real date hidden among "nested" keys);
#: and the byte-order mark, which YAML skips at the start of the block, where
#: it hides the same indent from _INDENTED_START
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029\ufeff]")


def surely_published(text: str, when: dt.datetime) -> bool:
    """True when a plain look at the front matter shows a past post, no draft.

    Parsing and validating every post's YAML here cost as much as reading it
    again later; nearly every post is old and published, and this check proves
    it without parsing. It is conservative: anything unusual (a ``draft`` key,
    escapes, YAML tags, a line break other than a line feed or a byte-order
    mark, the word "date" more than once, a date within two days of now
    whatever the time zone) returns False, and the caller does the full
    check, so the set of excluded files is the same. (A ``date:`` line inside a
    quoted value, with the real key written ``!!str date``, would otherwise
    publish a scheduled post.)
    """
    parts = frontmatter.split(text)
    if parts is None:
        return False
    block = parts[0]
    if "draft" in block or "\\" in block or _TAG.search(block):
        return False
    if _OTHER_BREAKS.search(block):
        return False  # lines (or an indent) the expressions here do not see
    # The one "date" must be the top-level key: any other is a nested key
    # (source.date), or the real key is somewhere the quick look cannot see.
    # ("updated" is not "date"; a mapping indented as a whole hides its keys.)
    others = len(_DATE_WORD.findall(block)) - len(_NESTED_DATE.findall(block))
    if others != 1 or _INDENTED_START.match(block):
        return False
    if len(_DATE_KEY.findall(block)) != 1:
        return False
    match = _DATE_LINE.search(block)
    if not match:
        return False
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return False
    return day < when.date() - dt.timedelta(days=2)  # 9999-12-31 + 2 overflows


def exclude_unpublished(app: Sphinx, config: Config) -> None:
    """``config-inited``: add unpublished posts to ``exclude_patterns``."""
    if config.newsdesk_show_drafts:
        return
    hidden = unpublished_files(
        Path(app.srcdir),
        config.newsdesk_posts_dir,
        config.newsdesk_timezone,
        # A preview reads only its posts: no need to look at the others.
        only=config.newsdesk_preview or None,
    )
    if hidden:
        count = plural(len(hidden), "draft or scheduled post")
        logger.info("newsdesk: leaving out %s", count)
        # as patterns that match the file alone: a draft named "*.md" left
        # out every post of its year, and the build said nothing
        hidden = [literal(path) for path in hidden]
        config.exclude_patterns = [*config.exclude_patterns, *hidden]
