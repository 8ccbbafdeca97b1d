"""The cross-document index: order, tags, entities, series, related posts.

Computed once per build at ``env-updated`` from the merged registry, never while
reading (a parallel worker only sees its own documents). Each page that shows
cross-document content gets a signature of that content; pages whose signature
changed since the last build are rewritten even though their source did not
change (a neighbour's new title, a tag page gaining a post), and nothing else is.
"""

from __future__ import annotations

import collections
import difflib
import hashlib
import heapq
import itertools
import operator
import re
from pathlib import Path
from typing import TYPE_CHECKING

from slugify import slugify
from sphinx.util import logging

from newsdesk.index import domain as registry
from newsdesk.index.model import Publisher, Series, SiteIndex, SourceMix, Tag
from newsdesk.reading.document import report
from newsdesk.reading.lookalikes import (
    entity_lookalikes,
    first_lookalikes,
    lookalike_problem,
)
from newsdesk.reading.metadata import (
    Problem,
    entity_claims,
    fold,
    post_path_of,
    taken_entity_name,
    unknown_entity,
)
from newsdesk.reading.urls import story_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from collections.abc import Set as AbstractSet

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from newsdesk.index.records import EntityMeta, PostMeta

logger = logging.getLogger(__name__)


#: slugs taken by the hand-written index pages of tags/ and series/
_RESERVED_SLUGS = frozenset({"index"})


def make_slug(name: str) -> str:
    """ASCII URL slug; names with no Latin transliteration get a stable hash."""
    slug = slugify(name, max_length=60, word_boundary=True)
    if not slug:
        slug = "t-" + hashlib.sha1(fold(name).encode()).hexdigest()[:10]
    if slug in _RESERVED_SLUGS:
        # A tag called "Index" must not overwrite tags/index.html.
        slug = f"{slug}-tag"
    return slug


# -- building the index ----------------------------------------------------------


def build_index(
    posts: dict[str, PostMeta],
    entities: dict[str, EntityMeta],
    related_count: int = 3,
    related_for: AbstractSet[str] | None = None,
) -> SiteIndex:
    """Compute the whole index from the registry (pure, deterministic).

    ``related_for``: the posts whose related posts are wanted (a preview's);
    None for every post.
    """
    index = SiteIndex()
    order = sorted(posts.values(), key=lambda p: p.sort_key)
    index.chronological = tuple(p.docname for p in order)
    index.position = {name: i for i, name in enumerate(index.chronological)}
    newest = list(reversed(order))
    _index_tags(index, newest)
    _index_entities(index, newest, entities)
    _index_series(index, order)
    _index_publishers(index, newest)
    index.related = related_posts(posts, index, related_count, related_for)
    _check_stories(index, order)
    return index


def corrections_log(posts: dict[str, PostMeta]) -> list[tuple[PostMeta, int]]:
    """Every correction as (post, its index in the post's list), newest first;
    ties by the post's publication order, newest first."""
    found = [
        (post, number)
        for post in posts.values()
        for number in range(len(post.fields.corrections))
    ]
    found.sort(
        key=lambda item: (
            item[0].fields.corrections[item[1]].date,
            item[0].sort_key,
            item[1],
        ),
        reverse=True,
    )
    return found


def _check_stories(index: SiteIndex, order: list[PostMeta]) -> None:
    """One story, one post: a later post citing an earlier one's article (or
    its original report) must say it follows that post up."""
    by_doc = {post.docname: post for post in order}
    first: dict[str, PostMeta] = {}
    titled: dict[str, PostMeta] = {}
    # Of two posts published at the same moment, a copy left unchanged, the
    # one whose file is named for its title (as nox -s new names it) is the
    # original: its file name sorting first gave the original the messages.
    for post in _originals_first(order):
        # A copied post whose title was left as it was: two posts, one headline.
        same = titled.setdefault(fold(post.title), post)
        if same is not post:
            index.problems.setdefault(post.docname, []).append(
                Problem(
                    "title",
                    f"{post.title!r} is also the title of {same.docname}.md; "
                    "each post needs a title of its own, saying what happened",
                    post.line_of("title"),
                )
            )
        follows = post.fields.follow_up_to
        if follows is not None:
            earlier = by_doc.get(follows)
            if earlier is None or earlier.sort_key >= post.sort_key:
                why = f"{follows}.md is not an earlier published post"
                # a post of that name in another year's folder: the path to write
                meant = post_path_of(follows, by_doc) if earlier is None else None
                if meant is not None:
                    why += f"; write 'follow_up_to: {meant}'"
                index.problems.setdefault(post.docname, []).append(
                    Problem("follow_up_to", why, post.line_of("follow_up_to"))
                )
        source = post.fields.source
        urls = {story_url(source.url)}
        if source.original:
            urls.add(story_url(source.original.url))
        for url in sorted(urls):
            earlier = first.setdefault(url, post)
            if earlier is post or follows == earlier.docname:
                continue
            index.problems.setdefault(post.docname, []).append(
                Problem(
                    "source.url",
                    f"{earlier.docname}.md already covers {url!r}; add "
                    f"'follow_up_to: {earlier.docname}.md' if this post follows "
                    "it up, or cite a different article",
                    post.line_of("source.url"),
                )
            )


def _originals_first(order: list[PostMeta]) -> Iterator[PostMeta]:
    """``order`` (publication order), with posts of one moment ordered by
    :func:`_named_for` first: only ties are slugified, not every post of the
    site on every build."""
    for _, same in itertools.groupby(order, key=lambda p: p.fields.published):
        group = list(same)
        yield from (
            sorted(group, key=lambda p: not _named_for(p)) if len(group) > 1 else group
        )


def _named_for(post: PostMeta) -> bool:
    """Whether a post's file is named for its title, as ``nox -s new`` names
    it (``tools/scaffold.post_slug``)."""
    stem = post.docname.rsplit("/", 1)[-1]
    return stem == slugify(post.title, max_length=60, word_boundary=True)


def _index_tags(index: SiteIndex, newest: list[PostMeta]) -> None:
    spellings: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    members: dict[str, list[str]] = collections.defaultdict(list)
    by_doc = {post.docname: post for post in newest}
    for post in newest:
        for tag in post.fields.tags:
            spellings[fold(tag)][tag] += 1
            if post.docname not in members[fold(tag)]:
                members[fold(tag)].append(post.docname)
    # The spelling most posts use names the tag ("AI" over one "ai").
    names = {key: _most_used(counts) for key, counts in spellings.items()}
    doubles = _doubles("tag", names, members)
    by_slug: dict[str, str] = {}
    for key in sorted(spellings):
        name = names[key]
        if name in doubles:
            _double(index, "tags", doubles[name], by_doc[members[key][0]])
            continue
        slug = make_slug(name)
        if slug in by_slug:
            first = by_doc[members[key][0]]
            _slug_clash(index, "tags", name, index.tags[slug].name, slug, first)
            continue
        by_slug[slug] = key
        index.tag_slugs[key] = slug
        index.tags[slug] = Tag(name, slug, tuple(members[key]))


def _index_entities(
    index: SiteIndex, newest: list[PostMeta], entities: dict[str, EntityMeta]
) -> None:
    pages = [(d, e.name, e.fields.aliases) for d, e in sorted(entities.items())]
    index.entity_names, lost = entity_claims(pages)
    for docname, field, name, owner in lost:
        message = taken_entity_name(name, field, entities[owner].name, owner)
        line = entities[docname].line_of(field) if field == "aliases" else None
        index.problems.setdefault(docname, []).append(Problem(field, message, line))
    for docname, field, name, other, owner in entity_lookalikes(pages):
        message = lookalike_problem("entity", name, other, owner)
        line = entities[docname].line_of(field) if field == "aliases" else None
        index.problems.setdefault(docname, []).append(Problem(field, message, line))
    posts_of: dict[str, list[str]] = collections.defaultdict(list)
    for post in newest:
        resolved: list[str] = []
        for name in post.fields.entities:
            target = index.resolve_entity(name)
            if target is None:
                index.problems.setdefault(post.docname, []).append(
                    Problem(
                        "entities",
                        _unknown_entity(name, entities),
                        post.line_of("entities"),
                    )
                )
            elif target not in resolved:
                resolved.append(target)
                posts_of[target].append(post.docname)
        index.post_entities[post.docname] = tuple(resolved)
    index.entity_posts = {d: tuple(posts_of.get(d, ())) for d in sorted(entities)}


def _unknown_entity(name: str, entities: dict[str, EntityMeta]) -> str:
    # Shared with `python -m newsdesk lint`, which must say the same.
    return unknown_entity(name, (n for e in entities.values() for n in e.names))


def _doubles(
    kind: str, names: dict[str, str], members: dict[str, list[str]]
) -> dict[str, str]:
    """Each name that stands for another of its ``kind`` -> why: it passes for
    it (other characters that look the same), or it is that name written with
    other spaces or punctuation. The name of the most posts keeps its spelling (then
    the first in sort order); the other would be a second page for one thing."""
    order = sorted(names, key=lambda key: (-len(members[key]), key))
    found = {
        name: lookalike_problem(kind, name, other)
        for name, other in first_lookalikes([names[key] for key in order]).items()
    }
    for name, other in _respellings(order, names).items():
        found.setdefault(
            name,
            f"{name!r} is the {kind} {other!r} written with other spaces or "
            f"punctuation; write {other!r}, as the site's other posts do",
        )
    return found


#: what may join or split a name's words without making it another name
_JOINERS = re.compile(r"[\s\-\u2010-\u2015._'\u2019\u00b7/]+")


def _respellings(order: list[str], names: dict[str, str]) -> dict[str, str]:
    """Names (their keys in ``order``, most posts first) that differ from an
    earlier one only in spaces and joining punctuation (``Tech Briefly``,
    ``TechBriefly``, ``A.I.``) -> that name. Signs that change a name (``C++``
    is not ``C``, ``R&D`` not ``R D``) are kept: such names are told apart, or
    share a page (an error of its own)."""
    kept: dict[str, str] = {}
    found: dict[str, str] = {}
    for key in order:
        bare = _JOINERS.sub("", key)
        if bare in kept:
            found[names[key]] = kept[bare]
        elif bare:
            kept[bare] = names[key]
    return found


def _double(index: SiteIndex, field: str, why: str, post: PostMeta) -> None:
    """A name that stands for another: an error on ``post``, the first naming it."""
    index.problems.setdefault(post.docname, []).append(
        Problem(field, why, post.line_of(field))
    )


def _most_used(spellings: collections.Counter[str]) -> str:
    """The spelling of a name most posts use (then the first in sort order)."""
    return min(spellings, key=lambda s: (-spellings[s], s))


def _slug_clash(
    index: SiteIndex, field: str, name: str, other: str, slug: str, post: PostMeta
) -> None:
    """Two tag or series names would share one page: an error on the later post."""
    index.problems.setdefault(post.docname, []).append(
        Problem(
            field,
            f"{name!r} and {other!r} would share the page {field}/{slug}; "
            "rename one of them",
            post.line_of(field),
        )
    )


def _index_series(index: SiteIndex, order: list[PostMeta]) -> None:
    members: dict[str, list[str]] = collections.defaultdict(list)
    names: dict[str, str] = {}
    by_doc = {post.docname: post for post in order}
    for post in order:
        if post.fields.series:
            key = fold(post.fields.series)
            names.setdefault(key, post.fields.series)
            members[key].append(post.docname)
    doubles = _doubles("series", names, members)
    for key in sorted(members):
        if names[key] in doubles:
            _double(index, "series", doubles[names[key]], by_doc[members[key][0]])
            continue
        slug = make_slug(names[key])
        if slug in index.series:
            first = by_doc[members[key][0]]
            _slug_clash(
                index, "series", names[key], index.series[slug].name, slug, first
            )
            continue
        index.series[slug] = Series(names[key], slug, tuple(members[key]))
        for docname in members[key]:
            index.post_series[docname] = slug


def cited(post: PostMeta) -> list[tuple[str, str]]:
    """(publisher, role) of what a post cites: "original" or "relay"."""
    source = post.fields.source
    if source.reporter:
        return [(source.reporter, "original"), (source.publisher, "relay")]
    return [(source.publisher, "original")]


def _index_publishers(index: SiteIndex, newest: list[PostMeta]) -> None:
    names: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    members: dict[str, list[str]] = collections.defaultdict(list)
    roles: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for post in newest:
        for name, role in cited(post):
            key = fold(name)
            names[key][name] += 1
            roles[key][role] += 1
            if post.docname not in members[key]:
                members[key].append(post.docname)
    chosen = {key: _most_used(counts) for key, counts in names.items()}
    doubles = _doubles("publisher", chosen, members)
    by_doc = {post.docname: post for post in newest}
    for key in sorted(names):
        name = chosen[key]
        if name in doubles:
            # Still indexed (every post's publisher has a page): the build fails.
            post = by_doc[members[key][0]]
            _double(index, _publisher_field(post, key), doubles[name], post)
        slug = make_slug(name)
        while slug in index.publishers:  # two spellings, one slug: keep both
            slug = f"{slug}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"
        index.publisher_slugs[key] = slug
        index.publishers[slug] = Publisher(
            name, slug, tuple(members[key]), roles[key]["original"], roles[key]["relay"]
        )


def _publisher_field(post: PostMeta, key: str) -> str:
    """The front-matter field in which ``post`` names the publisher ``key``."""
    source = post.fields.source
    if source.original and fold(source.original.publisher) == key:
        return "source.original.publisher"
    if source.reported_by and fold(source.reported_by) == key:
        return "source.reported_by"
    return "source.publisher"


def source_mix(posts: list[PostMeta]) -> SourceMix:
    """The outlets a list of posts draws on (a series, an entity's posts)."""
    outlets: set[str] = set()
    originals = relays = 0
    for post in posts:
        for name, role in cited(post):
            outlets.add(fold(name))
            if role == "original":
                originals += 1
            else:
                relays += 1
    return SourceMix(len(outlets), originals, relays)


def related_posts(
    posts: dict[str, PostMeta],
    index: SiteIndex,
    count: int,
    only: AbstractSet[str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Up to ``count`` posts per post, ranked by shared entities, then shared tags,
    then recency (newest first), then docname. Never the post itself."""
    by_entity: dict[str, list[str]] = collections.defaultdict(list)
    by_tag: dict[str, list[str]] = collections.defaultdict(list)
    tags_of = {d: {fold(t) for t in posts[d].fields.tags} for d in index.chronological}
    for docname in index.chronological:
        for entity in index.post_entities.get(docname, ()):
            by_entity[entity].append(docname)
        for tag in tags_of[docname]:
            by_tag[tag].append(docname)
    related = {}
    for docname in index.chronological:
        if only is not None and docname not in only:
            continue
        shared_entities: collections.Counter[str] = collections.Counter()
        for entity in index.post_entities.get(docname, ()):
            shared_entities.update(by_entity[entity])
        shared_tags: collections.Counter[str] = collections.Counter()
        for tag in tags_of[docname]:
            shared_tags.update(by_tag[tag])
        shared_entities.pop(docname, None)
        shared_tags.pop(docname, None)
        related[docname] = _top_related(
            shared_entities, shared_tags, index.position, count
        )
    return related


def _top_related(
    shared_entities: collections.Counter[str],
    shared_tags: collections.Counter[str],
    position: dict[str, int],
    count: int,
) -> tuple[str, ...]:
    """The first ``count`` candidates by (-entities, -tags, -position, docname).

    Sorting every candidate made the index quadratic: at 10,000 posts a post
    shares a tag or an entity with thousands of others. Candidates are taken
    level by level of shared entities (few posts share the most), ranking only
    the levels the result needs; posts sharing only tags come last.
    """
    ranked: list[str] = []
    levels = sorted(shared_entities.items(), key=operator.itemgetter(1), reverse=True)
    for _, group in itertools.groupby(levels, key=operator.itemgetter(1)):
        ranked += _best(
            [d for d, _ in group], shared_tags, position, count - len(ranked)
        )
        if len(ranked) >= count:
            return tuple(ranked)
    rest = shared_tags.keys() - shared_entities.keys()
    ranked += _best(rest, shared_tags, position, count - len(ranked))
    return tuple(ranked)


def _best(
    group: Iterable[str],
    shared_tags: collections.Counter[str],
    position: dict[str, int],
    count: int,
) -> list[str]:
    """The first ``count`` of one level by (-tags, -position, docname)."""
    # Set operations and C-level keys: only the few candidates that also share
    # a tag need a Python sort key; the rest are simply the newest.
    tagged = shared_tags.keys() & group
    best = heapq.nsmallest(
        count, tagged, key=lambda d: (-shared_tags[d], -position[d], d)
    )
    if len(best) < count:
        untagged = set(group) - tagged
        best += heapq.nlargest(count - len(best), untagged, key=position.__getitem__)
    return best


# -- event handlers --------------------------------------------------------------


def forget_removed(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: delete the output files of removed documents.

    Sphinx keeps a deleted or renamed post's old HTML; a reader (and a search
    engine) would still find it.
    """
    builder = app.builder
    if builder.format == "html" and removed and hasattr(builder, "get_outfilename"):
        for docname in removed:
            # The file, not the URL: dirhtml writes <docname>/index.html.
            _unlink(Path(builder.get_outfilename(docname)))
            if builder.name == "dirhtml":  # and a redirect at <docname>.html
                _unlink(Path(builder.outdir, f"{docname}.html"))
    return []


def report_unknown_entity(app: Sphinx, domain: object, node: nodes.Node) -> bool | None:
    """``warn-missing-reference``: an ``{entity}`` role naming no entity page.

    Said like the front matter's ``entities:`` problem (a suggestion included),
    at the page's path relative to the source folder, as lint reports it.
    """
    if getattr(domain, "name", None) != "newsdesk":
        return None  # another handler's (False would make Sphinx warn too)
    env = app.env
    docname = node.get("refdoc") or env.docname
    target = node.get("reftarget", "")
    kind = node.get("reftype", "entity")
    if kind == "entity":
        message = _unknown_entity(target, registry.entities(env))
    else:
        message = unknown_page(kind, target, registry.site(env))
    logger.warning(
        "{%s}`%s`: %s",
        kind,
        target,
        message,
        location=f"{env.doc2path(docname, False).as_posix()}:{node.line or 1}",
        type="newsdesk",
        subtype="entity" if kind == "entity" else "link",
    )
    return True


def unknown_page(kind: str, target: str, index: SiteIndex) -> str:
    """Why ``{tag}`target``` (or ``{series}``, ``{publisher}``) links no
    page, with the closest name the site has."""
    names = sorted(item.name for item in index.named(kind))
    close = difflib.get_close_matches(target, names, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"no post has the {kind} {target!r}{hint}; write a {kind} that posts "
        f"name in {_FIELDS[kind]!r}"
    )


#: the front-matter field that names each kind of generated page
_FIELDS = {"tag": "tags", "series": "series", "publisher": "source.publisher"}


def check_references(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: report unknown entities and colliding slugs."""
    if app.config.newsdesk_preview:
        return  # reported once the preview has its index (snapshot.py)
    report_problems(env, registry.site(env))


def report_problems(
    env: BuildEnvironment, index: SiteIndex, only: AbstractSet[str] | None = None
) -> None:
    refs = registry.entity_refs(env)
    posts, entities = registry.posts(env), registry.entities(env)
    unchecked = registry.unchecked_entities(env)
    for docname in sorted({*index.problems, *refs, *unchecked}):
        if only is not None and docname not in only:
            continue
        problems = list(index.problems.get(docname, ()))
        if docname in unchecked:
            names, line = unchecked[docname]
            problems += [
                Problem("entities", _unknown_entity(name, entities), line)
                for name in dict.fromkeys(names)
                if index.resolve_entity(name) is None
            ]
        if docname in posts:
            targets = refs.get(docname, ())
            problems += unlisted_entities(posts[docname], targets, index, entities)
        if problems:
            report(env, docname, problems)


def unlisted_entities(
    post: PostMeta,
    targets: Iterable[str],
    index: SiteIndex,
    entities: dict[str, EntityMeta],
) -> list[Problem]:
    """An ``{entity}`` link in a post's text to an entity its ``entities:`` does
    not name: the link leads to that entity's page, which does not list the
    post (it lists the posts that name it in ``entities:``)."""
    named = set(index.post_entities.get(post.docname, ()))
    problems: list[Problem] = []
    for target in dict.fromkeys(targets):
        docname = index.resolve_entity(target)
        if docname is None or docname in named:
            continue  # unknown: the role's own message says so
        named.add(docname)  # one message an entity
        name = entities[docname].name if docname in entities else target
        link = f"{{entity}}`{target}`" + (f" ({name})" if target != name else "")
        why = (
            f"the text links {link}, which 'entities:' does not name; "
            f"add {name!r} there, so that {name}'s page lists the post"
        )
        problems.append(Problem("entities", why, post.line_of("entities")))
    return problems


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)
