"""The knowledge layer: entities, aliases, related posts and story series.

The ranking and resolution rules are tested on the pure index (``site.build_index``);
one build of tests/roots/test-knowledge checks what readers see.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import page
from newsdesk.index import domain as registry
from newsdesk.index import site
from newsdesk.reading import metadata

# -- the pure index ------------------------------------------------------------------


def make_post(
    slug: str,
    day: int,
    tags: tuple[str, ...] = ("misc",),
    entities: tuple[str, ...] = (),
    series: str | None = None,
    lines: tuple[tuple[str, int], ...] = (),
) -> registry.PostMeta:
    fields = metadata.PostFields(
        published=dt.datetime(2025, 1, day, 9, tzinfo=dt.UTC),
        summary=f"The summary of {slug}, long enough.",
        tags=tags,
        source=metadata.Source("Source", "Example News", f"https://example.com/{slug}"),
        entities=entities,
        series=series,
    )
    return registry.PostMeta(f"posts/2025/{slug}", slug.title(), fields, 300, lines)


def make_entity(
    slug: str, name: str, kind: str = "company", aliases: tuple[str, ...] = ()
) -> registry.EntityMeta:
    return registry.EntityMeta(
        f"entities/{slug}", name, metadata.EntityFields(kind, aliases)
    )


ENTITIES = {
    e.docname: e
    for e in (
        make_entity("microsoft", "Microsoft", aliases=("MSFT", "Microsoft Corp")),
        make_entity("xai", "xAI"),
        make_entity("grok", "Grok", kind="model"),
        make_entity("satya-nadella", "Satya Nadella", kind="person"),
    )
}


def index_of(*posts: registry.PostMeta, entities=ENTITIES, count: int = 3):
    return site.build_index({p.docname: p for p in posts}, entities, count)


@pytest.mark.parametrize(
    ("test_input", "expected"),
    [
        ("Microsoft", "entities/microsoft"),
        ("microsoft", "entities/microsoft"),
        ("MICROSOFT", "entities/microsoft"),
        ("MSFT", "entities/microsoft"),
        ("msft", "entities/microsoft"),
        ("microsoft  corp", "entities/microsoft"),  # spacing folded
        ("\uff2d\uff33\uff26\uff34", "entities/microsoft"),  # full-width MSFT
        ("XAI", "entities/xai"),
        ("satya nadella", "entities/satya-nadella"),
        ("Microsfot", None),
        ("Micro", None),
    ],
)
def test_entity_resolution_by_name_and_alias(test_input, expected):
    assert index_of().resolve_entity(test_input) == expected


def test_unknown_entity_is_reported_on_the_posts_entities_line():
    post = make_post("a", 1, entities=("Microsfot", "Grok"), lines=(("entities", 5),))
    index = index_of(post)
    assert index.problems == {
        "posts/2025/a": [
            metadata.Problem(
                "entities",
                "unknown entity 'Microsfot' (did you mean 'Microsoft'?); add "
                "entities/<slug>.md for it, or list it as an alias of an existing "
                "entity",
                5,
            )
        ]
    }
    # The known one still counts.
    assert index.post_entities["posts/2025/a"] == ("entities/grok",)


@pytest.mark.parametrize(
    ("test_input", "suggestion"),
    [
        ("Microsfot", "Microsoft"),
        ("microsfot", "Microsoft"),  # case does not hide the match
        ("MSFTT", "MSFT"),  # aliases resolve, so they are suggested too
        ("Satya Nadela", "Satya Nadella"),
        ("xIA", "xAI"),
        ("OpenAI", None),
    ],
)
def test_unknown_entity_suggestion(test_input, suggestion):
    index = index_of(make_post("a", 1, entities=(test_input,)))
    [problem] = index.problems["posts/2025/a"]
    hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
    assert problem.message.startswith(f"unknown entity {test_input!r}{hint}; add ")


def test_unknown_entity_without_a_close_name_has_no_suggestion():
    index = index_of(make_post("a", 1, entities=("Anthropic",)))
    [problem] = index.problems["posts/2025/a"]
    assert str(problem).startswith("entities: unknown entity 'Anthropic'; add ")


def test_duplicate_alias_across_two_entities_is_a_clear_error():
    entities = {
        **ENTITIES,
        "entities/microsoft-corp": registry.EntityMeta(
            "entities/microsoft-corp",
            "MS",
            metadata.EntityFields("company", ("msft",)),
            (("aliases", 3), ("kind", 2)),
        ),
    }
    index = index_of(entities=entities)
    assert index.problems["entities/microsoft-corp"] == [
        metadata.Problem(
            "aliases",
            "'msft' is an alias of 'Microsoft' (entities/microsoft) too; "
            "an alias names one entity: keep it on one of the two pages",
            3,
        )
    ]
    # The first claim wins, deterministically (entities sorted by docname).
    assert index.resolve_entity("MSFT") == "entities/microsoft"


def test_a_newcomer_cannot_take_an_entitys_name_and_leave_it_the_blame():
    """entities/a-microsoft.md titled "Microsoft" sorts before microsoft.md:
    the page named for the name keeps it, the newcomer gets the message, and
    lint says the same."""
    newcomer = registry.EntityMeta(
        "entities/a-microsoft",
        "Microsoft",
        metadata.EntityFields("company", ()),
        (("kind", 2),),
    )
    index = index_of(entities={**ENTITIES, "entities/a-microsoft": newcomer})
    assert index.resolve_entity("Microsoft") == "entities/microsoft"
    assert "entities/microsoft" not in index.problems
    assert [str(p) for p in index.problems["entities/a-microsoft"]] == [
        (
            "title: 'Microsoft' already names 'Microsoft' (entities/microsoft); "
            "names and aliases must be unique"
        )
    ]
    # An alias never takes another page's title either, whatever the order.
    owners, lost = metadata.entity_claims(
        [("entities/aaa", "AAA", ("Zeta",)), ("entities/zeta", "Zeta", ())]
    )
    assert owners[metadata.fold("Zeta")] == "entities/zeta"
    assert lost == [("entities/aaa", "aliases", "Zeta", "entities/zeta")]


def test_lint_names_the_newcomer_too(tmp_path):
    from newsdesk.tools import cli

    srcdir = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots/test-knowledge", srcdir)
    (srcdir / "entities/a-microsoft.md").write_text(
        "---\nkind: company\n---\n\n# Microsoft\n\nA copy.\n", "utf-8"
    )
    found = [line for line in cli.entity_problems(srcdir) if "already names" in line]
    assert found == [
        (
            "entities/a-microsoft.md:1: title: 'Microsoft' already names 'Microsoft' "
            "(entities/microsoft); names and aliases must be unique"
        )
    ]


def test_an_entity_page_whose_name_passes_for_another_is_named(tmp_path):
    """A page titled "xAI" in Cyrillic letters (one script, so no mixed-script
    word) beside entities/xai.md: the newcomer gets the message, with the
    letters that differ, in the build and in lint alike."""
    from newsdesk.tools import cli

    fake = "\u0445\u0410\u0406"  # Cyrillic ha, capital a, capital byelorussian i
    newcomer = registry.EntityMeta(
        "entities/a-xai", fake, metadata.EntityFields("company", ()), (("kind", 2),)
    )
    index = index_of(entities={**ENTITIES, "entities/a-xai": newcomer})
    expected = (
        f"title: {fake!r} looks like the entity 'xAI' (entities/xai) but is written "
        "with other characters ('\u0445' (U+0445 CYRILLIC SMALL LETTER HA), "
        "'\u0410' (U+0410 CYRILLIC CAPITAL LETTER A), '\u0406' (U+0406 CYRILLIC "
        "CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I)); use 'xAI', or a name that "
        "does not look like it"
    )
    assert [str(p) for p in index.problems["entities/a-xai"]] == [expected]
    assert "entities/xai" not in index.problems
    srcdir = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots/test-knowledge", srcdir)
    (srcdir / "entities/a-xai.md").write_text(
        f"---\nkind: company\n---\n\n# {fake}\n\nA copy.\n", "utf-8"
    )
    found = [line for line in cli.entity_problems(srcdir) if "looks like" in line]
    assert found == [f"entities/a-xai.md:1: {expected}"]


def test_entity_posts_are_newest_first_and_counted_once():
    index = index_of(
        make_post("old", 1, entities=("Microsoft",)),
        make_post("new", 3, entities=("MSFT", "Microsoft", "xAI")),  # alias + name
        make_post("mid", 2, entities=("microsoft corp",)),
        make_post("none", 4),
    )
    assert index.entity_posts["entities/microsoft"] == (
        "posts/2025/new",
        "posts/2025/mid",
        "posts/2025/old",
    )
    assert index.post_entities["posts/2025/new"] == (
        "entities/microsoft",
        "entities/xai",
    )
    assert index.entity_posts["entities/grok"] == ()
    assert index.problems == {}


# -- related posts ---------------------------------------------------------------


def test_related_ranks_entities_then_tags_then_recency():
    posts = [
        make_post("me", 5, tags=("cloud", "ai"), entities=("Microsoft", "xAI")),
        # two shared entities beat one, whatever the tags or dates
        make_post("two-entities", 1, tags=("other",), entities=("MSFT", "xAI")),
        make_post("one-entity-two-tags", 2, tags=("cloud", "ai"), entities=("xAI",)),
        make_post("one-entity-one-tag", 3, tags=("cloud",), entities=("Microsoft",)),
        make_post("one-entity-newer", 9, tags=("other",), entities=("Microsoft",)),
        make_post("tags-only", 8, tags=("cloud", "ai")),
        make_post("nothing-shared", 7, tags=("chips",), entities=("Grok",)),
    ]
    index = index_of(*posts, count=10)
    assert index.related["posts/2025/me"] == (
        "posts/2025/two-entities",
        "posts/2025/one-entity-two-tags",
        "posts/2025/one-entity-one-tag",
        "posts/2025/one-entity-newer",
        "posts/2025/tags-only",
    )
    # The default keeps the top three.
    assert index_of(*posts).related["posts/2025/me"] == (
        "posts/2025/two-entities",
        "posts/2025/one-entity-two-tags",
        "posts/2025/one-entity-one-tag",
    )


def test_related_ties_go_to_the_newest_in_site_order():
    """Equal scores: newest first, in the order of every newest-first listing
    (date, then path: b-same-day is "newer" than a-same-day)."""
    posts = [
        make_post("me", 1, tags=("ai",)),
        make_post("b-same-day", 5, tags=("ai",)),
        make_post("a-same-day", 5, tags=("ai",)),
        make_post("older", 3, tags=("ai",)),
        make_post("newest", 7, tags=("ai",)),
    ]
    assert index_of(*posts, count=4).related["posts/2025/me"] == (
        "posts/2025/newest",
        "posts/2025/b-same-day",
        "posts/2025/a-same-day",
        "posts/2025/older",
    )


def test_tags_compare_case_insensitively_for_related():
    index = index_of(make_post("a", 1, tags=("AI",)), make_post("b", 2, tags=("ai",)))
    assert index.related["posts/2025/a"] == ("posts/2025/b",)


def test_related_never_lists_the_post_itself_and_is_deterministic():
    posts = [
        make_post(f"p{i}", i, tags=("ai", f"t{i % 3}"), entities=("Microsoft",))
        for i in range(1, 12)
    ]
    first = index_of(*posts).related
    shuffled = posts[:]
    random.Random(4).shuffle(shuffled)
    assert index_of(*shuffled).related == first
    for docname, related in first.items():
        assert docname not in related
        assert len(related) == 3


def test_a_post_sharing_nothing_has_no_related_posts():
    index = index_of(make_post("a", 1, tags=("x",)), make_post("b", 2, tags=("y",)))
    assert index.related == {"posts/2025/a": (), "posts/2025/b": ()}


# -- series ------------------------------------------------------------------------


def test_series_are_in_publication_order_whatever_the_spelling():
    index = index_of(
        make_post("part-3", 9, series="Microsoft and xAI"),
        make_post("part-1", 1, series="Microsoft and xAI"),
        make_post("part-2", 5, series="microsoft  AND xai"),
        make_post("other", 2, series="Chips"),
        make_post("alone", 3),
    )
    story = index.series["microsoft-and-xai"]
    assert story.name == "Microsoft and xAI"  # the first part's spelling
    assert story.posts == (
        "posts/2025/part-1",
        "posts/2025/part-2",
        "posts/2025/part-3",
    )
    assert index.post_series["posts/2025/part-2"] == "microsoft-and-xai"
    assert "posts/2025/alone" not in index.post_series
    assert sorted(index.series) == ["chips", "microsoft-and-xai"]


def test_series_names_that_share_a_page_are_an_error_on_the_series_line():
    index = index_of(
        make_post("a", 1, series="AI & Chips", lines=(("series", 6),)),
        make_post("b", 2, series="AI Chips", lines=(("series", 7),)),
    )
    assert list(index.series) == ["ai-chips"]
    assert index.problems == {
        "posts/2025/b": [
            metadata.Problem(
                "series",
                "'AI Chips' and 'AI & Chips' would share the page series/ai-chips; "
                "rename one of them",
                7,
            )
        ]
    }


def test_tags_that_share_a_page_are_an_error_on_the_tags_line():
    """Different names, one URL: never one page silently replacing another."""
    index = index_of(
        make_post("a", 1, tags=("R&D",), lines=(("tags", 4),)),
        make_post("b", 2, tags=("R D",), lines=(("tags", 5),)),
        make_post("c", 3, tags=("ai",), lines=(("tags", 4),)),
        make_post("d", 4, tags=("AI",), lines=(("tags", 4),)),
    )
    assert index.problems == {
        "posts/2025/a": [
            metadata.Problem(
                "tags",
                "'R&D' and 'R D' would share the page tags/r-d; rename one of them",
                4,
            )
        ]
    }
    # Case only: one tag, not a collision.
    assert index.tag_for("Ai").posts == ("posts/2025/d", "posts/2025/c")


# -- in a build ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def knowledge(rootdir, tmp_path_factory):
    """One warnings-as-errors build of tests/roots/test-knowledge."""
    srcdir = tmp_path_factory.mktemp("knowledge") / "src"
    shutil.copytree(rootdir / "test-knowledge", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_knowledge_site_builds_without_warnings(knowledge):
    assert knowledge.warning.getvalue() == ""
    assert knowledge.statuscode == 0


def test_post_header_names_entities_by_their_name(knowledge):
    """grok-confirmed lists [MSFT, Grok, Azure]: the header shows the names."""
    links = page(knowledge, "posts/2025/grok-confirmed").select(".nd-entities a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Microsoft", "../../entities/microsoft.html"),
        ("Grok", "../../entities/grok.html"),
        ("Azure", "../../entities/azure.html"),
    ]


def test_entity_role_resolves_names_and_aliases(knowledge):
    body = page(knowledge, "posts/2025/nadella-interview").select_one("article")
    links = [
        a
        for a in body.select("a.reference.internal")
        if "nd-entity" not in a.get("class", []) and "nd-tag" not in a.get("class", [])
    ]
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("msft", "../../entities/microsoft.html"),
        ("the Redmond company", "../../entities/microsoft.html"),
    ]


def test_entity_page_lists_every_post_naming_it_newest_first(knowledge):
    soup = page(knowledge, "entities/microsoft")
    timeline = soup.select_one("#posts-about")
    assert timeline.select_one("h2").get_text().startswith("Posts about Microsoft")
    titles = [a.get_text() for a in timeline.select(".nd-post-list__title a")]
    assert titles == [
        "Nadella interview",
        "Grok at Build",
        "Grok confirmed",
        "Grok rumour",
    ]
    facts = soup.select_one(".nd-entity-facts")
    assert "Also known as MSFT, Microsoft Corp" in facts.get_text()
    assert facts.select_one("a")["href"] == "https://www.microsoft.com/"


def test_entity_without_posts_says_so(knowledge):
    timeline = page(knowledge, "entities/anthropic").select_one("#posts-about")
    assert timeline.select_one("p").get_text() == "No posts name it yet."


def test_entities_index_groups_by_kind_with_counts(knowledge):
    soup = page(knowledge, "entities/index")
    groups = {
        section.select_one("h2").get_text().rstrip("¶"): [
            (
                li.select_one("a").get_text(),
                li.select_one(".nd-count").get_text().strip(),
            )
            for li in section.select("li")
        ]
        for section in soup.select("section.nd-listing-section")
    }
    assert groups == {
        "Companies": [("Anthropic", "0"), ("Microsoft", "4"), ("xAI", "2")],
        "People": [("Satya Nadella", "1")],
        "Products": [("Azure", "2")],
        "Models": [("Grok", "3")],
    }


def test_related_posts_end_each_post(knowledge):
    related = page(knowledge, "posts/2025/grok-rumour").select(".nd-related li a")
    # grok-at-build shares Microsoft, xAI, Grok; grok-confirmed Microsoft, Grok;
    # nadella-interview only Microsoft. chips shares nothing.
    assert [a.get_text() for a in related] == [
        "Grok at Build",
        "Grok confirmed",
        "Nadella interview",
    ]
    assert page(knowledge, "posts/2025/chips").select_one(".nd-related") is None


@pytest.mark.parametrize(
    ("slug", "part"), [("grok-rumour", 1), ("grok-confirmed", 2), ("grok-at-build", 3)]
)
def test_series_box_shows_part_k_of_n_and_links_every_part(knowledge, slug, part):
    box = page(knowledge, f"posts/2025/{slug}").select_one("aside.nd-series")
    title = " ".join(box.select_one("h2").get_text().split())
    assert title == f"Part {part} of 3 in the series Microsoft and xAI"
    assert box.select_one("h2 a")["href"] == "../../series/microsoft-and-xai.html"
    items = box.select("ol li")
    titles = [li.select_one("a, span").get_text() for li in items]
    assert titles == ["Grok rumour", "Grok confirmed", "Grok at Build"]
    for number, item in enumerate(items, start=1):
        if number == part:
            assert item.select_one("a") is None
            assert item.select_one("[aria-current=page]") is not None
        else:
            assert item.select_one("a")["href"] in {
                "grok-rumour.html",
                "grok-confirmed.html",
                "grok-at-build.html",
            }


def test_post_outside_a_series_has_no_series_box(knowledge):
    assert page(knowledge, "posts/2025/chips").select_one(".nd-series") is None


def test_series_page_lists_parts_in_order(knowledge):
    soup = page(knowledge, "series/microsoft-and-xai")
    assert soup.select_one("h1").get_text().rstrip("¶") == "Series: Microsoft and xAI"
    links = soup.select(".nd-post-list__title a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Grok rumour", "../posts/2025/grok-rumour.html"),
        ("Grok confirmed", "../posts/2025/grok-confirmed.html"),
        ("Grok at Build", "../posts/2025/grok-at-build.html"),
    ]
    index = page(knowledge, "series/index").select(".nd-series-list li")
    assert [li.get_text(" ", strip=True) for li in index] == [
        "Microsoft and xAI 3 parts"
    ]


def _broken_links(outdir: Path) -> list[tuple[str, str]]:
    """(page, href) of every relative link whose target file does not exist."""
    broken = []
    for path in sorted(outdir.rglob("*.html")):
        if "_static" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a[href], link[href]"):
            url = urlsplit(link["href"])
            if url.scheme or url.netloc or not url.path:
                continue
            target = (path.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target /= "index.html"
            if not target.is_file():
                broken.append((path.relative_to(outdir).as_posix(), link["href"]))
    return broken


def test_every_internal_link_resolves(knowledge):
    assert _broken_links(Path(knowledge.outdir)) == []


def test_every_internal_link_resolves_with_dirhtml(rootdir, tmp_path):
    """Pretty URLs: entity, series, tag and post links all reach their page."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-knowledge", srcdir)
    app = SphinxTestApp("dirhtml", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    assert (outdir / "series/microsoft-and-xai/index.html").is_file()
    header = BeautifulSoup(
        (outdir / "posts/2025/grok-confirmed/index.html").read_text(encoding="utf-8"),
        "html.parser",
    ).select(".nd-entities a")
    assert [a["href"] for a in header] == [
        "../../../entities/microsoft/",
        "../../../entities/grok/",
        "../../../entities/azure/",
    ]
    assert _broken_links(outdir) == []


def test_structured_data_spells_tags_as_the_header_does(knowledge):
    """grok-rumour writes 'ai'; the tag is 'AI' (most posts' spelling) in its
    header, its article:tag and its JSON-LD keywords alike (#19)."""
    soup = page(knowledge, "posts/2025/grok-rumour")
    header = [a.get_text() for a in soup.select(".nd-tags a.nd-tag")]
    meta = [m["content"] for m in soup.find_all("meta", property="article:tag")]
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert header == meta == data["keywords"]
    assert "ai" not in meta


def test_every_entity_and_series_page_has_a_feed_of_exactly_its_posts(knowledge):
    """Feeds for every thread (#17): announced in <head>, linked visibly, valid
    Atom holding the page's own posts."""
    import feedparser

    out = Path(knowledge.outdir)
    index = registry.site(knowledge.env)
    posts = registry.posts(knowledge.env)
    threads = {d: ps for d, ps in index.entity_posts.items() if ps}
    threads |= {f"series/{s.slug}": s.posts for s in index.series.values()}
    assert threads
    for pagename, docnames in threads.items():
        soup = page(knowledge, pagename)
        feed_name = pagename.rsplit("/", 1)[-1] + ".atom.xml"
        assert soup.find("link", type="application/atom+xml", href=feed_name)
        assert soup.select_one(f'.nd-subscribe a[href="{feed_name}"]')
        feed = feedparser.parse((out / f"{pagename}.atom.xml").read_bytes())
        assert not feed.bozo, pagename
        assert sorted(e.title for e in feed.entries) == sorted(
            posts[d].title for d in docnames
        )


def test_json_feed_has_the_required_fields(knowledge):
    data = json.loads((Path(knowledge.outdir) / "feed.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"]
    assert data["items"]
    for item in data["items"]:
        assert item["id"]
        assert item["url"]
        assert item.get("content_text") or item.get("content_html")


def test_posts_api_lists_every_post_and_validates(knowledge):
    """The posts API (#17): an index of years, one file per year, slices per
    entity and series, all valid against the published schema."""
    import jsonschema

    out = Path(knowledge.outdir) / "api"
    schema = json.loads((out / "posts.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    index = json.loads((out / "posts.json").read_text("utf-8"))
    validator.validate(index)
    titles = []
    for year in index["years"]:
        data = json.loads((out / year["url"].removeprefix("api/")).read_text("utf-8"))
        validator.validate(data)
        assert len(data["posts"]) == year["count"]
        titles += [p["title"] for p in data["posts"]]
    posts = registry.posts(knowledge.env)
    assert sorted(titles) == sorted(p.title for p in posts.values())
    assert index["count"] == len(posts)
    for path in [*out.glob("entities/*.json"), *out.glob("series/*.json")]:
        validator.validate(json.loads(path.read_text("utf-8")))


def test_llms_txt_lists_the_posts_with_their_sources(knowledge):
    text = (Path(knowledge.outdir) / "llms.txt").read_text("utf-8")
    assert text.startswith("# ")
    posts = registry.posts(knowledge.env)
    for post in posts.values():
        assert f"<{post.fields.source.first.url}>" in text
    years = {p.fields.published.year for p in posts.values()}
    for year in years:
        assert f"llms/{year}.md" in text
        assert (Path(knowledge.outdir) / f"llms/{year}.md").exists()
        # Each year's link says what the number counts.
        count = sum(p.fields.published.year == year for p in posts.values())
        line = next(line for line in text.splitlines() if f"llms/{year}.md" in line)
        assert line.endswith(f"): {count} post{'s' if count != 1 else ''}"), line


def test_llms_text_cannot_make_links():
    from newsdesk.writing.llms import md_text

    assert md_text("[x](javascript:alert(1)) *b*") == (
        r"\[x\]\(javascript:alert\(1\)\) \*b\*"
    )
    # GitHub-flavoured renderers make links of bare addresses too
    assert md_text(
        "Go to https://evil.example, WWW.evil.example or a@evil.example"
    ) == (r"Go to https\://evil.example, WWW\.evil.example or a\@evil.example")
    assert md_text("Note: the www of https") == "Note: the www of https"


def test_llms_text_is_shown_as_written():
    """A character reference is text: rendered, ``&#x202e;`` was the bidi
    override the front-matter check refuses, and ``&amp;`` showed as ``&``."""
    from markdown_it import MarkdownIt

    from newsdesk.writing.llms import md_text

    text = "Tom &#x202e;Jones &amp; ~~Co~~ &copy;"
    rendered = MarkdownIt().enable("strikethrough").renderInline(md_text(text))
    assert html.unescape(rendered) == text
