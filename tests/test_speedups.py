"""The speed-ups change nothing but speed, apply only to releases they know, switch off."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers import sphinx_ as myst_sphinx
from sphinx.builders import Builder
from sphinx.builders import html as sphinx_html
from sphinx.util import docutils as sphinx_docutils

from newsdesk import _speedups as speedups
from newsdesk import collector
from sitebuild import build, copy_root

#: A page using sphinx-design's directives and roles, so its gated transforms run.
DESIGN_PAGE = """\
---
orphan: true
---

# Guide

`````{grid} 2
````{grid-item-card} One
:link: index
:link-type: doc

First card.
````
````{grid-item-card} Two
Second card.
````
`````

````{tab-set}
```{tab-item} Alpha
Tab one with a {bdg-primary}`badge`.
```
```{tab-item} Beta
Tab two.
```
````

```{dropdown} More
Hidden text.
```
"""


def _site(tmp: Path, **overrides: object) -> tuple[tuple[str, ...], dict[str, bytes]]:
    srcdir = copy_root(tmp, "discovery")
    (srcdir / "guide.md").write_text(DESIGN_PAGE, encoding="utf-8")
    app = build(srcdir, confoverrides=dict(overrides))
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    # pagefind/ indexes the pages compared here; Pagefind 1.5 orders its filter
    # chunks differently from run to run (see test_reproducible.py).
    files = {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and "pagefind" not in path.relative_to(outdir).parts
    }
    return app.newsdesk_speedups, files  # type: ignore[attr-defined]


def test_the_site_is_byte_identical_without_the_speedups(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    applied, fast = _site(tmp_path_factory.mktemp("on"))
    assert applied == tuple(s.name for s in speedups.SPEEDUPS)
    assert hasattr(base.make_document, "__wrapped__")

    applied, plain = _site(tmp_path_factory.mktemp("off"), newsdesk_speedups=False)
    assert applied == ()
    assert not hasattr(base.make_document, "__wrapped__")  # MyST's own again
    assert not hasattr(sphinx_docutils._get_settings, "__wrapped__")  # Sphinx's own
    assert not hasattr(sphinx_html._file_checksum, "__wrapped__")
    assert not hasattr(myst_sphinx.create_md_parser, "__wrapped__")
    assert not hasattr(Builder.read_doc, "__wrapped__")

    assert "guide.html" in fast
    assert b"sd-card" in fast["guide.html"]
    assert b"sd-tab-set" in fast["guide.html"]
    assert fast.keys() == plain.keys()
    differing = [name for name in fast if fast[name] != plain[name]]
    assert differing == []


def test_doctrees_are_read_back_from_disk_not_kept_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the speed-ups, no doctree waits in memory from reading to writing,
    and the site index is frozen out of the collector's passes; without them,
    Sphinx keeps every doctree it read, and nothing is frozen (the doctrees
    would stay in memory to the end)."""
    seen: list[tuple[int, int]] = []
    freeze = collector.freeze_index

    def watched(app: object, env: object) -> None:
        kept = len(env._write_doc_doctree_cache)  # type: ignore[attr-defined]
        before = gc.get_freeze_count()
        freeze(app, env)  # type: ignore[arg-type]
        seen.append((kept, gc.get_freeze_count() - before))

    monkeypatch.setattr(collector, "freeze_index", watched)
    _, fast = _site(tmp_path / "on")
    _, plain = _site(tmp_path / "off", newsdesk_speedups=False)
    (kept_on, frozen_on), (kept_off, frozen_off) = seen
    assert kept_on == 0
    assert frozen_on > 0
    assert kept_off > 0  # every document of the site
    assert frozen_off == 0
    page = "posts/2025/january-brief.html"
    assert b"January" in fast[page]
    assert fast[page] == plain[page]


def test_an_unknown_release_builds_without_its_speedup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = speedups.installed

    def installed(distribution: str) -> str | None:
        return "99.0" if distribution == "furo" else real(distribution)

    monkeypatch.setattr(speedups, "installed", installed)
    applied, files = _site(tmp_path)
    assert "furo_toctree" not in applied
    assert {"myst_document", "design_transforms"} <= set(applied)
    assert b"sidebar-tree" in files["posts/2025/january-brief.html"]


@pytest.mark.parametrize(
    ("version", "supported"),
    [("5.2.0", True), ("4.0", True), ("5.3.0", False), ("3.9", False), (None, False)],
)
def test_version_ranges(version: str | None, supported: bool) -> None:
    myst = next(s for s in speedups.SPEEDUPS if s.distribution == "myst-parser")
    assert myst.supports(version) is supported


def test_every_speedup_supports_the_pinned_release() -> None:
    """A lock-file upgrade past a tested range must come with a new check."""
    pins = {}
    for line in Path("requirements/docs.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep:
            pins[name.strip().lower()] = version.split()[0]
    for speedup in speedups.SPEEDUPS:
        assert speedup.supports(pins[speedup.distribution]), speedup.name


def test_cached_docutils_settings_are_each_documents_own() -> None:
    """The same values as Sphinx's own, a new object per document, so that
    what one document records (its dependencies) never reaches another."""
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser

    from newsdesk._speedups import docutils_settings

    env_like = object()
    defaults = {"traceback": True, "env": env_like, "file_insertion_enabled": False}
    docutils_settings.restore_settings()  # an earlier build may have applied it
    own = sphinx_docutils._get_settings
    assert not hasattr(own, "__wrapped__")
    expected = own(standalone.Reader, MystParser(), defaults=defaults)
    try:
        assert docutils_settings.cache_settings()
        cached = sphinx_docutils._get_settings
        first = cached(standalone.Reader, MystParser(), defaults=defaults)
        second = cached(standalone.Reader, MystParser(), defaults=defaults)
        assert first is not second

        def plain(values: object) -> dict[str, object]:
            return {k: v for k, v in vars(values).items() if k != "record_dependencies"}

        assert plain(first) == plain(expected) == plain(second)
        assert first.record_dependencies is not second.record_dependencies
        assert first.env is env_like
        first.record_dependencies = ["a.md"]
        assert cached(
            standalone.Reader, MystParser(), defaults=defaults
        ).record_dependencies != ["a.md"]
        # Other defaults (another object under a key): Sphinx's values for them.
        changed = {**defaults, "env": object()}
        assert (
            cached(standalone.Reader, MystParser(), defaults=changed).env
            is changed["env"]
        )
    finally:
        docutils_settings.restore_settings()
    assert sphinx_docutils._get_settings is own


def test_asset_checksums_are_sphinxs_and_looked_up_once_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checksum Sphinx gives, found once per asset in a build (each build
    starts afresh); a bad file name is refused every time, as by Sphinx."""
    from sphinx.errors import ThemeError

    from newsdesk._speedups import asset_checksums

    asset_checksums.restore_checksums()
    own = sphinx_html._file_checksum
    (tmp_path / "site.css").write_text("body { color: red }", encoding="utf-8")
    expected = own(tmp_path, "site.css")
    assert expected
    calls: list[str] = []

    def counting(outdir: Path, filename: str) -> str:
        calls.append(filename)
        return own(outdir, filename)

    monkeypatch.setattr(sphinx_html, "_file_checksum", counting)
    try:
        assert asset_checksums.cache_checksums()
        cached = sphinx_html._file_checksum
        assert [cached(tmp_path, "site.css") for _ in range(3)] == [expected] * 3
        assert calls == ["site.css"]
        for _ in range(2):
            with pytest.raises(ThemeError):
                cached(tmp_path, "site.css?v=1")
        assert asset_checksums.cache_checksums()  # the next build: asked again
        assert cached(tmp_path, "site.css") == expected
        assert calls == ["site.css", "site.css?v=1", "site.css?v=1", "site.css"]
    finally:
        asset_checksums.restore_checksums()


def test_a_kept_myst_parser_is_never_handed_out_while_it_renders() -> None:
    """One parser per configuration object; a parse started inside a render
    (nested) gets a parser of its own, and a new configuration a new one."""
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    from newsdesk._speedups import myst_parser_reuse

    myst_parser_reuse.restore_parsers()
    try:
        assert myst_parser_reuse.reuse_parsers()
        create = myst_sphinx.create_md_parser
        config = MdParserConfig()
        first = create(config, DocutilsRenderer)
        assert create(config, DocutilsRenderer) is first
        assert create(MdParserConfig(), DocutilsRenderer) is not first
        again = create(config, DocutilsRenderer)
        inner: list[object] = []
        real = again.renderer.render

        def nested(*args: object, **kwargs: object) -> object:
            inner.append(create(config, DocutilsRenderer))
            return real(*args, **kwargs)

        again.renderer.render = nested
        again.render("# Title\n\nText.\n")
        assert len(inner) == 1
        assert inner[0] is not again
        assert create(config, DocutilsRenderer) is again  # idle again: reused
    finally:
        myst_parser_reuse.restore_parsers()
