"""Datasette plugin of the project: Arabic-aware search and right-to-left cells.

Loaded with ``--plugins-dir datasette/plugins`` (see README.md); imports the
project as an installed package (``pip install -e .``, which ``make`` runs).

* Search: Datasette wraps every ``?_search=`` (and ``?_search_<column>=``) query
  in the SQL function ``escape_fts()``. This plugin registers its own
  ``escape_fts`` after Datasette's, which rewrites the query with
  :func:`crawler.search.fts_match` -- the same ``search_key`` the crawler
  indexes with -- so "الرقة" finds "الرقه", "والرقة", "بالرقة" and "الرَّقَّة".
  ``?_searchmode=raw`` is left alone (FTS5 syntax, already-normalized words).
* SQL functions for canned queries: ``search_key(text)``, ``fts_match(query)``
  (an FTS5 expression), ``fts_title_match(query)`` (the same, in headlines
  only: the index's ``title_key`` column) and ``title_matches(title, query)``
  (every word of the query is in the title, by search key); the schema's own
  ``news_search_text`` and ``news_body_html(body, body_html)`` (the stored
  ``body_html`` is packed: ``select news_body_html(body, body_html) from
  articles`` gives the HTML).
* Display: a style sheet (served at ``/-/arabic.css``) gives every cell its own
  paragraph direction (``unicode-bidi: plaintext``), so Arabic cells read right
  to left and URLs or numbers left to right, with fonts that render Arabic well.
"""

from __future__ import annotations

from typing import Any

from datasette import Response, hookimpl

from crawler.search import fts_match, fts_title_match, matches
from crawler.storage.articles import register_functions
from crawler.text.arabic import search_key

CSS_PATH = "/-/arabic.css"
CSS = """
/* Each cell takes the direction of its first letter: Arabic right to left,
   URLs and numbers left to right. */
.rows-and-columns td, .rows-and-columns th, input[type="search"], textarea {
    unicode-bidi: plaintext;
    text-align: start;
}
.rows-and-columns td {
    font-family: "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", Tahoma, sans-serif;
    font-size: 1rem;
    line-height: 1.8;
    vertical-align: top;
}
.rows-and-columns td.col-title, .rows-and-columns td.col-subtitle {
    font-weight: 600;
    min-width: 16em;
}
.rows-and-columns td.col-body, .rows-and-columns td.col-body_html {
    min-width: 32em;
}
/* URLs and hashes are long single words: let them wrap anywhere, in smaller type. */
.rows-and-columns td.col-url, .rows-and-columns td.col-canonical_url, .rows-and-columns td.col-content_hash {
    word-break: break-all;
    min-width: 12em;
    font-size: 0.85rem;
    line-height: 1.4;
}
/* One article (the row page): a card of labelled fields, full width, instead of
   a 19-column table whose right-to-left text starts off screen. */
body.row table.rows-and-columns, body.row .rows-and-columns tbody,
body.row .rows-and-columns tr, body.row .rows-and-columns td {
    display: block;
}
body.row .rows-and-columns thead { display: none; }
body.row .rows-and-columns td { border: none; border-bottom: 1px solid #eee; padding: 0.3em 0; min-width: 0; }
body.row .rows-and-columns td::before {
    content: attr(data-label);
    margin: 0;
    display: block;
    direction: ltr;
    text-align: left;
    font-size: 0.8rem;
    font-weight: normal;
    color: #666;
}
body.row .rows-and-columns td.col-body { white-space: pre-wrap; max-width: 48em; margin-left: auto; }
/* Column descriptions: compact columns instead of a page-long list. */
dl.column-descriptions {
    columns: 3 20em;
    column-gap: 2em;
    font-size: 0.85rem;
}
dl.column-descriptions dt { break-after: avoid; }
dl.column-descriptions dd { margin: 0 0 0.5em 1em; break-inside: avoid; }
"""


def escape_fts(query: str | None) -> str:
    """Datasette's search-query function, rewritten with the index's search key."""
    return fts_match(query or "")


def title_matches(title: str | None, query: str | None) -> bool:
    return matches(title or "", query or "")


@hookimpl(trylast=True)
def prepare_connection(conn: Any) -> None:
    # trylast: Datasette registers its own escape_fts in the same hook; ours must come after.
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)
    conn.create_function("fts_match", 1, escape_fts, deterministic=True)
    conn.create_function("title_matches", 2, title_matches, deterministic=True)
    conn.create_function("fts_title_match", 1, lambda query: fts_title_match(query or ""), deterministic=True)
    conn.create_function("search_key", 1, lambda text: search_key(text or ""), deterministic=True)
    register_functions(conn)  # news_search_text (the index's content view), news_body_html(body, body_html)


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path(CSS_PATH)]


# The row page shows one article as a card: each field is labelled with its column name.
ROW_LABELS = """
document.querySelectorAll("table.rows-and-columns").forEach((table) => {
  const names = [...table.querySelectorAll("thead th")].map((th) => th.dataset.column || th.textContent.trim());
  table.querySelectorAll("tbody tr").forEach((tr) => {
    [...tr.children].forEach((td, i) => { if (names[i]) td.dataset.label = names[i]; });
  });
});
"""


@hookimpl
def extra_body_script(view_name: str) -> str:
    return ROW_LABELS if view_name == "row" else ""


async def _css() -> Response:
    return Response(CSS, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/arabic\.css$", _css)]
