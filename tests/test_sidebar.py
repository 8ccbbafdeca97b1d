"""The navigation shared by pages outside the toctree is the one Sphinx would give each."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk._speedups import furo_toctree as sidebar
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
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], int]:
    app = build(copy_root(tmp_path_factory.mktemp("shared"), "discovery"))
    _, memo = app.newsdesk_toctree  # type: ignore[attr-defined]
    return _sidebars(Path(app.outdir)), len(memo)


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sidebar, "share_navigation", lambda *args: None)
        app = build(copy_root(tmp_path_factory.mktemp("own"), "discovery"))
    return _sidebars(Path(app.outdir))


def test_every_page_shows_the_navigation_sphinx_gives_it(shared, own) -> None:
    pages, _ = shared
    assert pages.keys() == own.keys()
    assert {"posts/2025/january-brief.html", "tags/ai.html", "404.html"} <= set(pages)
    for name, tree in pages.items():
        assert tree == own[name], name


def test_pages_of_one_folder_share_one_resolution(shared) -> None:
    pages, resolved = shared
    # posts/2024, posts/2025, tags/ and the root folder's search and genindex;
    # the 404 page (its own toctree function) and toctree entries are apart.
    assert 0 < resolved < len(pages) - 4


def test_links_start_from_each_pages_folder(shared) -> None:
    pages, _ = shared

    def archive_link(name: str) -> BeautifulSoup:
        soup = BeautifulSoup(pages[name], "html.parser")
        return soup.select("a.reference")[0]  # the toctree's first entry

    from_post = archive_link("posts/2025/january-brief.html")
    assert from_post["href"] == "../../archive.html"
    assert "current" not in from_post["class"]
    assert archive_link("tags/ai.html")["href"] == "../archive.html"
    on_archive = archive_link("archive.html")  # an entry: Sphinx marks it current
    assert (on_archive["href"], on_archive.get_text()) == ("#", from_post.get_text())
    assert "current" in on_archive["class"]
