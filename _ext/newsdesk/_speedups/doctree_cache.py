"""No doctree kept in memory from reading to writing: each is read back from disk.

A serial Sphinx build keeps every document it reads in memory
(``env._write_doc_doctree_cache``), so that writing need not load its pickle
again: the whole site's doctrees at once, the largest share of the build's
memory (100 MB at 1,000 posts). The garbage collector's freeze of the site
index (``newsdesk/collector.py``) made that worse, since every cached doctree
it froze stayed in memory to the build's end.

So documents are read as Sphinx's parallel readers read them
(``read_doc(docname, _cache=False)``): pickled to disk as always, and loaded
from there when their page is written, which is what an incremental build
and ``-j`` already do; 0.6 ms a page. Checked against Sphinx 9.0.4, 9.1.1
and 9.2.0, whose ``read_doc`` is the same.
"""

from __future__ import annotations

import functools
from typing import Any

from newsdesk._speedups import patching

_EXPECTED = ["self", "docname", "_cache"]


def read_uncached() -> bool:
    """Replace ``Builder.read_doc``; False if Sphinx's looks different (the
    build then keeps its doctrees, as before)."""
    from sphinx.builders import Builder

    applied, original = patching.replaceable(Builder, "read_doc", _EXPECTED)
    if original is None:
        return applied

    @functools.wraps(original)
    def read_doc(self: Any, docname: str, *, _cache: bool = True) -> None:
        original(self, docname, _cache=False)

    Builder.read_doc = read_doc  # type: ignore[method-assign,misc]
    return True


def restore_read() -> None:
    """Sphinx's own ``read_doc`` back (the speed-ups are switched off)."""
    from sphinx.builders import Builder

    patching.restore(Builder, "read_doc")
