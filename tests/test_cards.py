"""Social cards: drawing, fonts, the content-hash cache and its use in a build."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sphinx.testing.util import SphinxTestApp

from newsdesk.writing import cards

SPEC = cards.CardSpec(
    "Acme ships a rocket model", "May 20, 2025", "Example News", "Desk"
)
INNER = cards.WIDTH - 2 * cards.MARGIN


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_card_is_a_1200x630_png():
    image = _image(cards.render(SPEC))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    # The brand blue fills the background.
    assert image.convert("RGB").getpixel((5, 300)) == cards.BLUE


def test_png_encoder_keeps_every_pixel():
    """The hand-written PNG decodes (chunk checksums included) to the indices
    drawn, each row whole, with the cards' palette."""
    indices = Image.new("L", (37, 5))
    indices.putdata([(x * 7 + y * 13) % 96 for y in range(5) for x in range(37)])
    image = _image(cards.encode_png(indices))
    assert (image.format, image.mode, image.size) == ("PNG", "P", (37, 5))
    assert image.tobytes() == indices.tobytes()
    assert image.getpalette() == cards._palette().getpalette()


def _blends(fg, bg):
    return {
        tuple(round(f * s / 15 + b * (1 - s / 15)) for f, b in zip(fg, bg, strict=True))
        for s in range(16)
    }


def test_text_is_anti_aliased_in_its_own_colours():
    """Each text's pixels are blends of its colour and its background only."""
    image = _image(cards.render(SPEC)).convert("RGB")

    def colours(box):
        return {colour for _, colour in image.crop(box).getcolors(1 << 20)}

    title = colours((0, 140, 1200, 500))
    assert title <= _blends(cards.WHITE, cards.BLUE)
    assert len(title) > 8  # anti-aliased, not two flat colours
    date = colours((900, 530, 1200, 630))
    assert date <= _blends(cards.PALE_BLUE, cards.DARK_BLUE)
    assert cards.PALE_BLUE in date
    source = colours((0, 530, 700, 630))
    assert source <= _blends(cards.WHITE, cards.DARK_BLUE)
    assert cards.WHITE in source


def test_rendering_is_deterministic():
    """The same card, byte for byte, from a fresh interpreter (its own font
    caches and hash seed): the cache and reproducible builds rely on it."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        elsewhere = pool.submit(cards.render, SPEC).result()
    here = cards.render(SPEC)
    assert here == elsewhere
    other = cards.render(dataclasses.replace(SPEC, title="Another title"))
    assert other != here  # the bytes depend on the content


def test_long_title_is_cut_with_an_ellipsis():
    title = " ".join(["Extraordinarily long headline words"] * 12)
    font, lines = cards.title_lines(title, (cards.BOLD, 0), INNER)
    smallest, most = cards.TITLE_SIZES[-1]
    assert font.size == smallest
    assert len(lines) == most
    assert lines[-1].endswith("\u2026")
    assert all(font.getlength(line) <= INNER for line in lines)


@pytest.mark.parametrize(
    ("title", "publisher"),
    [
        ("Breaking a" + "\u0301" * 150, "Example News"),  # marks above
        ("Breaking a" + "\u0323" * 150, "Example News"),  # ... and below
        ("Short title", "Example" + "\u0301\u0323" * 60),
    ],
)
def test_text_stays_in_its_box(title, publisher):
    """The text is fitted by its advance, not its ink: a letter with a stack
    of marks (which the metadata check names) was drawn over the brand row
    and through the footer and off the card. Outside the title's and the
    source's boxes, the card is as it is without them."""
    spec = dataclasses.replace(SPEC, title=title, publisher=publisher)
    plain = dataclasses.replace(SPEC, title="", publisher="")
    date = cards._font((cards.REGULAR, 0), 32).getlength(SPEC.date)
    source = (0, cards.FOOTER_TOP + 6, round(cards.WIDTH - cards.MARGIN - date), 630)
    drawn, empty = (_image(cards.render(s)).convert("L") for s in (spec, plain))
    for image in (drawn, empty):
        for box in (cards.TITLE_BOX, source):
            image.paste(0, box)
    assert drawn.tobytes() == empty.tobytes()


def test_short_title_keeps_the_largest_size():
    font, lines = cards.title_lines("Short title", (cards.BOLD, 0), INNER)
    assert (font.size, lines) == (cards.TITLE_SIZES[0][0], ["Short title"])


def test_unspaced_text_is_broken_between_characters():
    font = cards._font((cards.BOLD, 0), 60)
    lines = cards.wrap("x" * 200, font, 500)
    assert len(lines) > 1
    assert "".join(lines) == "x" * 200
    assert all(font.getlength(line) <= 500 for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "Nvidia pays about $20 billion to license Groq's inference chips",
        "A title with a mark after a space \u0301 and AVAWAY T.Y. kerning pairs",
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 "
        * 6,
        "\u4e2d\u6587\u6807\u9898\u6ca1\u6709\u7a7a\u683c" * 8 + " and words",
        "Supercalifragilisticexpialidocious" * 3 + " then short words follow it",
    ],
)
def test_wrapped_lines_fit_and_keep_every_word(text):
    """Lines are measured from their words' widths; whatever the script, no
    line is wider than the card's text, and no word is lost or moved."""
    for size, _ in cards.TITLE_SIZES:
        font = cards._font((cards.BOLD, 0), size)
        lines = cards.wrap(text, font, INNER)
        assert all(font.getlength(line) <= INNER for line in lines)
        assert "".join("".join(lines).split()) == "".join(text.split())


def test_lines_wider_than_their_words_said_are_broken_again(monkeypatch):
    """A font that kerns across a space makes a line wider than its words and
    spaces added up: the lines are then broken as they are measured whole."""
    font = cards._font((cards.BOLD, 0), 72)
    monkeypatch.setattr(cards, "_word_length", lambda font, word: 1.0)
    text = "Nvidia pays about $20 billion to license Groq's inference chips"
    lines = cards.wrap(text, font, INNER)
    assert len(lines) > 1
    assert all(font.getlength(line) <= INNER for line in lines)
    assert " ".join(lines) == text


def test_fit_cuts_at_a_word():
    font = cards._font((cards.REGULAR, 0), 32)
    text = cards.fit("Source: A publisher with a very long name indeed", font, 400)
    assert text.endswith("\u2026")
    assert font.getlength(text) <= 400
    assert (
        text.removesuffix("\u2026")
        in "Source: A publisher with a very long name indeed"
    )


def test_fit_measures_what_fits_not_the_whole_paragraph():
    """A title of 20,000 words is cut in a few dozen measurements (cutting it
    from the end took one per word: minutes a card)."""
    font = cards._font((cards.REGULAR, 0), 32)
    calls = []

    class Counting:
        def getlength(self, text: str) -> float:
            calls.append(len(text))
            return font.getlength(text)

    text = cards.fit("a " * 20000, Counting(), 400)  # type: ignore[arg-type]
    assert text.endswith("\u2026")
    assert font.getlength(text) <= 400
    assert len(calls) < 100
    assert cards.fit("x" * 5000, font, 400) == cards.fit("x" * 60, font, 400)


@pytest.mark.parametrize(
    "title",
    [
        "微软与 xAI 合作, Grok 登陆 Azure",  # CJK: not in DejaVu
        "مايكروسوفت تستضيف نموذج غروك على أزور",  # right to left
        "Ελληνικά και кириллица",
        "Emoji 🚀 and combining e\u0301 and zero\u200bwidth",
    ],
)
def test_non_latin_titles_render(title):
    fonts = cards.choose_fonts(title, "Publisher")
    spec = dataclasses.replace(SPEC, title=title, fonts=fonts)
    image = _image(cards.render(spec)).convert("RGB")
    assert image.size == (1200, 630)
    # The title is drawn: anti-aliased ink in the title area, none outside it.
    ink = {c for _, c in image.crop((0, 140, 1200, 500)).getcolors(1 << 20)}
    assert cards.WHITE in ink
    assert len(ink) > 8
    blank = {c for _, c in image.crop((0, 0, 1200, 40)).getcolors(1 << 20)}
    assert blank == {cards.BLUE}


def test_latin_text_uses_the_shipped_font():
    assert cards.choose_fonts("Acme's “quoted” title — café") == cards.Fonts()


def test_without_fontconfig_uncovered_text_falls_back_to_dejavu(monkeypatch):
    monkeypatch.setattr(cards.shutil, "which", lambda name: None)
    assert cards.choose_fonts("微软") == cards.Fonts()


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Another title"},
        {"date": "May 21, 2025"},
        {"publisher": "Other News"},
        {"site_name": "Other Desk"},
        {"fonts": cards.Fonts(bold=("/fonts/other.ttf", 0))},
    ],
)
def test_digest_follows_every_input(change):
    assert SPEC.digest() == dataclasses.replace(SPEC).digest()
    assert dataclasses.replace(SPEC, **change).digest() != SPEC.digest()


def test_digest_follows_the_renderer_version(monkeypatch):
    before = SPEC.digest()
    monkeypatch.setattr(cards, "RENDERER_VERSION", "test")
    assert SPEC.digest() != before


# -- the cache, without Sphinx ------------------------------------------------------


def _specs(*titles: str) -> dict[str, cards.CardSpec]:
    return {
        f"posts/{i}": dataclasses.replace(SPEC, title=title)
        for i, title in enumerate(titles)
    }


def test_sync_renders_only_what_changed(tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    specs = _specs("One", "Two", "Three")
    assert cards.sync_cards(specs, cache, out).rendered == 3
    paths = {d: out / cards.output_path(d) for d in specs}
    before = {d: path.read_bytes() for d, path in paths.items()}

    again = cards.sync_cards(specs, cache, out)
    assert (again.rendered, again.cached) == (0, 3)

    specs["posts/1"] = dataclasses.replace(specs["posts/1"], title="Two, renamed")
    del specs["posts/2"]
    changed = cards.sync_cards(specs, cache, out)
    assert (changed.rendered, changed.cached) == (1, 1)
    assert paths["posts/0"].read_bytes() == before["posts/0"]
    assert paths["posts/1"].read_bytes() != before["posts/1"]
    assert not paths["posts/2"].exists()  # a removed post's card leaves the output
    assert "1 social cards rendered" in str(changed)


def test_sync_renders_in_processes(tmp_path):
    specs = _specs("One", "Two", "Three")
    report = cards.sync_cards(specs, tmp_path / "cache", tmp_path / "out", workers=2)
    assert report.rendered == 3
    for docname, spec in specs.items():
        assert (tmp_path / "out" / cards.output_path(docname)).read_bytes() == (
            cards.render(spec)
        )


def test_old_unused_cache_entries_are_pruned(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / "0123.png"
    stale.write_bytes(b"old")
    recent = cache / "4567.png"
    recent.write_bytes(b"recent")
    old = 1_000_000_000
    os.utime(stale, (old, old))
    cards.sync_cards(_specs("One"), cache, tmp_path / "out")
    assert not stale.exists()
    assert recent.exists()


# -- in a build ---------------------------------------------------------------------

_REPORT = re.compile(r"newsdesk: (\d+) social cards rendered.*?, (\d+) from cache")


def _build(srcdir: Path, **kwargs: object) -> tuple[SphinxTestApp, tuple[int, int]]:
    status = io.StringIO()
    warning = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=status, warning=warning, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning.getvalue() == ""
    found = _REPORT.findall(status.getvalue())
    counts = (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)
    return app, counts


@pytest.fixture
def srcdir(tmp_path: Path, rootdir: Path) -> Path:
    path = tmp_path / "src"
    shutil.copytree(rootdir / "test-sharing", path)
    return path


def test_cards_survive_fresh_builds_and_follow_edits(srcdir):
    """``-E`` keeps the cache; editing one title redraws that card only."""
    app, counts = _build(srcdir)
    assert counts == (2, 0)
    out = Path(app.outdir) / cards.OUTPUT_DIR / "posts/2025"
    plain, hostile = out / "plain.png", out / "hostile.png"
    plain_bytes, hostile_stat = plain.read_bytes(), hostile.stat()

    _, counts = _build(srcdir, freshenv=True)
    assert counts == (0, 2)

    post = srcdir / "posts/2025/plain.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "# Acme's rocket model", "# Acme's jet"
        ),
        encoding="utf-8",
    )
    _, counts = _build(srcdir)  # incremental
    assert counts == (1, 1)
    assert plain.read_bytes() != plain_bytes
    assert hostile.stat().st_mtime_ns == hostile_stat.st_mtime_ns
    assert hostile.stat().st_ino == hostile_stat.st_ino


def test_a_build_that_changed_no_card_only_checks_the_output(srcdir, monkeypatch):
    """No post changed: no card is specified, hashed, drawn or linked again,
    even under -E; the output's cards stay as they were."""
    app, counts = _build(srcdir)
    assert counts == (2, 0)
    card = Path(app.outdir) / cards.output_path("posts/2025/plain")
    before = card.stat()

    def unwanted(*args: object) -> None:
        raise AssertionError("the card step ran with no card changed")

    monkeypatch.setattr(cards, "card_specs", unwanted)
    monkeypatch.setattr(cards, "sync_cards", unwanted)
    for fresh in (False, True):
        _, counts = _build(srcdir, freshenv=fresh)
        assert counts == (0, 2)
    assert (card.stat().st_ino, card.stat().st_mtime_ns) == (
        before.st_ino,
        before.st_mtime_ns,
    )


@pytest.mark.parametrize(
    "overrides", [{"html_title": "Other Desk"}, {"language": "fr"}]
)
def test_a_new_site_name_or_language_redraws_every_card(srcdir, overrides):
    """The site's name and its dates' language are on every card."""
    _build(srcdir)
    _, counts = _build(srcdir, confoverrides=overrides)
    assert counts == (2, 0)


def test_parallel_build_renders_every_card(srcdir):
    app, counts = _build(srcdir, parallel=2)
    assert counts == (2, 0)
    for name in ("plain", "hostile"):
        with Image.open(
            Path(app.outdir) / f"_images/cards/posts/2025/{name}.png"
        ) as im:
            assert im.size == (1200, 630)


def test_dirhtml_card_urls(srcdir):
    app = SphinxTestApp(
        "dirhtml", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    html = (Path(app.outdir) / "posts/2025/plain/index.html").read_text(
        encoding="utf-8"
    )
    soup = BeautifulSoup(html, "html.parser")
    image = soup.select_one('meta[property="og:image"]')["content"]
    base = "https://news.example.org/desk/"
    assert image == f"{base}_images/cards/posts/2025/plain.png"
    assert (Path(app.outdir) / image.removeprefix(base)).is_file()
    assert soup.select_one('meta[property="og:url"]')["content"] == (
        f"{base}posts/2025/plain/"
    )


def test_cards_can_be_switched_off(srcdir):
    app, counts = _build(srcdir, confoverrides={"newsdesk_social_cards": False})
    assert counts == (0, 0)
    assert not (Path(app.outdir) / cards.OUTPUT_DIR).exists()
    html = (Path(app.outdir) / "posts/2025/plain.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select('meta[property="og:image"]') == []
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary"
    assert "_images/cards" not in html


@pytest.mark.parametrize("parallel", [0, 2])
def test_background_process_draws_the_same_cards(srcdir, monkeypatch, parallel):
    """Cards drawn by the background process equal those drawn in the build."""
    monkeypatch.setattr(cards, "BACKGROUND_MIN", 1)
    status = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, status=status, warning=io.StringIO(), parallel=parallel
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert "2 social cards rendered (in the background" in status.getvalue()
    specs = {f"posts/2025/{name}" for name in ("plain", "hostile")}
    cache = Path(app.doctreedir) / "newsdesk-cards"
    assert not list(cache.glob(".jobs-*"))  # the job file and its log are gone
    for docname in specs:
        drawn = (Path(app.outdir) / cards.output_path(docname)).read_bytes()
        spec = app.newsdesk_card_specs[docname]
        assert drawn == cards.render(spec)


def test_cached_cards_are_linked_without_a_process(srcdir, monkeypatch):
    """When every card is in the cache, no process is started for them, and a
    card missing from the output (deleted by hand) is put back."""
    monkeypatch.setattr(cards, "BACKGROUND_MIN", 1)
    app, counts = _build(srcdir)
    assert counts == (2, 0)
    card = Path(app.outdir) / cards.output_path("posts/2025/plain")
    drawn = card.read_bytes()
    card.unlink()

    def no_process(*args: object) -> None:
        raise AssertionError("a card process was started with nothing to draw")

    monkeypatch.setattr(cards._Background, "start", no_process)
    _, counts = _build(srcdir, freshenv=True)
    assert counts == (0, 2)
    assert card.read_bytes() == drawn


@pytest.mark.parametrize("executable", ["false", "no-such-python"])
def test_a_failed_background_process_leaves_no_card_missing(
    srcdir, monkeypatch, executable
):
    """A child that fails, or cannot start, leaves the cards to the build."""
    monkeypatch.setattr(cards, "BACKGROUND_MIN", 1)
    path = shutil.which(executable) or str(srcdir / executable)
    monkeypatch.setattr(cards.sys, "executable", path)
    app, counts = _build(srcdir)
    assert counts == (2, 0)  # drawn again in the build's own process
    for name in ("plain", "hostile"):
        with Image.open(
            Path(app.outdir) / f"_images/cards/posts/2025/{name}.png"
        ) as im:
            assert im.size == (1200, 630)
