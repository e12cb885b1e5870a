"""The one YAML writer of the author tools: entry files with a comment per field (`new`, `from-issue`) and issue forms.

Entry files hold every field of the model, from the field table: filled in, or commented out for the contributor to
switch on, each under its Dutch description.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass
from typing import Any

import yaml

from kennisbank.core.models import KINDS, PRACTICE, EntryModel, Kind
from kennisbank.core.models.fields import ModelField, fields_of

from .answers import is_block, is_place

# Kinds whose file is Markdown (the text below the front matter is part of the entry), by kind name, with what
# that text is for in the contributor's words: the kind registry's `body_hint`. It goes into the template as a comment.
BODY_HINTS: dict[str, str] = {kind.name: kind.body_hint for kind in KINDS if kind.body_hint is not None}
BODY = ""
"""Key of the Markdown text in Rendered.spans (no field is called '')."""


def has_body(kind: Kind[EntryModel]) -> bool:
    return kind.body_hint is not None


def default_body(kind: Kind[EntryModel]) -> str | None:
    """The text below the front matter of a new file: the headings a briefing takes over for a practice card,
    empty for the other Markdown kinds, None for kinds that are data only."""
    if not has_body(kind):
        return None
    if kind is PRACTICE:
        from kennisbank.outputs.briefing import BODY_SECTIONS  # the briefing reads exactly these headings from a card

        return "\n\n".join(f"## {heading}" for heading in BODY_SECTIONS) + "\n"
    return ""


# ---------------------------------------------------------------------------------------------------------
# The dumper: one for entries and forms, with the layout each is read in
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    one_line: bool  # every value on one line: short lists and blocks in flow style, line breaks escaped
    width: int


ENTRY = Layout(one_line=True, width=1_000_000)
"""Entry files: `[po, vo]` and `{provincie: Utrecht}` as contributors know them, and no line break inside a value,
which could start a line '---' that ends the front matter early."""
FORM = Layout(one_line=False, width=120)
"""Issue forms: block style throughout, and texts of several lines (the introductions) as literal blocks."""


class _Dumper(yaml.SafeDumper):
    layout = ENTRY

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key ('  - item'), like the files contributors already know.
        return super().increase_indent(flow, False)


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
# Text that a YAML reader could take for a number, date, true/false or nothing: always quoted, whichever YAML
# version the reader follows (PyYAML's own choice follows 1.1 and leaves '1.5e3' bare).
_LOOKS_TYPED = re.compile(r"[-+.0-9~]|(?:null|true|false|yes|no|on|off|y|n)\Z", re.IGNORECASE)
_LINE_BREAKS = "\n\r\x85\u2028\u2029"


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    style: str | None = None
    if any(c in value for c in _LINE_BREAKS):
        style = '"' if dumper.layout.one_line else "|"
    elif _LOOKS_TYPED.match(value):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: _Dumper, value: list[Any]) -> yaml.Node:
    # Ids and choices on one line ([po, vo]); sentences and blocks one per line.
    flow = dumper.layout.one_line and all(isinstance(item, str) and _TOKEN.match(item) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _represent_dict(dumper: _Dumper, value: dict[str, Any]) -> yaml.Node:
    # A block of short values (a place) on one line: {provincie: Utrecht, gemeente: Utrecht}
    flow = dumper.layout.one_line and all(isinstance(item, (str, int, bool, dt.date)) for item in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


class _Field(dict[str, Any]):
    """The top level of a file: always 'name: value' lines, whatever the value."""


def _represent_field(dumper: _Dumper, value: _Field) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(_Field, _represent_field)


def dump(data: Any, layout: Layout) -> str:
    """YAML text of data, keys in their own order (yaml.dump, with the layout handed to the representers)."""
    stream = io.StringIO()
    dumper = _Dumper(stream, allow_unicode=True, sort_keys=False, width=layout.width)
    dumper.layout = layout
    try:
        dumper.open()
        dumper.represent(data)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


def dump_field(name: str, value: Any) -> list[str]:
    return dump(_Field({name: value}), ENTRY).rstrip("\n").split("\n")


# ---------------------------------------------------------------------------------------------------------
# The entry file
# ---------------------------------------------------------------------------------------------------------

def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width=100, break_on_hyphens=False)]


def shown_default(field: ModelField) -> Any:
    """A default worth showing to a contributor (a word, a number, true/false), else None."""
    return field.default if isinstance(field.default, (str, int, bool)) else None


def _example(field: ModelField) -> list[str]:
    """A field left out, as a commented line the contributor can switch on."""
    if is_place(field):
        place = "{provincie: …, gemeente: …}"
        return [f"# {field.name}:", f"#   - {place}"] if field.many else [f"# {field.name}: {place}"]
    if is_block(field):
        required = [sub for sub in field.fields if sub.required] or list(field.fields)[:1]
        lines = [f"# {field.name}:"]
        for position, sub in enumerate(required):
            lead = ("- " if position == 0 else "  ") if field.many else ""
            lines.append(f"#   {lead}{sub.name}: …")
        return lines
    if field.many:
        return [f"# {field.name}: []"]
    if shown_default(field) is not None:
        return ["# " + line for line in dump_field(field.name, shown_default(field))]
    return [f"# {field.name}:"]


@dataclass(frozen=True)
class Rendered:
    text: str
    suffix: str  # .md for an entry with Markdown text, else .yml
    spans: dict[str, tuple[int, int]]  # field name (BODY for the text) → first and last line, 1-based


def header(kind: Kind[EntryModel], markdown: bool) -> list[str]:
    lines = _comment(f"{kind.new.capitalize()} voor de Kennisbank Kansengelijkheid. Regels die met '#' "
                     "beginnen zijn uitleg; ze komen niet op de site.")
    lines += _comment("Een veld dat nog uit staat ('# naam:') vul je in door '# ' weg te halen. Alle velden met "
                      "uitleg staan op de site onder Over → Bijdragen → Alle velden.")
    lines.append("# Controleer het bestand met: python3 scripts/dev.py check")
    if markdown:
        hint = kind.body_hint or "de tekst van het item"
        lines += _comment(f"Onder de afsluitende regel '---' komt de tekst in Markdown: {hint}.")
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
    for field in fields_of(kind.model):
        first = len(lines) + 1
        lines.append("")
        lines += _comment(field.description + (" (verplicht)" if field.required else ""))
        lines += dump_field(field.name, values[field.name]) if field.name in values else _example(field)
        spans[field.name] = (first, len(lines))
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
