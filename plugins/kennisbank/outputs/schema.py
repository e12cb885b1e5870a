"""JSON Schema of every entry kind and a field reference for contributors, both from the pydantic models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from kennisbank.core.models import KINDS, Kind


def json_schema(kind: Kind) -> dict[str, Any]:
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


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) or str(annotation)
    origin = getattr(annotation, "__origin__", None)
    args = getattr(annotation, "__args__", ())
    if origin is list:
        return f"lijst van {_type_name(args[0])}" if args else "lijst"
    if args and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return _type_name(rest[0]) if len(rest) == 1 else " of ".join(_type_name(a) for a in rest)
    if str(origin).endswith("Literal"):
        return "een van: " + ", ".join(str(a) for a in args)
    if getattr(annotation, "__metadata__", None) is not None:
        return _type_name(annotation.__origin__)
    return {"str": "tekst", "int": "getal", "bool": "true/false", "date": "datum (JJJJ-MM-DD)"}.get(text, text)


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    return [FieldDoc(name, info.is_required(), _type_name(info.annotation), info.description or "")
            for name, info in model.model_fields.items()]


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Sub-blocks (Place, Citation, Rating, …) used by a model, in first-use order."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        for arg in getattr(annotation, "__args__", ()):
            visit(arg)

    for info in model.model_fields.values():
        visit(info.annotation)
    return found
