"""The ``articles`` table: which item fields are stored, how, and the upsert.

:data:`COLUMNS` is the one list of stored article columns; a column whose item
field has the same name needs nothing else here (text columns go through
:func:`crawler.text.arabic.clean_text`, see :data:`TEXT_COLUMNS`). Rows are
upserted by canonical URL, so a re-fetched article with new text updates its
row instead of adding one. The full-text index is kept in sync by triggers on
``search_text``: normalized, clitic-stripped title, subtitle and body.
"""

from __future__ import annotations

import json
import sqlite3
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
    "search_text",
)
TEXT_COLUMNS = frozenset({"title", "subtitle", "body", "section", "author"})  # stored through clean_text
KEPT_ON_UPDATE = frozenset({"canonical_url", "fetched_at"})  # the first fetch's values stay


def search_text(title: str | None, subtitle: str | None, body: str, body_key: str | None = None) -> str:
    """The indexed column: search keys of title, subtitle and body (``body_key``:
    the body already normalized by the dedupe step, so it is not done twice)."""
    body_part = clitic_key(body_key) if body_key is not None else search_key(body)
    return " ".join(filter(None, (search_key(title or ""), search_key(subtitle or ""), body_part)))


def _value(item: Any, column: str) -> Any:
    value = getattr(item, column, None)
    if column in TEXT_COLUMNS and isinstance(value, str):
        return clean_text(value)
    if column == "tags":
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def to_row(item: Any, body_key: str | None = None) -> dict[str, Any]:
    """The item as an ``articles`` row (text cleaned, search column built)."""
    row = {column: _value(item, column) for column in COLUMNS if column != "search_text"}
    row["search_text"] = search_text(row["title"], row["subtitle"], row["body"], body_key)
    return row


_UPSERT = (
    f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)}) "
    "ON CONFLICT(canonical_url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in KEPT_ON_UPDATE)
    + ", updated_at = ?"
)


def upsert(conn: sqlite3.Connection, row: dict[str, Any], now: str) -> int:
    """Insert or update the row (by canonical URL); returns its id."""
    conn.execute(_UPSERT, [row[c] for c in COLUMNS] + [now])
    return conn.execute("SELECT id FROM articles WHERE canonical_url = ?", [row["canonical_url"]]).fetchone()[0]


def unpack_body_html(body: str | None, packed: str | bytes | None) -> str:
    """The sanitized HTML of an article's body as stored in ``body_html``.

    The one reader of that column: whoever shows or exports the HTML (the
    reading view, the export, re-processing) calls this, so the stored form
    can change (e.g. compressed against ``body``) without touching them.
    Today the column holds the HTML as text, returned as is; ``body`` is the
    article's plain text, which a packed form may need to unpack. Empty
    string when there is no HTML."""
    if packed is None:
        return ""
    if isinstance(packed, bytes):
        return packed.decode("utf-8")
    return packed
