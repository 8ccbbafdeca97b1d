extensions = ["sphinx_sitemap", "notfound.extension", "newsdesk"]
project = "Discovery Desk"
author = "Desk Editors"
html_theme = "furo"
templates_path = ["_templates"]
exclude_patterns = ["_build"]
newsdesk_site_description = "A small site for the discovery tests."
# As in the site's conf.py:
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html", "search/", "genindex/", "404/"]
suppress_warnings = ["sitemap.configuration"]
notfound_urls_prefix = "/"
