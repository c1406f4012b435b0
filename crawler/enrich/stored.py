"""An :class:`~crawler.enrich.Enrichment` as the rows the storage package writes.

Kept apart from the rules: :mod:`crawler.enrich` decides, :mod:`crawler.storage`
writes plain rows (:class:`~crawler.storage.records.EnrichmentRows`); this
module is the one place that turns one into the other, for the crawl's
enrichment step and for ``python -m crawler.enrich``.
"""

from __future__ import annotations

from crawler.enrich import Enrichment, Figure, Place, rules_version
from crawler.storage.records import CasualtyRow, EnrichmentRows, PlaceRow


def place_row(place: Place) -> PlaceRow:
    return PlaceRow(
        place.id, place.name_ar, place.name_en, place.kind, place.governorate,
        place.latitude, place.longitude, place.source, place.source_id,
    )  # fmt: skip


def _figure(figure: Figure | None) -> tuple[int | None, bool, bool]:
    if figure is None:
        return None, False, False
    return figure.number, figure.at_least, True


def to_rows(found: Enrichment, version: str | None = None) -> EnrichmentRows:
    casualties = None
    if found.casualties is not None:
        c = found.casualties
        casualties = CasualtyRow(*_figure(c.killed), *_figure(c.injured), c.text, c.place_id)
    return EnrichmentRows(
        version=version or rules_version(),
        places=tuple(place_row(p.place) for p in found.places),
        article_places=tuple((p.place.id, p.mentions, p.in_title, p.is_primary) for p in found.places),
        events=tuple(found.events),
        services=",".join(found.services) or None,
        casualties=casualties,
        actors=tuple((a.code, a.name) for a in found.actors),
    )
