"""Storage: the one package that holds SQL (SQLite, ``NEWS_DB``).

Modules, one table or concern each:

* :mod:`~crawler.storage.schema` -- numbered migrations and ``user_version``;
* :mod:`~crawler.storage.files` -- the database path (missing folder, directory,
  read-only, not SQLite) checked before SQLite opens it;
* :mod:`~crawler.storage.connection` -- open, check (:class:`DatabaseError`,
  corruption included), read-only opening, WAL;
* :mod:`~crawler.storage.articles` -- the stored columns and the upsert;
* :mod:`~crawler.storage.stories` -- dedupe's lookups and its records
  (fingerprints, LSH buckets, stories, revisions);
* :mod:`~crawler.storage.store` -- :class:`Store`, the connection a crawl's
  dedupe and store pipelines share, with batched, all-or-nothing writes;
* :mod:`~crawler.storage.records` -- the values crossing the seam (:class:`Decision`);
* :mod:`~crawler.storage.runs` -- ``crawl_runs``;
* :mod:`~crawler.storage.fetch_state` -- known URLs and feed/sitemap validators;
* :mod:`~crawler.storage.export` -- the export's filtered, full-text search reads;
* :mod:`~crawler.storage.facets` -- the SQL of the Datasette date facets;
* :mod:`~crawler.storage.bulk` -- bulk fills for the benchmarks' large databases.

Pure logic stays out: fingerprints in :mod:`crawler.text.fingerprints`, the
dedupe rules in :mod:`crawler.dedupe`, query rewriting in :mod:`crawler.search`.
"""

from crawler.storage.connection import check, connect, open_readonly
from crawler.storage.files import database_path
from crawler.storage.records import Decision, Revision, StoredArticle, Written
from crawler.storage.schema import DatabaseError
from crawler.storage.store import BatchLost, Store

__all__ = [
    "BatchLost",
    "DatabaseError",
    "Decision",
    "Revision",
    "Store",
    "StoredArticle",
    "Written",
    "check",
    "connect",
    "database_path",
    "open_readonly",
]
