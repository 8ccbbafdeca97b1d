"""sphinx-design components still work where used, though its walks run only there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from conftest import page
from newsdesk._speedups.design_transforms import mentions_design
from sitebuild import PARTS, build, copy_root

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

# MyST's {include} (myst-parser 5) reaches Sphinx 9's deprecated env.app.
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
)

NAMES = frozenset({"tab-set", "tab-item", "dropdown", "bdg-primary", "grid"})

FRONT = """---
date: 2025-03-01
summary: A post that uses sphinx-design components, for tests.
tags: [AI]
source:
  title: "Source"
  publisher: Example News
  url: https://news.example.com/{slug}
---

# {title}

"""


@pytest.mark.parametrize(
    "text",
    [
        "```{tab-set}\n```",
        ":::{dropdown} More\n:::",
        "::::{ Grid }\n::::",
        "A {bdg-primary}`badge` in prose.",
        "```{eval-rst}\n.. dropdown:: More\n```",
        "```{eval-rst}\nA :bdg-primary:`badge`.\n```",
    ],
)
def test_markup_naming_sphinx_design_is_noticed(text: str) -> None:
    assert mentions_design(text, NAMES)


@pytest.mark.parametrize(
    "text",
    [
        "Plain prose: a grid of 10:30 meetings, and a dropdown menu.",
        "```{note}\nA tab-set is mentioned here.\n```",
        "{entity}`Acme`",
    ],
)
def test_other_markup_is_not_taken_for_sphinx_design(text: str) -> None:
    assert not mentions_design(text, NAMES)


def test_names_come_from_sphinx_designs_registrations(site: SphinxTestApp) -> None:
    names = site.newsdesk_design_names  # type: ignore[attr-defined]
    assert {"tab-set", "dropdown", "grid-item-card", "octicon", "bdg-primary"} <= names
    assert "note" not in names  # docutils' own
    assert "entity" not in names  # ours


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    srcdir = copy_root(tmp_path_factory.mktemp("design"), "basic")
    posts = srcdir / "posts" / "2025"
    (posts / "tabs.md").write_text(
        FRONT.format(slug="tabs", title="Tabs")
        + PARTS
        + "````{tab-set}\n```{tab-item} One\nFirst.\n```\n"
        "```{tab-item} Two\nSecond.\n```\n````\n",
        encoding="utf-8",
    )
    # No page may include files (docutils' file insertion is off everywhere).
    (srcdir / "guide.md").write_text(
        "---\norphan: true\n---\n\n# Guide\n\n```{dropdown} Details\nHidden text.\n```\n",
        encoding="utf-8",
    )
    (srcdir / "snippets").mkdir()
    (srcdir / "snippets" / "dropdown.md").write_text(
        "```{dropdown} Details\nHidden text.\n```\n", encoding="utf-8"
    )
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8")
        + 'exclude_patterns += ["snippets"]\n',
        encoding="utf-8",
    )
    app = build(srcdir)
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app


def test_tabs_in_a_post_become_working_tabs(site: SphinxTestApp) -> None:
    """sphinx-design's tab transform turns each tab into a radio input and label."""
    tabs = page(site, "posts/2025/tabs").select_one("div.sd-tab-set")
    assert tabs is not None
    assert len(tabs.select("input[type=radio]")) == 2
    assert [label.get_text(strip=True) for label in tabs.select("label")] == [
        "One",
        "Two",
    ]


def test_a_dropdown_from_an_included_file_becomes_a_details_element(
    site: SphinxTestApp,
) -> None:
    dropdown = page(site, "guide").select_one("details.sd-dropdown")
    assert dropdown is not None
    assert "Hidden text." in dropdown.get_text()
