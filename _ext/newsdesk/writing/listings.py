"""Listings built from the site index: directives that place them, nodes that show them.

Directives only leave a placeholder (the data spans documents and is not known
while one document is read); ``doctree-resolved`` replaces each placeholder with
standard docutils nodes. Generated pages (``pages.py``) reuse the same builders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from newsdesk import dates
from newsdesk.index import domain as registry
from newsdesk.index import paging
from newsdesk.reading import drafts
from newsdesk.reading.callouts import newsdesk_placeholder, time_node, time_text
from newsdesk.text import plural

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from newsdesk.index.domain import PostMeta
    from newsdesk.index.site import SiteIndex

logger = logging.getLogger(__name__)

#: listing kind -> directive name
DIRECTIVES = {
    "latest": "newsdesk-latest",
    "archive": "newsdesk-archive",
    "tags": "newsdesk-tags",
    "entities": "newsdesk-entities",
    "series": "newsdesk-series",
    "publishers": "newsdesk-publishers",
}


#: the most posts ``{newsdesk-latest}`` shows: every other listing of posts is
#: cut into pages (the archive's first shows 50 to 99), and a limit of a
#: million put every post of the site on one page
LATEST_LIMIT = 100


def latest_limit(value: str | None) -> int:
    """``:limit:``: a whole number from 1 to ``LATEST_LIMIT``."""
    number = directives.positive_int(value)
    if number > LATEST_LIMIT:
        msg = f"at most {LATEST_LIMIT}; older posts are in the archive"
        raise ValueError(msg)
    return number


class ListingDirective(SphinxDirective):
    """Leaves a placeholder for one listing; records it for change tracking."""

    kind: ClassVar[str] = ""
    option_spec: ClassVar[dict[str, Any]] = {}
    # Taken, to be named here: MyST reads ':limit: 5' in a listing without
    # options as content and says only "Has content, but none permitted".
    has_content = True

    def run(self) -> list[nodes.Node]:
        if self.content:
            self._name_content()
        node = newsdesk_placeholder(kind=self.kind, **self.options)
        self.set_source_info(node)
        shown = registry.listings(self.env).get(self.env.docname, ())
        entry = (self.kind, *sorted(self.options.items()))
        registry.listings(self.env)[self.env.docname] = (*shown, entry)
        return [node]

    def _name_content(self) -> None:
        first = self.content[0].strip()
        name = f"{{{DIRECTIVES[self.kind]}}}"
        if first.startswith(":"):
            key = first.split(":")[1] if first.count(":") > 1 else first
            allowed = ", ".join(f":{o}:" for o in self.option_spec)
            problem = (
                f"has no option :{key}:; its options are {allowed}"
                if allowed
                else f"takes no options (:{key}:); it lists every post itself"
            )
        else:
            problem = (
                "takes no text: it is filled from the site's posts; "
                "write text before or after its fence"
            )
        logger.warning(
            "%s: %s",
            name,
            problem,
            location=(self.env.docname, self._line_of(self.content[0])),
            type="newsdesk",
            subtype="listing",
        )

    def _line_of(self, text: str) -> int:
        """The file's line of ``text`` in the fence (MyST gives the content
        no line of its own)."""
        lines = self.block_text.splitlines()
        at = next((i for i, line in enumerate(lines) if line == text), 1)
        return self.lineno + at


def _directive(
    kind: str, options: dict[str, Any] | None = None
) -> type[ListingDirective]:
    return type(
        f"{kind.title()}Directive",
        (ListingDirective,),
        {"kind": kind, "option_spec": options or {}},
    )


def register(app: Sphinx) -> None:
    """Add ``newsdesk-latest``, ``-archive``, ``-tags``, ``-entities``, ``-series``."""
    app.add_directive(
        DIRECTIVES["latest"], _directive("latest", {"limit": latest_limit})
    )
    for kind in ("archive", "tags", "entities", "series", "publishers"):
        app.add_directive(DIRECTIVES[kind], _directive(kind))


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each placeholder with its listing."""
    placeholders = list(doctree.findall(newsdesk_placeholder))
    if not placeholders:
        return
    ctx = Context(
        app.builder, docname, registry.site(app.env), app.config.language or "en"
    )
    for node in placeholders:
        node.replace_self(build(node["kind"], ctx, node.attributes))


class Context:
    """What listing builders need: where links start from, the index, the posts."""

    def __init__(
        self, builder: Builder, fromdoc: str, index: SiteIndex, language: str
    ) -> None:
        self.builder = builder
        self.fromdoc = fromdoc
        self.index = index
        self.language = language
        self.posts = registry.posts(builder.env)
        self.entities = registry.entities(builder.env)
        self.page_size = paging.page_size(builder)
        self.now = drafts.now()  # one "now" for every post's status on the page

    def uri(self, target: str, anchor: str = "") -> str:
        uri = self.builder.get_relative_uri(self.fromdoc, target)
        return f"{uri}#{anchor}" if anchor else uri

    def link(
        self, text: str, target: str, classes: list[str] | None = None
    ) -> nodes.reference:
        return nodes.reference(
            "", text, refuri=self.uri(target), internal=True, classes=classes or []
        )


def build(kind: str, ctx: Context, options: dict[str, Any]) -> list[nodes.Node]:
    """The nodes for one listing kind."""
    # Only the listings of all posts walk the timeline: post headers and entity
    # timelines run once per page, and must not cost O(posts) each.
    if kind == "latest":
        limit = options.get("limit", 10)
        newest = [ctx.posts[d] for d in ctx.index.chronological[::-1][:limit]]
        return [post_cards(newest, ctx)]
    if kind == "archive":
        first = paging.paginate(ctx.fromdoc, ctx.index.chronological, ctx.page_size)
        return archive(_newest_first(first[0], ctx), ctx)
    if kind == "tags":
        return [tags_index(ctx)]
    if kind == "entities":
        return entities_index(ctx)
    if kind == "series":
        return [series_index(ctx)]
    if kind == "publishers":
        return [publishers_index(ctx)]
    if kind == "entity-posts":
        return entity_timeline(options["entity"], ctx)
    if kind == "post-header":
        return [post_header(ctx.posts[ctx.fromdoc], ctx)]
    msg = f"unknown listing {kind!r}"  # pragma: no cover - programming error
    raise ValueError(msg)


# -- pieces ------------------------------------------------------------------------


def post_date(post: PostMeta, ctx: Context) -> nodes.Node:
    return time_node(post.fields.published, with_time=False, language=ctx.language)


#: status -> the badge that marks a post not yet published (previews only)
BADGES = {"draft": "Draft", "scheduled": "Scheduled"}


def status_badge(post: PostMeta, ctx: Context) -> list[nodes.Node]:
    """A "Draft" or "Scheduled" badge, after a space; nothing when published."""
    status = drafts.status(post.fields, ctx.now)
    if status not in BADGES:
        return []
    badge = nodes.inline(
        "", BADGES[status], classes=["nd-badge", f"nd-badge--{status}"]
    )
    return [nodes.Text(" "), badge]


def post_cards(posts: list[PostMeta], ctx: Context) -> nodes.Element:
    """sphinx-design cards: title (the whole card is the link), date, publisher, summary."""
    cards = nodes.bullet_list(classes=["nd-cards"])
    for post in posts:
        body = nodes.container(classes=["sd-card-body"])
        title = nodes.paragraph(classes=["sd-card-title", "nd-card-title"])
        title += ctx.link(post.title, post.docname, ["sd-stretched-link"])
        title.extend(status_badge(post, ctx))
        body += title
        meta = nodes.paragraph(classes=["nd-card-meta"])
        meta += post_date(post, ctx)
        meta += nodes.Text(f" · {post.fields.source.publisher}")
        body += meta
        body += nodes.paragraph(
            post.fields.summary, post.fields.summary, classes=["sd-card-text"]
        )
        card = nodes.container(
            classes=[
                "sd-card",
                "sd-sphinx-override",
                "sd-mb-3",
                "sd-shadow-sm",
                "sd-card-hover",
                "nd-card",
            ]
        )
        card += body
        cards += nodes.list_item("", card)
    return cards


def compact_list(posts: list[PostMeta], ctx: Context) -> nodes.Element:
    """One line per post: date, a dash, then the title as a link."""
    items = nodes.bullet_list(classes=["nd-post-list", "nd-post-list--compact"])
    for post in posts:
        para = nodes.paragraph()
        para += post_date(post, ctx)
        para += nodes.inline("", " \N{EM DASH} ", classes=["nd-post-list__sep"])
        para += ctx.link(post.title, post.docname)
        para.extend(status_badge(post, ctx))
        items += nodes.list_item("", para)
    return items


def summary_list(
    posts: list[PostMeta], ctx: Context, first_part: int | None = None
) -> nodes.Element:
    """Title, date and summary per post (tag, series and entity pages); series
    pages number the parts from ``first_part``, as posts do ("Part 1 of 2").

    HTML builders render it from a template: a page may list hundreds of
    posts, and docutils nodes cost several times more to build and translate.
    Other builders get the one-line list.
    """
    templates = getattr(ctx.builder, "templates", None)
    if templates is None or ctx.builder.format != "html":
        return compact_list(posts, ctx)
    items = [
        summary_item(post, ctx.uri(post.docname), ctx.language, ctx.now)
        | {"part": number if first_part else None}
        for number, post in enumerate(posts, start=first_part or 1)
    ]
    html = templates.render(SUMMARY_TEMPLATE, {"posts": items}) + "\n"
    return nodes.raw("", html, format="html")


def summary_item(
    post: PostMeta, url: str, language: str, now: dt.datetime
) -> dict[str, Any]:
    """One entry of ``partials/summary-list.html`` (listings, the 404 page)."""
    date, iso = time_text(post.fields.published, with_time=False, language=language)
    return {
        "url": url,
        "title": post.title,
        "iso": iso,
        "date": date,
        "publisher": post.fields.source.publisher,
        "summary": post.fields.summary,
        "part": None,
        "badge": BADGES.get(drafts.status(post.fields, now), ""),
    }


#: the template of summary lists (a site may override it in its templates_path)
SUMMARY_TEMPLATE = "newsdesk/partials/summary-list.html"


def _section(title: str, ident: str, *children: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[ident], classes=["nd-listing-section"])
    section += nodes.title(title, title)
    section.extend(children)
    return section


def archive(newest: list[PostMeta], ctx: Context) -> list[nodes.Node]:
    """Posts under one heading per month ("March 2025"), newest first."""
    # Group by the month each post shows (its own offset), not by runs in the
    # timeline: with mixed offsets, a post dated 23:30-05:00 on the last of a
    # month is published after one dated 00:00Z on the first of the next.
    by_month: dict[tuple[int, int], list[PostMeta]] = {}
    for post in newest:
        published = post.fields.published
        by_month.setdefault((published.year, published.month), []).append(post)
    out: list[nodes.Node] = []
    for year, month in sorted(by_month, reverse=True):
        group = by_month[year, month]
        name = dates.month(group[0].fields.published.date(), ctx.language)
        out.append(
            _section(name, f"archive-{year}-{month:02d}", compact_list(group, ctx))
        )
    if not out:
        out.append(nodes.paragraph("", "No posts yet."))
    return out


def tags_index(ctx: Context) -> nodes.Element:
    """Every tag with its number of posts, alphabetical."""
    items = nodes.bullet_list(classes=["nd-tag-cloud"])
    for tag in sorted(
        ctx.index.tags.values(), key=lambda t: (t.name.casefold(), t.slug)
    ):
        para = nodes.paragraph()
        para += ctx.link(tag.name, f"tags/{tag.slug}", ["nd-tag"])
        para += nodes.inline("", f" {len(tag.posts)}", classes=["nd-count"])
        items += nodes.list_item("", para)
    return items


def entities_index(ctx: Context) -> list[nodes.Node]:
    """Entities grouped by kind, each with its number of posts."""
    from newsdesk.reading.metadata import ENTITY_KINDS

    out: list[nodes.Node] = []
    for kind in ENTITY_KINDS:
        group = sorted(
            (e for e in ctx.entities.values() if e.fields.kind == kind),
            key=lambda e: (e.name.casefold(), e.docname),
        )
        if not group:
            continue
        items = nodes.bullet_list(classes=["nd-entity-list"])
        for entity in group:
            para = nodes.paragraph()
            para += ctx.link(entity.name, entity.docname)
            count = len(ctx.index.entity_posts.get(entity.docname, ()))
            para += nodes.inline("", f" {count}", classes=["nd-count"])
            items += nodes.list_item("", para)
        title = {"company": "Companies", "person": "People"}.get(
            kind, f"{kind.title()}s"
        )
        out.append(_section(title, f"kind-{kind}", items))
    return out


def series_index(ctx: Context) -> nodes.Element:
    """Every series with its number of parts, most recently updated first."""
    items = nodes.bullet_list(classes=["nd-series-list"])
    ranked = sorted(
        ctx.index.series.values(),
        key=lambda s: (-ctx.index.position[s.posts[-1]], s.slug),
    )
    for series in ranked:
        para = nodes.paragraph()
        para += ctx.link(series.name, f"series/{series.slug}")
        parts = plural(len(series.posts), "part")
        para += nodes.inline("", f" {parts}", classes=["nd-count"])
        items += nodes.list_item("", para)
    return items


def publishers_index(ctx: Context) -> nodes.Element:
    """Every outlet our posts cite, with how often as original and as relay."""
    items = nodes.bullet_list(classes=["nd-publisher-list"])
    for publisher in sorted(
        ctx.index.publishers.values(), key=lambda p: (p.name.casefold(), p.slug)
    ):
        para = nodes.paragraph()
        para += ctx.link(publisher.name, f"publishers/{publisher.slug}")
        para += nodes.inline(
            "",
            f" {role_counts(publisher.originals, publisher.relays)}",
            classes=["nd-count"],
        )
        items += nodes.list_item("", para)
    return items


def subscribe(ctx: Context, feed: str, what: str) -> nodes.paragraph:
    """A visible "Subscribe" link to a feed file (feeds are also in <head>)."""
    from sphinx.util.osutil import relative_uri

    here = ctx.builder.get_target_uri(ctx.fromdoc)
    para = nodes.paragraph(classes=["nd-subscribe"])
    para += nodes.inline("", "Subscribe: ", classes=["nd-label"])
    para += nodes.reference(
        "", f"Atom feed of {what}", refuri=relative_uri(here, feed), internal=True
    )
    return para


def role_counts(originals: int, relays: int) -> str:
    """``2 original reports, 1 relay``."""
    parts = [plural(originals, "original report")] if originals else []
    if relays:
        parts.append(plural(relays, "relay"))
    return ", ".join(parts)


def source_mix_text(posts: list[PostMeta]) -> str:
    """One sentence on the outlets a set of posts draws on."""
    from newsdesk.index.site import source_mix

    mix = source_mix(posts)
    return (
        f"These posts draw on {plural(mix.publishers, 'publisher')}: "
        f"{role_counts(mix.originals, mix.relays)}."
    )


def entity_timeline(entity: str, ctx: Context) -> list[nodes.Node]:
    """An entity page's generated part: the posts naming it, newest first (the
    newest page of them; older pages are generated, see ``pages.py``)."""
    newest = ctx.index.entity_posts.get(entity, ())
    posts = [ctx.posts[d] for d in newest]
    name = ctx.entities[entity].name if entity in ctx.entities else entity
    if not posts:
        empty = nodes.paragraph("", "No posts name it yet.")
        return [_section(f"Posts about {name}", "posts-about", empty)]
    pages = paging.paginate(entity, newest[::-1], ctx.page_size)
    mix = source_mix_text(posts)
    parts: list[nodes.Node] = [
        subscribe(ctx, f"{entity}.atom.xml", f"posts about {name}"),
        nodes.paragraph(mix, mix, classes=["nd-source-mix"]),
    ]
    if len(pages) > 1:
        count = count_text(len(posts), len(pages))
        parts.append(nodes.paragraph(count, count, classes=["nd-listing-count"]))
    parts.append(summary_list(_newest_first(pages[0], ctx), ctx))
    return [_section(f"Posts about {name}", "posts-about", *parts)]


# -- pagination --------------------------------------------------------------------


def _newest_first(page: paging.Page, ctx: Context) -> list[PostMeta]:
    return [ctx.posts[d] for d in reversed(page.posts)]


def count_text(posts: int, pages: int) -> str:
    """What a first page says of the whole listing."""
    return f"{plural(posts, 'post')}, newest first, on {plural(pages, 'page')}."


def date_range(posts: list[PostMeta], language: str) -> str:
    """``from 1 March 2025 to 14 April 2025`` (``on ...`` for a single day)."""
    days = sorted({p.fields.published.date() for p in posts})
    if not days:
        return ""
    if len(days) == 1:
        return f"on {dates.long_date(days[0], language)}"
    first, last = (dates.long_date(d, language) for d in (days[0], days[-1]))
    return f"from {first} to {last}"


def page_title(listing: paging.Listing, number: int | None, ctx: Context) -> str:
    """The title of one page of a listing: ``Tag: ai — page 3``."""
    kind, key = listing.kind, listing.key
    if kind == "archive":
        title = ctx.builder.env.titles.get(key)
        base = title.astext() if title else "Archive"
    elif kind == "tag":
        base = f"Tag: {ctx.index.tags[key].name}"
    elif kind == "series":
        base = f"Series: {ctx.index.series[key].name}"
    elif kind == "publisher":
        base = f"Publisher: {ctx.index.publishers[key].name}"
    else:
        name = ctx.entities[key].name if key in ctx.entities else key
        base = name if number is None else f"Posts about {name}"
    return base if number is None else f"{base} \N{EM DASH} page {number}"


def pagination(
    listing: paging.Listing, pages: list[paging.Page], page: paging.Page, ctx: Context
) -> dict[str, Any] | None:
    """``newsdesk_pagination``: the page's neighbours and page numbers, or None
    for a listing of one page. URLs are relative to the page (``ctx.fromdoc``)."""
    if len(pages) < 2:
        return None
    nav = paging.nav(pages, page)

    def link(name: str, number: int | None) -> dict[str, str]:
        return {
            "url": ctx.uri(name) or "./",
            "title": page_title(listing, number, ctx),
        }

    items: list[dict[str, Any]] = [
        {"gap": True}
        if item.gap
        else {
            "gap": False,
            "label": "Newest" if item.number is None else str(item.number),
            "current": item.current,
            **link(item.name, item.number),
        }
        for item in nav.items
    ]
    return {
        "newer": link(nav.newer.name, nav.newer.number) if nav.newer else None,
        "older": link(nav.older.name, nav.older.number) if nav.older else None,
        "items": items,
    }


def add_pagination(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: ``newsdesk_pagination`` on the first page of an
    archive or entity listing (generated pages bring their own). A paginated
    page's rel="prev"/"next" are its neighbouring pages, so the theme's
    toctree neighbours give way."""
    if doctree is not None and app.builder.format == "html":
        index = registry.site(app.env)
        shown = registry.listings(app.env).get(pagename, ())
        listing = paging.document_listing(index, pagename, shown)
        if listing is not None:
            ctx = Context(app.builder, pagename, index, app.config.language or "en")
            pages = paging.paginate(listing.name, listing.posts, ctx.page_size)
            context["newsdesk_pagination"] = pagination(listing, pages, pages[0], ctx)
    if context.get("newsdesk_pagination"):
        context["prev"] = context["next"] = None


def post_header(post: PostMeta, ctx: Context) -> nodes.Element:
    """Date, updated date, reading time, tags and entities under a post's title."""
    header = nodes.container(classes=["nd-post-header"])
    byline = nodes.paragraph(classes=["nd-byline"])
    status = drafts.status(post.fields, ctx.now)
    if status == "draft":
        # A draft's date is only a placeholder: it has not been published.
        byline += nodes.inline("", "Draft — not published", classes=["nd-label"])
    else:
        label = "Scheduled for " if status == "scheduled" else "Published "
        byline += nodes.inline("", label, classes=["nd-label"])
        byline += time_node(
            post.fields.published,
            with_time=post.fields.has_time,
            language=ctx.language,
        )
    # The page's own modification date (its JSON-LD dateModified, the feeds'
    # updated): a later correction counts, as does an update.
    if post.fields.modified > post.fields.published:
        byline += nodes.Text(" · ")
        byline += nodes.inline("", "Updated ", classes=["nd-label"])
        # a correction is dated by its day alone: no "00:00 UTC" it never had
        from_update = post.fields.modified == post.fields.updated
        byline += time_node(
            post.fields.modified, with_time=from_update, language=ctx.language
        )
    byline += nodes.Text(f" · {post.reading_minutes} min read")
    if post.fields.author:
        byline += nodes.Text(f" · By {post.fields.author}")
    header += byline
    # What the header shows of other pages comes from the post's view.
    view = registry.views(ctx.builder.env)[post.docname]
    earlier = view.follow_up_to
    if earlier is not None:
        follow = nodes.paragraph(classes=["nd-follow-up"])
        follow += nodes.inline("", "Follow-up to ", classes=["nd-label"])
        follow += ctx.link(earlier.title, earlier.docname)
        header += follow
    header += _chips(
        "Tags",
        "nd-tags",
        [ctx.link(tag.name, tag.page, ["nd-tag"]) for tag in view.tags],
    )
    entity_links = [
        ctx.link(entity.name, entity.docname, ["nd-entity"]) for entity in view.entities
    ]
    if entity_links:
        header += _chips("About", "nd-entities", entity_links)
    return header


def _chips(label: str, css: str, links: list[nodes.reference]) -> nodes.Element:
    block = nodes.container(classes=[css])
    block += nodes.paragraph("", label, classes=["nd-label", f"{css}__label"])
    items = nodes.bullet_list(classes=["nd-chips"])
    for link in links:
        items += nodes.list_item("", nodes.paragraph("", "", link))
    block += items
    return block
