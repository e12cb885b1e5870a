"""Text a contributor typed (or an issue gave) → field values, read through the field table, with what is wrong."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, create_model

from kennisbank.core.documents import Document
from kennisbank.core.models import INITIATIVE, EntryModel, Kind
from kennisbank.core.models.common import Place, StrictModel
from kennisbank.core.models.fields import ModelField, fields_of, location
from kennisbank.core.problems import visible
from kennisbank.core.regions import PROVINCES, municipalities
from kennisbank.core.safety import scan, scan_plain
from kennisbank.core.suggestions import did_you_mean, fold
from kennisbank.core.validation import validate

from .content_index import ContentIndex

SPLIT = re.compile(r"[,;\s]+")
"""Between the ids or choices of one answer: ids and choices never hold a space or comma."""
_INTEGER = re.compile(r"[-+]?[0-9]{1,15}\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_YES = {"ja", "j", "true", "waar", "yes", "y"}
_NO = {"nee", "n", "false", "onwaar", "no"}


def is_place(field: ModelField) -> bool:
    """A place is one answer ('Provincie/Gemeente/plaats'), not three."""
    return field.block is Place


def is_block(field: ModelField) -> bool:
    """A block whose fields are answered one by one (sources, ratings, a region, …)."""
    return field.type == "block" and not is_place(field)


def answered(fields: Iterable[ModelField]) -> list[ModelField]:
    """Every field a contributor gives a value for, the fields of blocks by their dotted keys."""
    return [inner for field in fields for inner in (answered(field.fields) if is_block(field) else [field])]


def yes(answer: str) -> bool:
    return fold(answer) in _YES


def _hidden(char: str) -> bool:
    category = unicodedata.category(char)
    # Soft hyphen and the joiners in emoji are harmless; other format characters reorder or hide text.
    return category == "Cc" or (category == "Cf" and char not in "\u00ad\u200c\u200d")


def clean_text(text: str) -> tuple[str, str | None]:
    """One line of plain text: runs of white space (newlines too) become one space. Control and direction
    characters are refused: written into YAML they would be escaped, and then no check would see them."""
    collapsed = " ".join(text.split())
    hidden = next((c for c in collapsed if _hidden(c)), None)
    if hidden is not None:
        return collapsed, (f"onzichtbaar teken (code U+{ord(hidden):04X}) in de tekst; typ de tekst opnieuw zonder "
                           "dat teken. Zulke tekens komen vaak mee bij kopiëren uit Word of een pdf")
    return collapsed, None


def markup_problems(text: str, *, markdown: bool = False, url: bool = False) -> list[str]:
    """What the unsafe-content policy (safety.py) says about one answer, in words that fit its field: a Markdown
    field is held to the Markdown rules (scan), a plain-text field takes no markup at all (scan_plain) and is
    never told to write Markdown instead, because it would not take that either."""
    found = scan(text) if markdown else scan_plain(text, url=url)
    messages: list[str] = []
    for offset, code, message in found:
        if not markdown and (code == "raw-html" or "Markdown" in message):
            end = text.find(">", offset)
            tag = text[offset:end + 1 if 0 <= end < offset + 60 else offset + 20]
            message = (f"dit veld is gewone tekst, zonder opmaak: '{visible(tag)}' hoort er niet in. Laat de "
                       "HTML-tag weg en schrijf alleen de tekst")
        message = message.rstrip(".")
        if message not in messages:
            messages.append(message)
    return messages


def parse_place(text: str) -> tuple[dict[str, str] | None, str | None]:
    """'Provincie', 'Gemeente', 'Provincie/Gemeente', 'Gemeente/plaats' or 'Provincie/Gemeente/plaats' →
    a place with official spellings. A name that is both (Utrecht, Groningen) means the province; the
    municipality is then 'Utrecht/Utrecht'."""
    parts = [part.strip() for part in text.split("/")]
    if not all(parts) or len(parts) > 3:
        return None, (f"'{visible(text)}' is geen plaats. Schrijf 'Provincie', 'Gemeente' of 'Provincie/Gemeente', "
                      "bijvoorbeeld 'Noord-Holland/Hilversum'")
    provinces = {fold(name): name for name in PROVINCES}
    known = municipalities()
    by_fold = {fold(name): name for name in known}
    if fold(parts[0]) in provinces:
        place = {"provincie": provinces[fold(parts[0])]}
        rest = parts[1:]
        if not rest:
            return place, None
        gemeente = by_fold.get(fold(rest[0]))
        if gemeente is None:
            in_province = [m.name for m in known.values() if m.province == place["provincie"]]
            hint = did_you_mean(rest[0], in_province) or did_you_mean(rest[0], known)
            return None, (f"onbekende gemeente '{visible(rest[0])}' in {place['provincie']}.{hint} Gebruik de "
                          "officiële naam, zoals het CBS haar schrijft")
        if known[gemeente].province != place["provincie"]:
            return None, f"gemeente '{gemeente}' ligt in {known[gemeente].province}, niet in {place['provincie']}"
        place["gemeente"] = gemeente
        rest = rest[1:]
    else:
        gemeente = by_fold.get(fold(parts[0]))
        if gemeente is None:
            return None, (f"onbekende provincie of gemeente '{visible(parts[0])}'."
                          f"{did_you_mean(parts[0], [*PROVINCES, *known])} Gebruik de officiële naam, zoals het CBS "
                          "haar schrijft; een dorp of wijk zet je achter de gemeente, bijvoorbeeld "
                          "'Twenterand/Westerhaar'")
        place = {"provincie": known[gemeente].province, "gemeente": gemeente}
        rest = parts[1:]
    if len(rest) > 1:
        return None, f"'{visible(text)}' heeft te veel delen; schrijf 'Provincie/Gemeente/plaats'"
    if rest:
        place["plaats"] = rest[0]
    return place, None


def _scalar(field: ModelField, text: str) -> Any:
    """The typed value of one answer. Text that does not fit the type stays text: the check then explains what
    is wrong with it, with the same message as for a file written by hand."""
    if field.type == "number" and _INTEGER.match(text):
        return int(text)
    if field.type == "bool" and fold(text) in _YES | _NO:
        return fold(text) in _YES
    if field.type == "date" and _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if field.type == "choice":
        return {fold(choice): choice for choice in field.choices}.get(fold(text), text)
    if field.type == "ref":
        return text.lower()
    return text


def convert(field: ModelField, texts: Sequence[str]) -> tuple[Any, list[str]]:
    """The value of a field from the texts given for it (None: leave the field out) and what is wrong."""
    errors: list[str] = []
    cleaned: list[str] = []
    for text in texts:
        line, problem = clean_text(text)
        if problem:
            errors.append(problem)
            continue
        markup = markup_problems(line, url=field.type == "url")
        if markup:
            errors.extend(markup)
        elif line:
            cleaned.append(line)
    if errors or not cleaned:
        return None, errors
    if is_place(field):
        places = []
        for text in cleaned:
            place, problem = parse_place(text)
            if problem:
                errors.append(problem)
            elif place is not None:
                places.append(place)
        if errors:
            return None, errors
        if not field.many and len(places) > 1:
            return None, [f"'{field.key}' is één plaats, maar er zijn er {len(places)} gegeven"]
        return (places if field.many else places[0]), []
    if field.many:
        if field.type in ("ref", "choice"):
            items = [item for text in cleaned for item in SPLIT.split(text) if item]
        else:
            items = cleaned
        return [_scalar(field, item) for item in items], []
    if len(cleaned) > 1:
        return None, [f"'{field.key}' heeft één waarde, maar er zijn er {len(cleaned)} gegeven"]
    return _scalar(field, cleaned[0]), []


def unknown_keys(model: type[BaseModel], keys: Iterable[str]) -> list[str]:
    known = [field.key for field in answered(fields_of(model))]
    return [f"onbekend veld '{visible(key)}'.{did_you_mean(key, known)} Velden: {', '.join(known)}"
            for key in keys if key not in known]


def values_from_pairs(model: type[BaseModel], pairs: Sequence[tuple[str, str]], index: ContentIndex | None = None
                      ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Field values from (key, text) pairs; a key given twice adds a list item. Problems as (key, message). With
    the `index`, references may name entries by their title as the site shows it ('themes=Taal centraal')."""
    refs = {field.key: field.ref for field in answered(fields_of(model)) if field.ref is not None}
    texts: dict[str, list[str]] = {}
    for key, text in pairs:
        ref = refs.get(key)
        texts.setdefault(key, []).append(ref_ids(text, index.choices(ref)) if ref and index else text)
    return _collect(fields_of(model), texts)


ITEMS = re.compile(r"\s*[,;]\s*")
"""Between the items of one answer when an item may hold spaces (a title as the site shows it)."""


def ref_ids(text: str, choices: Sequence[tuple[str, str]]) -> str:
    """An answer for a reference field with entries named as the site shows them, in any letter case ('Taal
    centraal, de grote oversteek') → their ids ('taal-centraal, de-grote-oversteek'). Anything else stays as typed,
    for the check to explain; a title with a comma in it is found when it is the whole answer."""
    by_name = {fold(name): entry_id for entry_id, title in choices for name in (title, entry_id)}
    whole = by_name.get(fold(text))
    if whole is not None:
        return whole
    return ", ".join(by_name.get(fold(item), item) for item in ITEMS.split(text.strip()) if item)


_KEY_PART = re.compile(r"([a-z][a-z_]*)(?:\[(\d+)\])?")


def key_label(model: type[BaseModel], key: str) -> str | None:
    """A field key as a rule of a model names it ('places[2].gemeente', positions from 1) in the Dutch the check
    uses ('plaatsen, 2e item: gemeente'); None when it is not a key of the model."""
    fields = fields_of(model)
    path: list[Any] = []
    for segment in key.split("."):
        found = _KEY_PART.fullmatch(segment)
        field = next((f for f in fields if found and f.name == found.group(1)), None)
        if field is None or found is None:
            return None
        path.append(field.name)
        if found.group(2):
            path.append(int(found.group(2)) - 1)
        fields = field.fields
    return location(model, tuple(path))


def relabel(model: type[BaseModel], message: str) -> str:
    """A message of the check with the field keys in it ('places[1].gemeente: …', "onder 'places'") in Dutch."""
    def quoted(match: re.Match[str]) -> str:
        label = key_label(model, match.group(1))
        return f"'{label}'" if label else match.group(0)

    lead = re.match(r"([a-z][\w.\[\]]*): ", message)
    if lead and (label := key_label(model, lead.group(1))):
        message = f"{label}: {message[lead.end():]}"
    return re.sub(r"'([a-z][\w.\[\]]*)'", quoted, message)


def missing_source(kind: Kind[EntryModel], values: dict[str, Any]) -> str | None:
    """Why an entry cannot be made for lack of a source, or None. Only for an initiative, which says what someone
    does somewhere: it needs a brondocument of the kennisbank (provenance), or a web page read on a date (its own
    website with url_seen, a page naming its place, or its contact page)."""
    if kind is not INITIATIVE:
        return None
    if values.get("provenance") or values.get("url_seen") or values.get("place_sources") or values.get("contact"):
        return None
    return ("een initiatief heeft een bron nodig: een brondocument van de kennisbank (provenance.document en "
            "provenance.lines), of de website van het initiatief met de datum waarop en de pagina waar je hem vond "
            "(url, url_seen en url_found_on)")


def _collect(fields: Sequence[ModelField], texts: dict[str, list[str]]
             ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for field in fields:
        if is_block(field):
            inner, inner_errors = _collect(field.fields, texts)
            errors.extend(inner_errors)
            if inner:  # one block (the first item of a list) can be filled in this way
                values[field.name] = [inner] if field.many else inner
        elif field.key in texts:
            value, problems = convert(field, texts[field.key])
            errors.extend((field.key, problem) for problem in problems)
            if value is not None:
                values[field.name] = value
    return values, errors


def missing_required(fields: Sequence[ModelField], values: dict[str, Any]) -> list[str]:
    """The keys of required fields without a value, in blocks too (the first item of a list of blocks)."""
    missing: list[str] = []
    for field in fields:
        if not field.required:
            continue
        if is_block(field):
            inner = values.get(field.name)
            inner = inner[0] if isinstance(inner, list) and inner else inner
            missing.extend(missing_required(field.fields, inner if isinstance(inner, dict) else {}))
        elif values.get(field.name) in (None, [], ""):
            missing.append(field.key)
    return missing


@cache
def _one_field(model: type[BaseModel], name: str) -> type[BaseModel]:
    info = model.model_fields[name]
    fields: dict[str, Any] = {name: (info.annotation, info)}
    return create_model(f"{model.__name__}_{name}", __base__=StrictModel, **fields)


def value_problems(field: ModelField, value: Any, index: ContentIndex | None = None) -> list[str]:
    """What the model says about one value on its own (cross-field rules are left to the check), and whether
    the entries it refers to exist. Dutch, as the check says it."""
    document = Document(path="", data={field.name: value})
    _model, problems = validate(_one_field(field.owner, field.name), document)
    messages = [p.message for p in problems]
    if not messages and field.ref is not None and index is not None:
        known = [entry_id for entry_id, _title in index.choices(field.ref)]
        for target in value if isinstance(value, list) else [value]:
            if target not in known:
                messages.append(f"{field.ref.unknown} '{visible(str(target))}'.{did_you_mean(str(target), known, 0.6)}")
    return messages
