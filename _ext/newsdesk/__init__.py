"""AI Newsdesk's Sphinx extension: posts with source provenance, listings and feeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

from newsdesk.version import __version__

__all__ = ["__version__", "setup"]

#: the extensions this one sets up itself (the preview's warm process imports them)
REQUIRED_EXTENSIONS = ("myst_parser", "sphinx_design", "sphinx_reredirects")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register config values, nodes, directives and event handlers."""
    # Imported here so that `python -m newsdesk` (lint, scaffold) stays light.
    from newsdesk import _speedups as speedups
    from newsdesk import collector, config
    from newsdesk.index import domain as registry
    from newsdesk.index import refresh, site, snapshot
    from newsdesk.reading import (
        bounds,
        callouts,
        footnotes,
        headings,
        html_policy,
        labels,
        links,
        lockdown,
        nesting,
        policy,
    )
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
        notfound,
        pages,
        redirects,
        search,
        sections,
        sharing,
        sitemap,
        template_cache,
    )

    # MyST, sphinx-design, and sphinx-reredirects for the pages of moved posts
    for name in REQUIRED_EXTENSIONS:
        app.setup_extension(name)
    nesting.guard_parser(app)  # MyST's, with a recursion error as a message
    config.register(app)
    registry.register(app)
    callouts.register(app)
    bounds.register(app)  # {hlist} :columns:, {code-block} :emphasize-lines:
    listings.register(app)
    linkrot.register(app)  # linkcheck builder: archived sources, front-matter lines
    app.add_css_file("newsdesk.css")

    # -- config: validate values, hide drafts before Sphinx looks for documents
    # The collector off while the environment loads, then that and the index frozen.
    app.connect("config-inited", collector.pause, priority=1)
    app.connect("builder-inited", collector.freeze_loaded, priority=1)
    app.connect("env-updated", collector.freeze_index, priority=999)
    app.connect("config-inited", config.check_config)
    # Patches of MyST, sphinx-design and Furo internals that only save time,
    # each for the releases it was checked on (newsdesk_speedups switches off).
    app.connect("config-inited", speedups.apply_speedups)
    app.connect("config-inited", lockdown.lock_myst)  # no raw HTML, http(s)/mailto
    # 900: after extensions (ours included) added their static folders.
    app.connect("config-inited", lockdown.refuse_linked_assets, priority=900)
    app.connect("config-inited", sources.exclude_links, priority=900)  # not walked
    app.connect("builder-inited", lockdown.lock_docutils)  # no include/raw files
    app.connect("builder-inited", lockdown.refuse_directives)  # {role}, {title}
    lockdown.refuse_restructuredtext()  # {eval-rst}, where MyST renders it
    lockdown.linear_heading_slugs()  # repeated headings' anchors, linear
    footnotes.linear_footnote_refs()  # footnote references, linear
    footnotes.name_unmatched(app)  # [^x] with no note, a note with no [^x]
    lockdown.linear_system_messages(app)  # the parser's notes dropped, linear
    app.connect("builder-inited", lockdown.reword_refusals)  # their messages, ours
    app.connect("config-inited", sharing.check_logo)  # in html_static_path
    app.connect("config-inited", redirects.use_redirect_page)  # moved posts: ours
    app.connect("config-inited", publishing.exclude_unpublished, priority=800)
    app.connect("config-inited", snapshot.preview_patterns)  # newsdesk_preview
    app.connect("config-inited", snapshot.preview_builders)  # no objects.inv
    app.connect("builder-inited", snapshot.no_search_index)
    # -- read: one post's front matter and doctree -> registry entry
    app.connect("builder-inited", sources.report_skipped_files)  # .MD, dotfiles
    app.connect("env-before-read-docs", sources.skip_undecodable)  # not UTF-8
    app.connect("env-before-read-docs", reading.skip_misnamed)  # 'x.html.md'
    app.connect("source-read", reading.read_front_matter)  # parse + validate YAML
    app.connect("builder-inited", reading.quiet_untitled_headings)  # no MyST repeat
    app.connect("builder-inited", headings.reword_skipped_levels)  # '###', not H3
    # before the HTML check: what nests too deep for the build is left out
    app.connect("source-read", nesting.check_source)  # depth of blocks
    app.connect("source-read", html_policy.check_source)  # raw HTML, link targets
    # what MyST would still read as page settings (myst:, og:*): last of all
    app.connect("source-read", lockdown.refuse_page_settings, priority=999)
    # 100: before Sphinx's asset collectors (500) register files to copy.
    # 90: the labels' and anchors' records, as the policy is about to the text
    app.connect("doctree-read", labels.clean_labels, priority=90)
    app.connect("doctree-read", policy.check_doctree, priority=100)  # allowlist
    app.connect("doctree-read", reading.collect_document)  # title, placeholders
    # 900: after Sphinx made the page's metadata (og:* tags, Furo's settings)
    app.connect("doctree-read", policy.check_metadata, priority=900)
    app.connect("doctree-read", html_policy.drop_raw_html)  # if the policy failed
    # -- env: everything that spans documents, computed once per build
    app.connect("env-get-outdated", site.forget_removed)  # stale output files
    app.connect("env-get-outdated", snapshot.note_changes)
    app.connect("env-get-outdated", search.note_removed)  # its search record too
    app.connect("env-updated", refresh.build_site_index)  # returns pages to rewrite
    app.connect("env-updated", cards.start_rendering, priority=900)  # after the index
    app.connect("env-check-consistency", site.check_references)  # unknown entities
    app.connect("env-check-consistency", pages.name_pages_in_the_way)  # lint too
    # 100: a preview's other posts, from the site snapshot, then its index.
    app.connect("write-started", snapshot.prepare_preview, priority=100)
    app.connect("write-started", refresh.save_environment)  # when Sphinx did not
    app.connect("warn-missing-reference", site.report_unknown_entity)  # {entity}
    app.connect("warn-missing-reference", links.report_unknown_doc)  # the link to write
    app.connect("builder-inited", redirects.check_redirects)  # redirects.txt
    app.connect("builder-inited", search.disable_sphinx_search)  # Pagefind's instead
    # -- write: fill placeholders, page context, generated pages
    app.connect("builder-inited", template_cache.cache_templates)  # kept compiled
    app.connect("doctree-resolved", listings.fill_placeholders)
    app.connect("html-page-context", navigation.add_post_context)
    app.connect("html-page-context", navigation.add_footer_links)  # standards
    # The sidebar marks the section of a page outside the toctree (a post, a
    # tag page...); 450: after the navigation memo (400), before Furo (500).
    app.connect("write-started", sections.remember_sections)
    app.connect("html-page-context", sections.mark_section, priority=450)
    # 400: before sphinxext-opengraph (500), which reads our og:* overrides.
    app.connect("html-page-context", sharing.add_sharing_context, priority=400)
    # 900: last, once every handler has added its CSS and JS to the page.
    app.connect("html-page-context", assets.drop_unused_assets, priority=900)
    app.connect("html-page-context", listings.add_pagination)  # rel prev/next, nav
    app.connect("html-collect-pages", pages.collect_pages)
    app.connect("html-collect-pages", search.add_search_page)
    # 400: before sphinx-reredirects (500) writes the pages of moved posts
    app.connect("html-collect-pages", redirects.set_redirects, priority=400)
    # 850: last but the asset filter, so its search record sees the final body.
    app.connect("html-page-context", search.add_search_context, priority=850)
    app.connect("html-page-context", feeds.add_feed_links)  # <link rel="alternate">
    # 500: after sphinx-notfound-page (400), whose pathto gives absolute URLs.
    app.connect("html-page-context", notfound.add_notfound_context)  # a way on
    # -- finish: files that span the whole site
    app.connect("build-finished", feeds.write_feeds)  # Atom and JSON Feed
    app.connect("build-finished", api.write_api)  # api/posts.json, by year
    app.connect("build-finished", llms.write_llms)  # llms.txt, by year
    app.connect("build-finished", snapshot.write_snapshot)  # for previews
    app.connect("build-finished", collector.release, priority=999)  # gc as it was
    # last of all: the next build of this app says its warnings again
    app.connect("build-finished", lockdown.forget_warnings, priority=1000)
    app.connect("build-finished", cards.write_cards)  # social cards, cached by content
    app.connect("build-finished", sitemap.write_sitemap)  # every page, with lastmod
    app.connect("build-finished", redirects.write_clean_url_redirects)  # x.html -> x/
    app.connect("build-finished", notfound.copy_notfound_page)  # 404.html (dirhtml)
    # pagefind/: started first, on the second core while the others write
    app.connect("build-finished", search.start_index, priority=100)
    app.connect("build-finished", search.finish_index, priority=850)
    # 800: once feeds, API and llms.txt are written, what they were written from.
    app.connect("build-finished", refresh.note_site_files, priority=800)

    return {
        "version": __version__,
        "env_version": registry.ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
