"""Turn pydantic validation errors into Dutch problems pinned to the YAML node they are about."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from .documents import Document
from .problems import Problem, error
from .regions import did_you_mean

_PATTERN_HINTS = {
    "number": "bijvoorbeeld '1.3'",
    "lines": "bijvoorbeeld '147-184' of '12, 30-35'",
}


def validate(model: type[BaseModel], doc: Document) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(model, doc, err) for err in exc.errors(include_url=False)]


def field_label(loc: tuple[Any, ...]) -> str:
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += ("." if label else "") + str(part)
    return label or "het bestand"


def _describe(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return f"ja/nee-waarde ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"een getal ({value})"
    if isinstance(value, str):
        return f"tekst ('{value[:60]}')"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the last key of loc, to list its allowed fields."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = inner_model(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def _problem(model: type[BaseModel], doc: Document, err: dict[str, Any]) -> Problem:
    # Union and validator tags ('function-after[...]', 'str') are pydantic internals, not fields.
    loc = tuple(p for p in err["loc"] if isinstance(p, int) or ("[" not in p and p not in ("str", "int", "list")))
    kind = err["type"]
    name = field_label(loc)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        line, col = doc.mark(loc[:-1])
        message = f"verplicht veld '{name}' ontbreekt. Voeg een regel '{loc[-1]}: …' toe."
        return error(doc.path, line, col, message, "missing-field")
    if kind == "extra_forbidden":
        line, col = doc.mark(loc, key=True)
        owner = _model_at(model, loc)
        allowed = list(owner.model_fields) if owner else []
        hint = did_you_mean(str(loc[-1]), allowed) if allowed else ""
        listing = f" Toegestane velden hier: {', '.join(allowed)}." if allowed else ""
        return error(doc.path, line, col, f"onbekend veld '{loc[-1]}'.{hint}{listing}", "unknown-field")
    line, col = doc.mark(loc)
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
        prefix = f"{name}: " if loc else ""
        return error(doc.path, line, col, f"{prefix}{message}.", "invalid-value")
    if kind == "literal_error":
        options = [o.strip().strip("'") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return error(doc.path, line, col,
                     f"ongeldige waarde '{value}' voor '{name}'.{hint} Kies uit: {', '.join(options)}.",
                     "invalid-choice")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"):
        return error(doc.path, line, col,
                     f"'{name}' is geen geldige datum: '{value}'. Schrijf de datum als JJJJ-MM-DD, "
                     "bijvoorbeeld 2021-05-01.", "invalid-date")
    if kind == "list_type":
        example = f"[{value}]" if isinstance(value, (str, int, float)) else "[a, b]"
        return error(doc.path, line, col,
                     f"'{name}' moet een lijst zijn, maar is {_describe(value)}. Schrijf {example}, of zet elk item "
                     "op een eigen regel die begint met '- '.", "wrong-type")
    if kind in ("string_type",):
        return error(doc.path, line, col, f"'{name}' moet tekst zijn, maar is {_describe(value)}.", "wrong-type")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return error(doc.path, line, col, f"'{name}' moet een heel getal zijn, maar is {_describe(value)}.", "wrong-type")
    if kind in ("bool_type", "bool_parsing"):
        return error(doc.path, line, col, f"'{name}' moet true of false zijn, maar is {_describe(value)}.", "wrong-type")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return error(doc.path, line, col,
                     f"'{name}' moet een blok met velden zijn (ingesprongen regels 'naam: waarde'), maar is "
                     f"{_describe(value)}.", "wrong-type")
    if kind == "string_too_short":
        return error(doc.path, line, col, f"'{name}' mag niet leeg zijn.", "empty-value")
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return error(doc.path, line, col, f"'{name}' heeft minstens {need} item{'s' if need != 1 else ''} nodig.",
                     "too-short")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        word = "minstens" if kind.startswith("greater") else "hoogstens"
        return error(doc.path, line, col, f"'{name}' moet {word} {bound} zijn, maar is {value}.", "out-of-range")
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(loc[-1]) if loc else "", "")
        return error(doc.path, line, col,
                     f"'{name}' heeft niet de juiste vorm ('{value}'){'; ' + hint if hint else ''}.", "bad-format")
    return error(doc.path, line, col, f"'{name}': {err['msg']}.", kind.replace("_", "-"))
