extensions = ["newsdesk"]
html_theme = "furo"
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
