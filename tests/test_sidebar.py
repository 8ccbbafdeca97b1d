"""The navigation shared by pages outside the toctree is the one Sphinx would give each."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sitebuild import build, copy_root


def _sidebars(outdir: Path) -> dict[str, str]:
    """The navigation tree of every page, by output file."""
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        tree = soup.select_one(".sidebar-tree")
        if tree is not None:
            found[path.relative_to(outdir).as_posix()] = str(tree)
    return found


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, str], dict[Any, str], frozenset[str]]:
    app = build(copy_root(tmp_path_factory.mktemp("shared"), "discovery"))
    listed, memo = app.newsdesk_toctree  # type: ignore[attr-defined]
    return _sidebars(Path(app.outdir)), memo, listed


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    srcdir = copy_root(tmp_path_factory.mktemp("own"), "discovery")
    app = build(srcdir, confoverrides={"newsdesk_speedups": False})
    assert not hasattr(app, "newsdesk_toctree")  # Sphinx's own, every page
    return _sidebars(Path(app.outdir))


def test_every_page_shows_the_navigation_sphinx_gives_it(shared, own) -> None:
    pages, _, _ = shared
    assert pages.keys() == own.keys()
    assert {"posts/2025/january-brief.html", "tags/ai.html", "404.html"} <= set(pages)
    for name, tree in pages.items():
        assert tree == own[name], name


def test_pages_of_one_folder_share_one_resolution(shared) -> None:
    """One resolution per folder of the pages outside the toctree, and one for
    the 404 page (its own toctree function); none for toctree entries."""
    pages, memo, listed = shared
    outside = {
        name.removesuffix(".html") for name in pages if name != "404.html"
    } - listed
    folders = {posixpath.dirname(name) for name in outside}
    assert {key[1] for key in memo} == folders
    assert len(memo) == len(folders) + 1
    assert len(outside) > len(folders)  # so some pages did share one


def test_links_start_from_each_pages_folder(shared) -> None:
    pages, _, _ = shared

    def archive_link(name: str) -> BeautifulSoup:
        soup = BeautifulSoup(pages[name], "html.parser")
        return soup.select("a.reference")[0]  # the toctree's first entry

    from_post = archive_link("posts/2025/january-brief.html")
    assert from_post["href"] == "../../archive.html"
    assert "current" in from_post["class"]  # its section: the archive page
    assert archive_link("tags/ai.html")["href"] == "../archive.html"
    on_archive = archive_link("archive.html")  # an entry: Sphinx marks it current
    assert (on_archive["href"], on_archive.get_text()) == ("#", from_post.get_text())
    assert "current" in on_archive["class"]


# -- the current section, on pages outside the toctree ("The first hour") ------------


def _sectioned_site(tmp: Path) -> Path:
    """The basic root, with series and publisher index pages in its toctree."""
    srcdir = copy_root(tmp, "basic")
    (srcdir / "series.md").write_text(
        "# Series\n\n```{newsdesk-series}\n```\n", encoding="utf-8"
    )
    (srcdir / "publishers.md").write_text(
        "# Publishers\n\n```{newsdesk-publishers}\n```\n", encoding="utf-8"
    )
    index = srcdir / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(
        text.replace("entities/index\n", "entities/index\nseries\npublishers\n"),
        encoding="utf-8",
    )
    return srcdir


@pytest.fixture(scope="module")
def sectioned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    app = build(_sectioned_site(tmp_path_factory.mktemp("sectioned")))
    assert app.warning.getvalue() == ""
    return _sidebars(Path(app.outdir))


def _current(tree: str) -> list[str]:
    """Text of the top-level sidebar entries marked current (and shown in bold)."""
    soup = BeautifulSoup(tree, "html.parser")
    return [
        li.a.get_text()
        for li in soup.select("li.toctree-l1.current.current-page")
        if "current" in li.a["class"]
    ]


@pytest.mark.parametrize(
    ("output", "section"),
    [
        ("posts/2025/first.html", "Archive"),
        ("entities/acme.html", "Entities"),
        ("tags/ai.html", "Tags"),
        ("series/acme-story.html", "Series"),
        ("publishers/example-news.html", "Publishers"),
        ("archive.html", "Archive"),  # a toctree page: Sphinx's own mark
        ("index.html", ""),
    ],
)
def test_sidebar_marks_the_section_of_each_page(sectioned, output, section) -> None:
    assert _current(sectioned[output]) == ([section] if section else [])


def test_section_marks_are_the_same_without_the_memo(
    sectioned, tmp_path_factory: pytest.TempPathFactory
) -> None:
    app = build(
        _sectioned_site(tmp_path_factory.mktemp("sectioned-own")),
        confoverrides={"newsdesk_speedups": False},
    )
    assert _sidebars(Path(app.outdir)) == sectioned


def test_section_marks_with_clean_urls(tmp_path_factory) -> None:
    """dirhtml links sections as ``../``: the same entries are marked."""
    app = build(_sectioned_site(tmp_path_factory.mktemp("dirhtml")), "dirhtml")
    pages = _sidebars(Path(app.outdir))
    assert _current(pages["posts/2025/first/index.html"]) == ["Archive"]
    assert _current(pages["tags/ai/index.html"]) == ["Tags"]
    assert _current(pages["entities/acme/index.html"]) == ["Entities"]
