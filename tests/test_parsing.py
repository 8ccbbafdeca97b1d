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


def test_a_page_parses_the_same_with_the_shared_settings() -> None:
    """MyST's renderer starts from ``make_document``: a page's doctree is the
    same with the settings built once as with MyST's own function."""
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    text = "# Title\n\nSome *text*, a [link](https://example.com/).\n\n:::{note}\nA note.\n:::\n"
    overrides = {"report_level": 5, "myst_enable_extensions": ["colon_fence"]}

    def parsed() -> str:
        return publish_doctree(
            text, parser=Parser(), settings_overrides=overrides
        ).pformat()

    parsing.restore_default_settings()
    try:
        plain = parsed()
    finally:
        assert parsing.cache_default_settings()
    assert parsed() == plain
    assert "<note>" in plain
    assert "<emphasis>" in plain
