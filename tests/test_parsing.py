"""MyST's per-page default document reuses settings built once, and parses the same."""

from __future__ import annotations

from docutils.frontend import get_default_settings
from myst_parser.mdit_to_docutils import base

from newsdesk._speedups import myst_document as parsing


def test_default_documents_get_equal_but_separate_settings() -> None:
    assert parsing.cache_default_settings()
    assert parsing.cache_default_settings()  # a second call changes nothing
    first, second = base.make_document(), base.make_document("other.md")
    fresh = vars(get_default_settings(base.RSTParser))
    ours = vars(first.settings)
    assert ours.keys() == fresh.keys()
    for name, value in fresh.items():  # DependencyList has no __eq__
        assert repr(ours[name]) == repr(value), name
    assert first.settings is not second.settings
    assert first.settings.record_dependencies is not (
        second.settings.record_dependencies
    )
    first.settings.tab_width = 99
    assert second.settings.tab_width == fresh["tab_width"]
    assert second["source"] == "other.md"


def test_restructuredtext_blocks_still_parse() -> None:
    """MyST's ``{eval-rst}`` builds its document with the patched function
    (the site refuses the block in every page; MyST outside it still parses)."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    assert parsing.cache_default_settings()
    doctree = publish_doctree(
        "```{eval-rst}\n.. note::\n\n   Written in *reStructuredText*.\n```\n",
        parser=Parser(),
        settings_overrides={"report_level": 5},
    )
    note = next(iter(doctree.findall(nodes.note)))
    assert note.next_node(nodes.emphasis).astext() == "reStructuredText"
