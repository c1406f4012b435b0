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

Such a page -- a search and nothing else, newest first, no facets, no count
-- reads only the matches it shows: the request's ``_search`` becomes
``_newest_match``, which :func:`filters_from_request` turns into "the newest
matches below the page's cursor" (``ORDER BY rowid DESC LIMIT``, which the
full-text index answers from its own order). Datasette's own search clause
asks for every match first: 0.7 s for a phrase in most of a million
articles. Same rows, same pages; the search box keeps the words.

Nothing else is touched: other tables, pages without a search, and any
request that names its own sort, facets, count, filters or a CSV stream.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite

from crawler.query_defaults import rewriting_query_strings
from crawler.storage.table_search import newest_matches_clause

ARTICLES_PATHS = ("/news/articles", "/news/articles.json", "/news/articles.csv")
_SORTS = ("_sort", "_sort_desc")
NEWEST_MATCH = "_newest_match"  # a plain search read newest first from the index (see the module doc)
# arguments that leave a page's rows, order and pagination as a plain search's
_PRESENTATION = {"_size", "_next", "_searchmode", "_shape", "_col", "_nocol", "_labels", "_nolabels", "_extra"}
_PRESENTATION |= {"_json", "_trace", "_nosuggest", "_dl", "_sort_desc", "_nofacet", "_nocount", NEWEST_MATCH}


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
    pairs += added
    if _reads_newest_matches(pairs):
        pairs = [(NEWEST_MATCH if key == "_search" else key, value) for key, value in pairs if key != NEWEST_MATCH]
        return urlencode(pairs)
    return urlencode(pairs) if added else query_string


def _reads_newest_matches(pairs: list[tuple[str, str]]) -> bool:
    """A plain search, newest first, without facets, count or other filters."""
    args = dict(pairs)
    return (
        [key for key, _ in pairs].count("_search") == 1
        and args.get("_sort_desc") == "id"
        and args.get("_nofacet") == "1"
        and args.get("_nocount") == "1"
        and all(key in _PRESENTATION or key == "_search" for key in args)
    )


def _search_defaults(path: str, query: str) -> str | None:
    return with_search_defaults(query) if path in ARTICLES_PATHS else None


def wrap(app: Any) -> Any:
    return rewriting_query_strings(app, _search_defaults)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return wrap


def _cursor(next_token: str | None) -> int | None:
    """The row id a ``_next`` token of an id-ordered page ends at ("123,123")."""
    try:
        return int((next_token or "").rsplit(",", 1)[-1])
    except ValueError:
        return None


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> FilterArguments | None:
    """The ``_newest_match`` search: the newest matches below the page's cursor, at most a full page's worth."""
    words = request.args.get(NEWEST_MATCH)
    if not words:
        return None
    fts_table = escape_sqlite(datasette.table_metadata(database, table).get("fts_table") or f"{table}_fts")
    clause, params = newest_matches_clause(
        fts_table,
        words,
        limit=datasette.setting("max_returned_rows") + 1,
        below=_cursor(request.args.get("_next")),
        raw=request.args.get("_searchmode") == "raw",
    )
    return FilterArguments([clause], params, [f'search matches "{words}"'], {"search": words})
