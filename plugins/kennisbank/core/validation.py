"""Turn pydantic validation errors into Dutch problems pinned to the YAML node they are about."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from .documents import Document
from .models.fields import fields_of, location
from .problems import Problem, error
from .suggestions import did_you_mean

_PATTERN_HINTS = {
    "number": "bijvoorbeeld '1.3'",
    "lines": "bijvoorbeeld '147-184' of '12, 30-35'",
}


def validate(model: type[BaseModel], doc: Document) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(model, doc, err) for err in exc.errors(include_url=False, include_context=True)]


def _describe(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return f"ja/nee-waarde ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"een getal ({value})"
    if isinstance(value, str):
        return f"tekst ('{_short(value)}')"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the last key of loc, to list its allowed fields."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = next((f for f in fields_of(current) if f.name == part), None) if current is not None else None
        if field is None:
            return None
        current = field.block
    return current


def data_path(data: Any, loc: tuple[Any, ...], *, missing: bool = False) -> tuple[Any, ...]:
    """The part of a pydantic error location that is a path through the data itself.

    pydantic mixes validator and union tags ('function-after[...]', 'str', 'Citation') into locations. We
    keep a part only where the data really has that key or index, so a field that happens to be called
    'str' or contains '[' is never mistaken for a tag. For a missing field the last part is the key that
    is absent, so it is kept too."""
    path: list[Any] = []
    current = data
    for index, part in enumerate(loc):
        if _has_step(current, part):
            path.append(part)
            current = current[part]
        elif missing and index == len(loc) - 1 and isinstance(current, dict):
            path.append(part)
    return tuple(path)


def _has_step(data: Any, part: Any) -> bool:
    """Whether part is a key of data (a mapping) or an index into it (a list)."""
    if isinstance(data, dict):
        return isinstance(part, str) and part in data
    if isinstance(data, list):
        return isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(data)
    return False


def _problem(model: type[BaseModel], doc: Document, err: Mapping[str, Any]) -> Problem:
    kind = err["type"]
    loc = data_path(doc.data, tuple(err["loc"]), missing=kind == "missing")
    if kind == "missing":
        line, col = doc.mark(loc[:-1])
        return error(doc.path, line, col,
                     f"verplicht veld '{location(model, loc)}' ontbreekt. Voeg een regel '{loc[-1]}: …' toe.",
                     "missing-field")
    if kind == "extra_forbidden":
        line, col = doc.mark(loc, key=True)
        owner = _model_at(model, loc)
        allowed = list(owner.model_fields) if owner else []
        hint = did_you_mean(str(loc[-1]), allowed) if allowed and loc else ""
        listing = f" Toegestane velden hier: {', '.join(allowed)}." if allowed else ""
        return error(doc.path, line, col, f"onbekend veld '{loc[-1] if loc else ''}'.{hint}{listing}", "unknown-field")
    line, col = doc.mark(loc)
    message, code = _message(kind, location(model, loc), loc, err.get("input"), err.get("ctx") or {})
    return error(doc.path, line, col, message, code)


def _short(value: Any) -> str:
    text = str(value)
    return text[:60] + ("…" if len(text) > 60 else "")


_DATE = ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type", "date_past",
         "date_future", "datetime_parsing", "datetime_type", "datetime_from_date_parsing")
_TEXT = ("string_type", "string_sub_type", "string_unicode", "str_type")
_INTEGER = ("int_type", "int_parsing", "int_from_float", "int_parsing_size", "float_type", "float_parsing",
            "finite_number", "decimal_type", "decimal_parsing", "number_type")
_BOOL = ("bool_type", "bool_parsing")
_BLOCK = ("model_type", "dict_type", "model_attributes_type", "dataclass_type", "mapping_type")
_LIST = ("list_type", "tuple_type", "set_type", "iterable_type", "sequence_str")
_BOUNDS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")

DUTCH_ERROR_TYPES = frozenset({
    "missing", "extra_forbidden", "value_error", "assertion_error", "literal_error", "enum", "string_too_short", "string_too_long",
    "too_short", "too_long", "string_pattern_mismatch", "url_parsing", "url_scheme", "url_type", "url_syntax_violation",
    "frozen_instance", "frozen_field", "is_instance_of", "none_required", "recursion_loop", "union_tag_invalid",
    "union_tag_not_found", *_DATE, *_TEXT, *_INTEGER, *_BOOL, *_BLOCK, *_LIST, *_BOUNDS,
})
"""pydantic error types with a message of their own; any other type still gets a Dutch (general) message."""


def _message(kind: str, name: str, loc: tuple[Any, ...], value: Any, ctx: Mapping[str, Any]) -> tuple[str, str]:
    """A Dutch message and problem code for one pydantic error type. Never pydantic's English text."""
    if kind in ("value_error", "assertion_error"):
        reason = ctx.get("error")
        text = str(reason) if isinstance(reason, (ValueError, AssertionError)) else "de waarde klopt niet"
        return (f"{name + ': ' if loc else ''}{text}.", "invalid-value")
    if kind in ("literal_error", "enum"):
        options = [o.strip().strip("'") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return (f"ongeldige waarde '{_short(value)}' voor '{name}'.{hint} Kies uit: {', '.join(options)}.",
                "invalid-choice")
    if kind in _DATE:
        return (f"'{name}' is geen geldige datum: '{_short(value)}'. Schrijf de datum als JJJJ-MM-DD, "
                "bijvoorbeeld 2021-05-01.", "invalid-date")
    if kind in _LIST:
        example = f"[{_short(value)}]" if isinstance(value, (str, int, float)) else "[a, b]"
        return (f"'{name}' moet een lijst zijn, maar is {_describe(value)}. Schrijf {example}, of zet elk item "
                "op een eigen regel die begint met '- '.", "wrong-type")
    if kind in _TEXT:
        return f"'{name}' moet tekst zijn, maar is {_describe(value)}.", "wrong-type"
    if kind in _INTEGER:
        return f"'{name}' moet een heel getal zijn, maar is {_describe(value)}.", "wrong-type"
    if kind in _BOOL:
        return f"'{name}' moet true of false zijn, maar is {_describe(value)}.", "wrong-type"
    if kind in _BLOCK:
        return (f"'{name}' moet een blok met velden zijn (ingesprongen regels 'naam: waarde'), maar is "
                f"{_describe(value)}.", "wrong-type")
    if kind in ("string_too_short",):
        return f"'{name}' mag niet leeg zijn.", "empty-value"
    if kind == "string_too_long":
        return f"'{name}' is te lang (hoogstens {ctx.get('max_length')} tekens).", "too-long"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"'{name}' heeft minstens {need} item{'s' if need != 1 else ''} nodig.", "too-short"
    if kind == "too_long":
        return f"'{name}' heeft te veel items (hoogstens {ctx.get('max_length')}).", "too-long"
    if kind in _BOUNDS:
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        word = "minstens" if kind.startswith("greater") else "hoogstens"
        return f"'{name}' moet {word} {bound} zijn, maar is {_short(value)}.", "out-of-range"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(loc[-1]) if loc else "", "")
        return f"'{name}' heeft niet de juiste vorm ('{_short(value)}'){'; ' + hint if hint else ''}.", "bad-format"
    if kind.startswith("url"):
        return f"'{name}' is geen geldig webadres: '{_short(value)}'.", "invalid-value"
    # Types our models cannot raise today (a test enumerates the ones they can); still Dutch, never English.
    return (f"'{name}' heeft een ongeldige waarde ({_describe(value)}). Vergelijk het veld met de uitleg op de "
            "pagina 'Alle velden'.", "invalid-value")
