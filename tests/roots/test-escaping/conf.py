extensions = ["newsdesk"]
html_theme = "furo"
templates_path = ["_templates"]
exclude_patterns = ["_build"]
smartquotes = False  # the titles must round-trip character for character
# In every page's footer, the feeds and the JSON-LD: markup shown as text.
newsdesk_license = {
    "name": '<i>Licence</i> & "terms"',
    "url": "https://licences.example.org/by?v=4&lang=en",
}
