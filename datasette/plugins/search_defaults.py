"""Datasette plugin of the project: a search in the articles table answers at
once on a million rows (issue #16, docs/datasette-scale.md).

Datasette has no per-table "sort when searching" or "facets when searching"
setting, so this plugin fills them in on the request before Datasette reads
it, only where the user chose nothing:

* a search (``?_search=``) without a sort of the user's is ordered newest
  stored first (``_sort_desc=id``): the order of the full-text index and the
  primary key, so a common word returns its first page without sorting every
  match by date (the table's own ``published_at`` order would);
* a search without a facet of the user's gets none (``_nofacet=1``): the
  source and section facets would count every match of a common word and time
  out. Adding a facet from a column's menu brings them back;
* a search is not counted (``_nocount=1``) unless the user asks with an
  empty ``_nocount=``: Datasette counts by looking up every matching row, 5 s
  for a word in most of a million articles. Pages still link to the next one.

Nothing else is touched: other tables, pages without a search, and any
request that names its own sort or facets.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from crawler.query_defaults import rewriting_query_strings

ARTICLES_PATHS = ("/news/articles", "/news/articles.json", "/news/articles.csv")
_SORTS = ("_sort", "_sort_desc")


def with_search_defaults(query_string: str) -> str:
    """The articles query string with the search defaults the user did not choose."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    keys = {key for key, _ in pairs}
    if not any(key.startswith("_search") and value.strip() for key, value in pairs if key != "_searchmode"):
        return query_string
    added: list[tuple[str, str]] = []
    if not keys & set(_SORTS):
        added.append(("_sort_desc", "id"))
    if not any(key.startswith("_facet") or key == "_nofacet" for key in keys):
        added.append(("_nofacet", "1"))
    if "_nocount" not in keys:
        added.append(("_nocount", "1"))
    return urlencode(pairs + added) if added else query_string


def _search_defaults(path: str, query: str) -> str | None:
    return with_search_defaults(query) if path in ARTICLES_PATHS else None


def wrap(app: Any) -> Any:
    return rewriting_query_strings(app, _search_defaults)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return wrap
