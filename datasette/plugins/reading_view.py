"""Datasette plugin of the project: an article's row page reads like an article.

The template ``datasette/templates/row-news-articles.html`` (``make datasette``
passes ``--template-dir datasette/templates``) lays out, right to left, what
:func:`crawler.reading.reading_view` gives it: title, subtitle, outlet, the
time in Damascus and as published, the body (sanitized HTML), the original,
the other outlets of the story, revisions as a diff, places, events and
casualty figures. Every column of the row stays below, folded.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup

from crawler.reading import reading_view


async def article_context(datasette: Any, database: str, pks: str) -> dict[str, Any]:
    if not pks.isdigit():
        return {}
    db = datasette.get_database(database)
    context = await db.execute_fn(lambda conn: reading_view(conn, int(pks)))
    if context is None:
        return {}
    # sanitized with nh3 by crawler.reading.body_markup just now: safe to render
    context["article"]["body_markup"] = Markup(context["article"]["body_markup"])
    return context


@hookimpl
def extra_template_vars(view_name: str, table: str | None, database: str | None, request: Any, datasette: Any) -> Any:
    if view_name != "row" or table != "articles" or request is None:
        return {}

    async def inner() -> dict[str, Any]:
        return await article_context(datasette, database, request.url_vars.get("pks", ""))

    return inner
