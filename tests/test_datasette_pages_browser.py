"""The front page, a search and an article page in headless Chromium: right to
left, Arabic right-aligned, no escaped tags, no internal columns, the chart
drawn; and each check fails on the same pages from deliberately broken templates.

One Chromium run per page (tests/support/browser.py): the layout record and
the screenshot come from the same run. Screenshots are written under the
test's temp folder, or to ``$NEWS_SCREENSHOTS`` when set, for a person to
look at.

Needs Debian's ``chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.browser import (
    CHROMIUM,
    HEIGHT,
    Rendered,
    browsing,
    chart_drawn,
    no_escaped_tags,
    no_internal_columns,
    reads_right_to_left,
    right_aligned,
)
from tests.support.datasette_app import TEMPLATES
from tests.support.demo_database import ids_by_slug, shared_db

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium: apt-get install -y chromium")
HEADLINES = "article.reading h1, article.reading h2, article.reading .subtitle, section.monitor h2"
MEASURED = {"headline": HEADLINES, "title": "td.col-title"}
HEIGHTS = {"search": 1700}  # the results table comes after the search form and the facets

# What each broken template gets wrong: (file, good text, broken text)
BREAKAGES = [
    ("row-news-articles.html", 'dir="rtl"', 'dir="ltr"'),
    ("row-news-articles.html", "text-align: right", "text-align: left"),
    ("row-news-articles.html", "{{ article.body_markup }}", "{{ article.body_markup.unescape() }}"),  # escaped
    ("row-news-articles.html", '<details class="all-columns"', '<details open class="all-columns"'),
    ("index.html", 'dir="rtl"', 'dir="ltr"'),
    ("index.html", "direction: rtl; text-align: right;", "direction: ltr; text-align: left;"),
    ("index.html", "{{ monitor.source_chart }}", "{{ monitor.source_chart.unescape() }}"),  # escaped, no chart
    ("index.html", "{{ monitor.day_chart }}", ""),
]


def broken_templates(folder: Path) -> Path:
    folder.mkdir()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for name, good, bad in BREAKAGES:
            if name == template.name:
                assert good in text, f"{name} no longer has {good!r}: update BREAKAGES"
                text = text.replace(good, bad)
        (folder / template.name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    db = shared_db(tmp_path_factory.getbasetemp())
    return {
        "article": f"/news/articles/{ids_by_slug(db)['raqqa-mines-return']}",
        "front": "/",
        "search": "/news/articles?_search=" + quote("الرقة") + "&_size=10",
    }


def shots_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    chosen = os.environ.get("NEWS_SCREENSHOTS")
    return Path(chosen) / name if chosen else tmp_path_factory.mktemp(name)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, paths: dict[str, str]) -> dict[str, Rendered]:
    db = shared_db(tmp_path_factory.getbasetemp())
    with browsing(db, shots_folder(tmp_path_factory, "pages")) as browser:
        return {name: browser.render(name, path, MEASURED, HEIGHTS.get(name, HEIGHT)) for name, path in paths.items()}


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, paths: dict[str, str]) -> dict[str, Rendered]:
    db = shared_db(tmp_path_factory.getbasetemp())
    templates = broken_templates(tmp_path_factory.mktemp("broken") / "templates")
    with browsing(db, shots_folder(tmp_path_factory, "broken"), template_dir=str(templates)) as browser:
        return {name: browser.render(name, paths[name], MEASURED) for name in ("article", "front")}


def headlines_right_aligned(page: Rendered) -> None:
    right_aligned(page, "headline")


def titles_right_aligned(page: Rendered) -> None:
    right_aligned(page, "title")


def shows(words: str) -> Callable[[Rendered], None]:
    def check(page: Rendered) -> None:
        assert words in page.seen["text"], f"{words!r} is not on the page"

    check.__name__ = f"shows {words}"
    return check


# What a reader must see on each page; the first checks of "article" and "front"
# must also fail on the same page from the broken templates.
CHECKS: dict[str, list[Callable[[Rendered], None]]] = {
    "article": [
        reads_right_to_left,
        headlines_right_aligned,
        no_escaped_tags,
        no_internal_columns,
        shows("بتوقيت دمشق"),
    ],
    "front": [reads_right_to_left, headlines_right_aligned, no_escaped_tags, chart_drawn, shows("صحة الزحف")],
    "search": [titles_right_aligned, no_escaped_tags, no_internal_columns],
}
BROKEN_BY_TEMPLATE = {"article": 4, "front": 4}  # how many of the page's first checks the breakages defeat


@pytest.mark.parametrize(
    ("page", "check"), [(p, c) for p, checks in CHECKS.items() for c in checks], ids=lambda x: getattr(x, "__name__", x)
)
def test_page_as_a_reader_sees_it(pages: dict[str, Rendered], page: str, check: Callable[[Rendered], None]) -> None:
    check(pages[page])


@pytest.mark.parametrize(
    ("page", "check"),
    [(p, c) for p, n in BROKEN_BY_TEMPLATE.items() for c in CHECKS[p][:n]],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_each_check_fails_on_a_broken_template(
    broken: dict[str, Rendered], page: str, check: Callable[[Rendered], None]
) -> None:
    with pytest.raises(AssertionError):
        check(broken[page])
