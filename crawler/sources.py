"""The sources to monitor, loaded from ``seeds/sources.toml`` and validated.

A sources file is data, never code: TOML parsed with :mod:`tomllib`, each
entry checked against :data:`SCHEMA` (the type and rule of every key, as
data). An error is one line naming the file, the line, the entry and the
key; nothing in a sources file can cause a traceback.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_TOML_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "list"), (dict, "table"))


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


def _redacted(url: str) -> str:
    """``url`` with any ``user:password@`` replaced, fit for an error message."""
    return re.sub(r"(?<=//)[^/@]*@", "***@", url, count=1)


def check_url(url: str) -> None:
    """Raise ValueError unless ``url`` is one the crawler can request: no
    spaces or control characters; http(s) with a host, a valid port and no
    ``user:password@`` (credentials have no place in a sources file or a
    command line, and Scrapy would send them to every page of the site)."""
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ValueError(f"URL with spaces or control characters: {_redacted(url)!r}")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return
    if "@" in parts.netloc:
        raise ValueError(f"URL with a user name or password (user:pass@) is not allowed: {_redacted(url)!r}")
    if not parts.hostname:
        raise ValueError(f"URL without a host: {url!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
        parts.hostname.encode("idna")
    except (ValueError, UnicodeError):
        raise ValueError(f"URL with a bad host or port: {url!r}") from None


def resolve_url(value: str, base_dir: Path) -> str:
    """http(s)/file URLs as given; anything else is a path under ``base_dir``."""
    scheme = urlsplit(value).scheme.lower()
    if scheme in {"http", "https", "file"}:
        check_url(value)
        return value
    if scheme and len(scheme) > 1:  # "C:" is a Windows drive, not a scheme
        raise ValueError(f"unsupported URL scheme {scheme!r} in {_redacted(value)!r}")
    return (base_dir / value).resolve().as_uri()


def _described(value: object) -> str:
    kind = next((name for kind, name in _TOML_TYPES if isinstance(value, kind)), type(value).__name__)
    shown = repr(value)
    return f"{kind} {shown if len(shown) <= 40 else shown[:37] + '...'}"


def _expect(value: object, kind: type, expected: str) -> None:
    # bool is an int in Python; TOML keeps them apart, so do we
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"expected {expected}, got {_described(value)}")


def _matching(pattern: re.Pattern[str], expected: str) -> Callable[[object, Path], str]:
    """A rule for a string that must match ``pattern``."""

    def check(value: object, base_dir: Path) -> str:
        _expect(value, str, expected)
        if not pattern.match(value):
            raise ValueError(f"expected {expected}, got {value!r}")
        return value

    return check


def _text(value: object, base_dir: Path) -> str:
    _expect(value, str, "a string")
    return value


def _url(value: object, base_dir: Path) -> str:
    _expect(value, str, "a URL or a path")
    if not value.strip():
        raise ValueError("expected a URL or a path, got an empty string")
    return resolve_url(value.strip(), base_dir)


def _urls(value: object, base_dir: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    _expect(value, list, "a list of URLs")
    for item in value:
        _expect(item, str, "a list of URLs")
    return tuple(_url(item, base_dir) for item in value)


def _regex(value: object, base_dir: Path) -> str:
    _expect(value, str, "a regular expression (a string)")
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regex: {exc}") from None
    return value


def _flag(value: object, base_dir: Path) -> bool:
    _expect(value, bool, "true or false")
    return value


@dataclass(frozen=True)
class Key:
    """One key of a ``[[sources]]`` entry: how its value is checked (and
    normalized), what it means, whether it must be there."""

    check: Callable[[object, Path], object]
    meaning: str
    required: bool = False


# The rules, as data: every key of a [[sources]] entry (README "Sources").
SCHEMA: dict[str, Key] = {
    "name": Key(_matching(_NAME, "a name of 1-64 letters, digits, - and _"), "short unique id", required=True),
    "url": Key(_url, "home page URL (http/https), or a path relative to the sources file", required=True),
    "title": Key(_text, "human-readable outlet name"),
    "language": Key(_matching(_LANGUAGE, 'a language code such as "ar"'), "expected language code (default ar)"),
    "feeds": Key(_urls, "list of RSS/Atom feed URLs or paths"),
    "sitemaps": Key(_urls, "list of sitemap URLs or paths"),
    "listings": Key(_urls, "list of section/listing page URLs or paths"),
    "article_pattern": Key(_regex, "regex an article URL must match"),
    "enabled": Key(_flag, "false to skip the source in full crawls"),
}
KNOWN_KEYS = {key: rule.meaning for key, rule in SCHEMA.items()}


def _line_of(text: str, name: object) -> int:
    """Line number of the entry that holds ``name = "<name>"`` (1 when unknown)."""
    if not isinstance(name, str):
        return 1
    pattern = re.compile(rf"^\s*name\s*=\s*[\"']{re.escape(name)}[\"']", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _entry_lines(text: str) -> list[int]:
    """Line numbers of the ``[[sources]]`` headers, in order."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^\s*\[\[\s*sources\s*\]\]", text, re.M)]


def parse_source(entry: dict, base_dir: Path) -> Source:
    """One ``[[sources]]`` table to a :class:`Source`; raises ValueError
    naming the key."""
    unknown = sorted(set(entry) - set(SCHEMA))
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(SCHEMA)}")
    values: dict[str, object] = {}
    for key, value in entry.items():
        try:
            values[key] = SCHEMA[key].check(value, base_dir)
        except ValueError as exc:
            raise ValueError(f"key {key!r}: {exc}") from None
    missing = [key for key, rule in SCHEMA.items() if rule.required and key not in entry]
    if missing:
        raise ValueError(f"key {missing[0]!r} is required ({SCHEMA[missing[0]].meaning})")
    return Source(**values)  # type: ignore[arg-type]


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raises :class:`SourcesError` with
    one line naming the file, the line, the entry and the key."""
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
    if entries is None or entries == []:
        raise SourcesError(f"{path}: no [[sources]] entries")
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: 'sources' must be [[sources]] tables, got {_described(entries)}")
    headers = _entry_lines(text)
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            line = _line_of_key(text, "sources")
            raise SourcesError(f"{path}:{line}: source #{index}: expected a [[sources]] table, got {_described(entry)}")
        name = entry.get("name")
        label = name if isinstance(name, str) else f"#{index}"
        line = _line_of(text, name) if isinstance(name, str) else (headers[index - 1] if index <= len(headers) else 1)
        try:
            source = parse_source(entry, path.parent)
        except ValueError as exc:
            raise SourcesError(f"{path}:{line}: source {label!r}: {exc}") from None
        if source.name in seen:
            raise SourcesError(f"{path}:{line}: duplicate source name {source.name!r}")
        seen.add(source.name)
        sources.append(source)
    return sources


def _line_of_key(text: str, key: str) -> int:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def source_for_url(url: str) -> Source:
    """An ad-hoc source for ``scrapy crawl news -a url=URL``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "file"} or (parts.scheme != "file" and not parts.netloc):
        raise SourcesError(f"-a url: not a usable home URL (http or https, with a host): {_redacted(url)!r}")
    try:
        check_url(url)
    except ValueError as exc:
        raise SourcesError(f"-a url: {exc}") from None
    name = re.sub(r"[^A-Za-z0-9_-]", "_", parts.netloc or "local")[:64]
    return Source(name=name, url=url)


def is_local(source: Source) -> bool:
    """A source read from a local folder (``file://``): the bundled demo, a
    test fixture, never a news site."""
    return urlsplit(source.url).scheme == "file"


def select_sources(sources: list[Source], name: str | None) -> list[Source]:
    """The sources a crawl covers: ``name`` alone (enabled or not: how
    ``make demo`` crawls the disabled demo), else every enabled source that
    is not a local folder, so the demo's fictional articles never mix into
    a real database unless asked for by name."""
    if name is None:
        return [s for s in sources if s.enabled and not is_local(s)]
    chosen = [s for s in sources if s.name == name]
    if not chosen:
        known = ", ".join(s.name for s in sources)
        raise SourcesError(f"-a source: unknown source {name!r}; known sources: {known}")
    return chosen
