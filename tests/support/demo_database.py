"""A news database for the browsing/export tests: the demo site crawled over HTTP,
plus a few articles (written through the Store, as the store pipeline writes them) that spell Raqqa every way
a reader might, a run-together "ديرالزور", a near miss, a duplicate and one from today."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from crawler.dedupe import unchecked
from crawler.items import ArticleItem
from crawler.storage import Store
from tests.support.crawl import crawl
from tests.support.databases import rows, writable
from tests.support.demo import DEMO
from tests.support.servers import serve

DAMASCUS = timezone(timedelta(hours=3))
SEED_SLUG = "deir-ezzor-siege-raqqa-last-battle"

# slug -> (title, body, published_at); every "raqqa-*" article spells الرقة differently.
EXTRA = {
    "raqqa-heh": (
        "انقطاع الكهرباء عن أحياء الرقه",
        "قالت مصادر محلية إن الكهرباء انقطعت عن أحياء المدينة ساعات طويلة.",
        "2017-10-20T08:00:00+03:00",
    ),
    "raqqa-wa": (
        "والرقة تنتظر عودة أهلها",
        "ينتظر السكان فتح الطرق والعودة إلى منازلهم بعد أشهر من النزوح.",
        "2017-10-21T09:00:00+03:00",
    ),
    "raqqa-bi": (
        "فرق إزالة الألغام تعمل بالرقة",
        "بدأت فرق هندسية عملها في الأحياء الشمالية من المدينة.",
        "2017-10-22T10:00:00+03:00",
    ),
    "raqqa-tashkeel": (
        "الرَّقَّة بعد المعركة",
        "صور من الشوارع المدمرة في وسط المدينة بعد انتهاء القتال.",
        "2017-10-23T11:00:00+03:00",
    ),
    "deir-joined": (
        "أسواق ديرالزور تفتح أبوابها",
        "عادت الحركة إلى أسواق المدينة الواقعة على نهر الفرات.",
        "2017-10-24T12:00:00+03:00",
    ),
    "near-miss": (
        "الرقم القياسي لأسعار الذهب",
        "سجلت أسعار الذهب في دمشق مستوى قياسيا جديدا هذا الأسبوع.",
        "2017-10-25T13:00:00+03:00",
    ),
    "undated-copy": ("نسخة: الألغام تعيق عودة الأهالي", "نسخة منقولة عن خبر آخر.", None),
}
RAQQA_SLUGS = {"raqqa-heh", "raqqa-wa", "raqqa-bi", "raqqa-tashkeel"}
EXTRA_SOURCE = "variants"
TODAY_SLUG = "today"


def today_damascus() -> datetime:
    return datetime.now(DAMASCUS).replace(microsecond=0)


def _item(slug: str, title: str, body: str, published_at: str | None) -> ArticleItem:
    url = f"https://variants.example/{slug}"
    return ArticleItem(
        url=url,
        canonical_url=url,
        source=EXTRA_SOURCE,
        html="",
        fetched_at="2017-10-26T00:00:00+00:00",
        title=title,
        body=body,
        section="محليات",
        published_at=published_at,
        language="ar",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def build(path: Path) -> Path:
    """Crawl the demo site into ``path`` and add the extra articles; returns ``path``."""
    with serve(DEMO) as url:
        crawl("-a", f"url={url}", db=path)
    (mines,) = rows(path, "SELECT id FROM articles WHERE url LIKE '%raqqa-mines-return%'")
    store = Store(path)
    store.open()
    try:
        for slug, (title, body, published) in EXTRA.items():
            item = _item(slug, title, body, published)
            matches = (mines["id"],) if slug == "undated-copy" else ()  # as the dedupe pipeline would find it
            store.store(item, unchecked(item, matches))
        today = _item(TODAY_SLUG, "خبر اليوم من حلب", "خبر نشر اليوم.", today_damascus().isoformat())
        store.store(today, unchecked(today))
    finally:
        store.close()
    return path


def ids_by_slug(path: Path) -> dict[str, int]:
    """Row id of every article, by the last part of its URL (without .html)."""
    return {
        r["url"].rsplit("/", 1)[-1].removesuffix(".html"): r["id"] for r in rows(path, "SELECT id, url FROM articles")
    }


_BUILT: dict[Path, Path] = {}


def shared_db(base: Path) -> Path:
    """One built database per test session (``base`` is the session's temp dir)."""
    if base not in _BUILT:
        folder = base / "news-fixture"
        folder.mkdir(exist_ok=True)
        _BUILT[base] = build(folder / "news.db")
    return _BUILT[base]


def edited_copy(db: Path, folder: Path, edit: Callable[[sqlite3.Connection], None]) -> Path:
    """A copy of the database ``db`` in ``folder``, changed by ``edit`` (one transaction)."""
    copy = folder / "news.db"
    copy.write_bytes(db.read_bytes())
    conn = writable(copy)
    with conn:
        edit(conn)
    conn.close()
    return copy
