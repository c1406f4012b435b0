"""Full-text queries: a user's words as an FTS5 ``MATCH`` expression over ``articles_fts``.

The index holds :func:`crawler.text.arabic.search_key` of each article's title,
subtitle and body (:func:`crawler.storage.articles.search_text`), so a query is rewritten with the
same function: "الرقة", "والرقة", "بالرقة" and "الرَّقَّة" all become ``"رقه"``.
The Datasette plugin (``datasette/plugins/arabic_search.py``) and the export
command (:mod:`crawler.export`) both use this module.

Words are ANDed; text in double quotes is a phrase (``"دير الزور"`` matches the
two words next to each other). FTS5 operators are not interpreted: every term
is quoted, so a query can never be an FTS5 syntax error.
"""

from __future__ import annotations

import re

from crawler.text.arabic import search_key

_QUOTED = re.compile(r'"([^"]*)"?')
NOTHING = '""'  # an FTS5 expression that matches no row


def terms(query: str) -> list[str]:
    """The query's search terms: one per word, one per quoted phrase (words joined by a space)."""
    found: list[str] = []
    position = 0
    for match in _QUOTED.finditer(query):
        found.extend(search_key(query[position : match.start()]).split())
        phrase = search_key(match[1])
        if phrase:
            found.append(phrase)
        position = match.end()
    found.extend(search_key(query[position:]).split())
    return found


def fts_match(query: str) -> str:
    """The FTS5 expression for ``query``; :data:`NOTHING` when it has no searchable word."""
    return " ".join(f'"{term}"' for term in terms(query)) or NOTHING


def fts_title_match(query: str) -> str:
    """:func:`fts_match` limited to the headline (the index's ``title_key``
    column): the same rows as :func:`matches` on each title, from the index."""
    expression = fts_match(query)
    return NOTHING if expression == NOTHING else f"title_key : ({expression})"


def matches(text: str, query: str) -> bool:
    """Whether ``text`` holds every term of ``query`` (as whole words), compared by search key."""
    found = terms(query)
    haystack = f" {search_key(text)} "
    return bool(found) and all(f" {term} " in haystack for term in found)
