extensions = ["newsdesk"]
exclude_patterns = ["_build"]
