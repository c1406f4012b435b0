"""Who: armed groups, forces, states and agencies from a reviewed alias list.

``rules/actors.toml`` maps names to actor codes. Some names changed meaning
when the Assad government fell on 8 December 2024 ("الجيش السوري", "الأمن
العام"): such an alias carries ``since``/``until`` dates and the article's
publication date picks its actor (an undated article is read as of today).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from crawler.enrich.tokens import PhraseIndex, Text

RULES = Path(__file__).with_name("rules") / "actors.toml"


@dataclass(frozen=True, slots=True)
class Actor:
    code: str
    name: str
    since: date | None = None
    until: date | None = None  # exclusive

    def valid_on(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=1)
def actor_index(path: Path = RULES) -> PhraseIndex[Actor]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    index: PhraseIndex[Actor] = PhraseIndex()
    for entry in data["actor"]:
        actor = Actor(entry["code"], entry["name"], _day(entry.get("since")), _day(entry.get("until")))
        index.add_all(entry["aliases"], actor)
    return index


def find_actors(text: Text, published: date | None = None, index: PhraseIndex[Actor] | None = None) -> list[Actor]:
    """Actors named in the article, in order of first mention, one per code."""
    index = index or actor_index()
    day = published or date.today()
    found: dict[str, Actor] = {}
    for _start, _end, actors in index.scan(text):
        for actor in actors:
            if actor.valid_on(day):
                found.setdefault(actor.code, actor)
    return list(found.values())
