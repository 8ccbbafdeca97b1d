"""Offline and reproducible: the real site builds with no network, to the same bytes.

The site (conf.py, the pages it includes, templates, static files and ``_ext``)
is copied into two folders, like two checkouts of one commit, and each copy is
built by a fresh interpreter with its own hash seed, running the command
``nox -s docs`` runs with ``SOURCE_DATE_EPOCH`` set. Inside each build every
socket connection and DNS lookup is refused and recorded. Both builds must
succeed without one network attempt, and the two output folders must hold the
same files, byte for byte, naming neither folder.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import runpy
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
#: A fixed "now" (2026-01-01T00:00:00Z) for the build, as a release would set.
EPOCH = "1796169600"  # 2026-12-02: after every dated correction on the site
#: Variables that change what a build publishes; cleared for both builds.
BUILD_ENV = (
    "READTHEDOCS",
    "READTHEDOCS_CANONICAL_URL",
    "READTHEDOCS_VERSION_TYPE",
    "NEWSDESK_DRAFTS",
    "PYTHONPATH",
)
_TEXT = {".html", ".js", ".json", ".xml", ".txt", ".inv", ".buildinfo", ".css"}
#: Pagefind 1.5.2 keeps each filter's values in a Rust HashMap, whose order
#: changes from run to run: its filter chunks hold the same data in another
#: order, under other hashes, as do the meta and entry files that name them.
#: Pages (fragments) and the word index are byte-identical.
_UNORDERED = re.compile(
    r"pagefind/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)"
)


def copy_site(dest: Path) -> Path:
    """What a docs build reads: conf.py, included pages, templates, static, _ext."""
    conf = runpy.run_path(str(REPO / "conf.py"))
    tops = {pattern.split("/")[0] for pattern in conf["include_patterns"]}
    tops |= set(conf.get("templates_path", [])) | set(conf.get("html_static_path", []))
    tops.add("_ext")  # the extension, as a second checkout would have it
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "conf.py", dest / "conf.py")
    for top in sorted(tops):
        source = REPO / top
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, dest / top, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, dest / top)
    return dest


def install_network_guard(attempts: list[str]) -> None:
    """Refuse (and record in ``attempts``) every connection and name lookup.

    Unix sockets stay open: they are local IPC (multiprocessing uses them when
    cards are rendered in parallel), not the network.
    """
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(what: str, target: object) -> OSError:
        attempts.append(f"{what} {target!r}")
        return OSError(f"network access in an offline build: {what} {target!r}")

    def connect(sock: socket.socket, address: object) -> None:
        if sock.family == socket.AF_UNIX:
            return real_connect(sock, address)  # type: ignore[arg-type]
        raise refuse("connect", address)

    def connect_ex(sock: socket.socket, address: object) -> int:
        if sock.family == socket.AF_UNIX:
            return real_connect_ex(sock, address)  # type: ignore[arg-type]
        raise refuse("connect", address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
        raise refuse("getaddrinfo", host)

    def create_connection(address: object, *args: object, **kwargs: object) -> None:
        raise refuse("create_connection", address)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.create_connection = create_connection  # type: ignore[assignment]


def offline_build(argv: list[str], report: str) -> int:
    """``sphinx-build argv`` with the network refused; attempts go to ``report``."""
    from sphinx.cmd.build import build_main

    attempts: list[str] = []
    install_network_guard(attempts)
    try:
        return build_main(argv)
    finally:
        Path(report).write_text(json.dumps(attempts), encoding="utf-8")


_RUNNER = (
    "import sys; sys.path.insert(0, sys.argv[1]); import test_reproducible as t; "
    "sys.exit(t.offline_build(sys.argv[3:], sys.argv[2]))"
)


def _build(root: Path, hash_seed: str) -> tuple[int, list[str], str]:
    """Build ``root/site`` into ``root/html`` as ``nox -s docs`` does (minus -W)."""
    argv = ["-T", "-E", "-q", "-b", "html", "-d", str(root / "doctrees"),
            "-D", "language=en", "-w", str(root / "warnings.txt"),
            str(root / "site"), str(root / "html")]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in BUILD_ENV}
    env |= {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": hash_seed}
    report = root / "network.json"
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(Path(__file__).parent), str(report), *argv],
        env=env, capture_output=True, text=True, check=False, cwd=root,
    )  # fmt: skip
    warnings = (root / "warnings.txt").read_text(encoding="utf-8")
    attempts = json.loads(report.read_text(encoding="utf-8")) if report.exists() else []
    return done.returncode, attempts, warnings + done.stderr[-2000:]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Two checkouts built by two interpreters with different hash seeds."""
    roots = [tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second-folder")]
    for root in roots:
        copy_site(root / "site")
    return [
        (root, *_build(root, seed))
        for root, seed in zip(roots, ("1", "4242"), strict=True)
    ]


def test_the_site_builds_without_network_access(two_builds):
    for _root, code, attempts, log in two_builds:
        assert attempts == []
        assert code == 0, log


def test_two_builds_in_different_folders_are_byte_identical(two_builds):
    first, second = (root / "html" for root, *_ in two_builds)
    names = [
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        for root in (first, second)
    ]
    unordered = [[f for f in found if _UNORDERED.fullmatch(f)] for found in names]
    assert len(unordered[0]) == len(unordered[1]) > 1
    files, other = (
        [f for f in found if not _UNORDERED.fullmatch(f)] for found in names
    )
    assert files == other
    assert {"atom.xml", ".buildinfo"} <= set(files)
    assert [f for f in files if f.startswith("pagefind/fragment/")]
    assert len(files) > 50
    different = [
        f for f in files if not filecmp.cmp(first / f, second / f, shallow=False)
    ]
    assert different == []


def test_output_names_neither_build_folder(two_builds):
    """No absolute path (checkout, doctrees, home) leaks into pages or data files."""
    for root, *_ in two_builds:
        out = root / "html"
        needles = [str(root).encode(), str(Path.home()).encode() + b"/"]
        for path in out.rglob("*"):
            if path.is_file() and path.suffix in _TEXT | {""}:
                data = path.read_bytes()
                for needle in needles:
                    assert needle not in data, f"{path.relative_to(out)}: {needle!r}"
