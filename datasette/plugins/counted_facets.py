"""Datasette plugin of the project: source and section facets that cost the
same on a million articles (issue #16, docs/datasette-scale.md).

Datasette's column facet counts the rows of the page's query: on the whole
articles table that is a million index entries per facet (~0.25 s each), and
a facet that takes longer than ``facet_time_limit_ms`` is dropped with a
warning. This facet type, ``counted``, reads the counts tables kept by
triggers (``crawler.storage.facets.COUNTS_TABLES``) when the page is the
whole table or is filtered by a source, a section or a day/month -- the
default view, its next pages and every facet value. Any other filter (a
search, a date range, a column filter) counts the page's rows, as the column
facet does.

    facets: [{counted: source}, {counted: section}]     # metadata.yml
    ?_facet_counted=source                               # URL

The counts are the whole filter's, also on later pages (Datasette's own
facets count only the rows after the page's cursor there).
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from crawler.storage.facets import COUNTED_COLUMNS, column_counts_sql, counts_sql, precomputed_filters


class CountedFacet(Facet):
    """Counts by source or section from the precomputed table when it can."""

    type = "counted"

    async def counts_query(self, column: str, filters: dict[str, str] | None, limit: int) -> tuple[str, list] | None:
        """The query that reads ``column``'s counts from a counts table, if one answers the page."""
        counted = filters is not None and column in COUNTED_COLUMNS.get(self.table, ())
        query = counts_sql(column, filters, limit, table=self.table) if counted else None
        if query is None or not await self.ds.get_database(self.database).table_exists(query.table):
            return None
        return query.sql, query.params

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        filters = precomputed_filters(self.table, pairs)
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            counted = await self.counts_query(column, filters, size + 1)
            sql, params = counted or (column_counts_sql(self.sql, escape_sqlite(column), size + 1), self.params)
            try:
                rows = await self.ds.execute(
                    self.database, sql, params, truncate=False, custom_time_limit=self.ds.setting("facet_time_limit_ms")
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                selected = (column, str(row["value"])) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                path = change(self.request, {column: str(row["value"])})
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_counted": column})),
                    "results": values,
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [CountedFacet]
