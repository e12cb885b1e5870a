"""Resolve references between entries, compute backlinks and report dangling links and orphans."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .documents import Document
from .knowledge import Entry, KnowledgeBase, Link
from .models import KIND_BY_NAME
from .models.common import ID_PATTERN
from .problems import Problem, error, warning
from .validation import inner_model, field_label


@cache
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """(field name, kind it refers to or None) for every field that is a reference or may hold models."""
    fields = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind = extra.get("x-ref")
        if kind is not None or inner_model(info.annotation) is not None:
            fields.append((name, kind))
    return tuple(fields)


def references(model: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, str]]:
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


def raw_references(model: type[BaseModel], data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Like references(), over the raw data of a file that failed validation, so its dangling
    references are reported together with its other problems."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        value = data.get(name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind = extra.get("x-ref")
        items = list(enumerate(value)) if isinstance(value, list) else None
        if kind is not None:
            if isinstance(value, str) and ID_PATTERN.match(value):
                yield path + (name,), value, kind
            for index, item in items or ():
                if isinstance(item, str) and ID_PATTERN.match(item):
                    yield path + (name, index), item, kind
            continue
        inner = inner_model(info.annotation)
        if inner is None:
            continue
        if isinstance(value, dict):
            yield from raw_references(inner, value, path + (name,))
        for index, item in items or ():
            yield from raw_references(inner, item, path + (name, index))


def link(entries: list[Entry], broken: dict[str, tuple[str, Document | None]] | None = None,
         root: Path | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    """Check every reference. `broken` maps ids of files that failed validation to their kind and
    document: a reference to them is not reported again as unknown, and their own references are checked
    from the raw data."""
    broken = broken or {}
    by_id = {entry.id: entry for entry in entries}
    ids_by_kind: dict[str, list[str]] = {}
    for entry in entries:
        ids_by_kind.setdefault(entry.kind.name, []).append(entry.id)
    for entry_id, (kind, _doc) in broken.items():
        ids_by_kind.setdefault(kind, []).append(entry_id)
    problems: list[Problem] = []
    links: list[Link] = []
    for entry_id, (kind_name, document) in broken.items():
        if document is None:
            continue
        for path, target, kind in raw_references(KIND_BY_NAME[kind_name].model, document.data):
            if target not in by_id and target not in broken:
                problems.append(_unknown(document, path, target, kind, ids_by_kind))
            elif target in by_id and by_id[target].kind.name != kind:
                problems.append(_wrong_kind(document, path, by_id[target], kind))
    for entry in entries:
        seen: set[tuple[Any, ...]] = set()
        for path, target, kind in references(entry.data):
            # Marks and labels are only worked out for problems: most references are fine.
            key = (path[:-1] if isinstance(path[-1], int) else path) + (target,)
            if key in seen:
                line, col = entry.document.mark(path)
                problems.append(error(entry.path, line, col,
                                      f"'{target}' staat twee keer in '{_field(path)}'; verwijder er één.",
                                      "duplicate-ref"))
                continue
            seen.add(key)
            if target == entry.id:
                line, col = entry.document.mark(path)
                problems.append(error(entry.path, line, col,
                                      f"'{_field(path)}' verwijst naar dit item zelf; verwijder '{target}'.", "self-ref"))
                continue
            found = by_id.get(target)
            if found is None:
                if target not in broken:
                    problems.append(_unknown(entry.document, path, target, kind, ids_by_kind))
                continue
            if found.kind.name != kind:
                problems.append(_wrong_kind(entry.document, path, found, kind))
                continue
            if kind == "document" and getattr(found.data, "fiction", False):
                line, col = entry.document.mark(path)
                problems.append(error(entry.path, line, col,
                                      f"'{target}' is fictie (een toekomstscenario); ontleen er geen feiten aan en "
                                      "verwijs er niet naar als bron.", "fiction-source"))
                continue
            links.append(Link(entry.id, target, path[0]))
    knowledge = KnowledgeBase(entries, links, root)
    problems.extend(_soft_issues(knowledge))
    return knowledge, problems


def _field(path: tuple[Any, ...]) -> str:
    return field_label(path[:-1] if path and isinstance(path[-1], int) else path)


def _unknown(document: Document, path: tuple[Any, ...], target: str, kind: str,
             ids_by_kind: dict[str, list[str]]) -> Problem:
    expected = KIND_BY_NAME[kind]
    line, col = document.mark(path)
    close = difflib.get_close_matches(target, ids_by_kind.get(kind, []), n=1, cutoff=0.6)
    hint = f" Bedoelde je '{close[0]}'?" if close else ""
    return error(document.path, line, col,
                 f"{expected.unknown} '{target}' in '{_field(path)}'.{hint} Een {expected.label} wordt "
                 f"aangeduid met zijn bestandsnaam zonder extensie, uit content/{expected.folder}/.", "unknown-ref")


def _wrong_kind(document: Document, path: tuple[Any, ...], found: Entry, kind: str) -> Problem:
    expected = KIND_BY_NAME[kind]
    line, col = document.mark(path)
    return error(document.path, line, col,
                 f"'{found.id}' is een {found.kind.label}, geen {expected.label}; '{_field(path)}' verwijst alleen "
                 f"naar items in content/{expected.folder}/.", "wrong-kind-ref")


def _soft_issues(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.of_kind("theme"):
        if not kb.links_to(entry.id, "practice"):
            yield warning(entry.path, 1, 1, "bij dit thema hoort nog geen praktijkkaart. Verwijs ernaar vanuit "
                          "'themes' in een kaart in content/practices/.", "theme-without-practices")
    for entry in kb.of_kind("practice"):
        if not entry.data.sources:  # type: ignore[attr-defined]
            yield warning(entry.path, 1, 1, "deze praktijkkaart noemt geen bron. Voeg onder 'sources' minstens één "
                          "publicatie toe die de aanpak onderbouwt.", "practice-without-source")
        if not entry.data.themes and not kb.links_to(entry.id, "collection"):  # type: ignore[attr-defined]
            yield warning(entry.path, 1, 1, "deze praktijkkaart hoort bij geen thema en staat in geen verzameling, "
                          "dus niemand vindt hem via de navigatie. Vul 'themes' in.", "practice-orphan")
    for entry in kb.of_kind("initiative"):
        if not kb.links_from(entry.id) and not kb.links_to(entry.id):
            yield warning(entry.path, 1, 1, "dit initiatief is aan niets gekoppeld. Vul 'practices' of 'themes' in, "
                          "zodat leraren het vinden bij de aanpak die het laat zien.", "initiative-orphan")
    for entry in kb.of_kind("reading"):
        if not entry.data.themes and not entry.data.practices:  # type: ignore[attr-defined]
            yield warning(entry.path, 1, 1, "deze tip is aan geen thema of praktijkkaart gekoppeld. Vul 'themes' "
                          "of 'practices' in.", "reading-orphan")
