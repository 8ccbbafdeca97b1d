"""MyST's per-page default document reuses settings built once, and parses the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils.frontend import get_default_settings
from myst_parser.mdit_to_docutils import base

from conftest import page
from newsdesk._speedups import myst_document as parsing
from sitebuild import build, copy_root

if TYPE_CHECKING:
    from pathlib import Path


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


def test_restructuredtext_blocks_still_parse(tmp_path: Path) -> None:
    """``{eval-rst}`` (allowed outside posts) uses the patched function."""
    srcdir = copy_root(tmp_path, "basic")
    (srcdir / "guide.md").write_text(
        "---\norphan: true\n---\n\n# Guide\n\n"
        "```{eval-rst}\n.. note::\n\n   Written in *reStructuredText*.\n```\n",
        encoding="utf-8",
    )
    app = build(srcdir)
    assert app.warning.getvalue() == ""
    note = page(app, "guide").select_one("div.admonition.note")
    assert note is not None
    assert note.select_one("em").get_text() == "reStructuredText"
