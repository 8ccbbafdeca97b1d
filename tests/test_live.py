"""The preview's server (``nox -s preview``): warm builds that publish what the
full build does, pages that reload when a build ends, and the changes that
start a build."""

from __future__ import annotations

import http.client
import threading
import time
from pathlib import Path

import pytest

from newsdesk.index import snapshot
from newsdesk.tools import live
from sitebuild import build, copy_root

POST = "posts/2025/grok-confirmed"


def _preview_arguments(srcdir: Path, full, out: Path) -> list[str]:
    return [
        *("-q", "-b", "dirhtml", "-d", str(out.parent / "doctrees")),
        *("-D", f"newsdesk_preview={POST}.md"),
        *("-D", f"newsdesk_preview_snapshot={snapshot.path_in(full.doctreedir)}"),
        str(srcdir),
        str(out),
    ]


@pytest.mark.skipif(not live.Builds([], []).warm, reason="no fork on this platform")
def test_a_warm_build_publishes_the_page_of_the_full_build(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Forked from a process that imported Sphinx once, the preview's page is
    the published one, byte for byte; an edit shows on the next build; the
    preview writes no inventory of the other posts, and prints nothing the
    build does not (an extension's print on import)."""
    srcdir = copy_root(tmp_path, "knowledge")
    conf = srcdir / "conf.py"  # as the site's: it prints "matplotlib is not ..."
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('["newsdesk"]', '["newsdesk", "sphinxext.opengraph"]'))
    full = build(srcdir, "dirhtml", builddir=tmp_path / "full")
    capfd.readouterr()  # this process's own import of it
    out = tmp_path / "preview" / "html"
    modules = live.preload(srcdir)
    assert {
        "sphinx.cmd.build",
        "myst_parser",
        "furo",
        "newsdesk.reading.policy",
    } <= set(modules)
    builds = live.Builds(_preview_arguments(srcdir, full, out), modules)
    try:
        assert builds.build() == 0
        page = f"{POST}/index.html"
        assert (out / page).read_bytes() == (Path(full.outdir) / page).read_bytes()
        assert not (out / "objects.inv").exists()
        with (srcdir / f"{POST}.md").open("a", encoding="utf-8") as post:
            post.write("\nA sentence written while previewing.\n")
        assert builds.build() == 0
        assert "A sentence written while previewing." in (out / page).read_text("utf-8")
        assert builds.number == 2
    finally:
        builds.close()
    assert "matplotlib" not in capfd.readouterr().out


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


@pytest.fixture
def served(tmp_path: Path):
    (tmp_path / "posts/x").mkdir(parents=True)
    (tmp_path / "posts/x/index.html").write_text(
        "<html><body><p>Post</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "site.css").write_text("body{}", encoding="utf-8")
    builds = live.Builds([], [])
    httpd = live.server(tmp_path, builds, 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], builds
    httpd.shutdown()
    httpd.server_close()


def test_pages_get_the_reload_script_and_nothing_else_changes(served) -> None:
    port, _ = served
    status, page = _get(port, "/posts/x/")
    assert status == 200
    assert page == b"<html><body><p>Post</p>" + live.RELOAD + b"</body></html>"
    assert _get(port, "/posts/x/?q=search+words")[1] == page  # the query stays out
    assert _get(port, "/site.css") == (200, b"body{}")
    assert _get(port, "/missing/")[0] == 404
    # a HEAD request is told the length of the page a GET sends
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("HEAD", "/posts/x/")
    assert connection.getresponse().getheader("Content-Length") == str(len(page))


@pytest.mark.parametrize("path", ["/%00", "/posts/x/%00.html", "/posts%00/x/"])
def test_an_address_with_a_nul_is_not_found(served, capfd, path) -> None:
    """Not a traceback in the terminal (the standard library's open() raised)."""
    port, _ = served
    assert _get(port, path)[0] == 404
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("attacker.example:{port}", 421),  # its name now points at 127.0.0.1
        ("attacker.example", 421),
        ("", 421),
    ],
)
def test_only_requests_for_this_machine_are_answered(served, method, host, status):
    """A page served under another name (DNS rebinding) reads nothing, not the
    drafts the preview shows."""
    port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, "/posts/x/", skip_host=True)
    connection.putheader("Host", host.format(port=port))
    connection.endheaders()
    assert connection.getresponse().status == status


def test_a_page_hears_when_a_build_ends(served) -> None:
    port, builds = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", live.EVENTS)
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    threading.Timer(0.2, builds.finished).start()
    assert response.readline() == b"data: 1\n"


def test_a_change_to_a_post_starts_a_build_and_outputs_do_not(tmp_path: Path):
    (tmp_path / "posts/2025").mkdir(parents=True)
    (tmp_path / "_build/html").mkdir(parents=True)
    stop = threading.Event()
    seen: list[set[Path]] = []

    def watch() -> None:
        seen.extend(live.changes(tmp_path, stop))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(0.5)  # the watcher is watching
    (tmp_path / "_build/html/page.html").write_text("out", encoding="utf-8")
    (tmp_path / "posts/2025/a.md").write_text("# A", encoding="utf-8")
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    watcher.join(5)
    changed = set().union(*seen)
    assert tmp_path / "posts/2025/a.md" in changed
    assert not [p for p in changed if "_build" in p.parts]


def test_a_change_to_the_extension_starts_the_warm_process_again(tmp_path: Path):
    """The warm process holds the extension's old code: after a change to it,
    the next build imports it again, and the contributor is told so."""
    (tmp_path / "out").mkdir()
    restarts: list[int] = []

    class Counting(live.Builds):
        def build(self) -> int:
            self.finished()
            return 0

        def restart(self) -> None:
            restarts.append(self.number)

    builds = Counting([], [])
    said: list[str] = []

    def watch(root: Path):
        yield {root / "posts/2025/a.md"}
        yield {root / "_ext/newsdesk/reading/policy.py"}
        yield {root / "posts/2025/a.md"}

    assert live.serve(tmp_path, tmp_path / "out", builds, 0, said.append, watch) == 0
    assert restarts == [2]  # after the first build and the first change
    assert len([s for s in said if "code changed" in s]) == 1
    assert len([s for s in said if "built in" in s]) == 3


def test_a_restarted_warm_process_builds_with_the_new_code(tmp_path: Path):
    """The warm process really holds the code it imported, and a restart
    gives the next build the module as it is now."""
    package = tmp_path / "probe_module.py"
    package.write_text("WORD = 'old'\n", encoding="utf-8")
    conf = tmp_path / "src/conf.py"
    conf.parent.mkdir()
    word = tmp_path / "word.txt"
    conf.write_text(
        f"import probe_module\nopen({str(word)!r}, 'w').write(probe_module.WORD)\n",
        encoding="utf-8",
    )
    (tmp_path / "src/index.rst").write_text("Index\n=====\n", encoding="utf-8")
    argv = ["-q", "-b", "dummy", str(tmp_path / "src"), str(tmp_path / "out")]
    builds = live.Builds(argv, ["probe_module"])
    env = {"PYTHONPATH": str(tmp_path)}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        for name, value in env.items():
            patch.setenv(name, value)
        try:
            assert builds.build() == 0
            package.write_text("WORD = 'new'\n", encoding="utf-8")
            assert builds.build() == 0
            assert word.read_text() == "old"  # imported once, by the warm process
            builds.restart()
            assert builds.build() == 0
            assert word.read_text() == "new"
        finally:
            builds.close()
