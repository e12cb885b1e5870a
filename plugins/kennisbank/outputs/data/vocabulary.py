"""The one vocabulary of the open data: every key of the JSON, CSV and GeoJSON files with its Dutch title,
meaning, type and unit, derived from the field table.

A key means the same everywhere. JSON records use the model's field names (as in the content files); a CSV column
is the JSON path of its value with '_' between the names ('ratings_impact_months' holds 'impact_months' of every
rating); a GeoJSON point has the keys of its initiative and of its place. `url` is always the address the source
or organisation gives; `page_url` is always the item's page on this site.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from kennisbank.core.models import INITIATIVE, KINDS, Kind
from kennisbank.core.models.common import Place
from kennisbank.core.models.fields import LABELS, ModelField, fields_of

LIST_SEPARATOR = " | "
"""Between the values of a list in one CSV cell."""

_OTHER_KEYS = {
    "id": "Id", "kind": "Soort", "page_url": "Pagina op de site", "body": "Tekst", "added": "Toegevoegd",
    "changed": "Gewijzigd", "provincie_code": "CBS-code provincie", "gemeente_code": "CBS-code gemeente",
    "centroid": "Middelpunt van",
}
"""Titles of the keys that are not a field of a model; 'kind' is the kind of an entry here, not a contact page's."""
TITLES: dict[str, str] = {name: label[:1].upper() + label[1:] for name, (label, _item) in LABELS.items()} | _OTHER_KEYS
"""Dutch titles of the keys (the Table Schema `title`). A field missing here gets its name as title: still correct."""

UNITS: dict[str, str] = {
    "impact_months": "maanden extra leervoortgang", "strength": "slotjes, 0 tot 5", "cost": "1 (heel laag) tot 5",
    "year": "jaartal", "order": "rangnummer",
}
"""Units of numbers; dates are always JJJJ-MM-DD (ISO 8601)."""

_TABLE_TYPES = {"text": "string", "url": "string", "ref": "string", "choice": "string", "number": "integer",
                "date": "date", "bool": "boolean"}
_TYPE_WORDS = {"string": "tekst", "integer": "geheel getal", "date": "datum", "boolean": "ja/nee"}


@dataclass(frozen=True)
class DataKey:
    """One key of the open data: the same name, meaning and type in every file that has it."""

    key: str
    description: str
    type: str  # Table Schema type: string, integer, date, boolean or list
    path: tuple[str, ...] = ()  # where the value sits in a JSON record; () for keys outside the records
    item_type: str | None = None  # of a list
    format: str | None = None  # 'uri' for web addresses
    choices: tuple[str, ...] = ()
    ref: Kind[Any] | None = None  # the kind whose ids the key holds
    required: bool = False
    value_type: str = ""  # the type of one value, also in a list (whose items the Table Schema leaves text)

    @property
    def title(self) -> str:
        """Dutch: 'Effect', or 'Waarderingen: effect' for a key inside a block."""
        words = [TITLES.get(name, name) for name in self.path or (self.key,)]
        return words[0] + "".join(": " + word[0].lower() + word[1:] for word in words[1:])

    @property
    def json_path(self) -> str:
        """Where the value is in a JSON record, for the page: 'ratings[].impact_months'."""
        return ".".join(self.path) if self.path else self.key

    @property
    def unit(self) -> str:
        if self.path and self.path[-1] in UNITS:
            return UNITS[self.path[-1]]
        return "JJJJ-MM-DD" if "date" in (self.type, self.value_type) else ""

    @property
    def type_words(self) -> str:
        """What the key holds, in Dutch: 'tekst', 'webadres', 'lijst van id's van thema's', 'een van: po, vo'."""
        base = self.value_type or self.item_type or self.type
        one = _TYPE_WORDS.get(base, base)
        if self.format == "uri":
            one = "webadres"
        if self.ref is not None:
            one = f"id van {self.ref.label}"
        if self.choices:
            one = "een van: " + ", ".join(self.choices)
        return f"lijst ({one})" if self.type == "list" else one


def _key(field: ModelField, path: tuple[str, ...], in_list: bool, description: str, within: bool = True) -> DataKey:
    """`within`: whether the block the field sits in is always there (a field of an optional block can be empty)."""
    table_type = _TABLE_TYPES[field.type]
    many = in_list or field.many
    return DataKey(
        key="_".join(path), description=description, path=path,
        type="list" if many else table_type,
        # List items stay text: an empty item (a rating without a cost) or a neutralised '-1' is not a number.
        item_type="string" if many else None,
        format="uri" if field.type == "url" else None,
        choices=field.choices, ref=field.ref, required=field.required and within and not in_list,
        value_type=table_type)


PLACE_CODES: dict[str, str] = {
    "provincie_code": "CBS-code van de provincie (PV20 tot en met PV31).",
    "gemeente_code": "CBS-code van de gemeente (GM en vier cijfers); leeg als de plaats een hele provincie is.",
}
"""Keys every place has next to its own fields, placed right after the name they code."""


def _place_code(name: str, path: tuple[str, ...], in_list: bool, note: str = "", within: bool = True) -> DataKey:
    key_path = (*path, name)
    return DataKey("_".join(key_path), PLACE_CODES[name] + note, "list" if in_list else "string", key_path,
                   item_type="string" if in_list else None,
                   required=name == "provincie_code" and within and not in_list)


def _flatten(field: ModelField, prefix: tuple[str, ...], in_list: bool, note: str,
             within: bool = True) -> Iterator[DataKey]:
    """A block's fields as keys with the block's path in front: 'ratings' gives 'ratings_scheme', … Inside a list
    of blocks every key is a list with one value per block, in order (lists in lists are joined)."""
    path = (*prefix, field.name)
    if field.block is None:
        yield _key(field, path, in_list, field.description + note, within)
        return
    inner_list = in_list or field.many
    inner_within = within and field.required
    inner_note = note or (f" Een waarde per blok in {field.name}, in dezelfde volgorde." if field.many else "")
    for sub in field.fields:
        if inner_list and sub.many and sub.block is None:  # a list in a list of blocks: all values in one list
            yield _key(sub, (*path, sub.name), True, f"{sub.description} De waarden van alle blokken in "
                       f"{field.name} achter elkaar.")
            continue
        yield from _flatten(sub, path, inner_list, inner_note, inner_within)
        if field.block is Place and sub.name in ("provincie", "gemeente"):
            yield _place_code(f"{sub.name}_code", path, inner_list, inner_note, inner_within)


ADDED_KEYS: dict[str, DataKey] = {key.key: key for key in (
    DataKey("id", "Id van het item: de bestandsnaam zonder extensie. Blijft hetzelfde zolang het item bestaat.",
            "string", ("id",), required=True),
    DataKey("kind", f"Soort item ({', '.join(k.name for k in KINDS[:-1])} of {KINDS[-1].name}).",
            "string", ("kind",), required=True),
    DataKey("page_url", "Volledig webadres van de pagina van het item op deze site. (Het veld url is altijd het "
                        "webadres dat de bron of organisatie zelf geeft.)", "string", ("page_url",), format="uri",
            required=True),
    DataKey("body", "De tekst van het item in Markdown, zoals op de pagina (leeg als het item geen tekst heeft). "
                    "Ontbreekt bij begrippen. Alleen in de JSON.", "string", ("body",)),
    DataKey("added", "Datum waarop het item aan de kennisbank is toegevoegd, als bekend (anders leeg of null).",
            "date", ("added",)),
    DataKey("changed", "Datum van de laatste wijziging, als bekend (anders leeg of null).", "date", ("changed",)),
)}
"""Keys every record has next to the model's own fields."""


@cache
def csv_keys(kind: Kind[Any]) -> tuple[DataKey, ...]:
    """The columns of a kind's CSV file: the id, every field of the model (blocks flattened), the page and the
    dates. The Markdown text and the kind (the same on every row) are only in the JSON."""
    keys = [ADDED_KEYS["id"]]
    model: type[BaseModel] = kind.model
    for field in fields_of(model):
        keys.extend(_flatten(field, (), False, ""))
    keys += [ADDED_KEYS["page_url"], ADDED_KEYS["added"], ADDED_KEYS["changed"]]
    return tuple(keys)


def _top(kind: Kind[Any], name: str) -> ModelField:
    model: type[BaseModel] = kind.model
    return next(field for field in fields_of(model) if field.name == name)


def _place(name: str) -> ModelField:
    return next(field for field in fields_of(Place) if field.name == name)


@cache
def geojson_keys() -> tuple[DataKey, ...]:
    """The properties of every point on the map: the initiative's keys and those of the place the point is for."""
    initiative = [_key(_top(INITIATIVE, name), (name,), False, _top(INITIATIVE, name).description)
                  for name in ("title", "summary", "url", "scope")]
    place: list[DataKey] = []
    for name in ("provincie", "gemeente", "plaats"):
        place.append(_key(_place(name), (name,), False, _place(name).description))
        if name != "plaats":
            place.append(_place_code(f"{name}_code", (), False))
    centroid = DataKey("centroid", "Welk middelpunt het punt is: dat van de gemeente of dat van de hele provincie. "
                                   "Het punt is dus niet het adres van het initiatief.", "string", ("centroid",),
                       choices=("gemeente", "provincie"), required=True)
    return (ADDED_KEYS["id"], *initiative[:2], ADDED_KEYS["page_url"], *initiative[2:], *place, centroid)
