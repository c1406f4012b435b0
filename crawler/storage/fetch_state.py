"""What earlier runs left in the database, read by the spider for incremental
crawls: stored article URLs, feed/sitemap validators, whether the last run of
a source completed.

Nothing here is kept in files: the database is the state, so a run killed
midway and started again simply sees what was stored before the kill.
Validators (ETag/Last-Modified/lastmod) are written only when a run of the
source *finishes* with no transient failure (see
:func:`crawler.discovery.transient_failure`), so a 304 never hides articles
that a killed or failing run had found but not yet fetched.

The spider reads through its own connection (:class:`FetchState`), not the
pipelines' Store: it sees committed rows only, and saving validators never
commits an open batch of articles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from crawler.storage.connection import connect
from crawler.storage.runs import last_run_complete
from crawler.text.dates import to_iso, utc_now
from crawler.text.urls import canonicalize_url


@dataclass(frozen=True)
class Validators:
    """How to ask a feed or sitemap "changed since last time?"."""

    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None  # the <lastmod> the parent sitemap index gave; an article's article:modified_time
    checked_at: str | None = None  # when it was fetched (default: when the validators are saved)

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


class KnownArticles:
    """Stored articles, looked up per link in the database: by canonical URL
    (``canonical_url``, unique) or as fetched (``url``, indexed). Nothing is
    loaded up front, so a database of years costs no start-up time or memory;
    articles stored during the run are seen at once."""

    _SQL = (
        "SELECT MAX(COALESCE(a.updated_at, a.fetched_at), COALESCE(f.checked_at, '')), "
        "f.etag, f.last_modified, f.lastmod, f.checked_at "
        "FROM articles a LEFT JOIN fetch_state f ON f.url = a.url WHERE a.canonical_url = ? OR a.url = ? LIMIT 1"
    )

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def lookup(self, url: str) -> tuple[str, Validators] | None:
        """When the article at ``url`` was last stored or fetched (a revisit
        that found it unchanged counts) and the validators of its page; None
        when it is not stored."""
        row = self.conn.execute(self._SQL, [canonicalize_url(url), url.split("#", 1)[0]]).fetchone()
        return (row[0], Validators(*row[1:])) if row else None

    def stored_at(self, url: str) -> str | None:
        found = self.lookup(url)
        return found[0] if found else None

    def __contains__(self, url: str) -> bool:
        return self.stored_at(url) is not None


def load_validators(conn: sqlite3.Connection, sources: Iterable[str]) -> dict[str, Validators]:
    names = list(sources)
    if not names:
        return {}
    marks = ", ".join("?" for _ in names)
    rows = conn.execute(
        f"SELECT url, etag, last_modified, lastmod FROM fetch_state WHERE source IN ({marks}) "
        "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = fetch_state.url)",  # articles: looked up per link
        names,
    ).fetchall()
    return {url: Validators(etag, last_modified, lastmod) for url, etag, last_modified, lastmod in rows}


def save_validators(conn: sqlite3.Connection, source: str, validators: dict[str, Validators]) -> None:
    now = to_iso(utc_now())
    with conn:
        conn.executemany(
            "INSERT INTO fetch_state (url, source, etag, last_modified, lastmod, checked_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET source = excluded.source, etag = excluded.etag, "
            "last_modified = excluded.last_modified, lastmod = excluded.lastmod, checked_at = excluded.checked_at",
            [(url, source, v.etag, v.last_modified, v.lastmod, v.checked_at or now) for url, v in validators.items()],
        )


@dataclass(frozen=True)
class RecentArticle:
    """A stored article young enough to be revisited (see
    :mod:`crawler.discovery.freshness`)."""

    url: str
    published_at: str | None
    fetched_at: str
    last_fetched: str  # the latest of its first fetch, last change and last revisit
    modified_at: str | None  # the article:modified_time its page gave when last fetched
    validators: Validators


def recent_articles(conn: sqlite3.Connection, source: str, since: str) -> list[RecentArticle]:
    """Articles of ``source`` published (or, undated, first fetched) or
    modified since ``since`` (ISO, UTC), with their last fetch time and the
    validators of their page."""
    rows = conn.execute(
        "SELECT a.url, a.published_at, a.fetched_at, "
        "MAX(COALESCE(a.updated_at, a.fetched_at), COALESCE(f.checked_at, '')), "
        "f.lastmod, f.etag, f.last_modified, f.checked_at "
        "FROM articles a LEFT JOIN fetch_state f ON f.url = a.url "
        "WHERE a.source = ? AND (COALESCE(a.published_at, a.fetched_at) >= ? OR f.lastmod >= ?)",
        [source, since, since],
    ).fetchall()
    return [
        RecentArticle(url, published, fetched, last, modified, Validators(etag, last_modified, modified, checked))
        for url, published, fetched, last, modified, etag, last_modified, checked in rows
    ]


class FetchState:
    """The spider's view of earlier runs, on a connection of its own."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.known = KnownArticles(conn)

    @classmethod
    def open(cls, path: str | Path) -> FetchState:
        return cls(connect(path).conn)

    def validators(self, sources: Iterable[str]) -> dict[str, Validators]:
        return load_validators(self.conn, sources)

    def save_validators(self, source: str, validators: dict[str, Validators]) -> None:
        save_validators(self.conn, source, validators)

    def recent_articles(self, source: str, since: str) -> list[RecentArticle]:
        return recent_articles(self.conn, source, since)

    def last_run_complete(self, source: str) -> bool:
        return last_run_complete(self.conn, source)

    def close(self) -> None:
        self.conn.close()


@dataclass(frozen=True)
class KnownRow:
    """A stored article as a crawl node needs to see it (:mod:`crawler.cluster.state`):
    what :class:`KnownArticles` and :func:`recent_articles` read, in one row."""

    canonical_url: str
    url: str
    source: str
    last_fetched: str
    published_at: str | None
    fetched_at: str
    validators: Validators


def known_rows(conn: sqlite3.Connection, urls: Iterable[str] | None = None) -> Iterator[KnownRow]:
    """Every stored article (or those whose canonical URL or URL is in ``urls``), for the cluster's mirror."""
    sql = (
        "SELECT a.canonical_url, a.url, a.source, MAX(COALESCE(a.updated_at, a.fetched_at), COALESCE(f.checked_at, '')), "
        "a.published_at, a.fetched_at, f.etag, f.last_modified, f.lastmod, f.checked_at "
        "FROM articles a LEFT JOIN fetch_state f ON f.url = a.url"
    )
    if urls is None:
        batches: Iterable[list[str]] = [[]]
    else:
        wanted = list(dict.fromkeys(urls))
        batches = [wanted[i : i + 400] for i in range(0, len(wanted), 400)]
    for batch in batches:
        if urls is not None and not batch:
            continue
        marks = ", ".join("?" for _ in batch)
        where = f" WHERE a.canonical_url IN ({marks}) OR a.url IN ({marks})" if batch else ""
        for canonical, url, source, last, published, fetched, *validators in conn.execute(sql + where, batch * 2):
            yield KnownRow(canonical, url, source, last, published, fetched, Validators(*validators))


def feed_validators(conn: sqlite3.Connection) -> Iterator[tuple[str, str, Validators]]:
    """(source, url, validators) of every feed and sitemap (fetch_state rows that are no article)."""
    rows = conn.execute(
        "SELECT source, url, etag, last_modified, lastmod FROM fetch_state "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = fetch_state.url)"
    )
    for source, url, etag, last_modified, lastmod in rows:
        yield source, url, Validators(etag, last_modified, lastmod)
