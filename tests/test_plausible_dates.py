"""Absurd dates (issue 15): only plausible publication dates are kept, every
stored date has an offset SQLite's ``julianday()`` reads, and a backdated
copy never becomes its story's original.

The plausible range is 1990-01-01 UTC to one day after the clock
(:data:`crawler.text.dates.EARLIEST`, :data:`~crawler.text.dates.FUTURE_TOLERANCE`).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text.dates import (
    EARLIEST,
    FUTURE_TOLERANCE,
    machine_date,
    parse_date,
    parse_iso,
    plausible,
    to_iso,
    utc_now,
)
from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows

ABSURD = [
    "0001-01-01T00:00:00+03:00",
    "1111-11-11T11:11:11+02:00",
    "1111-11-11",
    "1900-01-01T10:00:00",  # local mean time in Damascus: +02:25:12
    "1 كانون الثاني 1915 10:30",
    "١٥ تشرين الأول ١٨٩٩",
    "1989-12-31T23:59:59Z",
    "9999-12-31T23:59:59Z",
    "2999-01-01T00:00:00+03:00",
]


@pytest.mark.parametrize("text", ABSURD)
def test_absurd_publication_dates_are_not_read(text: str) -> None:
    assert parse_date(text) is None
    assert parse_date(text, now=utc_now()) is None


@pytest.mark.parametrize("text", ["0001-01-01", "Mon, 01 Jan 1111 00:00:00 GMT", "9999-12-31T00:00:00Z", "1985-06-01"])
def test_absurd_feed_and_sitemap_dates_are_unknown(text: str) -> None:
    assert machine_date(text) is None


def test_the_edges_of_the_plausible_range() -> None:
    assert parse_date("1990-01-01T00:00:00Z") == EARLIEST
    assert parse_date("1990-01-01T02:59:59+03:00") is None  # 23:59:59 UTC the day before
    soon = (utc_now() + FUTURE_TOLERANCE - timedelta(minutes=5)).replace(microsecond=0)
    assert parse_date(soon.isoformat()) == soon
    assert parse_date((soon + timedelta(minutes=10)).isoformat()) is None


def test_a_local_mean_time_offset_is_written_as_hours_and_minutes() -> None:
    lmt = datetime(1900, 1, 1, 10, 0, tzinfo=ZoneInfo("Asia/Damascus"))
    assert lmt.isoformat().endswith("+02:25:12")  # what Python writes, and julianday() cannot read
    written = to_iso(lmt)
    assert written == "1900-01-01T09:59:48+02:25"
    assert parse_iso(written) == lmt  # the same instant


def julianday(conn: sqlite3.Connection, text: str) -> float | None:
    return conn.execute("SELECT julianday(?)", [text]).fetchone()[0]


OFFSETS = st.integers(min_value=-14 * 3600 + 1, max_value=14 * 3600 - 1).map(lambda s: timedelta(seconds=s))


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 1, 1)),
    OFFSETS | st.just(timedelta(hours=2, minutes=25, seconds=12)),
)
def test_every_written_date_has_an_offset_sqlite_reads(moment: datetime, offset: timedelta) -> None:
    from datetime import timezone

    value = moment.replace(tzinfo=timezone(offset))
    written = to_iso(value)
    assert re.search(r"[+-]\d\d:\d\d$", written), written
    conn = sqlite3.connect(":memory:")
    try:
        day = julianday(conn, written)
        assert day is not None, written
        exact = julianday(conn, value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat())
        assert abs(day - exact) * 86400 < 1.5  # the same instant (microseconds dropped)
    finally:
        conn.close()


@settings(max_examples=200, deadline=None)
@given(st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Asia/Damascus"), ZoneInfo("Europe/Paris")])))
def test_plausible_is_exactly_the_documented_range(value: datetime) -> None:
    assert plausible(value) is (EARLIEST <= value <= utc_now() + FUTURE_TOLERANCE)
    parsed = parse_date(value.isoformat())
    assert parsed is None or plausible(parsed)


# --- end to end: a backdated copy and its original ---------------------------------

ORIGINAL, COPY = "/a/original.html", "/a/backdated-copy.html"
BACKDATES = {
    "/a/backdated-copy.html": "1111-01-01T00:00:00+03:00",
    "/a/year-one-copy.html": "0001-01-01T00:00:00Z",
    "/a/lmt-copy.html": "1900-01-01T10:00:00",
}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("backdated")
    db = tmp / "news.db"
    site = fs.Site()
    site.add(ORIGINAL, fs.page(fs.article_html("story")))
    for n, (path, date) in enumerate(BACKDATES.items()):
        # the same story with a sentence of its own: a near duplicate, not an exact one
        copy = fs.article_html("story", extra_body=f"<p>{fs.unique_tail('copy', n)}</p>")
        site.add(path, fs.page(copy.replace("2024-03-05T10:00:00+03:00", date)))
    with fs.run(site.build()) as server:
        crawl("-a", f"url={server.url}", db=db)
    return {Path(r["url"]).name: r for r in rows(db)}


def test_backdated_copies_do_not_become_the_original(story: dict[str, dict]) -> None:
    original = story["original.html"]
    assert original["published_at"] == "2024-03-05T10:00:00+03:00"
    assert original["duplicate_of"] is None
    for path in BACKDATES:
        copy = story[Path(path).name]
        assert copy["story_id"] == original["story_id"], path
        assert copy["duplicate_of"] == original["id"], path


def test_no_absurd_date_is_stored(story: dict[str, dict]) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        for name, row in story.items():
            if row["published_at"] is not None:
                assert julianday(conn, row["published_at"]) is not None, name
                assert plausible(datetime.fromisoformat(row["published_at"])), name
    finally:
        conn.close()
    assert all(story[Path(p).name]["published_at"] is None for p in BACKDATES)
