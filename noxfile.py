"""Development sessions for AI Newsdesk: build, preview, check links, test, lint.

Every session installs from the pinned files in ``requirements/`` (regenerate
them with ``nox -s lock``), so a laptop, CI and Read the Docs build with the same
versions. Virtualenvs are reused between runs; the sessions that need
``requirements/dev.txt`` (tests, lint, bench, docs-live, preview) share one, ``.nox/dev-env``.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

import nox

# Sessions that share dev-env declare it with `requires` (nox 2025.2.9) and
# find it next to their own folder, `session.env_dir` (nox 2025.10.16).
nox.needs_version = ">=2025.10.16"
nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "virtualenv"
# nox looks for uv before creating any virtualenv, whatever the backend, and
# says "uv binary not found." when there is none: we do not use it (only the
# lock session installs it, into its own virtualenv).
logging.getLogger("nox").addFilter(
    lambda record: record.getMessage() != "uv binary not found."
)

ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
DOCS = "requirements/docs.txt"
DEV = "requirements/dev.txt"
BROWSER = "requirements/browser.txt"
# The same command Read the Docs runs (see .readthedocs.yaml), into _build/html.
# dirhtml gives clean URLs: posts/2025/<slug>/ is posts/2025/<slug>/index.html.
SPHINX_HTML = ["-b", "dirhtml", "-D", "language=en"]


@nox.session(name="dev-env")
def dev_env(session: nox.Session) -> None:
    """Install requirements/dev.txt once for tests, lint, bench, docs-live, preview."""
    session.install("-r", DEV)


def _dev(
    session: nox.Session,
    program: str,
    *args: str,
    env: dict[str, str] | None = None,
    **kwargs: Any,
) -> None:
    """Run ``program`` from the shared dev-env virtualenv (sessions that require it).

    Four sessions installing the same requirements each into its own virtualenv
    took 334 MB each; these sessions have no virtualenv of their own
    (``venv_backend="none"``) and ``requires=["dev-env"]``, which nox runs first.
    """
    venv = session.env_dir.parent / "dev-env"  # next to this session's own
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    found = shutil.which(program, path=str(bin_dir))
    if found is None:
        session.error(f"{program} is not in {venv}: run `nox -s dev-env` again")
    shared = {
        "VIRTUAL_ENV": str(venv),
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
    }
    session.run(found, *args, env={**shared, **(env or {})}, external=True, **kwargs)


def _doctrees(session: nox.Session) -> list[str]:
    """Each session keeps its own doctrees, so switching sessions re-reads nothing."""
    return ["-d", f"_build/doctrees/{session.name}"]


# A fresh build in which every warning is an error, all of them listed.
SPHINX_STRICT = ["python", "-m", "sphinx", "-T", "-W", "--keep-going", "-E"]


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into _build/html; every warning fails the build."""
    session.install("-r", DOCS)
    shutil.rmtree(BUILD / "html", ignore_errors=True)
    session.run(
        *SPHINX_STRICT,
        "-q",  # warnings and errors only: no progress lines, no MyST config dump
        *SPHINX_HTML,
        *_doctrees(session),
        ".",
        "_build/html",
        *session.posargs,
    )
    # Clean URLs end in a folder, which a file:// browser lists: serve it instead.
    session.log(
        "Built the site in _build/html: preview it with "
        "`python -m http.server -d _build/html` and open http://127.0.0.1:8000/"
    )


@nox.session(name="docs-live", venv_backend="none", requires=["dev-env"])
def docs_live(session: nox.Session) -> None:
    """The whole site on http://127.0.0.1:8000 with drafts shown, rebuilt on save."""
    # The preview's server with no post named: a page reloads when its build
    # ends, and the server answers only to 127.0.0.1 and localhost (a web page
    # pointing its own name there could otherwise read the drafts).
    _newsdesk_preview(session)


@nox.session(venv_backend="none", requires=["dev-env"])
def preview(session: nox.Session) -> None:
    """One post on http://127.0.0.1:8000, rebuilt on save: -- posts/<year>/<slug>.md."""
    _newsdesk_preview(session)


def _newsdesk_preview(session: nox.Session) -> None:
    _dev(
        session,
        "python",
        "-m",
        "newsdesk",
        "preview",
        *session.posargs,
        env={
            "PYTHONPATH": "_ext",
            "NEWSDESK_DRAFTS": "1",
            "NEWSDESK_SESSION": "preview",
        },
    )


# What `python -m newsdesk new` imports beyond the standard library (fonttools:
# the script of each word of a name, for look-alike names).
NEW_NEEDS = ("pyyaml", "jsonschema", "python-slugify", "tzdata", "fonttools")


@nox.session
def new(session: nox.Session) -> None:
    """Start a post as a draft: nox -s new -- "Title" --source-url URL."""
    # Only what the scaffold imports, at the pinned versions: no Sphinx install.
    session.install(*NEW_NEEDS, "-c", DOCS)
    session.run(
        "python",
        "-m",
        "newsdesk",
        "new",
        *session.posargs,
        env={"PYTHONPATH": "_ext", "NEWSDESK_SESSION": "new"},  # its usage line
    )


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link into _build/linkcheck; dead links fail the run."""
    session.install("-r", DOCS)
    session.run(
        "python",
        "-m",
        "sphinx",
        "-b",
        "linkcheck",
        *_doctrees(session),
        ".",
        "_build/linkcheck",
        *session.posargs,
    )


@nox.session(venv_backend="none", requires=["dev-env"])
def bench(session: nox.Session) -> None:
    """Time builds of N synthetic posts against plain Sphinx (-- --posts 1000)."""
    if "--search" in session.posargs:
        # The searches run in Chromium through Playwright, which the tests do not
        # need; its pins agree with dev.txt's, so it joins the shared virtualenv.
        _dev(session, "python", "-m", "pip", "install", "-q", "-r", BROWSER)
    _dev(session, "python", "bench/run.py", *session.posargs)


@nox.session(venv_backend="none", requires=["dev-env"])
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest), on every core (-- -n 0: in one process)."""
    _dev(session, "python", "-m", "pytest", "-n", "auto", *session.posargs)


def _build_for_browser(session: nox.Session, name: str, *options: str) -> Path:
    """Build the site as `nox -s docs` does (plus ``options``, e.g. ``-D x=y``),
    into _build/<name>; return the folder."""
    out = BUILD / name
    shutil.rmtree(out, ignore_errors=True)
    doctrees = ["-d", f"_build/{name}-doctrees"]
    session.run(
        *SPHINX_STRICT,
        "-q",
        *SPHINX_HTML,
        *options,
        *doctrees,
        ".",
        str(out),
    )
    return out


def _need_chromium(session: nox.Session) -> None:
    """Stop first, with one message, when there is no Chromium to drive: else
    the site is built and every browser test fails with the same error."""
    chromium = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        session.error(
            f"{chromium} not found: install Chromium (`sudo apt-get install "
            "chromium`), or set NEWSDESK_CHROMIUM to a Chromium or Chrome program"
        )


@nox.session
def browser(session: nox.Session) -> None:
    """Check the built site in Chromium: reader's path, axe, weight, print."""
    _need_chromium(session)
    session.install("-r", BROWSER)
    out = _build_for_browser(session, "browser-html")
    session.run(
        "python",
        "-m",
        "pytest",
        "-m",
        "browser",
        "tests/browser",
        *session.posargs,
        env={"NEWSDESK_BROWSER_SITE": str(out)},
    )


@nox.session
def audit(session: nox.Session) -> None:
    """Lighthouse scores of key pages, desktop and mobile (a measurement, no gate)."""
    _need_chromium(session)
    session.install("-r", BROWSER)
    out = _build_for_browser(session, "audit-html")
    # Three posts a page, for an older page of a paginated listing.
    paged = _build_for_browser(
        session, "audit-paged-html", "-D", "newsdesk_page_size=3"
    )
    session.run("npm", "ci", "--no-audit", "--no-fund", "--silent", external=True)
    session.run(
        "python",
        "tests/browser/lighthouse.py",
        str(out),
        f"--paged-site={paged}",
        *session.posargs,
    )


@nox.session(venv_backend="none", requires=["dev-env"])
def lint(session: nox.Session) -> None:
    """Read the site as the build does and list every problem; then ruff, mypy."""
    _dev(session, "python", "-m", "newsdesk", "lint", ".", env={"PYTHONPATH": "_ext"})
    # A published post renamed or deleted on this branch needs a redirect.
    _dev(
        session,
        "python",
        "-m",
        "newsdesk.tools.renames",
        ".",
        env={"PYTHONPATH": "_ext"},
    )
    _dev(session, "ruff", "check", ".")
    _dev(session, "ruff", "format", "--check", ".")
    _dev(session, "mypy")


@nox.session
def lock(session: nox.Session) -> None:
    """Regenerate the pinned requirements/*.txt from pyproject.toml."""
    session.install("uv")
    # Output file -> dependency groups on top of the project's own dependencies.
    locks = {
        DOCS: (),
        DEV: ("test", "lint", "live", "bench"),
        BROWSER: ("browser",),
    }
    for output, groups in locks.items():
        group_args = [arg for group in groups for arg in ("--group", group)]
        session.run(
            "uv",
            "pip",
            "compile",
            "pyproject.toml",
            *group_args,
            "--universal",
            "--python-version",
            "3.11",
            "--quiet",
            "-o",
            output,
        )


if os.environ.get("CI"):  # pragma: no cover - behaviour on CI only
    nox.options.error_on_missing_interpreters = True
