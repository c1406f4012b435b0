"""What place matching finds, shared by the modules that read it.

:class:`Mention` (one name at one position, with the cues around it) and
:class:`ArticlePlace` (one place of an article, all its mentions counted)
are made by :mod:`crawler.enrich.places` and read by the primary-place
rules (:mod:`crawler.enrich.primary`) and the casualty rows
(:mod:`crawler.enrich.casualties`); kept apart so those modules need not
import each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.enrich.gazetteer import Entry, Place


@dataclass(slots=True)
class Mention:
    start: int  # token span
    end: int
    entries: list[Entry]
    sentence: int
    quote: int
    in_title: bool
    cued: bool = False  # a place word right before it
    preposition: bool = False  # a preposition before it, or ب/ل attached
    place: Place | None = None  # decided


@dataclass(slots=True)
class ArticlePlace:
    place: Place
    mentions: int = 0
    in_title: bool = False
    in_lead: bool = False
    first: int = 0  # token index of the first mention
    is_primary: bool = False
