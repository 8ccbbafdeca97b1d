extensions = ["newsdesk"]
html_theme = "furo"
templates_path = ["_templates"]
exclude_patterns = ["_build"]
project = "Test Desk"
html_baseurl = "https://news.example.org/desk/"
newsdesk_policies = {"corrections": "standards/corrections"}
