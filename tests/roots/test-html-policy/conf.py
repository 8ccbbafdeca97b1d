extensions = ["newsdesk"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
