"""Settings of the site's ``conf.py``, read without running it.

``python -m newsdesk lint`` tokenises Markdown as MyST will (its extensions),
and the preview's warm process imports the site's extensions and theme before
any build; neither may run a stranger's ``conf.py`` to learn them.
"""

from __future__ import annotations

import ast
from pathlib import Path


def setting(root: Path, name: str, default: object = None) -> object:
    """The literal value ``conf.py`` assigns to ``name``, else ``default``."""
    try:
        tree = ast.parse((root / "conf.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return default
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            try:
                return ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                return default
    return default
