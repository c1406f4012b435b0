"""The SQL of the Datasette facets (``datasette/plugins/date_facets.py``,
``counted_facets.py``).

Day/month facets count rows of Datasette's current query by the first
``length`` characters of an ISO date column: the date as the source printed
it, with its UTC offset, so an article counts on its local day (SQLite's
``date()`` would convert to UTC).

Source, section, day and month facets of the articles table read small
tables kept by triggers (:data:`COUNTS_TABLES`) when the page is the whole
table or is filtered by a source, a section and/or a day or month -- the
default view, its next pages and every value of these facets: counting a
million index entries, or a month of rows, timed out at 1M articles. Any
other filter counts the rows the page selects.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple


def prefix_counts_sql(inner_sql: str, quoted_column: str, length: int, limit: int) -> str:
    """Value/count rows, newest value first, for ``quoted_column`` (already
    escaped for SQL) of the rows ``inner_sql`` selects; at most ``limit`` rows."""
    return (
        f"select substr({quoted_column}, 1, {int(length)}) as value, count(*) as count from ({inner_sql}) "
        f"where length({quoted_column}) >= {int(length)} group by value order by value desc limit {int(limit)}"
    )


FILTERING_ARGS = ("_search", "_where", "_through", "_filter")  # Datasette arguments that narrow the rows
DATE_PREFIX_FILTER = "published_at__startswith"  # what a day or month facet value adds to the page
COUNTS_TABLES = {  # per table: the tables kept by triggers (schema 14, 16, 18, 20) and the keys they count by
    "articles": (
        ("source_section_counts", ("source", "section")),
        ("source_day_counts", ("source", "day")),
        ("section_day_counts", ("section", "day")),
    ),
    "article_events": (("event_type_counts", ("event_type",)),),
    "article_actors": (("actor_counts", ("actor",)),),
}
COUNTED_COLUMNS = {  # per table: the facets the counts tables answer, besides day and month
    "articles": ("source", "section"),
    "article_events": ("event_type",),
    "article_actors": ("actor",),
}
_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def precomputed_filters(table: str, pairs: list[tuple[str, str]]) -> dict[str, str] | None:
    """The page's filters as counts-table keys ({"source": ..., "section": ...,
    "day": date prefix}) when its query-string ``pairs`` filter a counted
    table by at most one value of each counted column (and, when one of its
    counts tables keeps days, one day/month/year) and nothing else, else None."""
    if table not in COUNTED_COLUMNS:
        return None
    by_day = any("day" in keys for _, keys in COUNTS_TABLES[table])
    filters: dict[str, str] = {}
    for key, value in pairs:
        if key.startswith(FILTERING_ARGS):
            return None
        if key.startswith("_"):
            continue
        if key == DATE_PREFIX_FILTER and by_day and _DATE_PREFIX.fullmatch(value):
            key = "day"
        elif key not in COUNTED_COLUMNS[table]:
            return None
        if key in filters:
            return None
        filters[key] = value
    return filters


def read_date_prefixes_from_indexes(conn: Any) -> None:
    """Make ``LIKE 'prefix%'`` an index range on this connection: SQLite
    uses an index for LIKE only when LIKE is case-sensitive (see
    ``datasette/plugins/date_facets.py``)."""
    conn.execute("PRAGMA case_sensitive_like = ON")


class CountsQuery(NamedTuple):
    table: str
    sql: str
    params: list[str]


def counts_sql(
    group: str, filters: dict[str, str], limit: int, length: int = 0, table: str = "articles"
) -> CountsQuery | None:
    """Value/count rows from the first counts table of ``table`` whose keys
    cover the ``group`` ("source", "section", "day", "event_type"...) and the
    ``filters``; None when none does. Sources and sections come most articles first; days come as
    their first ``length`` characters (10: the day, 7: the month), newest
    first. At most ``limit`` rows."""
    needed = {group, *filters}
    counts = next((name for name, keys in COUNTS_TABLES.get(table, ()) if needed <= set(keys)), None)
    if counts is None:
        return None
    where, params = ["articles > 0"], []
    if group == "section":
        where.append("section != ''")
    for key, value in filters.items():
        if key == "day":  # a date prefix: the range of days that start with it
            where.append("day >= ? AND day < ?")
            params += [value, value[:-1] + chr(ord(value[-1]) + 1)]
        else:
            where.append(f"{key} = ?")
            params.append(value)
    if group == "day":
        value, order = f"substr(day, 1, {int(length)})", "value DESC"
    else:
        value, order = group, "count DESC, value"
    sql = (
        f"SELECT {value} AS value, sum(articles) AS count FROM {counts} WHERE {' AND '.join(where)}"
        f" GROUP BY value HAVING count > 0 ORDER BY {order} LIMIT {int(limit)}"
    )
    return CountsQuery(counts, sql, params)


def column_counts_sql(inner_sql: str, quoted_column: str, limit: int) -> str:
    """Value/count rows of ``quoted_column`` over the rows ``inner_sql`` selects
    (what Datasette's own column facet runs), most rows first."""
    return (
        f"select {quoted_column} as value, count(*) as count from ({inner_sql}) where {quoted_column} is not null "
        f"group by {quoted_column} order by count desc, value limit {int(limit)}"
    )
