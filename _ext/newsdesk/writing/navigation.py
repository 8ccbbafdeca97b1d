"""Template context for post pages: previous/next, series and related posts.

One ``html-page-context`` handler adds plain dicts under ``newsdesk_*`` keys; the
templates print them with ``|e`` (Sphinx templates do not autoescape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsdesk import dates
from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from newsdesk.index.domain import PostMeta


def post_link(app: Sphinx, pagename: str, post: PostMeta) -> dict[str, str]:
    """The fields a template shows of another post, with a relative URL."""
    published = post.fields.published
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
    ``_series`` and ``_related`` on post pages."""
    if doctree is None:
        return
    posts = registry.posts(app.env)
    post = posts.get(pagename)
    if post is None:
        return
    index = registry.site(app.env)
    prev, nxt = index.neighbours(pagename)
    context["newsdesk_post"] = post_link(app, pagename, post)
    context["newsdesk_prev_post"] = (
        post_link(app, pagename, posts[prev]) if prev else None
    )
    context["newsdesk_next_post"] = (
        post_link(app, pagename, posts[nxt]) if nxt else None
    )
    context["newsdesk_related"] = [
        post_link(app, pagename, posts[d]) for d in index.related.get(pagename, ())
    ]
    series = index.series.get(index.post_series.get(pagename, ""))
    if series:
        parts = [
            {**post_link(app, pagename, posts[d]), "current": d == pagename}
            for d in series.posts
        ]
        context["newsdesk_series"] = {
            "name": series.name,
            "url": app.builder.get_relative_uri(pagename, f"series/{series.slug}"),
            "part": series.posts.index(pagename) + 1,
            "count": len(series.posts),
            "parts": parts,
        }
    else:
        context["newsdesk_series"] = None


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
    the corrections log, on every page (the 404 page's ``pathto`` included)."""
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
