"""Start a new post: ``python -m newsdesk new "Title" --source-url URL``.

Pure functions build the file (``post_slug``, ``publisher_from_url``, ``render``);
``create`` checks the result with the build's own validator and writes it without
ever replacing an existing post. The new post is a draft whose summary is a
placeholder that the schema rejects, so it can be previewed at once but cannot be
published until its author has written the summary.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys
import unicodedata
import urllib.parse
from pathlib import Path

import yaml
from slugify import slugify

from newsdesk.reading import frontmatter, metadata, titles

#: Editors that run yaml-language-server on front matter validate against this.
SCHEMA_COMMENT = (
    "# yaml-language-server: $schema=../../_ext/newsdesk/schema/post.schema.json"
)
#: Starts with the marker the schema rejects (``$defs.not-placeholder``).
SUMMARY_PLACEHOLDER = (
    "TODO: one or two sentences of your own (20-300 characters) saying what "
    "happened and why it matters."
)
DEFAULT_TAGS = ("news",)
SLUG_MAX_LENGTH = 60
#: Values written without quotes: no YAML indicator can start or end them.
_PLAIN = re.compile(r"[A-Za-z0-9][\w.\-/ ]*[\w./]|[A-Za-z0-9]")

_SECTIONS = (
    (
        "News Overview",
        "What happened, in your own words: who, what, when, and the key numbers.",
    ),
    (
        "In-Depth Analysis",
        "Context and consequences: why it happened, who gains, what to watch next.",
    ),
    (
        "Commentary",
        "Our view, clearly marked as opinion, with the reasons for it.",
    ),
)


class ScaffoldError(ValueError):
    """A contributor's mistake: ``message`` says what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclasses.dataclass(frozen=True)
class NewPost:
    """What the contributor asked for, before it becomes a file."""

    title: str
    source_url: str
    #: ISO 8601 publication date-time, written to the file as given
    date: str
    publisher: str | None = None
    source_title: str | None = None
    tags: tuple[str, ...] = DEFAULT_TAGS


# -- pure helpers ----------------------------------------------------------------


def post_slug(title: str) -> str:
    """File name (without ``.md``) for a title: ASCII, lower case, stable.

    Transliterates accents and non-Latin scripts (python-slugify), cuts long
    titles at a word boundary, and falls back to a hash of the title when
    nothing transliterates (a title made of emoji), so the same title always
    gives the same slug.
    """
    slug = slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True)
    if not slug:
        digest = hashlib.sha1(_normal(title).encode("utf-8")).hexdigest()[:8]
        slug = f"post-{digest}"
    return slug


def publisher_from_url(url: str) -> str:
    """A starting value for ``source.publisher``: the URL's host without ``www.``."""
    host = urllib.parse.urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def parse_tags(text: str) -> tuple[str, ...]:
    """``"cloud, earnings"`` -> ``("cloud", "earnings")``; blanks dropped."""
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


def format_datetime(value: dt.datetime) -> str:
    """ISO 8601 to the minute, ``Z`` for UTC: ``2026-11-26T14:05:00Z``."""
    text = value.replace(second=0, microsecond=0).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def relative_path(post: NewPost) -> Path:
    """``posts/<year>/<slug>.md``: the year of publication, the slug of the title."""
    # The wall-clock year as written, as the build checks it (any zone will do).
    year = metadata.parse_datetime(post.date, dt.UTC).year
    return Path("posts") / str(year) / f"{post_slug(post.title)}.md"


def render(post: NewPost) -> str:
    """The new post's Markdown: front matter, title and the three sections."""
    publisher = post.publisher or publisher_from_url(post.source_url)
    front = [
        "---",
        SCHEMA_COMMENT,
        f"date: {post.date}",
        "draft: true  # delete this line to publish",
        "summary: >-",
        f"  {SUMMARY_PLACEHOLDER}",
        f"tags: {_flow_list(post.tags)}  # 1-8 short topic words",
        "# entities: [Microsoft, xAI]  # pages in entities/ the post is about",
        "# series: Microsoft and xAI  # the running story, if any",
        "source:",
        f"  title: {_quote(post.source_title or post.title)}"
        + ("" if post.source_title else "  # the article's own headline"),
        f"  publisher: {_quote(publisher)}",
        f"  url: {_quote(post.source_url)}",
        "  # date: YYYY-MM-DD  # when the article was published",
        "  # archive: https://web.archive.org/...  # an archived copy",
        "  # original:  # if the article relays another outlet's report, name it:",
        '  #   title: "TODO: the original report\'s headline"',
        '  #   publisher: "TODO: the outlet that first reported it"',
        "  #   url: https://...",
        "  #   date: YYYY-MM-DD",
        "# follow_up_to: posts/<year>/<slug>.md  # an earlier post on the same story",
        "---",
    ]
    body = [f"# {post.title}"]
    for heading, hint in _SECTIONS:
        # MyST comment lines (``%``) are not rendered: the hints never reach readers.
        body += ["", f"## {heading}", "", f"% {hint}"]
    return "\n".join([*front, "", *body]) + "\n"


def check(post: NewPost, timezone: str = "UTC") -> list[metadata.Problem]:
    """Problems the new file would have, except the summary placeholder.

    Runs the build's validator on the rendered front matter, so a bad URL, tag
    or publisher gets the same message here as in the build.
    """
    problems: list[metadata.Problem] = []
    if not post.title.strip() or "\n" in post.title:
        problems.append(metadata.Problem("title", "must be one non-empty line of text"))
    elif hidden := metadata.hidden_text_problem(post.title):
        problems.append(metadata.Problem("title", hidden))
    else:  # the build's checks of a title: its length, what shows nothing
        problems += titles.title_problems([(None, post.title)])
    loaded = frontmatter.load(render(post))
    assert loaded is not None  # render() always writes front matter
    _, found = metadata.check_post(loaded.data, loaded.lines, timezone)
    problems += [p for p in found if not metadata.is_placeholder(p)]
    if post.publisher is None and any(p.field == "source.url" for p in problems):
        # The publisher was to come from the URL: only the URL is wrong.
        problems = [p for p in problems if p.field != "source.publisher"]
    return problems


def create(root: Path, post: NewPost) -> Path:
    """Write the post under ``root``; return its path relative to ``root``."""
    problems = check(post)
    if problems:
        raise ScaffoldError("\n".join(_as_option(p) for p in problems))
    relative = relative_path(post)
    target = root / relative
    if not (root / "posts").is_dir():
        raise ScaffoldError(
            f"{root / 'posts'} does not exist: run this from the repository's "
            "top folder (or pass --root)"
        )
    for folder in (relative.parent.parent, relative.parent):
        # The post would be written where the link points, outside the site
        # (the build reads nothing through a link: it names it).
        if (root / folder).is_symlink():
            raise ScaffoldError(
                f"{folder.as_posix()} {metadata.LINKED}; nothing was written"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x": fail rather than replace, even if the file appears meanwhile.
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(render(post))
    except FileExistsError:
        raise ScaffoldError(
            f"{relative.as_posix()} already exists; nothing was written. A post's "
            "path is its URL, so an existing post is never replaced: edit that "
            "file, or choose a different title."
        ) from None
    return relative


# -- command line ----------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``new`` subcommand's options."""
    parser.add_argument("title", help="the post's title (its '# ' heading)")
    parser.add_argument(
        "--source-url", required=True, help="address of the news article (http/https)"
    )
    parser.add_argument(
        "--publisher", help="who published the article (default: the URL's host)"
    )
    parser.add_argument(
        "--source-title", help="the article's own headline (default: the title)"
    )
    parser.add_argument(
        "--tags", help="comma-separated topic words, e.g. 'cloud,earnings'"
    )
    parser.add_argument(
        "--date",
        help="publication date-time, ISO 8601 (default: now, UTC); "
        "a future date schedules the post",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the site's folder (default: .)"
    )


def run(args: argparse.Namespace) -> int:
    """``python -m newsdesk new``: create the post, print what to do next."""
    try:
        post = NewPost(
            title=" ".join(args.title.split()),
            source_url=args.source_url.strip(),
            date=_date(args.date),
            publisher=args.publisher,
            source_title=args.source_title,
            tags=parse_tags(args.tags) if args.tags is not None else DEFAULT_TAGS,
        )
        relative = create(args.root, post)
    except ScaffoldError as exc:
        for line in exc.message.splitlines():
            print(f"newsdesk new: {line}", file=sys.stderr)
        return 1
    print(f"Created {relative.as_posix()} (a draft).")
    # The post's own preview, rebuilt in about a second on each save, at its
    # clean URL (posts/2025/<slug>/); docs-live rebuilds the whole site.
    print(f"Preview it: nox -s preview -- {relative.as_posix()}")
    print(f"  and open http://127.0.0.1:8000/{relative.with_suffix('').as_posix()}/")
    print("If the article relays another outlet's report, name the original under")
    print("source.original (the commented lines show how).")
    print("Before you publish: replace the TODO summary, write the three sections,")
    print("delete the 'draft: true' line and run: nox -s lint")
    return 0


def _date(text: str | None) -> str:
    """``--date`` as given once valid (the build's rule), else now in UTC."""
    if text is None:
        return format_datetime(dt.datetime.now(dt.UTC))
    text = text.strip()
    problems = metadata.schema_problems("post", {"date": text})
    problems = [p for p in problems if p.field == "date"]
    if problems:
        raise ScaffoldError(f"--date: {problems[0].message}")
    return text


_OPTIONS = {
    "source.url": "--source-url",
    "source.publisher": "--publisher",
    "source.title": "--source-title",
    "tags": "--tags",
    "date": "--date",
}


def _as_option(problem: metadata.Problem) -> str:
    """Name the command-line option rather than the front-matter field."""
    field = problem.field
    for prefix, option in _OPTIONS.items():
        if field == prefix or field.startswith((f"{prefix}[", f"{prefix}.")):
            return f"{option} ({field}): {problem.message}"
    return str(problem)


def _flow_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_quote(item) for item in items) + "]"


def _quote(text: str) -> str:
    """``text`` as a YAML scalar: plain when it reads back as itself, else quoted."""
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    # A JSON string is a valid YAML double-quoted scalar: every character safe.
    return json.dumps(text, ensure_ascii=False)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())
