project = "Test Desk"
author = "Desk Team"
extensions = ["sphinxext.opengraph", "newsdesk"]
html_theme = "furo"
html_title = "Test Desk"
templates_path = ["_templates"]
html_static_path = ["_static"]
exclude_patterns = ["_build"]
html_baseurl = "https://news.example.org/desk/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
newsdesk_site_description = "A test desk & its <news>."
newsdesk_logo = "logo.png"
# Keep ASCII quotes in titles: the escaping tests look for them.
smartquotes = False
newsdesk_license = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
