"""What happened: event types from the title and body, by rules as data.

``rules/events.toml`` lists, per event code, words (with their suffix
forms) and phrases; see its header for how they match and weigh. The codes
are the issue's list: shelling, airstrike, clashes, explosion, arrests,
displacement, refugee_return, protest, natural_disaster, services_crisis
(with the services named: water, electricity, bread, fuel), economy,
education, health, elections, other.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from crawler.enrich.tokens import PhraseIndex, Text, bare, variants
from crawler.text.arabic import normalize

RULES = Path(__file__).with_name("rules") / "events.toml"
CODES = (
    "shelling", "airstrike", "clashes", "explosion", "arrests", "displacement", "refugee_return",
    "protest", "natural_disaster", "services_crisis", "economy", "education", "health", "elections", "other",
)  # fmt: skip
SERVICES = ("water", "electricity", "bread", "fuel")


@dataclass(frozen=True)
class EventRules:
    index: PhraseIndex[str]  # words and phrases -> code
    services: PhraseIndex[str]  # service words -> service
    crisis: PhraseIndex[bool]
    negations: frozenset[str]
    threshold: float
    title_weight: float
    lead_weight: float
    anchored: frozenset[str]  # codes whose hit in a sentence naming a place weighs like the lead
    unless: dict[str, frozenset[str]] = field(default_factory=dict)  # code -> words that void its hits in their sentence
    toll: PhraseIndex[bool] | None = None  # casualty words: a sentence stating a toll anchors violent events


def _forms(word: str, suffixes: list[str]) -> list[str]:
    if not word.endswith("+"):
        return [word]
    stem = word[:-1]
    return [stem, *(stem + s for s in suffixes)]


@lru_cache(maxsize=1)
def event_rules(path: Path = RULES) -> EventRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    index: PhraseIndex[str] = PhraseIndex(article=True)
    for code, rule in data["events"].items():
        if code not in CODES:
            raise ValueError(f"{path}: unknown event code {code!r}")
        for word in rule.get("words", []):
            index.add_all(
                _forms(normalize(word.rstrip("+")) + ("+" if word.endswith("+") else ""), data["suffixes"]), code
            )
        index.add_all(rule.get("phrases", []), code)
    services: PhraseIndex[str] = PhraseIndex(article=True)
    for service, words in data["services"]["words"].items():
        if service not in SERVICES:
            raise ValueError(f"{path}: unknown service {service!r}")
        services.add_all(words, service)
    crisis: PhraseIndex[bool] = PhraseIndex(article=True)
    for word in data["services"]["crisis"]:
        crisis.add_all(_forms(word, data["suffixes"]), True)
    toll: PhraseIndex[bool] = PhraseIndex(article=True)
    for word in data.get("toll_words", []):
        toll.add_all(_forms(normalize(word.rstrip("+")) + "+" * word.endswith("+"), data["suffixes"]), True)
    return EventRules(
        index, services, crisis, frozenset(normalize(w) for w in data["negations"]),
        float(data["threshold"]), float(data["title_weight"]), float(data["lead_weight"]),
        frozenset(code for code, rule in data["events"].items() if rule.get("anchored")),
        {
            code: frozenset(form for w in rule["unless"] for form in _forms(normalize(w.rstrip("+")) + "+" * w.endswith("+"), data["suffixes"]))
            for code, rule in data["events"].items() if rule.get("unless")
        },
        toll,
    )  # fmt: skip


@dataclass
class EventResult:
    types: list[str] = field(default_factory=list)  # codes, strongest first; ["other"] when none
    services: list[str] = field(default_factory=list)  # for services_crisis
    weights: dict[str, float] = field(default_factory=dict)


def _negated(text: Text, i: int, negations: frozenset[str]) -> bool:
    tokens = text.tokens
    for j in (i - 1, i - 2):
        if j >= 0 and tokens[j].sentence == tokens[i].sentence and any(v in negations for v in bare(tokens[j].key)):
            return True
    return False


def find_events(text: Text, rules: EventRules | None = None, placed: set[int] | frozenset[int] = frozenset()) -> EventResult:
    """``placed``: sentences that name a Syrian place; a hit there is a reported event,
    and so is one in a sentence that states a toll ("اشتبكوا ... ما أدى إلى مقتل ثلاثة")."""
    rules = rules or event_rules()
    tokens = text.tokens
    if rules.toll:
        placed = set(placed) | {tokens[start].sentence for start, _end, _ in rules.toll.scan(text)}
    weights: dict[str, float] = defaultdict(float)
    lead = text.lead

    def weight_of(sentence: int, code: str = "") -> float:
        if sentence == 0:
            return rules.title_weight
        if sentence == lead or (code in rules.anchored and sentence in placed):
            return rules.lead_weight
        return 1.0

    words_of: dict[int, set[str]] = {}

    def voided(code: str, sentence: int) -> bool:
        """A hit of ``code`` in a sentence with one of its ``unless`` words
        ("المستشفى استقبل أربعة قتلى": where the wounded went, not a health story)."""
        unless = rules.unless.get(code)
        if not unless:
            return False
        if sentence not in words_of:
            words_of[sentence] = {v for t in text.sentence_tokens(sentence) for v in variants(t.key, True)}
        return not unless.isdisjoint(words_of[sentence])

    for start, _end, codes in rules.index.scan(text):
        if _negated(text, start, rules.negations):
            continue
        for code in codes:
            if not voided(code, tokens[start].sentence):
                weights[code] += weight_of(tokens[start].sentence, code)
    services_in: dict[int, set[str]] = defaultdict(set)
    for start, _end, names in rules.services.scan(text):
        services_in[tokens[start].sentence].update(names)
    crisis_sentences = {tokens[start].sentence for start, _end, _ in rules.crisis.scan(text)}
    named: list[str] = []
    for sentence, names in services_in.items():
        if sentence in crisis_sentences:
            weights["services_crisis"] += weight_of(sentence)
            named.extend(names)
    types = sorted((c for c, w in weights.items() if w >= rules.threshold), key=lambda c: (-weights[c], CODES.index(c)))
    services = [s for s in SERVICES if s in named] if "services_crisis" in types else []
    return EventResult(types or ["other"], services, dict(weights))
