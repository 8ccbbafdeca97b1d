"""Synthetic AI Newsdesk sites for benchmarks: N posts in the site's own format.

Everything is drawn from a seeded random generator, so the same ``(posts, seed)``
always gives byte-identical files. Each post has valid front matter (date, summary,
1-4 tags from a pool of 40, 1-4 entities from a pool of 60 generated entity pages,
sometimes a series, a source) and about 800 words in the three sections every
post has. Two variants share the same Markdown bodies:

- ``site``: a copy of the real site (conf.py, templates, the newsdesk extension,
  index pages) with its posts and entities replaced by the synthetic ones;
- ``floor``: plain Sphinx + MyST + Furo, the same pages marked ``orphan`` (kept
  out of the sidebar), no newsdesk extension and no other extensions. Entity
  mentions become ``{doc}`` links, so both variants resolve the same references.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: What the benchmark copies from the real site (posts and entities are replaced).
SITE_FILES = ("conf.py", "index.md", "about.md", "posts/index.md", "entities/index.md")
SITE_DIRS = (
    "tags",
    "series",
    "standards",
    "publishers",
    "_templates",
    "_static",
    "_ext",
)

TAGS = (
    "models",
    "chips",
    "cloud",
    "earnings",
    "regulation",
    "safety",
    "coding",
    "agents",
    "open source",
    "robotics",
    "startups",
    "funding",
    "data centers",
    "energy",
    "privacy",
    "copyright",
    "search",
    "advertising",
    "healthcare",
    "education",
    "defense",
    "china",
    "europe",
    "india",
    "labor",
    "antitrust",
    "semiconductors",
    "supply chain",
    "partnerships",
    "acquisitions",
    "research",
    "benchmarks",
    "hardware",
    "smartphones",
    "autonomous driving",
    "finance",
    "media",
    "security",
    "policy",
    "infrastructure",
)
PUBLISHERS = (
    "The Verge",
    "Reuters",
    "Bloomberg",
    "Financial Times",
    "TechCrunch",
    "Ars Technica",
    "Wired",
    "The Information",
    "CNBC",
    "Associated Press",
)
KINDS = ("company", "person", "product", "model", "organization")
_SYLLABLES = (
    "ar",
    "bel",
    "cor",
    "dex",
    "el",
    "fin",
    "gal",
    "hex",
    "ion",
    "jun",
    "kor",
    "lum",
    "mer",
    "nov",
    "or",
    "pix",
    "quan",
    "ra",
    "sol",
    "tor",
    "ul",
    "vex",
    "wen",
    "xa",
    "yor",
    "zen",
)
_TEXT = (
    "the company said its new system would reach customers later this year while "
    "analysts questioned whether demand for training capacity can keep growing at "
    "the pace investors expect given rising costs for power chips and data that "
    "executives described as a long term bet on software agents which handle "
    "routine work across sales support and engineering teams regulators in several "
    "markets are reviewing how models are trained and deployed and competitors "
    "responded with price cuts partnerships and promises of safer more reliable "
    "products for enterprise buyers who want clear contracts predictable bills "
    "and evidence that the tools save time rather than create new risks"
)
_WORDS = tuple(_TEXT.split())

#: Dates run from START over SPAN_DAYS, whatever N is (so post i's date depends
#: only on i / N, and every post is in the past: none is held back as scheduled).
START = dt.datetime(2019, 1, 1, 8, 0, tzinfo=dt.UTC)
SPAN_DAYS = 7 * 365


@dataclasses.dataclass(frozen=True)
class Entity:
    name: str
    slug: str
    kind: str


@dataclasses.dataclass(frozen=True)
class Post:
    """One synthetic post: where it goes and its two renderings."""

    docname: str
    title: str
    published: dt.datetime
    tags: tuple[str, ...]
    entities: tuple[Entity, ...]
    series: str | None
    summary: str
    body: str  # Markdown after the title, with {entity} roles

    def site_text(self) -> str:
        lines = [
            "---",
            f"date: {self.published.strftime('%Y-%m-%dT%H:%M:%SZ')}",
            f"summary: {self.summary}",
            f"tags: [{', '.join(self.tags)}]",
            f"entities: [{', '.join(e.name for e in self.entities)}]",
        ]
        if self.series:
            lines.append(f"series: {self.series}")
        slug = self.docname.rsplit("/", 1)[-1]
        lines += [
            "source:",
            f'  title: "{self.title} (report)"',
            f"  publisher: {_pick_publisher(slug)}",
            f"  url: https://news.example.com/{self.published:%Y/%m}/{slug}",
            f"  date: {self.published.date().isoformat()}",
            "---",
            "",
            f"# {self.title}",
            "",
            self.body,
        ]
        return "\n".join(lines)

    def floor_text(self) -> str:
        body = re.sub(
            r"\{entity\}`([^`]+)`",
            lambda m: "{doc}`" + m.group(1) + " <" + _entity_doc(m.group(1)) + ">`",
            self.body,
        )
        # Tags stay in the front matter (MyST keeps them as metadata) so that the
        # tag-change scenario edits the same line in both variants.
        return (
            f"---\norphan: true\ntags: [{', '.join(self.tags)}]\n---\n\n"
            f"# {self.title}\n\n{body}"
        )


def _pick_publisher(slug: str) -> str:
    return PUBLISHERS[sum(map(ord, slug)) % len(PUBLISHERS)]


def _entity_doc(name: str) -> str:
    return f"/entities/{_slug(name)}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def entities(seed: int = 0, count: int = 60) -> list[Entity]:
    """The entity pool: ``count`` made-up names, unique slugs."""
    rng = random.Random(f"entities-{seed}")
    out: list[Entity] = []
    seen: set[str] = set()
    while len(out) < count:
        kind = KINDS[len(out) % len(KINDS)]
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = {
            "company": f"{word.title()} Labs",
            "person": f"{word.title()} {rng.choice(_SYLLABLES).title()}son",
            "product": f"{word.title()} Cloud",
            "model": f"{word.title()}-{rng.randint(2, 9)}",
            "organization": f"{word.title()} Institute",
        }[kind]
        if _slug(name) not in seen:
            seen.add(_slug(name))
            out.append(Entity(name, _slug(name), kind))
    return out


def _sentence(rng: random.Random, mention: str | None = None) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 20))]
    if mention:
        words.insert(rng.randint(1, len(words) - 1), mention)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, mentions: list[str], sentences: int = 5) -> str:
    out = []
    for i in range(sentences):
        mention = mentions[i] if i < len(mentions) else None
        out.append(_sentence(rng, mention))
    return " ".join(out)


def post(i: int, total: int, pool: list[Entity], seed: int = 0) -> Post:
    """Post number ``i`` of ``total`` (``i == total`` gives one more, the newest)."""
    rng = random.Random(f"post-{seed}-{i}")
    published = START + dt.timedelta(
        days=SPAN_DAYS * i / max(total, 1), hours=rng.randint(0, 10)
    )
    named = rng.sample(pool, rng.randint(1, 4))
    tags = tuple(rng.sample(TAGS, rng.randint(1, 4)))
    # A series is a running story: it lasts a while and has a handful of parts
    # (three stories per 60 consecutive posts, one post in five in a story), so
    # its length does not grow with the size of the site.
    story = (i // 60) * 3 + rng.randint(0, 2)
    series = f"Story {story + 1}" if rng.random() < 0.2 else None
    lead = named[0].name
    title = (
        f"{lead} {rng.choice(('expands', 'cuts', 'bets on', 'rethinks'))} "
        f"{tags[0]} plans ({i})"
    )
    roles = ["{entity}`" + e.name + "`" for e in named]
    body = "\n\n".join(
        [
            "## News Overview",
            _paragraph(rng, roles),
            _paragraph(rng, []),
            _paragraph(rng, roles[:1]),
            "## In-Depth Analysis",
            _paragraph(rng, []),
            "\n".join(f"- **{t.title()}.** {_sentence(rng)}" for t in tags),
            _paragraph(rng, roles[1:]),
            _paragraph(rng, []),
            _paragraph(rng, []),
            "## Commentary",
            _paragraph(rng, []),
            _paragraph(rng, roles[:1]),
            _paragraph(rng, []),
            "",
        ]
    )
    summary = _sentence(rng).replace(":", "")
    slug = f"{_slug(lead)}-{_slug(tags[0])}-{i:05d}"
    return Post(
        f"posts/{published.year}/{slug}",
        title,
        published,
        tags,
        tuple(named),
        series,
        summary,
        body,
    )


def entity_text(entity: Entity, seed: int = 0, floor: bool = False) -> str:
    rng = random.Random(f"entity-{seed}-{entity.slug}")
    head = (
        "---\norphan: true\n---"
        if floor
        else (f"---\nkind: {entity.kind}\nurl: https://{entity.slug}.example.com/\n---")
    )
    return f"{head}\n\n# {entity.name}\n\n{_paragraph(rng, [], 6)}\n"


FLOOR_CONF = '''"""Floor: plain Sphinx + MyST + Furo, posts kept out of the sidebar."""

project = "AI Newsdesk"
extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "AI Newsdesk"
html_copy_source = False
html_show_sourcelink = False
'''

FLOOR_INDEX = """# AI Newsdesk

News analysis about the AI industry.

```{toctree}
:hidden:

about
```
"""


def write_site(
    dest: Path, total: int, *, floor: bool = False, seed: int = 0, repo: Path = REPO
) -> list[Post]:
    """Write a ``site`` (or ``floor``) variant with ``total`` posts into ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if floor:
        (dest / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
        (dest / "index.md").write_text(FLOOR_INDEX, encoding="utf-8")
        shutil.copy2(repo / "about.md", dest / "about.md")
    else:
        for name in SITE_FILES:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo / name, dest / name)
        for name in SITE_DIRS:
            shutil.copytree(
                repo / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
            )
    pool = entities(seed)
    (dest / "entities").mkdir(exist_ok=True)
    for entity in pool:
        (dest / "entities" / f"{entity.slug}.md").write_text(
            entity_text(entity, seed, floor), encoding="utf-8"
        )
    posts = [post(i, total, pool, seed) for i in range(total)]
    for item in posts:
        write_post(dest, item, floor=floor)
    return posts


def write_post(dest: Path, item: Post, *, floor: bool = False) -> Path:
    path = dest / f"{item.docname}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(item.floor_text() if floor else item.site_text(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--floor", action="store_true", help="write the floor variant")
    args = parser.parse_args(argv)
    posts = write_site(args.dest, args.posts, floor=args.floor, seed=args.seed)
    print(f"{len(posts)} posts written to {args.dest}")


if __name__ == "__main__":
    main()
