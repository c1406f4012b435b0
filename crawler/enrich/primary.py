"""Where the story happens: one primary place among the places an article names.

An article names many places and happens in one. The rules below are about
*how* a place is named, never about particular places; their words are data
(``[primary]`` in ``rules/places.toml``):

1. Where: a mention in the title weighs most, then one in the lead (the
   first body sentence that is not a credit line such as "تلفزيون سوريا -
   متابعات": see :attr:`~crawler.enrich.tokens.Text.lead`), then the rest.
2. How: some mentions name a place without putting the story there; they
   weigh ``minor_weight`` and earn no title or lead bonus: a road's end
   points ("أوتوستراد دمشق - درعا", "طريق حلب - دمشق الدولي"), an origin
   ("نازحون من حمص", but not "في كل من" or "بالقرب من"), a direction of
   movement ("باتجاه مدينة السويداء"), a quotation («...»).
3. Score: weight of the mentions + title + lead + a bonus for a precise
   place (not a governorate or region); ties go to the more specific kind
   (an airport, camp or neighbourhood before a town or city, those before a
   governorate or region), then to the place named first.
4. The governorate the title and lead are most about comes first: the sum
   of its places' title and lead bonuses (places named only further down do
   not weigh here: a round-up listing towns must not outweigh its
   headline); a tie goes to the governorate with the best place. So "دير
   الزور" in the title with "محافظة دير الزور" in the lead outweighs
   "الحسكة" in the title. The primary is one of its places.
5. When the best is a governorate or region, the best precise place of that
   governorate named fully (rule 2) in the title or the lead is the primary
   ("بلدة طفس بريف درعا": the town).
6. A governorate's seat named bare in the title ("إصابات في دير الزور"),
   when the lead names the governorate itself ("في محافظة دير الزور") and
   not the city, stands for the governorate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crawler.enrich.gazetteer import BROAD_KINDS, Gazetteer
from crawler.enrich.mentions import ArticlePlace, Mention
from crawler.enrich.tokens import Text, bare
from crawler.text.arabic import normalize

RULES = Path(__file__).with_name("rules") / "places.toml"


@dataclass(frozen=True)
class PrimaryRules:
    road_words: frozenset[str]  # a road named by its end points follows
    origin_words: frozenset[str]  # "من": the place is where people or things come from
    origin_exceptions: frozenset[str]  # words before "من" that make it not an origin ("كل من", "بالقرب من")
    direction_words: frozenset[str]  # "باتجاه", "نحو": where a movement goes
    kind_words: frozenset[str]  # skipped between those words and the name ("من مدينة حمص")
    minor_weight: float
    title_bonus: float
    lead_bonus: float
    precise_bonus: float
    point_kinds: frozenset[str]  # places inside a town: more specific than it, for ties


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in values)


@lru_cache(maxsize=1)
def primary_rules(path: Path = RULES) -> PrimaryRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = data["primary"]
    return PrimaryRules(
        _words(rules["road_words"]), _words(rules["origin_words"]), _words(rules["origin_exceptions"]),
        _words(rules["direction_words"]), _words(data["kind_words"]), float(rules["minor_weight"]),
        float(rules["title_bonus"]), float(rules["lead_bonus"]), float(rules["precise_bonus"]),
        frozenset(rules["point_kinds"]),
    )  # fmt: skip


def _is(text: Text, i: int, words: frozenset[str]) -> bool:
    return i >= 0 and any(v in words for v in bare(text.tokens[i].key))


def minor_mentions(text: Text, mentions: list[Mention], rules: PrimaryRules) -> set[int]:
    """Indexes (in ``mentions``) of mentions that do not place the story (rule 2)."""
    tokens = text.tokens
    minor: set[int] = set()
    for n, m in enumerate(mentions):
        before = m.start - 1
        if before >= 0 and tokens[before].sentence != m.sentence:
            before = -1
        if _is(text, before, rules.kind_words):  # "من مدينة حمص", "باتجاه مدينة السويداء"
            before -= 1
        road = _is(text, before, rules.road_words) or (
            n and n - 1 in minor and mentions[n - 1].end == m.start and mentions[n - 1].sentence == m.sentence
            and _is(text, mentions[n - 1].start - 1, rules.road_words)
        )  # fmt: skip
        origin = (  # in a title, "نزوح آلاف العائلات من ريف السويداء" is the story's place
            not m.in_title and _is(text, before, rules.origin_words) and not _is(text, before - 1, rules.origin_exceptions)
        )
        if road or origin or _is(text, before, rules.direction_words) or (m.quote and not m.in_title):
            minor.add(n)
    return minor


def _dominant_governorate(
    places: list[ArticlePlace], score: Callable[[ArticlePlace], tuple[float, int, int]],
    opening: Callable[[ArticlePlace], float],
) -> list[ArticlePlace]:  # fmt: skip
    """The places of the governorate the title and lead are most about (rule 4):
    the sum of its places' title and lead bonuses; a tie goes to the group
    with the best place. A place in no governorate (a region) is a group of
    its own."""
    groups: dict[str, list[ArticlePlace]] = {}
    for p in places:
        groups.setdefault(p.place.governorate or f"#{p.place.id}", []).append(p)
    return max(groups.values(), key=lambda group: (sum(map(opening, group)), max(map(score, group))))


@dataclass
class _Weight:
    weight: float = 0.0
    title: bool = False
    lead: bool = False


def choose_primary(
    text: Text, mentions: list[Mention], places: list[ArticlePlace], gazetteer: Gazetteer,
    rules: PrimaryRules | None = None,
) -> ArticlePlace | None:  # fmt: skip
    """The primary place among ``places`` (built from ``mentions``), or None."""
    if not places:
        return None
    rules = rules or primary_rules()
    lead = text.lead
    minor = minor_mentions(text, mentions, rules)
    weights: dict[int, _Weight] = {}
    for n, m in enumerate(mentions):
        assert m.place is not None
        w = weights.setdefault(m.place.id, _Weight())
        if n in minor:
            w.weight += rules.minor_weight
            continue
        w.weight += 1
        w.title |= m.in_title
        w.lead |= m.sentence == lead

    def score(item: ArticlePlace) -> tuple[float, int, int]:
        w = weights[item.place.id]
        precise = item.place.kind not in BROAD_KINDS
        value = w.weight + rules.title_bonus * w.title + rules.lead_bonus * w.lead + rules.precise_bonus * precise
        specific = 2 if item.place.kind in rules.point_kinds else int(precise)
        return value, specific, -item.first

    def opening(item: ArticlePlace) -> float:
        w = weights[item.place.id]
        return rules.title_bonus * w.title + rules.lead_bonus * w.lead

    best = max(_dominant_governorate(places, score, opening), key=score)
    if best.place.kind in BROAD_KINDS:  # rule 5
        inside = [
            p for p in places
            if p.place.kind not in BROAD_KINDS and p.place.governorate == best.place.governorate
            and opening(p)
        ]  # fmt: skip
        best = max(inside, key=score, default=best)
    seat_of = gazetteer.governorate_of(best.place)
    if seat_of is not None:  # rule 6
        city, region = weights[best.place.id], weights.get(seat_of.id)
        if region is not None and region.lead and city.title and not city.lead:
            best = next(p for p in places if p.place.id == seat_of.id)
    return best
