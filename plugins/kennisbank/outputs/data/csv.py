"""Each kind's entries as CSV for Dutch spreadsheets: ';' between cells, a byte order mark, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from kennisbank.core.history import History
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import KINDS, Kind
from kennisbank.core.models.common import Place
from kennisbank.core.models.fields import ModelField, fields_of
from kennisbank.core.models.initiative import CONTACT_LABELS
from kennisbank.core.models.rating import SCHEME_LABELS
from kennisbank.outputs import urls
from kennisbank.outputs.escape import csv_text
from kennisbank.outputs.output import Output

from .json import ADDED_FIELDS

LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """One column of a kind's CSV file: its (code-like, Dutch) name, what it holds, and how to get it."""

    name: str
    description: str
    value: Callable[[Entry[Any], History, str], Any] = field(repr=False)


COLUMN_NAMES: dict[str, str] = {
    "title": "titel", "summary": "samenvatting", "question": "centrale_vraag", "order": "volgorde",
    "sectors": "sectoren", "age_groups": "leeftijdsgroepen", "themes": "themas", "number": "nummer",
    "questions": "gespreksvragen",
    "ratings_checked": "toolkits_nagekeken_op", "related": "verwante_kaarten", "authors": "makers",
    "outlet": "medium", "media_type": "soort", "year": "jaar", "url": "webadres", "language": "taal",
    "practices": "praktijkkaarten", "scope": "bereik", "place_note": "plaats_toelichting",
    "organisation": "organisatie", "url_seen": "webadres_bekeken_op", "url_found_on": "webadres_gevonden_op", "date": "datum", "venue": "locatie",
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
    "place_sources": lambda: [
        Column("plaats_bronpaginas", "Webadressen van de pagina's buiten de brondocumenten die de plaats noemen.",
               lambda e, h, s: [page.url for page in e.data.place_sources]),
    ],
    "contact": lambda: [
        Column("contact_webadres", "Openbare contactroute: de eigen pagina van het initiatief of een algemene "
                                   "contact- of adrespagina. Leeg: nog geen contactgegevens.",
               lambda e, h, s: e.data.contact.url if e.data.contact else None),
        Column("contact_soort", "Wat voor pagina de contactroute is.",
               lambda e, h, s: CONTACT_LABELS[e.data.contact.kind] if e.data.contact else None),
        Column("contact_opgezocht_op", "Datum waarop de contactroute is opgezocht (JJJJ-MM-DD).",
               lambda e, h, s: e.data.contact.seen if e.data.contact else None),
        Column("contact_gevonden_op", "De pagina waarop de contactroute is gevonden, of het id van het brondocument "
                                      "dat hem geeft.",
               lambda e, h, s: (e.data.contact.found_on or e.data.contact.source.document) if e.data.contact
               else None),
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


def _field_column(field: ModelField) -> Column:
    name, description = field.name, field.description
    if field.type == "block":
        # A block no flattening is written for yet (a new field): its count, so the column is never misleading.
        def count(entry: Entry[Any], history: History, site_url: str) -> int:
            value = getattr(entry.data, name)
            return len(value) if isinstance(value, list) else int(value is not None)
        return Column(f"aantal_{COLUMN_NAMES.get(name, name)}", f"Aantal: {description}", count)
    if field.type == "bool" and not field.many:  # the model's description says true/false, the CSV ja/nee
        description = f"{description} In de CSV: ja of nee."
    return Column(COLUMN_NAMES.get(name, name), description, lambda e, h, s: getattr(e.data, name))


@cache
def columns(kind: Kind[Any]) -> tuple[Column, ...]:
    """The CSV columns of a kind, in the order of the model's fields, between the id and the dates."""
    found = [Column("id", ADDED_FIELDS["id"], lambda e, h, s: e.id)]
    model: type[BaseModel] = kind.model
    for model_field in fields_of(model):
        special = _SPECIAL_COLUMNS.get(model_field.name)
        found.extend(special() if special is not None else [_field_column(model_field)])
    found += [
        Column("pagina", "Volledig webadres van de pagina van het item op de site.",
               lambda e, h, s: urls.absolute_entry(e, s)),
        Column("toegevoegd", "Datum waarop het item is toegevoegd (JJJJ-MM-DD), als bekend.",
               lambda e, h, s: h.added.get(e.path)),
        Column("gewijzigd", "Datum van de laatste wijziging (JJJJ-MM-DD), als bekend.",
               lambda e, h, s: h.changed.get(e.path)),
    ]
    return tuple(found)


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
    return csv_text(text)


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
    return [Output(urls.data_csv(kind), csv_data(kind, kb.of_kind(kind), history, site_url)) for kind in KINDS]
