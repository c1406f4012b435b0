"""URL handling: canonical forms, so that one page has one spelling.

Used by the metadata pipeline (which canonical URL a page declares), the
dedupe pipeline (canonical form) and the spider (skipping known articles).

Rules (see README "Duplicates, stories and revisions"):

* scheme and host are lower-cased (an Arabic host in its ``xn--`` form), a
  default port (80/443) is dropped, the fragment is dropped;
* tracking parameters (``utm_*``, ``fbclid``…) and ``amp`` flags are dropped,
  the remaining query is sorted;
* the path is percent-encoded one way, so a raw Arabic slug and its encoded
  form are equal (``%2F`` stays encoded: it is not a path separator);
* ``/amp`` path suffixes, ``.amp`` / ``.amp.html`` file suffixes and
  trailing slashes are dropped; ``.`` and ``..`` segments are resolved.

A page's ``<link rel=canonical>`` is trusted only when it points to the same
site (same host and port; ``www.``/``m.``/``amp.`` and http vs https
ignored; or file:// to file://) and not to the site's home page: syndicated copies often name the
original outlet's URL, and broken themes name the home page on every article.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = (
    "utm_",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "yclid",
    "igshid",
    "_ga",
    "ref_src",
    "cmpid",
    "ocid",
)
AMP_PARAMS = frozenset({"amp", "outputtype"})
DEFAULT_PORTS = {"http": 80, "https": 443}
SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_AMP_SUFFIX = re.compile(r"/amp/?$|\.amp(?=(?:\.html?)?$)", re.I)
_PATH_SAFE = ":@!$&'()*+,;=-._~"


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return any(key == p or (p.endswith("_") and key.startswith(p)) for p in TRACKING_PARAMS)


def _unify_path(path: str) -> str:
    """Decode then encode each segment, so raw and encoded forms meet;
    an encoded slash stays encoded."""
    segments = (quote(unquote(seg), safe=_PATH_SAFE) for seg in path.split("/"))
    return "/".join(segments)


def _ascii_host(host: str) -> str:
    """Lower-case host; an Arabic (IDN) host in its ``xn--`` form."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def canonicalize_url(url: str) -> str:
    """One spelling per page (rules in the module doc)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _ascii_host(parts.hostname or "")
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = "/" + _AMP_SUFFIX.sub("", _unify_path(parts.path)).lstrip("/")
    path = posixpath.normpath(path)
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(k) and k.lower() not in AMP_PARAMS
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


def is_amp_url(url: str) -> bool:
    """An AMP rendition by its URL: an ``amp`` path segment, a ``.amp`` suffix,
    ``?amp`` or an ``amp.`` host."""
    parts = urlsplit(url)
    keys = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return (
        bool(_AMP_SUFFIX.search(parts.path))
        or "amp" in parts.path.lower().split("/")
        or "amp" in keys
        or (parts.hostname or "").startswith("amp.")
    )


def site_key(url: str) -> str:
    """What "same site" compares: the host without www./m./amp. and a port
    that is not the default (http and https count as one site)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return "file"
    host = (parts.hostname or "").lower()
    for prefix in SITE_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    port = parts.port
    return host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"


def trusted_canonical(declared: str, url: str) -> bool:
    """A declared canonical is used only on the same site and never when it
    names the home page of a page that is not the home page."""
    if urlsplit(declared).scheme.lower() not in {"http", "https", "file"}:
        return False
    if site_key(declared) != site_key(url):
        return False
    home = urlsplit(declared).path in {"", "/"} and not urlsplit(declared).query
    return not home or urlsplit(url).path in {"", "/"}


def canonical_link(tree: Any, url: str) -> str:
    """The page's trusted ``<link rel=canonical>`` (resolved), or ``url``."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            declared = urljoin(url, link.get("href").strip())
            return declared if trusted_canonical(declared, url) else url
    return url
