"""Every directive and role the build knows is classified (#13).

The allowlist is enforced on the doctree whatever made the nodes, but a new
directive or role that an upgrade of docutils, Sphinx, MyST or sphinx-design
brings could read files or fetch URLs while it runs. This test lists every name
registered in a real build and compares it with tests/registered-names.json,
where each is classified; a new name fails the test until someone looks at it
and classifies it (``NEWSDESK_CLASSIFY=1`` writes new names as "unreviewed").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from docutils.parsers.rst import directives, roles

NAMES = Path(__file__).parent / "registered-names.json"
#: names that read a file or a URL while they run, refused for content
READS_FILES = {"include", "literalinclude", "csv-table", "raw", "eval-rst",
               "code-cell", "download", "image", "figure"}  # fmt: skip


def registered(app) -> dict[str, list[str]]:
    found = {
        "directives": set(directives._directives) | set(directives._directive_registry),
        "roles": set(roles._roles) | set(roles._role_registry),
    }
    for domain in app.env.domains.sorted():
        found["directives"] |= {f"{domain.name}:{n}" for n in domain.directives}
        found["roles"] |= {f"{domain.name}:{n}" for n in domain.roles}
    return {kind: sorted(names) for kind, names in found.items()}


@pytest.mark.sphinx("html", testroot="basic")
def test_every_directive_and_role_is_classified(app):
    names = registered(app)
    known = json.loads(NAMES.read_text("utf-8")) if NAMES.exists() else {}
    if os.environ.get("NEWSDESK_CLASSIFY"):
        for kind, listed in names.items():
            for name in listed:
                base = name.rsplit(":", 1)[-1]
                known.setdefault(kind, {}).setdefault(
                    name, "reads files" if base in READS_FILES else "unreviewed"
                )
        NAMES.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", "utf-8")
    for kind, listed in names.items():
        new = [n for n in listed if n not in known.get(kind, {})]
        assert not new, f"new {kind} to classify in {NAMES.name}: {new}"
    for kind, classified in known.items():
        for name, verdict in classified.items():
            assert verdict != "unreviewed", (kind, name)
            if name.rsplit(":", 1)[-1] in READS_FILES:
                assert verdict == "reads files", (kind, name)
