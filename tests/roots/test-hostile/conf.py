project = "Hostile Desk"
author = "Desk Team"
extensions = ["sphinxext.opengraph", "newsdesk"]
html_theme = "furo"
html_title = "Hostile Desk"
templates_path = ["_templates"]
exclude_patterns = ["_build"]
html_baseurl = "https://news.example.org/desk/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
# The corpus (tests/corpus/) is copied into posts/2025/ by tests/test_hostile.py.
smartquotes = False  # keep ASCII quotes: the tests compare titles as typed
