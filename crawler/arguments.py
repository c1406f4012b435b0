"""The ``news`` spider's ``-a`` arguments, as data, validated before anything runs.

Scrapy hands every ``-a NAME=VALUE`` to the spider, which would silently keep
a misspelt one (``-a sorce=demo`` crawled every source). Here each argument
is named with what it does, and :func:`parse_arguments` refuses anything
else in one line naming the valid ones. ``scrapy crawl`` calls it in its
pre-flight check (exit code 1, no traceback) and the spider again in its
``__init__``, for crawls started some other way.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crawler.text.dates import parse_since

ARGUMENTS: dict[str, str] = {
    "source": "NAME: one source of the sources file (default: every enabled source)",
    "url": "URL: an ad-hoc site from its home page, instead of the sources file",
    "since": "YYYY-MM-DD: skip feed and sitemap entries and dated links older than this day",
    "replay": "ARCHIVE: answer every request from this WARC file, folder or WACZ package (crawler.archive), no network",
}


class ArgumentError(ValueError):
    """A ``-a`` argument the spider cannot use; the message says which and why."""


@dataclass(frozen=True)
class CrawlArguments:
    source: str | None = None
    url: str | None = None
    since: date | None = None
    replay: str | None = None


def valid_arguments() -> str:
    return ", ".join(f"-a {name}={meaning.split(':')[0]}" for name, meaning in ARGUMENTS.items())


def _text(values: Mapping[str, object], name: str) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ArgumentError(f"-a {name} needs a value ({ARGUMENTS[name]})")
    return value.strip()


def parse_arguments(values: Mapping[str, object]) -> CrawlArguments:
    """The spider's arguments from ``-a`` values; raises :class:`ArgumentError`."""
    unknown = sorted(set(values) - set(ARGUMENTS))
    if unknown:
        raise ArgumentError(f"unknown argument -a {unknown[0]}; valid: {valid_arguments()}")
    source, url = _text(values, "source"), _text(values, "url")
    if source and url:
        raise ArgumentError("-a source and -a url exclude each other: crawl a named source or an ad-hoc URL")
    replay = _text(values, "replay")
    if replay and not Path(replay).exists():
        raise ArgumentError(f"-a replay: no such archive file or folder: {replay}")
    if replay and replay.lower().endswith(".wacz") and not zipfile.is_zipfile(replay):
        raise ArgumentError(f"-a replay: not a WACZ package (a zip file): {replay}")
    try:
        since = parse_since(_text(values, "since"))
    except ValueError as exc:
        raise ArgumentError(f"-a {exc}") from None  # "-a since must be a date YYYY-MM-DD, got ..."
    return CrawlArguments(source=source, url=url, since=since, replay=replay)
