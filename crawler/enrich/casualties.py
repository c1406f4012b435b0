"""How many: killed and injured figures exactly as the article states them.

Rules and vocabulary are in ``rules/casualties.toml`` (its header says how a
figure is read). What comes out, per article:

* ``killed`` / ``injured``: a :class:`Figure` or None (not stated). A figure
  has a number, or none when the article only says that people were killed
  ("سقوط قتلى"): a number is never invented. Vague plurals and "more than"
  are lower bounds ("عشرات" -> 10, at_least).
* An updated toll ("ارتفاع حصيلة ... إلى 30") takes the highest figure the
  article states: one row per article, from the largest figure (a limit:
  two separate events in one article are not summed).
* ``text``: the sentence the killed figure (else the injured one) came from;
  ``place``: the most precise place named in that sentence, if any.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crawler.enrich.mentions import Mention
from crawler.enrich.tokens import PhraseIndex, Text, Token, bare, variants
from crawler.text.arabic import normalize

RULES = Path(__file__).with_name("rules") / "casualties.toml"


@dataclass(frozen=True, slots=True)
class Figure:
    number: int | None  # None: stated without a number
    at_least: bool = False

    def __str__(self) -> str:
        if self.number is None:
            return "?"
        return f">={self.number}" if self.at_least else str(self.number)

    def rank(self) -> tuple[int, int]:
        return (-1 if self.number is None else self.number, not self.at_least)


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: Figure | None
    injured: Figure | None
    text: str
    sentence: int
    place_id: int | None = None


@dataclass(frozen=True)
class CasualtyRules:
    triggers: PhraseIndex[str]  # -> killed | injured | killed1/2 | injured1/2 | both | toll | none
    nouns: dict[str, int]  # person noun -> 1 (singular) or 2 (dual)
    toll_injured: frozenset[str]
    at_least: PhraseIndex[bool]
    transparent: frozenset[str]
    negations: frozenset[str]
    skip: PhraseIndex[bool]
    disease: PhraseIndex[bool]
    units: dict[str, int]
    teens_first: dict[str, int]
    tens: dict[str, int]
    hundreds: dict[str, int]
    thousands: dict[str, int]
    lower_bound: PhraseIndex[int]


def _folded(mapping: dict[str, int]) -> dict[str, int]:
    return {normalize(k): v for k, v in mapping.items()}


@lru_cache(maxsize=1)
def casualty_rules(path: Path = RULES) -> CasualtyRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    triggers: PhraseIndex[str] = PhraseIndex(article=True)
    for kind, key in (("killed", "killed"), ("injured", "injured"), ("killed2", "killed_dual"),
                      ("injured2", "injured_dual"), ("killed1", "killed_one"), ("injured1", "injured_one"),
                      ("both", "combined"), ("toll", "toll"), ("none", "not_triggers")):  # fmt: skip
        triggers.add_all(data[key], kind)
    disease: PhraseIndex[bool] = PhraseIndex(article=True)
    disease.add_all(data["disease"], True)
    at_least: PhraseIndex[bool] = PhraseIndex()
    at_least.add_all(data["at_least"], True)
    skip: PhraseIndex[bool] = PhraseIndex(article=True)
    skip.add_all(data["skip_sentence"], True)
    numbers = data["numbers"]
    lower: PhraseIndex[int] = PhraseIndex(article=True)
    for word, value in numbers["lower_bound"].items():
        lower.add(word, value)
    nouns = {normalize(w): 1 for w in data["singular"]} | {normalize(w): 2 for w in data["dual"]}
    return CasualtyRules(
        triggers, nouns, frozenset(normalize(w) for w in data["toll_injured"]), at_least,
        frozenset(normalize(w) for w in data["transparent"]), frozenset(normalize(w) for w in data["negations"]),
        skip, disease, _folded(numbers["units"]), _folded(numbers["teens_first"]), _folded(numbers["tens"]),
        _folded(numbers["hundreds"]), _folded(numbers["thousands"]), lower,
    )  # fmt: skip


# --- numbers ---------------------------------------------------------------------


def _word_value(key: str, table: dict[str, int]) -> int | None:
    for v in variants(key, True):
        if v in table:
            return table[v]
    return None


def read_number(tokens: list[Token], i: int, rules: CasualtyRules) -> tuple[int, Figure | None]:
    """(tokens used, figure) for a number expression at ``i``; (0, None) if none.

    Digits (any script, "15,000"), words ("خمسة", "أحد عشر", "خمسة وعشرين",
    "ثلاثة آلاف"), and vague plurals as lower bounds ("عشرات", "مئات").
    """
    n = len(tokens)
    if i >= n:
        return 0, None
    length, values = rules.lower_bound.match(tokens, i)
    if length:
        return length, Figure(max(values), at_least=True)
    key = tokens[i].key
    ten_next = i + 1 < n and tokens[i + 1].key in ("عشر", "عشره")
    if key.isdigit():
        total, used = int(key), 1
    elif (teen := _word_value(key, rules.teens_first)) is not None and ten_next:
        total, used = teen, 2  # "أحد عشر", "اثنا عشر"
    else:
        value = next(
            (
                v
                for t in (rules.units, rules.tens, rules.hundreds, rules.thousands)
                if (v := _word_value(key, t)) is not None
            ),
            None,
        )
        if value is None:
            return 0, None
        total, used = (value + 10, 2) if ten_next and 3 <= value <= 9 else (value, 1)
    sentence = tokens[i].sentence
    # "خمسة وعشرين", "مئة وخمسين": و joins the next part
    while i + used < n and tokens[i + used].sentence == sentence and tokens[i + used].key.startswith("و"):
        part = tokens[i + used].key[1:]
        value = next((t[part] for t in (rules.tens, rules.units, rules.hundreds) if part in t), None)
        if value is None:
            break
        total += value
        used += 1
    after = tokens[i + used] if i + used < n else None
    if total < 1000 and after is not None and after.sentence == sentence and _word_value(after.key, rules.thousands):
        total, used = total * 1000, used + 1
    return used, Figure(total)


# --- figures ---------------------------------------------------------------------


def _skip_qualifiers(tokens: list[Token], i: int, rules: CasualtyRules, limit: int = 4) -> tuple[int, bool]:
    """Index after "ما لا يقل عن", "نحو", "سقوط"...; and whether it means "at least"."""
    at_least = False
    for _ in range(limit):
        if i >= len(tokens):
            break
        length, _values = rules.at_least.match(tokens, i)
        if length:
            at_least, i = True, i + length
            continue
        if any(v in rules.transparent for v in variants(tokens[i].key, True)):
            i += 1
            continue
        break
    return i, at_least


def _figure_after(tokens: list[Token], i: int, rules: CasualtyRules) -> Figure | None:
    sentence = tokens[i - 1].sentence if i else -1
    j, at_least = _skip_qualifiers(tokens, i, rules)
    if j >= len(tokens) or tokens[j].sentence != sentence:
        return None
    for k in (j, j + 1):  # "مقتل 5 مدنيين", "مقتل طفل", "مقتل مدنيين اثنين"
        if k >= len(tokens) or tokens[k].sentence != sentence:
            break
        _used, figure = read_number(tokens, k, rules)
        if figure is not None:
            return Figure(figure.number, at_least or figure.at_least)
        for v in variants(tokens[k].key, True):
            if v in rules.nouns:
                return Figure(rules.nouns[v])
    return None


def _figure_before(tokens: list[Token], i: int, rules: CasualtyRules) -> Figure | None:
    """ "20 قتيلا", "عشرات الجرحى", "ثلاثة آلاف قتيل": a number ending right before i."""
    for start in range(max(0, i - 3), i):
        if tokens[start].sentence != tokens[i].sentence:
            continue
        used, figure = read_number(tokens, start, rules)
        if figure is not None and start + used == i:
            before, at_least = start, figure.at_least
            for k in range(max(0, before - 4), before):  # "أكثر من 20 قتيلا"
                length, _ = rules.at_least.match(tokens, k)
                if length and k + length == before:
                    at_least = True
            return Figure(figure.number, at_least)
    return None


def _negated(tokens: list[Token], i: int, rules: CasualtyRules) -> bool:
    """A negation up to five words before, in the sentence ("دون أن تسفر عن إصابات")."""
    for j in range(max(0, i - 5), i):
        if tokens[j].sentence == tokens[i].sentence and any(v in rules.negations for v in bare(tokens[j].key)):
            return True
    return False


def _best(a: Figure | None, b: Figure | None) -> Figure | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=Figure.rank)


def find_casualties(
    text: Text, mentions: list[Mention] | None = None, rules: CasualtyRules | None = None
) -> Casualties | None:
    rules = rules or casualty_rules()
    tokens = text.tokens
    disease = {tokens[s].sentence for s, _e, _v in rules.disease.scan(text)}
    if 0 in disease or len(disease) >= 2:
        return None  # an article about a disease: infections and deaths, not casualties
    skipped = disease | {tokens[s].sentence for s, _e, _v in rules.skip.scan(text)}
    killed: Figure | None = None
    injured: Figure | None = None
    killed_at = injured_at = -1
    for start, end, kinds in rules.triggers.scan(text):
        sentence = tokens[start].sentence
        if sentence in skipped or _negated(tokens, start, rules):
            continue
        kind = kinds[0]
        if kind == "none":
            continue
        if kind == "toll":
            kind = "injured" if end < len(tokens) and tokens[end].key in rules.toll_injured else "killed"
            figure = _toll_figure(tokens, end, rules) or Figure(None)
        elif kind in ("killed2", "injured2"):
            kind, figure = kind[:-1], Figure(2)
        elif kind in ("killed1", "injured1"):
            kind, figure = kind[:-1], _figure_before(tokens, start, rules) or Figure(1)
        elif kind == "both":
            figure = _figure_after(tokens, end, rules)
            stated = Figure(None)
            killed, injured = _best(killed, stated), _best(injured, stated)
            if killed_at < 0:
                killed_at = sentence
            continue
        else:
            figure = _figure_before(tokens, start, rules) or _figure_after(tokens, end, rules) or Figure(None)
        if kind == "killed":
            if killed is None or figure.rank() > killed.rank():
                killed_at = sentence
            killed = _best(killed, figure)
        else:
            if injured is None or figure.rank() > injured.rank():
                injured_at = sentence
            injured = _best(injured, figure)
    if killed is None and injured is None:
        return None
    sentence = killed_at if killed is not None and killed_at >= 0 else injured_at
    place_id = _sentence_place(mentions or [], sentence)
    return Casualties(killed, injured, text.sentence_text(sentence), sentence, place_id)


def _toll_figure(tokens: list[Token], i: int, rules: CasualtyRules) -> Figure | None:
    """The number after "إلى" within the toll's sentence ("حصيلة ... إلى 30")."""
    sentence = tokens[i - 1].sentence
    for j in range(i, min(len(tokens), i + 12)):
        if tokens[j].sentence != sentence:
            break
        if tokens[j].key in ("الي", "لتصل", "لتبلغ", "بلغت", "وصلت", "تبلغ"):
            return _figure_after(tokens, j + 1, rules)
    return _figure_after(tokens, i, rules)


def _sentence_place(mentions: list[Mention], sentence: int) -> int | None:
    here = [m.place for m in mentions if m.sentence == sentence and m.place is not None]
    if not here:
        return None
    precise = [p for p in here if p.kind not in ("governorate", "region")]
    return (precise or here)[0].id
