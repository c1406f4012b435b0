"""The SQL of the Datasette day/month facets (``datasette/plugins/date_facets.py``).

Counts rows of Datasette's current query by the first ``length`` characters of
an ISO date column: the date as the source printed it, with its UTC offset, so
an article counts on its local day (SQLite's ``date()`` would convert to UTC).
"""

from __future__ import annotations


def prefix_counts_sql(inner_sql: str, quoted_column: str, length: int, limit: int) -> str:
    """Value/count rows, newest value first, for ``quoted_column`` (already
    escaped for SQL) of the rows ``inner_sql`` selects; at most ``limit`` rows."""
    return (
        f"select substr({quoted_column}, 1, {int(length)}) as value, count(*) as count from ({inner_sql}) "
        f"where length({quoted_column}) >= {int(length)} group by value order by value desc limit {int(limit)}"
    )
