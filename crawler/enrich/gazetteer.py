"""The Syria gazetteer, loaded once: places and the index that finds their names.

The data is ``seeds/gazetteer/syria_places.csv`` (built by
``python -m tools.build_gazetteer`` from GeoNames and reviewed rows; see
``seeds/gazetteer/README.md``). A bad file stops with a one-line error that
names it: a crawl must not silently run without places.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from crawler.enrich.tokens import PhraseIndex
from crawler.text.arabic import normalize

GAZETTEER = Path(__file__).resolve().parents[2] / "seeds" / "gazetteer" / "syria_places.csv"

# The 14 governorates, written as the documented list.
GOVERNORATES = (
    "دمشق", "ريف دمشق", "حلب", "حمص", "حماة", "اللاذقية", "طرطوس",
    "إدلب", "الرقة", "دير الزور", "الحسكة", "درعا", "السويداء", "القنيطرة",
)  # fmt: skip
# kinds that are not one point in one town (specificity for the primary place)
BROAD_KINDS = frozenset({"governorate", "region"})


class GazetteerError(ValueError):
    """The gazetteer file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name_ar: str
    name_en: str
    kind: str
    governorate: str | None
    latitude: float | None
    longitude: float | None
    source: str
    source_id: str

    @property
    def foreign(self) -> bool:
        return self.kind == "foreign"


@dataclass(frozen=True, slots=True)
class Entry:
    """One name of one place: the index's value."""

    place: Place
    ambiguous: bool  # this name needs a local cue to count
    weak: bool = False  # ... and a preposition before it is cue enough


@dataclass(frozen=True)
class Gazetteer:
    places: dict[int, Place]
    index: PhraseIndex[Entry]
    version: str  # content hash of the CSV: enrichment results carry it
    governorates: dict[str, Place] = field(default_factory=dict)  # governorate name -> its own row
    seats: frozenset[str] = frozenset()  # governorates a city or town shares its name with

    def governorate_of(self, place: Place) -> Place | None:
        """The governorate row a seat city shares its name with ("دير الزور" -> "محافظة دير الزور")."""
        if place.kind not in ("city", "town") or place.governorate != place.name_ar:
            return None
        return self.governorates.get(place.name_ar)

    def has_seat(self, governorate: Place) -> bool:
        """Whether a city shares this governorate's name (not so "ريف دمشق")."""
        return governorate.governorate in self.seats


def _number(value: str) -> float | None:
    return float(value) if value else None


def _rows(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines)


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    try:
        raw = path.read_bytes()
        rows = list(_rows(path))
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer ({exc.strerror or exc})") from None
    places: dict[int, Place] = {}
    index: PhraseIndex[Entry] = PhraseIndex()
    for line, row in enumerate(rows, start=5):
        try:
            governorate = row["governorate"] or None
            if governorate is not None and governorate not in GOVERNORATES:
                raise ValueError(f"unknown governorate {governorate!r}")
            place = Place(
                int(row["id"]), row["name_ar"], row["name_en"], row["kind"], governorate,
                _number(row["latitude"]), _number(row["longitude"]), row["source"], row["source_id"],
            )  # fmt: skip
            names = [row["name_ar"], *filter(None, row["aliases"].split("|"))]
            ambiguous = {normalize(n) for n in row["ambiguous_names"].split("|") if n}
            weak = {normalize(n) for n in row["weak_names"].split("|") if n}
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise GazetteerError(f"{path}:{line}: bad gazetteer row ({exc})") from None
        places[place.id] = place
        for name in dict.fromkeys(names):
            key = normalize(name)
            index.add(name, Entry(place, key in ambiguous or key in weak, key in weak))
    if not places:
        raise GazetteerError(f"{path}: the gazetteer has no places")
    governorates = {p.governorate: p for p in places.values() if p.kind == "governorate" and p.governorate}
    seats = frozenset(p.name_ar for p in places.values() if p.kind in ("city", "town") and p.name_ar == p.governorate)
    return Gazetteer(places, index, hashlib.sha256(raw).hexdigest()[:12], governorates, seats)
