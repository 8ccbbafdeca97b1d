extensions = ["newsdesk"]
html_theme = "furo"
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
# as the site: [](page.md#anchor) links name a heading by its anchor
myst_heading_anchors = 3
