"""Small pieces of English shared by pages, feeds and build messages."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 post``, ``2 posts`` (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else many or word + 's'}"
