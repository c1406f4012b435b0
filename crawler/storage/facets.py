"""The SQL of the Datasette facets (``datasette/plugins/date_facets.py``,
``counted_facets.py``).

Day/month facets count rows of Datasette's current query by the first
``length`` characters of an ISO date column: the date as the source printed
it, with its UTC offset, so an article counts on its local day (SQLite's
``date()`` would convert to UTC).

Source and section facets of the articles table read ``source_section_counts``
(kept by triggers, schema 14) for the whole table or one source or section;
any other filter counts the rows the page selects.
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
