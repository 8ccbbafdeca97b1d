"""Social cards: one 1200x630 PNG per post for link previews, cached by content.

Drawn with Pillow (sphinxext-opengraph's matplotlib cards take ~0.5 s each and
cannot show the source). A card's inputs (title, date, publisher, site name,
fonts, renderer version) hash to a file name in a cache folder next to the
doctrees, which survives ``-E`` builds; the output gets a hard link (or a copy)
of the cached file. So a build renders only the cards whose inputs changed, in
a background process while Sphinx writes the pages.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import filecmp
import functools
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import __version__ as babel_version
from PIL import Image, ImageDraw, ImageFont
from sphinx.util import logging
from zlib_ng import zlib_ng

from newsdesk import children, dates, run
from newsdesk.index import domain as registry

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Bump whenever the drawing changes, so cached cards are redrawn.
RENDERER_VERSION = "7"
WIDTH, HEIGHT = 1200, 630
#: Output folder of the cards, relative to the HTML output root.
OUTPUT_DIR = "_images/cards"
#: Cache entries unused for this long are deleted (drafts come and go).
CACHE_MAX_AGE = 30 * 24 * 3600

FONT_DIR = Path(__file__).parent / "fonts"
# DejaVu Sans ships with the extension: a pip-only machine or Read the Docs may
# have no system fonts. It covers Latin, Greek, Cyrillic, Arabic and Hebrew.
BOLD = str(FONT_DIR / "DejaVuSans-Bold.ttf")
REGULAR = str(FONT_DIR / "DejaVuSans.ttf")

# The site's brand blue (#1a4fa3, as in the favicon) and its family.
BLUE = (26, 79, 163)
DARK_BLUE = (15, 47, 102)
PALE_BLUE = (214, 226, 245)
ACCENT = (127, 167, 232)
WHITE = (255, 255, 255)

MARGIN = 80
#: (font size, most lines) for the title, tried largest first
TITLE_SIZES = ((72, 3), (62, 4), (54, 4), (48, 5))
ELLIPSIS = "\u2026"


@dataclasses.dataclass(frozen=True)
class Fonts:
    """Font files (path, face index) for the title and the smaller lines."""

    bold: tuple[str, int] = (BOLD, 0)
    regular: tuple[str, int] = (REGULAR, 0)


@dataclasses.dataclass(frozen=True)
class CardSpec:
    """Everything drawn on one card; equal specs give identical PNGs."""

    title: str
    date: str
    publisher: str
    site_name: str
    fonts: Fonts = Fonts()

    def digest(self) -> str:
        """Content hash naming the cached PNG."""
        # A flat list, not dataclasses.asdict: this runs for every post on
        # every build, and asdict's deep copy was most of a no-op rebuild's card step.
        fonts = self.fonts
        data = [
            RENDERER_VERSION,
            self.title,
            self.date,
            self.publisher,
            self.site_name,
            *fonts.bold,
            *fonts.regular,
        ]
        text = json.dumps(data, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclasses.dataclass
class CardReport:
    """What one build did with the cards (logged, and checked by the tests)."""

    rendered: int = 0
    cached: int = 0
    seconds: float = 0.0
    #: drawn while the pages were written; ``seconds`` is then the wait at the end
    background: bool = False

    def __str__(self) -> str:
        each = (
            f" ({1000 * self.seconds / self.rendered:.0f} ms each)"
            if self.rendered and not self.background
            else f" (in the background, {self.seconds:.1f} s waited at the end)"
            if self.rendered
            else ""
        )
        return (
            f"newsdesk: {self.rendered} social cards rendered{each}, "
            f"{self.cached} from cache"
        )


def output_path(docname: str) -> str:
    """Where a post's card sits in the output, relative to its root."""
    return f"{OUTPUT_DIR}/{docname}.png"


# -- drawing ---------------------------------------------------------------------


@functools.cache
def _font(face: tuple[str, int], size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face[0], size, index=face[1])


@functools.cache
def _coverage(face: tuple[str, int]) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(face[0], fontNumber=face[1], lazy=True) as font:
        return frozenset(font.getBestCmap())


def _missing(text: str, face: tuple[str, int]) -> set[str]:
    """Characters of ``text`` the font has no glyph for (spacing and controls aside)."""
    covered = _coverage(face)
    return {
        ch
        for ch in text
        if ord(ch) not in covered
        and not ch.isspace()
        and unicodedata.category(ch)[0] not in {"C", "M"}
    }


def choose_fonts(*texts: str) -> Fonts:
    """DejaVu Sans, or a system font covering scripts it lacks (CJK, Thai, ...).

    If fontconfig finds none, DejaVu draws the text anyway, missing glyphs as
    boxes: a card with boxes beats a failed build.
    """
    text = "".join(texts)
    if text.isascii():
        return Fonts()  # DejaVu has every ASCII glyph: no need to load its cmap
    missing = _missing(text, (BOLD, 0))
    if not missing:
        return Fonts()
    face = _system_face(missing)
    if face is not None and not _missing(text, face):
        return Fonts(bold=face, regular=face)
    logger.info(
        "newsdesk: no font covers %r; the card shows boxes", "".join(sorted(missing))
    )
    return Fonts()


def _system_face(chars: Iterable[str]) -> tuple[str, int] | None:
    """Ask fontconfig (where installed) for a bold font covering ``chars``."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    charset = " ".join(f"{ord(ch):x}" for ch in sorted(chars))
    try:
        found = subprocess.run(
            [fc_match, "--format=%{file}\n%{index}", f":charset={charset}:weight=bold"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) != 2 or not found[0] or not found[1].isdigit():
        return None
    return found[0], int(found[1])


def fit(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """``text`` cut at a word (or a character) and ended with … to fit ``width``."""
    if font.getlength(text) <= width:
        return text
    # Grown from the start, not cut from the end: what fits is a line, the
    # text may be a long paragraph (measuring it again a word at a time was
    # quadratic).
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if font.getlength(candidate + ELLIPSIS) > width:
            break
        kept = candidate
    if not kept:  # the first word alone is too wide: as many of its characters
        for char in words[0] if words else "":
            if font.getlength(kept + char + ELLIPSIS) > width:
                break
            kept += char
    return kept.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS


@functools.lru_cache(maxsize=8192)
def _word_length(font: ImageFont.FreeTypeFont, word: str) -> float:
    """A word's advance: titles share their words, and each title is tried
    at several sizes."""
    return font.getlength(word)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy line breaks at spaces; words (or unspaced scripts) too wide are split.

    A line is measured as its words and spaces added up, each word measured
    once: measuring every candidate line again was a third of a card's time.
    The lines found are then measured whole, and if one is wider than that
    sum said (a font that kerns across a space), every line is broken as it
    is measured whole.
    """
    space = _word_length(font, " ")
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        length = _word_length(font, word)
        grown = used + space + length if line else length
        if grown <= width:
            line.append(word)
            used = grown
            continue
        if line:
            lines.append(" ".join(line))
        if length <= width:
            line, used = [word], length
            continue
        pieces = _split_word(word, font, width)
        lines += pieces[:-1]
        line, used = [pieces[-1]], font.getlength(pieces[-1])
    if line:
        lines.append(" ".join(line))
    if any(font.getlength(found) > width for found in lines):
        return _wrap_measuring_lines(text, font, width)
    return lines


def _split_word(word: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """A word too wide for a line, cut into lines of as many characters as fit."""
    pieces = [""]
    for ch in word:
        if pieces[-1] and font.getlength(pieces[-1] + ch) > width:
            pieces.append("")
        pieces[-1] += ch
    return pieces


def _wrap_measuring_lines(
    text: str, font: ImageFont.FreeTypeFont, width: float
) -> list[str]:
    """:func:`wrap`, measuring each candidate line whole."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        *whole, line = _split_word(word, font, width)
        lines += whole
    if line:
        lines.append(line)
    return lines


def title_lines(
    title: str, face: tuple[str, int], width: float
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size that fits; at the smallest, an ellipsis cuts the rest."""
    for size, most in TITLE_SIZES:
        font = _font(face, size)
        lines = wrap(title, font, width)
        if len(lines) <= most:
            return font, lines
    lines = [*lines[: most - 1], fit(" ".join(lines[most - 1 :]), font, width)]
    return font, lines


def render(spec: CardSpec) -> bytes:
    """Draw one card; returns the PNG bytes.

    The card is a palette image, 2.5x smaller and faster to encode than RGB,
    drawn as its palette indices in a greyscale image. Every pixel is a blend
    of a text colour and a flat background, and the palette holds 16 steps of
    each pair in a row of indices that starts at the background's index: so
    greyscale anti-aliasing from the background's index to the text's "ink"
    index lands exactly on the right blend. The brand row and the footer band
    are the same on every card: drawn once.
    """
    card = _base(spec.site_name, spec.fonts.bold).copy()
    inner = WIDTH - 2 * MARGIN
    # Title, vertically centred between the brand row and the footer.
    font, lines = title_lines(spec.title, spec.fonts.bold, inner)
    step = round(font.size * 1.2)
    top = 160 + (330 - step * len(lines)) // 2
    placed = [((MARGIN, top + i * step), line) for i, line in enumerate(lines)]
    _draw_within(card, TITLE_BOX, placed, font=font, fill=_INK["title"])
    # Footer: where the story comes from, and when we wrote about it.
    small = _font(spec.fonts.regular, 32)
    date_width = small.getlength(spec.date)
    ImageDraw.Draw(card).text(
        (WIDTH - MARGIN, 573), spec.date, font=small, fill=_INK["date"], anchor="rm"
    )
    width = inner - date_width - 48
    source = fit(f"Source: {spec.publisher}", small, width)
    box = (0, FOOTER_TOP + 6, MARGIN + round(width) + 24, HEIGHT)
    _draw_within(
        card,
        box,
        [((MARGIN, 573), source)],
        font=small,
        fill=_INK["source"],
        anchor="lm",
    )
    return encode_png(card)


def _draw_within(
    card: Image.Image,
    box: tuple[int, int, int, int],
    texts: list[tuple[tuple[int, int], str]],
    **options: Any,
) -> None:
    """Draw each (position, text) on ``card``, leaving all outside ``box`` as it is.

    Text is fitted by its advance, not its ink: marks stacked on a letter (the
    metadata check refuses more than a few) or a font's tall glyphs would
    otherwise be drawn over the brand row, the footer or the date.
    """
    region = card.crop(box)
    draw = ImageDraw.Draw(region)
    for (x, y), text in texts:
        draw.text((x - box[0], y - box[1]), text, **options)
    card.paste(region, box[:2])


#: zlib-ng's level 2: 0.8 ms and 16 KB for a typical card, where Pillow's
#: encoder took 3 ms for 26 KB at level 1 (it links the system's zlib)
PNG_LEVEL = 2
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def encode_png(indices: Image.Image) -> bytes:
    """The card's palette indices ("L") as an 8-bit palette PNG.

    Written here rather than by Pillow only to compress with zlib-ng, four
    times faster than the zlib Pillow's wheels load, which made encoding the
    largest part of a card. Each scanline gets filter 0 (none), as Pillow
    writes palette images: the image is pasted one column right, so that
    column 0 (zeros) is each row's filter byte and ``tobytes`` is the whole
    uncompressed stream.
    """
    width, height = indices.size
    scanlines = Image.new("L", (width + 1, height), 0)
    scanlines.paste(indices, (1, 0))
    data = zlib_ng.compress(scanlines.tobytes(), PNG_LEVEL)
    return b"".join(
        (_png_header(width, height), _chunk(b"IDAT", data), _chunk(b"IEND", b""))
    )


@functools.cache
def _png_header(width: int, height: int) -> bytes:
    # 8 bits per pixel, colour type 3 (palette), default compression, filter
    # and no interlacing; then the palette, 96 entries.
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    palette = bytes(_palette().getpalette() or [])
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"PLTE", palette)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib_ng.crc32(data, zlib_ng.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


FOOTER_TOP = 510
#: the title's part of the card: below the brand row, above the footer
TITLE_BOX = (0, 136, WIDTH, FOOTER_TOP)
_STEPS = 16
#: Palette rows: (first index, step between indices, text colour, background).
#: The title's and footer texts' rows start at their background's index (0,
#: 32), so the base must use those indices, and no other entry may repeat
#: BLUE or DARK_BLUE.
_ROWS = (
    (0, 1, WHITE, BLUE),  # title
    (32, 1, WHITE, DARK_BLUE),  # source
    (32, -1, PALE_BLUE, DARK_BLUE),  # date: indices 31 down to 17
    (48, 1, BLUE, WHITE),  # the brand square's letters
    (64, 1, ACCENT, DARK_BLUE),  # the footer's top stripe
    (80, 1, ACCENT, BLUE),
)
#: the "ink" index of each text: its row's last step
_INK = {"title": 15, "source": 47, "date": 17}


@functools.cache
def _base(site_name: str, bold: tuple[str, int]) -> Image.Image:
    """Palette indices ("L") of what every card shares: background, brand row, footer."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(image)
    # Brand row: the favicon's rounded square, then the site name.
    draw.rounded_rectangle((MARGIN, 56, MARGIN + 72, 128), radius=14, fill=WHITE)
    draw.text(
        (MARGIN + 36, 92), "ND", font=_font((BOLD, 0), 32), fill=BLUE, anchor="mm"
    )
    site_font = _font(bold, 38)
    draw.text(
        (MARGIN + 96, 92),
        fit(site_name, site_font, WIDTH - 2 * MARGIN - 96),
        font=site_font,
        fill=WHITE,
        anchor="lm",
    )
    draw.rectangle((0, FOOTER_TOP, WIDTH, HEIGHT), fill=DARK_BLUE)
    draw.rectangle((0, FOOTER_TOP, WIDTH, FOOTER_TOP + 6), fill=ACCENT)
    quantized = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    return Image.frombytes("L", quantized.size, quantized.tobytes())


@functools.cache
def _palette() -> Image.Image:
    """A palette image holding the 16 blends of each row of ``_ROWS``."""
    colours: list[tuple[int, ...]] = [(0, 0, 0)] * 96  # unused: black, on no card
    for first, direction, fg, bg in _ROWS:
        for step in range(_STEPS):
            share = step / (_STEPS - 1)
            colour = tuple(
                round(f * share + b * (1 - share)) for f, b in zip(fg, bg, strict=True)
            )
            index = first + direction * step
            if colour in (BLUE, DARK_BLUE) and index not in (0, 32):
                continue  # a background repeated would confuse the base's quantizing
            colours[index] = colour
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


def render_to(spec: CardSpec, path: Path) -> float:
    """Draw a card into ``path`` (atomically); returns the seconds it took."""
    start = time.perf_counter()
    data = render(spec)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return time.perf_counter() - start


# -- the cache and the output ----------------------------------------------------


def sync_cards(
    specs: dict[str, CardSpec], cache: Path, outdir: Path, workers: int = 1
) -> CardReport:
    """Render missing cards into ``cache``; link every card into ``outdir``."""
    cache.mkdir(parents=True, exist_ok=True)
    cached = {
        docname: cache / f"{spec.digest()}.png" for docname, spec in specs.items()
    }
    misses = {docname: path for docname, path in cached.items() if not path.exists()}
    report = CardReport(cached=len(cached) - len(misses))
    start = time.perf_counter()
    jobs = sorted(misses)
    if workers > 1 and len(jobs) > 1:
        with concurrent.futures.ProcessPoolExecutor(min(workers, len(jobs))) as pool:
            list(
                pool.map(render_to, [specs[d] for d in jobs], [misses[d] for d in jobs])
            )
    else:
        for docname in jobs:
            render_to(specs[docname], misses[docname])
    report.rendered = len(jobs)
    report.seconds = time.perf_counter() - start
    for docname, path in cached.items():
        _place(path, outdir / output_path(docname))
    _remove_stale_outputs(outdir / OUTPUT_DIR, {output_path(d) for d in specs}, outdir)
    _prune(cache, set(cached.values()))
    return report


def _place(cached: Path, target: Path) -> None:
    """Hard-link the cached card into the output; copy across file systems."""
    if target.exists() and (
        os.path.samefile(cached, target) or filecmp.cmp(cached, target, shallow=False)
    ):
        return  # unchanged: keep its mtime, so rsync and browsers see no change
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def _remove_stale_outputs(folder: Path, wanted: set[str], outdir: Path) -> None:
    """Cards of removed or renamed posts would stay online; delete them."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*.png"):
        if path.relative_to(outdir).as_posix() not in wanted:
            path.unlink()


def _prune(cache: Path, used: set[Path]) -> None:
    now = time.time()
    for path in cache.glob("*.png"):
        if path not in used and now - path.stat().st_mtime > CACHE_MAX_AGE:
            path.unlink(missing_ok=True)


# -- Sphinx ----------------------------------------------------------------------


def cache_dir(app: Sphinx) -> Path:
    """The card cache: inside the doctree folder, which ``-E`` keeps.

    Not its parent: with ``sphinx-build SRC OUT`` the doctrees sit in
    ``OUT/.doctrees``, and the parent would be the published output.
    """
    return Path(app.doctreedir) / "newsdesk-cards"


@dataclasses.dataclass(frozen=True)
class CardInputs:
    """What one post's card is drawn from, read from its view; ``fonts`` is
    None for text in ASCII, which DejaVu draws without looking at its glyphs."""

    docname: str
    title: str
    day: dt.date
    publisher: str
    fonts: Fonts | None


def card_inputs(app: Sphinx) -> list[CardInputs]:
    """Every post's card inputs, by docname. Choosing fonts for text that is
    not ASCII asks fontconfig, so it is done here, once per build."""
    site_name = app.config.html_title or app.config.project
    inputs = []
    for docname, view in sorted(registry.views(app.env).items()):
        post = view.card
        texts = (post.title, post.publisher, site_name)
        fonts = None if "".join(texts).isascii() else choose_fonts(*texts)
        inputs.append(
            CardInputs(
                docname, post.title, post.published.date(), post.publisher, fonts
            )
        )
    return inputs


def card_specs(
    app: Sphinx, inputs: list[CardInputs] | None = None
) -> dict[str, CardSpec]:
    """One card per post in the registry, by docname."""
    config = app.config
    site_name = config.html_title or config.project
    return {
        card.docname: CardSpec(
            card.title,
            dates.long_date(card.day, config.language or "en"),
            card.publisher,
            site_name,
            card.fonts or Fonts(),
        )
        for card in (card_inputs(app) if inputs is None else inputs)
    }


def start_rendering(app: Sphinx, env: object) -> None:
    """``env-updated``: bring the cards up to date in the background.

    Every card is known once reading is done, so a separate process draws the
    missing ones and links all of them into the output on another core while
    Sphinx writes the pages; ``write_cards`` collects its report. It is a plain
    child process started with ``subprocess``, not a pool: a pool keeps a
    thread in this process, and under ``-j`` Sphinx forks its page writers from
    it, which a thread makes unsafe.
    """
    if not _wanted(app):
        return
    inputs = card_inputs(app)
    key = fingerprint(app, inputs)
    app.newsdesk_card_key = key  # type: ignore[attr-defined]
    if _unchanged(app, key):
        app.newsdesk_cards_unchanged = True  # type: ignore[attr-defined]
        return
    # From here until write_cards is done, the output's cards may be half updated.
    (cache_dir(app) / STATE).unlink(missing_ok=True)
    specs = card_specs(app, inputs)
    # Computed once per build: write_cards reuses them.
    app.newsdesk_card_specs = specs  # type: ignore[attr-defined]
    if len(specs) < BACKGROUND_MIN or not _any_missing(specs, cache_dir(app)):
        return  # not worth a process: write_cards does it
    try:
        jobs = _Background.start(specs, cache_dir(app), Path(app.outdir))
    except OSError as exc:  # no interpreter to start: write_cards does it all
        logger.info("newsdesk: no card process (%s); drawing cards at the end", exc)
        return
    app.newsdesk_card_jobs = jobs  # type: ignore[attr-defined]


#: sites with fewer posts than this get their cards in the build's process
BACKGROUND_MIN = 8
#: in the cache folder: whose cards the last build left in which output
STATE = "last-build.json"


def fingerprint(app: Sphinx, inputs: list[CardInputs]) -> str:
    """Every input of every card, without formatting a date or hashing a
    card: the same fingerprint, the same cards.

    A build that changed no post (most incremental builds) then skips the
    card step but for checking that each card is in the output.
    """
    config = app.config
    data: list[object] = [
        RENDERER_VERSION,
        babel_version,  # how dates are spelled
        config.language or "en",
        config.html_title or config.project,
        BOLD,
        REGULAR,
    ]
    for card in inputs:
        fonts = card.fonts and dataclasses.astuple(card.fonts)
        data.append(
            (card.docname, card.title, card.day.isoformat(), card.publisher, fonts)
        )
    text = json.dumps(data, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _state(app: Sphinx, key: str) -> dict[str, str]:
    """What ``STATE`` holds once the output has the cards of ``key``."""
    return {"fingerprint": key, "outdir": str(Path(app.outdir).resolve())}


def _unchanged(app: Sphinx, key: str) -> bool:
    """Whether the last build left the cards of ``key`` in this output, each
    still there."""
    try:
        state = json.loads((cache_dir(app) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    outdir = Path(app.outdir)
    return state == _state(app, key) and all(
        os.path.isfile(outdir / output_path(docname))
        for docname in registry.views(app.env)
    )


def _remember(app: Sphinx, key: str) -> None:
    """Record that the output holds the cards of ``key``, all up to date."""
    path = cache_dir(app) / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(_state(app, key)), encoding="utf-8")
    tmp.replace(path)


def _any_missing(specs: dict[str, CardSpec], cache: Path) -> bool:
    """Whether any card has to be drawn: if not, linking the cached ones is
    quicker done here than by a new process (a build that changed no card)."""
    return any(not (cache / f"{spec.digest()}.png").exists() for spec in specs.values())


@dataclasses.dataclass
class _Background:
    """A child process running ``sync_cards`` (``python -m newsdesk.writing.cards``)."""

    process: subprocess.Popen[bytes]
    jobfile: Path

    @classmethod
    def start(
        cls, specs: dict[str, CardSpec], cache: Path, outdir: Path
    ) -> _Background:
        cache.mkdir(parents=True, exist_ok=True)
        jobfile = cache / f".jobs-{os.getpid()}.json"
        job = {
            "cache": str(cache),
            "outdir": str(outdir),
            "specs": {d: dataclasses.astuple(spec) for d, spec in specs.items()},
        }
        jobfile.write_text(json.dumps(job), encoding="utf-8")
        # The package's parent folder: conf.py may have put it on sys.path only.
        path = os.pathsep.join(
            filter(None, (str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH")))
        )
        with jobfile.with_suffix(".log").open("wb") as errors:
            process = children.start(
                [sys.executable, "-m", "newsdesk.writing.cards", str(jobfile)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env={**os.environ, "PYTHONPATH": path},
                close_fds=True,
            )
        return cls(process, jobfile)

    def finish(self, cancel: bool) -> CardReport | None:
        """Wait for the process (or stop it); its report, None if it failed."""
        if cancel:
            self.process.kill()
        returncode = self.process.wait()
        log, result = self.jobfile.with_suffix(".log"), self.jobfile.with_suffix(".out")
        failure = log.read_text(encoding="utf-8", errors="replace").strip()
        report = (
            CardReport(**json.loads(result.read_text(encoding="utf-8")))
            if returncode == 0 and not cancel and result.exists()
            else None
        )
        for path in (self.jobfile, log, result):
            path.unlink(missing_ok=True)
        if report is None and not cancel:
            # sync_cards runs again in the build's process, which then reports
            # any error with the build.
            logger.info("newsdesk: the card process failed (%s); retrying", failure)
        return report


def _collect_background(app: Sphinx, cancel: bool) -> CardReport | None:
    """Wait for (or cancel) the background process; its report."""
    jobs: _Background | None = getattr(app, "newsdesk_card_jobs", None)
    if jobs is None:
        return None
    del app.newsdesk_card_jobs  # type: ignore[attr-defined]
    return jobs.finish(cancel)


def _run_job(jobfile: Path) -> None:
    """The background process: ``sync_cards`` as the job file says."""
    os.nice(19)  # the page writers come first
    job = json.loads(jobfile.read_text(encoding="utf-8"))
    specs = {}
    for docname, fields in job["specs"].items():
        title, date, publisher, site_name, (bold, regular) = fields
        fonts = Fonts((bold[0], bold[1]), (regular[0], regular[1]))
        specs[docname] = CardSpec(title, date, publisher, site_name, fonts)
    report = sync_cards(specs, Path(job["cache"]), Path(job["outdir"]))
    result = jobfile.with_suffix(".out")
    tmp = result.with_suffix(".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(report)), encoding="utf-8")
    tmp.replace(result)


def _wanted(app: Sphinx) -> bool:
    return run.whole_site(app) and bool(app.config.newsdesk_social_cards)


def write_cards(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: make sure every post's card is in the output.

    At build-finished (not html-collect-pages, which yields pages) the registry
    is final and the page writers, forked under ``-j``, are done; every card is
    checked, not only those of rewritten pages, since an incremental build
    rewrites few pages but the output must hold every card.
    """
    start = time.perf_counter()
    report = _collect_background(app, cancel=exception is not None)
    if exception is not None or not _wanted(app):
        return
    if getattr(app, "newsdesk_cards_unchanged", False):
        report = CardReport(cached=len(registry.views(app.env)))
    elif report is not None:
        report.background = True
        report.seconds = time.perf_counter() - start
    else:
        specs = getattr(app, "newsdesk_card_specs", None) or card_specs(app)
        report = sync_cards(
            specs, cache_dir(app), Path(app.outdir), workers=app.parallel
        )
    key = getattr(app, "newsdesk_card_key", None)
    _remember(app, key or fingerprint(app, card_inputs(app)))
    logger.info(str(report))


if __name__ == "__main__":
    _run_job(Path(sys.argv[1]))
