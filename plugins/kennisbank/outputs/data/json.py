"""KnowledgeBase → the open data of the site under data/: JSON with its schemas, CSV, GeoJSON and two feeds.

Every file is made from the validated models, never from the content files' raw text, so the data holds
exactly what the checker accepted. Nothing depends on the clock: dates come from git history (commit dates),
so a rebuild of the same commit gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel

from kennisbank.core.history import History
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import DOCUMENT, INITIATIVE, KINDS, TERM, EntryModel, Kind
from kennisbank.core.models.common import ID_PATTERN, Place
from kennisbank.core.models.rating import SCHEME_LABELS
from kennisbank.core.regions import municipalities
from kennisbank.outputs import urls
from kennisbank.outputs.jsonld import LICENSE_URL, SITE_NAME, entry_url, safe_json, site_root
from kennisbank.outputs.output import Output
from kennisbank.outputs.schema import FieldDoc, field_docs, json_schema

DATA_DIR = "data"
OPEN_DATA_PAGE = "data/index.md"
"""The page that documents the files; it sits in the same folder, so its links to them are short."""
ALL_PATH = f"{DATA_DIR}/alles.json"
GEOJSON_PATH = f"{DATA_DIR}/initiatieven.geojson"
ATOM_PATH = f"{DATA_DIR}/feed.atom"
JSON_FEED_PATH = f"{DATA_DIR}/feed.json"
FEED_LIMIT = 50
ATTRIBUTION = SITE_NAME
LICENSE_NAME = "CC BY 4.0"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LIST_SEPARATOR = " | "
FEED_KINDS = tuple(kind for kind in KINDS if kind is not DOCUMENT)
"""Source documents are background for the provenance page, not news; the home page leaves them out too."""
BODY_KINDS = tuple(kind for kind in KINDS if kind is not TERM)
"""Kinds whose Markdown text is shown on the site; a term lives on the glossary page without text of its own."""


def file_stem(kind: Kind[Any]) -> str:
    """The Dutch name of a kind's data files: the folder of its pages on the site ('praktijk', 'lezen')."""
    return urls.FOLDERS[kind]


def json_path(kind: Kind[Any]) -> str:
    return f"{DATA_DIR}/{file_stem(kind)}.json"


def csv_path(kind: Kind[Any]) -> str:
    return f"{DATA_DIR}/{file_stem(kind)}.csv"


def schema_path(kind: Kind[Any]) -> str:
    return f"{DATA_DIR}/schema/{file_stem(kind)}.schema.json"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# -- JSON ------------------------------------------------------------------------------------------------

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
    result: dict[str, Any] = {"id": entry.id, "kind": entry.kind.name, "page_url": entry_url(entry, site_url)}
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
    schema["$id"] = site_root(site_url) + schema_path(kind)
    schema["title"] = f"{kind.label} ({json_path(kind)})"
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
        "source": site_root(site_url),
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
        schema_url = site_root(site_url) + schema_path(kind)
        payload = _collection(f"{kind.plural} — {SITE_NAME}", site_url, history, records, kind=kind.name,
                              schema=schema_url)
        outputs.append(Output(json_path(kind), safe_json(payload, indent=2) + "\n"))
        outputs.append(Output(schema_path(kind), safe_json(data_schema(kind, site_url), indent=2) + "\n"))
    schemas = {kind.name: site_root(site_url) + schema_path(kind) for kind in KINDS}
    payload = _collection(f"Alle items — {SITE_NAME}", site_url, history, everything, schemas=schemas)
    outputs.append(Output(ALL_PATH, safe_json(payload) + "\n"))
    return outputs


# -- CSV -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column of a kind's CSV file: its (code-like, Dutch) name, what it holds, and how to get it."""

    name: str
    description: str
    value: Callable[[Entry[Any], History, str], Any] = field(repr=False)


COLUMN_NAMES: dict[str, str] = {
    "title": "titel", "summary": "samenvatting", "question": "centrale_vraag", "order": "volgorde",
    "sectors": "sectoren", "themes": "themas", "number": "nummer", "questions": "gespreksvragen",
    "ratings_checked": "toolkits_nagekeken_op", "related": "verwante_kaarten", "authors": "makers",
    "outlet": "medium", "media_type": "soort", "year": "jaar", "url": "webadres", "language": "taal",
    "practices": "praktijkkaarten", "scope": "bereik", "place_note": "plaats_toelichting",
    "organisation": "organisatie", "url_seen": "webadres_bekeken_op", "date": "datum", "venue": "locatie",
    "organiser": "organisator", "held": "geweest", "prepare": "voorbereiding", "meaning": "betekenis",
    "forms": "schrijfwijzen", "publisher": "uitgever", "fiction": "fictie",
}
"""Dutch column names of plain fields. A field missing here keeps its own (English) name: still correct."""


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _places_columns(prefix: str, get: Callable[[Any], list[Place]], what: str) -> list[Column]:
    return [
        Column(f"{prefix}provincies", f"Provincies waar {what}.",
               lambda e, h, s: _unique(p.provincie for p in get(e.data))),
        Column(f"{prefix}gemeenten", f"Gemeenten waar {what} (leeg voor een hele provincie).",
               lambda e, h, s: _unique(p.gemeente for p in get(e.data))),
        Column(f"{prefix}plaatsen", f"Dorpen, wijken of steden binnen die gemeenten waar {what}, als de bron die noemt.",
               lambda e, h, s: _unique(p.plaats for p in get(e.data))),
    ]


def _first_rating(attribute: str) -> Callable[[Entry[Any], History, str], Any]:
    def value(entry: Entry[Any], history: History, site_url: str) -> Any:
        ratings = entry.data.ratings
        if not ratings:
            return None
        found = getattr(ratings[0], attribute)
        return SCHEME_LABELS[found] if attribute == "scheme" else found
    return value


_SPECIAL_COLUMNS: dict[str, Callable[[], list[Column]]] = {
    "places": lambda: _places_columns("", lambda d: d.places, "het initiatief werkt"),
    "place": lambda: [
        Column("provincie", "Provincie van de locatie, als die bekend is.",
               lambda e, h, s: e.data.place.provincie if e.data.place else None),
        Column("gemeente", "Gemeente van de locatie, als die bekend is.",
               lambda e, h, s: e.data.place.gemeente if e.data.place else None),
        Column("plaats", "Dorp, wijk of stad van de locatie, als die anders heet dan de gemeente.",
               lambda e, h, s: e.data.place.plaats if e.data.place else None),
    ],
    "region": lambda: [
        Column("regio", "Naam van de regio van de meetup.", lambda e, h, s: e.data.region.name),
        *_places_columns("regio_", lambda d: d.region.places, "de regio ligt"),
    ],
    "ratings": lambda: [
        Column("aantal_waarderingen", "Aantal toolkits dat iets over deze aanpak zegt. De kolommen hierna geven de "
                                      "eerste; alle waarderingen staan in de JSON.",
               lambda e, h, s: len(e.data.ratings)),
        Column("toolkit", "De toolkit van de eerste waardering.", _first_rating("scheme")),
        Column("toolkit_onderdeel", "Het onderdeel (strand) in die toolkit.", _first_rating("strand")),
        Column("effect_maanden", "Effect in maanden extra leervoortgang volgens die toolkit.",
               _first_rating("impact_months")),
        Column("bewijskracht", "Bewijskracht op de schaal van die toolkit (0 tot 5).", _first_rating("strength")),
        Column("kosten", "Kosten op de schaal van die toolkit (1 tot 5).", _first_rating("cost")),
        Column("toolkit_pagina", "Webadres van de pagina van dat onderdeel in de toolkit.", _first_rating("url")),
        Column("toolkit_gelezen_op", "Datum waarop de cijfers van die pagina zijn overgenomen.",
               _first_rating("read_on")),
    ],
    "sources": lambda: [
        Column("bronnen", "Titels van de publicaties die het item onderbouwen.",
               lambda e, h, s: [c.title for c in e.data.sources]),
        Column("bron_webadressen", "Webadressen van die publicaties, voor zover ze er een hebben.",
               lambda e, h, s: _unique(c.url for c in e.data.sources)),
    ],
    "provenance": lambda: [
        Column("brondocumenten", "Ids van de brondocumenten (zie bronnen.csv) waar het item uit komt.",
               lambda e, h, s: _unique(p.document for p in e.data.provenance)),
    ],
    "sections": lambda: [
        Column("onderdelen", "Titels van de onderdelen van de verzameling, in volgorde.",
               lambda e, h, s: [section.title for section in e.data.sections]),
        Column("onderdeel_praktijkkaarten", "Ids van alle praktijkkaarten in de onderdelen, in volgorde.",
               lambda e, h, s: _unique(p for section in e.data.sections for p in section.practices)),
    ],
    "agenda": lambda: [
        Column("agenda", "Per thema de praktijkkaarten die besproken worden, als 'thema: kaart, kaart'.",
               lambda e, h, s: [f"{item.theme}: {', '.join(item.practices)}" if item.practices else item.theme
                                for item in e.data.agenda]),
    ],
}
"""Fields holding blocks, flattened to a few columns a spreadsheet can filter on. Everything else is in the JSON."""


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in getattr(annotation, "__args__", ()))


def _field_column(name: str, description: str, annotation: Any) -> Column:
    if _holds_model(annotation):
        # A block no flattening is written for yet (a new field): its count, so the column is never misleading.
        def count(entry: Entry[Any], history: History, site_url: str) -> int:
            value = getattr(entry.data, name)
            return len(value) if isinstance(value, list) else int(value is not None)
        return Column(f"aantal_{COLUMN_NAMES.get(name, name)}", f"Aantal: {description}", count)
    if annotation is bool:  # the model's description speaks of true/false, the spreadsheet shows ja/nee
        description = f"{description} In de CSV: ja of nee."
    return Column(COLUMN_NAMES.get(name, name), description, lambda e, h, s: getattr(e.data, name))


@cache
def columns(kind: Kind[Any]) -> tuple[Column, ...]:
    """The CSV columns of a kind, in the order of the model's fields, between the id and the dates."""
    found = [Column("id", ADDED_FIELDS["id"], lambda e, h, s: e.id)]
    for name, info in kind.model.model_fields.items():
        special = _SPECIAL_COLUMNS.get(name)
        if special is not None:
            found.extend(special())
        else:
            found.append(_field_column(name, info.description or "", info.annotation))
    found += [
        Column("pagina", "Volledig webadres van de pagina van het item op de site.",
               lambda e, h, s: entry_url(e, s)),
        Column("toegevoegd", "Datum waarop het item is toegevoegd (JJJJ-MM-DD), als bekend.",
               lambda e, h, s: h.added.get(e.path)),
        Column("gewijzigd", "Datum van de laatste wijziging (JJJJ-MM-DD), als bekend.",
               lambda e, h, s: h.changed.get(e.path)),
    ]
    return tuple(found)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel or LibreOffice treat a cell as a formula (OWASP's list for CSV injection)."""


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe stops it from being run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return str(getattr(value, "title", None) or value.model_dump_json())
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_plain(v) for v in value)
    return str(value)


def cell(value: Any) -> str:
    """A value as the text of one CSV cell: lists joined, true/false in Dutch, text neutralised. Numbers are
    not: -1 month is a number, and an apostrophe would turn it into text in the spreadsheet."""
    text = _plain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return neutralise(text)


def csv_data(kind: Kind[Any], entries: Iterable[Entry[Any]], history: History, site_url: str) -> bytes:
    """One kind as CSV for Dutch spreadsheets: ';' between cells (Dutch Excel's list separator, so a
    double-click opens it in columns), UTF-8 with a byte order mark (so Excel does not read it as ANSI),
    and CRLF line ends as RFC 4180 says."""
    cols = columns(kind)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for entry in entries:
        writer.writerow([cell(c.value(entry, history, site_url)) for c in cols])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_outputs(kb: KnowledgeBase, history: History, site_url: str) -> list[Output]:
    return [Output(csv_path(kind), csv_data(kind, kb.of_kind(kind), history, site_url)) for kind in KINDS]


# -- GeoJSON ---------------------------------------------------------------------------------------------

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


GEOJSON_PROPERTIES: dict[str, str] = {
    "id": "Id van het initiatief (zoals in initiatieven.json).",
    "title": "Naam van het initiatief.",
    "summary": "Wat het initiatief doet.",
    "url": "Webadres van de pagina van het initiatief op de site.",
    "website": "Eigen website van het initiatief, als bekend.",
    "scope": "Bereik: lokaal, regionaal, landelijk of internationaal.",
    "provincie": "Provincie van deze plaats.",
    "gemeente": "Gemeente van deze plaats (leeg als het initiatief in de hele provincie werkt).",
    "plaats": "Dorp, wijk of stad binnen de gemeente, als de bron die noemt.",
    "ligging": "Welk middelpunt het punt is: dat van de gemeente of dat van de hele provincie.",
}
"""The properties of every point on the map, with their Dutch description for the page."""


def geojson_data(kb: KnowledgeBase, site_url: str, centroids: Centroids) -> dict[str, Any]:
    """A FeatureCollection with a Point per place of every initiative (RFC 7946). Places without a known
    centre point are left out; initiatives without a place (national ones) have no point."""
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
                    "url": entry_url(entry, site_url),
                    "website": data.url,
                    "scope": data.scope,
                    "provincie": place.provincie,
                    "gemeente": place.gemeente,
                    "plaats": place.plaats,
                    "ligging": level,  # which centre the point is: the municipality's or the whole province's
                },
            })
    return {"type": "FeatureCollection", "features": features}


# -- feeds -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedItem:
    entry: Entry[Any]
    url: str
    published: dt.date | None
    updated: dt.date

    @property
    def is_new(self) -> bool:
        return self.published is None or self.published == self.updated

    @property
    def summary(self) -> str:
        """'Nieuwe praktijkkaart. <summary>' or 'Bijgewerkt initiatief. <summary>': Dutch adjectives agree
        with the kind's gender."""
        kind = self.entry.kind
        word = ("Nieuw" if self.is_new else "Bijgewerkt") + ("" if kind.neuter else "e")
        text = getattr(self.entry.data, "summary", None) or getattr(self.entry.data, "meaning", None)
        return f"{word} {kind.label}." + (f" {text}" if text else "")


def feed_items(kb: KnowledgeBase, history: History, site_url: str, limit: int = FEED_LIMIT) -> list[FeedItem]:
    """New and changed entries, newest first; entries without any date are left out (no date, no news)."""
    kind_order = {kind: index for index, kind in enumerate(KINDS)}
    items = []
    for kind in FEED_KINDS:
        for entry in kb.of_kind(kind):
            published = history.added.get(entry.path)
            updated = history.changed.get(entry.path) or published
            if updated is None:
                continue
            items.append(FeedItem(entry, entry_url(entry, site_url), published, updated))
    items.sort(key=lambda i: (-i.updated.toordinal(), kind_order[i.entry.kind], i.entry.title.casefold(), i.entry.id))
    return items[:limit]


def _timestamp(day: dt.date) -> str:
    """RFC 3339, which both feed formats require: commits are dated by day, so midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


_XML_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def _xml_text(text: str) -> str:
    # ElementTree escapes markup characters but writes control characters as they are, which no XML parser
    # accepts. The checker already rejects them in content; this keeps the feed well-formed regardless.
    return text.translate(_XML_ILLEGAL)


FEED_TITLE = f"{SITE_NAME}: nieuw en bijgewerkt"
FEED_DESCRIPTION = "Nieuwe en gewijzigde praktijkkaarten, initiatieven, tips, meetups en begrippen uit de kennisbank."


def atom_feed(items: list[FeedItem], site_url: str, latest: dt.date | None) -> bytes:
    """An Atom 1.0 feed (RFC 4287), built as an element tree: every text is escaped by the serialiser."""
    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        if text is not None:
            element.text = _xml_text(text)
        return element

    root = site_root(site_url)
    # Tags without a prefix and the Atom namespace as the default: ElementTree's own default_namespace option
    # refuses unprefixed attributes (rel, href), which Atom needs.
    feed = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: "nl"})
    sub(feed, "id", root + ATOM_PATH)
    sub(feed, "title", FEED_TITLE)
    sub(feed, "subtitle", FEED_DESCRIPTION)
    newest = items[0].updated if items else latest
    sub(feed, "updated", _timestamp(newest or dt.date(1970, 1, 1)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=root + ATOM_PATH)
    sub(feed, "link", rel="alternate", type="text/html", href=root)
    author = sub(feed, "author")
    sub(author, "name", ATTRIBUTION)
    sub(author, "uri", root)
    sub(feed, "rights", f"Teksten onder {LICENSE_NAME} ({LICENSE_URL}), naamsvermelding: {ATTRIBUTION}")
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", item.url)  # the page's address: the same entry when it changes again, as Atom wants
        sub(entry, "title", item.entry.title, type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        if item.published is not None:
            sub(entry, "published", _timestamp(item.published))
        sub(entry, "updated", _timestamp(item.updated))
        sub(entry, "category", term=item.entry.kind.name, label=item.entry.kind.label)
        sub(entry, "summary", item.summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(items: list[FeedItem], site_url: str) -> dict[str, Any]:
    """A JSON Feed 1.1: the same items as the Atom feed."""
    root = site_root(site_url)
    feed_items_data = []
    for item in items:
        data: dict[str, Any] = {
            "id": item.url,
            "url": item.url,
            "title": item.entry.title,
            "summary": item.summary,
            "content_text": item.summary,  # an item needs content_text or content_html; text needs no sanitising
            "date_modified": _timestamp(item.updated),
            "tags": [item.entry.kind.label],
        }
        if item.published is not None:
            data["date_published"] = _timestamp(item.published)
        feed_items_data.append(data)
    return {
        "version": JSON_FEED_VERSION,
        "title": FEED_TITLE,
        "description": FEED_DESCRIPTION,
        "home_page_url": root,
        "feed_url": root + JSON_FEED_PATH,
        "language": "nl",
        "authors": [{"name": ATTRIBUTION, "url": root}],
        "items": feed_items_data,
    }


# -- all together ----------------------------------------------------------------------------------------

def data_outputs(kb: KnowledgeBase, history: History, site_url: str,
                 centroids: Centroids | None = None) -> list[Output]:
    """Every open-data file of the site. `centroids` defaults to the package's table (tests pass their own)."""
    items = feed_items(kb, history, site_url)
    geo = geojson_data(kb, site_url, packaged_centroids() if centroids is None else centroids)
    return [
        *json_outputs(kb, history, site_url),
        *csv_outputs(kb, history, site_url),
        Output(GEOJSON_PATH, safe_json(geo) + "\n"),
        Output(ATOM_PATH, atom_feed(items, site_url, history.latest)),
        Output(JSON_FEED_PATH, safe_json(json_feed(items, site_url), indent=2) + "\n"),
    ]


# -- the Open data page ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class KindFiles:
    """What the Open data page says about one kind: its files, its JSON fields and its CSV columns."""

    kind: Kind[EntryModel]
    count: int
    json: str
    csv: str
    schema: str
    fields: list[FieldDoc]
    columns: tuple[Column, ...]


def open_data_context(kb: KnowledgeBase) -> dict[str, Any]:
    """The context of templates/open_data.md.j2 (render it at OPEN_DATA_PAGE)."""
    return {
        "kinds": [KindFiles(kind, len(kb.of_kind(kind)), json_path(kind), csv_path(kind), schema_path(kind),
                            field_docs(kind.model), columns(kind)) for kind in KINDS],
        "wrapper_fields": list(WRAPPER_FIELDS.items()),
        "added_fields": list(ADDED_FIELDS.items()),
        "geojson_properties": list(GEOJSON_PROPERTIES.items()),
        "all_path": ALL_PATH,
        "geojson_path": GEOJSON_PATH,
        "atom_path": ATOM_PATH,
        "json_feed_path": JSON_FEED_PATH,
        "feed_limit": FEED_LIMIT,
        "fields_page": urls.FIELDS,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "total": len(kb),
    }
