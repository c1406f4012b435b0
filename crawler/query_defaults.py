"""An ASGI wrapper that fills in a request's query string before the app reads it.

The project's Datasette plugins (``browse_defaults``, ``search_defaults``)
add defaults Datasette has no setting for -- hidden columns, a search's sort
and facets -- by rewriting the query string of the pages they concern; this
is the one wrapper they share. Pure ASGI: nothing of Datasette is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (path, query string) -> the query string to use, or None to leave the request alone
Rewrite = Callable[[str, str], str | None]


def rewriting_query_strings(app: Any, rewrite: Rewrite) -> Any:
    """``app`` behind a wrapper that passes each HTTP request's query string through ``rewrite``."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http":
            query = scope.get("query_string", b"").decode("utf-8", "replace")
            new = rewrite(scope.get("path", ""), query)
            if new is not None and new != query:
                scope = {**scope, "query_string": new.encode("ascii")}
        await app(scope, receive, send)

    return wrapped
