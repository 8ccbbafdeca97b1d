"""The ``newsdesk_*`` config values: declared once, checked at ``config-inited``."""

from __future__ import annotations

import dataclasses
import os
import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sphinx.util import logging

from newsdesk.reading.urls import source_url_problem

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The rebuild kinds these values use (Sphinx accepts a few more).
Rebuild = Literal["", "env", "html"]


@dataclasses.dataclass(frozen=True)
class Setting:
    """One ``newsdesk_*`` config value, as ``app.add_config_value`` takes it."""

    name: str
    default: Any
    rebuild: Rebuild
    types: frozenset[type]
    description: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "newsdesk_posts_dir",
        "posts",
        "env",
        frozenset({str}),
        "Folder whose Markdown files (except index) are posts.",
    ),
    Setting(
        "newsdesk_entities_dir",
        "entities",
        "env",
        frozenset({str}),
        "Folder whose Markdown files (except index) describe entities.",
    ),
    Setting(
        "newsdesk_timezone",
        "UTC",
        "env",
        frozenset({str}),
        "IANA zone for front-matter times written without an offset.",
    ),
    Setting(
        "newsdesk_show_drafts",
        None,
        "env",
        frozenset({bool, type(None)}),
        "Build drafts and scheduled posts; None: only for previews.",
    ),
    Setting(
        "newsdesk_feed_length",
        50,
        "html",
        frozenset({int}),
        "How many of the newest posts each Atom feed carries.",
    ),
    Setting(
        "newsdesk_related_posts",
        3,
        "html",
        frozenset({int}),
        "How many related posts end each post.",
    ),
    Setting(
        "newsdesk_page_size",
        50,
        "html",
        frozenset({int}),
        "Posts per page of archive, tag, entity, series and publisher listings.",
    ),
    Setting(
        "newsdesk_social_cards",
        True,
        "html",
        frozenset({bool}),
        "Render a 1200x630 PNG card per post for link previews.",
    ),
    Setting(
        "newsdesk_site_description",
        "",
        "html",
        frozenset({str}),
        "One sentence about the site, for feeds and structured data.",
    ),
    Setting(
        "newsdesk_policies",
        {},
        "html",
        frozenset({dict}),
        "Standards pages by role (principles, corrections, verification, ethics).",
    ),
    Setting(
        "newsdesk_license",
        {},
        "html",
        frozenset({dict}),
        "The licence of the site's text, {'name': ..., 'url': ...}: named in "
        "every page's footer, the posts' structured data, the feeds and the "
        "posts API; empty: named nowhere.",
    ),
    Setting(
        "newsdesk_corrections_page",
        "corrections",
        "html",
        frozenset({str}),
        "Page name of the generated corrections log (with its Atom feed).",
    ),
    Setting(
        "newsdesk_allow_local_urls",
        False,
        "env",
        frozenset({bool}),
        "Accept localhost/loopback URLs in content (only for test sites' servers).",
    ),
    Setting(
        "newsdesk_logo",
        "",
        "html",
        frozenset({str}),
        "Path of the site logo under html_static_path: the publisher logo in "
        "structured data, the link-preview image of pages that are not posts, "
        "and the feeds' icon.",
    ),
    Setting(
        "newsdesk_preview",
        [],
        "env",
        frozenset({list, str}),
        "Posts to preview (paths): read only them and the site's own pages.",
    ),
    Setting(
        "newsdesk_preview_snapshot",
        "",
        "env",
        frozenset({str}),
        "The site snapshot a preview takes the other posts from.",
    ),
    Setting(
        "newsdesk_speedups",
        True,
        "",
        frozenset({bool}),
        "Apply the speed-ups in newsdesk._speedups (they change no output).",
    ),
)

_POSITIVE_INTS = (
    "newsdesk_feed_length",
    "newsdesk_related_posts",
    "newsdesk_page_size",
)


def register(app: Sphinx) -> None:
    """Declare every ``newsdesk_*`` config value."""
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,
            types=setting.types,
            description=setting.description,
        )


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: warn about bad values and fall back to the default."""
    defaults = {setting.name: setting.default for setting in SETTINGS}
    try:
        zoneinfo.ZoneInfo(config.newsdesk_timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        _reset(config, "newsdesk_timezone", defaults, "is not an IANA time zone")
    for name in _POSITIVE_INTS:
        value = getattr(config, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            _reset(config, name, defaults, "must be a whole number of 1 or more")
    problem = license_problem(config.newsdesk_license)
    if problem:
        _reset(config, "newsdesk_license", defaults, problem)
    if config.newsdesk_show_drafts is None:
        config.newsdesk_show_drafts = drafts_wanted(os.environ)
    # Our templates and CSS sit after the site's own, so the site overrides them.
    here = Path(__file__).parent
    for setting, folder in (
        ("templates_path", "templates"),
        ("html_static_path", "static"),
    ):
        path = _from_confdir(here / folder, app.confdir)
        if path not in getattr(config, setting):
            getattr(config, setting).append(path)


#: the words around the licence's name wherever the site states it (the
#: footer, the Atom feeds' rights, llms.txt): the quotations are not ours
LICENSE_WORDS = (
    "Our text is licensed under ",
    ", except quotations from cited articles.",
)


def license_problem(value: object) -> str | None:
    """Why ``value`` cannot be ``newsdesk_license``, or None (``{}``: no licence).

    Readers follow the URL from every page: a public http(s) address, checked
    as a source article's is.
    """
    if value == {}:
        return None
    if not isinstance(value, dict) or set(value) != {"name", "url"}:
        return "must be a dict of the licence's 'name' and 'url', and nothing else"
    name, url = value["name"], value["url"]
    if not isinstance(name, str) or not name.strip():
        return "must name the licence ('name' is empty)"
    if not isinstance(url, str):
        return "must give the licence's 'url' as text"
    problem = source_url_problem(url)
    return f"has a 'url' that {problem}" if problem else None


def _from_confdir(path: Path, confdir: str | os.PathLike[str]) -> str:
    """``path`` relative to ``confdir`` when it can be (Sphinx resolves both forms).

    Both settings feed the config hash in ``.buildinfo``: an absolute path would
    make two checkouts of the same commit write different bytes.
    """
    try:
        return os.path.relpath(path, confdir)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def drafts_wanted(environ: os._Environ[str] | dict[str, str]) -> bool:
    """Previews show drafts: Read the Docs PR builds, or NEWSDESK_DRAFTS=1."""
    if environ.get("READTHEDOCS_VERSION_TYPE") == "external":
        return True
    return environ.get("NEWSDESK_DRAFTS", "").lower() in {"1", "true", "yes"}


def _reset(config: Config, name: str, defaults: dict[str, Any], problem: str) -> None:
    logger.warning(
        "%s = %r %s; using %r",
        name,
        getattr(config, name),
        problem,
        defaults[name],
        type="newsdesk",
        subtype="config",
    )
    setattr(config, name, defaults[name])
