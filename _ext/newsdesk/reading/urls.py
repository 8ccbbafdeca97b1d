"""URLs with nothing hidden in them: one rule for front matter, body links and lint.

Pure (no Sphinx). A URL from a stranger may carry a user name and password, a
control character or space that browsers drop (so ``java\\tscript:`` is
``javascript:``), or point at the build machine's or a reader's own network
(``localhost``, ``192.168.1.1``, cloud metadata at ``169.254.169.254``).
"""

from __future__ import annotations

import codecs
import contextlib
import ipaddress
import re
import unicodedata
import urllib.parse

from newsdesk.reading import scripts

#: schemes a link in a page may use; anything without a scheme is relative
BODY_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
#: C0 and C1 controls, DEL, and spaces of every kind
_HIDDEN = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)
#: what browsers drop from a host name before they look it up (UTS #46 maps
#: these to nothing): soft hyphen, combining grapheme joiner, Hangul fillers,
#: Khmer inherent vowels, Mongolian selectors, invisible operators, variation
#: selectors; ``127.0.0.\u00ad1`` is 127.0.0.1 to a browser, not to a check
#: (those in ``_HIDDEN`` are named as hidden already)
_DROPPED = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f"
    "\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0100-\U000e01ef]"
)
#: names that never reach a public site
_PRIVATE_SUFFIXES = (
    ".localhost", ".local", ".internal", ".intranet", ".lan", ".home", ".corp",
    ".test", ".invalid", ".example", ".onion", ".arpa", ".home.arpa",
)  # fmt: skip


#: why a page may not show an image from another site
REMOTE_IMAGE = (
    "images must be files of the site: a remote image is fetched from its host "
    "by every reader's browser, and can change after review; save it in the "
    "post's folder and credit its source"
)


#: a URL that names another host but no scheme (``//host/x``; browsers read a
#: backslash as a slash, so ``/\\host`` is one too)
_NETWORK_PATH = re.compile(r"^[/\\]{2}")
NETWORK_PATH = (
    "names another site without a scheme ('//host'); write its https:// address"
)


def is_network_path(url: str) -> bool:
    """Whether a browser would read ``url`` as another host's (``//evil.com``)."""
    return bool(_NETWORK_PATH.match(_HIDDEN.sub("", url)))


def scheme_of(url: str) -> str | None:
    """The lower-case scheme a browser would see, or None for a relative URL."""
    cleaned = _HIDDEN.sub("", url)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _host_problem(host: str, *, names_only: bool, allow_local: bool) -> str | None:
    host = host.strip("[]").lower().rstrip(".")
    if not host:
        return "has no host"
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = _whatwg_ipv4(host)
    if allow_local and (host == "localhost" or (address and address.is_loopback)):
        return None  # a test site's own server (newsdesk_allow_local_urls)
    if address is not None:
        if names_only:
            return "must name its site, not an IP address"
        if not address.is_global or _hidden_ipv4(address):
            return "points at a private or local network address"
        return None
    if re.fullmatch(r"[0-9.]+|0x[0-9a-f.x]+", host):
        return "points at a numeric address"
    if host == "localhost" or host.endswith(_PRIVATE_SUFFIXES):
        return "points at a local or private host name"
    if "." not in host:
        return "needs a full public host name (e.g. example.com)"
    return _mixed_scripts(host)


#: IPv6 site-local addresses: deprecated, still routed inside networks
_SITE_LOCAL = ipaddress.IPv6Network("fec0::/10")


def _hidden_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An IPv6 address that is a local one in disguise: IPv4-compatible
    (``::127.0.0.1``) or site-local (``fec0::1``)."""
    if address.version != 6:
        return False
    return int(address) < 2**32 or address in _SITE_LOCAL


def _whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a browser reads in ``host`` when its last part is a
    number (WHATWG URL standard): each part decimal, ``0x`` hex or ``0``
    octal, the last one filling the rest, so ``127.0.0.0x1`` and ``2130706433``
    are 127.0.0.1. None if the host is a name."""
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not parts or not re.fullmatch(r"[0-9]+|0[xX][0-9a-fA-F]*", parts[-1]):
        return None
    numbers = []
    for part in parts:
        try:
            if part[:2].lower() == "0x":
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part[1:], 8))
            else:
                numbers.append(int(part, 10))
        except ValueError:
            return ipaddress.IPv4Address(0)  # a browser refuses it: as 0.0.0.0
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]):
        return ipaddress.IPv4Address(0)
    value = 0
    for number in numbers[:-1]:
        value = value * 256 + number
    rest = 5 - len(numbers)
    if numbers[-1] >= 256**rest:
        return ipaddress.IPv4Address(0)
    return ipaddress.IPv4Address(value * 256**rest + numbers[-1])


def _decoded(host: str) -> str:
    """``host`` with its ``xn--`` labels decoded (MyST writes a Markdown
    link's host so); a label that does not decode is left as it is."""
    labels = host.split(".")
    for index, label in enumerate(labels):
        if label[:4].lower() == "xn--":
            with contextlib.suppress(UnicodeError, ValueError):
                labels[index] = codecs.decode(label[4:].encode("ascii"), "punycode")
    return ".".join(labels)


def _mixed_scripts(host: str) -> str | None:
    """Why a host name can pass for another (``microsoft.com`` written with a
    Cyrillic "o", U+043E), or None: a label, decoded from its ``xn--`` form
    (MyST writes a link's host so), that mixes scripts (see ``scripts``), or
    one wholly in another script that passes for a Latin one, under a Latin
    top-level name (``apple.com`` in Cyrillic letters; a name under a
    top-level name in its own script imitates none).
    """
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = codecs.decode(label[4:].encode("ascii"), "punycode")
            except (UnicodeError, ValueError):
                return f"has an invalid international name ({label!r})"
        if mixed := scripts.mixed_word(label):
            return f"{mixed}, so it can pass for another address"
        labels.append(label)
    if not labels[-1].isascii():
        return None
    for label in labels[:-1]:
        if (latin := scripts.latin_lookalike(label)) is not None:
            return (
                f"writes {label!r} in {scripts.script_names(label)} letters that "
                f"each look Latin (as {latin!r}), so it can pass for another address"
            )
    return None


def url_problem(
    url: str, *, schemes: frozenset[str], names_only: bool, allow_local: bool = False
) -> str | None:
    """Why ``url`` is refused, or None."""
    if _HIDDEN.search(url):
        return "contains spaces or control characters"
    if "\\" in url:
        return "contains a backslash, which browsers read as '/'; write '/'"
    scheme = scheme_of(url)
    if scheme is None:
        # relative: inside the site, unless it starts with two slashes
        return NETWORK_PATH if is_network_path(url) else None
    if scheme not in schemes:
        return f"{scheme}: URLs are not allowed; use an http(s) address"
    if scheme == "mailto":
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return "is not a valid URL"
    if "@" in parts.netloc or parts.username or parts.password:
        return "must not contain a user name or password"
    host = parts.hostname or ""
    if "%" in host:
        return (
            "has a percent-encoded host name, which browsers decode; write it plainly"
        )
    if dropped := _DROPPED.search(_decoded(host)):
        char = dropped.group()
        name = unicodedata.name(char, "invisible").title()
        return (
            f"hides U+{ord(char):04X} ({name}) in its host name, which browsers "
            "drop: they go to the host without it; delete it"
        )
    if host.translate(_DOTS) != host:  # "nytimes.com。evil.org" is evil.org's
        return "writes a dot of its host name as another full stop; write '.'"
    return _host_problem(
        _as_browsers_read(host), names_only=names_only, allow_local=allow_local
    )


#: full stops that international host names may use for "."
_DOTS = str.maketrans(dict.fromkeys("\u3002\uff0e\uff61", "."))


def _as_browsers_read(host: str) -> str:
    """``host`` as a browser maps it before looking it up (UTS #46): full-width
    digits and letters as ASCII, ideographic full stops as dots, so that
    full-width ``127.0.0.1`` is checked as the loopback address it is."""
    if host.isascii():
        return host
    return unicodedata.normalize("NFKC", host).translate(_DOTS)


def body_url_problem(url: str, *, allow_local: bool = False) -> str | None:
    """A link or image in a page's text."""
    return url_problem(
        url, schemes=BODY_SCHEMES, names_only=False, allow_local=allow_local
    )


def source_url_problem(url: str, *, allow_local: bool = False) -> str | None:
    """A source article's, archived copy's or entity's address: public names only."""
    if scheme_of(url) is None:
        return "is not an http(s) URL"
    return url_problem(
        url,
        schemes=frozenset({"http", "https"}),
        names_only=True,
        allow_local=allow_local,
    )


#: query parameters that track a reader, not name an article
_TRACKING = re.compile(
    r"^(utm_[a-z_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ocid|"
    r"cmpid|smid|guccounter|_ga|ref|ref_src|src|source|s_cid|taid|soc_src|soc_trk)$",
    re.IGNORECASE,
)


#: links that lead a reader to an article instead of serving it:
#: what the link is, its host and its path (regular expressions)
_FORWARDERS = tuple(
    (what, re.compile(host), re.compile(path))
    for what, host, path in (
        ("a Google redirect", r"^(www\.)?google(\.[a-z]{2,3}){1,2}$", r"^/(url|amp/)"),
        ("a Google search page", r"^(www\.)?google(\.[a-z]{2,3}){1,2}$", r"^/search"),
        ("a Google News link", r"^news\.google\.com$", ""),
        ("a Bing redirect or search page", r"^(www\.)?bing\.com$", r"^/(ck/|search|news/search)"),
        ("a DuckDuckGo redirect", r"^([a-z]+\.)?duckduckgo\.com$", r"^/l/"),
        ("a Facebook redirect", r"^lm?\.facebook\.com$", ""),
        ("an X short link", r"^t\.co$", ""),
        ("a LinkedIn short link", r"^lnkd\.in$", ""),
        ("a Reddit redirect", r"^out\.reddit\.com$", ""),
        ("a short link", r"^(bit\.ly|tinyurl\.com|ow\.ly|buff\.ly|dlvr\.it|goo\.gl|is\.gd)$", ""),
    )
)  # fmt: skip
#: the path of a site's front page ("", "/", "/index.html")
_HOME_PAGE = re.compile(r"/?((index|default|home)\.[a-z]+)?", re.IGNORECASE)
#: query parameters a redirect carries its destination in
_DESTINATION = ("url", "q", "u", "uddg")
_WEB = frozenset({"http", "https"})


def article_url_problem(url: str) -> str | None:
    """Why ``url`` is not an article's own address (a ``source.url``): a search
    result, a redirect or short link, or an address with tracking parameters.
    The message says what to write instead."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None  # url_problem says why
    host = (parts.hostname or "").lower().rstrip(".")
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    for what, hosts, paths in _FORWARDERS:
        if not (hosts.match(host) and paths.match(parts.path or "/")):
            continue
        # (a decoded value is quoted only if it is one printable line: no
        # terminal escapes or bidi controls in the message)
        leads = [
            v
            for k, v in query
            if k in _DESTINATION
            and scheme_of(v) in _WEB
            and v.isprintable()
            and " " not in v
        ]
        if leads:
            return (
                f"is {what}, not the article: use the address it leads to, {leads[0]}"
            )
        return (
            f"is {what}, not the article: open the article and copy its address "
            "from the browser's address bar"
        )
    tracking = [k for k, _ in query if _TRACKING.match(k)]
    if _HOME_PAGE.fullmatch(parts.path) and len(tracking) == len(query):
        # The publisher's front page changes by the hour: it names no article,
        # and a reader following the callout would not find the story there.
        return (
            f"is the home page of {host}, not the article: open the article and "
            "copy its address from the browser's address bar"
        )
    if not tracking:
        return None
    kept = [
        pair
        for pair in parts.query.split("&")
        if not _TRACKING.match(urllib.parse.unquote_plus(pair.split("=", 1)[0]))
    ]
    clean = parts._replace(query="&".join(kept)).geturl()
    names = ", ".join(dict.fromkeys(tracking))
    return f"has tracking parameters ({names}), which name no article: write {clean}"


#: host prefixes of one site's other editions of a page (mobile, AMP)
_EDITIONS = ("www.", "amp.", "m.")
#: characters a path may hold as they are (RFC 3986): anything else is
#: compared percent-encoded, so "%6E" and "n" are one path
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def story_url(url: str) -> str:
    """``url`` as the article it names: no scheme, edition prefix (``www.``,
    ``amp.``, ``m.``), default port, trailing dot or slash, fragment or tracking
    parameters, one form of each path character, so that spellings of one
    link compare equal."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip().lower()
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in _EDITIONS:
        host = host.removeprefix(prefix)
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k)
    )
    path = urllib.parse.quote(urllib.parse.unquote(parts.path), safe=_PATH_SAFE)
    path = re.sub("/{2,}", "/", path).rstrip("/;").removesuffix("/amp").rstrip("/")
    return host + path + (f"?{urllib.parse.urlencode(query)}" if query else "")


def fingerprint(url: str) -> str:
    """``url`` as one check compares it with another's: decoded, without the
    characters browsers drop, lower-case (MyST percent-encodes a link's URL)."""
    return _HIDDEN.sub("", urllib.parse.unquote(url)).lower()
