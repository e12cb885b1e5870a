"""The terminal dialogue of `kennisbank new`: one question per field, with the existing entries and places to pick.

Every answer is checked at once, so a typo is asked again instead of ending up in the file. The questions follow
the field table; this module only talks: the `new` command decides what is asked and writes the file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from kennisbank.core.models import DOCUMENT, EntryModel, Kind
from kennisbank.core.models.fields import ModelField, fields_of
from kennisbank.core.problems import visible
from kennisbank.core.regions import PROVINCES, municipalities
from kennisbank.core.suggestions import did_you_mean, fold

from .answers import (
    ITEMS,
    SPLIT,
    convert,
    is_block,
    is_place,
    key_label,
    missing_source,
    parse_place,
    relabel,
    value_problems,
    yes,
)
from .content_index import ContentIndex, id_problem, propose_id
from .entry_yaml import shown_default


class Stopped(Exception):
    """The contributor ended the questions (Ctrl-D or Ctrl-C)."""


class Terminal:
    """The contributor's terminal: questions and remarks go to stdout, answers come from stdin."""

    def say(self, text: str = "") -> None:
        print(text, flush=True)

    def ask(self, prompt: str) -> str:
        try:
            return input(prompt).strip()
        except (EOFError, KeyboardInterrupt):
            raise Stopped from None


def _pick(answer: str, options: Sequence[str], titles: Mapping[str, str] | None = None) -> list[str] | str:
    """Chosen options from an answer of numbers and/or names separated by commas; a message if one is unknown.
    `titles` are other names of options (an entry's title as the site shows it → its id), in any letter case."""
    folded = {fold(option): option for option in options} | {fold(t): o for t, o in (titles or {}).items()}

    def one(item: str) -> str | None:
        if item.isdigit() and 1 <= int(item) <= len(options):
            return options[int(item) - 1]
        return folded.get(fold(item))

    chosen: list[str] = []
    for part in (part for part in ITEMS.split(answer) if part):
        # 'Taal centraal' is one title; '1 3' or 'po vo' are two items without a comma
        found = [one(part)] if one(part) else [one(word) for word in SPLIT.split(part) if word]
        if not found or None in found:
            hint = did_you_mean(part, [*options, *(titles or {})], 0.6)
            return f"'{visible(part)}' staat niet in de lijst.{hint} Typ een nummer of naam uit de lijst."
        chosen.extend(item for item in found if item)
    return chosen


class Interview:
    """The questions for one new entry, asked in a terminal."""

    def __init__(self, index: ContentIndex, terminal: Terminal) -> None:
        self.index = index
        self.say = terminal.say
        self.ask_line = terminal.ask

    def entry(self, kind: Kind[EntryModel], values: dict[str, Any], given_id: str | None,
              unread: Sequence[tuple[str, str]]) -> str:
        """Ask all questions: the title first, then the id proposed from it, then the other fields; returns the
        id. `unread` are the --veld values that could not be read: said first, then asked like the others."""
        for key, message in unread:
            self.say(f"! --veld {key}: {message}.")
        self.say(f"{kind.new.capitalize()} in {(self.index.content / kind.folder).as_posix()}/. Beantwoord de vragen; Enter "
                 "slaat een vraag over die niet verplicht is. Stoppen kan met Ctrl-C; er wordt dan niets geschreven.")
        fields = fields_of(kind.model)
        self.fill([f for f in fields if f.name == "title"], values, skip=lambda _field: False)
        entry_id = given_id or ""
        problem = id_problem(entry_id, self.index) if entry_id else None
        if problem:
            self.say(f"! --id: {problem}")
        if not entry_id or problem:
            entry_id = self._id(propose_id(str(values["title"])))
        # Optional blocks (sources, ratings, provenance, …) are long; they stay as commented lines in the file.
        self.fill(fields, values, skip=lambda field: is_block(field) and not field.required)
        self.source(kind, values)
        return entry_id

    def source(self, kind: Kind[EntryModel], values: dict[str, Any]) -> None:
        """Ask where the entry comes from until it has a source, if its kind needs one (answers.missing_source):
        a brondocument of the kennisbank, or else the website and when and where it was found."""
        if missing_source(kind, values) is None:
            return
        fields = {field.name: field for field in fields_of(kind.model)}
        self.say()
        self.say("Waar komt dit vandaan? De kennisbank neemt alleen op wat in een bron staat, zodat een redacteur het "
                 "kan nakijken.")
        while missing_source(kind, values) is not None:
            documents = self.index.choices(DOCUMENT)
            if documents and yes(self.ask_line("Staat het in een van de brondocumenten van de kennisbank? (ja/nee) "
                                               "[nee]: ")):
                values["provenance"] = self.ask(fields["provenance"])
                continue
            self.say("Dan is de website van het initiatief de bron: het adres, de dag waarop je hem bekeek en de pagina "
                     "waar je het adres vond.")
            for name in ("url", "url_seen", "url_found_on"):
                if name not in values:
                    values[name] = self.ask(replace(fields[name], required=True))

    def _id(self, proposal: str) -> str:
        self.say()
        self.say("De bestandsnaam is de id van het item: kleine letters, cijfers en streepjes. Andere items verwijzen "
                 "ermee naar dit item.")
        while True:
            answer = self.ask_line(f"id [Enter: {proposal}]: " if proposal else "id: ") or proposal
            problem = id_problem(answer, self.index)
            if problem is None:
                return answer
            self.say(f"  ! {problem}")

    def again(self, kind: Kind[EntryModel], values: dict[str, Any], messages: Sequence[str],
              names: Sequence[str]) -> None:
        """Say why the entry does not pass the check yet, and ask the fields it is about again."""
        self.say()
        self.say("Het item klopt nog niet:")
        for message in messages:
            self.say(f"  ! {relabel(kind.model, message)}")
        if not names:
            return
        labels = ", ".join(key_label(kind.model, name) or name for name in names)
        self.say(f"Beantwoord {'deze vraag' if len(names) == 1 else 'deze vragen'} opnieuw: {labels}.")
        for name in names:
            values.pop(name, None)
        self.fill([field for field in fields_of(kind.model) if field.name in names], values, skip=lambda _field: False)

    def fill(self, fields: Sequence[ModelField], values: dict[str, Any],
             skip: Callable[[ModelField], bool]) -> None:
        for field in fields:
            if field.name in values or skip(field) or (field.only_with and field.only_with not in values):
                continue
            value = self.ask(field)
            if value is not None:
                values[field.name] = value

    def ask(self, field: ModelField) -> Any:
        self.say()
        # The description names other fields by their key ('place_note'); the interview says their Dutch label.
        description = relabel(field.owner, field.description)
        self.say("\n".join(textwrap.wrap(description, width=100, break_on_hyphens=False)))
        need = "verplicht" if field.required else "Enter: overslaan"
        if is_block(field):
            return self._block(field)
        if is_place(field):
            return self._places(field)
        if field.type in ("choice", "ref"):
            return self._choose(field, need)
        if field.many:
            return self._lines(field, need)
        default = shown_default(field)
        default_text = f", standaard {default}" if default is not None and not field.required else ""
        hint = " (ja/nee)" if field.type == "bool" else " (JJJJ-MM-DD)" if field.type == "date" else ""
        while True:
            answer = self.ask_line(f"{field.label}{hint} [{need}{default_text}]: ")
            if not answer and not field.required:
                return None
            value = self._checked(field, [answer])
            if value is not None:
                return value

    def _checked(self, field: ModelField, texts: Sequence[str]) -> Any:
        value, problems = convert(field, texts)
        if value is None and not problems:
            problems = ["dit veld is verplicht"] if field.required else []
        if value is not None and not problems:
            problems = value_problems(field, value, self.index)
        for problem in problems:
            self.say(f"  ! {relabel(field.owner, problem)}")
        return None if problems else value

    def _numbered(self, options: Sequence[str]) -> None:
        for number, option in enumerate(options, 1):
            self.say(f"  {number:>3}. {option}")

    def _choose(self, field: ModelField, need: str) -> Any:
        titles: dict[str, str] = {}
        if field.ref is not None:
            pairs = self.index.choices(field.ref)
            if not pairs:
                self.say(f"  (er zijn nog geen items in content/{field.ref.folder}/)")
                return None
            options = [entry_id for entry_id, _title in pairs]
            titles = {title: entry_id for entry_id, title in pairs}  # 'Taal centraal' as the site shows it
            self._numbered([f"{entry_id} — {title}" for entry_id, title in pairs])
        else:
            options = list(field.choices)
            self._numbered(options)
        several = "nummers of namen, met komma's ertussen" if field.many else "een nummer of naam"
        while True:
            answer = self.ask_line(f"{field.label} ({several}) [{need}]: ")
            if not answer:
                if field.required:
                    self.say("  ! dit veld is verplicht")
                    continue
                return None
            chosen = _pick(answer, options, titles)
            if isinstance(chosen, str):
                self.say(f"  ! {chosen}")
                continue
            if not field.many and len(chosen) != 1:
                self.say("  ! kies er één")
                continue
            value = self._checked(field, [", ".join(chosen)])
            if value is not None:
                return value

    def _lines(self, field: ModelField, need: str) -> list[str] | None:
        self.say("  Eén per regel; een lege regel is klaar.")
        items: list[str] = []
        while True:
            answer = self.ask_line(f"{field.item_label} {len(items) + 1}: ")
            if not answer:
                if field.required and not items:
                    self.say("  ! dit veld is verplicht")
                    continue
                return items or None
            value = self._checked(field, [*items, answer])
            if value is not None:
                items.append(answer)

    def _places(self, field: ModelField) -> Any:
        places: list[dict[str, str]] = []
        self.say("  Provincies:")
        self._numbered(PROVINCES)
        while True:
            first = not places
            need = ("verplicht" if field.required else "Enter: overslaan") if first else "Enter: klaar"
            answer = self.ask_line(f"{self._nth(field, len(places))}: provincie (nummer of naam) [{need}]: ")
            if not answer:
                if first and field.required:
                    self.say("  ! dit veld is verplicht")
                    continue
                break
            chosen = _pick(answer, PROVINCES)
            if isinstance(chosen, str) or len(chosen) != 1:
                self.say(f"  ! {chosen if isinstance(chosen, str) else 'kies één provincie'}")
                continue
            places.append(self._municipality(field, chosen[0], self._nth(field, len(places))))
            if not field.many:
                break
        if not places:
            return None
        value = places if field.many else places[0]
        for problem in value_problems(field, value, self.index):  # the model's own rules, should they grow
            self.say(f"  ! {relabel(field.owner, problem)}")
        return value

    @staticmethod
    def _nth(field: ModelField, done: int) -> str:
        """The next item of a list field, numbered from 1 ('plaats 2'); the label of a single block."""
        return f"{field.item_label} {done + 1}" if field.many else field.label

    def _municipality(self, field: ModelField, province: str, item: str) -> dict[str, str]:
        names = sorted((m.name for m in municipalities().values() if m.province == province), key=fold)
        self.say(f"  Gemeenten in {province}:")
        for line in textwrap.wrap(", ".join(names), width=100, break_on_hyphens=False):
            self.say("    " + line)
        while True:
            gemeente = self.ask_line(f"{item}: gemeente in {province} [Enter: de hele provincie]: ")
            place, problem = parse_place(f"{province}/{gemeente}" if gemeente else province)
            if problem is None and place is not None:
                return place
            self.say(f"  ! {problem}")

    def _block(self, field: ModelField) -> Any:
        items: list[dict[str, Any]] = []
        while True:
            block: dict[str, Any] = {}
            self.say(f"  {self._nth(field, len(items))}:")
            self.fill(field.fields, block, skip=lambda sub: is_block(sub) and not sub.required)
            items.append(block)
            if not field.many or not yes(self.ask_line(f"Nog een {field.item_label}? (ja/nee) [nee]: ")):
                break
        return items if field.many else items[0]
