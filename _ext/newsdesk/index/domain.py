"""Per-document metadata on the build environment, safe under parallel reads.

Everything the extension learns while reading lives in one place: the data of
the ``newsdesk`` domain, keyed by docname. ``clear_doc`` and ``merge_domaindata``
keep it right for incremental builds and ``-j`` (Sphinx's todo extension does
the same). Entries are small frozen dataclasses, never nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from newsdesk.index.records import EntityMeta, PostMeta

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Set as AbstractSet

    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from newsdesk.index.model import SiteIndex
    from newsdesk.index.views import PostView

#: Bump whenever PostMeta, EntityMeta or the domain data change shape.
ENV_VERSION = 10
#: domain data keyed by docname, cleared and merged per document
_PER_DOC = (
    "posts",
    "entities",
    "unchecked_entities",
    "listings",
    "entity_refs",
    "page_refs",
    "design",
)


#: the class of an ``{entity}`` link (the content policy lets the role give it)
ENTITY_LINK_CLASS = "nd-entity-ref"


class EntityRole(XRefRole):
    """``{entity}`Microsoft``` without a domain prefix: a newsdesk xref."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = "newsdesk", "entity"
        self.classes = ["xref", ENTITY_LINK_CLASS]
        if self.disabled:
            return self.create_non_xref_node()
        result, messages = self.create_xref_node()
        # Remember the target: when entity names change, the pages linking it
        # are rewritten (and warn if it no longer resolves), see signatures.py.
        refs = entity_refs(self.env)
        for node in result:
            if isinstance(node, addnodes.pending_xref):
                # appended, not a tuple grown: 12,000 roles in one page took
                # a second copying it, in time that grew with their square
                refs.setdefault(self.env.docname, []).append(node["reftarget"])
        return result, messages


#: the generated pages a page may link by name, as ``{tag}`models```
PAGE_ROLES = ("tag", "series", "publisher")


class PageRole(XRefRole):
    """``{tag}`models```, ``{series}```, ``{publisher}```: a link to the page
    the build writes for it (``tags/models``, wherever clean URLs or pages
    put it), checked against the site's tags, series and publishers."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        kind = self.name.rpartition(":")[2]
        self.refdomain, self.reftype = "newsdesk", kind
        self.classes = ["xref", f"newsdesk-{kind}"]  # XRefRole's own form
        result, messages = self.create_xref_node()
        # Remembered as {entity}'s are: a page linking a tag is rewritten
        # when the tag's page comes or goes (see digests.py).
        refs = page_refs(self.env)
        for node in result:
            if isinstance(node, addnodes.pending_xref):
                refs.setdefault(self.env.docname, []).append((kind, node["reftarget"]))
        return result, messages


class NewsdeskDomain(Domain):
    """Stores posts, entities and listing placeholders; resolves entity xrefs."""

    name = "newsdesk"
    label = "AI Newsdesk"
    object_types = {k: ObjType(k, k) for k in ("entity", *PAGE_ROLES)}  # noqa: RUF012
    roles = {  # noqa: RUF012
        "entity": EntityRole(warn_dangling=True, innernodeclass=nodes.inline),
        **{
            k: PageRole(warn_dangling=True, innernodeclass=nodes.inline)
            for k in PAGE_ROLES
        },
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "posts": {},  # docname -> PostMeta
        "entities": {},  # docname -> EntityMeta
        "unchecked_entities": {},  # docname -> (names, line), see below
        "listings": {},  # docname -> tuple of listing kinds on that page
        "entity_refs": {},  # docname -> targets of its {entity} roles
        "page_refs": {},  # docname -> (kind, target) of its {tag}, ... roles
        "design": {},  # docname -> True if it uses sphinx-design markup
        "signatures": {},  # output -> pagename -> digest of its cross-document content
        "fingerprints": {},  # output -> templates and settings the digests used
        "site": None,  # SiteIndex, rebuilt at env-updated
        "views": {},  # docname -> PostView, rebuilt at env-updated
    }
    dangling_warnings = {  # noqa: RUF012
        "entity": "unknown entity %(target)r",
        **{k: f"unknown {k} %(target)r" for k in PAGE_ROLES},
    }

    def clear_doc(self, docname: str) -> None:
        for key in _PER_DOC:
            self.data[key].pop(docname, None)

    def merge_domaindata(
        self, docnames: AbstractSet[str], otherdata: dict[str, Any]
    ) -> None:
        for key in _PER_DOC:
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        index = self.data["site"]
        if typ in PAGE_ROLES:
            page = index.resolve_page(typ, target) if index else None
            if page is None:
                return None
            return make_refnode(builder, fromdocname, page[0], "", contnode, page[1])
        docname = index.resolve_entity(target) if index else None
        if docname is None:
            return None
        name = self.data["entities"][docname].name
        return make_refnode(builder, fromdocname, docname, "", contnode, name)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(
            env, fromdocname, builder, "entity", target, node, contnode
        )
        return [("newsdesk:entity", ref)] if ref else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for docname, entity in sorted(self.data["entities"].items()):
            yield (entity.name, entity.name, "entity", docname, "", 1)


def register(app: Sphinx) -> None:
    """Add the domain, and ``{entity}``, ``{tag}``, ``{series}`` and
    ``{publisher}`` as roles usable without the prefix."""
    app.add_domain(NewsdeskDomain)
    app.add_role("entity", EntityRole(warn_dangling=True, innernodeclass=nodes.inline))
    for kind in PAGE_ROLES:
        app.add_role(kind, PageRole(warn_dangling=True, innernodeclass=nodes.inline))


def _data(env: BuildEnvironment) -> dict[str, Any]:
    return env.domaindata["newsdesk"]


def posts(env: BuildEnvironment) -> dict[str, PostMeta]:
    """Every post read so far, by docname (unordered: sort explicitly)."""
    return _data(env)["posts"]


def entities(env: BuildEnvironment) -> dict[str, EntityMeta]:
    """Every entity page, by docname."""
    return _data(env)["entities"]


def unchecked_entities(env: BuildEnvironment) -> dict[str, tuple[tuple[str, ...], int]]:
    """The ``entities:`` names, and their line, of each post whose front matter
    failed its checks (no ``PostMeta``, or its ``entities:`` left out): they
    are still checked against the entity pages, as ``lint --no-build`` does."""
    return _data(env)["unchecked_entities"]


def listings(env: BuildEnvironment) -> dict[str, tuple[tuple[Any, ...], ...]]:
    """Which listings each document shows: (kind, *sorted options) per listing."""
    return _data(env)["listings"]


def entity_refs(env: BuildEnvironment) -> dict[str, list[str]]:
    """The targets of each document's ``{entity}`` roles, in order."""
    return _data(env)["entity_refs"]


def page_refs(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    """The (kind, target) of each document's ``{tag}``, ``{series}`` and
    ``{publisher}`` roles, in order."""
    return _data(env)["page_refs"]


def design_docs(env: BuildEnvironment) -> dict[str, bool]:
    """Documents whose source names a sphinx-design directive or role."""
    return _data(env)["design"]


def signatures(env: BuildEnvironment, output: str) -> dict[str, str]:
    """Digest of each page's cross-document content at the last build of ``output``.

    Kept per output (builder and folder): builders may share one environment
    (``-d``), and each must still rewrite the pages a change made stale in it.
    """
    return _data(env)["signatures"].setdefault(output, {})


def fingerprints(env: BuildEnvironment) -> dict[str, Any]:
    """What the last build of each output rendered with (templates, settings)."""
    return _data(env)["fingerprints"]


def saved_site(env: BuildEnvironment) -> SiteIndex | None:
    """The index of the last build, if this environment has one."""
    return _data(env)["site"]


def site(env: BuildEnvironment) -> SiteIndex:
    """The cross-document index computed once per build (after reading)."""
    index = _data(env)["site"]
    if index is None:  # pragma: no cover - only before env-updated
        msg = "newsdesk: the site index is used before it is built"
        raise RuntimeError(msg)
    return index


def set_site(env: BuildEnvironment, index: SiteIndex) -> None:
    _data(env)["site"] = index


def views(env: BuildEnvironment) -> dict[str, PostView]:
    """Every post's resolved view (``views.py``), what every output reads."""
    return _data(env)["views"]


def set_views(env: BuildEnvironment, found: dict[str, PostView]) -> None:
    _data(env)["views"] = found
