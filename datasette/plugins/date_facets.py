"""Datasette plugin of the project: facets by publication day and month.

Datasette's own date facet calls SQLite's ``date()``, which converts
"2017-10-15T01:30:00+03:00" to UTC and files the article under the 14th.
These facets read the date as the source printed it (the stored value keeps
the source's UTC offset), so an article is counted on its local day/month:

    facets: [{day: published_at}, {month: published_at}]    # metadata.yml
    ?_facet_day=published_at  ?_facet_month=published_at   # URL

Selecting a value filters with ``published_at__startswith=2017-10-15``
(LIKE '2017-10-15%', read from the publication index: see
:func:`prepare_connection`).

On the whole articles table, or a page filtered by a source, a section or a
day/month, the counts come from the counts tables kept by triggers
(``crawler.storage.facets.COUNTS_TABLES``): grouping a million index
entries by day timed out at 1M articles. Any other filter counts the rows
the page selects.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from crawler.storage.facets import counts_sql, precomputed_filters, prefix_counts_sql, read_date_prefixes_from_indexes


class PrefixFacet(Facet):
    """Counts rows by the first ``length`` characters of an ISO date column."""

    type = "prefix"
    length = 0

    async def counts_query(self, column: str, limit: int) -> tuple[str, list] | None:
        """The query that reads the counts by day from a counts table, if one
        answers the page (an older file without it is counted row by row)."""
        filters = precomputed_filters(self.table, self.get_querystring_pairs())
        query = counts_sql("day", filters, limit, self.length) if filters is not None else None
        if column != "published_at" or query is None:
            return None
        if not await self.ds.get_database(self.database).table_exists(query.table):
            return None
        return query.sql, query.params

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            counted = await self.counts_query(column, size + 1)
            sql, params = counted or (
                prefix_counts_sql(self.sql, escape_sqlite(column), self.length, size + 1),
                self.params,
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                change = path_with_removed_args if selected else path_with_added_args
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, change(self.request, {key: row["value"]})),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {f"_facet_{self.type}": column}),
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


class DayFacet(PrefixFacet):
    type = "day"
    length = len("2017-10-15")


class MonthFacet(PrefixFacet):
    type = "month"
    length = len("2017-10")


@hookimpl
def prepare_connection(conn: Any) -> None:
    """A facet value filters with ``published_at__startswith``, which Datasette
    writes as ``LIKE '2026-11%'``; SQLite reads such a LIKE from an index only
    when LIKE is case-sensitive, else it scanned a million index entries for
    the page and again for its count. Arabic has no case; an ASCII
    ``__contains``/``__startswith`` filter (a URL) now matches case exactly."""
    read_date_prefixes_from_indexes(conn)


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [DayFacet, MonthFacet]
