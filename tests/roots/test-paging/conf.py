extensions = ["newsdesk"]
html_theme = "furo"
templates_path = ["_templates"]
exclude_patterns = ["_build"]
newsdesk_page_size = 3
