"""KnowledgeBase → the data of the explore page: every entry with the facets it can be filtered and sorted on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from kennisbank.core import queries
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import INITIATIVE, PRACTICE, READING, THEME
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.initiative import Scope
from kennisbank.core.models.reading import MEDIA_LABELS
from kennisbank.core.regions import PROVINCES

from . import urls
from .search import SEARCHED_KINDS

EXPLORE_PATH = "search/explore.json"
SCOPE_LABELS: dict[Scope, str] = {"lokaal": "Lokaal", "regionaal": "Regionaal", "landelijk": "Landelijk",
                                  "internationaal": "Internationaal"}
LEVELS = {"impact": "Effect", "strength": "Bewijskracht", "cost": "Kosten"}


def _record(kb: KnowledgeBase, entry: Entry[Any], added: Mapping[str, dt.date]) -> dict[str, Any]:
    data = entry.data
    places = list(getattr(data, "places", []) or [])
    if entry.kind.name == "meetup":
        places = list(data.region.places)
    rating = data.ratings[0] if entry.kind is PRACTICE and data.ratings else None
    return {
        "id": entry.id,
        "url": urls.entry_url(entry),
        "kind": entry.kind.name,
        "title": entry.title,
        "summary": (getattr(data, "summary", None) or "")[:240],
        "themes": [t.id for t in queries.themes_of(kb, entry)],
        "sectors": list(getattr(data, "sectors", [])),
        "provinces": sorted({p.provincie for p in places}),
        "gemeenten": sorted({p.gemeente for p in places if p.gemeente}),
        "media": data.media_type if entry.kind is READING else None,
        "scope": data.scope if entry.kind is INITIATIVE else None,
        "impact": rating.impact_months if rating else None,
        "strength": rating.strength if rating else None,
        "cost": rating.cost if rating else None,
        "added": added[entry.path].isoformat() if entry.path in added else None,
    }


def explore_data(kb: KnowledgeBase, added: Mapping[str, dt.date] | None = None) -> str:
    """Every searchable entry with its facets, and the labels of every facet value, as JSON for the browser."""
    added = added or {}
    records = [_record(kb, entry, added) for kind in SEARCHED_KINDS for entry in kb.of_kind(kind)]
    labels = {
        "kind": {kind.name: kind.plural for kind in SEARCHED_KINDS},
        "themes": {t.id: t.title for t in kb.of_kind(THEME)},
        "sectors": dict(SECTOR_LABELS),
        "provinces": {p: p for p in PROVINCES},
        "media": dict(MEDIA_LABELS),
        "scope": dict(SCOPE_LABELS),
        "levels": LEVELS,
    }
    payload = {"version": 1, "entries": records, "labels": labels}
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
