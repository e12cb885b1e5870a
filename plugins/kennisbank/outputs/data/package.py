"""data/datapackage.json: the open data as a Frictionless Data Package (v2), made from the one vocabulary."""

from __future__ import annotations

from typing import Any

from kennisbank.core.history import History
from kennisbank.core.knowledge import KnowledgeBase
from kennisbank.core.models import DOCUMENT, KINDS, Kind
from kennisbank.outputs import urls
from kennisbank.outputs.escape import script_json
from kennisbank.outputs.jsonld import LICENSE_URL, SITE_NAME
from kennisbank.outputs.output import Output

from .csv import columns, link_keys
from .json import ATTRIBUTION
from .vocabulary import LIST_SEPARATOR, DataKey

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
PACKAGE_NAME = "kennisbank-kansengelijkheid"
LICENSE_ID = "CC-BY-4.0"  # the SPDX identifier, as the standard asks for `name`
LICENSE_TITLE = "Creative Commons Naamsvermelding 4.0 Internationaal (CC BY 4.0)"
PACKAGE_DESCRIPTION = (
    "Praktijkkaarten, thema's, lees-, kijk- en luistertips, initiatieven, meetups, verzamelingen, brondocumenten "
    "en begrippen over kansengelijkheid in het Nederlandse onderwijs, met de waarderingen van toolkits, de "
    "bronnen en de onderlinge verwijzingen. Elke soort is één CSV-bestand met een regel per item; de "
    "koppeltabellen leggen de verwijzingen tussen de items vast. Plaatsen hebben de codes van het CBS."
)
KEYWORDS = ("onderwijs", "kansengelijkheid", "kansenongelijkheid", "onderwijsonderzoek", "praktijkkaarten",
            "initiatieven", "open data")
CODES_SOURCE = {
    "title": "Gemeente- en provinciecodes: CBS, gemeentelijke indeling op 1 januari 2026 en CBS Gebiedsindelingen "
             "2026 (CBS/Kadaster, Bestuurlijke gebieden), via cartomap/nl",
    "path": "https://github.com/cartomap/nl",
}
"""Where the CBS codes of the places come from (see plugins/kennisbank/data/README.md)."""


def _relative(path: str) -> str:
    """A data file's path as the package names it: relative to data/, where datapackage.json lies."""
    return path.removeprefix(urls.DATA_DIR + "/")


def table_field(key: DataKey) -> dict[str, Any]:
    """One column as a Table Schema field: the key's name, Dutch title and meaning, type and constraints."""
    description = key.description + (f" Eenheid: {key.unit}." if key.unit else "")
    field: dict[str, Any] = {"name": key.key, "title": key.title, "description": description, "type": key.type}
    if key.type == "list":
        field |= {"delimiter": LIST_SEPARATOR, "itemType": key.item_type}
    elif key.format == "uri":
        field["format"] = "uri"
    elif key.type == "boolean":
        field |= {"trueValues": ["ja"], "falseValues": ["nee"]}  # as the CSV writes them for Dutch spreadsheets
    constraints: dict[str, Any] = {}
    if key.required:
        constraints["required"] = True
    if key.choices and key.type == "string":
        constraints["enum"] = list(key.choices)
    if constraints:
        field["constraints"] = constraints
    return field


def _table(name: str, path: str, title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name, "type": "table", "path": _relative(path), "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "title": title, "description": description,
        # The files start with a byte order mark for Excel; readers of UTF-8 skip it.
        "dialect": {"$schema": DIALECT_PROFILE, "delimiter": ";", "header": True},
        "schema": {"$schema": TABLE_SCHEMA_PROFILE, **schema},
    }


def resource_name(kind: Kind[Any]) -> str:
    return urls.FOLDERS[kind]


def kind_resource(kind: Kind[Any], count: int) -> dict[str, Any]:
    """The CSV file of a kind: every column typed, the id as its primary key."""
    return _table(resource_name(kind), urls.data_csv(kind), kind.plural,
                  f"Alle items van de soort {kind.label} ({count}), een regel per item. Een cel met meer waarden "
                  f"heeft '{LIST_SEPARATOR.strip()}' met een spatie ervoor en erna tussen de waarden.",
                  {"fields": [table_field(key) for key in columns(kind)], "primaryKey": ["id"]})


def link_resource(kind: Kind[Any], key: DataKey) -> dict[str, Any]:
    """A link table: (id, referenced id) for one column with ids, with a foreign key to each side."""
    if key.ref is None:
        raise ValueError(f"{key.key} holds no ids")
    id_field = {"name": "id", "title": "Id", "description": f"Id van het item ({kind.label}).", "type": "string",
                "constraints": {"required": True}}
    target = {"name": key.key, "title": key.title, "type": "string", "constraints": {"required": True},
              "description": f"Id van een {key.ref.label} uit {key.key} van dat item: een regel per id."}
    return _table(f"{resource_name(kind)}-{key.key}", urls.data_link_csv(kind, key.key),
                  f"{kind.plural}: {key.title.lower()}",
                  f"Koppeltabel: per {kind.label} de ids in {key.key}, een regel per id.",
                  {"fields": [id_field, target], "primaryKey": ["id", key.key], "foreignKeys": [
                      {"fields": ["id"], "reference": {"resource": resource_name(kind), "fields": ["id"]}},
                      {"fields": [key.key], "reference": {"resource": resource_name(key.ref), "fields": ["id"]}},
                  ]})


def _json_resource(name: str, path: str, title: str, mediatype: str = "application/json") -> dict[str, Any]:
    return {"name": name, "path": _relative(path), "format": path.rpartition(".")[2], "mediatype": mediatype,
            "encoding": "utf-8", "title": title,
            "description": f"Beschreven door het JSON Schema {_relative(urls.data_file_schema(path))}."}


def _sources(kb: KnowledgeBase, site_url: str) -> list[dict[str, str]]:
    """The knowledge base itself, the source of the CBS codes, and every source document that is not fiction."""
    found = [{"title": SITE_NAME, "path": urls.site_root(site_url)}, CODES_SOURCE]
    for entry in kb.of_kind(DOCUMENT):
        if not entry.data.fiction:
            found.append({"title": entry.title, **({"path": entry.data.url} if entry.data.url else {})})
    return found


def data_package(kb: KnowledgeBase, history: History, site_url: str) -> dict[str, Any]:
    root = urls.site_root(site_url)
    resources = []
    for kind in KINDS:
        resources.append(kind_resource(kind, len(kb.of_kind(kind))))
        resources += [link_resource(kind, key) for key in link_keys(kind)]
    resources += [_json_resource(f"{resource_name(kind)}-json", urls.data_json(kind), f"{kind.plural} (JSON)")
                  for kind in KINDS]
    resources += [_json_resource("alles-json", urls.ALL_DATA, "Alle items (JSON)"),
                  _json_resource("initiatieven-geojson", urls.GEOJSON, "Kaart van de initiatieven (GeoJSON)",
                                 "application/geo+json")]
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "id": root + urls.DATA_PACKAGE,
        "title": SITE_NAME,
        "description": PACKAGE_DESCRIPTION,
        "homepage": urls.absolute(urls.OPEN_DATA_PAGE, site_url),
        "keywords": list(KEYWORDS),
        "licenses": [{"name": LICENSE_ID, "path": LICENSE_URL, "title": LICENSE_TITLE}],
        "contributors": [{"title": ATTRIBUTION, "path": root, "roles": ["publisher", "creator"]}],
        "sources": _sources(kb, site_url),
    }
    if history.latest is not None:
        package["created"] = f"{history.latest.isoformat()}T00:00:00Z"  # the day of the latest change, as RFC 3339
    package["resources"] = resources
    return package


def package_output(kb: KnowledgeBase, history: History, site_url: str) -> Output:
    """data/datapackage.json."""
    return Output(urls.DATA_PACKAGE, script_json(data_package(kb, history, site_url), indent=2) + "\n")
