"""The SQL of the articles table's plain search in Datasette
(``datasette/plugins/search_defaults.py``).

Datasette's own search clause is ``rowid IN (every match)``: a phrase found in
most of a million articles is evaluated in full before the first page
(~0.7 s). A plain search ordered newest first needs only the newest matches
below the page's cursor, which FTS5 reads in its own order and stops.
"""

from __future__ import annotations

from typing import Any


def newest_matches_clause(
    fts_table: str, words: str, limit: int, below: int | None, raw: bool = False
) -> tuple[str, dict[str, Any]]:
    """(where clause, params): the newest ``limit`` rows matching ``words``
    with an id below ``below`` (None: from the newest). ``fts_table`` is
    already escaped for SQL; ``raw``: the words are an FTS5 query as typed,
    else they go through ``escape_fts`` (the project's Arabic query)."""
    params: dict[str, Any] = {"newest_match": words, "newest_limit": limit}
    bound = ""
    if below is not None:
        bound, params["newest_below"] = " and rowid < :newest_below", below
    match = ":newest_match" if raw else "escape_fts(:newest_match)"
    clause = (
        f"rowid in (select rowid from {fts_table} where {fts_table} match {match}{bound}"
        " order by rowid desc limit :newest_limit)"
    )
    return clause, params
