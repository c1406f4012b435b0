"""The monitor at a glance: what the front page of the project's Datasette shows.

``datasette/plugins/front_page.py`` renders ``/`` with
``datasette/templates/index.html`` from :func:`front_page`: the articles
published today and over the last seven days per source and per day (bar
charts drawn as inline SVG: no script, no CDN, it works offline), crawl
health (sources whose latest run failed, found nothing, stopped half-way,
or that went silent) and the most-carried stories of the week. The rows come
from :mod:`crawler.storage.monitor`, whose queries stay fast on a million
articles. "Today" is today in Damascus; a day is the day the source dated
the article.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from crawler.storage import monitor
from crawler.text.dates import DEFAULT_TZ, damascus_wall_time, parse_iso, to_iso

WEEK_DAYS = 7
NO_RUN_FOR = timedelta(hours=24)  # cron runs hourly to daily: a day without a run means it stopped
NO_ARTICLE_FOR = timedelta(days=3)  # an outlet that published nothing for three days is worth a look
UNFINISHED_AFTER = timedelta(hours=6)  # a run still "running" after that was killed
RECENT_RUNS = 24  # the strip of each source's latest runs
STATUS_COLORS = {"ok": "#3c9a4a", "empty": "#e0a100", "failed": "#c62828", "running": "#9e9e9e"}
PROBLEMS = {
    "failed": "فشل آخر زحف: لم تُجلب أي صفحة",
    "empty": "آخر زحف لم يجد أي مقال",
    "unfinished": "آخر زحف لم يكتمل (توقف أثناء العمل)",
    "no_run": "صامت: لا زحف منذ",
    "no_article": "صامت: لا مقال جديد منذ",
}


def _moment(iso: str | None) -> datetime | None:
    value = parse_iso(iso) if iso else None
    return value if value is not None and "T" in (iso or "") else None


def problem(run: dict[str, Any], now: datetime) -> str | None:
    """What is wrong with a source, from its latest run (a :func:`crawler.storage.monitor.latest_runs` row)."""
    started = _moment(run["started_at"])
    if run["status"] == "running":
        return "unfinished" if started is None or now - started > UNFINISHED_AFTER else None
    if run["status"] in ("failed", "empty"):
        return run["status"]
    if started is None or now - started > NO_RUN_FOR:
        return "no_run"
    newest = _moment(run["newest_article"])
    if newest is None or now - newest > NO_ARTICLE_FOR:
        return "no_article"
    return None


def status_strip(statuses: list[str], size: int = 10, gap: int = 2) -> str:
    """The latest runs' statuses (newest first) as a row of squares, newest on the left
    (time runs right to left, as the text does): green ok, amber empty, red failed, grey running."""
    if not statuses:
        return ""
    width = len(statuses) * (size + gap)
    parts = [
        f'<rect class="run {escape(status)}" x="{i * (size + gap)}" y="0" width="{size}" height="{size}" '
        f'fill="{STATUS_COLORS.get(status, "#9e9e9e")}"><title>{escape(status)}</title></rect>'
        for i, status in enumerate(statuses)
    ]
    return _svg(width, size, "حالة آخر عمليات الزحف، الأحدث على اليسار", parts, "runs")


def health(
    conn: sqlite3.Connection, runs: list[dict[str, Any]], stored: dict[str, dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    out = []
    for run in runs:
        new = stored.get(run["source"], {})
        kind = problem(run, now)
        since = {"no_run": run["started_at"], "no_article": run["newest_article"]}.get(kind or "")
        out.append(
            {
                **run,
                "problem": kind,
                "says": PROBLEMS.get(kind or ""),
                "since": damascus_wall_time(since) or since,
                "started_damascus": damascus_wall_time(run["started_at"]),
                "last_ok_damascus": damascus_wall_time(run["last_ok"]),
                "newest_damascus": damascus_wall_time(run["newest_article"]),
                "strip": status_strip(monitor.recent_statuses(conn, run["source"], RECENT_RUNS)),
                "stored_today": new.get("today") or 0,
                "stored_week": new.get("week") or 0,
            }
        )
    return out


def _svg(width: int, height: int, label: str, parts: list[str], css_class: str = "chart") -> str:
    return (
        # direction ltr: the geometry is computed here, so the page's RTL must not mirror text anchors
        f'<svg class="{css_class}" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" direction="ltr" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def source_bars(counts: list[tuple[str, int, int]], width: int = 640, row: int = 24) -> str:
    """A horizontal bar chart, right to left, of (source, today, week): the
    week's bar light, today's dark over it, the figures after the bar."""
    if not counts:
        return ""
    label_width, top = 170, max(week for _, _, week in counts) or 1
    scale = (width - label_width - 70) / top
    right = width - label_width
    parts = []
    for i, (source, today, week) in enumerate(counts):
        y = i * row + 2
        parts.append(
            f'<text x="{width - 4}" y="{y + 16}" text-anchor="end" font-size="13">{escape(source)}</text>'
            f'<rect class="week" x="{right - week * scale:.1f}" y="{y + 4}" width="{week * scale:.1f}" height="{row - 9}" fill="#b9d3ee"/>'
            f'<rect class="today" x="{right - today * scale:.1f}" y="{y + 4}" width="{today * scale:.1f}" height="{row - 9}" fill="#2f6eaa"/>'
            f'<text x="{right - week * scale - 6:.1f}" y="{y + 16}" text-anchor="end" font-size="12">{week} / {today}</text>'
        )  # fmt: skip
    return _svg(width, row * len(counts) + 4, "مقالات كل مصدر اليوم وهذا الأسبوع", parts)


def day_columns(days: list[tuple[str, int]], width: int = 640, height: int = 150) -> str:
    """A column chart of (day, articles), oldest day on the right (Arabic reading order)."""
    if not days:
        return ""
    top = max(n for _, n in days) or 1
    step, base = width / len(days), height - 22
    parts = []
    for i, (day, n) in enumerate(days):
        x = width - (i + 1) * step
        bar = (base - 16) * n / top
        parts.append(
            f'<rect class="day" x="{x + step * 0.15:.1f}" y="{base - bar:.1f}" width="{step * 0.7:.1f}" height="{bar:.1f}" fill="#2f6eaa"/>'
            f'<text x="{x + step / 2:.1f}" y="{base - bar - 4:.1f}" text-anchor="middle" font-size="12">{n}</text>'
            f'<text x="{x + step / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="12">{day[5:]}</text>'
        )  # fmt: skip
    return _svg(width, height, "مقالات كل يوم من الأسبوع", parts)


def _utc(moment: datetime) -> str:
    return to_iso(moment.astimezone(UTC))


def front_page(conn: sqlite3.Connection, now: datetime | None = None) -> dict[str, Any] | None:
    """The template's context for the front page; None for a database that is not the crawler's."""
    if not monitor.has_tables(conn, "articles", "crawl_runs"):
        return None
    now = (now or datetime.now(UTC)).astimezone(ZoneInfo(DEFAULT_TZ))
    today = now.date()
    days = [(today - timedelta(days=n)).isoformat() for n in range(WEEK_DAYS - 1, -1, -1)]
    tomorrow = (today + timedelta(days=1)).isoformat()
    published = monitor.published_per_source_and_day(conn, days[0], tomorrow)
    week, on_day = Counter[str](), Counter[str]()
    today_counts = Counter[str]()
    for r in published:
        week[r["source"]] += r["articles"]
        on_day[r["day"]] += r["articles"]
        if r["day"] == days[-1]:
            today_counts[r["source"]] += r["articles"]
    per_source = sorted(((s, today_counts[s], n) for s, n in week.items()), key=lambda c: (-c[2], -c[1], c[0]))
    midnight = datetime.combine(today, time(0), now.tzinfo)  # Damascus: crawl_runs times are UTC
    stored = monitor.stored_per_source(conn, _utc(midnight - timedelta(days=WEEK_DAYS - 1)), _utc(midnight))
    sources = health(conn, monitor.latest_runs(conn), {r["source"]: r for r in stored}, now)
    return {
        "timezone": DEFAULT_TZ,
        "recent_runs": RECENT_RUNS,
        "today": days[-1],
        "week_start": days[0],
        "per_source": per_source,
        "today_total": sum(today_counts.values()),
        "stored_today": sum(r["today"] or 0 for r in stored),
        "stored_week": sum(r["week"] or 0 for r in stored),
        "week_total": sum(week.values()),
        "source_chart": source_bars(per_source),
        "day_chart": day_columns([(d, on_day[d]) for d in days]) if published else "",
        "health": sources,
        "problems": [s for s in sources if s["problem"]],
        "stories": monitor.most_carried_stories(conn, days[0], tomorrow),
    }
