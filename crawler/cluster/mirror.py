"""The writer's side of the cluster's incremental state (see :mod:`crawler.cluster.state`).

* :meth:`Mirror.publish_all` (writer start): every stored article, feed and
  sitemap validators and each source's "last run complete" flag go to Redis,
  so a Redis that lost them (or a new one) is filled again from the database,
  the one source of truth.
* :meth:`Mirror.publish_known` (after each commit): the articles just stored.
* :meth:`Mirror.record_runs` (queue drained, the run's nodes gone): one
  ``crawl_runs`` row per source for the whole run, counters summed over the
  nodes' reports, status judged as in process (:func:`crawler.runs.judge`);
  the validators the nodes saw are kept for sources whose run finished with
  nothing to retry and nothing cut; a node of the run that never reported
  (killed) makes the run ``node_lost``: not clean, so the next run pages
  through everything again.

Memory in Redis: 530-770 bytes per stored article (``bench.cluster``,
``bench.mirror_cost``): its canonical URL, its URL when it differs, the JSON,
a ``news:recent`` entry.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from crawler.cluster import COMPLETE, KNOWN, RECENT, RUN, RUNS, VALIDATORS, run_key
from crawler.cluster.state import decode_validators, encode_known, encode_validators, recent_score
from crawler.runs import judge
from crawler.storage.connection import connect
from crawler.storage.fetch_state import KnownRow, feed_validators, known_rows, save_validators
from crawler.storage.runs import COUNTERS, finish_runs, has_run, last_run_complete, run_sources, start_runs

logger = logging.getLogger(__name__)

CHUNK = 1000  # fields per HSET/ZADD


def _chunks(rows: Iterable[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Mirror:
    """Publishes the writer's database state into Redis (see module doc)."""

    def __init__(self, client: Any, db_path: str | Path) -> None:
        self.client = client
        self.db_path = db_path
        self.conn = connect(db_path).conn  # reads committed rows only (WAL)

    def close(self) -> None:
        self.conn.close()

    def publish_all(self) -> int:
        """Everything the nodes read; returns the articles published."""
        count = self._publish_rows(known_rows(self.conn))
        by_source: dict[str, dict[str, str]] = {}
        for source, url, validators in feed_validators(self.conn):
            by_source.setdefault(source, {})[url] = encode_validators(validators)
        for source, mapping in by_source.items():
            self.client.hset(f"{VALIDATORS}:{source}", mapping=mapping)
        self._publish_complete(run_sources(self.conn))
        return count

    def publish_known(self, urls: Iterable[str]) -> int:
        """The stored articles with these canonical URLs or URLs."""
        urls = list(urls)
        return self._publish_rows(known_rows(self.conn, urls)) if urls else 0

    def _publish_rows(self, rows: Iterable[KnownRow]) -> int:
        count = 0
        for chunk in _chunks(rows):
            known: dict[str, str] = {}
            recent: dict[str, dict[str, float]] = {}
            for row in chunk:
                known[row.canonical_url] = known[row.url] = encode_known(row)
                recent.setdefault(row.source, {})[row.canonical_url] = recent_score(row)
            self.client.hset(KNOWN, mapping=known)
            for source, scores in recent.items():
                self.client.zadd(f"{RECENT}:{source}", scores)
            count += len(chunk)
        return count

    def _publish_complete(self, sources: Iterable[str]) -> None:
        flags = {name: "1" if last_run_complete(self.conn, name) else "0" for name in sources}
        if flags:
            self.client.hset(COMPLETE, mapping=flags)

    # --- runs -------------------------------------------------------------------

    def record_runs(self, live_nodes: int) -> list[str]:
        """Record every run whose nodes are gone (call with the queue drained); their ids."""
        current = (self.client.get(RUN) or b"").decode()
        done = []
        for raw in self.client.smembers(RUNS):
            run_id = raw.decode()
            if live_nodes and run_id == current:
                continue
            self.record_run(run_id)
            done.append(run_id)
        return done

    def record_run(self, run_id: str) -> None:
        reports = {n.decode(): json.loads(r) for n, r in self.client.hgetall(run_key(run_id, "reports")).items()}
        nodes = {n.decode() for n in self.client.smembers(run_key(run_id, "nodes"))}
        sources = sorted({name for report in reports.values() for name in report["counts"]})
        if reports and not has_run(self.db_path, run_id):
            reason = run_reason(reports, nodes)
            outcomes = {}
            for name in sources:
                counts = {c: sum(int(r["counts"].get(name, {}).get(c, 0)) for r in reports.values()) for c in COUNTERS}
                outcomes[name] = (judge(counts), counts)
            started = min(r["started_at"] for r in reports.values())
            ended = max(r["ended_at"] for r in reports.values())
            start_runs(self.db_path, run_id, sources, started)
            finish_runs(self.db_path, run_id, ended, reason, outcomes)
            if reason == "finished":
                for name, (_status, counts) in outcomes.items():
                    if not counts["retry_needed"] and not counts["cut"]:
                        self._keep_validators(run_id, name)
            logger.info("run %s recorded: %s, %d sources, %d nodes", run_id, reason, len(sources), len(reports))
        self._publish_complete(sources)
        extra = [run_key(run_id, f"validators:{name}") for name in sources]
        self.client.delete(run_key(run_id, "reports"), run_key(run_id, "nodes"), *extra)
        self.client.srem(RUNS, run_id)

    def _keep_validators(self, run_id: str, source: str) -> None:
        raw = self.client.hgetall(run_key(run_id, f"validators:{source}"))
        validators = {url.decode(): decode_validators(text) for url, text in raw.items()}
        if not validators:
            return
        save_validators(self.conn, source, validators)
        self.client.delete(f"{VALIDATORS}:{source}")  # feeds a source no longer has go
        feeds = {url: encode_validators(v) for src, url, v in feed_validators(self.conn) if src == source}
        if feeds:
            self.client.hset(f"{VALIDATORS}:{source}", mapping=feeds)
        self._publish_rows(known_rows(self.conn, validators))  # articles' revisit times and validators


def run_reason(reports: dict[str, dict[str, Any]], nodes: set[str]) -> str:
    """``finished`` when every node of the run reported a finished crawl;
    ``node_lost`` when a node never reported (killed); else the first other reason."""
    if nodes - set(reports):
        return "node_lost"
    return next((r["reason"] for r in reports.values() if r["reason"] != "finished"), "finished")
