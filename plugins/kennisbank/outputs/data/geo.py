"""The initiatives as points on a map (GeoJSON), placed at the centre of their municipality or province."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kennisbank.core.knowledge import KnowledgeBase
from kennisbank.core.models import INITIATIVE
from kennisbank.core.models.common import Place
from kennisbank.core.regions import municipalities
from kennisbank.outputs import urls
from kennisbank.outputs.escape import script_json
from kennisbank.outputs.jsonld import LICENSE_URL, SITE_NAME
from kennisbank.outputs.output import Output

from .json import ATTRIBUTION, LICENSE_NAME, place_record
from .vocabulary import geojson_keys

Point = tuple[float, float]
"""(longitude, latitude) in WGS 84, the order GeoJSON uses."""

CENTROID_COLUMNS = ("code", "naam", "soort", "lon", "lat")


@dataclass(frozen=True)
class Centroids:
    """Centre points of municipalities (by CBS code and by name) and of provinces (by name)."""

    gemeenten: Mapping[str, Point] = field(default_factory=dict)
    provincies: Mapping[str, Point] = field(default_factory=dict)

    def locate(self, place: Place) -> tuple[Point, str] | None:
        """Where to draw a place, and at what level: its municipality, or its province when it is a whole
        province. None when the table has no point for it."""
        if place.gemeente:
            known = municipalities().get(place.gemeente)
            point = (self.gemeenten.get(known.code) if known else None) or self.gemeenten.get(place.gemeente.casefold())
            return (point, "gemeente") if point else None
        point = self.provincies.get(place.provincie.casefold())
        return (point, "provincie") if point else None


def read_centroids(text: str) -> Centroids:
    """The centroid table (`code;naam;soort;lon;lat`, soort 'gemeente' or 'provincie'). A malformed table
    raises ValueError: a silently misplaced point on a map is worse than a build that stops."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    missing = [name for name in CENTROID_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"centroids: columns missing: {', '.join(missing)}")
    gemeenten: dict[str, Point] = {}
    provincies: dict[str, Point] = {}
    for number, row in enumerate(reader, start=2):
        try:  # a decimal comma is the Dutch habit; accept it as well as a point
            point = (float(row["lon"].replace(",", ".")), float(row["lat"].replace(",", ".")))
        except (AttributeError, ValueError) as exc:
            raise ValueError(f"centroids line {number}: lon/lat is not a number") from exc
        if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
            raise ValueError(f"centroids line {number}: lon/lat out of range (are they swapped?)")
        kind, name, code = row["soort"].strip().lower(), row["naam"].strip(), row["code"].strip()
        if kind == "gemeente":
            gemeenten[code] = point
            gemeenten[name.casefold()] = point
        elif kind == "provincie":
            provincies[name.casefold()] = point
        else:
            raise ValueError(f"centroids line {number}: soort must be 'gemeente' or 'provincie', not {kind!r}")
    return Centroids(gemeenten, provincies)


@cache
def packaged_centroids() -> Centroids:
    """The package's data/centroids.csv, or no centroids at all when the file is not there (then the map
    data has no points rather than the build failing)."""
    source = resources.files("kennisbank").joinpath("data/centroids.csv")
    if not source.is_file():
        return Centroids()
    return read_centroids(source.read_text(encoding="utf-8"))


GEOJSON_PROPERTIES: dict[str, str] = {key.key: key.description for key in geojson_keys()}
"""The properties of every point on the map, with their Dutch description for the page."""


def geojson_data(kb: KnowledgeBase, site_url: str, centroids: Centroids) -> dict[str, Any]:
    """A FeatureCollection with a Point per place of every initiative (RFC 7946). Places without a known
    centre point are left out; initiatives without a place (national ones) have no point. The keys around
    the features (licence, schema) are foreign members, which RFC 7946 allows."""
    root = urls.site_root(site_url)
    features: list[dict[str, Any]] = []
    for entry in kb.of_kind(INITIATIVE):
        data = entry.data
        for index, place in enumerate(data.places, start=1):
            located = centroids.locate(place)
            if located is None:
                continue
            (lon, lat), level = located
            features.append({
                "type": "Feature",
                "id": f"{entry.id}-{index}",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": entry.id,
                    "title": entry.title,
                    "summary": data.summary,
                    "page_url": urls.absolute_entry(entry, site_url),
                    "url": data.url,
                    "scope": data.scope,
                    **place_record(place),
                    "centroid": level,  # which centre the point is: the municipality's or the whole province's
                },
            })
    return {"type": "FeatureCollection", "title": f"Kaart van de initiatieven — {SITE_NAME}", "source": root,
            "license": LICENSE_NAME, "license_url": LICENSE_URL, "attribution": ATTRIBUTION,
            "schema": root + urls.data_file_schema(urls.GEOJSON), "features": features}


_JSON_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean", "date": "string"}


def geojson_schema(site_url: str) -> dict[str, Any]:
    """The JSON Schema of data/initiatieven.geojson as it is: a FeatureCollection of points inside the
    coordinate ranges, each with exactly the properties of the vocabulary."""
    root = urls.site_root(site_url)
    properties: dict[str, Any] = {}
    for key in geojson_keys():
        rule: dict[str, Any] = {"enum": list(key.choices)} if key.choices else {"type": _JSON_TYPES[key.type]}
        if key.format == "uri":
            rule["format"] = "uri"
        properties[key.key] = (rule if key.required else {"anyOf": [rule, {"type": "null"}]}) | {
            "title": key.title, "description": key.description}
    point = {"type": "object", "required": ["type", "coordinates"], "properties": {
        "type": {"const": "Point"},
        "coordinates": {"type": "array", "description": "Lengte- en breedtegraad (WGS 84), in die volgorde.",
                        "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                        {"type": "number", "minimum": -90, "maximum": 90}],
                        "minItems": 2, "maxItems": 2}}}
    feature = {"type": "object", "required": ["type", "id", "geometry", "properties"], "additionalProperties": False,
               "properties": {"type": {"const": "Feature"}, "id": {"type": "string"}, "geometry": point,
                              "properties": {"type": "object", "properties": properties,
                                             "required": list(properties), "additionalProperties": False}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": root + urls.data_file_schema(urls.GEOJSON),
        "title": f"{urls.GEOJSON} — {SITE_NAME}",
        "type": "object",
        "required": ["type", "title", "source", "license", "license_url", "attribution", "schema", "features"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "FeatureCollection"}, "title": {"type": "string"}, "source": {"const": root},
            "license": {"const": LICENSE_NAME}, "license_url": {"const": LICENSE_URL},
            "attribution": {"const": ATTRIBUTION}, "schema": {"const": root + urls.data_file_schema(urls.GEOJSON)},
            "features": {"type": "array", "items": feature},
        },
    }


def geojson_outputs(kb: KnowledgeBase, site_url: str, centroids: Centroids | None = None) -> list[Output]:
    """data/initiatieven.geojson and its schema. `centroids` defaults to the package's table (tests pass their own)."""
    geo = geojson_data(kb, site_url, packaged_centroids() if centroids is None else centroids)
    return [Output(urls.GEOJSON, script_json(geo) + "\n"),
            Output(urls.data_file_schema(urls.GEOJSON), script_json(geojson_schema(site_url), indent=2) + "\n")]
