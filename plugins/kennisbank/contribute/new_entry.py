"""New entries from the models: `kennisbank new` asks for the fields and writes a commented entry file.

Everything here is derived from the pydantic models (field order, Dutch descriptions, required or optional,
choices, references), so a field added to a model shows up in the questions and the template without a change
in this module. `kennisbank from-issue` (issue_form.py) fills the same template from a GitHub issue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import stat
import sys
import tempfile
import textwrap
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, create_model
from pydantic.fields import FieldInfo

from kennisbank.core.documents import Document
from kennisbank.core.loader import EXTENSIONS, load_knowledge_base, url_fields
from kennisbank.core.models import KIND_BY_NAME, KINDS, EntryModel, Kind
from kennisbank.core.models.common import ID_PATTERN, MAX_ID_LENGTH, Place, StrictModel, slugify
from kennisbank.core.problems import Problem, visible
from kennisbank.core.problems import render as format_problems
from kennisbank.core.regions import PROVINCES, municipalities
from kennisbank.core.safety import scan, scan_plain
from kennisbank.core.suggestions import did_you_mean, fold
from kennisbank.core.validation import validate

from .output_paths import OutputError, prepare_folder, project_folders, write_atomic

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

# The names contributors type after `kennisbank new`; the folder, the English kind name and the Dutch plural
# work too. The first name of each kind is the one shown in help texts.
DUTCH_NAMES: dict[str, tuple[str, ...]] = {
    "theme": ("thema",),
    "practice": ("praktijkkaart", "kaart"),
    "reading": ("leestip", "tip", "kijktip", "luistertip"),
    "initiative": ("initiatief",),
    "meetup": ("meetup",),
    "collection": ("verzameling",),
    "document": ("brondocument",),
    "term": ("begrip",),
}

# Kinds whose file is Markdown: the text below the front matter is part of the entry. What that text is for,
# in the contributor's words, goes into the template as a comment.
BODY_HINTS: dict[str, str] = {
    "theme": "de inleiding van het thema",
    "practice": "wat de aanpak is, waarom hij werkt en hoe je begint, onder de kopjes die er al staan",
    "initiative": "een langere beschrijving van het initiatief (mag leeg blijven)",
    "meetup": "praktische informatie voor deelnemers (mag leeg blijven)",
    "collection": "een inleiding op de verzameling (mag leeg blijven)",
}
BODY = ""
"""Key of the Markdown text in Rendered.spans (no field is called '')."""


def kind_names() -> dict[str, Kind[EntryModel]]:
    """Every accepted name of every kind, folded (case and accents ignored)."""
    names: dict[str, Kind[EntryModel]] = {}
    for kind in KINDS:
        for name in (*DUTCH_NAMES.get(kind.name, ()), kind.name, kind.folder, kind.plural):
            names.setdefault(fold(name), kind)
    return names


def resolve_kind(text: str) -> Kind[EntryModel] | None:
    return kind_names().get(fold(text))


def soorten() -> str:
    return ", ".join(DUTCH_NAMES.get(kind.name, (kind.name,))[0] for kind in KINDS)


def has_body(kind: Kind[EntryModel]) -> bool:
    return kind.name in BODY_HINTS


def default_body(kind: Kind[EntryModel]) -> str | None:
    """The text below the front matter of a new file: the headings a briefing takes over for a practice card,
    empty for the other Markdown kinds, None for kinds that are data only."""
    if not has_body(kind):
        return None
    if kind.name == "practice":
        from kennisbank.outputs.briefing import BODY_SECTIONS  # the briefing reads exactly these headings from a card

        return "\n\n".join(f"## {heading}" for heading in BODY_SECTIONS) + "\n"
    return ""


# ---------------------------------------------------------------------------------------------------------
# The fields of a model, as the questions and the template need them
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """One field of a model: what it holds and how to ask for it."""

    owner: type[BaseModel]
    name: str
    key: str  # dotted for fields of a sub-block, e.g. 'region.places'; the name used with --veld
    description: str
    required: bool
    many: bool  # a list of values
    shape: str  # text, int, bool, date, choice, ref, place or model (a sub-block)
    choices: tuple[str, ...] = ()
    ref: Kind[EntryModel] | None = None
    model: type[BaseModel] | None = None
    default: Any = None  # a scalar default worth showing in the template, else None


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The value type under Optional and Annotated, and whether the field is a list of it."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return _unwrap(rest[0]) if len(rest) == 1 else (annotation, False)
    if origin is list:
        inner, _ = _unwrap(args[0])
        return inner, True
    return annotation, False


def _shape(value_type: Any, info: FieldInfo) -> tuple[str, tuple[str, ...], Kind[EntryModel] | None]:
    extra = info.json_schema_extra
    ref = extra.get("x-ref") if isinstance(extra, dict) else None
    if isinstance(ref, str):
        return "ref", (), KIND_BY_NAME[ref]
    if typing.get_origin(value_type) is typing.Literal:
        return "choice", tuple(str(a) for a in typing.get_args(value_type)), None
    if value_type is Place:
        return "place", (), None
    if isinstance(value_type, type) and issubclass(value_type, BaseModel):
        return "model", (), None
    if value_type is bool:
        return "bool", (), None
    if value_type is int:
        return "int", (), None
    if value_type is dt.date:
        return "date", (), None
    return "text", (), None


@cache
def field_specs(model: type[BaseModel], prefix: str = "") -> tuple[FieldSpec, ...]:
    specs = []
    for name, info in model.model_fields.items():
        value_type, many = _unwrap(info.annotation)
        shape, choices, ref = _shape(value_type, info)
        default = info.default if isinstance(info.default, (str, int, bool)) else None
        specs.append(FieldSpec(model, name, prefix + name, info.description or "", info.is_required(), many, shape,
                               choices, ref, value_type if shape in ("model", "place") else None, default))
    return tuple(specs)


def sub_specs(spec: FieldSpec) -> tuple[FieldSpec, ...]:
    assert spec.model is not None
    return field_specs(spec.model, spec.key + ".")


def all_specs(model: type[BaseModel]) -> list[FieldSpec]:
    """Every field that takes a value, sub-blocks included (by their dotted key)."""
    found: list[FieldSpec] = []
    for spec in field_specs(model):
        found.extend(all_specs_of(spec))
    return found


def all_specs_of(spec: FieldSpec) -> list[FieldSpec]:
    if spec.shape != "model":
        return [spec]
    return [inner for sub in sub_specs(spec) for inner in all_specs_of(sub)]


# ---------------------------------------------------------------------------------------------------------
# What is in the content folder already: choices for references, ids that are taken
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContentIndex:
    content: Path
    entries: dict[str, list[tuple[str, str]]]  # kind name → (id, title) of its valid entries, in site order
    paths: dict[str, str]  # id → path of every file with that name in a kind folder, valid or not

    @classmethod
    def load(cls, content: Path) -> ContentIndex:
        knowledge = load_knowledge_base(content).knowledge
        entries = {kind.name: [(e.id, e.title) for e in knowledge.of_kind(kind)] for kind in KINDS}
        paths: dict[str, str] = {}
        for kind in KINDS:
            folder = content / kind.folder
            names = sorted(os.listdir(folder)) if folder.is_dir() else []
            for name in names:
                stem, suffix = os.path.splitext(name)
                if suffix in EXTENSIONS:
                    paths.setdefault(stem, (folder / name).as_posix())
        return cls(content, entries, paths)

    def choices(self, kind: Kind[EntryModel]) -> list[tuple[str, str]]:
        return self.entries.get(kind.name, [])


def id_problem(entry_id: str, index: ContentIndex) -> str | None:
    """Why an id cannot be used for a new file, or None."""
    if not entry_id:
        return "de titel bevat geen letters of cijfers, dus er is geen bestandsnaam van te maken"
    if not ID_PATTERN.match(entry_id) or len(entry_id) > MAX_ID_LENGTH:
        return (f"'{visible(entry_id)}' is geen geldige id: gebruik alleen kleine letters, cijfers en streepjes "
                f"(maximaal {MAX_ID_LENGTH} tekens), bijvoorbeeld '{slugify(entry_id) or 'voorlezen-thuis'}'")
    if entry_id in index.paths:
        return (f"er bestaat al een item met de id '{entry_id}' ({index.paths[entry_id]}). Elke id moet in de hele "
                "kennisbank uniek zijn: kies een andere")
    return None


def propose_id(title: str) -> str:
    # slugify cuts at the maximum length, which can leave a hyphen at the end
    return slugify(title).strip("-")


# ---------------------------------------------------------------------------------------------------------
# Text typed by a contributor (or taken from an issue) → field values
# ---------------------------------------------------------------------------------------------------------

_SPLIT = re.compile(r"[,;\s]+")
_INTEGER = re.compile(r"[-+]?[0-9]{1,15}\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_YES = {"ja", "j", "true", "waar", "yes", "y"}
_NO = {"nee", "n", "false", "onwaar", "no"}


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


def _scalar(spec: FieldSpec, text: str) -> Any:
    """The typed value of one answer. Text that does not fit the type stays text: the check then explains what
    is wrong with it, with the same message as for a file written by hand."""
    if spec.shape == "int" and _INTEGER.match(text):
        return int(text)
    if spec.shape == "bool" and fold(text) in _YES | _NO:
        return fold(text) in _YES
    if spec.shape == "date" and _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if spec.shape == "choice":
        return {fold(choice): choice for choice in spec.choices}.get(fold(text), text)
    if spec.shape == "ref":
        return text.lower()
    return text


def convert(spec: FieldSpec, texts: Sequence[str]) -> tuple[Any, list[str]]:
    """The value of a field from the texts given for it (None: leave the field out) and what is wrong."""
    errors: list[str] = []
    cleaned: list[str] = []
    url = (spec.name,) in url_fields(spec.owner)
    for text in texts:
        line, problem = clean_text(text)
        if problem:
            errors.append(problem)
            continue
        markup = markup_problems(line, url=url)
        if markup:
            errors.extend(markup)
        elif line:
            cleaned.append(line)
    if errors or not cleaned:
        return None, errors
    if spec.shape == "place":
        places = []
        for text in cleaned:
            place, problem = parse_place(text)
            if problem:
                errors.append(problem)
            elif place is not None:
                places.append(place)
        if errors:
            return None, errors
        if not spec.many and len(places) > 1:
            return None, [f"'{spec.key}' is één plaats, maar er zijn er {len(places)} gegeven"]
        return (places if spec.many else places[0]), []
    if spec.many:
        if spec.shape in ("ref", "choice"):  # ids and choices never contain spaces or commas
            items = [item for text in cleaned for item in _SPLIT.split(text) if item]
        else:
            items = cleaned
        return [_scalar(spec, item) for item in items], []
    if len(cleaned) > 1:
        return None, [f"'{spec.key}' heeft één waarde, maar er zijn er {len(cleaned)} gegeven"]
    return _scalar(spec, cleaned[0]), []


def unknown_keys(model: type[BaseModel], keys: Iterable[str]) -> list[str]:
    known = [spec.key for spec in all_specs(model)]
    return [f"onbekend veld '{visible(key)}'.{did_you_mean(key, known)} Velden: {', '.join(known)}"
            for key in keys if key not in known]


def values_from_pairs(model: type[BaseModel], pairs: Sequence[tuple[str, str]]
                      ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Field values from (key, text) pairs; a key given twice adds a list item. Problems as (key, message)."""
    texts: dict[str, list[str]] = {}
    for key, text in pairs:
        texts.setdefault(key, []).append(text)
    return _collect(field_specs(model), texts)


def _collect(specs: Sequence[FieldSpec], texts: dict[str, list[str]]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for spec in specs:
        if spec.shape == "model":
            inner, inner_errors = _collect(sub_specs(spec), texts)
            errors.extend(inner_errors)
            if inner:  # one sub-block (the first item of a list) can be filled in this way
                values[spec.name] = [inner] if spec.many else inner
        elif spec.key in texts:
            value, problems = convert(spec, texts[spec.key])
            errors.extend((spec.key, problem) for problem in problems)
            if value is not None:
                values[spec.name] = value
    return values, errors


def missing_required(model: type[BaseModel], values: dict[str, Any], prefix: str = "") -> list[str]:
    missing: list[str] = []
    for spec in field_specs(model, prefix):
        if not spec.required:
            continue
        if spec.shape == "model":
            assert spec.model is not None
            inner = values.get(spec.name)
            inner = inner[0] if isinstance(inner, list) and inner else inner
            missing.extend(missing_required(spec.model, inner if isinstance(inner, dict) else {}, spec.key + "."))
        elif values.get(spec.name) in (None, [], ""):
            missing.append(spec.key)
    return missing


@cache
def _one_field(model: type[BaseModel], name: str) -> type[BaseModel]:
    info = model.model_fields[name]
    fields: dict[str, Any] = {name: (info.annotation, info)}
    return create_model(f"{model.__name__}_{name}", __base__=StrictModel, **fields)


def value_problems(spec: FieldSpec, value: Any, index: ContentIndex | None = None) -> list[str]:
    """What the model says about one value on its own (cross-field rules are left to the check), and whether
    the entries it refers to exist. Dutch, as the check says it."""
    document = Document(path="", data={spec.name: value})
    _model, problems = validate(_one_field(spec.owner, spec.name), document)
    messages = [p.message for p in problems]
    if not messages and spec.ref is not None and index is not None:
        known = [entry_id for entry_id, _title in index.choices(spec.ref)]
        for target in value if isinstance(value, list) else [value]:
            if target not in known:
                messages.append(f"{spec.ref.unknown} '{visible(str(target))}'.{did_you_mean(str(target), known, 0.6)}")
    return messages


# ---------------------------------------------------------------------------------------------------------
# The entry file: YAML with a comment per field, from the models
# ---------------------------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key ('  - item'), like the files contributors already know.
        return super().increase_indent(flow, False)


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
# Text that a YAML reader could take for a number, date, true/false or nothing: always quoted, whichever YAML
# version the reader follows (PyYAML's own choice follows 1.1 and leaves '1.5e3' bare).
_LOOKS_TYPED = re.compile(r"[-+.0-9~]|(?:null|true|false|yes|no|on|off|y|n)\Z", re.IGNORECASE)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Every value on one line: a line break written as such could start a line '---' that ends the front
    # matter early. Answers never hold one (clean_text joins lines); this keeps render_entry safe on its own.
    style = '"' if any(c in value for c in "\n\r\x85\u2028\u2029") else "'" if _LOOKS_TYPED.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    # Ids and choices on one line ([po, vo]); sentences and blocks one per line.
    flow = all(isinstance(item, str) and _TOKEN.match(item) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    # A block of short values (a place) on one line: {provincie: Utrecht, gemeente: Utrecht}
    flow = all(isinstance(item, (str, int, bool, dt.date)) for item in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


class _Field(dict[str, Any]):
    """The top level of a file: always 'name: value' lines, whatever the value."""


def _represent_field(dumper: yaml.SafeDumper, value: _Field) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(_Field, _represent_field)


def dump_field(name: str, value: Any) -> list[str]:
    text = yaml.dump(_Field({name: value}), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return text.rstrip("\n").split("\n")


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width=100, break_on_hyphens=False)]


def _example(spec: FieldSpec) -> list[str]:
    """A field left out, as a commented line the contributor can switch on."""
    if spec.shape == "place":
        place = "{provincie: …, gemeente: …}"
        return [f"# {spec.name}:", f"#   - {place}"] if spec.many else [f"# {spec.name}: {place}"]
    if spec.shape == "model":
        required = [sub for sub in sub_specs(spec) if sub.required] or list(sub_specs(spec))[:1]
        lines = [f"# {spec.name}:"]
        for position, sub in enumerate(required):
            lead = ("- " if position == 0 else "  ") if spec.many else ""
            lines.append(f"#   {lead}{sub.name}: …")
        return lines
    if spec.many:
        return [f"# {spec.name}: []"]
    if spec.default is not None:
        return ["# " + line for line in dump_field(spec.name, spec.default)]
    return [f"# {spec.name}:"]


@dataclass(frozen=True)
class Rendered:
    text: str
    suffix: str  # .md for an entry with Markdown text, else .yml
    spans: dict[str, tuple[int, int]]  # field name (BODY for the text) → first and last line, 1-based


def header(kind: Kind[EntryModel], markdown: bool) -> list[str]:
    new = "Nieuw" if kind.neuter else "Nieuwe"
    lines = _comment(f"{new} {kind.label} voor de Kennisbank Kansengelijkheid. Regels die met '#' beginnen zijn "
                     "uitleg; ze komen niet op de site.")
    lines += _comment("Een veld dat nog uit staat ('# naam:') vul je in door '# ' weg te halen. Alle velden met "
                      "uitleg staan op de site onder Over → Bijdragen → Alle velden.")
    lines.append("# Controleer het bestand met: python3 scripts/dev.py check")
    if markdown:
        lines += _comment(f"Onder de afsluitende regel '---' komt de tekst in Markdown: {BODY_HINTS.get(kind.name, 'de tekst van het item')}.")
    return lines


def render_entry(kind: Kind[EntryModel], values: dict[str, Any], body: str | None = None) -> Rendered:
    """The file for an entry: front matter (or plain YAML without body) with every field of the model, filled
    in or commented out, each under its description."""
    markdown = body is not None
    lines: list[str] = ["---"] if markdown else []
    # The editor's YAML extension reads this to check the fields while typing (see .vscode/settings.json).
    lines.append(f"# yaml-language-server: $schema=../../schema/{kind.folder}.schema.json")
    lines += header(kind, markdown)
    spans: dict[str, tuple[int, int]] = {}
    for spec in field_specs(kind.model):
        first = len(lines) + 1
        lines.append("")
        lines += _comment(spec.description + (" (verplicht)" if spec.required else ""))
        lines += dump_field(spec.name, values[spec.name]) if spec.name in values else _example(spec)
        spans[spec.name] = (first, len(lines))
    if markdown:
        lines.append("---")
        text = (body or "").replace("\r\n", "\n").strip("\n")
        spans[BODY] = (len(lines) + 1, len(lines) + 2 + text.count("\n"))
        if text:
            lines += ["", text]
    return Rendered("\n".join(lines) + "\n", ".md" if markdown else ".yml", spans)


def field_at(rendered: Rendered, line: int) -> str | None:
    """The field (or BODY) a line of a rendered file belongs to."""
    for name, (first, last) in rendered.spans.items():
        if first <= line <= last:
            return name
    return None


def display_path(content: Path, path: Path) -> str:
    """A path as the check shows it: relative to the folder that holds the content folder."""
    try:
        return path.resolve().relative_to(content.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def problems_of(content: Path, path: Path) -> list[Problem]:
    """The problems `kennisbank check` finds in one file, checked together with all the other content."""
    wanted = display_path(content, path)
    return [p for p in load_knowledge_base(content).problems if p.path == wanted]


def write_new(path: Path, text: str, protected: Sequence[Path] = ()) -> None:
    """Write a file that must not exist yet (FileExistsError otherwise, also when it appears meanwhile), whole or
    not at all. Its folder is made when missing, inside a folder that exists; OutputError when it cannot be
    written, or when it would land in one of the `protected` folders (output_paths.py)."""
    folder = prepare_folder(path.parent, protected)
    write_atomic(folder / path.name, text.encode("utf-8"), visible(path.as_posix()), replace=False)


def _regular_files_only(folder: str, names: list[str]) -> list[str]:
    """copytree's ignore: leave out pipes and devices, which would block or never end when copied."""
    skipped = []
    for name in names:
        mode = os.lstat(os.path.join(folder, name)).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
            skipped.append(name)
    return skipped


def check_in_copy(content: Path, kind: Kind[EntryModel], entry_id: str, rendered: Rendered) -> list[Problem]:
    """The check's problems with a new file, run on a copy of the content with the file added, so nothing is
    written to the real content folder unless it passes."""
    with tempfile.TemporaryDirectory(prefix="kennisbank-nieuw-") as folder:
        copy = Path(folder) / "content"  # same name, so paths in problems read as in the repository
        shutil.copytree(content, copy, symlinks=True, ignore=_regular_files_only)
        path = copy / kind.folder / f"{entry_id}{rendered.suffix}"
        write_new(path, rendered.text)
        return problems_of(copy, path)


def stand_in_id(index: ContentIndex) -> str:
    """A free id to check an entry under while its own cannot be made yet (its title has a problem)."""
    number = 1
    while f"nieuw-item{'-' + str(number) if number > 1 else ''}" in index.paths:
        number += 1
    return f"nieuw-item{'-' + str(number) if number > 1 else ''}"


def fields_of(kind: Kind[EntryModel], rendered: Rendered, problem: Problem) -> tuple[str, ...]:
    """The fields of the entry a problem of the check is about: the field whose value it points at, else the
    fields its message names ('places', 'place_note'), for rules that span several fields."""
    name = field_at(rendered, problem.line)
    if name is not None and name != BODY and problem.col > 1:
        return (name,)
    named = [n for n in re.findall(r"'([a-z_]+)", problem.message) if n in kind.model.model_fields]
    return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Finding:
    """A problem the check finds in a new entry, and what it is about."""

    problem: Problem
    field: str | None  # the field whose value it points at (BODY: the text); None for a rule across fields
    fields: tuple[str, ...]  # the fields to change: the field itself, or those a rule names


def entry_problems(content: Path, kind: Kind[EntryModel], entry_id: str, values: dict[str, Any], body: str | None,
                   reported: Set[str] = frozenset()) -> list[Finding]:
    """Everything the check finds in a new entry, at once, before it is written.

    A rule across fields (a local initiative needs a place) only runs once every single field is valid. So when
    some are not, the entry is checked a second time, for those rules alone: without the optional fields that
    have errors, and with a stand-in for required texts that are missing or wrong. Fields in `reported` had a
    problem before the check (their answer could not be read, so they are left out): a missing field or a rule
    about them would say the same thing again and is left out."""
    specs = field_specs(kind.model)
    required = {spec.name for spec in specs if spec.required}
    stand_ins = {spec.name: "tekst" for spec in specs if spec.required and spec.shape == "text" and not spec.many}
    findings: list[Finding] = []
    rules: set[str] = set()  # messages of problems about no single value, over both rounds
    cross_field = False  # whether the check got as far as the rules across fields
    current = dict(values)
    for first in (True, False):
        rendered = render_entry(kind, current, body)
        bad: set[str] = set()
        for found in check_in_copy(content, kind, entry_id, rendered):
            name = field_at(rendered, found.line)
            if name is not None and (name == BODY or found.col > 1):
                if found.is_error and name != BODY:
                    bad.add(name)
                if first:
                    findings.append(Finding(found, name, () if name == BODY else (name,)))
                continue
            cross_field = cross_field or found.code != "missing-field"
            if found.message in rules:
                continue
            rules.add(found.message)
            about = fields_of(kind, rendered, found)
            if set(about) & reported or (found.code == "empty-data" and reported):
                continue
            findings.append(Finding(found, None, about))
        drop = bad - required
        fill = {name: text for name, text in stand_ins.items() if name not in current or name in bad}
        if not first or cross_field or not (drop or fill):
            break
        current = {key: value for key, value in current.items() if key not in drop} | fill
    return findings


# ---------------------------------------------------------------------------------------------------------
# Asking: one question per field, with the existing themes, cards and places to choose from
# ---------------------------------------------------------------------------------------------------------

class Stopped(Exception):
    """The contributor ended the questions (Ctrl-D or Ctrl-C)."""


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except (EOFError, KeyboardInterrupt):
        raise Stopped from None


def _say(text: str = "") -> None:
    print(text, flush=True)


def _numbered(options: Sequence[str]) -> None:
    for number, option in enumerate(options, 1):
        _say(f"  {number:>3}. {option}")


def _columns(names: Sequence[str]) -> None:
    for line in textwrap.wrap(", ".join(names), width=100, break_on_hyphens=False):
        _say("    " + line)


def _pick(answer: str, options: Sequence[str]) -> list[str] | str:
    """Chosen options from an answer of numbers and/or names separated by commas; a message if one is unknown."""
    chosen: list[str] = []
    folded = {fold(option): option for option in options}
    for item in (part for part in _SPLIT.split(answer) if part):
        if item.isdigit() and 1 <= int(item) <= len(options):
            chosen.append(options[int(item) - 1])
        elif fold(item) in folded:
            chosen.append(folded[fold(item)])
        else:
            return f"'{visible(item)}' staat niet in de lijst.{did_you_mean(item, options, 0.6)} Typ een nummer of naam uit de lijst."
    return chosen


class Questions:
    """The interview for one new entry. Every answer is checked at once, so a typo is asked again instead of
    ending up in the file."""

    def __init__(self, index: ContentIndex) -> None:
        self.index = index

    def fill(self, specs: Sequence[FieldSpec], values: dict[str, Any], skip: Callable[[FieldSpec], bool]) -> None:
        for spec in specs:
            if spec.name in values or skip(spec):
                continue
            value = self.ask(spec)
            if value is not None:
                values[spec.name] = value

    def ask(self, spec: FieldSpec) -> Any:
        _say()
        _say("\n".join(textwrap.wrap(spec.description, width=100, break_on_hyphens=False)))
        need = "verplicht" if spec.required else "Enter: overslaan"
        if spec.shape == "model":
            return self._block(spec)
        if spec.shape == "place":
            return self._places(spec)
        if spec.shape in ("choice", "ref"):
            return self._choose(spec, need)
        if spec.many:
            return self._lines(spec, need)
        default = f", standaard {spec.default}" if spec.default is not None and not spec.required else ""
        hint = " (ja/nee)" if spec.shape == "bool" else " (JJJJ-MM-DD)" if spec.shape == "date" else ""
        while True:
            answer = _ask(f"{spec.key}{hint} [{need}{default}]: ")
            if not answer and not spec.required:
                return None
            value = self._checked(spec, [answer])
            if value is not None:
                return value

    def _checked(self, spec: FieldSpec, texts: Sequence[str]) -> Any:
        value, problems = convert(spec, texts)
        if value is None and not problems:
            problems = ["dit veld is verplicht"] if spec.required else []
        if value is not None and not problems:
            problems = value_problems(spec, value, self.index)
        for problem in problems:
            _say(f"  ! {problem}")
        return None if problems else value

    def _choose(self, spec: FieldSpec, need: str) -> Any:
        if spec.ref is not None:
            pairs = self.index.choices(spec.ref)
            if not pairs:
                _say(f"  (er zijn nog geen items in content/{spec.ref.folder}/)")
                return None
            options = [entry_id for entry_id, _title in pairs]
            _numbered([f"{entry_id} — {title}" for entry_id, title in pairs])
        else:
            options = list(spec.choices)
            _numbered(options)
        several = "nummers of namen, met komma's ertussen" if spec.many else "een nummer of naam"
        while True:
            answer = _ask(f"{spec.key} ({several}) [{need}]: ")
            if not answer:
                if spec.required:
                    _say("  ! dit veld is verplicht")
                    continue
                return None
            chosen = _pick(answer, options)
            if isinstance(chosen, str):
                _say(f"  ! {chosen}")
                continue
            if not spec.many and len(chosen) != 1:
                _say("  ! kies er één")
                continue
            value = self._checked(spec, [", ".join(chosen)])
            if value is not None:
                return value

    def _lines(self, spec: FieldSpec, need: str) -> list[str] | None:
        _say("  Eén per regel; een lege regel is klaar.")
        items: list[str] = []
        while True:
            answer = _ask(f"{spec.key} [{len(items) + 1}]: ")
            if not answer:
                if spec.required and not items:
                    _say("  ! dit veld is verplicht")
                    continue
                return items or None
            value = self._checked(spec, [*items, answer])
            if value is not None:
                items.append(answer)

    def _places(self, spec: FieldSpec) -> Any:
        places: list[dict[str, str]] = []
        _say("  Provincies:")
        _numbered(PROVINCES)
        while True:
            first = not places
            need = ("verplicht" if spec.required else "Enter: overslaan") if first else "Enter: klaar"
            answer = _ask(f"{spec.key}: provincie (nummer of naam) [{need}]: ")
            if not answer:
                if first and spec.required:
                    _say("  ! dit veld is verplicht")
                    continue
                break
            chosen = _pick(answer, PROVINCES)
            if isinstance(chosen, str) or len(chosen) != 1:
                _say(f"  ! {chosen if isinstance(chosen, str) else 'kies één provincie'}")
                continue
            province = chosen[0]
            names = sorted((m.name for m in municipalities().values() if m.province == province), key=fold)
            _say(f"  Gemeenten in {province}:")
            _columns(names)
            while True:
                gemeente = _ask(f"{spec.key}: gemeente in {province} [Enter: de hele provincie]: ")
                place, problem = parse_place(f"{province}/{gemeente}" if gemeente else province)
                if problem:
                    _say(f"  ! {problem}")
                    continue
                break
            assert place is not None
            places.append(place)
            if not spec.many:
                break
        if not places:
            return None
        value = places if spec.many else places[0]
        for problem in value_problems(spec, value, self.index):  # the model's own rules, should they grow
            _say(f"  ! {problem}")
        return value

    def _block(self, spec: FieldSpec) -> Any:
        items: list[dict[str, Any]] = []
        while True:
            block: dict[str, Any] = {}
            _say(f"  {spec.key}{f' {len(items) + 1}' if spec.many else ''}:")
            self.fill(sub_specs(spec), block, skip=lambda sub: sub.shape == "model" and not sub.required)
            items.append(block)
            if not spec.many or not _yes(_ask(f"Nog een {spec.key}? (ja/nee) [nee]: ")):
                break
        return items if spec.many else items[0]


def _yes(answer: str) -> bool:
    return fold(answer) in _YES


# ---------------------------------------------------------------------------------------------------------
# `kennisbank new`
# ---------------------------------------------------------------------------------------------------------

def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"kennisbank: fout: {message}", file=sys.stderr)
    return code


def _pairs(raw: Sequence[str]) -> list[tuple[str, str]] | str:
    pairs = []
    for item in raw:
        key, sign, value = item.partition("=")
        if not sign or not key.strip():
            return f"'--veld {visible(item)}' heeft niet de vorm naam=waarde, bijvoorbeeld --veld title=Voorlezen"
        pairs.append((key.strip(), value))
    return pairs


def new_command(args: argparse.Namespace) -> int:
    kind = resolve_kind(args.soort)
    if kind is None:
        hint = did_you_mean(args.soort, [*(names[0] for names in DUTCH_NAMES.values()), *(k.folder for k in KINDS)])
        return _fail(f"onbekende soort '{visible(args.soort)}'.{hint} Kies uit: {soorten()}.")
    content = Path(args.content)
    if not content.is_dir():
        return _fail(f"map met inhoud '{visible(str(content))}' bestaat niet. Start in de map van de kennisbank, of "
                     "geef de map aan met --content.")
    pairs = _pairs(args.veld)
    if isinstance(pairs, str):
        return _fail(pairs)
    unknown = unknown_keys(kind.model, (key for key, _value in pairs))
    if unknown:
        return _fail("; ".join(unknown))
    index = ContentIndex.load(content)
    values, errors = values_from_pairs(kind.model, pairs)
    reported = {key.split(".")[0] for key, _message in errors}
    questions = Questions(index)
    try:
        if args.ja:
            missing = [key for key in missing_required(kind.model, values) if key.split(".")[0] not in reported]
            if missing:
                return _fail("vul de verplichte velden in met --veld: " + ", ".join(f"{key}=…" for key in missing))
            if args.id or "title" in values:
                entry_id = args.id or propose_id(str(values["title"]))
                problem = id_problem(entry_id, index)
                if problem:
                    return _fail(f"{problem}{'' if args.id else ' (geef er een met --id)'}.")
            else:  # the title could not be read: that is reported below, with everything else
                entry_id = stand_in_id(index)
            for key, message in errors:
                print(f"kennisbank: fout: --veld {key}: {message}.", file=sys.stderr)
        else:
            for key, message in errors:  # asked again in the interview
                _say(f"! --veld {key}: {message}.")
            entry_id = _interview(kind, values, questions, args)
        # Asked, the answers that could not be read were asked again in the interview.
        rendered = _settle(kind, values, questions, entry_id, interactive=not args.ja,
                           reported=reported if args.ja else set())
    except Stopped:
        return _fail("afgebroken; er is niets geschreven.")
    if rendered is None or (args.ja and errors):
        return _fail("er is niets geschreven." + (" Verbeter de waarden met --veld." if args.ja else ""),
                     EXIT_PROBLEMS)
    path = content / kind.folder / f"{entry_id}{rendered.suffix}"
    try:
        write_new(path, rendered.text, project_folders(content, content=False))
    except FileExistsError:
        return _fail(f"'{path.as_posix()}' bestaat al; het bestand is niet overschreven.")
    except OutputError as exc:
        return _fail(str(exc))
    print(path.as_posix())
    problems = problems_of(content, path)  # only warnings now: the entry passed the check before it was written
    if problems:
        print(format_problems(problems))
    errors_found = sum(p.is_error for p in problems)
    warnings = len(problems) - errors_found
    print(f"{path.as_posix()} geschreven: {errors_found} fout{'en' if errors_found != 1 else ''}, {warnings} "
          f"waarschuwing{'en' if warnings != 1 else ''}.", file=sys.stderr)
    if has_body(kind):
        print(f"Onder de gegevens schrijf je nu de tekst: {BODY_HINTS[kind.name]}.", file=sys.stderr)
    print(f"Controleer na het aanpassen met: python3 scripts/dev.py check {path.as_posix()}", file=sys.stderr)
    return EXIT_PROBLEMS if errors_found else EXIT_OK


def _settle(kind: Kind[EntryModel], values: dict[str, Any], questions: Questions, entry_id: str,
            interactive: bool, reported: set[str]) -> Rendered | None:
    """The file for the entry once the whole entry passes the check (rules across fields, references), checked
    before anything is written. Asked: the fields the problems are about are asked again until it passes. With
    --ja: every problem is shown and None is returned, so nothing is written."""
    specs = field_specs(kind.model)
    while True:
        findings = entry_problems(questions.index.content, kind, entry_id, values, default_body(kind), reported)
        errors = [finding for finding in findings if finding.problem.is_error]
        if not errors:
            return render_entry(kind, values, default_body(kind))
        if not interactive:
            for finding in errors:
                print(f"kennisbank: fout: {finding.problem.message}", file=sys.stderr)
            return None
        _say()
        _say("Het item klopt nog niet:")
        for finding in errors:
            _say(f"  ! {finding.problem.message}")
        names = list(dict.fromkeys(name for finding in errors for name in finding.fields))
        if not names:
            return None
        _say(f"Beantwoord {'deze vraag' if len(names) == 1 else 'deze vragen'} opnieuw: {', '.join(names)}.")
        for name in names:
            values.pop(name, None)
        questions.fill([spec for spec in specs if spec.name in names], values, skip=lambda _spec: False)


def _interview(kind: Kind[EntryModel], values: dict[str, Any], questions: Questions, args: argparse.Namespace) -> str:
    """Ask all questions: the title first, then the id proposed from it, then the other fields."""
    index = questions.index
    new = "Nieuw" if kind.neuter else "Nieuwe"
    _say(f"{new} {kind.label} in {(index.content / kind.folder).as_posix()}/. Beantwoord de vragen; Enter slaat een "
         "vraag over die niet verplicht is. Stoppen kan met Ctrl-C; er wordt dan niets geschreven.")
    specs = field_specs(kind.model)
    questions.fill([s for s in specs if s.name == "title"], values, skip=lambda _spec: False)
    entry_id: str = args.id or ""
    problem = id_problem(entry_id, index) if entry_id else None
    if problem:
        _say(f"! --id: {problem}")
    if not entry_id or problem:
        proposal = propose_id(str(values["title"]))
        _say()
        _say("De bestandsnaam is de id van het item: kleine letters, cijfers en streepjes. Andere items verwijzen "
             "ermee naar dit item.")
        while True:
            answer = _ask(f"id [Enter: {proposal}]: " if proposal else "id: ") or proposal
            problem = id_problem(answer, index)
            if problem is None:
                entry_id = answer
                break
            _say(f"  ! {problem}")
    # Optional sub-blocks (sources, ratings, provenance, …) are long; they stay as commented lines in the file.
    questions.fill(specs, values, skip=lambda spec: spec.shape == "model" and not spec.required)
    return entry_id
