"""The immutable KnowledgeBase every output reads from: entries by kind and id, links both ways."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

from . import reads
from .documents import Document
from .models import KINDS, EntryModel, Kind

M = TypeVar("M", bound=EntryModel)


@dataclass(frozen=True, eq=False)
class Entry(Generic[M]):
    """One validated content file; `data` is the model of its kind (Practice for PRACTICE, ...). Its content is
    read through `data` and `body`, which tell an open recording (reads.py) what a page depends on."""

    kind: Kind[M]
    id: str
    path: str  # relative to the repository root, as in problems
    model: M  # read it as `data`; only a comparison of two builds looks here without recording
    markdown: str  # read it as `body`, likewise
    body_line: int
    document: Document = field(repr=False)

    @property
    def data(self) -> M:
        if reads.OPEN:
            reads.OPEN[-1].add((self.id, reads.DATA))
        return self.model

    @property
    def body(self) -> str:
        if reads.OPEN:
            reads.OPEN[-1].add((self.id, reads.BODY))
        return self.markdown

    @property
    def title(self) -> str:
        return self.data.title


@dataclass(frozen=True)
class Link:
    """A reference from one entry to another, through one top-level field (e.g. 'themes', 'sections')."""

    source: str
    target: str
    field: str


class KnowledgeBase:
    """Read-only view of the linked content. Build it with kennisbank.loader.load_knowledge_base."""

    def __init__(self, entries: Iterable[Entry[Any]], links: Iterable[Link]) -> None:
        entries = list(entries)
        self._entries: Mapping[str, Entry[Any]] = MappingProxyType({entry.id: entry for entry in entries})
        by_kind: dict[Kind[Any], list[Entry[Any]]] = {kind: [] for kind in KINDS}
        for entry in entries:
            by_kind[entry.kind].append(entry)
        # Each entry's place in the site's order, worked out once: lists of links are sorted by it again and again.
        # A change of it makes a rebuild start from scratch (changes_since), so it need not count as a read.
        self._keys = {entry.id: sort_key(entry) for entry in entries}
        self._by_kind = MappingProxyType({k: tuple(sorted(v, key=self._key)) for k, v in by_kind.items()})
        outgoing: dict[str, list[Link]] = {}
        incoming: dict[str, list[Link]] = {}
        for link in links:
            outgoing.setdefault(link.source, []).append(link)
            incoming.setdefault(link.target, []).append(link)
        self._outgoing = MappingProxyType({k: tuple(v) for k, v in outgoing.items()})
        self._incoming = MappingProxyType({k: tuple(v) for k, v in incoming.items()})

    @property
    def entries(self) -> Mapping[str, Entry[Any]]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> Entry[Any]:
        return self._entries[entry_id]

    def get_of_kind(self, entry_id: str, kind: Kind[M]) -> Entry[M]:
        """The entry with this id, which the linker has checked to be of this kind."""
        entry = self._entries[entry_id]
        if entry.kind is not kind:
            raise KeyError(f"{entry_id} is a {entry.kind.name}, not a {kind.name}")
        return entry

    def of_kind(self, kind: Kind[M]) -> tuple[Entry[M], ...]:
        return self._by_kind[kind]

    @overload
    def links_from(self, entry_id: str, kind: Kind[M], field: str | None = None) -> list[Entry[M]]: ...
    @overload
    def links_from(self, entry_id: str, kind: None = None, field: str | None = None) -> list[Entry[Any]]: ...

    def links_from(self, entry_id: str, kind: Kind[Any] | None = None, field: str | None = None) -> list[Entry[Any]]:
        """Entries this one points to (optionally only of one kind or through one field), in link order."""
        return self._resolve(self._outgoing.get(entry_id, ()), "target", kind, field)

    @overload
    def links_to(self, entry_id: str, kind: Kind[M], field: str | None = None) -> list[Entry[M]]: ...
    @overload
    def links_to(self, entry_id: str, kind: None = None, field: str | None = None) -> list[Entry[Any]]: ...

    def links_to(self, entry_id: str, kind: Kind[Any] | None = None, field: str | None = None) -> list[Entry[Any]]:
        """Entries that point to this one (backlinks), sorted by kind order and title."""
        found = self._resolve(self._incoming.get(entry_id, ()), "source", kind, field)
        return sorted(found, key=self._key)

    def related(self, entry_id: str, kind: Kind[M]) -> list[Entry[M]]:
        """Entries of a kind linked either way, without duplicates."""
        seen: dict[str, Entry[M]] = {}
        for entry in self.links_from(entry_id, kind) + self.links_to(entry_id, kind):
            seen.setdefault(entry.id, entry)
        return sorted(seen.values(), key=self._key)

    def _key(self, entry: Entry[Any]) -> tuple[int, str, str]:
        return self._keys[entry.id]

    def changes_since(self, earlier: KnowledgeBase) -> set[reads.Read] | None:
        """The parts of entries that differ from an earlier knowledge base, or None when more changed than a
        recording can see: an entry added, removed, moved or of another kind, a reference added or removed, or a
        changed place in the site's order (a list that stops early need not have read every entry)."""
        if self._entries.keys() != earlier._entries.keys():
            return None
        changed: set[reads.Read] = set()
        for entry_id, now in self._entries.items():
            then = earlier._entries[entry_id]
            same_data = now.model is then.model or now.model == then.model
            same_body = now.markdown == then.markdown
            if same_data and same_body:
                continue
            if (now.kind is not then.kind or now.path != then.path or sort_key(now) != sort_key(then)
                    or self._outgoing.get(entry_id) != earlier._outgoing.get(entry_id)):
                return None
            changed.update(((entry_id, reads.DATA),) if not same_data else ())
            changed.update(((entry_id, reads.BODY),) if not same_body else ())
        return changed

    def _resolve(self, links: Iterable[Link], end: str, kind: Kind[Any] | None, field: str | None) -> list[Entry[Any]]:
        result: list[Entry[Any]] = []
        seen: set[str] = set()
        for link in links:
            if field is not None and link.field != field:
                continue
            entry = self._entries.get(getattr(link, end))
            if entry is None or (kind is not None and entry.kind is not kind) or entry.id in seen:
                continue
            seen.add(entry.id)
            result.append(entry)
        return result


def sort_key(entry: Entry[Any]) -> tuple[int, str, str]:
    """The site's order: the entry's own 'order', then its number ('1.10' after '1.9'), then its title."""
    order = getattr(entry.data, "order", 100)
    number = getattr(entry.data, "number", None) or ""
    padded = ".".join(part.zfill(4) for part in number.split(".")) if number else "~"
    return order, padded, entry.title.casefold()
