extensions = ["newsdesk"]
exclude_patterns = ["_build"]
# Short versions of the site's settings (conf.py, "Link checking"), so that the
# local test server's slow page times out quickly.
linkcheck_retries = 2
linkcheck_timeout = 1
linkcheck_rate_limit_timeout = 5.0
linkcheck_allowed_redirects = {}
linkcheck_anchors = False
linkcheck_report_timeouts_as_broken = False
# The tests serve the checked links from 127.0.0.1.
newsdesk_allow_local_urls = True
