"""Replacing one function of another library, and putting it back.

A speed-up wraps the library's function with ``functools.wraps``, so the
original stays reachable as ``__wrapped__``: that marks the patch as applied
(a second build in the same process keeps it) and is what ``restore`` puts
back.
"""

from __future__ import annotations

import inspect
from typing import Any


def replaceable(module: Any, name: str, parameters: list[str]) -> tuple[bool, Any]:
    """``(applied, original)``: ``(True, None)`` when the patch is already in
    place, ``(False, None)`` when the function is missing or takes other
    parameters than the ones it was checked with (leave it alone), and
    ``(False, function)`` when it can be replaced."""
    original = getattr(module, name, None)
    if original is None:
        return False, None
    if getattr(original, "__wrapped__", None) is not None:
        return True, None
    if list(inspect.signature(original).parameters) != parameters:
        return False, None
    return False, original


def restore(module: Any, name: str) -> None:
    """The library's own function back, if a speed-up replaced it."""
    original = getattr(getattr(module, name, None), "__wrapped__", None)
    if original is not None:
        setattr(module, name, original)
