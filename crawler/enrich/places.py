"""Where an article happens: Syrian places, their governorates, one primary place.

Rules (data in ``rules/places.toml``, gazetteer in ``seeds/gazetteer``):

1. Names are found on the tokens with their proclitics (و ف ب ك ل لل:
   "بريف دير الزور", "والقامشلي", "للرقة"); the longest name wins, so "ريف
   حلب" is the governorate, "رأس العين" is not "العين", "مخيم الهول" is the
   camp.
2. A name listed as ambiguous (a common word, a person's name, a place
   abroad too: "الباب", "التل", "الحراك", "أريحا") counts only with a local
   cue: a place word right before it ("مدينة الباب"), or an unambiguous place
   of the same governorate a few words away in the same sentence ("الباب
   بريف حلب"). Phrases that only look like places ("فتح الباب", "حماة
   الديار") never count, nor a name after "أبو/ابن/بن" (a person).
3. Inside a quotation that names a place abroad and not Syria, Syrian names
   do not count: the speaker talks about another country.
4. A name shared by several places goes to the one whose governorate the
   article names elsewhere; else the larger one (cities before towns).
5. The primary place has the best score: mentions + title + first body
   sentence, with a bonus for a precise place over a governorate or region.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from crawler.enrich.gazetteer import Entry, Gazetteer, Place
from crawler.enrich.mentions import ArticlePlace, Mention
from crawler.enrich.primary import choose_primary
from crawler.enrich.tokens import PhraseIndex, Text, variants
from crawler.text.arabic import normalize

RULES = Path(__file__).with_name("rules") / "places.toml"
_KIND_ORDER = {"city": 0, "governorate": 1, "town": 2}  # a shared name goes to the larger place


@dataclass(frozen=True)
class PlaceRules:
    kind_words: frozenset[str]
    person_words: frozenset[str]
    prepositions: frozenset[str]
    not_places: PhraseIndex[bool]
    syria_words: frozenset[str]
    neighbour_window: int
    region_words: frozenset[str]


@lru_cache(maxsize=1)
def place_rules(path: Path = RULES) -> PlaceRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    not_places: PhraseIndex[bool] = PhraseIndex()
    not_places.add_all(data["not_places"], True)
    return PlaceRules(
        frozenset(normalize(w) for w in data["kind_words"]),
        frozenset(normalize(w) for w in data["person_words"]),
        frozenset(normalize(w) for w in data["prepositions"]),
        not_places,
        frozenset(normalize(w) for w in data["syria_words"]),
        int(data["neighbour_window"]),
        frozenset(normalize(w) for w in data["region_words"]),
    )


@dataclass
class PlaceResult:
    places: list[ArticlePlace] = field(default_factory=list)  # in order of first mention
    primary: Place | None = None
    governorates: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # accepted Syrian mentions (for casualties)


def _cued(text: Text, i: int, rules: PlaceRules, attached: bool | None = None) -> tuple[bool, bool, bool]:
    """(a place word, a person word, a preposition) right before token i;
    ``attached``: whether ب/ل on the word itself counts as a preposition."""
    key = text.tokens[i].key
    if attached is None:
        attached = key[:1] in ("ب", "ل") or key[:2] in ("وب", "ول", "فب", "فل")
    if i == 0 or text.tokens[i - 1].sentence != text.tokens[i].sentence:
        return False, False, attached
    before = variants(text.tokens[i - 1].key, True)
    return (
        any(v in rules.kind_words for v in before),
        any(v in rules.person_words for v in before),
        attached or any(v in rules.prepositions for v in before),
    )


def find_mentions(text: Text, gazetteer: Gazetteer, rules: PlaceRules) -> list[Mention]:
    tokens = text.tokens
    mentions = []
    free = 0
    starts = sorted({*rules.not_places.candidates(text), *gazetteer.index.candidates(text)})
    for i in starts:
        if i < free:
            continue
        blocked, _ = rules.not_places.match(tokens, i)
        if blocked:
            free = i + blocked
            continue
        length, entries = gazetteer.index.match(tokens, i)
        if not length:
            continue
        free = i + length
        cued, person, preposition = _cued(text, i, rules)
        if person:
            continue
        token = tokens[i]
        if gazetteer.index.starts_with(token.key):  # "بانياس": the ب is the name's own
            preposition = _cued(text, i, rules, attached=False)[2]
        mentions.append(Mention(i, i + length, entries, token.sentence, token.quote, token.in_title, cued, preposition))
    return mentions


def _choose(entries: list[Entry], governorates: set[str]) -> Entry:
    syrian = [e for e in entries if not e.place.foreign]
    named = [e for e in syrian if e.place.governorate in governorates]
    pool = named or syrian
    return min(pool, key=lambda e: (_KIND_ORDER.get(e.place.kind, 3), e.place.id))


def _about_abroad(text: Text, mentions: list[Mention], rules: PlaceRules) -> set[int]:
    """Quotations that name a place abroad and not Syria."""
    abroad = {m.quote for m in mentions if m.quote and all(e.place.foreign for e in m.entries)}
    if not abroad:
        return set()
    syria = {t.quote for t in text.tokens if t.quote in abroad and t.key in rules.syria_words}
    return abroad - syria


def resolve(text: Text, mentions: list[Mention], rules: PlaceRules) -> list[Mention]:
    """Decide each mention's place; return the accepted Syrian mentions."""
    abroad_quotes = _about_abroad(text, mentions, rules)
    abroad_sentences = {m.sentence for m in mentions if all(e.place.foreign for e in m.entries)}
    candidates = [m for m in mentions if not all(e.place.foreign for e in m.entries) and m.quote not in abroad_quotes]
    sure = [m for m in candidates if not any(e.ambiguous for e in m.entries if not e.place.foreign)]
    governorates = {e.place.governorate for m in sure for e in m.entries if len(m.entries) == 1}
    for m in sure:
        m.place = _choose(m.entries, governorates).place
    accepted = list(sure)
    in_sentence: dict[int, list[Mention]] = {}  # accepted mentions by sentence: "near" looks at its own only
    for a in sure:
        in_sentence.setdefault(a.sentence, []).append(a)
    pending = [m for m in candidates if m.place is None]
    changed = True
    while pending and changed:  # a chain "X، Y وZ بريف حلب" resolves right to left
        changed = False
        waiting = []
        for m in pending:
            entry = _choose(m.entries, governorates)
            collides = any(e.place.foreign for e in m.entries) or m.sentence in abroad_sentences
            near = any(
                (a.end == m.start or abs(a.start - m.start) <= rules.neighbour_window)
                and a.place is not None
                and a.place.governorate == entry.place.governorate
                for a in in_sentence.get(m.sentence, ())
            )
            weak = all(e.weak for e in m.entries if not e.place.foreign)
            in_context = m.preposition and entry.place.governorate in governorates
            if near or (not collides and (m.cued or in_context or (weak and m.preposition))):
                m.place = entry.place
                accepted.append(m)
                in_sentence.setdefault(m.sentence, []).append(m)
                changed = True
            else:
                waiting.append(m)
        pending = waiting
    accepted.sort(key=lambda m: m.start)
    return accepted


def _seat_as_governorate(text: Text, mentions: list[Mention], gazetteer: Gazetteer, rules: PlaceRules) -> None:
    """A seat city's name is its governorate after a region word ("بادية دير
    الزور", "أرياف حلب", "محافظتي حلب") and in a list joined by و right after
    a governorate named by its seat ("أرياف حماة وحلب", "ريف حلب وإدلب": the
    word applies to each name; not after "ريف دمشق", a governorate's own
    name: "ريف دمشق وحمص" is that governorate and the city)."""
    previous: Mention | None = None
    for m in mentions:
        governorate = gazetteer.governorate_of(m.place) if m.place is not None else None
        if governorate is not None and m.start and text.tokens[m.start - 1].sentence == m.sentence:
            after_word = any(v in rules.region_words for v in variants(text.tokens[m.start - 1].key, True))
            listed = (
                previous is not None and previous.end == m.start and previous.place is not None
                and previous.place.kind == "governorate" and gazetteer.has_seat(previous.place)
                and text.tokens[m.start].key.startswith("و")
            )  # fmt: skip
            if after_word or listed:
                m.place = governorate
        previous = m


def find_places(text: Text, gazetteer: Gazetteer, rules: PlaceRules | None = None) -> PlaceResult:
    rules = rules or place_rules()
    dateline_end = _dateline_end(text)
    accepted = [  # a dateline ("دمشق - سانا") says where the report was filed, not where it happened
        m for m in resolve(text, find_mentions(text, gazetteer, rules), rules) if m.in_title or m.start >= dateline_end
    ]
    _seat_as_governorate(text, accepted, gazetteer, rules)
    lead = text.lead
    by_id: dict[int, ArticlePlace] = {}
    for m in accepted:
        assert m.place is not None
        item = by_id.setdefault(m.place.id, ArticlePlace(m.place, first=m.start))
        item.mentions += 1
        item.in_title |= m.in_title
        item.in_lead |= m.sentence == lead
    result = PlaceResult(list(by_id.values()), mentions=accepted)
    best = choose_primary(text, accepted, result.places, gazetteer)
    if best is not None:
        best.is_primary = True
        result.primary = best.place
    result.governorates = list(dict.fromkeys(p.place.governorate for p in result.places if p.place.governorate))
    return result


_DATELINE = re.compile(r"\s*(?:\)\s*)?(?:[-–—:]|\()")


def _dateline_end(text: Text) -> int:
    """Token index after a dateline ("دمشق - سانا", "حلب، سوريا (CNN) --"), else 0.

    A dateline is at most three words, then a dash, a colon or a parenthesis."""
    first = next((i for i, t in enumerate(text.tokens) if not t.in_title), len(text.tokens))
    for i in range(first, min(first + 3, len(text.tokens))):
        if _DATELINE.match(text.text, text.tokens[i].end):
            return i + 1
    return 0
