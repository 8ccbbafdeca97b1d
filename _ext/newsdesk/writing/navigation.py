"""Template context for post pages: previous/next, series and related posts.

One ``html-page-context`` handler adds plain dicts under ``newsdesk_*`` keys; the
templates print them with ``|e`` (Sphinx templates do not autoescape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsdesk import dates
from newsdesk.config import LICENSE_WORDS
from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from newsdesk.index.views import PostCard


def post_link(app: Sphinx, pagename: str, post: PostCard) -> dict[str, str]:
    """The fields a template shows of another post, with a relative URL."""
    published = post.published
    return {
        "title": post.title,
        "url": app.builder.get_relative_uri(pagename, post.docname),
        "date": published.date().isoformat(),
        "date_display": dates.long_date(published.date(), app.config.language or "en"),
    }


def add_post_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: ``newsdesk_post``, ``_prev_post``, ``_next_post``,
    ``_series`` and ``_related`` on post pages, from the post's view."""
    if doctree is None:
        return
    view = registry.views(app.env).get(pagename)
    if view is None:
        return

    def link(card: PostCard | None) -> dict[str, str] | None:
        return post_link(app, pagename, card) if card else None

    context["newsdesk_post"] = link(view.card)
    context["newsdesk_prev_post"] = link(view.previous)
    context["newsdesk_next_post"] = link(view.next)
    context["newsdesk_related"] = [link(card) for card in view.related]
    series = view.series
    context["newsdesk_series"] = (
        {
            "name": series.name,
            "url": app.builder.get_relative_uri(pagename, series.page),
            "part": series.part,
            "count": len(series.parts),
            "parts": [
                {**post_link(app, pagename, card), "current": card.docname == pagename}
                for card in series.parts
            ],
        }
        if series
        else None
    )


#: newsdesk_policies role -> link text in every page's footer, in this order
FOOTER_POLICIES = (
    ("principles", "Our standards"),
    ("corrections", "Corrections policy"),
    ("verification", "Sourcing and verification"),
    ("ethics", "Independence and ethics"),
)


def add_footer_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: ``newsdesk_footer_links``, the standards pages and
    the corrections log, on every page (the 404 page's ``pathto`` included),
    and ``newsdesk_license``, the licence of the site's text (None: unset)."""
    pathto = context.get("pathto")
    if pathto is None:
        return
    policies = app.config.newsdesk_policies
    links = [
        {"title": title, "url": pathto(policies[role])}
        for role, title in FOOTER_POLICIES
        if policies.get(role) in app.env.all_docs
    ]
    links.append(
        {"title": "Corrections", "url": pathto(app.config.newsdesk_corrections_page)}
    )
    context["newsdesk_footer_links"] = links
    # validated at config-inited: {} or a name and a public http(s) URL
    license = app.config.newsdesk_license
    context["newsdesk_license"] = (
        {
            "name": license["name"],
            "url": license["url"],
            "words": LICENSE_WORDS,
        }
        if license
        else None
    )
