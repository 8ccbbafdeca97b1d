"""Atom feeds: the site feed, one per tag, their links in ``<head>``, stable output."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import feedparser
import pytest

from conftest import page, warnings_of
from newsdesk.writing import feeds
from sitebuild import build, copy_root

UTC = dt.UTC
BASE = "https://example.org/news/"
SITE_OVERRIDES = {"html_baseurl": BASE, "notfound_urls_prefix": "/news/"}
POSTS = {  # newest first
    "february": "posts/2025/february-analysis",
    "january": "posts/2025/january-brief",
    "old": "posts/2024/old-news",
}


def parse(path: Path, url: str | None = None) -> feedparser.FeedParserDict:
    """Parse a feed file as a reader would, fetched from ``url`` if given."""
    headers = (
        {"content-location": url, "content-type": "application/atom+xml"}
        if url
        else None
    )
    parsed = feedparser.parse(path.read_bytes(), response_headers=headers)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def related(entry: feedparser.FeedParserDict) -> list[tuple[str, str]]:
    return [
        (link.href, link.get("title", ""))
        for link in entry.links
        if link.rel == "related"
    ]


# -- pure: rendering, URLs, ids, writing -------------------------------------------


def _entry(n: int, **changes: object) -> feeds.Entry:
    values: dict[str, object] = {
        "id": feeds.stable_id("P", f"posts/2025/p{n}"),
        "title": f"Post {n}",
        "summary": f"Summary {n}.",
        "url": f"https://example.org/posts/2025/p{n}.html",
        "published": dt.datetime(2025, 1, n, 9, tzinfo=UTC),
        "updated": dt.datetime(2025, 1, n, 9, tzinfo=UTC),
        "author": "Someone",
        "source_title": f"Source {n}",
        "source_url": f"https://news.example.com/{n}",
        "categories": ("AI",),
    }
    values.update(changes)
    return feeds.Entry(**values)  # type: ignore[arg-type]


def _feed(*entries: feeds.Entry) -> feeds.Feed:
    return feeds.Feed(
        path="atom.xml",
        id=feeds.stable_id("P", "feed"),
        title="P",
        subtitle="About P.",
        self_url="https://example.org/atom.xml",
        home_url="https://example.org/index.html",
        author="Desk",
        language="en",
        entries=entries,
    )


def test_render_escapes_text_and_keeps_it_plain(tmp_path):
    tricky = '<script>alert("x")</script> & "quotes"'
    path = tmp_path / "atom.xml"
    path.write_bytes(
        feeds.render(
            _feed(_entry(1, title=tricky, summary=tricky, source_title=tricky))
        )
    )
    entry = parse(path).entries[0]
    assert entry.title == tricky
    assert entry.summary == tricky
    assert entry.summary_detail.type == "text/plain"
    assert related(entry) == [("https://news.example.com/1", tricky)]
    assert b"<script>" not in path.read_bytes()


def test_control_characters_are_dropped_not_fatal(tmp_path):
    """YAML can smuggle a control character into a summary; lxml would refuse it."""
    summary = feeds.xml_text("Bell\x07 and back\x08space\tstay readable.")
    assert summary == "Bell and backspace\tstay readable."
    path = tmp_path / "atom.xml"
    path.write_bytes(feeds.render(_feed(_entry(1, summary=summary))))
    assert parse(path).entries[0].summary == summary


def test_render_dates_come_from_entries_not_the_clock(tmp_path):
    """The feed's updated date is the newest entry's, so builds are reproducible."""
    newer = _entry(2, updated=dt.datetime(2025, 3, 1, 12, tzinfo=UTC))
    feed = _feed(_entry(5), newer)
    first = feeds.render(feed)
    assert feeds.render(feed) == first
    path = tmp_path / "atom.xml"
    path.write_bytes(first)
    parsed = parse(path)
    assert parsed.feed.updated == "2025-03-01T12:00:00+00:00"
    assert [e.title for e in parsed.entries] == ["Post 5", "Post 2"]  # order kept
    assert parsed.entries[1].published == "2025-01-02T09:00:00+00:00"


def test_entry_has_one_alternate_link():
    """feedgen 1.0 drops an entry link's rel (lkiesow/python-feedgen#135); the
    source article must not become a second "alternate" link."""
    xml = feeds.render(_feed(_entry(1))).decode()
    assert '<link href="https://example.org/posts/2025/p1.html"/>' in xml
    assert (
        '<link href="https://news.example.com/1" rel="related" title="Source 1"/>'
        in xml
    )


class _Builder:
    def get_target_uri(self, docname: str) -> str:
        return "" if docname == "index" else f"{docname}/"


@pytest.mark.parametrize(
    ("baseurl", "feed_path", "docname", "expected"),
    [
        (
            "https://h.example/en/latest/",
            "atom.xml",
            "posts/2025/a",
            "https://h.example/en/latest/posts/2025/a/",
        ),
        (
            "https://h.example/en/latest",
            "tags/x.atom.xml",
            "index",
            "https://h.example/en/latest/",
        ),
        ("", "atom.xml", "posts/2025/a", "posts/2025/a/"),
        ("", "tags/x.atom.xml", "posts/2025/a", "../posts/2025/a/"),
        ("", "tags/x.atom.xml", "index", "../"),
        ("", "atom.xml", "index", "./"),
    ],
)
def test_urls_absolute_under_baseurl_else_relative_to_the_feed(
    baseurl, feed_path, docname, expected
):
    urls = feeds.Urls(_Builder(), baseurl)  # type: ignore[arg-type]
    assert urls.page(feed_path, docname) == expected


@pytest.mark.parametrize(
    ("baseurl", "feed_path", "expected"),
    [
        ("https://h.example/", "tags/x.atom.xml", "https://h.example/tags/x.atom.xml"),
        ("", "tags/x.atom.xml", "x.atom.xml"),
        ("", "atom.xml", "atom.xml"),
    ],
)
def test_self_link(baseurl, feed_path, expected):
    urls = feeds.Urls(_Builder(), baseurl)  # type: ignore[arg-type]
    assert urls.file(feed_path, feed_path) == expected


def test_ids_are_name_based_uuids():
    one = feeds.stable_id("AI Newsdesk", "posts/2025/a")
    assert one == feeds.stable_id("AI Newsdesk", "posts/2025/a")
    assert one != feeds.stable_id("AI Newsdesk", "posts/2025/b")
    assert uuid.UUID(one.removeprefix("urn:uuid:")).version == 5


def test_write_if_changed_leaves_equal_files_alone(tmp_path):
    path = tmp_path / "tags" / "x.atom.xml"
    assert feeds.write_if_changed(path, b"one")
    stamp = path.stat().st_mtime_ns
    assert not feeds.write_if_changed(path, b"one")
    assert path.stat().st_mtime_ns == stamp
    assert feeds.write_if_changed(path, b"two")
    assert path.read_bytes() == b"two"


# -- a built site with a canonical URL -----------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The discovery root as Read the Docs builds it: html_baseurl set."""
    return build(
        copy_root(tmp_path_factory.mktemp("feeds-site"), "discovery"),
        confoverrides=SITE_OVERRIDES,
    )


def test_site_builds_without_warnings(site):
    assert warnings_of(site.warning) == []


def test_site_feed_has_the_posts_newest_first_with_absolute_links(site):
    parsed = parse(Path(site.outdir) / "atom.xml")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Discovery Desk"
    assert parsed.feed.subtitle == "A small site for the discovery tests."
    assert parsed.feed.link == BASE + "index.html"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [
        BASE + "atom.xml"
    ]
    assert [e.link for e in parsed.entries] == [
        f"{BASE}{doc}.html" for doc in POSTS.values()
    ]
    assert all(e.id.startswith("urn:uuid:") for e in parsed.entries)


def test_posts_api_schema_is_found_at_the_address_the_index_gives(site):
    """A program validates api/posts.json against the schema it names: a
    validator that knows schemas by their $id finds it there (the published
    schema's $id was a placeholder host, so the index's address named nothing)."""
    import json

    import jsonschema
    from referencing import Registry, Resource

    out = Path(site.outdir) / "api"
    index = json.loads((out / "posts.json").read_text("utf-8"))
    schema = json.loads((out / "posts.schema.json").read_text("utf-8"))
    assert index["schema"] == BASE + "api/posts.schema.json"
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    validator = jsonschema.Draft202012Validator(
        {"$ref": index["schema"]}, registry=registry
    )
    validator.validate(index)


def test_entry_fields(site):
    february, january, old = parse(Path(site.outdir) / "atom.xml").entries
    assert january.title == "January brief on robots"
    assert january.summary == (
        "A January brief on robots, with the tag spelled in lower case."
    )
    assert january.published == "2025-01-15T00:00:00+00:00"
    assert january.updated == "2025-03-01T12:00:00+00:00"
    # updated defaults to published; offsets are kept as written
    assert february.updated == february.published == "2025-02-10T18:00:00+01:00"
    assert (
        february.summary
        == "Chips & <markup> in a summary stay plain text in every feed."
    )
    assert related(january) == [
        ("https://wire.example.com/robots?month=1&year=2025", "Robots in January")
    ]
    # the post's author, else the site's
    assert old.author == "Ada Writer"
    assert january.author == "Desk Editors"
    # categories are the tags as their pages name them: "ai" is the tag "AI"
    assert [t.term for t in january.tags] == ["AI", "robots"]
    assert [t.term for t in old.tags] == ["AI", "人工知能"]


def test_feed_updated_is_the_newest_entry_date(site):
    """January's update (March 1) is newer than February's publication."""
    parsed = parse(Path(site.outdir) / "atom.xml")
    assert parsed.feed.updated == "2025-03-01T12:00:00+00:00"


def test_one_feed_per_tag(site):
    outdir = Path(site.outdir)
    ai = parse(outdir / "tags" / "ai.atom.xml")
    assert ai.feed.title == "Discovery Desk: AI"
    assert ai.feed.link == BASE + "tags/ai.html"
    assert [e.link for e in ai.entries] == [
        f"{BASE}{doc}.html" for doc in POSTS.values()
    ]
    japanese = parse(outdir / "tags" / "ren-gong-zhi-neng.atom.xml")
    assert japanese.feed.title == "Discovery Desk: 人工知能"
    assert [e.title for e in japanese.entries] == ["Old news from December"]
    names = sorted(p.name for p in (outdir / "tags").glob("*.atom.xml"))
    assert names == [
        "ai.atom.xml",
        "chips.atom.xml",
        "ren-gong-zhi-neng.atom.xml",
        "robots.atom.xml",
    ]


def _feed_links(soup) -> list[tuple[str, str]]:
    return [
        (link["title"], link["href"])
        for link in soup.select(
            'head link[rel="alternate"][type="application/atom+xml"]'
        )
    ]


def test_feeds_are_announced_in_head(site):
    assert _feed_links(page(site, "index")) == [("Discovery Desk (Atom)", "atom.xml")]
    assert _feed_links(page(site, "posts/2025/january-brief")) == [
        ("Discovery Desk (Atom)", "../../atom.xml")
    ]
    assert _feed_links(page(site, "tags/ai")) == [
        ("Discovery Desk (Atom)", "../atom.xml"),
        ("Discovery Desk: AI", "ai.atom.xml"),
    ]
    assert _feed_links(page(site, "search")) == [("Discovery Desk (Atom)", "atom.xml")]
    # 404.html is served at any depth: an absolute path
    assert _feed_links(page(site, "404")) == [
        ("Discovery Desk (Atom)", "/news/atom.xml")
    ]


def test_json_feed_is_announced_in_head_beside_the_atom_feed(site):
    """JSON Feed readers discover feed.json from a page, as Atom readers do
    atom.xml (https://www.jsonfeed.org/version/1.1/#discovery)."""
    for pagename, prefix in (
        ("index", ""),
        ("posts/2025/january-brief", "../../"),
        ("tags/ai", "../"),
        ("404", "/news/"),
    ):
        links = page(site, pagename).select(
            'head link[rel="alternate"][type="application/feed+json"]'
        )
        assert [(link["title"], link["href"]) for link in links] == [
            ("Discovery Desk (JSON Feed)", f"{prefix}feed.json")
        ], pagename
    assert (Path(site.outdir) / "feed.json").is_file()


@pytest.mark.parametrize(
    "pagename", ["index", "posts/2025/january-brief", "tags/ai", "corrections", "404"]
)
def test_a_feed_readers_chooser_tells_every_feed_of_a_page_apart(site, pagename):
    """The Atom and the JSON Feed of the site had the same title: a feed
    reader's chooser listed two identical names."""
    links = page(site, pagename).select('head link[rel="alternate"][title]')
    titles = [link["title"] for link in links]
    assert len(titles) >= 2, pagename
    assert len(set(titles)) == len(titles), titles


def test_rebuild_rewrites_nothing_and_drops_stale_tag_feeds(site):
    outdir = Path(site.outdir)
    before = {
        p: (p.read_bytes(), p.stat().st_mtime_ns) for p in outdir.rglob("*.atom.xml")
    }
    before[outdir / "atom.xml"] = (
        (outdir / "atom.xml").read_bytes(),
        (outdir / "atom.xml").stat().st_mtime_ns,
    )
    stale = [outdir / f"{folder}/gone.atom.xml" for folder in ("tags", "series")]
    # an entity's, in a folder of its own: entities may sit in subfolders
    stale.append(outdir / "entities/people/gone.atom.xml")
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"<feed/>")
    # A second run of the build on the same folders, as a writer would do.
    build(Path(site.srcdir), confoverrides=SITE_OVERRIDES, fresh=False)
    assert not [path for path in stale if path.exists()]
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before}
    assert after == before


def test_an_entity_left_with_no_post_loses_its_feed(tmp_path):
    """Built again once its only post no longer names it, an entity has no
    feed: the old one, still listing that post, is removed; the others stay."""
    srcdir = copy_root(tmp_path, "knowledge")
    outdir = Path(build(srcdir).outdir)
    gone = outdir / "entities/satya-nadella.atom.xml"
    kept = outdir / "entities/microsoft.atom.xml"
    assert gone.is_file()
    assert kept.is_file()
    post = srcdir / "posts/2025/nadella-interview.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace("[Satya Nadella, Microsoft]", "[Microsoft]"), encoding="utf-8"
    )
    build(srcdir, fresh=False)
    assert not gone.exists()
    assert kept.is_file()


def test_feeds_of_posts_no_longer_published_go_in_both_formats(tmp_path):
    """Built again when none of its posts is published any more (all dated
    after the build's date), the site drops atom.xml and feed.json alike: the
    JSON Feed does not go on listing them."""
    srcdir = copy_root(tmp_path, "discovery")
    outdir = Path(build(srcdir, confoverrides=SITE_OVERRIDES).outdir)
    assert (outdir / "atom.xml").is_file()
    assert (outdir / "feed.json").is_file()
    before_2000 = {"SOURCE_DATE_EPOCH": "946684800"}
    build(srcdir, confoverrides=SITE_OVERRIDES, env=before_2000, fresh=False)
    assert not (outdir / "atom.xml").exists()
    assert not (outdir / "feed.json").exists()


# -- a local build: no canonical URL, dirhtml ------------------------------------------


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """A local preview-like build: no html_baseurl, directory URLs, short feeds."""
    return build(
        copy_root(tmp_path_factory.mktemp("feeds-local"), "discovery"),
        "dirhtml",
        confoverrides={"newsdesk_feed_length": 2},
    )


def test_local_build_has_valid_relative_feeds(local, site):
    assert warnings_of(local.warning) == []
    outdir = Path(local.outdir)
    assert not (outdir / "sitemap.xml").exists()  # a sitemap needs absolute URLs
    raw = parse(outdir / "atom.xml")
    assert [e.link for e in raw.entries] == [
        f"{doc}/" for doc in list(POSTS.values())[:2]
    ]
    # A reader resolves them against the feed's own address.
    host = "https://preview.example/site/"
    for name in ("atom.xml", "tags/ai.atom.xml"):
        parsed = parse(outdir / name, host + name)
        assert [e.link for e in parsed.entries] == [
            f"{host}{doc}/" for doc in list(POSTS.values())[:2]
        ]
    # Ids do not depend on where the site lives.
    absolute = parse(Path(site.outdir) / "atom.xml")
    assert [e.id for e in raw.entries] == [e.id for e in absolute.entries[:2]]


def test_local_head_links_are_relative_to_directory_urls(local):
    soup = page(local, "posts/2025/january-brief/index")
    assert _feed_links(soup) == [("Discovery Desk (Atom)", "../../../atom.xml")]


def test_quiet_build_prints_nothing_and_a_full_one_counts_feeds_once(
    rootdir, tmp_path, capsys
):
    """``-q`` (as ``nox -s docs`` builds) shows warnings only, and there are none;
    without it, the feed line adds up: N Atom feeds and the JSON Feed, N + 1
    files on a fresh build, not "N Atom feeds, N + 1 written" ("The first hour")."""
    import re
    import shutil

    from sphinx.cmd.build import build_main

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    quiet = ["-T", "-W", "--keep-going", "-q", "-E", "-b", "html"]
    assert build_main([*quiet, str(srcdir), str(tmp_path / "quiet")]) == 0
    printed = capsys.readouterr()
    assert (printed.out, printed.err) == ("", "")

    outdir = tmp_path / "full"
    assert build_main(["-T", "-E", "-b", "html", str(srcdir), str(outdir)]) == 0
    status = capsys.readouterr().out
    line = re.search(
        r"newsdesk: (\d+) Atom feeds? and 1 JSON Feed \((\d+) files? changed\)", status
    )
    assert line, status[-500:]
    atom = [p for p in outdir.rglob("*.xml") if b"<feed" in p.read_bytes()[:400]]
    assert int(line.group(1)) == len(atom) > 1
    assert int(line.group(2)) == len(atom) + 1
    assert "newsdesk: posts API, " in status
    assert "file(s)" not in status


def test_feed_readers_get_the_site_logo_as_the_feeds_icon(tmp_path):
    """A feed reader showed a blank square beside every one of the site's feeds:
    neither the Atom feeds (atom:icon) nor the JSON Feed (icon) named an image."""
    import json

    app = build(copy_root(tmp_path, "sharing"))
    out = Path(app.outdir)
    logo = "https://news.example.org/desk/_static/logo.png"
    assert (out / "_static/logo.png").is_file()
    for name in ("atom.xml", "tags/ai.atom.xml", "corrections.atom.xml"):
        assert parse(out / name).feed.icon == logo, name
    assert json.loads((out / "feed.json").read_text("utf-8"))["icon"] == logo
    # A site without a logo names none.
    assert (
        "icon" not in parse(Path(_site_without_logo(tmp_path).outdir) / "atom.xml").feed
    )


def test_json_feed_items_preview_with_the_posts_social_cards(site, local, tmp_path):
    """JSON Feed readers showed each post as bare text: its item named no
    image, though every post has a social card at an address known when the
    feed is written (_images/cards/<docname>.png)."""
    import json

    for app, base in ((site, BASE), (local, "")):
        out = Path(app.outdir)
        items = json.loads((out / "feed.json").read_text("utf-8"))["items"]
        assert items
        for item in items:
            docname = item["url"].removeprefix(BASE).removesuffix(".html")
            docname = docname.removesuffix("/")
            assert item["image"] == f"{base}_images/cards/{docname}.png"
            # relative to feed.json at the root: the card itself, drawn
            assert (out / item["image"].removeprefix(base)).is_file(), item["image"]
    # No cards, no images: not an address that leads nowhere.
    off = build(
        copy_root(tmp_path, "discovery"),
        confoverrides={**SITE_OVERRIDES, "newsdesk_social_cards": False},
    )
    items = json.loads((Path(off.outdir) / "feed.json").read_text("utf-8"))["items"]
    assert items
    assert not any("image" in item for item in items)


def _site_without_logo(tmp_path: Path):
    return build(
        copy_root(tmp_path / "plain", "discovery"), confoverrides=SITE_OVERRIDES
    )


def test_a_new_base_url_reaches_every_site_wide_file_without_a_source_change(
    tmp_path,
):
    """No source changed, so no document is read, and a build with nothing
    changed writes no feed, API file or llms.txt; a new html_baseurl still
    reaches them all."""
    srcdir = copy_root(tmp_path, "discovery")
    first = build(srcdir, confoverrides=SITE_OVERRIDES)
    out = Path(first.outdir)
    files = [
        "atom.xml",
        "feed.json",
        "llms.txt",
        *(p.relative_to(out).as_posix() for p in (out / "api").rglob("*.json")),
    ]
    stamps = {name: (out / name).stat().st_mtime_ns for name in files}
    build(srcdir, confoverrides=SITE_OVERRIDES, fresh=False)
    assert {name: (out / name).stat().st_mtime_ns for name in files} == stamps
    moved = {**SITE_OVERRIDES, "html_baseurl": "https://news.example.net/desk/"}
    build(srcdir, confoverrides=moved, fresh=False)
    for name in ("atom.xml", "feed.json", "llms.txt", "api/posts.json"):
        text = (out / name).read_text("utf-8")
        assert "https://news.example.net/desk/" in text, name
        assert BASE not in text, name
