"""The SQL of the Datasette facets (``datasette/plugins/date_facets.py``,
``counted_facets.py``).

Day/month facets count rows of Datasette's current query by the first
``length`` characters of an ISO date column: the date as the source printed
it, with its UTC offset, so an article counts on its local day (SQLite's
``date()`` would convert to UTC).

Source and section facets of the articles table read ``source_section_counts``
(kept by triggers, schema 14) for the whole table or one source or section;
day and month facets read ``source_day_counts`` (schema 16) for the whole
table or one source; any other filter counts the rows the page selects.
"""

from __future__ import annotations


def prefix_counts_sql(inner_sql: str, quoted_column: str, length: int, limit: int) -> str:
    """Value/count rows, newest value first, for ``quoted_column`` (already
    escaped for SQL) of the rows ``inner_sql`` selects; at most ``limit`` rows."""
    return (
        f"select substr({quoted_column}, 1, {int(length)}) as value, count(*) as count from ({inner_sql}) "
        f"where length({quoted_column}) >= {int(length)} group by value order by value desc limit {int(limit)}"
    )


COUNTED_COLUMNS = ("source", "section")
DAY_COUNTED_COLUMNS = ("source",)
DAY_COUNTS_TABLE = "source_day_counts"
FILTERING_ARGS = ("_search", "_where", "_through", "_filter")  # Datasette arguments that narrow the rows


def precomputed_filters(table: str, pairs: list[tuple[str, str]], columns: tuple[str, ...]) -> dict[str, str] | None:
    """{column: value} of a page's query-string ``pairs`` when they filter the
    articles table by at most one value of each of ``columns`` and nothing
    else (a counts table answers them), else None."""
    if table != "articles":
        return None
    filters: dict[str, str] = {}
    for key, value in pairs:
        if key.startswith(FILTERING_ARGS) or (not key.startswith("_") and key not in columns):
            return None
        if not key.startswith("_"):
            if key in filters:
                return None
            filters[key] = value
    return filters


def day_counted_sql(length: int, filters: dict[str, str], limit: int) -> tuple[str, list[str]]:
    """Value/count rows, newest value first, of the first ``length`` characters
    of the publication day (10: the day, 7: the month) from ``source_day_counts``,
    for all articles or those of ``filters`` ({"source": name}); at most ``limit`` rows."""
    if set(filters) - set(DAY_COUNTED_COLUMNS):
        raise ValueError(f"not a day-counted filter: {sorted(filters)}")
    where = "".join(f" AND {name} = ?" for name in filters)
    sql = (
        f"SELECT substr(day, 1, {int(length)}) AS value, sum(articles) AS count FROM {DAY_COUNTS_TABLE}"
        f" WHERE articles > 0{where} GROUP BY value HAVING count > 0 ORDER BY value DESC LIMIT {int(limit)}"
    )
    return sql, list(filters.values())


def counted_facet_sql(column: str, filters: dict[str, str], limit: int) -> tuple[str, list[str]]:
    """Value/count rows of ``column`` (source or section), most articles first,
    from ``source_section_counts``, for the articles with the given
    ``filters`` ({column: value} of source and/or section); at most ``limit`` rows."""
    if column not in COUNTED_COLUMNS or set(filters) - set(COUNTED_COLUMNS):
        raise ValueError(f"not a counted facet: {column} with {sorted(filters)}")
    where = ["section != ''"] if column == "section" else []
    where += [f"{name} = ?" for name in filters]
    sql = (
        f"SELECT {column} AS value, sum(articles) AS count FROM source_section_counts"
        f"{' WHERE ' + ' AND '.join(where) if where else ''} GROUP BY {column} HAVING count > 0"
        f" ORDER BY count DESC, value LIMIT {int(limit)}"
    )
    return sql, list(filters.values())


def column_counts_sql(inner_sql: str, quoted_column: str, limit: int) -> str:
    """Value/count rows of ``quoted_column`` over the rows ``inner_sql`` selects
    (what Datasette's own column facet runs), most rows first."""
    return (
        f"select {quoted_column} as value, count(*) as count from ({inner_sql}) where {quoted_column} is not null "
        f"group by {quoted_column} order by count desc, value limit {int(limit)}"
    )
