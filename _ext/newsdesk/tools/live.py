"""The preview's server: rebuild on save from a warm process, reload the page.

A preview build reads one post, yet ``python -m sphinx`` first imports Sphinx,
docutils, MyST, Furo, sphinx-design and this extension: about 1.2 s, half of
a preview of a 10,000-post site. So each build is forked from a *warm process*
that imported those modules once: a fresh Sphinx in a fresh process, as from
the command line, that only skips the imports. When the extension's own code
changes, the warm process is started again. Where there is no ``fork``
(Windows), each build is a new ``python -m sphinx`` process.

(``multiprocessing``'s forkserver does the forking, but imports the caller's
main module again in every child and cannot be restarted; the warm process is
a loop of twenty lines over ``os.fork``.)

The server is the standard library's; each HTML page it serves gets a line of
script that reloads the page when a build ends (Server-Sent Events).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterable

#: where a page listens for the end of a build
EVENTS = "/_newsdesk/builds"
RELOAD = (
    f'<script>new EventSource("{EVENTS}").onmessage = () => location.reload()</script>'
).encode()
#: the names of the server a page may use: those of 127.0.0.1, where it listens
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost"})
#: folders whose changes are not the site's (outputs, tools' caches, tests)
IGNORED = ("_build", ".nox", "tests", ".ruff_cache", ".git", "node_modules")


def preload(root: Path) -> list[str]:
    """The modules every build imports: Sphinx's own extensions, the site's
    (``extensions`` and ``html_theme`` in conf.py, read without running it),
    those this extension sets up and every module of it."""
    from sphinx import application

    import newsdesk
    from newsdesk import conf_file

    names = ["sphinx.cmd.build", *application.builtin_extensions]
    names += newsdesk.REQUIRED_EXTENSIONS
    extensions = conf_file.setting(root, "extensions", [])
    names += [str(n) for n in extensions] if isinstance(extensions, list) else []
    names.append(str(conf_file.setting(root, "html_theme", "alabaster")))
    names += [
        module.name
        for module in pkgutil.walk_packages(newsdesk.__path__, "newsdesk.")
        if not module.name.endswith("__main__")
    ]
    return names


def warm_process(reply_fd: str, modules: str) -> None:
    """The warm process: import ``modules`` (JSON), then for each line of its
    input (a JSON list of Sphinx's arguments) fork a build and write its exit
    status to ``reply_fd``. Runs until its input closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the build
    # What a module prints on import goes nowhere, as conf.py sends
    # sphinxext-opengraph's "matplotlib is not installed" nowhere: here the
    # extensions are imported before conf.py runs.
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        for name in json.loads(modules):
            with contextlib.suppress(Exception):  # the build says what is wrong
                importlib.import_module(name)
    with os.fdopen(int(reply_fd), "w") as replies:
        for line in sys.stdin:
            child = os.fork()
            if child == 0:
                os._exit(_forked_build(json.loads(line)))
            _, status = os.waitpid(child, 0)
            replies.write(f"{os.waitstatus_to_exitcode(status)}\n")
            replies.flush()


def _forked_build(argv: list[str]) -> int:
    """A build in the forked child: Sphinx's command line, in this process."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # the warm process's input is its list of builds, not the build's
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    try:
        from sphinx.cmd.build import build_main

        return build_main(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001 - a forked child never returns to the loop
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


class Builds:
    """Sphinx builds with ``argv``, numbered; a page can wait for the next."""

    def __init__(self, argv: list[str], modules: list[str]) -> None:
        self.argv = argv
        self.modules = modules
        self.number = 0
        self._done = threading.Condition()
        #: the warm process, the builds it is asked for and its answers
        self._process: subprocess.Popen[str] | None = None
        self._requests: IO[str] | None = None
        self._replies: IO[str] | None = None

    @property
    def warm(self) -> bool:
        """Whether builds are forked from a warm process (not on Windows)."""
        return hasattr(os, "fork")

    def restart(self) -> None:
        """Let the next build start a new warm process (the code has changed)."""
        self.close()

    def close(self) -> None:
        """Stop the warm process: its input closes, and it ends."""
        for stream in (self._requests, self._replies):
            if stream is not None:
                stream.close()
        if self._process is not None:
            self._process.wait()
        self._process = self._requests = self._replies = None

    def _start(self) -> None:
        read, write = os.pipe()
        package = str(Path(__file__).resolve().parents[2])  # where newsdesk is
        path = os.pathsep.join(filter(None, (package, os.environ.get("PYTHONPATH"))))
        code = "import sys; from newsdesk.tools import live; live.warm_process(*sys.argv[1:])"
        self._process = subprocess.Popen(
            [sys.executable, "-c", code, str(write), json.dumps(self.modules)],
            stdin=subprocess.PIPE,
            pass_fds=(write,),
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        os.close(write)
        self._requests, self._replies = self._process.stdin, os.fdopen(read)

    def _forked(self) -> int:
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._start()
        assert self._requests is not None
        assert self._replies is not None
        self._requests.write(json.dumps(self.argv) + "\n")
        self._requests.flush()
        reply = self._replies.readline()
        return int(reply) if reply.strip() else 1  # it died: the next one starts anew

    def build(self) -> int:
        """Build once; the exit status of Sphinx."""
        if self.warm:
            status = self._forked()
        else:
            command = [sys.executable, "-m", "sphinx", *self.argv]
            status = subprocess.run(command, check=False).returncode
        self.finished()
        return status

    def finished(self) -> None:
        """Count a build, and wake the pages waiting for it."""
        with self._done:
            self.number += 1
            self._done.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The number of the last build, once it is past ``seen`` (or after
        ``timeout`` seconds)."""
        with self._done:
            self._done.wait_for(lambda: self.number > seen, timeout)
            return self.number


class _Handler(SimpleHTTPRequestHandler):
    """The output folder, with the reload script in its pages."""

    builds: Builds

    def do_GET(self) -> None:
        if not self._named_locally():
            return
        if urllib.parse.urlsplit(self.path).path == EVENTS:
            self._events()
        elif (page := self._page()) is None:
            super().do_GET()
        else:
            self._send_page(page)
            self.wfile.write(page)

    def do_HEAD(self) -> None:
        # the same headers as GET's, or a client sees a length the page lacks
        if not self._named_locally():
            return
        if (page := self._page()) is None:
            super().do_HEAD()
        else:
            self._send_page(page)

    def _named_locally(self) -> bool:
        """Whether the request is for 127.0.0.1 or localhost, else refuse it.

        A web page whose owner points its host name at 127.0.0.1 once it has
        loaded (DNS rebinding) is of the same origin as its next requests
        there: it could read the preview, drafts included.
        """
        host = urllib.parse.urlsplit(f"//{self.headers.get('Host', '')}").hostname
        if host in LOCAL_NAMES:
            return True
        self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Not this server's name")
        return False

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        # A NUL in the address (/%00) made the standard library's open()
        # raise: a traceback in the preview's terminal, which any web page
        # the contributor has open could print there again and again.
        if "\x00" in urllib.parse.unquote(urllib.parse.urlsplit(self.path).path):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def _page(self) -> bytes | None:
        """The requested page with the reload script, or None if not a page."""
        address = urllib.parse.urlsplit(self.path).path  # search/?q=... too
        path = Path(self.translate_path(self.path))
        if path.is_dir() and (path / "index.html").is_file() and address.endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return None
        page = path.read_bytes()
        end = page.rfind(b"</body>")
        return page[:end] + RELOAD + page[end:] if end != -1 else page + RELOAD

    def _send_page(self, page: bytes) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.builds.number
        with contextlib.suppress(OSError):  # the page went away
            while True:
                number = self.builds.wait(seen, timeout=15)
                # a comment line keeps the connection open between builds
                event = f"data: {number}\n\n" if number > seen else ": waiting\n\n"
                self.wfile.write(event.encode())
                self.wfile.flush()
                seen = number

    def log_message(self, format: str, *args: object) -> None:
        return  # the build's output is what the contributor reads


def server(out: Path, builds: Builds, port: int) -> ThreadingHTTPServer:
    """A server of ``out`` on 127.0.0.1 (not yet serving)."""
    handler = type("Handler", (_Handler,), {"builds": builds})
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(handler, directory=str(out))
    )
    httpd.daemon_threads = True
    return httpd


def changes(root: Path, stop: threading.Event | None = None) -> Iterable[set[Path]]:
    """Each batch of changed files under ``root`` that a build reads."""
    import watchfiles

    ignore = watchfiles.DefaultFilter(
        ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, *IGNORED)
    )
    for batch in watchfiles.watch(root, watch_filter=ignore, stop_event=stop):
        yield {Path(path) for _, path in batch}


def is_code(path: Path, root: Path) -> bool:
    """A change the warm process's imported modules do not have: the extension's."""
    return path.suffix == ".py" and path.is_relative_to(root / "_ext")


def serve(
    root: Path,
    out: Path,
    builds: Builds,
    port: int,
    say: Callable[[str], None] = print,
    watch: Callable[[Path], Iterable[set[Path]]] = changes,
) -> int:
    """Build, serve ``out`` and build again on each change, until interrupted."""
    httpd = server(out, builds, port)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        builds.build()
        for changed in watch(root):
            if builds.warm and any(is_code(path, root) for path in changed):
                builds.restart()  # its modules are the old code
                say(
                    "newsdesk preview: the extension's code changed; importing it again"
                )
            start = time.perf_counter()
            status = builds.build()
            outcome = "built" if status == 0 else f"build failed ({status})"
            say(f"newsdesk preview: {outcome} in {time.perf_counter() - start:.1f} s")
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()
        builds.close()
    return 0
