"""URL handling: canonical forms, so that one page has one spelling.

Used by the metadata pipeline (which canonical URL a page declares), the
dedupe pipeline (canonical form) and the spider (skipping known articles).
"""

from __future__ import annotations

import posixpath
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
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return any(key == p or (p.endswith("_") and key.startswith(p)) for p in TRACKING_PARAMS)


def canonicalize_url(url: str) -> str:
    """One spelling per page: lower-case scheme/host, no default port, no
    fragment, no tracking parameters, sorted query, percent-encoding unified
    (raw and encoded Arabic paths are equal), no trailing slash, no ``/amp``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=-._~")
    if path.endswith("/amp") or path.endswith("/amp/"):
        path = path.rstrip("/")[: -len("/amp")]
    path = posixpath.normpath(path) if path not in {"", "/"} else "/"
    if path == ".":
        path = "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(k) and k.lower() != "amp"
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


def canonical_link(tree: Any, url: str) -> str:
    """The page's <link rel=canonical> (resolved), or ``url`` when it has none."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url, link.get("href").strip())
    return url
