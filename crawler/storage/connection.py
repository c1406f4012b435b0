"""Opening the database: checks first, then WAL, a busy timeout and the migrations.

A path that cannot be a database (:mod:`crawler.storage.files`), or a file
that is not SQLite, is half-written, is corrupt or comes from a newer crawler
is refused with a :class:`DatabaseError` that says which file and why, before
anything writes to it: the file is left exactly as it was (:func:`check`
only ever opens it read-only). Readers open it with :func:`open_readonly`,
which also reads a database on a read-only filesystem.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import sqlite_utils

from crawler.storage import articles, schema
from crawler.storage.files import database_path, has_pending_log
from crawler.storage.schema import DatabaseError

BUSY_TIMEOUT_MS = 30_000


def _check_usable(conn: sqlite3.Connection, path: Path) -> None:
    """Read before anything writes: a file that is not SQLite, is shorter than
    its header says or comes from a newer crawler is refused and left exactly
    as it was. Through SQLite only: this process may hold other connections
    to the file (see :func:`~crawler.storage.files.database_path`)."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if path.exists() and not has_pending_log(path):
        pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
        if pages > path.stat().st_size:
            raise DatabaseError(f"{path}: not a usable SQLite database: the file is truncated (half-written copy?)")
    if reason := schema.newer_than_crawler(conn.execute("PRAGMA user_version").fetchone()[0]):
        raise DatabaseError(f"{path}: {reason}")


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """What is corrupt in the database, or None; read-only.

    ``PRAGMA quick_check`` walks every b-tree page (about 0.1 s for 110 MB
    here, see README "Reliability"); it does not look inside full-text
    indexes, whose segments are blobs, so each FTS5 index is also read
    through a temporary ``fts5vocab`` table (every term and position decoded:
    another 0.1 s) and its row count compared with its content table's.
    """
    problems = [" ".join(row[0].split()) for row in conn.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        return f"PRAGMA quick_check: {'; '.join(problems)}"
    for name, content in _fts5_tables(conn):
        vocabulary = f"temp.{name}_check_vocabulary"
        try:
            conn.execute(f'CREATE VIRTUAL TABLE {vocabulary} USING fts5vocab(main, "{name}", instance)')
            conn.execute(f"SELECT count(*) FROM {vocabulary}").fetchone()
            if content:
                indexed = conn.execute(f'SELECT count(*) FROM "{name}_docsize"').fetchone()[0]
                rows = conn.execute(f'SELECT count(*) FROM "{content}"').fetchone()[0]
                if indexed != rows:
                    return f"the full-text index {name} holds {indexed} rows, its table {content} {rows}"
        except sqlite3.DatabaseError as exc:
            return f"the full-text index {name}: {exc}"
        finally:
            conn.execute(f"DROP TABLE IF EXISTS {vocabulary}")
    return None


_CONTENT = re.compile(r"""content\s*=\s*['"]?(\w+)""", re.IGNORECASE)


def _fts5_tables(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(name, external content table or None) of every FTS5 table."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'"
    ).fetchall()
    out = []
    for name, sql in rows:
        match = _CONTENT.search(sql)
        out.append((name, match.group(1) if match and match.group(1) else None))
    return out


def _connect_readonly(path: Path, flags: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, factory=articles.NewsConnection)
    articles.register_functions(conn)  # the search index's content view calls them
    return conn


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing database; never creates or changes anything.

    A database on a read-only filesystem or in a folder the user cannot write
    (a snapshot, a backup, someone else's crawl) cannot be opened ``mode=ro``
    in WAL mode, since SQLite wants to create its ``-shm`` beside it: it is
    then opened ``immutable=1``, which reads the file alone -- right, unless
    a write-ahead log holds changes not yet in the file, which is said plainly.
    A ``file:`` URI (``file:/srv/news.db?immutable=1``) is opened as written,
    read-only whatever it asks.
    """
    if str(path).startswith("file:"):
        return _open_uri(str(path))
    path = database_path(path, write=False)
    try:
        return _probe(_connect_readonly(path, "mode=ro"))
    except sqlite3.OperationalError as exc:
        if not _cannot_open(exc):
            raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    if has_pending_log(path):
        wal = path.with_name(path.name + "-wal")
        raise DatabaseError(
            f"{path}: cannot be read without write access: its write-ahead log {wal.name} holds changes not yet"
            " in the file; copy both files to a writable folder and read the copy"
        )
    try:
        return _probe(_connect_readonly(path, "immutable=1"))
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None


def _open_uri(uri: str) -> sqlite3.Connection:
    """A ``file:`` URI, its path checked like any other, opened with its own
    parameters but never for writing (``mode=ro`` unless it says ``immutable=1``)."""
    parts = urlsplit(uri)
    path = database_path(unquote(parts.path), write=False)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "mode"]
    if ("immutable", "1") not in query:
        query.append(("mode", "ro"))
    try:
        return _probe(_connect_readonly(path, urlencode(query)))
    except sqlite3.Error as exc:
        raise DatabaseError(f"{uri}: not a usable SQLite database: {exc}") from None


def _probe(conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` once it has read the schema (SQLite opens files lazily); closed if it cannot."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _cannot_open(exc: sqlite3.OperationalError) -> bool:
    """SQLite could not open the file read-only as asked (no -shm can be created)."""
    message = str(exc).lower()
    return "unable to open" in message or "readonly" in message or "read-only" in message


def check(path: str | Path, create_parent: bool = False) -> None:
    """Raise :class:`DatabaseError` if a command that writes cannot use the
    database at ``path``: a bad path (:func:`~crawler.storage.files.database_path`),
    a file that is not SQLite, half-written, corrupt or from a newer crawler.
    Read-only, so the file is never changed (a missing file in an existing
    directory is fine: the command creates it)."""
    path = database_path(path, write=True, create_parent=create_parent)
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = _connect_readonly(path, "mode=ro")
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    try:
        _check_usable(conn, path)
        problem = integrity_problem(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    finally:
        conn.close()
    if problem:
        raise DatabaseError(
            f"{path}: the database is corrupt ({problem}); nothing was changed:"
            " restore a backup, or recover it with: sqlite3 OLD.db .recover | sqlite3 NEW.db"
        )


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    WAL mode lets Datasette read while a crawl writes; a busy timeout makes
    concurrent writers wait instead of failing. A file that cannot be used
    raises :class:`DatabaseError` before anything is written to it.
    """
    path = database_path(path, write=True, read_header=False)  # other connections of this process may be open
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, factory=articles.NewsConnection)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open the database: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_usable(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        articles.register_functions(conn)  # the search index's triggers call them
        db = sqlite_utils.Database(conn)
        schema.migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    except DatabaseError:
        conn.close()
        raise
    return db
