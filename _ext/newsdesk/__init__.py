"""AI Newsdesk's Sphinx extension: posts with source provenance, listings and feeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register config values, nodes, directives and event handlers."""
    # Imported here so that `python -m newsdesk` (lint, scaffold) stays light.
    from newsdesk import config
    from newsdesk._speedups import design_transforms as design
    from newsdesk._speedups import furo_toctree as sidebar
    from newsdesk._speedups import myst_document as parsing
    from newsdesk.index import domain as registry
    from newsdesk.index import site
    from newsdesk.reading import callouts, html_policy, lockdown, policy
    from newsdesk.reading import document as reading
    from newsdesk.reading import drafts as publishing
    from newsdesk.reading import encoding as sources
    from newsdesk.tools import linkrot
    from newsdesk.writing import (
        api,
        assets,
        cards,
        feeds,
        listings,
        llms,
        navigation,
        pages,
        redirects,
        search,
        sharing,
    )

    app.setup_extension("myst_parser")
    parsing.cache_default_settings()  # MyST builds them per page, then drops them
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_reredirects")  # redirect pages for moved posts
    design.register(app)  # its resolve-time work only where it is used
    config.register(app)
    registry.register(app)
    callouts.register(app)
    listings.register(app)
    linkrot.register(app)  # linkcheck builder: archived sources, front-matter lines
    app.add_css_file("newsdesk.css")

    # -- config: validate values, hide drafts before Sphinx looks for documents
    app.connect("config-inited", config.check_config)
    app.connect("config-inited", lockdown.lock_myst)  # no raw HTML, http(s)/mailto
    app.connect("builder-inited", lockdown.lock_docutils)  # no include/raw files
    app.connect("config-inited", sharing.check_logo)  # in html_static_path
    app.connect("config-inited", publishing.exclude_unpublished, priority=800)
    # -- read: one post's front matter and doctree -> registry entry
    app.connect("builder-inited", sources.report_skipped_files)  # .MD, dotfiles
    app.connect("env-before-read-docs", sources.skip_undecodable)  # not UTF-8
    app.connect("source-read", reading.read_front_matter)  # parse + validate YAML
    app.connect("source-read", html_policy.check_source)  # raw HTML, link targets
    # 100: before Sphinx's asset collectors (500) register files to copy.
    app.connect("doctree-read", policy.check_doctree, priority=100)  # allowlist
    app.connect("doctree-read", reading.collect_document)  # title, placeholders
    app.connect("doctree-read", html_policy.drop_raw_html)  # if the policy failed
    # -- env: everything that spans documents, computed once per build
    app.connect("env-get-outdated", site.forget_removed)  # stale output files
    app.connect("env-updated", site.build_site_index)  # returns pages to rewrite
    app.connect("env-updated", cards.start_rendering, priority=900)  # after the index
    app.connect("env-check-consistency", site.check_references)  # unknown entities
    app.connect("builder-inited", redirects.set_redirects)  # redirects.txt
    app.connect("builder-inited", search.disable_sphinx_search)  # Pagefind's instead
    # -- write: fill placeholders, page context, generated pages
    app.connect("doctree-resolved", listings.fill_placeholders)
    app.connect("html-page-context", navigation.add_post_context)
    app.connect("html-page-context", navigation.add_footer_links)  # standards
    sidebar.register(app)  # the theme's navigation, once per folder for posts
    # 400: before sphinxext-opengraph (500), which reads our og:* overrides.
    app.connect("html-page-context", sharing.add_sharing_context, priority=400)
    # 900: last, once every handler has added its CSS and JS to the page.
    app.connect("html-page-context", assets.drop_unused_assets, priority=900)
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-collect-pages", search.add_search_page)
    app.connect("html-page-context", search.add_search_context)  # Pagefind fields
    app.connect("html-page-context", feeds.add_feed_links)  # <link rel="alternate">
    # -- finish: files that span the whole site
    app.connect("build-finished", feeds.write_feeds)  # Atom and JSON Feed
    app.connect("build-finished", api.write_api)  # api/posts.json, by year
    app.connect("build-finished", llms.write_llms)  # llms.txt, by year
    app.connect("build-finished", cards.write_cards)  # social cards, cached by content
    app.connect("build-finished", search.write_index)  # pagefind/, whole output

    return {
        "version": __version__,
        "env_version": registry.ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
