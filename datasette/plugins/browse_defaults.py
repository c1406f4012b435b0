"""Datasette plugin of the project: the tables show what a reader reads.

Datasette has no per-table "default columns" setting, so this plugin fills
one in on the request before Datasette reads it, only when the user chose no
columns: the internal columns (:data:`INTERNAL_COLUMNS`: the articles'
content hash and body HTML, stored packed, which the article page renders;
the revisions' hashes) are left out with ``?_nocol=``. They stay available:
``?_col=`` or ``?_nocol=`` of the user's own, or the column menu, bring them
back, and the row pages keep every column (an article's folded under it).

On every table page the column descriptions are folded (a script wraps them
in ``<details>``): the first screen of a table shows its rows, not its
documentation.

The tables that grow by several rows an article (places, events, actors,
casualties, captures) are not counted whole unless asked
(:data:`UNCOUNTED_WHOLE_TABLES`); a filtered page is.

Nothing else is touched: other tables' columns, the row pages, canned queries.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from crawler.query_defaults import rewriting_query_strings
from crawler.storage.facets import FILTERING_ARGS

# table of the "news" database -> its internal columns (the index's text is no column since schema v11)
INTERNAL_COLUMNS = {
    "articles": ("content_hash", "body_html"),
    "revisions": ("old_hash", "new_hash"),
}
_PATHS = {f"/news/{table}{suffix}": table for table in INTERNAL_COLUMNS for suffix in ("", ".json", ".csv")}
_COLUMN_CHOICES = ("_col", "_nocol")


def with_defaults(query_string: str, table: str = "articles") -> str:
    """The table's query string with the defaults the user did not choose."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    if {key for key, _ in pairs} & set(_COLUMN_CHOICES):
        return query_string
    return urlencode(pairs + [("_nocol", column) for column in INTERNAL_COLUMNS[table]])


# Tables that grow by several rows an article: Datasette counts a whole table
# on its page, 0.75 s from a cold disk for the 2.7M place rows of 1M articles
# (over the 1 s limit once every article is enriched). Their unfiltered page
# is not counted unless asked (``?_nocount=``); a filtered page still is.
UNCOUNTED_WHOLE_TABLES = ("article_places", "article_events", "article_actors", "casualties", "captures")
_UNCOUNTED_PATHS = {f"/news/{table}{suffix}" for table in UNCOUNTED_WHOLE_TABLES for suffix in ("", ".json")}


def without_whole_count(query_string: str) -> str:
    """The query string with ``_nocount=1`` when it filters nothing and the user did not choose."""
    keys = {key for key, _ in parse_qsl(query_string, keep_blank_values=True)}
    if "_nocount" in keys or any(not key.startswith("_") or key.startswith(FILTERING_ARGS) for key in keys):
        return query_string
    return f"{query_string}&_nocount=1" if query_string else "_nocount=1"


def _table_defaults(path: str, query: str) -> str | None:
    if path in _UNCOUNTED_PATHS:
        return without_whole_count(query)
    table = _PATHS.get(path)
    return with_defaults(query, table) if table is not None else None


def wrap(app: Any) -> Any:
    return rewriting_query_strings(app, _table_defaults)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return wrap


FOLD_COLUMN_DESCRIPTIONS = """
document.querySelectorAll("dl.column-descriptions").forEach((list) => {
  const details = document.createElement("details"), summary = document.createElement("summary");
  details.className = "column-descriptions";
  summary.textContent = "Column descriptions";
  list.replaceWith(details);
  details.append(summary, list);
});
"""


@hookimpl
def extra_body_script(view_name: str) -> str:
    return FOLD_COLUMN_DESCRIPTIONS if view_name == "table" else ""
