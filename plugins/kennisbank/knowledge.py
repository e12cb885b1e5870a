"""The immutable KnowledgeBase every output reads from: entries by kind and id, links both ways."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pydantic import BaseModel

from .documents import Document
from .models import KIND_BY_NAME, Kind


@dataclass(frozen=True, eq=False)
class Entry:
    """One validated content file."""

    kind: Kind
    id: str
    path: str  # relative to the repository root, as in problems
    data: BaseModel
    body: str
    body_line: int
    document: Document = field(repr=False)

    @property
    def title(self) -> str:
        return self.data.title  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Link:
    """A reference from one entry to another, through one top-level field (e.g. 'themes', 'sections')."""

    source: str
    target: str
    field: str


class KnowledgeBase:
    """Read-only view of the linked content. Build it with kennisbank.loader.load_knowledge_base."""

    def __init__(self, entries: list[Entry], links: list[Link], root: Path | None = None) -> None:
        self.root = root
        self._entries = MappingProxyType({entry.id: entry for entry in entries})
        by_kind: dict[str, list[Entry]] = {name: [] for name in KIND_BY_NAME}
        for entry in entries:
            by_kind[entry.kind.name].append(entry)
        self._by_kind = MappingProxyType({k: tuple(sorted(v, key=_sort_key)) for k, v in by_kind.items()})
        outgoing: dict[str, list[Link]] = {}
        incoming: dict[str, list[Link]] = {}
        for link in links:
            outgoing.setdefault(link.source, []).append(link)
            incoming.setdefault(link.target, []).append(link)
        self._outgoing = MappingProxyType({k: tuple(v) for k, v in outgoing.items()})
        self._incoming = MappingProxyType({k: tuple(v) for k, v in incoming.items()})

    @property
    def entries(self) -> Mapping[str, Entry]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> Entry:
        return self._entries[entry_id]

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        return self._by_kind[kind]

    def links_from(self, entry_id: str, kind: str | None = None, field: str | None = None) -> list[Entry]:
        """Entries this one points to (optionally only of one kind or through one field), in link order."""
        return self._resolve(self._outgoing.get(entry_id, ()), "target", kind, field)

    def links_to(self, entry_id: str, kind: str | None = None, field: str | None = None) -> list[Entry]:
        """Entries that point to this one (backlinks), sorted by kind order and title."""
        found = self._resolve(self._incoming.get(entry_id, ()), "source", kind, field)
        return sorted(found, key=_sort_key)

    def related(self, entry_id: str, kind: str) -> list[Entry]:
        """Entries of a kind linked either way, without duplicates."""
        seen: dict[str, Entry] = {}
        for entry in self.links_from(entry_id, kind) + self.links_to(entry_id, kind):
            seen.setdefault(entry.id, entry)
        return sorted(seen.values(), key=_sort_key)

    def _resolve(self, links: Any, end: str, kind: str | None, field: str | None) -> list[Entry]:
        result: list[Entry] = []
        seen: set[str] = set()
        for link in links:
            if field is not None and link.field != field:
                continue
            entry = self._entries.get(getattr(link, end))
            if entry is None or (kind is not None and entry.kind.name != kind) or entry.id in seen:
                continue
            seen.add(entry.id)
            result.append(entry)
        return result


def _sort_key(entry: Entry) -> tuple[int, str, str]:
    order = getattr(entry.data, "order", 100)
    number = getattr(entry.data, "number", None) or ""
    padded = ".".join(part.zfill(4) for part in number.split(".")) if number else "~"
    return order, padded, entry.title.casefold()
