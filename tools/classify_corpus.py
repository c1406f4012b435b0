"""Print how the spider's article test (crawler.discovery.is_article) judges
the real article pages in ../shared/corpus (all of them are articles).

    .venv/bin/python -m tools.classify_corpus [CORPUS_DIR]

Prints per page the verdict and the signals; then the share judged articles.
A measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapy.http import HtmlResponse

from crawler import discovery as d
from crawler.sources import source_for_url

_DATE = '//meta[@property="article:published_time"]/@content | //time/@datetime | //*[@itemprop="datePublished"]'


def signals(url: str, html: bytes) -> d.PageSignals:
    response = HtmlResponse(url=url, body=html, encoding="utf-8")
    return d.PageSignals(
        url=url,
        og_type=response.xpath('//meta[@property="og:type"]/@content').get(),
        jsonld=" ".join(response.xpath('//script[@type="application/ld+json"]/text()').getall()),
        paragraphs=tuple(response.xpath("//p").xpath("string()").getall()),
        has_date=bool(response.xpath(_DATE)),
        linked_headings=len(response.xpath("//h2[.//a] | //h3[.//a]")),
    )


def pages(corpus: Path) -> list[tuple[str, str, Path]]:
    out: list[tuple[str, str, Path]] = []
    truth = json.loads((corpus / "arabic" / "truth.json").read_text(encoding="utf-8"))
    for key, entry in truth.items():
        out.append(
            (
                f"arabic/{key}",
                entry.get("url") or f"https://example.com/{key}-story-page",
                corpus / "arabic" / entry["file"],
            )
        )
    bench = json.loads((corpus / "english-benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in bench.items():
        out.append(
            (
                f"english/{key}",
                entry.get("url") or f"https://example.com/{key}",
                corpus / "english-benchmark" / "html" / f"{key}.html",
            )
        )
    return out


def main(corpus: Path) -> None:
    results: dict[str, list[bool]] = {"arabic": [], "english": []}
    for name, url, path in pages(corpus):
        page = signals(url, path.read_bytes())
        verdict = d.is_article(page, source_for_url(url))
        results[name.split("/")[0]].append(verdict)
        if not verdict or name.startswith("arabic"):
            print(f"{'article' if verdict else 'NOT    '}  {name:28} og={page.og_type!s:10} url={url[:70]}")
    for group, verdicts in results.items():
        print(f"{group}: {sum(verdicts)}/{len(verdicts)} judged articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus")
