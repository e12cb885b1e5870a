"""What is in the content folder already, for a new entry: the entries to choose from and the ids that are taken."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kennisbank.core.loader import EXTENSIONS, load_knowledge_base
from kennisbank.core.models import KINDS, EntryModel, Kind
from kennisbank.core.models.common import ID_PATTERN, MAX_ID_LENGTH, slugify
from kennisbank.core.problems import visible


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


def stand_in_id(index: ContentIndex) -> str:
    """A free id to check an entry under while its own cannot be made yet (its title has a problem)."""
    number = 1
    while f"nieuw-item{'-' + str(number) if number > 1 else ''}" in index.paths:
        number += 1
    return f"nieuw-item{'-' + str(number) if number > 1 else ''}"
