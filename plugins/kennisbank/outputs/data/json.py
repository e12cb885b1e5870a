"""Each kind's entries as JSON (one file per kind and one with them all), with the JSON Schema of a record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kennisbank.core.history import History
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import KINDS, TERM, Kind
from kennisbank.core.models.common import ID_PATTERN
from kennisbank.outputs import urls
from kennisbank.outputs.escape import script_json
from kennisbank.outputs.jsonld import LICENSE_URL, SITE_NAME
from kennisbank.outputs.output import Output
from kennisbank.outputs.schema import json_schema

ATTRIBUTION = SITE_NAME
LICENSE_NAME = "CC BY 4.0"
BODY_KINDS = tuple(kind for kind in KINDS if kind is not TERM)
"""Kinds whose Markdown text is shown on the site; a term lives on the glossary page without text of its own."""


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


ADDED_FIELDS: dict[str, str] = {
    "id": "Id van het item: de bestandsnaam zonder extensie. Blijft hetzelfde zolang het item bestaat.",
    "kind": "Soort item (theme, practice, reading, initiative, meetup, collection, document of term).",
    "page_url": "Volledig webadres van de pagina van het item op de site. (Het veld url is het webadres van de "
                "bron of organisatie zelf.)",
    "body": "De tekst van het item in Markdown, zoals op de pagina (leeg als het item geen tekst heeft). "
            "Ontbreekt bij begrippen.",
    "added": "Datum waarop het item aan de kennisbank is toegevoegd (JJJJ-MM-DD), of null als onbekend.",
    "changed": "Datum van de laatste wijziging (JJJJ-MM-DD), of null als onbekend.",
}
"""Keys every record has next to the model's own fields, with their Dutch description for the page."""


def record(entry: Entry[Any], history: History, site_url: str) -> dict[str, Any]:
    """One entry as a JSON object: the validated model fields, plus where and when it lives on the site."""
    result: dict[str, Any] = {"id": entry.id, "kind": entry.kind.name, "page_url": urls.absolute_entry(entry, site_url)}
    result.update(entry.data.model_dump(mode="json"))
    if entry.kind in BODY_KINDS:
        result["body"] = entry.body.strip()
    result["added"] = _iso(history.added.get(entry.path))
    result["changed"] = _iso(history.changed.get(entry.path))
    return result


def data_schema(kind: Kind[Any], site_url: str) -> dict[str, Any]:
    """The JSON Schema of one record of data/<stem>.json: the content schema of the kind with the added keys,
    so that a record validates against it as it is (the content schema forbids unknown keys)."""
    schema = json_schema(kind)
    schema["$id"] = urls.site_root(site_url) + urls.data_schema(kind)
    schema["title"] = f"{kind.label} ({urls.data_json(kind)})"
    nullable_date = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
    added: dict[str, dict[str, Any]] = {
        "id": {"type": "string", "pattern": ID_PATTERN.pattern.replace("\\Z", "$")},
        "kind": {"const": kind.name},
        "page_url": {"type": "string", "format": "uri"},
        "body": {"type": "string"},
        "added": nullable_date,
        "changed": nullable_date,
    }
    if kind not in BODY_KINDS:
        del added["body"]
    for name, rule in added.items():
        schema["properties"][name] = {**rule, "description": ADDED_FIELDS[name]}
    required = list(schema.get("required", []))
    schema["required"] = required + [name for name in added if name not in required]
    return schema


WRAPPER_FIELDS: dict[str, str] = {
    "title": "Naam van het bestand.",
    "source": "Webadres van de kennisbank.",
    "license": "De licentie van de teksten en gegevens.",
    "license_url": "Webadres van de licentietekst.",
    "attribution": "De naam die je bij hergebruik vermeldt.",
    "updated": "Datum van de laatste wijziging van de kennisbank (JJJJ-MM-DD).",
    "kind": "Soort items in het bestand (niet in alles.json: daar heeft elk item zijn eigen kind).",
    "schema": "Webadres van het JSON Schema van één item (in alles.json: schemas, per soort).",
    "count": "Aantal items.",
    "entries": "De items, in de volgorde van de site.",
}
"""The keys around the records of every JSON file, with their Dutch description for the page."""


def _collection(title: str, site_url: str, history: History, entries: list[dict[str, Any]],
                **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "source": urls.site_root(site_url),
        "license": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "updated": _iso(history.latest),
        **extra,
        "count": len(entries),
        "entries": entries,
    }


def json_outputs(kb: KnowledgeBase, history: History, site_url: str) -> list[Output]:
    """data/<stem>.json and data/schema/<stem>.schema.json per kind, and data/alles.json with every entry."""
    outputs: list[Output] = []
    everything: list[dict[str, Any]] = []
    for kind in KINDS:
        records = [record(entry, history, site_url) for entry in kb.of_kind(kind)]
        everything.extend(records)
        schema_url = urls.site_root(site_url) + urls.data_schema(kind)
        payload = _collection(f"{kind.plural} — {SITE_NAME}", site_url, history, records, kind=kind.name,
                              schema=schema_url)
        outputs.append(Output(urls.data_json(kind), script_json(payload, indent=2) + "\n"))
        outputs.append(Output(urls.data_schema(kind), script_json(data_schema(kind, site_url), indent=2) + "\n"))
    schemas = {kind.name: urls.site_root(site_url) + urls.data_schema(kind) for kind in KINDS}
    payload = _collection(f"Alle items — {SITE_NAME}", site_url, history, everything, schemas=schemas)
    outputs.append(Output(urls.ALL_DATA, script_json(payload) + "\n"))
    return outputs
