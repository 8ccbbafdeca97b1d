"""``llms.txt`` (``build-finished``): the site for language-model tools, in the
llmstxt.org format.

An H1 with the site's name, a blockquote saying what it is, then the latest
posts (newest first, each with its summary and source) and links to one list per
year (``llms/<year>.md``), so the file stays bounded however many posts there
are. Titles and summaries are plain text from strangers: Markdown's link and
emphasis characters are escaped so that no text can make a link of its own, nor
can a bare address, which GitHub-flavoured renderers would make a link, nor a
character reference another character.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk import run
from newsdesk.config import LICENSE_WORDS
from newsdesk.index import domain as registry
from newsdesk.index import refresh
from newsdesk.text import plural
from newsdesk.writing.feeds import Urls, write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from newsdesk.index.domain import PostMeta

LLMS = "llms.txt"
#: how many of the newest posts llms.txt lists itself
LATEST = 200
ABOUT = (
    "Each post analyses one news article, linked as its source, in three "
    "parts: News Overview (what the report says), In-Depth Analysis and "
    "Commentary (our opinion). Corrections are listed on each post."
)
#: Markdown's special characters; ``&`` too, or ``&#x202e;`` in a summary was
#: a bidi override once rendered (and ``&amp;`` showed as ``&``), and ``~``,
#: GitHub's strikethrough
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>#!|&~])")
#: where a GFM "extended autolink" would start: before the ``:`` of ``https:``,
#: the ``.`` of ``www.`` and an address's ``@``; a backslash there stops it
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|(?=@)")


def md_text(text: str) -> str:
    """``text`` as inert Markdown: one line, every special character escaped."""
    text = _MARKDOWN.sub(r"\\\1", " ".join(text.split()))
    return _AUTOLINK.sub(lambda m: m.group() + "\\", text)


def post_line(post: PostMeta, url: str) -> str:
    """``- [Title](url): summary (Source: Publisher, <url>)``."""
    cited = post.fields.source
    source = cited.first
    # a relay whose original has no address: who reported it, as the callout
    reported = (
        f", carrying {md_text(cited.reported_by)}'s report" if cited.reported_by else ""
    )
    return (
        f"- [{md_text(post.title)}]({url}): {md_text(post.fields.summary)} "
        f"Source: {md_text(source.publisher)}{reported}, <{source.url}>"
    )


def llms_files(app: Sphinx) -> dict[str, str]:
    """Output path -> Markdown text, for llms.txt and the per-year lists."""
    index = registry.site(app.env)
    posts = registry.posts(app.env)
    urls = Urls(app.builder, app.config.html_baseurl or "")
    newest = index.newest_first()
    years: dict[int, list[str]] = {}
    for docname in newest:
        years.setdefault(posts[docname].fields.published.year, []).append(docname)
    name = md_text(str(app.config.html_title or app.config.project))
    head = [f"# {name}", ""]
    if app.config.newsdesk_site_description:
        head += [f"> {md_text(app.config.newsdesk_site_description)}", ""]
    head += [ABOUT, ""]
    if license := app.config.newsdesk_license:
        # as the footer says it: the quotations are the cited articles' own
        before, after = LICENSE_WORDS
        head += [f"{before}{md_text(license['name'])} (<{license['url']}>){after}", ""]
    lines = [*head, "## Latest posts", ""]
    lines += [post_line(posts[d], urls.page(LLMS, d)) for d in newest[:LATEST]]
    lines += ["", "## Optional", ""]
    files: dict[str, str] = {}
    for year, docnames in years.items():
        path = f"llms/{year}.md"
        count = plural(len(docnames), "post")
        lines.append(f"- [Posts of {year}]({urls.file(LLMS, path)}): {count}")
        body = [f"# {name}: posts of {year}", ""]
        body += [post_line(posts[d], urls.page(path, d)) for d in docnames]
        files[path] = "\n".join(body) + "\n"
    files[LLMS] = "\n".join(lines) + "\n"
    return files


def write_llms(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write llms.txt and the yearly lists that changed."""
    builder = app.builder
    if exception is not None or not run.whole_site(app):
        return
    if refresh.site_files_current(app):
        return  # nothing they show changed since they were written
    outdir = Path(builder.outdir)
    files = llms_files(app)
    for path, text in files.items():
        write_if_changed(outdir / path, text.encode())
    for stale in (outdir / "llms").glob("*.md"):
        if stale.relative_to(outdir).as_posix() not in files:
            stale.unlink()
