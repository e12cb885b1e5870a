"""JSON Schema of every entry kind and a field reference for contributors, both from the models and their field table."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from kennisbank.core.models import KINDS, Kind
from kennisbank.core.models.fields import ModelField, blocks_of, fields_of


def json_schema(kind: Kind) -> dict[str, Any]:
    """The content schema of a kind, a fresh copy each time (callers add to it)."""
    return copy.deepcopy(_json_schema(kind))


@cache
def _json_schema(kind: Kind) -> dict[str, Any]:
    # pydantic's own schema: it says exactly what validation accepts (lengths, patterns, ranges) beyond the table.
    # Made once per process: it depends on the models only, and every rebuild under `serve` needs it again.
    schema = kind.model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{kind.label} (content/{kind.folder}/)"
    return schema


def schema_files() -> dict[str, str]:
    """File name → JSON text, for `kennisbank schema` and the test that keeps schema/ up to date."""
    return {f"{kind.folder}.schema.json": json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for kind in KINDS}


@dataclass(frozen=True)
class FieldDoc:
    name: str
    required: bool
    type: str
    description: str


# Web addresses and ids are written as text, and the reference says so; the description tells what text.
_WORDS = {"text": "tekst", "url": "tekst", "ref": "tekst", "number": "getal", "bool": "true/false",
          "date": "datum (JJJJ-MM-DD)"}


def type_words(field: ModelField) -> str:
    """What the field reference says a field holds: 'tekst', 'lijst van Place', 'een van: nl, en', …"""
    if field.type == "choice":
        one = "een van: " + ", ".join(field.choices)
    elif field.block is not None:
        one = field.block.__name__
    else:
        one = _WORDS[field.type]
    return f"lijst van {one}" if field.many else one


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    return [FieldDoc(field.name, field.required, type_words(field), field.description) for field in fields_of(model)]


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Sub-blocks (Place, Citation, Rating, …) used by a model, in first-use order."""
    return blocks_of(model)
