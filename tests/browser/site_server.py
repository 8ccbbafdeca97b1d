"""Serve a built site on 127.0.0.1 the way a static host does.

Text files (HTML, CSS, JavaScript, JSON, SVG, XML, icons) go out gzip-compressed
when the client accepts it. As on Read the Docs, a folder is served from its
``index.html`` (``/x`` is redirected to ``/x/``, so the clean URLs of a
``dirhtml`` build work typed either way), and a missing path gets the site's
``404.html`` (``404/index.html`` under ``dirhtml``) with status 404. The browser tests and ``nox -s audit``
(Lighthouse) both use it, so what they measure is what readers download.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import io
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from collections.abc import Iterator

COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
)


class StaticSiteHandler(http.server.SimpleHTTPRequestHandler):
    """GET/HEAD for a folder of static files, with gzip and a 404 page."""

    # HTTP/1.1 keeps connections alive, as real hosts do (and Lighthouse expects).
    protocol_version = "HTTP/1.1"

    def send_head(self) -> BinaryIO | None:
        """Headers for the requested file; its (maybe compressed) body as a stream."""
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                # Same as http.server: /dir -> /dir/ so relative links resolve.
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status = 404
            root = Path(self.directory)
            found = [
                p for p in (root / "404.html", root / "404/index.html") if p.is_file()
            ]
            if not found:
                self.send_error(404, "File not found")
                return None
            path = found[0]
        data = path.read_bytes()
        content_type = self.guess_type(str(path))
        headers = {"Content-Type": content_type, "Vary": "Accept-Encoding"}
        if content_type.startswith(COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        ):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(data))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(data)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: test and audit output is about the site, not requests."""


@contextlib.contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yield its base URL."""
    handler = partial(StaticSiteHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
