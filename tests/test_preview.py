"""A one-post preview shows the post exactly as the full build publishes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from newsdesk.index import snapshot
from sitebuild import build, copy_root

POST = "posts/2025/grok-confirmed"
LINKS = "\nSee [the rumour](grok-rumour.md) and {entity}`Microsoft Azure`.\n"


def _html(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*.html"))
    }


def preview_of(srcdir: Path, full, builddir: Path):
    """A preview of POST in ``builddir``, from the snapshot the ``full`` build saved."""
    return build(
        srcdir,
        "dirhtml",
        builddir=builddir,
        confoverrides={
            "newsdesk_preview": [f"{POST}.md"],
            "newsdesk_preview_snapshot": str(snapshot.path_in(full.doctreedir)),
        },
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory):
    srcdir = copy_root(tmp_path_factory.mktemp("preview"), "knowledge")
    with (srcdir / f"{POST}.md").open("a", encoding="utf-8") as post:
        post.write(LINKS)
    # A post of another year: its folder is left out of the preview's walk.
    older = srcdir / "posts/2024/grok-early.md"
    older.parent.mkdir()
    older.write_text(
        (srcdir / "posts/2025/grok-rumour.md")
        .read_text(encoding="utf-8")
        .replace("date: 2025-", "date: 2024-")
        .replace("grok-rumour", "grok-early")
        .replace("# Grok rumour", "# Grok, early"),
        encoding="utf-8",
    )
    full = build(srcdir, "dirhtml", builddir=srcdir.parent / "full")
    assert "WARNING" not in full.warning.getvalue()
    return full, preview_of(srcdir, full, srcdir.parent / "preview")


def test_every_page_the_preview_writes_is_the_published_one(sites) -> None:
    full, preview = sites
    published, shown = _html(Path(full.outdir)), _html(Path(preview.outdir))
    assert f"{POST}/index.html" in shown
    assert {"index.html", "entities/microsoft/index.html"} <= shown.keys()
    differing = [name for name, data in shown.items() if published[name] != data]
    assert differing == []
    page = shown[f"{POST}/index.html"].decode()
    assert 'href="../grok-rumour/"' in page  # a link to a post it did not read
    assert 'rel="prev"' in page
    assert 'rel="next"' in page


def test_the_preview_reads_one_post_and_writes_nothing_site_wide(sites) -> None:
    full, preview = sites
    assert sorted(d for d in preview.env.found_docs if d.startswith("posts/2")) == [
        POST
    ]
    assert "posts/2024/grok-early" in full.env.found_docs
    assert "warning" not in strip_escape_sequences(preview.warning.getvalue()).lower()
    out = Path(preview.outdir)
    generated = ("tags/cloud/index.html", "series/microsoft-and-xai/index.html")
    for name in ("atom.xml", "feed.json", "api", "llms.txt", *generated):
        assert (Path(full.outdir) / name).exists(), name
        assert not (out / name).exists(), name
    assert not snapshot.path_in(preview.doctreedir).exists()


def test_the_preview_warns_as_the_build_does(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "knowledge")
    full = build(srcdir, "dirhtml", builddir=srcdir.parent / "full")
    with (srcdir / f"{POST}.md").open("a", encoding="utf-8") as post:
        post.write("\nAnd {entity}`Satya Nadela`, and {entity}`Satya Nadella`.\n")
    preview = preview_of(srcdir, full, tmp_path / "p")
    again = build(srcdir, "dirhtml", builddir=srcdir.parent / "full", fresh=False)

    def said(app) -> list[str]:
        lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
        return [line for line in lines if "WARNING" in line]

    assert said(preview) == said(again)
    assert len(said(preview)) == 2
    assert "did you mean 'Satya Nadella'?" in said(preview)[1]
    assert "which 'entities:' does not name; add 'Satya Nadella'" in said(preview)[0]


def test_without_a_snapshot_the_preview_says_what_to_do(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "knowledge")
    preview = build(
        srcdir,
        "dirhtml",
        confoverrides={
            "newsdesk_preview": [f"{POST}.md"],
            "newsdesk_preview_snapshot": str(tmp_path / "missing.pickle"),
        },
    )
    warning = strip_escape_sequences(preview.warning.getvalue())
    assert "no site snapshot at" in warning
    assert "nox -s docs" in warning


def test_a_build_with_nothing_to_read_keeps_the_snapshot(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "knowledge")
    first = build(srcdir, builddir=srcdir.parent / "b")
    saved = snapshot.path_in(first.doctreedir)
    before = saved.stat().st_mtime_ns
    build(srcdir, builddir=srcdir.parent / "b", fresh=False)
    assert saved.stat().st_mtime_ns == before
    shutil.copy(srcdir / f"{POST}.md", srcdir / "posts/2025/grok-copy.md")
    build(srcdir, builddir=srcdir.parent / "b", fresh=False)
    assert "posts/2025/grok-copy" in snapshot.load(saved).posts


def test_the_garbage_collector_is_back_on_after_a_preview(sites) -> None:
    """A preview pauses it for speed; the process (tests, the site preview) goes on."""
    import gc

    assert gc.isenabled()


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("posts/2025/no-such-post.md", "no such post"),
        ("index.md", "is not under posts/"),
        ("../outside.md", "is not under posts/"),
    ],
)
def test_the_preview_command_names_a_wrong_post(tmp_path, capsys, given, problem):
    """A mistyped path gets one line naming it, not a traceback or a build."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "knowledge")
    (tmp_path / "outside.md").write_text("# Outside\n", encoding="utf-8")
    assert cli.main(["preview", "--once", "--root", str(srcdir), given]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{given}: {problem}")
    assert not (srcdir / "_build").exists()  # nothing was built


def test_builds_leave_the_garbage_collector_as_they_found_it(tmp_path) -> None:
    """The collector is paused and its long-lived objects frozen during a build
    (newsdesk.collector); afterwards a process that goes on (the tests,
    the site preview) collects everything again, after a preview too."""
    import gc

    srcdir = copy_root(tmp_path, "knowledge")
    full = build(srcdir, "dirhtml", builddir=tmp_path / "full")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    preview_of(srcdir, full, tmp_path / "preview")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        build(srcdir, "dirhtml", builddir=tmp_path / "again", fresh=False)
        assert not gc.isenabled()  # off before: still off
    finally:
        gc.enable()


def _preview_after(tmp_path: Path, edit, monkeypatch) -> tuple[str, str, int]:
    """Full build, ``edit`` the post, then a preview and an incremental full
    build of it: (preview page, published page, site indexes the preview built)."""
    from newsdesk.index import site

    srcdir = copy_root(tmp_path, "knowledge")
    full = build(srcdir, "dirhtml", builddir=tmp_path / "full")
    path = srcdir / f"{POST}.md"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    calls = []
    real = site.build_index
    with monkeypatch.context() as patch:
        patch.setattr(
            site, "build_index", lambda *a, **k: calls.append(1) or real(*a, **k)
        )
        preview = preview_of(srcdir, full, tmp_path / "preview")
    again = build(srcdir, "dirhtml", builddir=tmp_path / "full", fresh=False)
    page = f"{POST}/index.html"
    shown = (Path(preview.outdir) / page).read_text(encoding="utf-8")
    published = (Path(again.outdir) / page).read_text(encoding="utf-8")
    return shown, published, len(calls)


def test_a_body_edit_is_previewed_with_the_saved_site_index(tmp_path, monkeypatch):
    """After a body edit the snapshot's index still holds: the preview uses it
    (no index of every post built again) and shows the published page."""
    shown, published, built = _preview_after(
        tmp_path, lambda text: text + "\nA sentence added in preview.\n", monkeypatch
    )
    assert "A sentence added in preview." in shown
    assert shown == published
    assert built == 0


def test_a_front_matter_edit_is_previewed_with_a_new_site_index(tmp_path, monkeypatch):
    """A new tag changes what the index says of the post: the preview builds
    the index again, and the page shows the tag as the published one does."""
    shown, published, built = _preview_after(
        tmp_path,
        lambda text: text.replace("tags: [cloud]", "tags: [cloud, chips]"),
        monkeypatch,
    )
    assert 'href="../../../tags/chips/"' in shown
    assert shown == published
    assert built == 1


def test_the_site_index_reads_no_post_title_or_body(sites) -> None:
    """What lets a preview reuse the saved index after a body edit: the index
    is the same whatever the posts' titles and lengths (see snapshot._saved_index)."""
    import dataclasses

    from newsdesk.index import site

    full, _ = sites
    saved = snapshot.load(snapshot.path_in(full.doctreedir))
    assert saved is not None
    assert saved.index is not None
    renamed = {
        name: dataclasses.replace(post, title=f"Other {name}", words=post.words * 7 + 1)
        for name, post in saved.posts.items()
    }
    again = site.build_index(renamed, saved.entities, saved.related_count)
    assert again == site.build_index(saved.posts, saved.entities, saved.related_count)
    assert again == saved.index


def test_with_no_post_named_the_whole_site_is_previewed_with_its_drafts(
    tmp_path, monkeypatch, capsys
) -> None:
    """``nox -s docs-live``: every page, drafts included, built where no
    published build goes, by the preview's own server (which answers only to
    this machine's names: tests/test_live.py)."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "discovery")
    monkeypatch.setenv("NEWSDESK_DRAFTS", "1")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parents[1] / "_ext"))
    assert cli.main(["preview", "--once", "--root", str(srcdir)]) == 0
    out = srcdir / "_build/live"
    assert (out / "index.html").is_file()
    assert (out / "posts/2025/secret-draft/index.html").is_file()
    assert not (srcdir / "_build/html").exists()


def test_the_first_preview_says_each_warning_once(tmp_path, capfd, monkeypatch):
    """Without a snapshot the whole site is built first: the post's warnings
    were printed by that build and again by the preview's own."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "knowledge")
    with (srcdir / f"{POST}.md").open("a", encoding="utf-8") as post:
        post.write("\nSee [the rumour](no-such-post.md).\n")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parents[1] / "_ext"))
    monkeypatch.chdir(srcdir)  # as nox -s preview runs it
    assert cli.main(["preview", "--once", f"{POST}.md"]) == 0
    out, err = capfd.readouterr()
    assert "building the whole site once" in out
    said = [line for line in err.splitlines() if "WARNING" in line]
    assert len(said) == 1
    assert "link 'no-such-post.md': is not a page or file of the site" in said[0]


def test_a_post_is_named_relative_to_the_site_given(tmp_path, capfd, monkeypatch):
    """``--root SITE posts/...`` from elsewhere: the path is the site's, as the
    check of it reads it (it stopped with a ValueError traceback)."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "knowledge")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parents[1] / "_ext"))
    monkeypatch.chdir(tmp_path)
    given = ["preview", "--once", "--root", str(srcdir), f"{POST}.md"]
    assert cli.main(given) == 0
    out, _ = capfd.readouterr()
    assert out.splitlines()[-1] == (
        f"newsdesk preview: {srcdir}/_build/preview/{POST}/index.html"
    )


def test_the_first_preview_builds_the_published_site_without_drafts(
    tmp_path, monkeypatch
) -> None:
    """The preview shows drafts; the whole-site build it starts with, into
    _build/html, is the published site, which the README says to serve: it
    held every draft until the next nox -s docs."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "discovery")
    monkeypatch.setenv("NEWSDESK_DRAFTS", "1")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parents[1] / "_ext"))
    monkeypatch.chdir(srcdir)
    draft = "posts/2025/secret-draft"
    assert cli.main(["preview", "--once", f"{draft}.md"]) == 0
    assert (srcdir / "_build/html/index.html").is_file()
    assert not (srcdir / f"_build/html/{draft}").exists()
    assert (srcdir / f"_build/preview/{draft}/index.html").is_file()
