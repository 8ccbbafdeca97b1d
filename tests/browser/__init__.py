"""Browser tests: the built site in Chromium (run with `nox -s browser`)."""
