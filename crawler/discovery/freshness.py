"""What a later run may skip and what it must fetch again.

Stored articles are skipped unless a modified signal says they changed after
they were last fetched (sitemap ``lastmod``, feed ``updated``, the WordPress
REST API's ``modified_gmt``). Outlets also edit without saying so, so recent
articles are revisited on a schedule: at fixed ages after publication (and
after the last ``article:modified_time`` their page gave), each point once —
by default 1 hour, 6 hours, 1 day, 3 days and 7 days (``NEWS_REVISIT_SCHEDULE``),
five conditional requests per article in its first week, none after. A revisit
is a conditional request (``If-None-Match``/``If-Modified-Since``); a ``304``
costs no body and no extraction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from crawler.text.dates import machine_date, parse_iso

DEFAULT_REVISIT_SCHEDULE = "1h,6h,24h,3d,7d"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_JSONLD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{8,40})"')


def parse_schedule(text: str) -> tuple[timedelta, ...]:
    """``"1h,6h,24h,3d,7d"`` as sorted durations (units s, m, h, d); ``""``,
    ``"0"`` or ``"off"`` turn revisits off. Raises ValueError on anything else."""
    text = (text or "").strip().lower()
    if text in {"", "0", "off", "none", "false"}:
        return ()
    points: set[timedelta] = set()
    for part in text.split(","):
        match = _DURATION.fullmatch(part.strip())
        if match is None:
            raise ValueError(f"NEWS_REVISIT_SCHEDULE must be durations like 1h,6h,24h,3d,7d (or off), got {text!r}")
        points.add(timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)]))
    return tuple(sorted(points))


def revisit_due(
    anchors: Iterable[datetime | None], last_checked: datetime, now: datetime, schedule: tuple[timedelta, ...]
) -> bool:
    """A stored article is due for a revisit when a point of the schedule,
    counted from one of its ``anchors`` (publication, last modification), fell
    after it was last fetched and is not in the future."""
    return any(last_checked < anchor + point <= now for anchor in anchors if anchor is not None for point in schedule)


def due_for_revisit(
    published_at: str | None,
    modified_at: str | None,
    first_fetched: str,
    last_fetched: str,
    now: datetime,
    schedule: tuple[timedelta, ...],
) -> bool:
    """:func:`revisit_due` for a stored article's ISO times: counted from its
    publication (its first fetch when undated) and its last modification."""
    last = parse_iso(last_fetched, tz="UTC")
    anchors = (
        parse_iso(published_at or first_fetched, tz="UTC"),
        parse_iso(modified_at, tz="UTC") if modified_at else None,
    )
    return last is not None and revisit_due(anchors, last, now, schedule)


def revisit_window(schedule: tuple[timedelta, ...]) -> timedelta:
    """How far back articles can still be due: the last point, plus a day for
    dates printed with a time-zone offset."""
    return (max(schedule) if schedule else timedelta(0)) + timedelta(days=1)


def page_modified(meta: str | None, jsonld: str) -> datetime | None:
    """When an article page says it was last modified: ``article:modified_time``
    (or ``og:updated_time``), else JSON-LD ``dateModified``."""
    found = machine_date(meta)
    if found is None:
        match = _JSONLD_MODIFIED.search(jsonld)
        found = machine_date(match.group(1)) if match else None
    return found


def needs_fetch(stored_at: str | None, lastmod: datetime | None) -> bool:
    """Fetch an article unless it is stored and no ``lastmod`` says it changed
    after it was last fetched (``stored_at``: its last fetch or change)."""
    if stored_at is None:
        return True
    if lastmod is None:
        return False
    stored = parse_iso(stored_at, tz="UTC")
    return stored is None or lastmod > stored


def transient_failure(status: int | None) -> bool:
    """A failed request worth retrying next run: no response at all (timeout,
    refused, DNS), 429 or 5xx. A 404/410 will not get better."""
    return status is None or status == 429 or status >= 500
