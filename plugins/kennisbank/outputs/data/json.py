"""Each kind's entries as JSON (one file per kind and one with them all), with the JSON Schema of a record and of
each file."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from pydantic import BaseModel

from kennisbank.core import reads
from kennisbank.core.history import History
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import KINDS, TERM, Kind
from kennisbank.core.models.common import ID_PATTERN, Place
from kennisbank.core.regions import cbs_codes
from kennisbank.outputs import urls
from kennisbank.outputs.escape import script_json
from kennisbank.outputs.jsonld import LICENSE_URL, SITE_NAME
from kennisbank.outputs.output import Output
from kennisbank.outputs.schema import json_schema

from .vocabulary import ADDED_KEYS, PLACE_CODES

ATTRIBUTION = SITE_NAME
LICENSE_NAME = "CC BY 4.0"
BODY_KINDS = tuple(kind for kind in KINDS if kind is not TERM)
"""Kinds whose Markdown text is shown on the site; a term lives on the glossary page without text of its own."""


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


ADDED_FIELDS: dict[str, str] = {name: key.description for name, key in ADDED_KEYS.items()}
"""Keys every record has next to the model's own fields, with their Dutch description for the page."""


def place_record(place: Place) -> dict[str, Any]:
    """A place as JSON: its own fields with the CBS code after each name."""
    provincie_code, gemeente_code = cbs_codes(place.provincie, place.gemeente)
    return {"provincie": place.provincie, "provincie_code": provincie_code, "gemeente": place.gemeente,
            "gemeente_code": gemeente_code, "plaats": place.plaats}


def _with_codes(model: BaseModel, dumped: dict[str, Any]) -> dict[str, Any]:
    """The dumped model with every place, at any depth, replaced by its record with CBS codes."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Place):
            dumped[name] = place_record(value)
        elif isinstance(value, BaseModel):
            _with_codes(value, dumped[name])
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            dumped[name] = [place_record(item) if isinstance(item, Place) else _with_codes(item, part)
                            for item, part in zip(value, dumped[name], strict=True)]
    return dumped


def record(entry: Entry[Any], history: History, site_url: str) -> dict[str, Any]:
    """One entry as a JSON object: the validated model fields, plus where and when it lives on the site."""
    result: dict[str, Any] = {"id": entry.id, "kind": entry.kind.name, "page_url": urls.absolute_entry(entry, site_url)}
    result.update(_with_codes(entry.data, entry.data.model_dump(mode="json")))
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
    place = schema.get("$defs", {}).get("Place")
    if place is not None:  # every place carries its CBS codes in the data, right after the names
        place["properties"] = _after_names(place["properties"], {
            "provincie_code": {"type": "string", "pattern": "^PV[0-9]{2}$", "description": PLACE_CODES["provincie_code"]},
            "gemeente_code": {"anyOf": [{"type": "string", "pattern": "^GM[0-9]{4}$"}, {"type": "null"}],
                              "description": PLACE_CODES["gemeente_code"]},
        })
        place["required"] = list(place["properties"])
    for name, rule in added.items():
        schema["properties"][name] = {**rule, "description": ADDED_FIELDS[name]}
    required = list(schema.get("required", []))
    schema["required"] = required + [name for name in added if name not in required]
    return schema


def _after_names(properties: dict[str, Any], codes: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, rule in properties.items():
        result[name] = rule
        if f"{name}_code" in codes:
            result[f"{name}_code"] = codes[f"{name}_code"]
    return result


WRAPPER_FIELDS: dict[str, str] = {
    "title": "Naam van het bestand.",
    "source": "Webadres van de kennisbank.",
    "license": "De licentie van de teksten en gegevens.",
    "license_url": "Webadres van de licentietekst.",
    "attribution": "De naam die je bij hergebruik vermeldt.",
    "updated": "Datum van de laatste wijziging van de kennisbank (JJJJ-MM-DD).",
    "kind": "Soort items in het bestand (niet in alles.json: daar heeft elk item zijn eigen kind).",
    "schema": "Webadres van het JSON Schema van dit bestand, waartegen het bestand zoals het is valideert.",
    "item_schema": "Webadres van het JSON Schema van één item (niet in alles.json: daar staat item_schemas).",
    "item_schemas": "Alleen in alles.json: per soort het webadres van het JSON Schema van één item.",
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


_TEXTS: dict[int, tuple[dict[str, Any], str]] = {}
"""The JSON text of each record of the last build, by the record's identity: records of unchanged entries are the
same objects again (records_of hands out kept ones), so a rebuild under `serve` writes only changed records anew."""


def _collection_json(payload: dict[str, Any], texts: dict[int, tuple[dict[str, Any], str]], *,
                     lines: bool = True) -> str:
    """A collection as JSON, its records written once per build by the json module's C encoder (`texts` keeps
    them). With lines, each record is on a line of its own: as readable and diffable as indented JSON (indenting
    needs the pure-Python encoder, ten times slower); without, all on one line (data/alles.json)."""
    parts = []
    for key, value in payload.items():
        if key == "entries":
            records = []
            for record in value:
                known = texts.get(id(record)) or _TEXTS.get(id(record))
                if known is None or known[0] is not record:
                    known = (record, script_json(record))
                texts[id(record)] = known
                records.append(known[1])
            inner = (",\n    " if lines else ",").join(records)
            parts.append(f'"entries": [\n    {inner}\n  ]' if lines and records else f'"entries":[{inner}]' if not lines
                         else '"entries": []')
        else:
            parts.append(f"{script_json(key)}: {script_json(value)}" if lines else
                         f"{script_json(key)}:{script_json(value)}")
    return "{\n  " + ",\n  ".join(parts) + "\n}\n" if lines else "{" + ",".join(parts) + "}\n"


def file_schema(path: str, site_url: str, item: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one whole JSON file at `path`: the keys around the records, each record by `item` (a
    reference to the schema of a record). A consumer validates the file against the schema its `schema` key names."""
    root = urls.site_root(site_url)
    text = {"type": "string"}
    properties: dict[str, Any] = {
        "title": text,
        "source": {"const": root},
        "license": {"const": LICENSE_NAME},
        "license_url": {"const": LICENSE_URL},
        "attribution": {"const": ATTRIBUTION},
        "updated": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
        **extra,
        "schema": {"const": root + urls.data_file_schema(path)},
        "count": {"type": "integer", "minimum": 0},
        "entries": {"type": "array", "items": item},
    }
    for name, rule in properties.items():
        rule.setdefault("description", WRAPPER_FIELDS[name])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": root + urls.data_file_schema(path),
        "title": f"{path} — {SITE_NAME}",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _item_ref(kind: Kind[Any]) -> dict[str, str]:
    """A reference to the schema of a record, relative to the file schema beside it."""
    return {"$ref": urls.data_schema(kind).rpartition("/")[2]}


Records = dict[Kind[Any], list[dict[str, Any]]]


def records_of(kb: KnowledgeBase, history: History, site_url: str,
               kept: reads.Keeper = reads.compute_now) -> Records:
    """Every entry's record, by kind in the order of the site: made once per build, read by the JSON and the CSV.
    `kept` may hand back a record from the last build (core/reads.py); records are never changed after."""
    return {kind: [kept(("open-data", entry.id), partial(record, entry, history, site_url))
                   for entry in kb.of_kind(kind)] for kind in KINDS}


def json_outputs(all_records: Records, history: History, site_url: str) -> list[Output]:
    """Per kind data/<stem>.json with the schemas of a record (data/schema/<stem>.schema.json) and of the file
    (data/schema/<stem>.json.schema.json); data/alles.json with every entry and its file schema."""
    global _TEXTS
    root = urls.site_root(site_url)
    outputs: list[Output] = []
    everything: list[dict[str, Any]] = []
    texts: dict[int, tuple[dict[str, Any], str]] = {}
    for kind in KINDS:
        path = urls.data_json(kind)
        records = all_records[kind]
        everything.extend(records)
        payload = _collection(f"{kind.plural} — {SITE_NAME}", site_url, history, records, kind=kind.name,
                              schema=root + urls.data_file_schema(path), item_schema=root + urls.data_schema(kind))
        schema = file_schema(path, site_url, _item_ref(kind), kind={"const": kind.name},
                             item_schema={"const": root + urls.data_schema(kind)})
        outputs += [
            Output(path, _collection_json(payload, texts)),
            Output(urls.data_schema(kind), script_json(data_schema(kind, site_url), indent=2) + "\n"),
            Output(urls.data_file_schema(path), script_json(schema, indent=2) + "\n"),
        ]
    item_schemas = {kind.name: root + urls.data_schema(kind) for kind in KINDS}
    payload = _collection(f"Alle items — {SITE_NAME}", site_url, history, everything, item_schemas=item_schemas,
                          schema=root + urls.data_file_schema(urls.ALL_DATA))
    # Each record says its kind, and the schema of that kind alone accepts its `kind` value.
    schema = file_schema(urls.ALL_DATA, site_url, {"oneOf": [_item_ref(kind) for kind in KINDS]},
                         item_schemas={"const": item_schemas})
    _TEXTS = texts
    outputs += [Output(urls.ALL_DATA, _collection_json(payload, texts, lines=False)),
                Output(urls.data_file_schema(urls.ALL_DATA), script_json(schema, indent=2) + "\n")]
    return outputs
