"""Score the extractor per field on labelled pages, side by side with trafilatura.

    python -m crawler.evaluate                 # corpus at ../shared/corpus
    python -m crawler.evaluate --corpus DIR    # another corpus folder
    python -m crawler.evaluate --only ours     # skip the other extractors
    python -m crawler.evaluate --pages         # also print per-page rows
    python -m crawler.evaluate --enrichment    # only the enrichment section (places, events, casualties)

Four page sets: the labelled fixtures in ``tests/fixtures/pages`` and the
pages built like today's templates in ``tests/fixtures/modern`` (both written
for this project), ``<corpus>/arabic`` (13 real pages, ``truth.json``) and
``<corpus>/english-benchmark`` (181 pages, scored with its published metric:
multisets of 4-word shingles, per-page precision/recall averaged, F1 of the
two means). The last section scores enrichment (places, governorates,
primary place, event types, casualty figures) on the hand-labelled set in
``tests/fixtures/enrich`` (see :mod:`crawler.enrich.scoring`). Arabic bodies
are compared after :func:`crawler.text.arabic.normalize` (word sequences, not
bytes). Our figures come from :func:`crawler.extraction.extract_article`, the
very function the crawl's pipeline calls, with no minimum body length (a short
body is scored, not dropped: the figures measure extraction,
``NEWS_MIN_BODY_CHARS`` is policy).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.extraction import Article, extract_article
from crawler.extraction.page import decode_html
from crawler.text.arabic import clean_text, normalize
from crawler.text.dates import parse_iso, utc_now

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
MODERN = ROOT / "tests" / "fixtures" / "modern"  # today's templates (issue #14), built by tools/modern_pages
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

# The targets; the CI gate (tests/test_extract_gate.py) asserts them.
TARGETS = {
    "title": 1.0,
    "body_f1": 0.97,
    "date": 1.0,
    "leaks": 0,
    "english_f1": 0.95,
}

_WORD = re.compile(r"\w+")


# --- metrics -------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter:
    """Multiset of ``n``-word runs (``\\w+`` words); a shorter text is one unit."""
    words = _WORD.findall(text or "")
    return Counter(" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def precision_recall(truth: str, predicted: str) -> tuple[float, float]:
    """The benchmark's per-page precision and recall of 4-word shingles."""
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    if fp == fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def same_date(truth: str, found: str | None) -> bool:
    """A "YYYY-MM-DD" truth (or a date-only answer) is judged on the calendar
    day; a truth and an answer with a time must be the same instant."""
    if not found:
        return False
    if len(truth.strip()) <= 10 or len(found.strip()) <= 10:  # a date-only answer is judged on the day
        return found[:10] == truth.strip()[:10]
    want, got = parse_iso(truth.replace(" ", "T")), parse_iso(found)
    return want is not None and got is not None and want == got


# --- extractors ------------------------------------------------------------------


@dataclass
class Result:
    """One extractor's answer for one page (None = the extractor has no such field)."""

    title: str | None = None
    body: str = ""
    date: str | None = None
    author: str | None = None
    section: str | None = None
    subtitle: str | None = None
    error: str | None = None
    fields: tuple[str, ...] = ("title", "subtitle", "author", "section", "date")  # what it can answer


@dataclass
class Page:
    """A labelled page: its bytes, where/when it was fetched, and the truth."""

    id: str
    raw: bytes
    url: str
    fetched_at: datetime
    truth: dict[str, Any]
    content_type: str | None = None


_BASIC = ("title", "author", "date")  # the other extractors have no subtitle or section


def extract_ours(page: Page) -> Article:
    """Our extraction of a labelled page: the crawl's own function, every page read."""
    return extract_article(page.raw, page.url, page.fetched_at, content_type=page.content_type, min_body_chars=0)


def run_ours(page: Page) -> Result:
    found = extract_ours(page)
    return Result(found.title, found.body, found.published_at, found.author, found.section, found.subtitle)


def run_trafilatura(page: Page) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(page.raw, url=page.url, with_metadata=True)
    if doc is None:
        return Result(fields=_BASIC)
    return Result(title=doc.title, body=doc.text or "", date=doc.date, author=doc.author, fields=_BASIC)


def run_newspaper(page: Page) -> Result:
    from newspaper import Article

    article = Article(page.url or "http://example.invalid/", fetch_images=False)  # no network
    article.download(input_html=decode_html(page.raw, page.content_type))
    article.parse()
    date = article.publish_date.isoformat() if article.publish_date else None
    authors = ", ".join(article.authors) or None
    return Result(article.title or None, article.text or "", date, authors, fields=_BASIC)


def available_extractors(only: str | None = None) -> tuple[dict[str, Callable[[Page], Result]], list[str]]:
    """Extractors to run, and notes for those that could not be loaded."""
    candidates: dict[str, tuple[str, Callable[[Page], Result]]] = {
        "ours": ("crawler.extraction", run_ours),
        "trafilatura": ("trafilatura", run_trafilatura),
        "newspaper4k": ("newspaper", run_newspaper),
    }
    chosen: dict[str, Callable[[Page], Result]] = {}
    notes: list[str] = []
    for name, (module, function) in candidates.items():
        if only and name not in only.split(","):
            continue
        try:
            __import__(module)
        except Exception as exc:  # an optional comparator that fails to import is reported, not fatal
            notes.append(f"{name}: not installed or failed to import ({type(exc).__name__}: {exc})")
            continue
        chosen[name] = function
    return chosen, notes


# --- page sets -------------------------------------------------------------------


def _fetched(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else utc_now()


def load_labelled(folder: Path) -> list[Page]:
    """Pages listed in ``folder/truth.json`` (fixtures and the Arabic corpus)."""
    truth_file = folder / "truth.json"
    if not truth_file.is_file():
        return []
    entries = json.loads(truth_file.read_text(encoding="utf-8"))
    return [
        Page(
            id=key,
            raw=(folder / entry["file"]).read_bytes(),
            url=entry.get("url", ""),
            fetched_at=_fetched(entry.get("fetched_at")),
            truth=entry,
            content_type=entry.get("content_type"),
        )
        for key, entry in entries.items()
    ]


def load_benchmark(folder: Path, limit: int | None = None) -> list[Page]:
    """The English benchmark pages (``html/<id>.html``, ``ground-truth.json``)."""
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        return []
    entries = json.loads(truth_file.read_text(encoding="utf-8"))
    keys = sorted(entries)[:limit] if limit else sorted(entries)
    return [
        Page(key, (folder / "html" / f"{key}.html").read_bytes(), entries[key].get("url", ""), utc_now(), entries[key])
        for key in keys
    ]


# --- scoring ---------------------------------------------------------------------


def truth_body(truth: dict[str, Any]) -> str | None:
    if "body_paragraphs" in truth:
        return "\n\n".join(truth["body_paragraphs"])
    return truth.get("body_text") or truth.get("articleBody")


@dataclass
class Scores:
    """Per-field tallies for one extractor on one page set."""

    title: list[bool] = field(default_factory=list)
    subtitle: list[bool] = field(default_factory=list)
    author: list[bool] = field(default_factory=list)
    section: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    body: list[tuple[float, float]] = field(default_factory=list)  # (precision, recall) per page
    must_contain: list[bool] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)  # "page: snippet" for each leaked snippet
    leak_checks: int = 0
    ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("title", "subtitle", "author", "section", "date", "must_contain"):
            values = getattr(self, name)
            if values:
                out[name] = (sum(values), len(values))
        if self.body:
            precision = statistics.mean(p for p, _ in self.body)
            recall = statistics.mean(r for _, r in self.body)
            out["body_precision"], out["body_recall"] = precision, recall
            out["body_f1"] = f1(precision, recall)
            out["body_min_page_f1"] = min(f1(p, r) for p, r in self.body)
            out["body_pages"] = len(self.body)
        if self.leak_checks:
            out["leaks"] = (len(self.leaks), self.leak_checks)
        if self.ms:
            out["ms_median"] = statistics.median(self.ms)
        out["errors"] = len(self.errors)
        return out


def _same_text(want: str | None, got: str | None) -> bool:
    return bool(got) and clean_text(want or "").split() == clean_text(got or "").split()


def score_page(scores: Scores, page: Page, result: Result, arabic: bool) -> None:
    truth = page.truth
    for name in ("title", "subtitle", "author", "section"):
        if name in truth and name in result.fields:
            ok = _same_text(truth[name], getattr(result, name)) if truth[name] else not getattr(result, name)
            getattr(scores, name).append(ok)
            if not ok:
                scores.rows.append(f"  {page.id}: {name} {getattr(result, name)!r} != {truth[name]!r}")
    for key in ("published", "published_date", "published_at"):
        if key in truth and "date" in result.fields:
            ok = same_date(truth[key], result.date) if truth[key] else result.date is None
            scores.date.append(ok)
            if not ok:
                scores.rows.append(f"  {page.id}: date {result.date!r} != {truth[key]!r}")
    want = truth_body(truth)
    if want is not None:
        prepare = normalize if arabic else (lambda text: text)
        scores.body.append(precision_recall(prepare(want), prepare(result.body)))
        precision, recall = scores.body[-1]
        if f1(precision, recall) < 0.97:
            scores.rows.append(f"  {page.id}: body P={precision:.3f} R={recall:.3f}")
    body_key = normalize(result.body)
    for snippet in truth.get("must_contain", []):
        scores.must_contain.append(normalize(snippet) in body_key)
        if not scores.must_contain[-1]:
            scores.rows.append(f"  {page.id}: missing {snippet!r}")
    for snippet in truth.get("must_not_contain", []):
        scores.leak_checks += 1
        if normalize(snippet) in body_key:
            scores.leaks.append(f"{page.id}: {snippet}")
            scores.rows.append(f"  {page.id}: leaked {snippet!r}")


def evaluate(pages: list[Page], run: Callable[[Page], Result], arabic: bool = True) -> Scores:
    scores = Scores()
    for page in pages:
        started = time.process_time()
        try:
            result = run(page)
        except Exception as exc:  # a crash on one page is a zero for that page, and reported
            result = Result(error=f"{type(exc).__name__}: {exc}")
            scores.errors.append(f"{page.id}: {result.error}")
            scores.rows.append(f"  {page.id}: ERROR {result.error}")
        scores.ms.append((time.process_time() - started) * 1000)
        score_page(scores, page, result, arabic)
    return scores


# --- report ----------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return f"{value[0]}/{value[1]}"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.0f}"
    return str(value)


ROWS = (
    ("title", "title exact"),
    ("subtitle", "subtitle exact"),
    ("author", "author exact"),
    ("section", "section exact"),
    ("date", "date exact"),
    ("body_f1", "body F1"),
    ("body_precision", "body precision"),
    ("body_recall", "body recall"),
    ("body_min_page_f1", "body F1, worst page"),
    ("must_contain", "must contain"),
    ("leaks", "boilerplate leaks"),
    ("ms_median", "CPU ms/page (median)"),
    ("errors", "errors"),
)


def table(title: str, summaries: dict[str, dict[str, Any]]) -> str:
    names = list(summaries)
    lines = [f"## {title}", "", "| field | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for key, label in ROWS:
        if any(key in s for s in summaries.values()):
            lines.append(f"| {label} | " + " | ".join(_cell(summaries[n].get(key)) for n in names) + " |")
    return "\n".join(lines)


def page_sets(corpus: Path, limit: int | None = None) -> list[tuple[str, list[Page], bool]]:
    """(name, pages, is_arabic) for every set found; a missing set is empty."""
    return [
        ("fixtures (tests/fixtures/pages)", load_labelled(FIXTURES), True),
        ("modern templates (tests/fixtures/modern)", load_labelled(MODERN), True),
        ("arabic corpus (13 real pages)", load_labelled(corpus / "arabic"), True),
        ("english benchmark (181 pages)", load_benchmark(corpus / "english-benchmark", limit), False),
    ]


def resolve_corpus(path: Path) -> Path:
    """Accept the corpus folder itself or the ``shared`` folder holding it."""
    return path / "corpus" if (path / "corpus" / "arabic").is_dir() else path


def print_enrichment(corpus: Path, pages: bool) -> dict[str, Any]:
    from crawler.enrich import scoring

    items = scoring.labelled_set(corpus)
    scores = scoring.evaluate_enrichment(items)
    summary = scores.summary()
    print(scoring.report(summary))
    by_batch = scoring.report_batches(items)
    if by_batch:
        print("\nper labelling round:\n\n" + by_batch)
    if pages and scores.rows:
        print("\n" + "\n".join(scores.rows))
    for row in scores.negative_places:
        print(f"  false Syrian place on a negative: {row}")
    print()
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default ../shared/corpus)")
    parser.add_argument("--only", help="comma-separated extractors: ours,trafilatura,newspaper4k")
    parser.add_argument("--limit", type=int, help="use only the first N English benchmark pages")
    parser.add_argument("--pages", action="store_true", help="print the pages where a field is wrong")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--enrichment", action="store_true", help="only the enrichment section")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # the other extractors' date parsers are noisy
    corpus = resolve_corpus(args.corpus)
    extractors, notes = available_extractors(args.only)
    report: dict[str, dict[str, Any]] = {}
    for set_name, pages, arabic in [] if args.enrichment else page_sets(corpus, args.limit):
        if not pages:
            print(f"## {set_name}\n\nnot found (looked in {corpus}); skipped\n")
            continue
        results = {name: evaluate(pages, run, arabic) for name, run in extractors.items()}
        report[set_name] = {name: scores.summary() for name, scores in results.items()}
        print(table(f"{set_name}: {len(pages)} pages", report[set_name]))
        if args.pages:
            for name, scores in results.items():
                if scores.rows:
                    print(f"\n{name}:\n" + "\n".join(scores.rows))
        print()
    report["enrichment"] = print_enrichment(corpus / "arabic", args.pages)
    for note in notes:
        print(f"note: {note}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
