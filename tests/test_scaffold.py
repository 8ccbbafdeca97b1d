"""``nox -s new``: slugs, the rendered draft, refusing to overwrite, and the path
from a scaffolded draft to a published post (issue 9)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from myst_parser.config.main import read_topmatter
from sphinx.testing.util import SphinxTestApp

import sitebuild
from conftest import page
from newsdesk.reading import frontmatter, metadata
from newsdesk.tools import cli, scaffold

ROOTS = Path(__file__).parent / "roots"
URL = "https://www.example.org/news/a"
DATE = "2025-03-01T08:00:00Z"
PLACEHOLDER_MESSAGE = (
    "is the placeholder from nox -s new: replace it with one or two sentences "
    "of your own"
)


def new_post(**changes: object) -> scaffold.NewPost:
    values: dict[str, object] = {
        "title": "Microsoft hosts Grok",
        "source_url": URL,
        "date": DATE,
        "tags": ("cloud", "models"),
    }
    values.update(changes)
    return scaffold.NewPost(**values)  # type: ignore[arg-type]


# -- slugs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        pytest.param("Microsoft hosts Grok", "microsoft-hosts-grok", id="plain"),
        pytest.param(
            "Ça coûte cher : l'IA générative à Zürich",
            "ca-coute-cher-l-ia-generative-a-zurich",
            id="accents",
        ),
        pytest.param(
            "OpenAI\u2019s $40bn raise — led by SoftBank (again?)",
            "openais-40bn-raise-led-by-softbank-again",
            id="punctuation",
        ),
        pytest.param("  GPT-5   is   HERE!!  ", "gpt-5-is-here", id="spaces-and-case"),
        pytest.param(
            "深度求索发布新模型", "shen-du-qiu-suo-fa-bu-xin-mo-xing", id="chinese"
        ),
        pytest.param("Нейросети и рынок", "neiroseti-i-rynok", id="cyrillic"),
        pytest.param(
            "Nvidia shrugs off the China export hit as data-centre demand keeps "
            "growing faster than anyone expected",
            "nvidia-shrugs-off-the-china-export-hit-as-data-centre-demand",
            id="long-title-cut-at-a-word",
        ),
    ],
)
def test_slug(test_input, expected):
    assert scaffold.post_slug(test_input) == expected
    assert scaffold.post_slug(test_input) == scaffold.post_slug(test_input)


@pytest.mark.parametrize("title", ["🚀🚀🚀", "…", "💡 ✨"])
def test_slug_falls_back_to_a_stable_hash(title):
    slug = scaffold.post_slug(title)
    assert slug.startswith("post-")
    assert len(slug) == len("post-") + 8
    assert slug == scaffold.post_slug(title)
    assert slug != scaffold.post_slug(title + "!")


def test_slugs_are_short_ascii_and_valid_file_names():
    slug = scaffold.post_slug("word " * 50 + "Ünïcödé " + "x" * 90)
    assert len(slug) <= scaffold.SLUG_MAX_LENGTH
    assert slug.isascii()
    assert slug == slug.lower()
    assert not slug.endswith("-")


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("https://www.theverge.com/news/a", "theverge.com"),
        ("https://news.example.org:8443/x?y=1", "news.example.org"),
        ("http://EXAMPLE.org", "example.org"),
    ],
)
def test_publisher_from_url(test_input, expected):
    assert scaffold.publisher_from_url(test_input) == expected


def test_tags_are_split_on_commas():
    assert scaffold.parse_tags(" cloud, big tech ,,models ") == (
        "cloud",
        "big tech",
        "models",
    )


def test_now_is_written_in_utc_to_the_minute():
    when = dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    assert scaffold.format_datetime(when) == "2026-01-02T03:04:00Z"


# -- the rendered file ---------------------------------------------------------------


def test_render_is_a_draft_whose_only_problem_is_the_summary():
    text = scaffold.render(new_post())
    loaded = frontmatter.load(text)
    assert loaded is not None
    fields, problems = metadata.check_post(loaded.data, loaded.lines)
    assert [(p.line, p.field) for p in problems] == [(5, "summary")]
    assert problems[0].message.endswith(PLACEHOLDER_MESSAGE)
    assert metadata.is_placeholder(problems[0])
    # The placeholder does not stop the draft from being previewed.
    assert fields is not None
    assert fields.draft is True
    assert fields.published == dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC)
    assert fields.tags == ("cloud", "models")
    assert fields.source == metadata.Source(
        title="Microsoft hosts Grok", publisher="example.org", url=URL
    )


def test_render_has_the_schema_comment_title_and_three_sections():
    text = scaffold.render(new_post())
    lines = text.splitlines()
    assert lines[:2] == ["---", scaffold.SCHEMA_COMMENT]
    body = text.split("\n---\n", 1)[1]
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [
        "# Microsoft hosts Grok",
        "## News Overview",
        "## In-Depth Analysis",
        "## Commentary",
    ]
    # One hint under each section, as a MyST comment (never rendered).
    assert sum(line.startswith("% ") for line in body.splitlines()) == 3


def test_schema_comment_points_at_the_schema_from_a_post_folder():
    relative = scaffold.SCHEMA_COMMENT.split("$schema=")[1]
    post_folder = Path(__file__).parent.parent / "posts" / "2025"
    assert (post_folder / relative).resolve() == (
        metadata.SCHEMA_DIR / "post.schema.json"
    ).resolve()


def test_myst_reads_front_matter_that_starts_with_the_comment():
    text = scaffold.render(new_post())
    assert read_topmatter(text) == yaml.safe_load(text.split("---\n")[1])
    assert read_topmatter(text)["draft"] is True


@pytest.mark.parametrize(
    "value",
    [
        'Quotes " and \\ backslash',
        "Colon: and # hash",
        "yes",
        "2025",
        "- dash first",
        "émoji 🚀 and \u2018curly\u2019 quotes",
    ],
)
def test_text_survives_the_yaml_round_trip(value):
    post = new_post(source_title=value, publisher=value)
    loaded = frontmatter.load(scaffold.render(post))
    assert loaded is not None
    assert loaded.data["source"]["title"] == value
    assert loaded.data["source"]["publisher"] == value


def test_defaults_pass_validation():
    """Without --tags and --publisher, filling the summary is enough to publish."""
    post = scaffold.NewPost(
        title="Some title", source_url="https://example.org/a", date=DATE
    )
    text = scaffold.render(post).replace(
        scaffold.SUMMARY_PLACEHOLDER, "A summary that is long enough to pass."
    )
    loaded = frontmatter.load(text)
    assert loaded is not None
    assert metadata.check_post(loaded.data, loaded.lines)[1] == []


# -- the command -------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the basic test site (posts dated 2025)."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def run_new(site: Path, *args: str) -> int:
    return cli.main(["new", *args, "--root", str(site)])


def test_new_writes_the_post_and_says_what_next(site, capsys):
    code = run_new(
        site,
        "Microsoft hosts Grok",
        "--source-url",
        URL,
        "--tags",
        "cloud,models",
        "--date",
        DATE,
    )
    out = capsys.readouterr().out
    assert code == 0
    path = site / "posts/2025/microsoft-hosts-grok.md"
    assert path.read_text(encoding="utf-8") == scaffold.render(new_post())
    assert "posts/2025/microsoft-hosts-grok.md" in out
    assert "nox -s preview -- posts/2025/microsoft-hosts-grok.md" in out
    assert "http://127.0.0.1:8000/posts/2025/microsoft-hosts-grok/\n" in out


def test_new_dates_the_post_now_in_utc(site):
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    assert run_new(site, "Fresh news today", "--source-url", URL) == 0
    after = dt.datetime.now(dt.UTC)
    [path] = site.glob("posts/*/fresh-news-today.md")
    loaded = frontmatter.load(path.read_text(encoding="utf-8"))
    assert loaded is not None
    written = dt.datetime.fromisoformat(loaded.data["date"])
    assert loaded.data["date"].endswith("Z")
    assert before <= written <= after
    assert path.parent.name == str(written.year)
    assert loaded.data["tags"] == list(scaffold.DEFAULT_TAGS)


def test_new_refuses_to_overwrite(site, capsys):
    path = site / "posts/2025/first.md"
    before = path.read_text(encoding="utf-8")
    code = run_new(site, "First", "--source-url", URL, "--date", DATE)
    err = capsys.readouterr().err
    assert code == 1
    assert path.read_text(encoding="utf-8") == before
    assert (
        "newsdesk new: posts/2025/first.md already exists; nothing was written" in err
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["--source-url", "theverge"],
            [
                "newsdesk new: --source-url (source.url): 'theverge' is not an http(s) URL"
            ],
            id="bare-word-url",
        ),
        pytest.param(
            ["--source-url", "javascript:alert(1)"],
            [
                (
                    "newsdesk new: --source-url (source.url): 'javascript:alert(1)' is "
                    "not an http(s) URL"
                )
            ],
            id="javascript-url",
        ),
        pytest.param(
            ["--source-url", f"{URL}?utm_source=newsletter"],
            [
                (
                    "newsdesk new: --source-url (source.url): "
                    f"'{URL}?utm_source=newsletter' has tracking parameters "
                    f"(utm_source), which name no article: write {URL}"
                )
            ],
            id="tracking-url",
        ),
        pytest.param(
            ["--source-url", URL, "--tags", "ok,a/b"],
            [
                (
                    "newsdesk new: --tags (tags[1]): 'a/b' is not a tag: one short phrase "
                    'without < > " / \\ ? % ; : , (up to 40 characters)'
                )
            ],
            id="bad-tag",
        ),
        pytest.param(
            ["--source-url", URL, "--date", "2025-02-30"],
            ["newsdesk new: --date: '2025-02-30' is not a real calendar date or time"],
            id="impossible-date",
        ),
        pytest.param(
            ["--source-url", URL, "--date", "1 May 2025"],
            [
                (
                    "newsdesk new: --date: '1 May 2025' is not an ISO 8601 date-time "
                    "from the years 1900-2999, such as 2025-05-01T19:39:00Z or "
                    "2025-05-01: write 2025-05-01"
                )
            ],
            id="prose-date",
        ),
    ],
)
def test_new_rejects_bad_options_with_the_builds_message(site, capsys, args, expected):
    code = run_new(site, "A title", *args)
    assert code == 1
    assert capsys.readouterr().err.splitlines() == expected
    assert not list(site.glob("posts/*/a-title.md"))


def test_new_refuses_an_empty_title(site, capsys):
    assert run_new(site, "   ", "--source-url", URL) == 1
    assert "title: must be one non-empty line of text" in capsys.readouterr().err


@pytest.mark.parametrize("session", [None, "new"])
def test_a_missing_argument_names_the_command_that_was_typed(
    monkeypatch, capsys, session
):
    """From ``nox -s new``, the usage line a contributor is shown is the one they
    can type again, not the module nox runs for them."""
    if session:
        monkeypatch.setenv(cli.SESSION, session)
    else:
        monkeypatch.delenv(cli.SESSION, raising=False)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["new"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    typed = "nox -s new --" if session else "python -m newsdesk new"
    assert err.startswith(f"usage: {typed} [-h] --source-url SOURCE_URL"), err
    assert f"{typed}: error: the following arguments are required: title" in err


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param(
            "Grok \u202eon Azure",
            "title: contains the bidirectional control U+202E, which shows text in "
            "another order than it is written; write plain text",
            id="bidi-override",
        ),
        pytest.param(
            "Grok \x1b[31mon Azure",
            "title: contains the control character U+001B; write plain text",
            id="escape-sequence",
        ),
        pytest.param(
            "Grok\u200bon Azure",
            "title: contains the invisible character U+200B (Zero Width Space), "
            "with which it looks like another value; delete it",
            id="zero-width-space",
        ),
        pytest.param(
            "word " * 50,
            "title: has 249 characters, at most 200: a headline, not a paragraph",
            id="too-long",
        ),
    ],
)
def test_new_checks_the_title_as_the_build_does(site, capsys, title, expected):
    """The title goes into the '# ' line, which the source title check did not
    read when --source-title was given: the post was written, and the build
    then refused it."""
    before = sorted(site.glob("posts/**/*.md"))
    args = ("--source-title", "Headline", "--source-url", URL, "--date", DATE)
    assert run_new(site, title, *args) == 1
    assert capsys.readouterr().err.splitlines() == [f"newsdesk new: {expected}"]
    assert sorted(site.glob("posts/**/*.md")) == before


@pytest.mark.parametrize("folder", ["posts/2025", "posts"])
def test_new_writes_nothing_through_a_linked_folder(tmp_path, capsys, folder):
    """A year folder (or posts/) that links elsewhere, as a pull request can
    commit it: the new post was written where the link pointed, outside the
    repository."""
    site = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "2025").mkdir(parents=True)
    (site / "posts").mkdir(parents=True)
    link = site / folder
    if link.exists():
        link.rmdir()
    link.symlink_to(elsewhere / "2025" if folder.endswith("2025") else elsewhere)
    assert run_new(site, "A title", "--source-url", URL, "--date", DATE) == 1
    err = capsys.readouterr().err
    assert err == (
        f"newsdesk new: {folder} is a symbolic link; commit the file itself; "
        "nothing was written\n"
    )
    assert not any(elsewhere.rglob("*.md"))


def test_new_outside_a_site_says_where_to_run_it(tmp_path, capsys):
    assert (
        cli.main(["new", "A title", "--source-url", URL, "--root", str(tmp_path)]) == 1
    )
    assert "run this from the repository's top folder" in capsys.readouterr().err


def test_a_scheduled_post_goes_in_its_years_folder(site):
    assert run_new(site, "Next year", "--source-url", URL, "--date", "2031-01-01") == 0
    assert (site / "posts/2031/next-year.md").is_file()


# -- lint and build: from draft to published -------------------------------------------


def test_lint_reports_only_the_placeholder(site):
    assert (
        run_new(site, "Microsoft hosts Grok", "--source-url", URL, "--date", DATE) == 0
    )
    [line] = cli.lint_tree(site)
    assert line.startswith("posts/2025/microsoft-hosts-grok.md:5: summary: 'TODO: ")
    assert line.endswith(f"' {PLACEHOLDER_MESSAGE}")


def build(
    srcdir: Path, stage: str, **confoverrides: object
) -> tuple[SphinxTestApp, list[str]]:
    """Build ``srcdir`` from scratch into ``_build/<stage>``; app and warning lines."""
    app = sitebuild.build(
        srcdir, confoverrides=confoverrides, builddir=srcdir / "_build" / stage
    )
    warnings = [line for line in app.warning.getvalue().splitlines() if line.strip()]
    return app, warnings


def test_scaffolded_post_previews_as_a_draft_then_publishes(site):
    """Done when of issue 9: draft in previews, absent from the site, published
    once the summary is written and ``draft: true`` removed."""
    assert (
        run_new(
            site,
            "Microsoft hosts Grok",
            "--source-url",
            URL,
            "--tags",
            "cloud",
            "--date",
            DATE,
        )
        == 0
    )
    path = site / "posts/2025/microsoft-hosts-grok.md"
    html = Path("posts/2025/microsoft-hosts-grok.html")

    # A preview shows the draft with its banner; the placeholder is reported.
    app, warnings = build(site, "preview", newsdesk_show_drafts=True)
    assert len(warnings) == 1
    assert "microsoft-hosts-grok.md:5: WARNING: summary: 'TODO:" in warnings[0]
    assert PLACEHOLDER_MESSAGE in warnings[0]
    soup = page(app, "posts/2025/microsoft-hosts-grok")
    assert "Draft." in soup.select_one(".nd-status-banner").get_text()
    assert soup.select_one("h1").get_text().startswith("Microsoft hosts Grok")
    assert [h.get_text().rstrip("¶") for h in soup.select("h2")][:3] == [
        "News Overview",
        "In-Depth Analysis",
        "Commentary",
    ]
    assert "what happened" not in soup.get_text().lower()  # hints stay comments

    # The published site leaves the draft out, without a word.
    app, warnings = build(site, "site", newsdesk_show_drafts=False)
    assert warnings == []
    assert not (Path(app.outdir) / html).exists()

    # Written and undrafted, it publishes.
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        scaffold.SUMMARY_PLACEHOLDER,
        "Microsoft will host xAI's Grok models on its Azure cloud platform.",
    ).replace("draft: true  # delete this line to publish\n", "")
    path.write_text(text, encoding="utf-8")
    assert cli.lint_tree(site) == []
    app, warnings = build(site, "published", newsdesk_show_drafts=False)
    assert warnings == []
    soup = page(app, "posts/2025/microsoft-hosts-grok")
    assert soup.select_one(".nd-status-banner") is None
    assert soup.select_one("aside.nd-source a")["href"] == URL
    archive = page(app, "archive")
    assert archive.select_one('a[href="posts/2025/microsoft-hosts-grok.html"]')


def test_new_post_asks_for_the_original_report_in_the_shape_the_schema_takes():
    """#14: uncommenting the scaffold's 'original' lines gives valid front matter."""
    post = scaffold.NewPost("A title", "https://relay.example.com/a", "2025-05-01")
    text = scaffold.render(post)
    assert "  # original:" in text
    filled = (
        text.replace("  # original:  #", "  original:  #")
        .replace(
            '  #   title: "TODO: the original report\'s headline"',
            '    title: "The original headline"',
        )
        .replace(
            '  #   publisher: "TODO: the outlet that first reported it"',
            "    publisher: The Verge",
        )
        .replace("  #   url: https://...", "    url: https://original.example.com/b")
        .replace("  #   date: YYYY-MM-DD", "    date: 2025-04-30")
    )
    loaded = frontmatter.load(filled)
    fields, problems = metadata.check_post(loaded.data, loaded.lines)
    assert [p for p in problems if not metadata.is_placeholder(p)] == []
    assert fields is not None
    assert fields.source.original.url == "https://original.example.com/b"


def test_the_original_uncommented_but_unchanged_is_named():
    """The commented lines show how to name the original report: uncommented
    as they are, they named "The Verge" as its publisher, and the build took
    it. Now each example left in place is named."""
    text = scaffold.render(new_post())
    text = text.replace("  # original:  #", "  original:  #")
    for field in ("title", "publisher"):
        text = re.sub(rf"  #   {field}: ", f"    {field}: ", text)
    text = text.replace(
        "  #   url: https://...", "    url: https://example.com/a/story"
    )
    loaded = frontmatter.load(text)
    _, problems = metadata.check_post(loaded.data, loaded.lines)
    named = [p for p in problems if "example" in p.message]
    assert [p.field for p in named] == [
        "source.original.title",
        "source.original.publisher",
    ]
    for problem in named:
        assert problem.message.endswith(
            "is the example from nox -s new: write the original report's own"
        )
