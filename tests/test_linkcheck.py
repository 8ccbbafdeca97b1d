"""Link rot: the linkcheck builder against a local server, and the site's settings.

A threaded ``http.server`` on 127.0.0.1 serves every case: 200, 301, 302, 404,
500, a page that fails twice then recovers (retries), a 429 with Retry-After
(rate limits) and a slow page (timeouts). Two linkcheck builds of
``test-linkcheck``: all posts (dead links fail the run, each attributed to its
post and line), and only the healthy and archived posts (a dead source with
an archived copy is reported but does not fail).
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdesk.tools import linkrot
from sitebuild import build

ROOT = Path(__file__).parent / "roots" / "test-linkcheck"
REPO = Path(__file__).parent.parent
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class _Handler(BaseHTTPRequestHandler):
    """Answers by path; ``server.hits`` counts requests per path."""

    server: _Server

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        path = self.path
        self.server.hits[path] += 1
        hits = self.server.hits[path]
        if path == "/moved":
            self._send(301, location="/ok")
        elif path == "/found":
            self._send(302, location="/ok")
        elif path in {"/gone", "/gone2", "/missing", "/archive/gone"}:
            self._send(404)
        elif path == "/error":
            self._send(500)
        elif path == "/flaky":  # HEAD and GET of the first attempt fail
            self._send(500 if hits <= 2 else 200)
        elif path == "/busy":
            self._send(429 if hits == 1 else 200, retry_after="1")
        elif path == "/slow":
            time.sleep(3)
            self._send(200)
        else:
            self._send(200)
        if body:
            self.wfile.write(b"<!doctype html><title>t</title>")

    def _send(self, code: int, location: str = "", retry_after: str = "") -> None:
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        if retry_after and code == 429:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", "text/html")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter[str]


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = Counter()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _linkcheck(tmp: Path, base: str, posts: list[str]) -> tuple[SphinxTestApp, str]:
    srcdir = tmp / "src"
    shutil.copytree(ROOT, srcdir)
    for path in sorted(srcdir.glob("*/**/*.md")):
        if path.parent.name == "2025" and path.stem not in posts:
            path.unlink()
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("http://127.0.0.1:PORT", base), encoding="utf-8")
    app = build(srcdir, "linkcheck")
    return app, _COLOUR.sub("", app.warning.getvalue())


def _results(app: SphinxTestApp, base: str) -> dict[str, dict[str, object]]:
    """output.json by path on the test server."""
    lines = (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return {row["uri"].removeprefix(base): row for row in rows}


@pytest.fixture(scope="module")
def all_posts(server, tmp_path_factory, monkeypatch_module):
    tmp = tmp_path_factory.mktemp("linkcheck-all")
    app, warnings = _linkcheck(tmp, server, list(POSTS))
    return app, warnings, _results(app, server)


@pytest.fixture(scope="module")
def monkeypatch_module():
    """requests honours proxy variables; the local server must be reached directly."""
    with pytest.MonkeyPatch.context() as mp:
        for name in (
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "http_proxy",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ):
            mp.delenv(name, raising=False)
        mp.setenv("NO_PROXY", "127.0.0.1,localhost")
        yield mp


POSTS = ("live", "archived", "dead", "dead-archive")
EXPECTED = {
    # path on the server: (status, file, line)
    "/ok": ("working", "posts/2025/live.md", 8),
    "/moved": ("redirected", "posts/2025/live.md", 13),
    "/found": ("redirected temporarily", "posts/2025/live.md", 15),
    "/flaky": ("working", "posts/2025/live.md", 17),
    "/busy": ("working", "posts/2025/live.md", 19),
    "/gone": (linkrot.ARCHIVED, "posts/2025/archived.md", 8),
    "/archive/ok": ("working", "posts/2025/archived.md", 9),
    "/error": ("broken", "posts/2025/dead.md", 8),
    "/missing": ("broken", "posts/2025/dead.md", 13),
    "/slow": ("timeout", "posts/2025/dead.md", 15),
    # Dead, and so is its archived copy: a failure, never "archived copy available".
    "/gone2": ("broken", "posts/2025/dead-archive.md", 8),
    "/archive/gone": ("broken", "posts/2025/dead-archive.md", 9),
    "/entity": ("working", "entities/acme.md", 3),
}


def test_each_link_has_its_status_post_and_line(all_posts):
    _app, _warnings, results = all_posts
    assert set(results) == set(EXPECTED)
    for path, (status, post, line) in EXPECTED.items():
        row = results[path]
        assert (row["status"], row["filename"], row["lineno"]) == (
            status,
            post,
            line,
        ), path


def test_dead_links_fail_the_run(all_posts):
    app, _warnings, _results = all_posts
    assert app.statuscode == 1


def test_output_txt_lists_problems_with_file_and_line(all_posts, server):
    app, _warnings, _results = all_posts
    text = (Path(app.outdir) / "output.txt").read_text(encoding="utf-8")
    assert f"posts/2025/dead.md:8: [broken] {server}/error: 500 Server Error" in text
    assert f"posts/2025/dead.md:13: [broken] {server}/missing: 404 Client Error" in text
    assert f"posts/2025/dead.md:15: [timeout] {server}/slow" in text
    assert (
        f"posts/2025/live.md:13: [redirected permanently] {server}/moved to {server}/ok"
    ) in text
    assert (
        f"posts/2025/archived.md:8: [{linkrot.ARCHIVED}] {server}/gone: "
        f"404 Client Error"
    ) in text
    assert f"archived copy: {server}/archive/ok" in text
    assert "/flaky" not in text  # recovered on retry: not a problem


def test_a_dead_source_with_a_dead_archive_is_one_failure(all_posts, server):
    """Not "[dead, archived copy available]" above a line saying that copy is
    broken ("The first hour"): one failure that says both."""
    app, _warnings, results = all_posts
    text = (Path(app.outdir) / "output.txt").read_text(encoding="utf-8")
    assert (
        f"posts/2025/dead-archive.md:8: [broken] {server}/gone2: 404 Client Error"
    ) in text
    assert f"its archived copy {server}/archive/gone is broken too (404" in text
    assert f"{linkrot.ARCHIVED}] {server}/gone2" not in text
    assert results["/archive/gone"]["info"].endswith(
        f"the archived copy of {server}/gone2"
    )


def test_permanent_redirects_warn_with_the_new_address(all_posts, server):
    _app, warnings, results = all_posts
    assert results["/moved"]["code"] == 301
    assert results["/moved"]["info"] == f"{server}/ok"
    assert (
        f"posts/2025/live.md:13: WARNING: redirect  {server}/moved - permanently "
        f"to {server}/ok"
    ) in warnings
    assert "/found" not in warnings  # temporary: logged, not a warning


def test_retries_and_rate_limits_reach_the_page(all_posts, server):
    """/flaky failed twice (one attempt) before the retry; /busy sent 429 once."""
    _app, _warnings, results = all_posts
    assert results["/flaky"]["status"] == "working"
    assert results["/busy"]["status"] == "working"


def test_archived_dead_source_warns_but_does_not_fail(
    server, tmp_path_factory, monkeypatch_module
):
    tmp = tmp_path_factory.mktemp("linkcheck-archived")
    app, warnings = _linkcheck(tmp, server, ["live", "archived"])
    assert app.statuscode == 0
    assert (
        f"posts/2025/archived.md:8: WARNING: {linkrot.ARCHIVED}: {server}/gone "
        f"(404 Client Error"
    ) in warnings
    assert f"readers get {server}/archive/ok [newsdesk.linkcheck]" in warnings


def test_offline_says_so_in_one_line(tmp_path, monkeypatch, monkeypatch_module):
    """No network: each link gets a short "name resolution failed" line, and the
    run ends with one line counting them; no urllib3 error text, and a source
    that could not be checked is not called dead ("The first hour")."""
    import socket

    real = socket.getaddrinfo

    def no_dns(host, *args, **kwargs):  # what a machine without network says
        if host == "news.example.org":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    app, warnings = _linkcheck(tmp_path, "http://news.example.org", list(POSTS))
    output = _COLOUR.sub("", app.status.getvalue()) + warnings
    assert app.statuscode == 1
    rows = _results(app, "http://news.example.org")
    assert set(rows) == set(EXPECTED)
    assert len(rows) == 13
    assert {row["status"] for row in rows.values()} == {linkrot.UNRESOLVED}
    assert {row["info"] for row in rows.values()} == {
        "name resolution failed for news.example.org"
    }
    summary = "no network: 13 links could not be checked (name resolution failed)"
    # (the fixture's archives, on news.example.org here, are no archive service)
    said = [
        line
        for line in warnings.splitlines()
        if "WARNING" in line and "is not on an archive service" not in line
    ]
    assert said == [f"WARNING: {summary} [newsdesk.linkcheck]"]
    assert "NameResolutionError" not in output
    assert linkrot.ARCHIVED not in output


# -- the site's settings ---------------------------------------------------------


@pytest.fixture(scope="module")
def site_config() -> SimpleNamespace:
    """The settings of the site's own conf.py."""
    return SimpleNamespace(**runpy.run_path(str(REPO / "conf.py")))


def test_site_retries_waits_and_reports(site_config):
    assert site_config.linkcheck_retries >= 2
    assert 5 <= site_config.linkcheck_timeout <= 60
    assert site_config.linkcheck_rate_limit_timeout >= 60
    assert isinstance(site_config.linkcheck_allowed_redirects, dict)
    assert isinstance(site_config.linkcheck_report_timeouts_as_broken, bool)


@pytest.mark.parametrize("address", ["localhost", "127.", "[::1]", "0.0.0.0"])
def test_site_ignore_list_has_no_loopback_addresses(site_config, address):
    for pattern in site_config.linkcheck_ignore:
        assert address not in pattern
        assert not re.match(pattern, f"http://{address.strip('.')}:8000/")


def test_site_ignore_list_is_only_blocking_sites(site_config):
    """Each entry is an https site root, so no post's own link hides by accident."""
    assert site_config.linkcheck_ignore
    for pattern in site_config.linkcheck_ignore:
        assert pattern.startswith(r"https://"), pattern
        re.compile(pattern)
