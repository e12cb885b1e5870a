"""The context of the Open data page: every file, its fields or columns, and the licence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kennisbank.core.knowledge import KnowledgeBase
from kennisbank.core.models import KINDS, EntryModel, Kind
from kennisbank.outputs import urls
from kennisbank.outputs.jsonld import LICENSE_URL
from kennisbank.outputs.schema import FieldDoc, field_docs

from .csv import columns, link_keys
from .feeds import FEED_LIMIT
from .geo import GEOJSON_PROPERTIES
from .json import ADDED_FIELDS, ATTRIBUTION, LICENSE_NAME, WRAPPER_FIELDS
from .vocabulary import DataKey, geojson_keys


@dataclass(frozen=True)
class KindFiles:
    """What the Open data page says about one kind: its files, its JSON fields and its CSV columns."""

    kind: Kind[EntryModel]
    count: int
    json: str
    csv: str
    schema: str
    file_schema: str
    fields: list[FieldDoc]
    columns: tuple[DataKey, ...]
    links: list[tuple[str, DataKey]]  # (path of the link table, the key whose ids it lists)


def open_data_context(kb: KnowledgeBase) -> dict[str, Any]:
    """The context of templates/open_data.md.j2 (render it at urls.OPEN_DATA_PAGE)."""
    return {
        "kinds": [KindFiles(kind, len(kb.of_kind(kind)), urls.data_json(kind), urls.data_csv(kind), urls.data_schema(kind),
                            urls.data_file_schema(urls.data_json(kind)), field_docs(kind.model), columns(kind),
                            [(urls.data_link_csv(kind, key.key), key) for key in link_keys(kind)]) for kind in KINDS],
        "wrapper_fields": list(WRAPPER_FIELDS.items()),
        "added_fields": list(ADDED_FIELDS.items()),
        "geojson_properties": list(GEOJSON_PROPERTIES.items()),
        "geojson_keys": geojson_keys(),
        "all_schema_path": urls.data_file_schema(urls.ALL_DATA),
        "geojson_schema_path": urls.data_file_schema(urls.GEOJSON),
        "package_path": urls.DATA_PACKAGE,
        "dcat_path": urls.DCAT_RECORD,
        "all_path": urls.ALL_DATA,
        "geojson_path": urls.GEOJSON,
        "atom_path": urls.ATOM_FEED,
        "json_feed_path": urls.JSON_FEED,
        "feed_limit": FEED_LIMIT,
        "fields_page": urls.FIELDS,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "total": len(kb),
    }
