"""Templates compiled in one build are not compiled again in the next, unless
they changed (``newsdesk.writing.template_cache``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import pytest

from conftest import page
from newsdesk.writing.template_cache import CACHE
from sitebuild import build, copy_root

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

MARKER = '<meta name="nd-test-marker" content="edited">'


def build_counting(
    srcdir: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[SphinxTestApp, list[str]]:
    """A full build (-E, the doctree folder kept); the names of the template
    files Jinja compiled from source during it."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile_(self, source, name=None, filename=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if filename is not None:  # a template file, not a string template
            compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Environment, "compile", compile_)
        app = build(srcdir, fresh=True)
    return app, compiled


def test_a_second_build_compiles_no_template(tmp_path, monkeypatch) -> None:
    srcdir = copy_root(tmp_path, "basic")
    first, compiled = build_counting(srcdir, monkeypatch)
    assert "page.html" in compiled
    assert "newsdesk/page.html" in compiled
    assert any(Path(first.doctreedir, CACHE).iterdir())
    before = Path(first.outdir, "index.html").read_bytes()

    second, again = build_counting(srcdir, monkeypatch)
    assert again == []
    assert Path(second.outdir, "index.html").read_bytes() == before


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch) -> None:
    srcdir = copy_root(tmp_path, "basic")
    build_counting(srcdir, monkeypatch)
    template = srcdir / "_templates" / "page.html"
    template.write_text(
        template.read_text(encoding="utf-8")
        + "\n{% block extrahead %}{{ super() }}"
        + MARKER
        + "{% endblock %}\n",
        encoding="utf-8",
    )
    app, compiled = build_counting(srcdir, monkeypatch)
    assert compiled == ["page.html"]  # the site's layout only, not the theme's
    assert page(app, "index").select_one('meta[name="nd-test-marker"]') is not None
