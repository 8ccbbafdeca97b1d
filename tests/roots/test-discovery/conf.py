extensions = ["notfound.extension", "newsdesk"]
project = "Discovery Desk"
author = "Desk Editors"
html_theme = "furo"
templates_path = ["_templates"]
exclude_patterns = ["_build"]
newsdesk_site_description = "A small site for the discovery tests."
# As in the site's conf.py:
notfound_urls_prefix = "/"
notfound_template = "newsdesk/404.html"
notfound_context = {"title": "Page not found", "body": ""}
