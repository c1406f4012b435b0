"""Datasette plugin of the project: the front page of the monitor.

``datasette/templates/index.html`` shows, above Datasette's list of
databases, what :func:`crawler.monitor.front_page` gives it for the database
named ``news`` (the metadata's name for data/news.db): articles per source
today and this week, per day, crawl health and the most-carried stories.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup

from crawler.monitor import front_page

DATABASE = "news"


async def monitor_context(datasette: Any) -> dict[str, Any]:
    if DATABASE not in datasette.databases:
        return {}
    context = await datasette.get_database(DATABASE).execute_fn(front_page)
    if context is None:
        return {}
    # drawn by crawler.monitor from escaped labels and numbers
    context["source_chart"] = Markup(context["source_chart"])
    context["day_chart"] = Markup(context["day_chart"])
    for source in context["health"]:
        source["strip"] = Markup(source["strip"])
    return {"monitor": context}


@hookimpl
def extra_template_vars(view_name: str, datasette: Any) -> Any:
    if view_name != "index":
        return {}

    async def inner() -> dict[str, Any]:
        return await monitor_context(datasette)

    return inner
