"""End-to-end: real crawls of Arabic pages whose charset is windows-1256, declared or not, or mislabelled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import ClassVar

import pytest

from crawler.evaluate import FIXTURES
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.servers import QuietHandler, serve

TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))


class Utf8LabelHandler(QuietHandler):
    """Every page is served as "text/html; charset=utf-8", whatever its bytes are."""

    extensions_map: ClassVar[dict[str, str]] = {**QuietHandler.extensions_map, ".html": "text/html; charset=utf-8"}


@pytest.mark.parametrize("name", ["windows-1256", "mislabelled-charset", "no-charset"])
def test_cp1256_page_is_stored_as_correct_text(tmp_path: Path, name: str) -> None:
    site = tmp_path / "site"
    (site / "2026").mkdir(parents=True)
    shutil.copy(FIXTURES / TRUTH[name]["file"], site / "2026" / "bridge.html")
    (site / "index.html").write_text("<html><body><a href='2026/bridge.html'>جسر</a></body></html>", encoding="utf-8")
    db = tmp_path / "news.db"
    with serve(site, Utf8LabelHandler) as url:
        crawl("-a", f"url={url}", db=db)
    (row,) = rows(db)
    assert row["title"] == TRUTH[name]["title"]
    assert row["body"].split("\n\n") == TRUTH[name]["body_paragraphs"]
    assert row["published_at"] == TRUTH[name]["published_at"]
    assert "\ufffd" not in row["body"]
