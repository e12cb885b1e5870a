"""Check named content files at a cost that does not grow with the site (`kennisbank check FILE…`, pre-commit).

Only the named files are read, validated, safety-checked and bounds-checked, with the same functions as the full
load (loader.py). Their references are checked against an index of ids made from file names alone (one
os.scandir per kind folder, nothing read), with the same messages as linker.py. A referenced file is read only
when its contents decide a problem: a reference to an item of another kind (reported only when that item is
valid, as in the full check) or to a source document (which may be fiction).

Not reported here, because they depend on the contents of other files; the full `kennisbank check` (CI) still
reports them:
- the orphan warnings (WHOLE_SITE below): a theme without practice cards, a practice card in no theme and no
  collection, an initiative linked to nothing, and a term form that another term also uses; and a self-scan's
  card that the sectors of its statement never show (it needs the card's sectors);
- when an id is used by files of two different kinds, the full check keeps the file that other entries refer to;
  here the first file in the order of the full check (kind folder, then file name) is kept, which is the same
  rule whenever the files are of one kind or nobody refers to the id.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .knowledge import Entry, KnowledgeBase, Link
from .linker import UNCHECKED, raw_reference_problems, reference_problems, soft_issues
from .loader import (
    EXTENSIONS,
    IGNORED_NAMES,
    Bodies,
    LoadResult,
    display_path,
    duplicate_id,
    load_entry,
    read_candidate,
)
from .models import DOCUMENT, KIND_BY_FOLDER, EntryModel, Kind
from .models.common import ID_PATTERN, MAX_ID_LENGTH
from .problems import Problem, sort_problems

WHOLE_SITE = frozenset({"theme-without-practices", "practice-orphan", "initiative-orphan", "duplicate-form",
                        "scan-practice-sector"})
"""Problem codes that need other files' contents, so they are never reported for named files alone."""


@dataclass(frozen=True)
class IdIndex:
    """Every id under content/ with the files that carry it (as text: a Path per file would cost more than the
    scan), in the order the full check reads them."""

    files: dict[str, list[tuple[Kind[EntryModel], str]]]

    @classmethod
    def scan(cls, content_dir: Path) -> IdIndex:
        """From file names only: the id is the file stem, the kind its folder. Files the full check would not
        read as an entry (other folders, extensions or invalid names, symbolic links) are left out."""
        files: dict[str, list[tuple[Kind[EntryModel], str]]] = {}
        with os.scandir(content_dir) as folders:
            kinds = sorted((f.name, f.path) for f in folders if f.name in KIND_BY_FOLDER
                           and f.is_dir(follow_symlinks=False))
        for name, folder in kinds:
            kind = KIND_BY_FOLDER[name]
            with os.scandir(folder) as found:
                names = sorted(f.name for f in found if not f.is_dir(follow_symlinks=False) and not f.is_symlink())
            for file_name in names:
                stem, suffix = os.path.splitext(file_name)
                if (file_name.startswith(".") or file_name in IGNORED_NAMES or suffix not in EXTENSIONS
                        or not ID_PATTERN.match(stem) or len(stem) > MAX_ID_LENGTH):
                    continue
                files.setdefault(stem, []).append((kind, os.path.join(folder, file_name)))
        return cls(files)

    def keeper(self, entry_id: str) -> tuple[Kind[EntryModel], Path] | None:
        """The file that keeps an id shared by several files (see the module docstring), or None."""
        group = self.files.get(entry_id)
        return (group[0][0], Path(group[0][1])) if group else None

    def ids_by_kind(self) -> dict[Kind[EntryModel], list[str]]:
        by_kind: dict[Kind[EntryModel], list[str]] = {}
        for entry_id, group in self.files.items():
            by_kind.setdefault(group[0][0], []).append(entry_id)
        return by_kind


def check_files(paths: Iterable[Path], content_dir: Path, root: Path | None = None) -> LoadResult:
    """Problems of the named files (each inside content_dir), as the full check reports them, except WHOLE_SITE."""
    content_dir = Path(content_dir)
    root = Path(root) if root is not None else content_dir.resolve().parent
    root_text = str(root.resolve())
    checker = _Checker(content_dir, root, root_text, IdIndex.scan(content_dir))
    files = list(dict.fromkeys(_in_content(Path(p), content_dir) for p in paths))
    problems: list[Problem] = []
    for file in files:
        problems.extend(checker.check(file))
    knowledge = KnowledgeBase([], [])
    return LoadResult(knowledge, sort_problems(problems), len(files))


def _in_content(path: Path, content_dir: Path) -> Path:
    """The path as the full check's walk spells it (content_dir/…), without following a link at its end."""
    absolute = path.parent.resolve() / path.name
    return content_dir / absolute.relative_to(content_dir.resolve())


class _Checker:
    def __init__(self, content_dir: Path, root: Path, root_text: str, index: IdIndex) -> None:
        self.content_dir, self.root_text, self.index = content_dir, root_text, index
        self.bodies = Bodies(root)
        self.targets: dict[str, Entry[Any] | object] = {}
        self._ids_by_kind: dict[Kind[EntryModel], list[str]] | None = None

    @property
    def ids_by_kind(self) -> dict[Kind[EntryModel], list[str]]:
        if self._ids_by_kind is None:  # only needed for the hint of an unknown reference
            self._ids_by_kind = self.index.ids_by_kind()
        return self._ids_by_kind

    def check(self, file: Path) -> list[Problem]:
        if not self._walked(file):
            return []  # the full check never reads it either (hidden, ignored, or under a skipped folder)
        candidate, problem = read_candidate(file, self.content_dir, self.root_text)
        if candidate is None:
            return [problem] if problem else []
        keeper = self.index.keeper(candidate.id)
        if keeper is not None and os.path.abspath(keeper[1]) != os.path.abspath(file):
            return [duplicate_id(candidate, display_path(keeper[1], self.root_text))]
        problems = list(candidate.problems)
        entry, entry_problems = load_entry(candidate, self.bodies)
        problems.extend(entry_problems)
        if entry is None:
            if candidate.document is not None:
                problems.extend(raw_reference_problems(candidate.kind, candidate.document, self.find,
                                                       self.ids_by_kind))
            return problems
        links: list[Link] = []
        problems.extend(reference_problems(entry, self.find, self.ids_by_kind, links))
        alone = KnowledgeBase([entry], links)
        problems.extend(p for p in soft_issues(alone) if p.code not in WHOLE_SITE)
        return problems

    def find(self, target: str, expected: Kind[EntryModel]) -> Entry[Any] | object | None:
        """A Finder for linker.py: most targets are settled by the index; a file is read only when its contents
        decide the problem (another kind, or a source document that may be fiction)."""
        keeper = self.index.keeper(target)
        if keeper is None:
            return None
        kind, path = keeper
        if kind is expected and kind is not DOCUMENT:
            return UNCHECKED
        if target not in self.targets:
            candidate, _problem = read_candidate(path, self.content_dir, self.root_text)
            entry = load_entry(candidate, self.bodies)[0] if candidate is not None else None
            valid = candidate is not None and not any(p.is_error for p in candidate.problems)
            self.targets[target] = entry if entry is not None and valid else UNCHECKED
        return self.targets[target]

    def _walked(self, file: Path) -> bool:
        """Whether the full check's walk reaches this file (it skips hidden and ignored names, folders starting
        with '.' or '_', and never follows a linked folder)."""
        if file.name.startswith(".") or file.name in IGNORED_NAMES:
            return False
        folder = self.content_dir
        for part in file.relative_to(self.content_dir).parts[:-1]:
            folder = folder / part
            if part.startswith((".", "_")) or folder.is_symlink():
                return False
        return True
