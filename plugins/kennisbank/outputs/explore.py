"""KnowledgeBase → the data of the explore page: every entry with the facets it can be filtered and sorted on,
and the vocabulary of those facets (values in their order, with their Dutch labels). assets/explore.js reads
both and carries no words of its own for kinds, sectors, age groups, scopes or figures: they come from their one home here
(the kind registry, the models' label tables and bounds, the Dutch wording of text.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kennisbank.core import queries
from kennisbank.core.folding import strip_accents
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import INITIATIVE, MEETUP, PRACTICE, READING, THEME
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.initiative import SCOPE_LABELS
from kennisbank.core.models.practice import AGE_GROUP_LABELS
from kennisbank.core.models.rating import Rating
from kennisbank.core.models.reading import MEDIA_LABELS
from kennisbank.core.regions import PROVINCES

from . import urls
from .escape import script_json
from .search import SEARCHED_KINDS
from .text import months

EXPLORE_PATH = "search/explore.json"
VERSION = 4
"""Version of the file's layout; explore.js is shipped with the file, so the two always match."""

IMPACT_BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("5-of-meer", 5, None), ("1-tot-4", 1, 4), ("0-of-minder", None, 0))
"""The effect facet's ranges of months: (value in the URL, lowest, highest), None where a range is open."""
NO_FIGURE = ("geen", "geen cijfers")
"""Value (in the URL) and label of a practice card without a figure in an evidence facet."""


def _out_of(field: str) -> tuple[int, int]:
    """The lowest and highest figure the Rating model allows in a field."""
    bounds = {name: getattr(item, name) for item in Rating.model_fields[field].metadata for name in ("ge", "le")
              if hasattr(item, name)}
    return bounds["ge"], bounds["le"]


def _bucket_label(low: int | None, high: int | None) -> str:
    if high is None:
        return f"{months(low)} of meer"
    if low is None:
        return f"{months(high)} of minder"
    return f"{low:+d} tot {months(high)}"


def _figures() -> dict[str, dict[str, Any]]:
    """Name, legend and value labels of the evidence facets, best first (cost: lowest first)."""
    low, high = _out_of("impact_months")
    impact = {
        "name": "Effect", "legend": "Effect (maanden extra leervoortgang)",
        "values": [[str(n), str(months(n))] for n in range(high, low - 1, -1)],
        "buckets": [[value, _bucket_label(lo, hi), lo, hi] for value, lo, hi in IMPACT_BUCKETS],
    }
    low, high = _out_of("strength")
    strength = {"name": "Bewijskracht", "legend": f"Bewijskracht ({low} tot {high})",
                "values": [[str(n), f"{n} van {high}"] for n in range(high, low - 1, -1)]}
    low, high = _out_of("cost")
    cost = {"name": "Kosten", "legend": f"Kosten ({low} is laag, {high} is hoog)",
            "values": [[str(n), f"{n} van {high}"] for n in range(low, high + 1)]}
    return {"impact": impact, "strength": strength, "cost": cost}


def figure_legends() -> dict[str, str]:
    """The heading of each evidence figure with its scale, as the explore page's facets name them: the compare page
    names its rows the same way."""
    return {name: figure["legend"] for name, figure in _figures().items()}


def _pairs(items: Iterable[tuple[str, str]]) -> list[list[str]]:
    return [[value, label] for value, label in items]


def vocabulary(kb: KnowledgeBase) -> dict[str, Any]:
    """Every facet value with its label, as lists in the site's order ([value, label], …): the file is written
    with sorted keys, so a mapping would lose that order. Kinds also carry their singular ([name, plural,
    singular]) for a single result; the evidence figures carry their legend and the wording of each figure."""
    return {
        "kinds": [[kind.name, kind.plural, kind.label[:1].upper() + kind.label[1:]] for kind in SEARCHED_KINDS],
        "themes": _pairs((t.id, t.title) for t in kb.of_kind(THEME)),
        "sectors": _pairs(SECTOR_LABELS.items()),
        "ages": _pairs(AGE_GROUP_LABELS.items()),
        "provinces": _pairs((p, p) for p in PROVINCES),
        "media": _pairs(MEDIA_LABELS.items()),
        "scopes": _pairs(SCOPE_LABELS.items()),
        "figures": _figures(),
        "none": list(NO_FIGURE),
    }


def _record(kb: KnowledgeBase, entry: Entry[Any], added: Mapping[str, dt.date]) -> dict[str, Any]:
    data = entry.data
    places = list(getattr(data, "places", []) or [])
    if entry.kind is MEETUP:
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
        "ages": list(data.age_groups) if entry.kind is PRACTICE else [],
        "provinces": sorted({p.provincie for p in places}),
        "gemeenten": sorted({p.gemeente for p in places if p.gemeente}),
        "media": data.media_type if entry.kind is READING else None,
        "scope": data.scope if entry.kind is INITIATIVE else None,
        "impact": rating.impact_months if rating else None,
        "strength": rating.strength if rating else None,
        "cost": rating.cost if rating else None,
        "added": added[entry.path].isoformat() if entry.path in added else None,
    }


def explore_payload(kb: KnowledgeBase, added: Mapping[str, dt.date] | None = None) -> dict[str, Any]:
    """Every searchable entry (in the site's kind order) with its facets, and the facets' vocabulary: the data of
    the explore page as records, before explore_data packs it into columns."""
    added = added or {}
    records = [_record(kb, entry, added) for kind in SEARCHED_KINDS for entry in kb.of_kind(kind)]
    return {"version": VERSION, "entries": records, "labels": vocabulary(kb)}


ENTRIES_PER_LINE = 500
"""Entries per line of explore.json. explore.js parses one line per task, so that with thousands of entries no
task holds up the page for long (Total Blocking Time); 500 entries are about 100 KB of JSON."""
CODED = {"kind": "kinds", "themes": "themes", "sectors": "sectors", "ages": "ages", "provinces": "provinces",
         "gemeenten": "gemeenten", "media": "media", "scope": "scopes", "added": "dates"}
"""Fields stored as positions in a list of the header ({field: list}): a value such as a provincie or a date then
appears once in the file, not once per entry. The vocabulary's lists (labels) come with their labels; the
gemeenten and dates are lists of their own (the header's "values"), sorted, so a later date has a higher position."""


def _title_order(record: dict[str, Any]) -> tuple[str, str]:
    """Close to the Dutch collation explore.js sorts titles with (Intl.Collator 'nl': accents and case ignored,
    numbers by value; spaces, then punctuation, then digits before letters), so that the page finds the file's
    order nearly right and corrects it with few comparisons (sortInTasks). Ties go by id, as there."""
    return _WEIGHED.sub(_weigh, strip_accents(record["title"]).casefold()), record["id"]


_WEIGHED = re.compile(r"\d+|\s|[^\w\s]|_")


def _weigh(match: re.Match[str]) -> str:
    text = match.group()
    if text.isdigit():
        number = text.lstrip("0") or "0"
        return "\x03" + chr(0x20 + len(number)) + number  # a longer number is a larger one
    return "\x01" if text.isspace() else "\x02" + text


def _columns(records: list[dict[str, Any]], positions: Mapping[str, Mapping[str, int]]) -> dict[str, list[Any]]:
    """Records as one list per field; coded fields as positions (a list of positions for a list of values)."""
    columns: dict[str, list[Any]] = {}
    for field in records[0] if records else ():
        at = positions.get(CODED.get(field, ""))
        values = [record[field] for record in records]
        if at is not None:
            values = [[at[v] for v in value] if isinstance(value, list) else None if value is None else at[value]
                      for value in values]
        columns[field] = values
    return columns


def explore_data(kb: KnowledgeBase, added: Mapping[str, dt.date] | None = None) -> str:
    """explore_payload as script-safe JSON for the browser, packed so that it parses in slices: one JSON array
    whose first line is the header (version, count, labels, the lists coded fields point into) and each further
    line a slice of ENTRIES_PER_LINE entries in columns ({field: [value of each entry]}), the entries in title
    order (_title_order). Strings escape their newlines, so a line break only ever separates two elements."""
    payload = explore_payload(kb, added)
    records, labels = sorted(payload["entries"], key=_title_order), payload["labels"]
    values = {"gemeenten": sorted({g for r in records for g in r["gemeenten"]}),
              "dates": sorted({r["added"] for r in records if r["added"]})}
    positions = {name: {item[0]: i for i, item in enumerate(labels[name])} for name in set(CODED.values()) - set(values)}
    positions |= {name: {value: i for i, value in enumerate(items)} for name, items in values.items()}
    header = {"version": VERSION, "count": len(records), "labels": labels, "values": values, "coded": CODED}
    lines = [script_json(header, sort_keys=True)]
    lines += [script_json(_columns(records[start:start + ENTRIES_PER_LINE], positions), sort_keys=True)
              for start in range(0, len(records), ENTRIES_PER_LINE)]
    return "[" + ",\n".join(lines) + "]"
