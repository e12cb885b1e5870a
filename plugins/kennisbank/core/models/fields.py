"""The one field table: every field of every model as a contributor sees it, derived once from the pydantic models.

This is the only place that reads pydantic annotations for what a field holds. The field reference, the JSON Schema
check, the web-address policy of the loader, `kennisbank new` and the issue forms all read this table, so a field
added to a model reaches all of them without a change elsewhere.

There are no Markdown fields: every field is plain text or a value; the Markdown of an entry is its body, below the
front matter.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import KIND_BY_NAME, EntryModel, Kind
from .common import check_url

ValueType = Literal["text", "url", "number", "date", "bool", "choice", "ref", "block"]
"""What one value of a field is: plain text, a web address, a whole number, a date (YYYY-MM-DD), true/false, one of
fixed choices, the id of another entry, or a block of fields of its own (a place, a citation, …)."""

Model = type[BaseModel]  # spelled once outside ModelField, whose attribute 'type' hides the builtin inside the class


@dataclass(frozen=True, eq=False)
class ModelField:
    """One field of a model: its place in an entry, what a contributor writes in it, and whether that is needed."""

    name: str
    path: tuple[str, ...]  # names from the top of the entry, list positions left out: ('region', 'places', 'gemeente')
    owner: Model  # the model that declares the field: one value can be validated on its own through it
    type: ValueType
    many: bool  # a list of values of that type
    required: bool
    description: str  # Dutch, from the model
    default: Any = None  # the value when left out (None also when there is none; lists as tuples)
    choices: tuple[str, ...] = ()  # type 'choice': the allowed values, in the model's order
    ref: Kind[EntryModel] | None = None  # type 'ref': the kind whose ids the field holds
    block: Model | None = None  # type 'block': the model of the block
    fields: tuple[ModelField, ...] = ()  # type 'block': the fields of the block, with paths below this one

    @property
    def key(self) -> str:
        """The dotted path, as contributors name a field of a block ('region.places')."""
        return ".".join(self.path)

    @property
    def label(self) -> str:
        """What the field is called in Dutch, for whoever never opens the file ('plaatsen', 'website bekeken op')."""
        return LABELS[self.name][0]

    @property
    def item_label(self) -> str:
        """One item of a list field in Dutch, to number them ('plaats' → 'plaats 2'); the label otherwise."""
        return LABELS[self.name][1]

    @property
    def only_with(self) -> str | None:
        """The field of the same block without which this one means nothing and is not asked (None: always asked)."""
        return ONLY_WITH.get(self.name)


LABELS: dict[str, tuple[str, str]] = {
    # field name (the same name means the same thing in every model) → (Dutch label, one item of a list)
    "title": ("titel", "titel"), "question": ("centrale vraag", "centrale vraag"),
    "summary": ("samenvatting", "samenvatting"), "order": ("volgorde", "volgorde"),
    "sectors": ("sectoren", "sector"), "provenance": ("herkomst", "brondocument"),
    "document": ("brondocument", "brondocument"), "lines": ("regels", "regels"),
    "themes": ("thema's", "thema"), "number": ("nummer", "nummer"), "age_groups": ("leeftijdsgroepen", "leeftijdsgroep"),
    "questions": ("gespreksvragen", "gespreksvraag"), "ratings": ("waarderingen", "waardering"),
    "scheme": ("toolkit", "toolkit"), "strand": ("onderdeel", "onderdeel"),
    "url": ("webadres", "webadres"), "read_on": ("gelezen op", "gelezen op"),
    "impact_months": ("effect", "effect"), "strength": ("bewijskracht", "bewijskracht"),
    "strength_text": ("bewijskracht in woorden", "bewijskracht in woorden"), "cost": ("kosten", "kosten"),
    "version": ("versie", "versie"), "note": ("toelichting", "toelichting"),
    "ratings_checked": ("toolkits nagekeken op", "toolkits nagekeken op"), "sources": ("bronnen", "bron"),
    "authors": ("makers", "maker"), "publisher": ("uitgever", "uitgever"), "year": ("jaar", "jaar"),
    "related": ("verwante kaarten", "verwante kaart"), "outlet": ("medium", "medium"),
    "media_type": ("soort medium", "soort medium"), "language": ("taal", "taal"),
    "practices": ("praktijkkaarten", "praktijkkaart"), "scope": ("bereik", "bereik"),
    "places": ("plaatsen", "plaats"), "provincie": ("provincie", "provincie"), "gemeente": ("gemeente", "gemeente"),
    "plaats": ("plaats", "plaats"), "place_note": ("toelichting op de plaats", "toelichting op de plaats"),
    "place_sources": ("bronnen voor de plaats", "bron voor de plaats"),
    "seen": ("bekeken op", "bekeken op"), "organisation": ("organisatie", "organisatie"),
    "url_seen": ("webadres bekeken op", "webadres bekeken op"),
    "url_found_on": ("webadres gevonden op", "webadres gevonden op"), "contact": ("contactroute", "contactroute"),
    "kind": ("soort pagina", "soort pagina"), "found_on": ("gevonden op", "gevonden op"),
    "source": ("bron", "bron"), "region": ("regio", "regio"), "name": ("naam", "naam"),
    "date": ("datum", "datum"), "venue": ("locatie", "locatie"), "place": ("plaats van de locatie", "plaats"),
    "organiser": ("organisator", "organisator"), "held": ("geweest", "geweest"),
    "statements": ("stellingen", "stelling"), "key": ("sleutel", "sleutel"), "text": ("stelling", "stelling"),
    "role": ("rol", "rol"), "reason": ("waarom dit past", "waarom dit past"),
    "agenda": ("agenda", "agendapunt"), "theme": ("thema", "thema"), "notes": ("aantekeningen", "aantekening"),
    "prepare": ("voorbereiding", "voorbereiding"), "sections": ("onderdelen", "onderdeel"),
    "fiction": ("fictie", "fictie"), "meaning": ("betekenis", "betekenis"), "forms": ("schrijfwijzen", "schrijfwijze"),
}
"""The Dutch name of every field: `kennisbank new` asks and names fields by it, and the open data's vocabulary titles
its keys with it (outputs/data/vocabulary.py). A test keeps it complete."""

def location(model: type[BaseModel], path: tuple[Any, ...]) -> str:
    """Where a value sits in an entry, in the Dutch of the field table, for contributors who are no programmers.

    `path` runs through the data: field names and list positions from 0 ('ratings', 0, 'scheme'). A position is
    counted from 1 and called an item in a list of blocks and a value in a list of values: ('age_groups', 1) →
    'leeftijdsgroepen, 2e waarde', ('ratings', 0, 'scheme') → 'waarderingen, 1e item: toolkit'. A name the model
    does not have (a field that should not be there) stays as written, because that is what the file shows."""
    fields, field = fields_of(model), None
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            noun = "item" if field is not None and field.type == "block" else "waarde"
            where = f"{part + 1}e {noun}"
            parts.append(f"{parts.pop()}, {where}" if parts else where)
        else:
            field = next((f for f in fields if f.name == part), None)
            parts.append(field.label if field is not None else str(part))
            fields = field.fields if field is not None else ()
    return ": ".join(parts) or "het bestand"


ONLY_WITH = {"url_seen": "url", "url_found_on": "url"}
"""Fields that belong to another field of their block: without a website there is no date it was looked up."""


@cache
def fields_of(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> tuple[ModelField, ...]:
    """The fields of a model in its own order; `prefix` is the path of the block the model sits in."""
    return tuple(_field(model, name, info, (*prefix, name)) for name, info in model.model_fields.items())


def walk(fields: Iterable[ModelField]) -> Iterator[ModelField]:
    """Every field, each block followed by its own fields (depth first, in the models' order)."""
    for field in fields:
        yield field
        yield from walk(field.fields)


def values_of(model: type[BaseModel]) -> list[ModelField]:
    """Every field that takes a value itself, the fields of blocks included and the blocks left out."""
    return [field for field in walk(fields_of(model)) if field.type != "block"]


def blocks_of(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The block models (Place, Citation, Rating, …) a model uses, at any depth, in the order they first appear."""
    found: dict[type[BaseModel], None] = {}
    for field in walk(fields_of(model)):
        if field.block is not None:
            found.setdefault(field.block)
    return list(found)


def _field(owner: type[BaseModel], name: str, info: FieldInfo, path: tuple[str, ...]) -> ModelField:
    value, many, metadata = _unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]  # pydantic lifts the outer Annotated of a field into info.metadata
    extra = info.json_schema_extra
    ref = extra.get("x-ref") if isinstance(extra, dict) else None
    common = {"name": name, "path": path, "owner": owner, "many": many, "required": info.is_required(),
              "description": info.description or "", "default": _default(info)}
    if isinstance(ref, str):
        return ModelField(type="ref", ref=KIND_BY_NAME[ref], **common)
    if typing.get_origin(value) is Literal:
        return ModelField(type="choice", choices=tuple(str(choice) for choice in typing.get_args(value)), **common)
    if isinstance(value, type) and issubclass(value, BaseModel):
        return ModelField(type="block", block=value, fields=fields_of(value, path), **common)
    if value is str:
        is_url = any(getattr(item, "func", None) is check_url for item in metadata)
        return ModelField(type="url" if is_url else "text", **common)
    simple: dict[Any, ValueType] = {bool: "bool", int: "number", dt.date: "date"}
    if value in simple:
        return ModelField(type=simple[value], **common)
    # A new kind of value needs a word for contributors here, in the field reference and in `kennisbank new`.
    raise TypeError(f"{owner.__name__}.{name}: the field table has no type for {info.annotation!r}")


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The type of one value under Optional, list and Annotated; whether it is a list; the Annotated metadata."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        value, many, metadata = _unwrap(args[0])
        return value, many, [*annotation.__metadata__, *metadata]
    if origin in (typing.Union, types.UnionType):
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return _unwrap(rest[0])
    if origin is list:
        value, _many, metadata = _unwrap(args[0])
        return value, True, metadata
    return annotation, False, []


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        value = info.get_default(call_default_factory=True, validated_data={})
        return tuple(value) if isinstance(value, list) else value
    return None if info.default is PydanticUndefined else info.default
