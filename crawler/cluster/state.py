"""Incremental state across the cluster, as a crawl node reads and reports it.

An in-process crawl reads what earlier runs left from its own database
(:class:`crawler.storage.fetch_state.FetchState`): stored article URLs,
feed/sitemap validators, whether each source's last run was complete. A
crawl node's ``NEWS_DB`` holds none of that (the articles go to the writer),
so the writer mirrors it into Redis after each commit
(:mod:`crawler.cluster.mirror`) and :class:`ClusterFetchState` reads it there,
with the same methods: a recrawl by any node fetches only what is new.

What a node learns in a run goes the other way: the validators it saw and
its per-source counters are kept under the run's keys
(:func:`crawler.cluster.run_key`), and the writer, once every node of the
run has left and the queue is drained, writes one ``crawl_runs`` row per
source for the whole run and keeps the validators of sources whose run was
clean — the same rule as in process, judged on the whole run, not on one
node's share.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from crawler.cluster import COMPLETE, KNOWN, RECENT, RUN, VALIDATORS, connect, run_key
from crawler.storage.fetch_state import KnownRow, RecentArticle, Validators
from crawler.text.urls import canonicalize_url


def epoch(iso: str | None) -> float:
    """Seconds since 1970 of an ISO 8601 time (0 when missing or unreadable)."""
    try:
        return datetime.fromisoformat(iso).timestamp() if iso else 0.0
    except ValueError:
        return 0.0


def encode_validators(validators: Validators) -> str:
    return json.dumps([validators.etag, validators.last_modified, validators.lastmod, validators.checked_at])


def decode_validators(text: bytes | str) -> Validators:
    return Validators(*json.loads(text))


def encode_known(row: KnownRow) -> str:
    v = row.validators
    return json.dumps(
        [row.last_fetched, v.etag, v.last_modified, v.lastmod, v.checked_at, row.url, row.published_at, row.fetched_at]
    )


def decode_known(text: bytes | str) -> tuple[str, Validators, str, str | None, str]:
    """(last fetched, validators, URL as fetched, published_at, fetched_at)."""
    last, etag, last_modified, lastmod, checked_at, url, published_at, fetched_at = json.loads(text)
    return last, Validators(etag, last_modified, lastmod, checked_at), url, published_at, fetched_at


def recent_score(row: KnownRow) -> float:
    """The later of publication (else first fetch) and the page's last modification."""
    return max(epoch(row.published_at or row.fetched_at), epoch(row.validators.lastmod))


class ClusterKnownArticles:
    """:class:`crawler.storage.fetch_state.KnownArticles` over the mirror in
    ``news:known``: one HMGET per link (its canonical form, its spelling)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def lookup(self, url: str) -> tuple[str, Validators] | None:
        found = next((v for v in self.client.hmget(KNOWN, canonicalize_url(url), url.split("#", 1)[0]) if v), None)
        if found is None:
            return None
        last, validators, *_ = decode_known(found)
        return last, validators

    def stored_at(self, url: str) -> str | None:
        found = self.lookup(url)
        return found[0] if found else None

    def __contains__(self, url: str) -> bool:
        return self.stored_at(url) is not None


class ClusterFetchState:
    """:class:`crawler.storage.fetch_state.FetchState` of a crawl node (see module doc)."""

    def __init__(self, client: Any, run_id: str) -> None:
        self.client = client
        self.run_id = run_id
        self.known = ClusterKnownArticles(client)

    @classmethod
    def open(cls, url: str) -> ClusterFetchState:
        client = connect(url)
        return cls(client, current_run(client))

    def validators(self, sources: Any) -> dict[str, Validators]:
        out: dict[str, Validators] = {}
        for source in sources:
            for url, text in self.client.hgetall(f"{VALIDATORS}:{source}").items():
                out[url.decode()] = decode_validators(text)
        return out

    def save_validators(self, source: str, validators: dict[str, Validators]) -> None:
        """Kept with the run; the writer saves them if the whole run was clean."""
        if validators:
            mapping = {url: encode_validators(v) for url, v in validators.items()}
            self.client.hset(run_key(self.run_id, f"validators:{source}"), mapping=mapping)

    def recent_articles(self, source: str, since: str) -> list[RecentArticle]:
        keys = self.client.zrangebyscore(f"{RECENT}:{source}", epoch(since), "+inf")
        out = []
        for found in self.client.hmget(KNOWN, keys) if keys else []:
            if found:
                last, validators, url, published_at, fetched_at = decode_known(found)
                out.append(RecentArticle(url, published_at, fetched_at, last, validators.lastmod, validators))
        return out

    def last_run_complete(self, source: str) -> bool:
        return self.client.hget(COMPLETE, source) == b"1"

    def close(self) -> None:
        self.client.close()


def current_run(client: Any) -> str:
    return (client.get(RUN) or b"unknown").decode()


def report_run(url: str, node: str, report: dict[str, Any]) -> None:
    """This node's share of the run (reason, times, per-source counters), for the writer."""
    client = connect(url)
    try:
        client.hset(run_key(current_run(client), "reports"), node, json.dumps(report))
    finally:
        client.close()
