"""Spacing a reader notices: text clear of card edges, no hole above the
previous/next links ("The first hour"), in light and dark, desktop and mobile."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_env import DESKTOP, MOBILE, PAGES

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SCREENS = [
    pytest.param(viewport, theme, id=f"{name}-{theme}")
    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE))
    for theme in ("light", "dark")
]


@pytest.mark.parametrize(("viewport", "theme"), SCREENS)
def test_landing_card_text_keeps_clear_of_the_card_edges(
    open_page: Callable[..., Page], viewport: dict[str, int], theme: str
) -> None:
    """Furo's ``[role=main] .container`` rule must not zero the card bodies'
    side padding: each card's text starts and ends inside its border."""
    page = open_page(PAGES["landing"], viewport=viewport, theme=theme)
    insets = page.evaluate(
        """() => [...document.querySelectorAll('.nd-card')].map(card => {
          const box = card.getBoundingClientRect();
          const text = card.querySelector('.sd-card-body > *').getBoundingClientRect();
          return [text.left - box.left, box.right - text.right];
        })"""
    )
    assert insets, "no cards on the landing page"
    assert all(left >= 12 and right >= 12 for left, right in insets), insets


@pytest.mark.parametrize(("viewport", "theme"), SCREENS)
def test_previous_next_sit_just_below_the_post(
    open_page: Callable[..., Page], viewport: dict[str, int], theme: str
) -> None:
    """The gap between the post's last box and the previous/next links is one
    margin (Furo's 2rem), as wide as the gap above the related posts box."""
    page = open_page(PAGES["post"], viewport=viewport, theme=theme)
    gap, above_related = page.evaluate(
        """() => {
          const article = document.querySelector('article[role=main]');
          const last = article.lastElementChild.getBoundingClientRect();
          const nav = document.querySelector('nav.nd-post-nav').getBoundingClientRect();
          const related = document.querySelector('aside.nd-related');
          const before = related.previousElementSibling.getBoundingClientRect();
          return [nav.top - last.bottom, related.getBoundingClientRect().top - before.bottom];
        }"""
    )
    assert 16 <= gap <= 40, f"{gap}px between the post and previous/next"
    assert gap <= above_related + 8
