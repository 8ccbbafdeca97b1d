"""What a page tells link previews and search engines: meta tags and JSON-LD.

sphinxext-opengraph writes the OpenGraph tags; this module only feeds it the
post's values through ``context["meta"]`` (its per-page overrides) and adds
what it cannot: ``article:*``, ``twitter:card``, the meta description, the
OpenGraph tags of generated pages (it skips a page without a doctree), and the
schema.org JSON-LD in ``newsdesk_jsonld`` (printed with ``|tojson``).

opengraph's ``make_tag`` escapes only ``"``, so every value handed to it is
HTML-escaped here first (``"`` becomes ``&#34;``, which it leaves alone).
Absolute URLs come from ``html_baseurl``; without it (a local build) every URL
is relative to the page, never a half-absolute guess.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.util import logging

from newsdesk import run
from newsdesk.index import domain as registry
from newsdesk.writing import cards

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from newsdesk.index.views import EntityRef, PostView
    from newsdesk.reading.metadata import Source

logger = logging.getLogger(__name__)

#: entity kind (front matter) -> schema.org type
SCHEMA_TYPES = {
    "company": "Organization",
    "organization": "Organization",
    "person": "Person",
    "product": "Product",
    "model": "Product",
}
DESCRIPTION_LENGTH = 200
#: An opening of this many characters or fewer ("Every post, newest first, by
#: month.") says less than the site's description, which the page keeps.
DESCRIPTION_SHORT = 50
#: docutils' HTML5 writer adds a viewport tag of its own, which Sphinx passes on
#: beside the theme's (sphinx-doc/sphinx#11699): the theme's is the one kept.
_WRITER_VIEWPORT = re.compile(r"""<meta name="viewport"[^>]*>\n?""")
_HAS_DESCRIPTION = re.compile(
    r"""<meta\s[^>]*name=["']?description["'\s>]""", re.IGNORECASE
)


@dataclasses.dataclass(frozen=True)
class Urls:
    """URLs as the current page should print them: absolute under ``html_baseurl``,
    else relative to the page."""

    app: Sphinx
    pagename: str
    base: str

    def page(self, docname: str) -> str:
        builder = self.app.builder
        if self.base:
            return posixpath.join(self.base, builder.get_target_uri(docname))
        uri = builder.get_relative_uri(self.pagename, docname)
        # The page itself: its own file name (dirhtml: its folder).
        return uri or posixpath.basename(builder.get_target_uri(docname)) or "./"

    def site(self) -> str:
        """The site's home: the base URL itself rather than ``.../index.html``."""
        return self.base or self.page(self.app.config.root_doc)

    def file(self, path: str) -> str:
        """A file in the output (image, static file), ``path`` from the root."""
        if self.base:
            return posixpath.join(self.base, path)
        depth = self.app.builder.get_target_uri(self.pagename).count("/")
        return "../" * depth + path


def iso(value: dt.datetime, has_time: bool = True) -> str:
    """ISO 8601; a date alone when the front matter gave no time of day."""
    return value.isoformat() if has_time else value.date().isoformat()


def attr(value: str) -> str:
    """Escape for a double-quoted attribute (``"`` too, as ``&#34;``)."""
    return str(escape(value))


def meta_tags(tags: list[tuple[str, str, str]]) -> Markup:
    """``<meta {kind}="{key}" content="{value}">`` lines, every part escaped."""
    # f-strings of escaped parts: Markup.format costs 10x more, on every page.
    return Markup(
        "".join(
            f'<meta {escape(kind)}="{escape(key)}" content="{escape(value)}" />\n'
            for kind, key, value in tags
        )
    )


# -- posts -----------------------------------------------------------------------


def card_url(app: Sphinx, urls: Urls, docname: str) -> str | None:
    if not app.config.newsdesk_social_cards:
        return None
    return urls.file(cards.output_path(docname))


def logo_url(app: Sphinx, urls: Urls) -> str | None:
    """The site's logo (``newsdesk_logo``), as the current page links it."""
    logo = app.config.newsdesk_logo
    return urls.file(f"_static/{logo}") if logo else None


def logo_opengraph(app: Sphinx, urls: Urls) -> dict[str, str]:
    """og:image of a page that is not a post: the site's logo, so that a link
    to the landing page, a tag or the corrections log previews with the site's
    mark beside its title, as a post's does with its card (not escaped)."""
    image = logo_url(app, urls)
    if image is None:
        return {}
    return {"og:image": image, "og:image:alt": f"{site_name(app)} logo"}


def post_opengraph(post: PostView, urls: Urls, image: str | None) -> dict[str, str]:
    """og:* overrides for sphinxext-opengraph (already escaped)."""
    og = {
        "og:title": post.title,
        "og:description": post.card.summary,
        "og:type": "article",
        "og:url": urls.page(post.docname),
    }
    if image:
        og |= {
            "og:image": image,
            "og:image:alt": post.title,
            "og:image:width": str(cards.WIDTH),
            "og:image:height": str(cards.HEIGHT),
            "og:image:type": "image/png",
        }
    return {key: attr(value) for key, value in og.items()}


def post_meta_tags(post: PostView, image: str | None) -> list[tuple[str, str, str]]:
    """What opengraph cannot write: article:* and twitter:card."""
    card = post.card
    tags = [("property", "article:published_time", iso(card.published, card.has_time))]
    if post.modified != card.published:
        tags.append(("property", "article:modified_time", iso(post.modified)))
    tags += [("property", "article:tag", tag) for tag in post.tag_names]
    kind = "summary_large_image" if image else "summary"
    tags.append(("name", "twitter:card", kind))
    return tags


def post_jsonld(
    app: Sphinx, post: PostView, urls: Urls, image: str | None
) -> dict[str, Any]:
    """schema.org ``AnalysisNewsArticle`` for one post, based on its source."""
    card, source = post.card, post.source
    url = urls.page(post.docname)
    modified = post.modified
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "AnalysisNewsArticle",
        "headline": post.title,
        "description": card.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso(card.published, card.has_time),
        "dateModified": iso(modified, modified != card.published or card.has_time),
        "author": _author(app, post.author),
        "publisher": publisher(app, urls),
        "keywords": post.tag_names,
        "inLanguage": app.config.language or "en",
    }
    if image:
        data["image"] = image
    # CreativeWork.license, the URL Google's article guidelines ask for; it is
    # the post's text only: its isBasedOn articles remain their publishers'.
    license = app.config.newsdesk_license
    if license:
        data["license"] = license["url"]
    # The original report first: it is what the post is based on; the article
    # that relayed it follows.
    based_on = [_article(source.first)]
    if source.original:
        based_on.append(_article(source))
    elif source.reported_by:  # the report carried, by whom alone: no address
        based_on.insert(
            0,
            {
                "@type": "NewsArticle",
                "publisher": {"@type": "Organization", "name": source.reported_by},
            },
        )
    data["isBasedOn"] = based_on[0] if len(based_on) == 1 else based_on
    if post.corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "datePublished": c.date.isoformat(),
                "text": f"{c.label}: {c.text}",
            }
            for c in post.corrections
        ]
    about = [entity_thing(entity, urls) for entity in post.entities]
    if about:
        data["about"] = about
    return data


def _article(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "url": source.url,
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.date:
        data["datePublished"] = source.date.isoformat()
    return data


#: newsdesk_policies role -> schema.org property of a NewsMediaOrganization
POLICY_PROPERTIES = {
    "principles": "publishingPrinciples",
    "corrections": "correctionsPolicy",
    "verification": "verificationFactCheckingPolicy",
    "ethics": "ethicsPolicy",
}


def _author(app: Sphinx, name: str | None) -> dict[str, str]:
    if name:
        return {"@type": "Person", "name": name}
    return {"@type": "Organization", "name": app.config.author or app.config.project}


def publisher(app: Sphinx, urls: Urls) -> dict[str, Any]:
    """The site as an Organization, with its logo when ``newsdesk_logo`` is set."""
    data: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "name": site_name(app),
        "url": urls.site(),
    }
    policies = app.config.newsdesk_policies
    for role, prop in POLICY_PROPERTIES.items():
        if policies.get(role) in app.env.all_docs:
            data[prop] = urls.page(policies[role])
    logo = app.config.newsdesk_logo
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": urls.file(f"_static/{logo}")}
    return data


def entity_thing(entity: EntityRef, urls: Urls) -> dict[str, Any]:
    """An entity as a schema.org Organization, Person, Product or Thing."""
    data: dict[str, Any] = {
        "@type": SCHEMA_TYPES.get(entity.kind, "Thing"),
        "name": entity.name,
        "url": urls.page(entity.docname),
    }
    if entity.url:
        data["sameAs"] = entity.url
    return data


# -- other pages -----------------------------------------------------------------


def site_name(app: Sphinx) -> str:
    return str(app.config.html_title or app.config.project)


def website_jsonld(app: Sphinx, urls: Urls) -> dict[str, Any]:
    """schema.org ``WebSite`` for the landing page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_name(app),
        "url": urls.site(),
        "inLanguage": app.config.language or "en",
        "publisher": publisher(app, urls),
    }
    if app.config.newsdesk_site_description:
        data["description"] = app.config.newsdesk_site_description
    return data


def page_description(app: Sphinx, pagename: str, doctree: nodes.document | None) -> str:
    """A page's own first paragraph: an entity's description, the opening of a
    standards or an index page, so that a link to the corrections policy does
    not preview with the words of every other page. The site description on
    the landing page, and where a page's opening is too short to say more."""
    site = str(app.config.newsdesk_site_description)
    if doctree is None or pagename == app.config.root_doc:
        return site
    entity = pagename in registry.entities(app.env)
    if entity:
        found: Iterable[nodes.Node] = doctree.findall(nodes.paragraph)
    else:
        # The page's opening, under its title: not a line of a generated list.
        section = doctree.next_node(nodes.section)
        found = section.children if section is not None else ()
    for paragraph in found:
        if isinstance(paragraph, nodes.paragraph) and not any(
            c.startswith("nd-") for c in paragraph["classes"]
        ):
            text = " ".join(paragraph.astext().split())
            if not entity and len(text) <= DESCRIPTION_SHORT:
                return site
            return textwrap.shorten(text, DESCRIPTION_LENGTH, placeholder="\u2026")
    return site


def generated_opengraph(
    app: Sphinx,
    pagename: str,
    title: str,
    url: str,
    description: str,
    image: dict[str, str] | None = None,
) -> list[tuple[str, str, str]]:
    """og:* of a page without a doctree (tag, series, publisher, corrections).

    sphinxext-opengraph writes tags only for a page with a doctree, so a link
    to a generated page would preview with no title: these are the tags it
    writes for any other page that is not a post. The 404 page has none (it
    answers every missing address, and is not indexed).
    """
    if "sphinxext.opengraph" not in app.extensions or _is_notfound(app, pagename):
        return []
    config = app.config
    og = [("og:title", title), ("og:type", config.ogp_type), ("og:url", url)]
    if config.ogp_site_name is not False:
        og.append(("og:site_name", config.ogp_site_name or config.project))
    if description:
        og.append(("og:description", description))
    og += (image or {}).items()
    return [("property", key, value) for key, value in og]


def _is_notfound(app: Sphinx, pagename: str) -> bool:
    return pagename == getattr(app.config, "notfound_pagename", None)


def _plain_title(context: dict[str, Any]) -> str:
    # Sphinx's title is HTML; striptags() also unescapes the entities.
    return Markup(context.get("title") or "").striptags()


# -- event handlers --------------------------------------------------------------


def check_logo(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``newsdesk_logo`` must be a file in ``html_static_path``.

    A missing logo would be a broken image in every post's publisher data.
    """
    logo = config.newsdesk_logo
    if not logo:
        return
    folders = [Path(app.confdir, folder) for folder in config.html_static_path]
    if any((folder / logo).is_file() for folder in folders):
        return
    logger.warning(
        "newsdesk_logo = %r is not a file in html_static_path; "
        "the structured data names no logo",
        logo,
        type="newsdesk",
        subtype="config",
    )
    config.newsdesk_logo = ""


def add_sharing_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: meta description, article/twitter tags and
    ``newsdesk_jsonld``; og:* overrides in a copy of ``context["meta"]``.

    Connected with priority 400 so that sphinxext-opengraph (500) reads the
    overrides and sees our meta description (it then adds none of its own).
    ``context["meta"]`` is the environment's metadata of the page, and opengraph
    pops keys from it: it gets a copy, so the environment never holds overrides.
    """
    if not run.web_pages(app):
        return
    urls = Urls(app, pagename, app.config.html_baseurl)
    post = registry.views(app.env).get(pagename)
    tags: list[tuple[str, str, str]] = []
    if post is not None:
        image = card_url(app, urls, pagename)
        description = post.card.summary
        og = post_opengraph(post, urls, image)
        tags += post_meta_tags(post, image)
        context["newsdesk_jsonld"] = post_jsonld(app, post, urls, image)
    else:
        # A generated page (tag, series, publisher) brings its own intro.
        description = context.get("newsdesk_description") or page_description(
            app, pagename, doctree
        )
        title, url = _plain_title(context), urls.page(pagename)
        og = {"og:title": attr(title)}
        if description:
            og["og:description"] = attr(description)
        if not app.config.html_baseurl:
            og["og:url"] = attr(url)
        # Not the 404 page: it answers every missing address with no preview.
        logo = {} if _is_notfound(app, pagename) else logo_opengraph(app, urls)
        og |= {key: attr(value) for key, value in logo.items()}
        if logo:
            tags.append(("name", "twitter:card", "summary"))  # a square image
        if pagename == app.config.root_doc:
            context["newsdesk_jsonld"] = website_jsonld(app, urls)
        if doctree is None:  # opengraph writes none: the same tags, ours
            tags += generated_opengraph(app, pagename, title, url, description, logo)
    context["meta"] = {**(context.get("meta") or {}), **og}
    metatags = _WRITER_VIEWPORT.sub("", context.get("metatags", ""))
    if description and not _HAS_DESCRIPTION.search(metatags):
        tags.insert(0, ("name", "description", description))
    # str(): str + Markup would escape the tags Sphinx already wrote.
    context["metatags"] = metatags + str(meta_tags(tags))
