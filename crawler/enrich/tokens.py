"""Words of an article with what the rules need around them.

Every rule module (places, events, casualties, actors) reads the same token
list, built once per article: the folded word (``normalize``'s letters and
digits), its offsets in the original text (so a casualty figure can quote
the sentence it came from), its sentence, whether it is in the title, and
the quotation it sits in (a place named inside a quote about another
country is not a Syrian place). Names of several words are matched through
:class:`PhraseIndex`, with Arabic proclitics peeled from the first word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from crawler.text.arabic import FOLD_TABLE, normalize

# a word: letters, digits and the marks inside it (tashkeel, tatweel); digit
# groups with thousands separators stay one number ("15,000", "١٥٬٠٠٠")
_WORD = re.compile(
    r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[,\u066c][0-9\u0660-\u0669\u06f0-\u06f9]{3})+|[^\W_]+(?:[\u0610-\u061a\u064b-\u065f\u0670\u0640]+[^\W_]*)*"
)
_SENTENCE_END = re.compile(r"[.!?\u061f\u061b\n]")
_QUOTE = re.compile(r"[\"«»“”\n]")
_OPEN, _CLOSE = "«“", "»”"
_FULL_STOP = re.compile(r"[.!?\u061f]")
CREDIT_WORDS = 4  # a body's first line this short, with no full stop, credits the outlet: not the lead

T = TypeVar("T")


@dataclass(slots=True)
class Token:
    key: str  # folded word: no tashkeel, one alef, ta marbuta = ha, ASCII digits
    start: int  # offsets in the text
    end: int
    sentence: int  # sentence number; the title is sentence 0
    quote: int  # 0 outside quotation marks, else the quotation's number
    in_title: bool


@dataclass(slots=True)
class Text:
    """An article as tokens, plus the text they point into."""

    text: str
    tokens: list[Token]
    title_end: int  # offset where the body starts
    _by_key: dict[str, list[int]] | None = field(default=None, repr=False)
    _lead: int | None = field(default=None, repr=False)
    _spans: dict[int, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def by_key(self) -> dict[str, list[int]]:
        """Each distinct folded word -> the token indexes carrying it (built once)."""
        if self._by_key is None:
            found: dict[str, list[int]] = {}
            for i, token in enumerate(self.tokens):
                found.setdefault(token.key, []).append(i)
            self._by_key = found
        return self._by_key

    @property
    def lead(self) -> int:
        """The lead's sentence number: the first body sentence, unless that is
        a credit line (at most :data:`CREDIT_WORDS` words alone on a line, no
        full stop: "تلفزيون سوريا - متابعات", "نورث برس", "ريف دمشق - سانا");
        then the next one. 1 when the body is empty."""
        if self._lead is None:
            self._lead = self._find_lead()
        return self._lead

    def _find_lead(self) -> int:
        body = [t for t in self.tokens[: self._first_body() + CREDIT_WORDS + 1] if not t.in_title]
        if not body:
            return 1
        first = [t for t in body if t.sentence == body[0].sentence]
        if len(first) == len(body):  # the first sentence is longer than a credit line, or the only one
            return body[0].sentence
        gap = self.text[first[-1].end : body[len(first)].start]
        return body[len(first)].sentence if "\n" in gap and not _FULL_STOP.search(gap) else body[0].sentence

    def _first_body(self) -> int:
        return next((i for i, t in enumerate(self.tokens) if not t.in_title), len(self.tokens))

    def sentence_tokens(self, sentence: int) -> list[Token]:
        """The tokens of one sentence (their index ranges are found in one pass, once)."""
        if self._spans is None:
            spans: dict[int, tuple[int, int]] = {}
            for i, token in enumerate(self.tokens):
                first, _ = spans.get(token.sentence, (i, i))
                spans[token.sentence] = (first, i + 1)
            self._spans = spans
        first, end = self._spans.get(sentence, (0, 0))
        return self.tokens[first:end]

    def sentence_text(self, sentence: int) -> str:
        words = self.sentence_tokens(sentence)
        if not words:
            return ""
        start = words[0].start
        end = words[-1].end
        return " ".join(self.text[start:end].split())


@lru_cache(maxsize=1 << 16)  # news vocabulary repeats
def fold(word: str) -> str:
    return word.translate(FOLD_TABLE).casefold().replace(",", "").replace("\u066c", "")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation; an unclosed one ends at the line's end."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _QUOTE.finditer(text):
        char, at = match.group(), match.start()
        if opened is None:
            if char in _OPEN or char == '"':
                opened = at
        elif char in _CLOSE or char == '"' or char == "\n":
            spans.append((opened, at))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def tokenize(title: str, body: str) -> Text:
    """Tokens of the title (sentence 0) and the body (sentences 1...).

    One pass over the words; sentence ends and quotations are walked with
    them (both are in text order), so the cost is linear in the text."""
    title = " ".join((title or "").split())
    text = f"{title}\n{body or ''}"
    title_end = len(title) + 1
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    ends.append(len(text) + 1)
    quotes = _quote_spans(text)
    quotes.append((len(text) + 1, len(text) + 1))
    tokens = []
    append = tokens.append
    sentence = 0  # sentence ends before the current word
    next_end = ends[0]
    quote = 0  # quotations started before the current word
    q_start = quotes[0][0]
    for match in _WORD.finditer(text):
        start, end = match.span()
        while next_end <= start:
            sentence += 1
            next_end = ends[sentence]
        while q_start <= start:
            quote += 1
            q_start = quotes[quote][0]
        inside = quote if quote and start < quotes[quote - 1][1] else 0
        if start < title_end:
            append(Token(fold(match.group()), start, end, 0, inside, True))
        else:
            append(Token(fold(match.group()), start, end, sentence, inside, False))
    return Text(text, tokens, title_end)


@lru_cache(maxsize=1 << 15)
def variants(key: str, article: bool = False) -> tuple[str, ...]:
    """The word and the words it can hide behind proclitics, longest first.

    "وبالرقه" -> ("وبالرقه", "بالرقه", "الرقه"); "للرقه" -> (..., "الرقه").
    The article ال is peeled only when ``article`` (events, actors): place
    names keep it ("الحمص", chickpeas, is not "حمص").
    """
    found = [key]
    bases = [key]
    if (key[:1] == "و" and len(key) > 3) or (key[:1] == "ف" and key[1:3] in ("ال", "لل", "با")):
        bases.append(key[1:])
    for base in bases:
        if base.startswith("لل") and len(base) > 4:
            found.append("ال" + base[2:])
        elif base[:1] in ("ب", "ل", "ك") and len(base) > 3:
            found.append(base[1:])
        if base is not key:
            found.append(base)
    if article:
        found += [w[2:] for w in found if w.startswith("ال") and len(w) > 4]
    return tuple(dict.fromkeys(found))


def bare(key: str) -> tuple[str, ...]:
    """The word and, after و/ف, the word without it ("ولم" -> "لم"): for short
    function words that :func:`variants` keeps whole."""
    return (key, key[1:]) if key[:1] in ("و", "ف") and len(key) > 2 else (key,)


class PhraseIndex(Generic[T]):
    """Names of one or more words -> values, matched on a token list.

    The first word is looked up under each of its :func:`variants`; the
    following words must be equal after folding (in an ``article`` index,
    with or without ال: see :meth:`_same`). The longest name wins.
    """

    def __init__(self, article: bool = False) -> None:
        self.article = article
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        self._surfaces: frozenset[str] | None = None

    def add(self, name: str, value: T) -> None:
        words = tuple(normalize(name).split())
        if not words:
            return
        entries = self._by_first.setdefault(words[0], [])
        entries.append((words[1:], value))
        entries.sort(key=lambda entry: -len(entry[0]))
        self._surfaces = None

    def add_all(self, names: Iterable[str], value: T) -> None:
        for name in names:
            self.add(name, value)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def starts_with(self, key: str) -> bool:
        """Whether some name starts with this very word (no proclitic peeled)."""
        return key in self._by_first

    def _same(self, key: str, word: str) -> bool:
        """A following word of a name: equal, or (``article`` indexes) with or
        without the article: an adjective agrees with a definite noun ("القصف
        المدفعي" is "قصف مدفعي"), and "عودة العائلات" is also said "عودة عائلات"."""
        if key == word:
            return True
        return self.article and (key == "ال" + word or word == "ال" + key)

    def match(self, tokens: list[Token], i: int) -> tuple[int, list[T]]:
        """(number of tokens, values) of the longest name starting at ``i``; (0, [])."""
        keys = variants(tokens[i].key, self.article)
        if self._by_first.keys().isdisjoint(keys):  # most words: one C-level check
            return 0, []
        best_length, best = 0, []
        count = len(tokens)
        following = tokens[i + 1].key if i + 1 < count else ""
        for key in keys:
            for rest, value in self._by_first.get(key, ()):
                length = len(rest) + 1
                if length < best_length:
                    break
                if rest and (i + length > count or not self._same(following, rest[0])):  # most fail on the second word
                    continue
                if length <= 2 or all(self._same(tokens[i + 2 + j].key, word) for j, word in enumerate(rest[1:])):
                    if length > best_length:
                        best_length, best = length, [value]
                    elif value not in best:
                        best.append(value)
        return best_length, best

    @property
    def surfaces(self) -> frozenset[str]:
        """Every written form a first word can take: the word behind the
        proclitics :func:`variants` peels ("الرقه" -> "بالرقه", "وللرقه"...).
        Each form is generated broadly, then kept only if :func:`variants`
        gives the word back, so this is exactly the inverse of ``variants``."""
        if self._surfaces is None:
            found = set()
            for word in self._by_first:
                stems = [word]
                if self.article:
                    stems.append("ال" + word)
                for stem in stems:
                    forms = [stem, *(p + stem for p in ("ب", "ل", "ك"))]
                    if stem.startswith("ال"):
                        forms.append("لل" + stem[2:])
                    for form in forms:
                        for full in (form, "و" + form, "ف" + form):
                            if word in variants(full, self.article):
                                found.add(full)
            self._surfaces = frozenset(found)
        return self._surfaces

    def candidates(self, text: Text) -> list[int]:
        """Token indexes where one of the names may start: the article's
        distinct words meet the names' written forms in one set operation,
        so the cost follows the article's length, not the index's size."""
        by_key = text.by_key
        common = self.surfaces.intersection(by_key)
        if len(common) == 1:
            return by_key[next(iter(common))]
        return sorted(i for key in common for i in by_key[key])

    def scan(self, text: Text) -> list[tuple[int, int, list[T]]]:
        """Non-overlapping (start, end, values) matches, left to right."""
        found = []
        free = 0
        for i in self.candidates(text):
            if i < free:
                continue
            length, values = self.match(text.tokens, i)
            if length:
                found.append((i, i + length, values))
                free = i + length
        return found
