"""The ``articles`` table: which item fields are stored, how, and the upsert.

:data:`COLUMNS` is the one list of stored article columns; a column whose item
field has the same name needs nothing else here (text columns go through
:func:`crawler.text.arabic.clean_text`, see :data:`TEXT_COLUMNS`). Rows are
upserted by canonical URL, so a re-fetched article with new text updates its
row instead of adding one.

Two columns are not stored as they read (issue #16: 29 kB per article, the
text three times, became < 15 kB):

* The full-text index ``articles_fts`` indexes the raw title and
  :func:`search_text` (normalized, clitic-stripped title, subtitle and body)
  without keeping a copy of either: its content is the view ``articles_search``,
  which computes the text with the SQL function ``news_search_text`` (this
  module's :func:`register_functions`, on every connection
  :func:`crawler.storage.connect` opens). Triggers feed it; to delete a row's
  entries FTS5 needs the indexed values again, which the function recomputes
  from the old title, subtitle and body. A change to the normalization of
  :mod:`crawler.text.arabic` therefore needs a migration that rebuilds the
  index (``INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')``).
* ``body_html`` is stored zlib-packed with the row's own ``body`` as the preset
  dictionary (:func:`pack_body_html`): the HTML is the body's paragraphs with
  tags around them, so it packs to a few hundred bytes. Every reader goes
  through :func:`unpack_body_html` (Datasette: the SQL function
  ``news_body_html(body, body_html)``).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import OrderedDict
from typing import Any

from crawler.text.arabic import clean_text, clitic_key, search_key

COLUMNS = (
    "url",
    "canonical_url",
    "source",
    "title",
    "subtitle",
    "body",
    "body_html",
    "section",
    "tags",
    "author",
    "published_at",
    "published_raw",
    "fetched_at",
    "language",
    "content_hash",
    "duplicate_of",
)
TEXT_COLUMNS = frozenset({"title", "subtitle", "body", "section", "author"})  # stored through clean_text
KEPT_ON_UPDATE = frozenset({"canonical_url", "fetched_at"})  # the first fetch's values stay


def search_text(title: str | None, subtitle: str | None, body: str | None, body_key: str | None = None) -> str:
    """What the full-text index holds for a row: search keys of title, subtitle
    and body (``body_key``: the body already normalized by the dedupe step, so
    it is not done twice). Deterministic: the index's triggers recompute it to
    delete a row's old entries."""
    body_part = clitic_key(body_key) if body_key is not None else search_key(body or "")
    return " ".join(filter(None, (search_key(title or ""), search_key(subtitle or ""), body_part)))


class SearchTexts:
    """The last few :func:`search_text` values the store computed (with the
    dedupe step's normalized body) on one connection, so the index trigger
    that follows the write does not normalize the body a second time. Keyed
    by the exact stored values; a miss computes. It is the connection's
    ``news_search_text`` function (:func:`register_functions`)."""

    SIZE = 16

    def __init__(self) -> None:
        self.values: OrderedDict[tuple[Any, Any, Any], str] = OrderedDict()

    def remember(self, title: str | None, subtitle: str | None, body: str, body_key: str | None) -> None:
        self.values[(title, subtitle, body)] = search_text(title, subtitle, body, body_key)
        while len(self.values) > self.SIZE:
            self.values.popitem(last=False)

    def remember_computed(self, texts: Any) -> None:
        """(title, subtitle, body, search text) already computed, for a bulk
        insert: kept until the next write, however many they are."""
        self.values.clear()
        self.values.update(((title, subtitle, body), text) for title, subtitle, body, text in texts)

    def __call__(self, title: str | None, subtitle: str | None, body: str | None) -> str:
        found = self.values.get((title, subtitle, body))
        return found if found is not None else search_text(title, subtitle, body)


class NewsConnection(sqlite3.Connection):
    """A connection that carries its :class:`SearchTexts` (``sqlite3.connect(...,
    factory=NewsConnection)``; :func:`register_functions` sets it)."""

    search_texts: SearchTexts | None = None


def search_texts_of(conn: sqlite3.Connection) -> SearchTexts:
    """The connection's :class:`SearchTexts` (a fresh one, soon forgotten, for
    a plain ``sqlite3`` connection: the trigger then computes the text itself)."""
    return getattr(conn, "search_texts", None) or SearchTexts()


# --- body_html: stored packed against the body --------------------------------

_WINDOW = 32 * 1024  # zlib's window: only the dictionary's last 32 kB are used


def _dictionary(body: str | None) -> bytes:
    return (body or "").encode("utf-8")[-_WINDOW:]


def pack_body_html(html: str | None, body: str | None) -> bytes | None:
    """``body_html`` as stored: raw deflate with the row's own ``body`` as the
    preset dictionary. Lossless; :func:`unpack_body_html` gives the string back."""
    if html is None:
        return None
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, _dictionary(body))
    return packer.compress(html.encode("utf-8")) + packer.flush()


def unpack_body_html(body: str | None, packed: bytes | str | None) -> str:
    """The sanitized HTML of an article's body from its stored ``body`` and
    ``body_html`` (as :func:`pack_body_html` wrote it); empty when there is none.

    The one reader of that column: the reading view, re-processing, tests and
    Datasette's ``news_body_html(body, body_html)`` call it. Text written by a
    crawler before schema v10 passes through."""
    if packed is None:
        return ""
    if isinstance(packed, str):
        return packed
    unpacker = zlib.decompressobj(-15, _dictionary(body))
    return (unpacker.decompress(packed) + unpacker.flush()).decode("utf-8")


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the schema needs: ``news_search_text(title, subtitle,
    body)`` (the index's content and its triggers) and ``news_body_html(body,
    body_html)``. A connection without them can read and write every column
    but the indexed text (title, subtitle, body): such an update fails with
    "no such function" instead of leaving the index wrong."""
    texts = SearchTexts()
    if isinstance(conn, NewsConnection):
        conn.search_texts = texts
    conn.create_function("news_search_text", 3, texts, deterministic=True)
    conn.create_function("news_body_html", 2, unpack_body_html, deterministic=True)


def _value(item: Any, column: str) -> Any:
    value = getattr(item, column, None)
    if column in TEXT_COLUMNS and isinstance(value, str):
        return clean_text(value)
    if column == "tags":
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def to_row(item: Any) -> dict[str, Any]:
    """The item as an ``articles`` row, text cleaned (``body_html`` still
    plain: :func:`upsert` packs it)."""
    return {column: _value(item, column) for column in COLUMNS}


def stored(row: dict[str, Any]) -> list[Any]:
    """The values of ``row`` (:data:`COLUMNS`) as written: ``body_html`` packed."""
    return [pack_body_html(row[c], row["body"]) if c == "body_html" else row[c] for c in COLUMNS]


_UPSERT = (
    f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)}) "
    "ON CONFLICT(canonical_url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in KEPT_ON_UPDATE)
    + ", updated_at = ?"
)


def upsert(conn: sqlite3.Connection, row: dict[str, Any], now: str, body_key: str | None = None) -> int:
    """Insert or update the row (by canonical URL); returns its id. ``body_key``:
    the body as the dedupe step normalized it (spares the index a second pass)."""
    search_texts_of(conn).remember(row["title"], row["subtitle"], row["body"], body_key)
    conn.execute(_UPSERT, [*stored(row), now])
    return conn.execute("SELECT id FROM articles WHERE canonical_url = ?", [row["canonical_url"]]).fetchone()[0]

