"""Enrichment: where (Syrian places), what (event types), how many (casualties), who (actors).

Pure text functions, no database: :func:`enrich` takes an article's title,
body and publication date and returns an :class:`Enrichment`. The crawl's
enrichment step and ``python -m crawler.enrich`` store what it returns; the
evaluator (``python -m crawler.evaluate``) scores it against hand labels.
Rules are data (``crawler/enrich/rules/*.toml``, the gazetteer in
``seeds/gazetteer``); :func:`rules_version` changes with any of them and with
:data:`ENRICHMENT_VERSION`, so
stored results can be told apart and re-applied. See docs/enrichment.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from crawler.enrich.actors import Actor, find_actors
from crawler.enrich.casualties import Casualties, Figure, find_casualties
from crawler.enrich.events import find_events
from crawler.enrich.gazetteer import GOVERNORATES, Gazetteer, Place, load_gazetteer
from crawler.enrich.places import ArticlePlace, find_places
from crawler.enrich.tokens import tokenize

__all__ = [
    "ENRICHMENT_VERSION", "GOVERNORATES", "Actor", "ArticlePlace", "Casualties", "Enrichment", "Figure", "Place",
    "enrich", "rules_version",
]  # fmt: skip


@dataclass
class Enrichment:
    places: list[ArticlePlace] = field(default_factory=list)
    primary: Place | None = None
    governorates: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    casualties: Casualties | None = None
    actors: list[Actor] = field(default_factory=list)


# Bumped when the code that applies the rules changes what it returns (the
# data files are hashed already): 2 = primary place by title/lead governorate,
# roads, origins and credit lines (crawler/enrich/primary.py); 3 = a phrase's
# following words may take ال ("القصف المدفعي"), `unless` words of an event type;
# 4 = a region word applies to each seat listed after it ("أرياف حماة وحلب");
# 5 = a phrase's following words with or without ال, toll sentences anchor events.
ENRICHMENT_VERSION = 5


@lru_cache(maxsize=1)
def rules_version() -> str:
    """Code version + gazetteer + rules content hash: a new value means stored results are stale."""
    digest = hashlib.sha256(f"{ENRICHMENT_VERSION}:{load_gazetteer().version}".encode())
    for path in sorted((Path(__file__).parent / "rules").glob("*.toml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _published_day(published: str | date | None) -> date | None:
    if published is None or isinstance(published, date):
        return published
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def enrich(title: str | None, body: str | None, published: str | date | None = None,
           gazetteer: Gazetteer | None = None) -> Enrichment:  # fmt: skip
    text = tokenize(title or "", body or "")
    places = find_places(text, gazetteer or load_gazetteer())
    events = find_events(text, placed={m.sentence for m in places.mentions})
    return Enrichment(
        places=places.places,
        primary=places.primary,
        governorates=places.governorates,
        events=events.types,
        services=events.services,
        casualties=find_casualties(text, places.mentions),
        actors=find_actors(text, _published_day(published)),
    )
