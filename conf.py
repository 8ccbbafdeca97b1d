"""Sphinx configuration for AI Newsdesk.

Site settings only: the behaviour lives in the ``newsdesk`` extension (``_ext/``).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

# Sphinx's docs recommend a folder on sys.path for a project's own extensions.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project --------------------------------------------------------------------

project = "AI Newsdesk"
author = "AI Newsdesk contributors"
copyright = "2025-2026, AI Newsdesk contributors"
language = "en"

# -- General --------------------------------------------------------------------

# sphinxext-opengraph prints "matplotlib is not installed, social cards will not
# be generated" when imported, although its cards are off (newsdesk renders
# its own): import it once here with that print sent nowhere.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxext.opengraph",
    "notfound.extension",
    "newsdesk",
]
# The source folder is the repository root: read only the site's pages, not
# README.md, tests/roots or virtualenvs.
include_patterns = [
    "index.md",
    "about.md",
    "posts/**",
    "entities/**",
    "tags/**",
    "series/**",
    "standards/**",
    "publishers/**",
]
# The repository's own documents beside the pages: any other Markdown file at
# the top that include_patterns leaves out is named by the build, not lost.
# (LICENSE and LICENSE-CONTENT have no .md suffix: never read as pages.)
exclude_patterns = ["README.md", "CONTRIBUTING.md", "SECURITY.md", "BENCHMARKS.md"]
# Markdown only: any other suffix (.MD, .rst) would be read by another parser.
source_suffix = {".md": "markdown"}
templates_path = ["_templates"]
nitpicky = True
# No network at build time: no intersphinx, no remote images.

# -- MyST -----------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3

# -- HTML -----------------------------------------------------------------------

html_theme = "furo"
html_title = "AI Newsdesk"
html_static_path = ["_static"]
html_css_files = ["site.css"]
# The .ico that every browser and feed reader takes; _templates/page.html adds
# the SVG and the apple-touch-icon.
html_favicon = "_static/favicon.ico"
html_copy_source = False  # the sources are on GitHub; halves the output
html_show_sourcelink = False
html_use_index = False  # the index page would be empty; no <head> link to it
# Read the Docs sets the canonical URL of each version; local builds stay relative.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme_options = {
    "top_of_page_buttons": [],
}

# -- OpenGraph (sphinxext-opengraph) ----------------------------------------------

ogp_site_url = html_baseurl
ogp_site_name = project
ogp_social_cards = {"enable": False}  # newsdesk renders its own, with the source

# -- Sitemap (newsdesk) -------------------------------------------------------------

# newsdesk writes sitemap.xml from html_baseurl (which already ends in the
# version's path, /en/latest/), with each page's last change as <lastmod>, and
# a robots.txt that names it; a local build has no base URL and writes neither.

# -- 404 page (sphinx-notfound-page) ------------------------------------------------

# 404.html is served for missing pages at any depth, so its links are absolute
# paths: the version's path on Read the Docs (/en/latest/), the server root locally.
notfound_urls_prefix = urlparse(html_baseurl).path or "/"
# Not a dead end: home, a search box and the latest posts (newsdesk fills it in).
notfound_template = "newsdesk/404.html"
notfound_context = {"title": "Page not found", "body": ""}

# -- Link checking (nox -s linkcheck) ---------------------------------------------

# newsdesk replaces the linkcheck builder (newsdesk.tools.linkrot): source links are
# reported at their front-matter line, and a dead source with `source.archive` is
# "dead, archived copy available" (a warning) instead of a failure.
linkcheck_retries = 3  # transient failures (resets, 5xx) are retried
linkcheck_timeout = 20  # seconds per request; news sites can be slow
linkcheck_workers = 5
# Honour 429 Too Many Requests: wait as asked (Retry-After), else back off and
# double the wait, giving up on a site after 5 minutes.
linkcheck_rate_limit_timeout = 300.0
# A timeout is listed as [timeout], not [broken]; either fails the run.
linkcheck_report_timeouts_as_broken = False
# News pages build their anchors with JavaScript: checking them gives false alarms.
linkcheck_anchors = False
# Setting this makes every other redirect a warning with the new address (update
# the link); newsdesk logs temporary ones (302/303/307: consent and geo pages).
linkcheck_allowed_redirects = {
    # An archive snapshot URL lands on the nearest capture's timestamp.
    r"https://web\.archive\.org/web/\d+/.*": r"https://web\.archive\.org/web/\d+/.*",
    r"https://archive\.(ph|today|is|li)/.*": r"https://archive\.(ph|today|is|li)/.*",
    r"https://doi\.org/.*": r"https://.*",  # DOIs exist to redirect
}
# Sites that answer automated checks with 401/403/999 or a captcha whatever the
# page's state; check their links by hand. Add a site only with the reason.
linkcheck_ignore = [
    r"https://(www\.)?reuters\.com/",  # 401 to non-browser clients
    r"https://(www\.)?bloomberg\.com/",  # captcha page (403)
    r"https://(www\.)?wsj\.com/",  # 401/403 to bots
    r"https://(www\.)?ft\.com/",  # 403 behind the paywall check
    r"https://(www\.)?nytimes\.com/",  # 403 to bots
    r"https://(www\.)?linkedin\.com/",  # status 999
    r"https://(www\.)?(x|twitter)\.com/",  # 403 or a login redirect
]

# -- newsdesk extension -----------------------------------------------------------

newsdesk_timezone = "UTC"
newsdesk_site_description = (
    "News analysis about the AI industry: each post takes one news article, "
    "links it, and explains what happened, why it matters and what we think."
)
newsdesk_feed_length = 50
newsdesk_related_posts = 3
# The publisher logo in each post's JSON-LD, the link-preview image of every
# page that is not a post and the feeds' icon (a square PNG: not every
# consumer takes SVG).
newsdesk_logo = "logo.png"
# Linked from every page's footer and named in the JSON-LD publisher
# (schema.org publishingPrinciples, correctionsPolicy, ...).
newsdesk_policies = {
    "principles": "standards/index",
    "corrections": "standards/corrections",
    "verification": "standards/sourcing",
    "ethics": "standards/ethics",
}
# The licence of the posts and pages (LICENSE-CONTENT; the code's is MIT,
# LICENSE), named in every page's footer, each post's JSON-LD, the Atom feeds
# and the posts API. Quotations from cited articles stay their publishers'
# (about.md says so).
newsdesk_license = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
