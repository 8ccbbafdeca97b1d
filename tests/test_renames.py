"""Links that never break (#17): a moved post needs a redirect, which leads to
its new page, and its feed id does not change."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from newsdesk.index.moves import (
    followed,
    identities,
    parse_redirect_lines,
    parse_redirects,
)
from newsdesk.tools.renames import missing_redirects
from sitebuild import build, copy_root

POST = """---
date: 2025-03-01T09:00:00Z
{extra}summary: A published post whose URL readers have shared.
tags: [cloud]
source:
  title: An article
  publisher: Example News
  url: https://news.example.com/{slug}
---

# Post {slug}

Body.
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "posts/2025").mkdir(parents=True)
    for slug, extra in (("old", ""), ("draft", "draft: true\n")):
        (root / f"posts/2025/{slug}.md").write_text(
            POST.format(slug=slug, extra=extra), encoding="utf-8"
        )
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "base")
    git(root, "checkout", "-qb", "rename")
    return root


def commit(root: Path) -> None:
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "change")


def test_renaming_a_published_post_without_a_redirect_is_refused(repo, monkeypatch):
    monkeypatch.delenv("NEWSDESK_BASE_REF", raising=False)
    git(repo, "mv", "posts/2025/old.md", "posts/2025/new.md")
    git(repo, "mv", "posts/2025/draft.md", "posts/2025/draft-2.md")
    commit(repo)
    problems = missing_redirects(repo)
    assert len(problems) == 1  # the draft was never published
    assert problems[0].startswith("posts/2025/old.md: a published post was renamed")
    assert "'posts/2025/old posts/2025/new'" in problems[0]
    (repo / "redirects.txt").write_text("posts/2025/old posts/2025/new\n")
    commit(repo)
    assert missing_redirects(repo) == []


def test_deleting_a_published_post_is_refused_too(repo, monkeypatch):
    monkeypatch.delenv("NEWSDESK_BASE_REF", raising=False)
    (repo / "posts/2025/old.md").unlink()  # uncommitted changes count too
    assert "was deleted without a redirect" in missing_redirects(repo)[0]


def test_redirects_file_and_identities():
    redirects, problems = parse_redirects(
        "# comment\nposts/2025/a posts/2025/b\nposts/2025/b.md posts/2025/c\nbad\n"
    )
    assert redirects == {"posts/2025/a": "posts/2025/b", "posts/2025/b": "posts/2025/c"}
    expected = (
        "redirects.txt:4: expected 'old-path new-path', e.g. "
        "'posts/2025/old-slug posts/2025/new-slug'"
    )
    assert problems == [expected]
    assert identities(redirects)["posts/2025/c"] == "posts/2025/a"


def test_only_the_redirects_the_build_follows_move_anything():
    """A line from a page that still exists (a pull request's attempt to give
    one live post another's feed id) is refused and changes no id; a chain of
    moves leads to the page it ends at; a path given twice is said."""
    text = (
        "posts/2025/a posts/2025/b\nposts/2025/b posts/2025/c\n"
        "posts/2025/live posts/2025/other\nposts/2025/a posts/2025/x\n"
    )
    redirects, problems = parse_redirects(text)
    assert problems == [
        (
            "redirects.txt:4: 'posts/2025/a' is redirected twice (also at line 1); "
            "keep one line"
        )
    ]
    pages = {"posts/2025/c", "posts/2025/live", "posts/2025/other"}
    kept = followed(redirects, pages)
    assert kept == {"posts/2025/a": "posts/2025/c", "posts/2025/b": "posts/2025/c"}
    ids = identities({old: redirects[old] for old in kept})
    assert ids["posts/2025/c"] == "posts/2025/a"
    assert "posts/2025/other" not in ids


@pytest.mark.parametrize(
    "old",
    [
        "robots.txt",
        "_static/site.css",
        "index",
        "posts/2025",
        "posts/x/a",
        "posts/0000/a",
        "_static/2025/x",
        "tags/2025/x",
    ],
)
def test_a_redirect_is_written_only_at_a_posts_path(old):
    """The redirect page goes at the old path: anything but a post's path
    would overwrite a file the build writes (or fail on it)."""
    redirects, problems = parse_redirects(f"{old} posts/2025/b\n")
    assert redirects == {}
    assert problems == [
        (
            f"redirects.txt:1: {old!r} is not a post's path (posts/<year>/<slug>); "
            "only moved posts are redirected"
        )
    ]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_the_old_url_leads_to_the_new_page_and_the_feed_id_stays(tmp_path, builder):
    srcdir = copy_root(tmp_path, "provenance")
    before = build(srcdir, builder)
    feed = (Path(before.outdir) / "atom.xml").read_text("utf-8")
    old_id = feed.split("<id>")[2].split("</id>")[0]  # newest entry: follow-up
    (srcdir / "posts/2025/follow-up.md").rename(srcdir / "posts/2025/moved.md")
    (srcdir / "redirects.txt").write_text("posts/2025/follow-up posts/2025/moved\n")
    app = build(srcdir, builder)
    assert app._warning.getvalue() == ""
    out = Path(app.outdir)
    old = out / (
        "posts/2025/follow-up.html"
        if builder == "html"
        else "posts/2025/follow-up/index.html"
    )
    target = "moved.html" if builder == "html" else "../moved/"
    assert f'url={target}"' in old.read_text("utf-8")
    assert (old.parent / target.removesuffix("/")).resolve().exists()
    assert f"<id>{old_id}</id>" in (out / "atom.xml").read_text("utf-8")
    if builder == "dirhtml":
        # Links from before clean URLs, to the old name, arrive too.
        legacy = (out / "posts/2025/follow-up.html").read_text("utf-8")
        assert 'url=moved/"' in legacy
        assert 'url=moved/"' in (out / "posts/2025/moved.html").read_text("utf-8")


def test_a_post_moved_to_the_landing_page_keeps_its_html_address(tmp_path):
    """Under clean URLs, a deleted post redirected to ``index`` had a redirect
    at ``old/index.html`` but none at ``old.html``: the landing page's URL is
    no folder, and the address published before clean URLs led nowhere."""
    srcdir = copy_root(tmp_path, "provenance")
    (srcdir / "posts/2025/follow-up.md").unlink()
    (srcdir / "redirects.txt").write_text("posts/2025/follow-up index\n")
    app = build(srcdir, "dirhtml")
    assert app._warning.getvalue() == ""
    out = Path(app.outdir)
    legacy = out / "posts/2025/follow-up.html"
    assert 'url=../../"' in legacy.read_text("utf-8")
    assert (legacy.parent / "../../index.html").resolve().is_file()
    assert 'url=../../../"' in (out / "posts/2025/follow-up/index.html").read_text(
        "utf-8"
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_moved_posts_old_address_is_a_page_with_a_link_on(tmp_path, builder):
    """sphinx-reredirects' page at the old address had no charset, no noindex
    and nothing in its body: where the browser refuses to refresh (a setting
    some readers need), a blank page. It is the .html addresses' page now."""
    from bs4 import BeautifulSoup

    srcdir = copy_root(tmp_path, "provenance")
    (srcdir / "posts/2025/follow-up.md").rename(srcdir / "posts/2025/moved.md")
    (srcdir / "redirects.txt").write_text("posts/2025/follow-up posts/2025/moved\n")
    app = build(srcdir, builder)
    old = "follow-up.html" if builder == "html" else "follow-up/index.html"
    page = Path(app.outdir) / "posts/2025" / old
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    target = "moved.html" if builder == "html" else "../moved/"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("meta", charset=True)["charset"] == "utf-8"
    assert [a["href"] for a in soup.body.find_all("a")] == [target]
    assert f'location.replace("{target}"+location.search' in str(soup.script)


def test_a_moved_post_leaves_the_next_build_nothing_to_read(tmp_path):
    """With one line in redirects.txt, every build read the whole site again:
    the saved environment kept the redirects set for sphinx-reredirects, which
    Sphinx took for a changed setting ("config changed ('redirects')")."""
    srcdir = copy_root(tmp_path, "provenance")
    (srcdir / "posts/2025/follow-up.md").rename(srcdir / "posts/2025/moved.md")
    (srcdir / "redirects.txt").write_text("posts/2025/follow-up posts/2025/moved\n")
    build(srcdir, "dirhtml")
    again = build(srcdir, "dirhtml", fresh=False)
    status = again._status.getvalue()
    assert "config changed" not in status
    assert "0 added, 0 changed, 0 removed" in status
    # The old address still leads on.
    old = Path(again.outdir) / "posts/2025/follow-up/index.html"
    assert 'url=../moved/"' in old.read_text("utf-8")


def test_lint_names_the_redirect_lines_the_build_refuses(tmp_path, capsys):
    """nox -s lint reads the site with the dummy builder, where no redirect
    page is written: it must still name, at their lines, the lines of
    redirects.txt that fail the published build."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "provenance")
    (srcdir / "redirects.txt").write_text(
        "# moved posts\n"
        "posts/2025/gone https://evil.example.com/\n"
        "posts/2025/follow-up posts/2025/original\n"
        "posts/2025/odd a b\n",
        encoding="utf-8",
    )
    assert cli.main(["lint", str(srcdir)]) == 1
    err = capsys.readouterr().err.splitlines()
    gone = "'posts/2025/gone' leads to 'https://evil.example.com', no page"
    odd = "expected 'old-path new-path', e.g. 'posts/2025/old-slug posts/2025/new-slug'"
    assert err == [
        f"redirects.txt:2: {gone}",
        "redirects.txt:3: 'posts/2025/follow-up' is still a page",
        f"redirects.txt:4: {odd}",
    ]


def test_a_linked_redirects_file_is_named_and_read_by_nothing(tmp_path, capsys):
    """redirects.txt linked to /etc/hosts had the machine's lines quoted in
    the build's messages ("'127.0.0.1' is not a post's path"); linked to
    /dev/zero, it was read to the end. One message, and nothing moves."""
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "provenance")
    outside = tmp_path / "hosts"
    outside.write_text("127.0.0.1 SECRET-HOST-7f3a\n", encoding="utf-8")
    (srcdir / "redirects.txt").unlink(missing_ok=True)
    (srcdir / "redirects.txt").symlink_to(outside)
    assert cli.main(["lint", str(srcdir)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "redirects.txt:1: is a symbolic link; commit the file itself"
    ]
    assert "SECRET-HOST" not in err


def test_a_redirects_file_not_in_utf8_is_named_at_its_line(tmp_path, capsys):
    """A Latin-1 redirects.txt stopped the build with a UnicodeDecodeError
    traceback; an editor's byte-order mark made the first line's path
    '\\ufeffposts/...', refused. Now: one message, and the mark is no part."""
    from newsdesk.index.moves import read_redirect_lines
    from newsdesk.tools import cli

    srcdir = copy_root(tmp_path, "provenance")
    (srcdir / "redirects.txt").write_bytes(
        "# moved\nposts/2025/caf\u00e9 posts/2025/original\n".encode("latin-1")
    )
    assert cli.main(["lint", str(srcdir)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "redirects.txt:2: is not UTF-8 text (byte 0xe9 on this line); save it as UTF-8"
    ]
    (srcdir / "redirects.txt").write_bytes(b"\xef\xbb\xbfposts/2025/a posts/2025/b\n")
    assert read_redirect_lines(srcdir) == (
        {"posts/2025/a": "posts/2025/b"},
        {"posts/2025/a": 1},
        [],
    )


def test_redirect_lines_are_the_lines_an_editor_shows():
    """str.splitlines broke a line at U+2028 or a form feed: a reviewer saw
    one line, the build read three moves, and every later message named the
    wrong line. Such a line is refused, at its line; CRLF stays a line end."""
    text = (
        "posts/2025/a posts/2025/b\u2028posts/2025/c posts/2025/d\n"
        "posts/2025/e posts/2025/f\x0cposts/2025/g posts/2025/h\r\n"
        "posts/2025/i x y\r\n"
        "posts/2025/j posts/2025/k\r\n"
    )
    redirects, lines, problems = parse_redirect_lines(text)
    assert redirects == {"posts/2025/j": "posts/2025/k"}
    assert lines == {"posts/2025/j": 4}
    odd = "a control character or a line break only some editors show"
    assert problems == [
        f"redirects.txt:1: contains U+2028, {odd}; write one move a line",
        f"redirects.txt:2: contains U+000C, {odd}; write one move a line",
        (
            "redirects.txt:3: expected 'old-path new-path', e.g. "
            "'posts/2025/old-slug posts/2025/new-slug'"
        ),
    ]
