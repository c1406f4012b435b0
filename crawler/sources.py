"""The sources to monitor, loaded from ``seeds/sources.toml`` and validated.

A sources file is data, never code: TOML parsed with :mod:`tomllib`, each
entry checked against the known keys. Errors name the entry and the line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

KNOWN_KEYS = {
    "name": "short unique id, letters/digits/-/_",
    "url": "home page URL (http/https), or a path relative to the sources file",
    "title": "human-readable outlet name",
    "language": "expected language code (default ar)",
    "feeds": "list of RSS/Atom feed URLs or paths",
    "sitemaps": "list of sitemap URLs or paths",
    "listings": "list of section/listing page URLs or paths",
    "article_pattern": "regex an article URL must match",
    "enabled": "false to skip the source in full crawls",
}
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SourcesError(ValueError):
    """A sources file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    title: str = ""
    language: str = "ar"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    article_pattern: str | None = None
    enabled: bool = True
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def host(self) -> str:
        """host[:port] of the home URL ('' for file:// sources)."""
        return urlsplit(self.url).netloc.lower()


def resolve_url(value: str, base_dir: Path) -> str:
    """http(s)/file URLs as given; anything else is a path under ``base_dir``."""
    scheme = urlsplit(value).scheme.lower()
    if scheme in {"http", "https", "file"}:
        return value
    if scheme:
        raise ValueError(f"unsupported URL scheme {scheme!r} in {value!r}")
    return (base_dir / value).resolve().as_uri()


def _check_http(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and not parts.netloc:
        raise ValueError(f"URL without a host: {value!r}")


def _line_of(text: str, name: str) -> int:
    """Line number of the entry that holds ``name = "<name>"`` (1 when unknown)."""
    pattern = re.compile(rf"^\s*name\s*=\s*[\"']{re.escape(name)}[\"']", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _url_list(entry: dict, key: str, base_dir: Path) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key!r} must be a list of URLs")
    urls = tuple(resolve_url(v, base_dir) for v in value)
    for url in urls:
        _check_http(url)
    return urls


def parse_source(entry: dict, base_dir: Path) -> Source:
    """One ``[[sources]]`` table to a :class:`Source`; raises ValueError."""
    unknown = sorted(set(entry) - set(KNOWN_KEYS))
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(KNOWN_KEYS)}")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"'name' must match {_NAME.pattern}, got {name!r}")
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ValueError("'url' is required")
    url = resolve_url(url.strip(), base_dir)
    _check_http(url)
    pattern = entry.get("article_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"'article_pattern' is not a valid regex: {exc}") from None
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ValueError("'enabled' must be true or false")
    return Source(
        name=name,
        url=url,
        title=str(entry.get("title", "")),
        language=str(entry.get("language", "ar")),
        feeds=_url_list(entry, "feeds", base_dir),
        sitemaps=_url_list(entry, "sitemaps", base_dir),
        listings=_url_list(entry, "listings", base_dir),
        article_pattern=pattern,
        enabled=enabled,
    )


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raises :class:`SourcesError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read sources file: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: TOML syntax error: {exc}") from None
    extra = sorted(set(data) - {"sources"})
    if extra:
        raise SourcesError(f"{path}: unknown top-level key(s): {', '.join(extra)}")
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: no [[sources]] entries")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, 1):
        label = entry.get("name", f"#{index}") if isinstance(entry, dict) else f"#{index}"
        line = _line_of(text, str(label))
        try:
            source = parse_source(entry, path.parent)
        except ValueError as exc:
            raise SourcesError(f"{path}:{line}: source {label!r}: {exc}") from None
        if source.name in seen:
            raise SourcesError(f"{path}:{line}: duplicate source name {source.name!r}")
        seen.add(source.name)
        sources.append(source)
    return sources


def source_for_url(url: str) -> Source:
    """An ad-hoc source for ``scrapy crawl news -a url=URL``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "file"} or (parts.scheme != "file" and not parts.netloc):
        raise SourcesError(f"not a usable home URL: {url!r}")
    name = re.sub(r"[^A-Za-z0-9_-]", "_", parts.netloc or "local")[:64]
    return Source(name=name, url=url)
