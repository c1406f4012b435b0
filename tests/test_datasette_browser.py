"""The Datasette table page in headless Chromium: Arabic cells are laid out right to left.

One Chromium run (tests/support/browser.py) loads the articles table and
records, for every title and URL cell, where its first and last letters were
drawn and how much room is left on each side, and takes the screenshot of
that same layout; the test checks the record and the pixels.

Needs Debian's ``chromium`` (``apt-get install chromium``; .ci/run installs it).
"""

from __future__ import annotations

import pytest

from tests.support.browser import (
    CHROMIUM,
    Rendered,
    browsing,
    reads_first_letter_on_the_right,
    right_aligned,
)
from tests.support.demo_database import shared_db

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless browser test needs Debian's chromium: apt-get install -y chromium"
)
TABLE = "/news/articles?_col=title&_col=url&_size=12&_nofacet=1"


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    db = shared_db(tmp_path_factory.getbasetemp())
    with browsing(db, tmp_path_factory.mktemp("table-browser")) as browser:
        return browser.render("table", TABLE, {"title": "td.col-title", "url": "td.col-url"})


def test_arabic_titles_read_right_to_left_on_the_right_of_their_cells(table: Rendered) -> None:
    assert len([c for c in table.seen["groups"]["title"] if c["lines"] == 1]) >= 5, table.seen["groups"]["title"]
    reads_first_letter_on_the_right(table, "title")
    right_aligned(table, "title")  # in the layout and in the screenshot


def test_urls_stay_left_to_right(table: Rendered) -> None:
    urls = [c for c in table.seen["groups"]["url"] if c["lines"] == 1]
    assert urls
    for cell in urls:
        assert cell["firstX"] < cell["lastX"], cell["text"]
        assert cell["leftGap"] < 2, cell
