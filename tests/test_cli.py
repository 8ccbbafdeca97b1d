"""``python -m newsdesk``: lint reports what the build reports, fast and in order;
the command line stays light enough for ``nox -s new``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from newsdesk.tools import cli
from sitebuild import build

REPO = Path(__file__).parent.parent
ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_repository_lints_clean(capsys):
    assert cli.main(["lint", str(REPO)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "newsdesk lint: all clean\n"
    assert captured.err == ""


def test_lint_names_an_unknown_entity_in_the_body_with_a_suggestion(site, capsys):
    """The build resolves {entity} roles; lint reads the site as the build does."""
    post = site / "posts/2025/first.md"
    text = post.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    post.write_text(text + "\nSee {entity}`Acmme` for more.\n", encoding="utf-8")
    assert cli.main(["lint", str(site)]) == 1
    expected = (
        f"posts/2025/first.md:{line}: {{entity}}`Acmme`: unknown entity 'Acmme' "
        "(did you mean 'Acme'?); add entities/<slug>.md for it, or list it as an "
        "alias of an existing entity"
    )
    assert capsys.readouterr().err.splitlines() == [expected]
    app = build(site)  # the build says the same, at the same place
    assert f"{expected} [newsdesk.entity]" in strip_escape_sequences(
        app.warning.getvalue()
    ).replace(" WARNING:", "")


def test_an_entity_linked_but_not_named_in_entities_is_named(site, capsys):
    """Its page lists the posts that name it in ``entities:``: a link from the
    text alone would lead readers to a page without the post."""
    post = site / "posts/2025/first.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text + "\nSee {entity}`Roadrunner` and {entity}`Acme`.\n", encoding="utf-8"
    )
    assert cli.main(["lint", str(site)]) == 1
    expected = (
        "posts/2025/first.md:5: entities: the text links {entity}`Roadrunner`, "
        "which 'entities:' does not name; add 'Roadrunner' there, so that "
        "Roadrunner's page lists the post"
    )
    assert capsys.readouterr().err.splitlines() == [expected]
    edit(post, "entities: [Acme]", "entities: [Acme, Roadrunner]")
    assert cli.main(["lint", str(site)]) == 0


def test_lint_exit_code_and_report(site, capsys):
    post = site / "posts/2025/first.md"
    edit(post, "url: https://news.example.com/first", "url: news.example.com/first")
    edit(post, "tags: [ai, cloud]", "tags: [ai, cloud]\nsumary: typo")
    assert cli.main(["lint", str(site)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        (
            "posts/2025/first.md:5: sumary: unknown field (did you mean 'summary'?); "
            "allowed: author, corrections, date, draft, entities, follow_up_to, "
            "series, source, summary, tags, updated"
        ),
        (
            "posts/2025/first.md:10: source.url: 'news.example.com/first' is not an "
            "http(s) URL"
        ),
    ]
    assert captured.out == "newsdesk lint: 2 problems\n"


def test_unknown_entities_are_reported_in_file_and_line_order(site):
    edit(site / "posts/2025/second.md", "---\n\n#", "---\n\n<script>x</script>\n\n#")
    edit(site / "posts/2025/first.md", "entities: [Acme]", "entities: [Acme, Acne]")
    lines = cli.lint_tree(site)
    assert [line.split(": ")[0] for line in lines] == [
        "posts/2025/first.md:5",
        "posts/2025/second.md:14",
    ]
    assert lines[0] == (
        "posts/2025/first.md:5: entities: unknown entity 'Acne' (did you mean "
        "'Acme'?); add entities/<slug>.md for it, or list it as an alias of an "
        "existing entity"
    )


def test_aliases_and_spelling_variants_resolve(site):
    edit(
        site / "posts/2025/first.md",
        "entities: [Acme]",
        "entities: [ACME corp, acme, '  ROADRUNNER ', \uff21\uff23\uff2d\uff25]",
    )
    assert cli.entity_problems(site) == []


def test_an_entity_page_with_broken_front_matter_claims_no_name(site):
    edit(site / "entities/acme.md", "kind: company", "kind: conglomerate")
    problems = cli.entity_problems(site)
    assert problems == [
        (
            "posts/2025/first.md:5: entities: unknown entity 'Acme'; add "
            "entities/<slug>.md for it, or list it as an alias of an existing entity"
        ),
        (
            "posts/2025/second.md:5: entities: unknown entity 'ACME Corp'; add "
            "entities/<slug>.md for it, or list it as an alias of an existing entity"
        ),
    ]


def build_problems(srcdir: Path) -> list[str]:
    """The build's metadata and raw-HTML warnings, as lint prints them, sorted."""
    app = build(srcdir)
    lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
    return sorted(
        re.sub(r" \[newsdesk\.(metadata|html)\]$", "", line.replace(" WARNING:", ""))
        for line in lines
        if re.search(r"\[newsdesk\.(metadata|html)\]$", line)
    )


def test_lint_and_build_give_identical_messages(site):
    """Same problems, same words: the build's warning minus its decoration."""
    post = site / "posts/2025/first.md"
    edit(post, "entities: [Acme]", "entities: [Acme, Acne]")
    edit(
        post,
        "date: 2025-01-10T09:00:00Z",
        "date: 2025-01-10T09:00:00Z\nupdated: 2025-01-01",
    )
    linted = sorted(cli.lint_tree(site))
    assert len(linted) == 2
    assert build_problems(site) == linted


def test_lint_reports_everything_the_build_reports_on_the_fake_posts(tmp_path):
    """The invalid root has one of every front-matter, title, path, entity and
    raw-HTML mistake: lint finds each, with the build's file, line and words."""
    srcdir = tmp_path / "invalid"
    shutil.copytree(ROOTS / "test-invalid", srcdir)
    linted = sorted(cli.lint_tree(srcdir))
    assert len(linted) >= 20
    assert any(": title: " in line for line in linted)
    assert any(": aliases: " in line for line in linted)
    assert build_problems(srcdir) == linted


def test_lint_is_fast(tmp_path):
    """Well under a second per hundred posts (CPU time, so a busy machine is fine).

    Measured on a 2-core machine with 1,000 copies of the starter posts: about
    0.3 s of CPU per hundred posts, of which front matter and the schema take a
    third and the raw HTML check half; the bound here only catches a change
    that makes it several times slower.
    """
    shutil.copytree(REPO / "entities", tmp_path / "entities")
    sources = sorted((REPO / "posts").glob("*/*.md"))
    for i in range(200):
        source = sources[i % len(sources)]
        folder = tmp_path / "posts" / source.parent.name  # a post of any year
        folder.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        (folder / f"post-{i:04d}.md").write_text(text, encoding="utf-8")
    start = time.process_time()
    problems = cli.lint_tree(tmp_path)
    elapsed = time.process_time() - start
    assert problems == []
    assert elapsed < 2 * 2.0, f"{elapsed:.2f} s of CPU for 200 posts"


def test_new_needs_no_sphinx_and_no_myst():
    """`nox -s new` installs only what the scaffold needs: no Sphinx, no MyST."""
    probe = (
        "import sys, runpy; sys.argv = ['newsdesk', '--help']; "
        "sys.path.insert(0, '_ext')\n"
        "try:\n    runpy.run_module('newsdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('sphinx', 'docutils', 'myst_parser', "
        "'markdown_it') if m in sys.modules)\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.stdout.splitlines()[-1] == "[]"
    assert "new" in result.stdout


def _new_session_packages() -> set[str]:
    """The distributions `nox -s new` installs: NEW_NEEDS in noxfile.py and
    everything they require, as installed here."""
    import ast
    from importlib import metadata as importlib_metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    [needs] = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "NEW_NEEDS" for t in node.targets)
    ]
    found: set[str] = set()
    todo = [canonicalize_name(name) for name in needs]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        for spec in importlib_metadata.requires(name) or ():
            requirement = Requirement(spec)
            marker = requirement.marker
            if marker is None or marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return found


def test_the_new_session_installs_everything_new_imports(tmp_path):
    """`nox -s new` writes a post with only the session's packages importable
    (it once crashed on `import fontTools`, which only the build installed);
    optional imports, such as jsonschema's format checkers, may fail quietly."""
    from importlib import metadata as importlib_metadata

    from packaging.utils import canonicalize_name

    installed = _new_session_packages()
    # Modules of the packages installed here that the session leaves out.
    absent = sorted(
        module
        for module, dists in importlib_metadata.packages_distributions().items()
        if not any(canonicalize_name(dist) in installed for dist in dists)
        and module not in sys.stdlib_module_names
    )
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", site)
    probe = (
        "import importlib.abc, json, os, runpy, sys\n"
        "absent = set(json.loads(os.environ['ABSENT'])) - set(sys.modules)\n"
        "class Only(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in absent:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, Only())\n"
        "sys.path.insert(0, '_ext')\n"
        "sys.argv = ['newsdesk', 'new', 'A fresh post', '--source-url', "
        f"'https://example.org/a', '--root', {str(site)!r}]\n"
        "runpy.run_module('newsdesk', run_name='__main__')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": "", "ABSENT": json.dumps(absent)},
    )
    assert result.returncode == 0, result.stderr
    assert list(site.glob("posts/*/a-fresh-post.md")), result.stdout


def test_lint_checks_file_names_and_year_folders_like_the_build(site):
    first = site / "posts/2025/first.md"
    (site / "posts/2024").mkdir()
    first.rename(site / "posts/2024/first.md")
    shutil.copy(site / "posts/2025/second.md", site / "posts/2025/Second_Post.md")
    shutil.copy(site / "posts/2025/second.md", site / "posts/loose.md")
    assert cli.lint_tree(site) == [
        (
            "posts/2024/first.md:2: date: is in 2025 but the file is in posts/2024/; "
            "move it to posts/2025/"
        ),
        (
            "posts/2025/Second_Post.md:1: path: 'Second_Post': file names are lower-case "
            "words joined by hyphens, e.g. microsoft-hosts-grok.md"
        ),
        "posts/loose.md:1: path: posts live at posts/<year>/<slug>.md",
    ]


def test_an_index_file_among_posts_is_linted_as_the_build_reads_it(site):
    """Only posts/index.md is the archive's page: posts/2025/index.md is a post
    to the build (at the year's address), so the quick lint checks it too."""
    edit(site / "posts/2025/first.md", "summary:", "sumary:")
    (site / "posts/2025/first.md").rename(site / "posts/2025/index.md")
    linted = sorted(cli.lint_tree(site))
    assert any(
        line.startswith("posts/2025/index.md:") and ": sumary: unknown field" in line
        for line in linted
    ), linted
    assert build_problems(site) == linted


def test_first_hour_front_matter_mistakes_get_one_clear_message(site):
    """ "The first hour": an unclosed '[' is reported on its field's line, naming
    the field; a missing closing '---' says so (the schema comment is no
    heading); a post with no '# ' title gets our message, not MyST's three on
    top. Lint and the build print the same lines, and nothing else."""
    posts = site / "posts/2025"
    second = (posts / "second.md").read_text(encoding="utf-8")
    comment = "---\n# yaml-language-server: $schema=../../post.schema.json\n"
    (posts / "bracket.md").write_text(
        second.replace("tags: [AI]", "tags: [AI, cloud"), encoding="utf-8"
    )
    (posts / "unclosed.md").write_text(
        comment + second.removeprefix("---\n").replace("---\n\n# ", "\n# ", 1),
        encoding="utf-8",
    )
    (posts / "untitled.md").write_text(
        second.replace("# Second post\n\n", ""), encoding="utf-8"
    )
    expected = [
        "posts/2025/bracket.md:4: tags: the list opened with '[' has no closing ']'",
        (
            "posts/2025/unclosed.md:1: front matter: "
            "the block starting at line 1 has no closing '---'"
        ),
        (
            "posts/2025/untitled.md:1: title: "
            "missing: the page needs one '# Title' line after the front matter"
        ),
    ]
    assert sorted(cli.lint_tree(site)) == expected
    # Other pages keep MyST's warning: only ours have a title check saying it.
    (site / "notes.md").write_text("## Notes\n\nText.\n", encoding="utf-8")
    app = build(site)
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    # named by its path in the repository, as the site's own messages
    assert [w.split(": ")[0] for w in warnings if "[myst.header]" in w] == [
        "notes.md:1"
    ]
    assert build_problems(site) == expected


def test_a_new_post_without_its_closing_fence_gets_one_message(site):
    """The block `nox -s new` writes, its closing '---' deleted: its commented
    `posts/<year>/<slug>.md` line is no raw HTML to report, in lint or the build."""
    from newsdesk.tools import scaffold

    text = scaffold.render(
        scaffold.NewPost(
            title="A fresh post",
            source_url="https://news.example.com/fresh",
            date="2025-03-01T08:00:00Z",
            tags=("cloud",),
        )
    )
    head, fence, body = text.partition("\n---\n\n# ")
    assert fence
    assert "<year>" in head
    post = site / "posts/2025/a-fresh-post.md"
    post.write_text(f"{head}\n\n# {body}", encoding="utf-8")
    expected = [
        (
            "posts/2025/a-fresh-post.md:1: front matter: "
            "the block starting at line 1 has no closing '---'"
        )
    ]
    assert cli.lint_tree(site) == expected
    assert build_problems(site) == expected


def test_a_file_saved_as_latin_1_or_utf_16_is_named_as_the_build_names_it(site):
    """The quick lint said `file: is not UTF-8 text` at line 1; the build says
    which line and what to do. Both now say the build's words."""
    second = (site / "posts/2025/second.md").read_text(encoding="utf-8")
    latin = second.replace("Opinion.", "Café opinion.")
    assert latin != second
    (site / "posts/2025/latin.md").write_bytes(latin.encode("latin-1"))
    (site / "posts/2025/wide.md").write_bytes(second.encode("utf-16"))
    line = latin[: latin.index("Café")].count("\n") + 1
    expected = [
        (
            f"posts/2025/latin.md:{line}: file: is not UTF-8 text (byte 0xe9 on this "
            "line); save it as UTF-8"
        ),
        (
            "posts/2025/wide.md:1: file: is not UTF-8 text (byte 0xff on this line); "
            "save it as UTF-8"
        ),
    ]
    assert cli.lint_tree(site) == expected
    assert sorted(build_problems(site)) == expected


def test_a_posts_parts_misspelt_or_missing_are_named_at_their_line(site):
    """A part spelt otherwise lost its label silently, and llms.txt promises
    the three parts of every post: lint and the build name the heading, or
    the title of a post that has none of them."""
    first = site / "posts/2025/first.md"
    edit(first, "## In-Depth Analysis", "## In Depth Analysis")
    typo = first.read_text(encoding="utf-8").split("\n").index("## In Depth Analysis")
    second = site / "posts/2025/second.md"
    edit(second, "## In-Depth Analysis\n\nMore words.\n\n", "")
    gap = second.read_text(encoding="utf-8").split("\n").index("## Commentary")
    # and one written as a single run of text, with no part at all
    plain = site / "posts/2025/same-day-a.md"
    text = plain.read_text(encoding="utf-8")
    plain.write_text(re.sub(r"(?m)^## .*\n\n", "", text), encoding="utf-8")
    title = text.split("\n").index("# Same day A")
    order = "News Overview, In-Depth Analysis, Commentary"
    expected = [
        (
            f"posts/2025/first.md:{typo + 1}: sections: '## In Depth Analysis' "
            f"should read '## In-Depth Analysis' (the parts: {order})"
        ),
        (
            f"posts/2025/same-day-a.md:{title + 1}: sections: none of the three "
            f"parts is there; a post has, in order: {order}"
        ),
        (
            f"posts/2025/second.md:{gap + 1}: sections: '## In-Depth Analysis' is "
            f"missing; a post has three parts, in order: {order}"
        ),
    ]
    assert cli.lint_tree(site) == expected
    assert build_problems(site) == expected


def test_a_copied_post_that_keeps_its_title_is_named(site):
    """Copied, given its own date, summary and source, but not its own title:
    two posts with one headline in every listing, feed and search result."""
    text = (site / "posts/2025/second.md").read_text(encoding="utf-8")
    copy = text.replace("news.example.com/second", "news.example.com/another")
    copy = copy.replace("date: 2025-02-01", "date: 2025-03-01")
    assert copy != text
    (site / "posts/2025/copied.md").write_text(copy, encoding="utf-8")
    line = copy.split("\n").index("# Second post") + 1
    assert build_problems(site) == [
        (
            f"posts/2025/copied.md:{line}: title: 'Second post' is also the title of "
            "posts/2025/second.md; each post needs a title of its own, saying what "
            "happened"
        )
    ]


def test_a_copy_left_unchanged_gets_the_messages_not_its_original(site):
    """Same date, same title, same source: the copy's file name sorted first,
    and the original, named for its title, was told it copied the copy."""
    original = site / "posts/2025/second-post.md"
    (site / "posts/2025/second.md").rename(original)
    text = original.read_text(encoding="utf-8")
    (site / "posts/2025/a-copy.md").write_text(text, encoding="utf-8")
    found = build_problems(site)
    assert found
    assert all(line.startswith("posts/2025/a-copy.md:") for line in found)
    assert any("is also the title of posts/2025/second-post.md" in f for f in found)
    assert any("posts/2025/second-post.md already covers" in f for f in found)


def test_lint_refuses_a_page_too_large_to_read_as_the_build_does(site):
    """One message, and no parse of its text: the quick check stays quick."""
    post = site / "posts/2025/second.md"
    post.write_text(post.read_text(encoding="utf-8") + "![" * 140 * 1024)
    message = (
        "posts/2025/second.md:1: file: is 280 KB, more than the 256 KB a page may "
        "be, so the build does not read it: split it into several posts"
    )
    assert cli.lint_tree(site) == [message]
    app = build(site)
    said = strip_escape_sequences(app.warning.getvalue())
    location, text = message.split(" ", 1)
    assert f"{location} WARNING: {text}" in said


def test_lint_reads_no_linked_page_as_the_build_does(site, tmp_path):
    """A post or an entity page that is a link is named, and read by
    nothing: the quick check read one linked to /dev/zero to the end."""
    (tmp_path / "outside.md").write_text("no front matter\n", encoding="utf-8")
    (site / "posts/2025/linked.md").symlink_to(tmp_path / "outside.md")
    (site / "entities/linked.md").symlink_to(tmp_path / "outside.md")
    read: list[Path] = []
    real = Path.read_text

    def spy(self: Path, *args: object, **kwargs: object) -> str:
        read.append(self.resolve())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_text", spy)
        found = cli.lint_tree(site)
    assert found == [
        "entities/linked.md:1: file: is a symbolic link; commit the file itself",
        "posts/2025/linked.md:1: file: is a symbolic link; commit the file itself",
    ]
    assert tmp_path / "outside.md" not in read
    app = build(site)
    said = strip_escape_sequences(app.warning.getvalue())
    for line in found:
        location, text = line.split(" ", 1)
        assert f"{location} WARNING: {text}" in said


def test_a_folder_named_like_a_page_is_walked_as_the_build_walks_it(site):
    """A folder ``x.md`` (a pull request can commit one, with a page in it)
    is no page: the quick check read it as one and stopped with a traceback;
    the pages in it are named where they stand, as the build names them."""
    for folder in ("posts/2025/folder.md", "entities/folder.md"):
        (site / folder).mkdir()
    shutil.copy(site / "posts/2025/second.md", site / "posts/2025/folder.md/a.md")
    shutil.copy(site / "entities/acme.md", site / "entities/folder.md/b.md")
    misplaced = [
        "entities/folder.md/b.md:1: path: entity pages live at entities/<slug>.md",
        "posts/2025/folder.md/a.md:1: path: posts live at posts/<year>/<slug>.md",
    ]
    found = cli.lint_tree(site)
    assert set(misplaced) <= set(found)
    assert not [line for line in found if line.split(":")[0].endswith("folder.md")]
    said = strip_escape_sequences(build(site).warning.getvalue())
    for line in misplaced:
        location, text = line.split(" ", 1)
        assert f"{location} WARNING: {text}" in said


def test_the_quick_lint_reads_an_entity_title_as_the_build_does(tmp_path):
    """``Title`` over ``===`` is the page's title too: the quick lint must not
    call the posts naming it unknown when the build knows the entity."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-knowledge", srcdir)
    page = srcdir / "entities/xai.md"
    edit(page, "# xAI\n", "xAI\n===\n")
    assert not [line for line in cli.entity_problems(srcdir) if "xAI" in line]
    app = build(srcdir)
    assert "xAI" not in strip_escape_sequences(app.warning.getvalue())


def test_a_post_saved_with_old_mac_line_endings_is_read_as_the_build_reads_it(site):
    """Line endings of CR alone: the build reads the lines (Python's universal
    newlines) and publishes the post; the quick lint said it had no front
    matter at all, and the pre-commit hook refused a good post."""
    post = site / "posts/2025/second.md"
    text = post.read_text(encoding="utf-8")
    post.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    assert cli.lint_tree(site) == []
    first = site / "posts/2025/first.md"
    edit(first, "summary:", "sumary:")
    first.write_bytes(first.read_bytes().replace(b"\n", b"\r"))
    linted = cli.lint_tree(site)
    assert [line.split(": ", 2)[1] for line in linted] == ["sumary"]
    assert build_problems(site) == sorted(linted)


def test_a_colon_or_a_slip_of_indent_in_front_matter_is_named_with_its_fix(site):
    """YAML said "mapping values are not allowed in this context" of an
    unquoted ': ' and of a field indented a space too far, naming neither the
    field nor the fix; lint and the build now name both."""
    post = site / "posts/2025/second.md"
    edit(
        post,
        "summary: The second post of the basic test site, for tests.",
        "summary: Second post: the basic test site's, for tests.",
    )
    edit(site / "posts/2025/first.md", "  url:", "   url:")
    expected = [
        (
            "posts/2025/first.md:9: front matter: 'url' is indented by 3 spaces, "
            "but 'publisher' above it is indented by 2 spaces: the fields of one "
            "mapping start in the same column; indent it as 'publisher' is"
        ),
        (
            "posts/2025/second.md:3: summary: the value holds ': ', which YAML "
            "reads as the start of another field; put the whole value in double "
            'quotes: summary: "Second post: the basic test site\'s, for tests."'
        ),
    ]
    assert cli.lint_tree(site) == expected
    assert build_problems(site) == expected


def test_an_unknown_entity_of_a_post_with_other_mistakes_is_named_by_the_build(site):
    """CONTRIBUTING's example: a post missing its summary that names an
    unknown entity. The quick lint named both; the build (and `nox -s lint`)
    only the summary, and the entity once that was fixed."""
    post = site / "posts/2025/second.md"
    edit(post, "summary:", "sumary:")
    edit(post, "entities: [ACME Corp, Roadrunner]", "entities: [Acmme, Roadrunner]")
    first = site / "posts/2025/first.md"
    edit(first, "tags: [ai, cloud]", "tags: [ai, ai]")  # the post keeps its fields
    edit(first, "entities: [Acme]", "entities: [Acne, Acne]")
    linted = sorted(set(cli.lint_tree(site)))  # as `lint` prints them: once
    assert [line for line in linted if "unknown entity" in line] == [
        (
            "posts/2025/first.md:5: entities: unknown entity 'Acne' (did you mean "
            "'Acme'?); add entities/<slug>.md for it, or list it as an alias of an "
            "existing entity"
        ),
        (
            "posts/2025/second.md:5: entities: unknown entity 'Acmme' (did you mean "
            "'Acme'?); add entities/<slug>.md for it, or list it as an alias of an "
            "existing entity"
        ),
    ]
    assert build_problems(site) == linted


def test_a_link_to_a_post_of_another_year_is_told_the_link_to_write(site, capsys):
    """A post linked as if it sat in the linking post's folder, or by its page's
    address: the message said only that no such page exists, not which link
    names the one that does."""
    older = site / "posts/2024/older.md"
    older.parent.mkdir()
    older.write_text(
        (site / "posts/2025/second.md")
        .read_text(encoding="utf-8")
        .replace("date: 2025-02-01", "date: 2024-02-01")
        .replace("date: 2025-01-09", "date: 2024-01-09")
        .replace("/second", "/older")
        .replace("# Second post", "# An older post"),
        encoding="utf-8",
    )
    post = site / "posts/2025/first.md"
    links = "[a](older.md), [b](/posts/2024/older.html), [c](nothing-like-it.md)"
    with post.open("a", encoding="utf-8") as text:
        text.write(f"\n{links}\n")
    line = post.read_text(encoding="utf-8").count("\n")
    assert cli.main(["lint", str(site)]) == 1
    said = capsys.readouterr().err.splitlines()
    where = f"posts/2025/first.md:{line}: link"
    nothing = "is not a page or file of the site"
    assert said == [
        f"{where} 'older.md': {nothing}; write '../2024/older.md'",
        f"{where} '/posts/2024/older.html': {nothing}; write '../2024/older.md'",
        f"{where} 'nothing-like-it.md': {nothing}",
    ]


def _line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` that is ``text``."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_skipped_heading_level_is_named_with_the_heading_to_write(site):
    """'##' then '####': one message naming the heading to write ('###'), not
    MyST's 'Non-consecutive header level increase; H2 to H4'; lint says what
    the build says."""
    post = site / "posts/2025/first.md"
    edit(post, "More words.\n", "More words.\n\n#### Detail\n\nText.\n")
    expected = (
        f"posts/2025/first.md:{_line_of(post, '#### Detail')}: heading '####': "
        "skips a level under a '##' heading; write '###'"
    )
    assert cli.build_problems(site) == [expected]
    app = build(site)
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert [w.replace(" WARNING:", "") for w in warnings] == [
        f"{expected} [newsdesk.heading]"
    ]


def test_a_footnote_with_no_note_or_no_reference_is_named_by_its_label(site):
    """'[^missing]' with no note was two docutils messages at one line, and a
    note no text refers to was 'Footnote [#] is not referenced', naming no
    label: one message each, naming it; both are left out, the rest kept."""
    post = site / "posts/2025/first.md"
    edit(
        post,
        "More words.\n",
        "More words[^missing], twice[^missing], and kept[^kept].\n\n"
        "[^unused]: Nothing refers to this.\n\n[^kept]: A note.\n",
    )
    text = "More words[^missing], twice[^missing], and kept[^kept]."
    expected = [
        (
            f"posts/2025/first.md:{_line_of(post, text)}: footnote [^missing]: "
            "has no note; add a line '[^missing]: the note's text' to the page, "
            "or remove the reference"
        ),
        (
            f"posts/2025/first.md:{_line_of(post, '[^unused]: Nothing refers to this.')}"
            ": footnote [^unused]: no text refers to this note; write [^unused] "
            "where the note belongs, or remove the note"
        ),
    ]
    assert cli.build_problems(site) == expected
    app = build(site)
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert [w.replace(" WARNING:", "") for w in warnings] == [
        f"{line} [newsdesk.footnote]" for line in expected
    ]
    page = (Path(app.outdir) / "posts/2025/first.html").read_text(encoding="utf-8")
    assert "Nothing refers to this" not in page
    assert "A note." in page
    assert "[^missing]" not in page


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("first", "'first' is not a post's path"),
        ("first.md", "'first.md' is not a post's path"),
        ("posts/2024/first.md", "posts/2024/first.md is not an earlier published post"),
    ],
)
def test_a_follow_up_named_by_its_file_name_is_told_the_path_to_write(
    site, written, expected
):
    """'follow_up_to: first' got only "is not a post's path such as
    posts/2025/microsoft-hosts-grok.md", though one post is first.md: the
    message gives its path, in lint (quick or not) as in the build."""
    post = site / "posts/2025/second.md"
    edit(post, "series: Acme story\n", f"series: Acme story\nfollow_up_to: {written}\n")
    line = _line_of(post, f"follow_up_to: {written}")
    message = (
        f"posts/2025/second.md:{line}: follow_up_to: {expected}; "
        "write 'follow_up_to: posts/2025/first.md'"
    )
    assert cli.build_problems(site) == [message]
    if "/" not in written:  # the quick checks know no earlier post
        assert cli.lint_tree(site) == [message]


def test_a_link_to_a_post_written_from_the_wrong_folder_is_told_the_link_to_write(
    site,
):
    """'{doc}`../2025/first.md`' and '{doc}`posts/2025/first`' got only
    Sphinx's "unknown document: ... [ref.doc]": one message each, naming the
    link to write, as for a Markdown link; a name no page has keeps Sphinx's."""
    post = site / "posts/2025/second.md"
    text = (
        "See {doc}`../2025/first.md`, {doc}`posts/2025/first`, "
        "[it](2025/first.md) and {doc}`nowhere`."
    )
    edit(post, "\n## News Overview\n", f"\n{text}\n\n## News Overview\n")
    at = f"posts/2025/second.md:{_line_of(post, text)}"
    assert sorted(cli.build_problems(site)) == [
        (
            f"{at}: link '2025/first.md': is not a page or file of the site; "
            "write 'first.md'"
        ),
        f"{at}: unknown document: 'nowhere' [ref.doc]",
        (
            f"{at}: {{doc}}`../2025/first.md`: names no page of the site; "
            "write {doc}`/posts/2025/first`"
        ),
        (
            f"{at}: {{doc}}`posts/2025/first`: names no page of the site; "
            "write {doc}`/posts/2025/first`"
        ),
    ]
    edit(post, text, "See {doc}`/posts/2025/first` and [it](/posts/2025/first.md).")
    assert cli.build_problems(site) == []


def test_a_tag_series_or_publisher_page_is_linked_by_its_role(site):
    """'[x](/tags/cloud/)' was "is not a page or file of the site", though the
    build writes tags/cloud: the message names the role to write, which links
    the page wherever clean URLs put it, and names a tag no post has."""
    post = site / "posts/2025/second.md"
    text = "See [it](/tags/cloud/), [that](../../series/acme-story/index.md)."
    edit(post, "\n## News Overview\n", f"\n{text}\n\n## News Overview\n")
    at = f"posts/2025/second.md:{_line_of(post, text)}"
    assert cli.build_problems(site) == [
        (
            f"{at}: link '/tags/cloud/': is the page the build writes for a tag, "
            "not a file; write {tag}`cloud`"
        ),
        (
            f"{at}: link '../../series/acme-story/index.md': is the page the "
            "build writes for a series, not a file; write {series}`acme-story`"
        ),
    ]
    roles = (
        "See {tag}`Cloud`, {series}`acme-story`, "
        "{publisher}`the outlet <Example News>` and {tag}`clowd`."
    )
    edit(post, text, roles)
    assert cli.build_problems(site) == [
        (
            f"{at}: {{tag}}`clowd`: no post has the tag 'clowd' (did you mean "
            "'cloud'?); write a tag that posts name in 'tags'"
        )
    ]
    edit(post, " and {tag}`clowd`", "")
    app = build(site, "dirhtml")
    assert strip_escape_sequences(app.warning.getvalue()) == ""
    page = (Path(app.outdir) / "posts/2025/second/index.html").read_text("utf-8")
    for href, words in [
        ("../../../tags/cloud/", "Cloud"),
        ("../../../series/acme-story/", "acme-story"),
        ("../../../publishers/example-news/", "the outlet"),
    ]:
        assert re.search(f'href="{re.escape(href)}"[^>]*><span[^>]*>{words}<', page)
