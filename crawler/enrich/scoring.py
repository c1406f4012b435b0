"""Score enrichment against the hand-labelled set in tests/fixtures/enrich.

``python -m crawler.evaluate`` prints these figures in its "enrichment"
section. Three kinds of articles: texts written for the set
(``written_*.toml``: title and body inline), the demo site's pages
(``demo_labels.toml``) and the shared corpus pages (``corpus_labels.toml``),
both extracted with :func:`crawler.extraction.extract_article` first, as the crawl
would. Labelling rules: tests/fixtures/enrich/README.md.
"""

from __future__ import annotations

import statistics
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.enrich import Enrichment, enrich
from crawler.text.dates import utc_now

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "fixtures" / "enrich"
DEMO = ROOT / "seeds" / "demo" / "articles"

FIRST_BATCH = "first set (rules written with it)"

# The targets (tests/test_enrich_gate.py asserts them on this set).
TARGETS = {
    "governorate_f1": 0.95,
    "place_f1": 0.90,
    "primary": 0.90,
    "event_f1": 0.85,
    "casualties_exact": 0.90,
    "negative_places": 0,
}


@dataclass
class Labelled:
    id: str
    title: str
    body: str
    published: str | None
    truth: dict[str, Any]
    batch: str = FIRST_BATCH  # which labelling round the article belongs to


def _entries(path: Path) -> list[dict[str, Any]]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("article", [])


def load_written(folder: Path = LABELS) -> list[Labelled]:
    """The written texts; a file's top-level ``batch`` names its labelling round."""
    found = []
    for path in sorted(folder.glob("written_*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        batch = data.get("batch", FIRST_BATCH)
        found += [Labelled(e["id"], e["title"], e["body"], e.get("published"), e, batch) for e in data.get("article", [])]
    return found


def _extracted(entries: Iterable[dict[str, Any]], page_of) -> list[Labelled]:
    from crawler.extraction import extract_article

    found = []
    for entry in entries:
        page = page_of(entry["id"])
        if page is None:
            continue
        raw, url = page
        article = extract_article(raw, url, utc_now(), min_body_chars=0)  # scored as the evaluator does
        found.append(Labelled(entry["id"], article.title or "", article.body, article.published_at, entry))
    return found


def load_demo(folder: Path = LABELS, demo: Path = DEMO) -> list[Labelled]:
    def page_of(key: str) -> tuple[bytes, str] | None:
        path = demo / (key.removeprefix("demo/") + ".html")
        return (path.read_bytes(), f"https://demo.invalid/{key}") if path.is_file() else None

    return _extracted(_entries(folder / "demo_labels.toml"), page_of)


def load_corpus(corpus: Path, folder: Path = LABELS) -> list[Labelled]:
    import json

    truth_file = corpus / "truth.json"
    if not truth_file.is_file():
        return []
    pages = json.loads(truth_file.read_text(encoding="utf-8"))

    def page_of(key: str) -> tuple[bytes, str] | None:
        entry = pages.get(key.removeprefix("corpus/"))
        return ((corpus / entry["file"]).read_bytes(), entry.get("url", "")) if entry else None

    return _extracted(_entries(folder / "corpus_labels.toml"), page_of)


# --- scoring ---------------------------------------------------------------------


@dataclass
class SetScore:
    """Micro-averaged true/false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: Iterable[str], found: Iterable[str]) -> tuple[set[str], set[str]]:
        want, got = set(truth), set(found)
        self.tp += len(want & got)
        self.fp += len(got - want)
        self.fn += len(want - got)
        return got - want, want - got

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EnrichmentScores:
    places: SetScore = field(default_factory=SetScore)
    places_all: SetScore = field(default_factory=SetScore)  # also counting places the gazetteer lacks
    governorates: SetScore = field(default_factory=SetScore)
    events: SetScore = field(default_factory=SetScore)
    services: SetScore = field(default_factory=SetScore)
    actors: SetScore = field(default_factory=SetScore)
    primary: list[bool] = field(default_factory=list)
    casualties: list[bool] = field(default_factory=list)
    negatives: int = 0
    negative_places: list[str] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    articles: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "place_precision": self.places.precision,
            "place_recall": self.places.recall,
            "place_f1": self.places.f1,
            "place_recall_all": self.places_all.recall,
            "governorate_precision": self.governorates.precision,
            "governorate_recall": self.governorates.recall,
            "governorate_f1": self.governorates.f1,
            "primary": sum(self.primary) / len(self.primary) if self.primary else 1.0,
            "primary_n": len(self.primary),
            "event_precision": self.events.precision,
            "event_recall": self.events.recall,
            "event_f1": self.events.f1,
            "services_f1": self.services.f1,
            "actor_f1": self.actors.f1,
            "casualties_exact": sum(self.casualties) / len(self.casualties) if self.casualties else 1.0,
            "casualties_n": len(self.casualties),
            "negatives": self.negatives,
            "negative_places": len(self.negative_places),
            "ms_median": statistics.median(self.ms) if self.ms else 0.0,
        }


def _figure(value: Any) -> str:
    return "-" if value is None else str(value)


def score_article(scores: EnrichmentScores, item: Labelled, found: Enrichment) -> None:
    truth = item.truth
    scores.articles += 1
    names = [p.place.name_ar for p in found.places]

    def note(field_name: str, extra: set[str], missing: set[str]) -> None:
        if extra or missing:
            scores.rows.append(f"  {item.id}: {field_name} +{sorted(extra)} -{sorted(missing)}")

    note("places", *scores.places.add(truth.get("places", []), names))
    scores.places_all.add([*truth.get("places", []), *truth.get("unknown_places", [])], names)
    note("governorates", *scores.governorates.add(truth.get("governorates", []), found.governorates))
    note("events", *scores.events.add(truth.get("events", []), found.events))
    if "services" in truth or found.services:
        note("services", *scores.services.add(truth.get("services", []), found.services))
    if "actors" in truth:
        note("actors", *scores.actors.add(truth["actors"], [a.code for a in found.actors]))
    if truth.get("primary"):
        got = found.primary.name_ar if found.primary else None
        scores.primary.append(got == truth["primary"])
        if got != truth["primary"]:
            scores.rows.append(f"  {item.id}: primary {got!r} != {truth['primary']!r}")
    casualties = found.casualties
    got_pair = (
        _figure(casualties.killed if casualties else None),
        _figure(casualties.injured if casualties else None),
    )
    want_pair = (_figure(truth.get("killed")), _figure(truth.get("injured")))
    scores.casualties.append(got_pair == want_pair)
    if got_pair != want_pair:
        scores.rows.append(f"  {item.id}: casualties killed/injured {got_pair} != {want_pair}")
    if truth.get("negative"):
        scores.negatives += 1
        scores.negative_places.extend(f"{item.id}: {name}" for name in names)


def evaluate_enrichment(items: list[Labelled]) -> EnrichmentScores:
    scores = EnrichmentScores()
    for item in items:
        started = time.process_time()
        found = enrich(item.title, item.body, item.published)
        scores.ms.append((time.process_time() - started) * 1000)
        score_article(scores, item, found)
    return scores


ROWS = (
    ("articles", "articles"),
    ("place_f1", "place F1 (exact place)"),
    ("place_precision", "place precision"),
    ("place_recall", "place recall"),
    ("place_recall_all", "place recall, incl. places the gazetteer lacks"),
    ("governorate_f1", "governorate F1"),
    ("governorate_precision", "governorate precision"),
    ("governorate_recall", "governorate recall"),
    ("primary", "primary place accuracy"),
    ("event_f1", "event type F1"),
    ("event_precision", "event type precision"),
    ("event_recall", "event type recall"),
    ("services_f1", "services (services_crisis) F1"),
    ("actor_f1", "actors F1 (labelled articles)"),
    ("casualties_exact", "casualty figures exact (killed and injured)"),
    ("negative_places", "Syrian places found on negatives"),
    ("ms_median", "CPU ms/article (median)"),
)


def report(summary: dict[str, Any]) -> str:
    lines = ["## enrichment (tests/fixtures/enrich)", "", "| figure | value | target |", "|---|---|---|"]
    for key, label in ROWS:
        value = summary[key]
        cell = f"{value:.3f}" if isinstance(value, float) else str(value)
        if key == "primary":
            cell += f" ({summary['primary_n']} articles)"
        if key == "casualties_exact":
            cell += f" ({summary['casualties_n']} articles)"
        if key == "negative_places":
            cell += f" ({summary['negatives']} negative articles)"
        target = TARGETS.get(key)
        mark = ""
        if target is not None:
            met = value <= target if key == "negative_places" else value >= target
            mark = f"{'<=' if key == 'negative_places' else '>='} {target} {'met' if met else 'NOT MET'}"
        lines.append(f"| {label} | {cell} | {mark} |")
    return "\n".join(lines)


BATCH_ROWS = ("articles", "place_f1", "governorate_f1", "primary", "event_f1", "casualties_exact", "negative_places")


def report_batches(items: list[Labelled]) -> str:
    """The main figures per labelling round, side by side: a round labelled
    after the rules were written shows how they do on text they did not see."""
    batches = list(dict.fromkeys(item.batch for item in items))
    if len(batches) < 2:
        return ""
    summaries = [evaluate_enrichment([i for i in items if i.batch == b]).summary() for b in batches]
    labels = dict(ROWS)
    lines = ["| figure | " + " | ".join(batches) + " |", "|---|" + "---|" * len(batches)]
    for key in BATCH_ROWS:
        cells = [f"{s[key]:.3f}" if isinstance(s[key], float) else str(s[key]) for s in summaries]
        lines.append(f"| {labels[key]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def labelled_set(corpus: Path | None) -> list[Labelled]:
    return load_written() + load_demo() + (load_corpus(corpus) if corpus else [])
