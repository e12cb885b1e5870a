"""Resolve references between entries, compute backlinks and report dangling links and orphans."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from kennisbank.core.models.common import ID_PATTERN

from .documents import Document
from .knowledge import Entry, KnowledgeBase, Link
from .models import COLLECTION, DOCUMENT, INITIATIVE, PRACTICE, READING, SCAN, TERM, THEME, EntryModel, Kind
from .models.fields import fields_of, location
from .problems import Problem, error, warning
from .suggestions import did_you_mean


@cache
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, Kind[EntryModel] | None], ...]:
    """(field name, kind it refers to or None) for every field that is a reference or holds blocks."""
    return tuple((field.name, field.ref) for field in fields_of(model) if field.ref is not None or field.block)


def references(model: BaseModel, path: tuple[Any, ...] = ()
               ) -> Iterator[tuple[tuple[Any, ...], str, Kind[EntryModel]]]:
    """Every (field path, target id, expected kind) in a model, found through the fields' x-ref marker."""
    for name, kind in _ref_fields(type(model)):
        value = getattr(model, name)
        if kind is not None:
            if isinstance(value, str):
                yield path + (name,), value, kind
            elif isinstance(value, (list, tuple)):
                for index, item in enumerate(value):
                    yield path + (name, index), item, kind
        elif isinstance(value, BaseModel):
            yield from references(value, path + (name,))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from references(item, path + (name, index))


def raw_references(model: type[BaseModel], data: Any, path: tuple[Any, ...] = ()
                   ) -> Iterator[tuple[tuple[Any, ...], str, Kind[EntryModel]]]:
    """Like references(), over the raw data of a file that failed validation, so its dangling
    references are reported together with its other problems."""
    if not isinstance(data, dict):
        return
    for field in fields_of(model):
        name, kind = field.name, field.ref
        value = data.get(name)
        items = list(enumerate(value)) if isinstance(value, list) else None
        if kind is not None:
            if isinstance(value, str) and ID_PATTERN.match(value):
                yield path + (name,), value, kind
            for index, item in items or ():
                if isinstance(item, str) and ID_PATTERN.match(item):
                    yield path + (name, index), item, kind
            continue
        inner = field.block
        if inner is None:
            continue
        if isinstance(value, dict):
            yield from raw_references(inner, value, path + (name,))
        for index, item in items or ():
            yield from raw_references(inner, item, path + (name, index))


UNCHECKED = object()
"""What a Finder returns for a target that exists but is not looked at further (a file that failed validation)."""

Finder = Callable[[str, Kind[EntryModel]], "Entry[Any] | object | None"]
"""(target id, kind a reference expects) → the valid entry, UNCHECKED, or None when no file has that id."""


def link(entries: list[Entry[Any]], broken: dict[str, tuple[Kind[EntryModel], Document | None]] | None = None
         ) -> tuple[KnowledgeBase, list[Problem]]:
    """Check every reference. `broken` maps ids of files that failed validation to their kind and
    document: a reference to them is not reported again as unknown, and their own references are checked
    from the raw data."""
    broken = broken or {}
    by_id = {entry.id: entry for entry in entries}
    ids_by_kind: dict[Kind[EntryModel], list[str]] = {}
    for entry in entries:
        ids_by_kind.setdefault(entry.kind, []).append(entry.id)
    for entry_id, (broken_kind, _doc) in broken.items():
        ids_by_kind.setdefault(broken_kind, []).append(entry_id)

    def find(target: str, _kind: Kind[EntryModel]) -> Entry[Any] | object | None:
        found = by_id.get(target)
        return found if found is not None else UNCHECKED if target in broken else None

    problems: list[Problem] = []
    links: list[Link] = []
    for broken_kind, document in broken.values():
        if document is not None:
            problems.extend(raw_reference_problems(broken_kind, document, find, ids_by_kind))
    for entry in entries:
        problems.extend(reference_problems(entry, find, ids_by_kind, links))
    knowledge = KnowledgeBase(entries, links)
    problems.extend(soft_issues(knowledge))
    return knowledge, problems


def raw_reference_problems(kind: Kind[EntryModel], document: Document, find: Finder,
                           ids_by_kind: dict[Kind[EntryModel], list[str]]) -> list[Problem]:
    """Unknown and wrong-kind references in the raw data of a file that failed validation."""
    problems = []
    for path, target, expected in raw_references(kind.model, document.data):
        found = find(target, expected)
        if found is None:
            problems.append(_unknown(kind.model, document, path, target, expected, ids_by_kind))
        elif isinstance(found, Entry) and found.kind is not expected:
            problems.append(_wrong_kind(kind.model, document, path, found, expected))
    return problems


def reference_problems(entry: Entry[Any], find: Finder, ids_by_kind: dict[Kind[EntryModel], list[str]],
                       links: list[Link] | None = None) -> list[Problem]:
    """Every problem with the references of one valid entry; its good links are added to `links`."""
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    for path, target, kind in references(entry.data):
        # Marks and labels are only worked out for problems: most references are fine.
        key = (path[:-1] if isinstance(path[-1], int) else path) + (target,)
        if key in seen:
            line, col = entry.document.mark(path)
            problems.append(error(entry.path, line, col,
                                  f"'{target}' staat twee keer in '{_field(entry.kind.model, path)}'; verwijder er "
                                  "één.",
                                  "duplicate-ref"))
            continue
        seen.add(key)
        if target == entry.id:
            line, col = entry.document.mark(path)
            problems.append(error(entry.path, line, col,
                                  f"'{_field(entry.kind.model, path)}' verwijst naar dit item zelf; verwijder "
                                  f"'{target}'.", "self-ref"))
            continue
        found = find(target, kind)
        if found is None:
            problems.append(_unknown(entry.kind.model, entry.document, path, target, kind, ids_by_kind))
            continue
        if not isinstance(found, Entry):
            continue
        if found.kind is not kind:
            problems.append(_wrong_kind(entry.kind.model, entry.document, path, found, kind))
            continue
        if found.kind is DOCUMENT and getattr(found.data, "fiction", False):
            line, col = entry.document.mark(path)
            problems.append(error(entry.path, line, col,
                                  f"'{target}' is fictie (een toekomstscenario); ontleen er geen feiten aan en "
                                  "verwijs er niet naar als bron.", "fiction-source"))
            continue
        if links is not None:
            links.append(Link(entry.id, target, path[0]))
    return problems


def _field(model: type[BaseModel], path: tuple[Any, ...]) -> str:
    """The field a reference is in, in Dutch; the message names the reference itself, so not its position."""
    return location(model, path[:-1] if path and isinstance(path[-1], int) else path)


def _unknown(model: type[BaseModel], document: Document, path: tuple[Any, ...], target: str,
             expected: Kind[EntryModel], ids_by_kind: dict[Kind[EntryModel], list[str]]) -> Problem:
    line, col = document.mark(path)
    hint = did_you_mean(target, ids_by_kind.get(expected, []), cutoff=0.6)
    return error(document.path, line, col,
                 f"{expected.unknown} '{target}' in '{_field(model, path)}'.{hint} Een {expected.label} wordt "
                 f"aangeduid met zijn bestandsnaam zonder extensie, uit content/{expected.folder}/.", "unknown-ref")


def _wrong_kind(model: type[BaseModel], document: Document, path: tuple[Any, ...], found: Entry[Any],
                expected: Kind[EntryModel]) -> Problem:
    line, col = document.mark(path)
    return error(document.path, line, col,
                 f"'{found.id}' is een {found.kind.label}, geen {expected.label}; '{_field(model, path)}' verwijst "
                 f"alleen naar items in content/{expected.folder}/.", "wrong-kind-ref")


def soft_issues(kb: KnowledgeBase) -> Iterator[Problem]:
    for theme in kb.of_kind(THEME):
        if not kb.links_to(theme.id, PRACTICE):
            yield warning(theme.path, 1, 1, "bij dit thema hoort nog geen praktijkkaart. Verwijs ernaar vanuit "
                          "'themes' in een kaart in content/practices/.", "theme-without-practices")
    for practice in kb.of_kind(PRACTICE):
        if not practice.data.sources:
            yield warning(practice.path, 1, 1, "deze praktijkkaart noemt geen bron. Voeg onder 'sources' minstens één "
                          "publicatie toe die de aanpak onderbouwt.", "practice-without-source")
        if not practice.data.themes and not kb.links_to(practice.id, COLLECTION):
            yield warning(practice.path, 1, 1, "deze praktijkkaart hoort bij geen thema en staat in geen verzameling, "
                          "dus niemand vindt hem via de navigatie. Vul 'themes' in.", "practice-orphan")
    for initiative in kb.of_kind(INITIATIVE):
        if not kb.links_from(initiative.id) and not kb.links_to(initiative.id):
            yield warning(initiative.path, 1, 1, "dit initiatief is aan niets gekoppeld. Vul 'practices' of 'themes' "
                          "in, zodat leraren het vinden bij de aanpak die het laat zien.", "initiative-orphan")
    seen_forms: dict[str, str] = {}
    for term in kb.of_kind(TERM):  # alphabetical: the later term is the one to change
        for index, form in enumerate(term.data.marked):
            if form in seen_forms:
                line, col = term.document.mark(("forms", index) if term.data.forms else ("title",))
                yield error(term.path, line, col, f"'{form}' is al een schrijfwijze van het begrip '{seen_forms[form]}'; "
                            "een tooltip kan maar één betekenis hebben. Haal de schrijfwijze hier weg.", "duplicate-form")
            seen_forms.setdefault(form, term.id)
    for scan in kb.of_kind(SCAN):
        yield from scan_issues(kb, scan)
    for item in kb.of_kind(READING):
        if not item.data.themes and not item.data.practices:
            yield warning(item.path, 1, 1, "deze tip is aan geen thema of praktijkkaart gekoppeld. Vul 'themes' "
                          "of 'practices' in.", "reading-orphan")


def scan_issues(kb: KnowledgeBase, scan: Entry[Any]) -> Iterator[Problem]:
    """A self-scan's statements: each key once (the page's address names them), only sectors the scan offers,
    and cards that the statement's sectors can show (the page shows a card only for a sector it is for)."""
    keys: set[str] = set()
    for index, statement in enumerate(scan.data.statements):
        if statement.key in keys:
            line, col = scan.document.mark(("statements", index, "key"))
            yield error(scan.path, line, col, f"de sleutel '{statement.key}' staat al bij een eerdere stelling; elke "
                        "stelling heeft een eigen sleutel nodig, want de link met de antwoorden noemt hem.",
                        "scan-duplicate-key")
        keys.add(statement.key)
        for position, sector in enumerate(statement.sectors):
            if sector not in scan.data.sectors:
                line, col = scan.document.mark(("statements", index, "sectors", position))
                yield error(scan.path, line, col, f"de scan is niet voor '{sector}' (zie 'sectors' bovenaan), dus "
                            "deze stelling komt nooit in beeld. Voeg de sector toe aan de scan of haal hem hier weg.",
                            "scan-sector")
        shown = statement.sectors or scan.data.sectors
        for position, practice_id in enumerate(statement.practices):
            practice = kb.entries.get(practice_id)
            if practice is None or practice.kind is not PRACTICE or not practice.data.sectors:
                continue
            if not set(shown) & set(practice.data.sectors):
                line, col = scan.document.mark(("statements", index, "practices", position))
                yield warning(scan.path, line, col, f"praktijkkaart '{practice_id}' is niet voor "
                              f"{', '.join(shown)}, dus de zelfscan laat hem bij deze stelling nooit zien.",
                              "scan-practice-sector")
