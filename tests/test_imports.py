"""The extension's stages lean one way: no module imports one that imports it back.

Every import counts: at the top, under ``TYPE_CHECKING`` and inside functions,
since each ties the two modules' designs together whatever runs when.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXT = Path(__file__).parent.parent / "_ext"


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph(root: Path, package: str = "newsdesk") -> dict[str, set[str]]:
    """module -> the package's modules it imports (by any kind of import)."""
    modules = {m: p for m, p in _modules(root).items() if m.split(".")[0] == package}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parents = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*parents, base] if base else parents)
                # ``from pkg import mod`` imports the module ``pkg.mod``.
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_extension_has_no_import_circle() -> None:
    graph = import_graph(EXT)
    assert len(graph) > 40
    assert "newsdesk.index.views" in graph["newsdesk.writing.sharing"]
    assert cycles(graph) == []


@pytest.mark.parametrize(
    ("sources", "circle"),
    [
        ({"a.py": "from pkg import b\n", "b.py": "import pkg.a\n"}, ["pkg.a", "pkg.b"]),
        (
            {
                "a.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg.b import B\n",
                "b.py": "def f():\n    from . import a\n",
            },
            ["pkg.a", "pkg.b"],
        ),
        ({"a.py": "from pkg import b\n", "b.py": "import os\n"}, None),
    ],
)
def test_the_check_sees_every_kind_of_import(tmp_path, sources, circle) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, text in sources.items():
        (package / name).write_text(text)
    found = cycles(import_graph(tmp_path, "pkg"))
    assert found == ([circle] if circle else [])
