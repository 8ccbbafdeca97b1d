"""The licence of the site's text (``newsdesk_license``): where readers see it
and programs find it, from the one setting in conf.py."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import feedparser
import jsonschema
import pytest
from sphinx.util.console import strip_colors

from conftest import REPO, page, warnings_of
from newsdesk.config import license_problem
from sitebuild import build, copy_root

BASE = "https://example.org/news/"
SITE_OVERRIDES = {"html_baseurl": BASE, "notfound_urls_prefix": "/news/"}
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
LICENSE = {"name": "CC BY 4.0", "url": CC_BY}
RIGHTS = (
    "Our text is licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/), "
    "except quotations from cited articles."
)
#: the site feed, a tag's, an entity's (none in this root) and the corrections'
FEEDS = ("atom.xml", "tags/ai.atom.xml", "corrections.atom.xml")
#: one page of each kind: landing, post, tag, listing, log, search, 404
PAGES = (
    "index",
    "posts/2025/january-brief",
    "tags/ai",
    "archive",
    "corrections",
    "search",
    "404",
)


def jsonld(soup) -> list[dict]:
    return [
        json.loads(script.string)
        for script in soup.select('script[type="application/ld+json"]')
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The discovery root with a canonical URL and the site's licence."""
    return build(
        copy_root(tmp_path_factory.mktemp("license"), "discovery"),
        confoverrides={**SITE_OVERRIDES, "newsdesk_license": LICENSE},
    )


@pytest.fixture(scope="module")
def unlicensed(tmp_path_factory):
    """The same site without newsdesk_license."""
    return build(
        copy_root(tmp_path_factory.mktemp("unlicensed"), "discovery"),
        confoverrides=SITE_OVERRIDES,
    )


def test_site_builds_without_warnings(site, unlicensed):
    assert warnings_of(site.warning) == []
    assert warnings_of(unlicensed.warning) == []


@pytest.mark.parametrize("name", PAGES)
def test_every_page_footer_links_the_licence(site, name):
    """A reader (or a site republishing a post) could not tell what was
    allowed: no page named the licence of its text."""
    lines = page(site, name).select("footer p.nd-license")
    assert len(lines) == 1, name
    links = lines[0].select("a")
    assert [(a.get_text(), a["href"], a["rel"]) for a in links] == [
        ("CC BY 4.0", CC_BY, ["license"])
    ]
    # what it does not cover, said where it is claimed
    assert lines[0].get_text(" ", strip=True) == (
        "Our text is licensed under CC BY 4.0 , except quotations from cited articles."
    )


@pytest.mark.parametrize("name", PAGES)
def test_an_unset_licence_is_named_nowhere(unlicensed, name):
    soup = page(unlicensed, name)
    assert soup.select(".nd-license, [rel~=license]") == []
    for script in soup.select('script[type="application/ld+json"]'):
        assert "license" not in json.loads(script.string)


def test_each_post_names_the_licence_in_its_structured_data(site):
    """schema.org CreativeWork.license: what a program republishing a post
    reads; the pages that are not posts are not articles and name none."""
    for docname in ("posts/2025/january-brief", "posts/2024/old-news"):
        [data] = jsonld(page(site, docname))
        assert data["@type"] == "AnalysisNewsArticle"
        assert data["license"] == CC_BY


def atom(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("name", FEEDS)
def test_every_atom_feed_states_its_rights(site, unlicensed, name):
    """A feed reader or aggregator showing the entries found no terms in the
    feeds (atom:rights): the footer's sentence, with the licence's URL."""
    assert atom(Path(site.outdir) / name).feed.rights == RIGHTS
    assert "rights" not in atom(Path(unlicensed.outdir) / name).feed


def test_llms_txt_names_the_licence(site, unlicensed):
    """A program reading llms.txt is told what it may do with the posts, in
    the footer's words; unset, nothing is said."""
    text = (Path(site.outdir) / "llms.txt").read_text("utf-8")
    assert (
        f"Our text is licensed under CC BY 4.0 (<{CC_BY}>), except quotations "
        "from cited articles."
    ) in text.splitlines()
    assert "licensed" not in (Path(unlicensed.outdir) / "llms.txt").read_text("utf-8")


def api_files(out: Path) -> dict[str, dict]:
    return {
        p.relative_to(out).as_posix(): json.loads(p.read_text("utf-8"))
        for p in sorted(out.rglob("*.json"))
        if p.name != "posts.schema.json"
    }


def test_the_posts_api_names_the_licence_of_what_it_serves(site, unlicensed):
    """The index and each year file (a program may fetch one alone) carry the
    licence; the published schema accepts it, and its absence."""
    for build_ in (site, unlicensed):
        out = Path(build_.outdir) / "api"
        schema = json.loads((out / "posts.schema.json").read_text("utf-8"))
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
        files = api_files(out)
        assert "posts.json" in files
        assert "posts/2025.json" in files
        for name, data in files.items():
            validator.validate(data)
            licensed = name == "posts.json" or name.startswith("posts/")
            expected = LICENSE if licensed and build_ is site else None
            assert data.get("license") == expected, name


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ({}, None),
        (LICENSE, None),
        ({"name": "MIT", "url": "https://opensource.org/license/mit"}, None),
        ("CC BY 4.0", "must be a dict of the licence's 'name' and 'url'"),
        ({"name": "CC BY 4.0"}, "must be a dict of the licence's 'name' and 'url'"),
        ({**LICENSE, "year": 2025}, "must be a dict of the licence's 'name' and 'url'"),
        ({"name": " ", "url": CC_BY}, "must name the licence ('name' is empty)"),
        ({"name": "CC BY 4.0", "url": 4}, "must give the licence's 'url' as text"),
        ({"name": "CC BY", "url": "/licence/"}, "has a 'url' that is not an http(s)"),
        ({"name": "CC BY", "url": "javascript:alert(1)"}, "javascript: URLs are not"),
        ({"name": "CC BY", "url": "http://localhost/by/"}, "has a 'url' that "),
    ],
)
def test_license_problem(test_input, expected):
    problem = license_problem(test_input)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem.startswith(expected) or expected in problem


def test_a_bad_licence_is_named_and_shown_nowhere(tmp_path):
    app = build(
        copy_root(tmp_path, "discovery"),
        confoverrides={"newsdesk_license": {"name": "CC BY 4.0", "url": "by/4.0/"}},
    )
    assert [strip_colors(w) for w in warnings_of(app.warning)] == [
        (
            "WARNING: newsdesk_license = {'name': 'CC BY 4.0', 'url': 'by/4.0/'} "
            "has a 'url' that is not an http(s) URL; using {} [newsdesk.config]"
        )
    ]
    assert page(app, "index").select(".nd-license") == []


def test_the_repository_says_which_licence_covers_what():
    """pyproject.toml declared "CC-BY-4.0 AND MIT" with no licence file: the
    MIT text for the code, and the content's licence with its legal code."""
    mit = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert mit.startswith(
        "MIT License\n\nCopyright (c) 2025-2026 AI Newsdesk contributors\n\n"
        "Permission is hereby granted, free of charge, "
    )
    assert mit.endswith("OTHER DEALINGS IN THE\nSOFTWARE.\n")
    content = (REPO / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert f"{CC_BY}legalcode" in content
    assert "Quotations from the articles we cite" in content
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "CC-BY-4.0 AND MIT"
    assert project["license-files"] == ["LICENSE", "LICENSE-CONTENT"]
    # neither is Markdown, so no build reads one as a page
    assert not list(REPO.glob("LICENSE*.md"))
