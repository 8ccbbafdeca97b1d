"""Atom feeds (``build-finished``): one for the whole site, one per tag.

``atom.xml`` at the output root carries the newest ``newsdesk_feed_length``
posts; ``tags/<slug>.atom.xml`` does the same for each tag, next to the tag's
page. An ``html-page-context`` handler announces them in every page's ``<head>``
(``newsdesk_feeds``, read by ``partials/feed-links.html``).

Decisions, so that feeds stay valid and stable wherever the site is built:

- Links are absolute under ``html_baseurl`` when it is set (Read the Docs sets
  it from ``READTHEDOCS_CANONICAL_URL``). Without it (local builds) they are
  relative to the feed file, which Atom resolves against the feed's own URL
  (RFC 4287 §2), so a local feed still opens the right pages.
- Ids are ``urn:uuid:`` UUIDv5s of the project name and the docname (or tag
  slug), not URLs: moving the site to another host or version path does not
  make readers show every post as new again.
- Nothing depends on the clock: a feed's ``updated`` is its newest entry's
  date, so two builds of the same sources write the same bytes, and a file is
  only rewritten when its bytes change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from newsdesk import run
from newsdesk.config import LICENSE_WORDS
from newsdesk.index import domain as registry
from newsdesk.index import refresh
from newsdesk.index.moves import followed, identities, read_redirects
from newsdesk.reading.callouts import correction_anchor
from newsdesk.text import plural
from newsdesk.version import __version__
from newsdesk.writing import cards

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from newsdesk.index.site import SiteIndex
    from newsdesk.index.views import PostView

logger = logging.getLogger(__name__)

SITE_FEED = "atom.xml"
_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
#: Sphinx's default ``author``: not a name to show in a feed.
_UNSET_AUTHOR = "Author name not set"
#: Characters XML 1.0 cannot carry at all (lxml refuses them with an exception).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the control characters XML forbids (a stray one in front
    matter must not stop the build)."""
    return _NOT_XML.sub("", text)


def tag_feed(slug: str) -> str:
    """Output path of a tag's feed, next to the tag's page."""
    return f"tags/{slug}.atom.xml"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One post as a feed shows it: plain text and resolved URLs."""

    id: str
    title: str
    summary: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    author: str
    source_title: str
    source_url: str
    categories: tuple[str, ...]
    #: the post's social card (JSON Feed's item image); "" when cards are off
    image: str = ""


@dataclasses.dataclass(frozen=True)
class Feed:
    """One Atom document: where it goes, what it describes, its entries."""

    path: str
    id: str
    title: str
    subtitle: str
    self_url: str
    home_url: str
    author: str
    language: str
    entries: tuple[Entry, ...]
    #: a square image feed readers show beside the feed's title (the site logo)
    icon: str = ""
    #: what readers may do with the entries (atom:rights, from newsdesk_license)
    rights: str = ""


class Urls:
    """Post and page URLs as seen from one feed file: absolute, or relative to it."""

    def __init__(self, builder: Builder, baseurl: str) -> None:
        self.builder = builder
        self.baseurl = baseurl.rstrip("/") + "/" if baseurl else ""

    def page(self, feed_path: str, docname: str) -> str:
        return self.file(feed_path, self.builder.get_target_uri(docname))

    def file(self, feed_path: str, target: str) -> str:
        if self.baseurl:
            return self.baseurl + target
        # relative_uri gives "" for the feed itself and "./" for the root.
        return relative_uri(feed_path, target) or posixpath.basename(feed_path)


def stable_id(project: str, key: str) -> str:
    """``urn:uuid:`` id that stays the same across hosts and builds."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{project}/{key}").urn


def make_entry(
    post: PostView,
    urls: Urls,
    feed_path: str,
    project: str,
    author: str,
    identity: dict[str, str] | None = None,
    *,
    has_card: bool = False,
) -> Entry:
    """A post's feed entry (pure apart from the builder's URL scheme).

    ``identity``: renamed post -> its first docname, so its id survives a move.
    ``has_card``: the post has a social card, at an address known before it is drawn.
    """
    identity = identity or {}
    card = post.card
    return Entry(
        id=stable_id(project, identity.get(post.docname, post.docname)),
        title=xml_text(post.title),
        summary=xml_text(card.summary),
        url=urls.page(feed_path, post.docname),
        published=card.published,
        updated=post.modified,
        author=xml_text(post.author or author),
        source_title=xml_text(post.source.title),
        source_url=post.source.url,
        categories=tuple(xml_text(name) for name in post.tag_names),
        image=urls.file(feed_path, cards.output_path(post.docname)) if has_card else "",
    )


def site_feeds(app: Sphinx, index: SiteIndex, *, entries: bool = True) -> list[Feed]:
    """The site feed and one feed per tag; none when there are no posts yet.

    ``entries=False``: the same feeds without their entries, when only their
    paths are wanted.
    """
    config = app.config
    if not index.chronological:
        return []
    views = registry.views(app.env)
    # the lines the build follows: a refused one gives no post another's id
    moved = read_redirects(Path(app.srcdir))[0]
    identity = identities({o: moved[o] for o in followed(moved, app.env.found_docs)})
    urls = Urls(app.builder, config.html_baseurl or "")
    project = config.project
    author = config.author if config.author not in ("", _UNSET_AUTHOR) else project
    length = config.newsdesk_feed_length
    # every post's card is drawn by the end of the build (cards.write_cards)
    has_card = bool(config.newsdesk_social_cards)

    def feed(
        path: str,
        key: str,
        title: str,
        subtitle: str,
        home: str,
        docnames: list[str] | tuple[str, ...],
    ) -> Feed:
        return Feed(
            path=path,
            id=stable_id(project, key),
            title=title,
            subtitle=subtitle,
            self_url=urls.file(path, path),
            home_url=urls.page(path, home),
            author=author,
            language=config.language or "en",
            entries=tuple(
                make_entry(
                    views[d], urls, path, project, author, identity, has_card=has_card
                )
                for d in docnames[: length if entries else 0]
            ),
            icon=feed_icon(app, urls, path),
            rights=feed_rights(app),
        )

    feeds = [
        feed(
            SITE_FEED,
            "feed",
            project,
            config.newsdesk_site_description,
            config.root_doc,
            index.newest_first(),
        )
    ]
    for tag in sorted(index.tags.values(), key=lambda t: t.slug):
        feeds.append(
            feed(
                tag_feed(tag.slug),
                f"tags/{tag.slug}",
                tag_title(project, tag.name),
                f"Posts tagged “{tag.name}”, newest first.",
                f"tags/{tag.slug}",
                tag.posts,
            )
        )
    entities = registry.entities(app.env)
    for docname in sorted(index.entity_posts):
        if docname in entities and index.entity_posts[docname]:
            name = entities[docname].name
            feeds.append(
                feed(
                    thread_feed(docname),
                    docname,
                    tag_title(project, name),
                    f"Posts about {name}, newest first.",
                    docname,
                    index.entity_posts[docname],
                )
            )
    for series in sorted(index.series.values(), key=lambda s: s.slug):
        page = f"series/{series.slug}"
        feeds.append(
            feed(
                thread_feed(page),
                page,
                tag_title(project, series.name),
                f"The series “{series.name}”, newest part first.",
                page,
                tuple(reversed(series.posts)),
            )
        )
    feeds.append(_corrections_feed(app, urls, project, author, entries=entries))
    return feeds


def feed_icon(app: Sphinx, urls: Urls, feed_path: str) -> str:
    """The site logo (``newsdesk_logo``), square as Atom's icon and JSON Feed's
    icon want it, as the feed at ``feed_path`` links it; "" without one."""
    logo = app.config.newsdesk_logo
    return urls.file(feed_path, f"_static/{logo}") if logo else ""


def feed_rights(app: Sphinx) -> str:
    """Atom's ``rights``: the licence of the site's text (``newsdesk_license``)
    as one sentence, with the URL a reader can follow; "" without one.

    Human-readable text (RFC 4287 §4.2.10), the footer's sentence: the titles
    of the cited articles, in each entry's related link, are not ours.
    """
    license = app.config.newsdesk_license
    if not license:
        return ""
    before, after = LICENSE_WORDS
    return xml_text(f"{before}{license['name']} ({license['url']}){after}")


def thread_feed(pagename: str) -> str:
    """Output path of an entity's or a series' feed, next to its page."""
    return f"{pagename}.atom.xml"


JSON_FEED = "feed.json"
#: The media types a page's <link rel="alternate"> gives each feed.
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"


def render_json(feed: Feed) -> bytes:
    """The same feed as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/):
    one model, two serialisations."""
    home = feed.home_url
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": home,
        "feed_url": feed.self_url.removesuffix(SITE_FEED) + JSON_FEED
        if feed.self_url.endswith(SITE_FEED)
        else feed.self_url,
        "description": feed.subtitle,
        "language": feed.language,
        **({"icon": feed.icon} if feed.icon else {}),
        "authors": [{"name": feed.author}],
        "items": [
            {
                "id": entry.id,
                "url": entry.url,
                "title": entry.title,
                "summary": entry.summary,
                "content_text": entry.summary,
                "date_published": entry.published.isoformat(),
                "date_modified": entry.updated.isoformat(),
                "authors": [{"name": entry.author}],
                "tags": list(entry.categories),
                "external_url": entry.source_url,
                **({"image": entry.image} if entry.image else {}),
            }
            for entry in feed.entries
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


CORRECTIONS_FEED = "corrections.atom.xml"


def _corrections_feed(
    app: Sphinx, urls: Urls, project: str, author: str, *, entries: bool = True
) -> Feed:
    """Every correction as an entry of its own, newest first."""
    from newsdesk.index.site import corrections_log

    path = CORRECTIONS_FEED
    listed = []
    length = app.config.newsdesk_feed_length if entries else 0
    for post, number in corrections_log(registry.posts(app.env))[:length]:
        correction = post.fields.corrections[number]
        # never before the post it corrects (a correction of its first day)
        when = correction.made(post.fields.published)
        listed.append(
            Entry(
                id=stable_id(project, f"{post.docname}#correction-{number}"),
                title=xml_text(f"{correction.label}: {post.title}"),
                summary=xml_text(correction.text),
                url=f"{urls.page(path, post.docname)}#{correction_anchor(number)}",
                published=when,
                updated=when,
                author=xml_text(post.fields.author or author),
                source_title=xml_text(post.fields.source.first.title),
                source_url=post.fields.source.first.url,
                categories=(correction.kind,),
            )
        )
    page = app.config.newsdesk_corrections_page
    return Feed(
        path=path,
        id=stable_id(project, "corrections"),
        title=f"{project}: corrections",
        subtitle="Corrections, clarifications and updates to our posts, newest first.",
        self_url=urls.file(path, path),
        home_url=urls.page(path, page),
        author=author,
        language=app.config.language or "en",
        entries=tuple(listed),
        icon=feed_icon(app, urls, path),
        rights=feed_rights(app),
    )


def site_feed_title(project: str, kind: str) -> str:
    """The ``<link>`` title of the site feed in one format (``Atom``, ``JSON
    Feed``); the feeds themselves keep the site's name as their title."""
    return f"{project} ({kind})"


def tag_title(project: str, name: str) -> str:
    """A tag feed's title, also its ``<link>`` title."""
    return f"{project}: {name}"


class _EntryLinks(BaseEntryExtension):
    """Entry links that keep their ``rel`` and ``title``.

    feedgen 1.0 writes only the ``href`` of an entry's links
    (lkiesow/python-feedgen#135): the source article would become a second
    "alternate" link, which Atom forbids. The post's own link needs no ``rel``
    (alternate is the default); this extension adds the others whole.
    """

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry: Any) -> Any:
        for attributes in self.links:
            xml_elem("link", entry, **attributes)
        return entry


def render(feed: Feed) -> bytes:
    """The Atom XML of one feed (feedgen escapes every field)."""
    fg = FeedGenerator()
    fg.id(feed.id)
    fg.title(feed.title)
    if feed.subtitle:
        fg.subtitle(feed.subtitle)
    fg.author({"name": feed.author})
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    fg.link(href=feed.self_url, rel="self", type=ATOM_TYPE)
    fg.language(feed.language)
    if feed.icon:
        fg.icon(feed.icon)
    if feed.rights:
        fg.rights(feed.rights)
    fg.generator("newsdesk", version=__version__)
    # Newest entry date, not the build time: the same sources give the same bytes.
    # An empty feed (no corrections yet) is as old as the site's first day.
    fg.updated(max((e.updated for e in feed.entries), default=_EPOCH))
    fg.register_extension("newsdesk", BaseExtension, _EntryLinks, atom=True, rss=False)
    for entry in feed.entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.title(entry.title)
        fe.summary(entry.summary)  # no type: Atom's default, plain text
        fe.link(href=entry.url)
        fe.newsdesk.links.append(
            {"href": entry.source_url, "rel": "related", "title": entry.source_title}
        )
        fe.published(entry.published)
        fe.updated(entry.updated)
        fe.author({"name": entry.author})
        for name in entry.categories:
            fe.category(term=name)
    return fg.atom_str(pretty=True)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


# -- event handlers --------------------------------------------------------------


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write changed feeds; remove those of vanished tags,
    and of entities and series left with no post."""
    if exception is not None or not run.whole_site(app):
        return
    outdir = Path(app.builder.outdir)
    # Rendered only when what they show changed since they were all written;
    # otherwise only their paths are needed, to find stale ones.
    current = refresh.site_files_current(app)
    feeds = site_feeds(app, registry.site(app.env), entries=not current)
    written = 0
    if not current:
        written = sum(write_if_changed(outdir / f.path, render(f)) for f in feeds)
        if feeds:
            written += write_if_changed(outdir / JSON_FEED, render_json(feeds[0]))
    json_feeds = 1 if feeds else 0  # the site feed, as a JSON Feed too
    wanted = {outdir / f.path for f in feeds}
    if feeds:
        wanted.add(outdir / JSON_FEED)
    threads = (app.config.newsdesk_entities_dir, "series")
    for stale in [
        *outdir.glob(tag_feed("*")),
        *(
            feed
            for folder in threads
            for feed in outdir.glob(thread_feed(f"{folder}/**/*"))
        ),
        outdir / SITE_FEED,
        outdir / JSON_FEED,  # the site feed's other format goes with it
        outdir / CORRECTIONS_FEED,
    ]:
        if stale not in wanted:
            stale.unlink(missing_ok=True)
    # Counted apart: "50 Atom feeds, 51 written" read as one feed too many.
    logger.info(
        "newsdesk: %s and %s (%s changed)",
        plural(len(feeds), "Atom feed"),
        plural(json_feeds, "JSON Feed"),
        plural(written, "file"),
    )


def thread_of(
    app: Sphinx, pagename: str, context: dict[str, Any]
) -> tuple[str, str] | None:
    """The entity's or series' name and first page, when the page is one of
    theirs (older pages of their listings included) and so has a feed."""
    index = registry.site(app.env)
    entity = registry.entities(app.env).get(pagename)
    if entity is not None and index.entity_posts.get(pagename):
        return entity.name, pagename
    thread = context.get("newsdesk_series_page") or context.get("newsdesk_entity_page")
    return (thread["name"], thread.get("listing", pagename)) if thread else None


def add_feed_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: ``newsdesk_feeds``, the site feed (Atom and JSON
    Feed) on every page and the tag's feed on its tag page."""
    if not run.web_pages(app) or not registry.site(app.env).chronological:
        return
    # The page's own pathto: relative links, or absolute paths on the 404 page
    # (sphinx-notfound-page swaps pathto before us, at priority 400).
    pathto = context["pathto"]

    def atom(title: str, path: str) -> dict[str, str]:
        return {"title": title, "url": pathto(path, resource=True), "type": ATOM_TYPE}

    # The site feed in both formats: JSON Feed readers find feed.json the same
    # way (https://www.jsonfeed.org/version/1.1/#discovery). Each title says
    # its format: a reader's chooser lists the links by title alone.
    project = app.config.project
    feeds = [
        atom(site_feed_title(project, "Atom"), SITE_FEED),
        {
            "title": site_feed_title(project, "JSON Feed"),
            "url": pathto(JSON_FEED, resource=True),
            "type": JSON_FEED_TYPE,
        },
    ]
    thread = thread_of(app, pagename, context)
    if thread:
        name, listing = thread
        feeds.append(atom(tag_title(app.config.project, name), thread_feed(listing)))
    if context.get("newsdesk_corrections_log"):
        feeds.append(atom(f"{app.config.project}: corrections", CORRECTIONS_FEED))
    tag = context.get("newsdesk_tag")
    if tag:
        feeds.append(
            atom(tag_title(app.config.project, tag["name"]), tag_feed(tag["slug"]))
        )
    context["newsdesk_feeds"] = feeds
