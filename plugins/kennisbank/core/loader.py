"""Load a content folder into linked entries and problems, never stopping at the first problem."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from kennisbank.core.models.common import ID_PATTERN, MAX_ID_LENGTH, slugify

from .documents import Document, line_col, read_document
from .knowledge import Entry, KnowledgeBase
from .linker import link, raw_references
from .markdown_bounds import render_problems, renderer, setup_key, structure_problems
from .models import KIND_BY_FOLDER, EntryModel, Kind
from .models.fields import values_of
from .problems import Problem, error, sort_problems
from .safety import scan, scan_plain, strings
from .suggestions import did_you_mean
from .validation import validate

EXTENSIONS = (".md", ".yml", ".yaml")
# Cheap pre-filter for the body scan: a tag, an entity (used to hide schemes), an image, a script/data scheme or
# an attribute list ('{: key=value }').
_SUSPECT = re.compile(r"<|&#|!\[|script|data\s*:|\{[^}\n]*=", re.IGNORECASE)
_SUSPECT_TEXT = re.compile(r"[<&]|script\s*:|data\s*:", re.IGNORECASE)
IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class LoadResult:
    knowledge: KnowledgeBase
    problems: list[Problem]  # sorted by file, line, column
    files: int  # content files looked at, valid or not

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class Candidate:
    """A readable file with a valid name, before ids are compared across the whole content folder."""

    path: Path
    display: str
    kind: Kind[EntryModel]
    id: str
    document: Document | None
    problems: list[Problem]
    loaded: tuple[Entry[Any] | None, list[Problem]] | None = None  # load_entry's result, once worked out
    checked: list[Problem] | None = None  # its safety and body problems, once worked out (or remembered)


Reader = Callable[[Path, str, Kind[EntryModel], str], Candidate]
"""(file, display path, kind, id) → the Candidate of a file whose folder, extension and name are fine."""


class FileCache(Protocol):
    """What load_knowledge_base asks of a cache of files read in an earlier load (ParseCache, CheckCache)."""

    def start(self, root: Path, files: list[Path]) -> None: ...

    def read(self, file: Path, content_dir: Path, root_text: str) -> tuple[Candidate | None, Problem | None]: ...

    def finish(self, candidates: list[Candidate]) -> bool:
        """Called after linking; True when every file was read afresh in this load."""


class ParseCache:
    """Files read and validated in an earlier load, by path, kept while they are unchanged (same modification
    time, size and inode): `serve` then parses only the file that was saved. Linking always runs again, since
    it depends on every entry. Hold one per running process; a change of mkdocs.yml (the Markdown set-up the
    bodies are checked with) empties it."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[tuple[int, ...], Candidate]] = {}
        self._setup: tuple[int, ...] | None = None

    def read(self, file: Path, content_dir: Path, root_text: str) -> tuple[Candidate | None, Problem | None]:
        stamp = _stamp(file)
        kept = self._files.get(str(file))
        if stamp is not None and kept is not None and kept[0] == stamp:
            return kept[1], None
        candidate, problem = read_candidate(file, content_dir, root_text)
        if candidate is not None and stamp is not None:
            self._files[str(file)] = (stamp, candidate)
        else:
            self._files.pop(str(file), None)
        return candidate, problem

    def start(self, root: Path, files: list[Path]) -> None:
        """Forget files that are gone, and everything when the Markdown set-up changed."""
        setup = _stamp(root / "mkdocs.yml") or ()
        if setup != self._setup:
            self._files.clear()
            self._setup = setup
        present = {str(file) for file in files}
        for gone in [path for path in self._files if path not in present]:
            del self._files[gone]

    def finish(self, candidates: list[Candidate]) -> bool:
        """Nothing to store: the files were kept as they were read."""
        return False


def _stamp(file: Path) -> tuple[int, ...] | None:
    try:
        status = os.lstat(file)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)


def load_knowledge_base(content_dir: Path, root: Path | None = None, cache: FileCache | None = None,
                        cache_dir: Path | None = None) -> LoadResult:
    """Read, validate and link every file under content_dir. Paths in problems are relative to root
    (default: the folder that holds content_dir, i.e. the repository root). With a ParseCache, files unchanged
    since the last load through the same cache are not read or validated again; with a CheckCache (the whole
    `kennisbank check`), files whose bytes were checked before are not parsed or scanned again, and only the
    problems count (their entries have no body); with a cache folder, bodies that rendered within bounds in an
    earlier run are not rendered again."""
    content_dir = Path(content_dir)
    root = Path(root) if root is not None else content_dir.resolve().parent
    problems: list[Problem] = []
    candidates: list[Candidate] = []
    files, walk_problems = _content_files(content_dir, str(root.resolve()))
    problems.extend(walk_problems)
    root_text = str(root.resolve())
    if cache is not None:
        cache.start(root, files)
    read = cache.read if cache is not None else read_candidate
    for file in files:
        candidate, problem = read(file, content_dir, root_text)
        if candidate is None:
            problems.extend([problem] if problem else [])
        else:
            candidates.append(candidate)
    entries: list[Entry[Any]] = []
    broken: dict[str, tuple[Kind[EntryModel], Document | None]] = {}
    bodies = Bodies(root, cache_dir)
    for candidate in _unique(candidates, problems):
        problems.extend(candidate.problems)
        if candidate.loaded is None:  # validated once per read of the file
            candidate.loaded = load_entry(candidate, bodies)
        entry, entry_problems = candidate.loaded
        problems.extend(entry_problems)
        if entry is None:
            broken[candidate.id] = (candidate.kind, candidate.document)
        else:
            entries.append(entry)
    knowledge, link_problems = link(entries, broken)
    problems.extend(link_problems)
    fresh = cache.finish(candidates) if cache is not None else True
    # When files came from a cache their bodies were not looked at in this run, so the file keeps what it knew too.
    bodies.save(complete=fresh)
    return LoadResult(knowledge, sort_problems(problems), len(files))


def read_candidate(file: Path, content_dir: Path, root_text: str, reader: Reader | None = None
                   ) -> tuple[Candidate | None, Problem | None]:
    """One content file read, if its folder, extension and name allow it; else the one problem that says why.
    root_text is the resolved repository root that paths in problems are relative to. A reader, if given,
    reads the file instead of read_document."""
    display = display_path(file, root_text)
    kind, problem = _classify(file, content_dir, display)
    if problem is not None or kind is None:
        return None, problem
    entry_id = file.stem
    if not ID_PATTERN.match(entry_id) or len(entry_id) > MAX_ID_LENGTH:
        suggestion = slugify(entry_id) or "voorlezen-thuis"
        return None, error(display, 1, 1,
                           f"bestandsnaam '{file.name}' is geen geldige id: gebruik alleen kleine letters, "
                           f"cijfers en streepjes (maximaal {MAX_ID_LENGTH} tekens). Hernoem het bestand naar "
                           f"'{suggestion}{file.suffix}'.", "bad-id")
    if reader is not None:
        return reader(file, display, kind, entry_id), None
    document, read_problems = read_document(file, display)
    return Candidate(file, display, kind, entry_id, document, read_problems), None


def _unique(candidates: list[Candidate], problems: list[Problem]) -> list[Candidate]:
    """One file per id. When two files share an id, the one other entries refer to (by its kind) stays and
    only the other, the newcomer, is reported, once: blaming the existing file would also break every
    reference to it."""
    by_id: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_id.setdefault(candidate.id, []).append(candidate)
    clashes = {entry_id: group for entry_id, group in by_id.items() if len(group) > 1}
    if not clashes:
        return candidates
    wanted: dict[tuple[str, Kind[EntryModel]], int] = {}  # (id, kind) → number of references expecting it
    for candidate in candidates:
        if candidate.document is not None:
            for _path, target, kind in raw_references(candidate.kind.model, candidate.document.data):
                if target in clashes:
                    wanted[(target, kind)] = wanted.get((target, kind), 0) + 1
    losers: set[int] = set()
    for entry_id, group in clashes.items():
        keeper = max(group, key=lambda c: (wanted.get((entry_id, c.kind), 0), -group.index(c)))
        for candidate in group:
            if candidate is not keeper:
                losers.add(id(candidate))
                problems.append(duplicate_id(candidate, keeper.display))
    return [c for c in candidates if id(c) not in losers]


def duplicate_id(candidate: Candidate, keeper: str) -> Problem:
    """The newcomer's error when its id is already taken by the file `keeper` (a display path)."""
    return error(candidate.display, 1, 1, f"id '{candidate.id}' bestaat al ({keeper}). Elke bestandsnaam moet in de "
                                          "hele kennisbank uniek zijn; kies een andere naam.", "duplicate-id")


def _content_files(content_dir: Path, root: str) -> tuple[list[Path], list[Problem]]:
    """Every file to check. Symbolic links are reported and never followed: a link could publish a file from
    outside the repository, or point at a device that never stops reading."""
    files: list[Path] = []
    problems: list[Problem] = []
    for folder, dirnames, filenames in os.walk(content_dir):
        kept = []
        for name in sorted(dirnames):
            if name.startswith((".", "_")):
                continue
            if os.path.islink(os.path.join(folder, name)):
                problems.append(_symlink(display_path(Path(folder) / name, root)))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            files.append(Path(folder) / name)
    return files, problems


def _symlink(display: str) -> Problem:
    return error(display, 1, 1, "dit is een snelkoppeling (symbolische link), geen echte map of echt bestand. Zet "
                                "de bestanden zelf in content/ in plaats van een koppeling.", "symlink")


def display_path(file: Path, root: str) -> str:
    absolute = os.path.abspath(file)
    if absolute.startswith(root + os.sep):
        return Path(absolute[len(root) + 1:]).as_posix()
    return file.as_posix()


def _classify(file: Path, content_dir: Path, display: str) -> tuple[Kind[EntryModel] | None, Problem | None]:
    parts = file.relative_to(content_dir).parts
    folders = ", ".join(f"content/{name}/" for name in KIND_BY_FOLDER)
    if len(parts) == 1:
        return None, error(display, 1, 1, f"bestand staat niet in een map. Zet het in de map voor zijn soort: "
                                          f"{folders}.", "unknown-folder")
    kind = KIND_BY_FOLDER.get(parts[0])
    if kind is None:
        hint = did_you_mean(parts[0], list(KIND_BY_FOLDER))
        return None, error(display, 1, 1, f"onbekende map '{parts[0]}'.{hint} Mogelijke mappen: {folders}.",
                           "unknown-folder")
    if len(parts) > 2:
        return None, error(display, 1, 1, f"submappen binnen content/{parts[0]}/ worden niet gebruikt; zet het "
                                          f"bestand direct in content/{parts[0]}/.", "unknown-folder")
    if file.suffix not in EXTENSIONS:
        return None, error(display, 1, 1, f"onbekend bestandstype '{file.suffix or file.name}'. Gebruik .md (gegevens "
                                          "plus tekst) of .yml (alleen gegevens).", "unknown-extension")
    try:
        is_link = stat.S_ISLNK(os.lstat(file).st_mode)
    except OSError:
        is_link = False  # read_document reports why it cannot be read
    if is_link:
        return None, _symlink(display)
    return kind, None


class Bodies:
    """Checks Markdown bodies against markdown_bounds with the site's Markdown set up once, on first use.

    Rendering is most of a check's time, so with a cache folder a body that rendered within bounds is
    remembered (a digest of the set-up, the bounds' own code and the body, in the user's cache folder: see
    core/cache.py) and neither scanned nor rendered again by later checks and builds."""

    CACHE_FILE = "bodies-within-bounds.txt"

    def __init__(self, root: Path, cache_dir: Path | None = None) -> None:
        self.root = root
        self.md: Any = None
        self.cache_file = cache_dir / self.CACHE_FILE if cache_dir is not None else None
        self._known: set[str] | None = None
        self._setup = ""
        self.passed: set[str] = set()  # keys of the bodies that passed in this run

    def problems(self, document: Document) -> list[Problem]:
        body = document.body
        if not body.strip():
            return []
        key = self._key(body)
        if key is not None and key in self._known_keys():
            self.passed.add(key)
            return []
        found = list(structure_problems(body))
        if not found:
            if self.md is None:
                self.md = renderer(self.root)
            found = list(render_problems(body, self.md))
        if key is not None and not found:
            self.passed.add(key)
        problems = []
        for offset, code, message in found:
            line, col = line_col(body, offset)
            problems.append(error(document.path, document.body_line + line - 1, col, message, code))
        return problems

    def _key(self, body: str) -> str | None:
        if self.cache_file is None:
            return None
        if not self._setup:
            self._setup = setup_key(self.root)
        return hashlib.sha256(f"{self._setup}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def _known_keys(self) -> set[str]:
        if self._known is None:
            try:
                self._known = set(self.cache_file.read_text(encoding="ascii").split()) if self.cache_file else set()
            except (OSError, ValueError):
                self._known = set()
        return self._known

    def save(self, *, complete: bool) -> None:
        """Remember the bodies that passed: after a whole-content check only those (the cache keeps the size of
        the content), after a check of some files those on top of what was known. A failure to write only costs
        time later."""
        if self.cache_file is None or not self.passed:
            return
        keys = self.passed if complete else self.passed | self._known_keys()
        if complete and keys == self._known_keys():
            return
        temporary = self.cache_file.with_name(f".{self.cache_file.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text("\n".join(sorted(keys)) + "\n", encoding="ascii")
            os.replace(temporary, self.cache_file)
        except OSError:
            temporary.unlink(missing_ok=True)


def load_entry(candidate: Candidate, bodies: Bodies) -> tuple[Entry[Any] | None, list[Problem]]:
    document = candidate.document
    if document is None:
        return None, []
    if candidate.checked is None:
        candidate.checked = content_safety_problems(document, candidate.kind) + bodies.problems(document)
    problems = list(candidate.checked)
    model, invalid = validate(candidate.kind.model, document)
    problems.extend(invalid)
    if model is None or problems or any(p.is_error for p in candidate.problems):
        return None, problems
    assert isinstance(model, candidate.kind.model)  # validate() returns an instance of the model it was given
    entry = Entry(candidate.kind, candidate.id, candidate.display, model, document.body, document.body_line, document)
    return entry, problems


def content_safety_problems(document: Document, kind: Kind[EntryModel]) -> list[Problem]:
    """The unsafe-content policy of safety.py applied to one file: its plain-text fields and its body."""
    problems: list[Problem] = []
    urls = url_fields(kind.model)
    for path, text in strings(document.data):
        if not _SUSPECT_TEXT.search(text):
            continue  # nothing that could be markup or a dangerous link: keeps the common case fast
        is_url = tuple(p for p in path if isinstance(p, str)) in urls
        line, col = document.mark(path)
        for _offset, code, message in scan_plain(text, url=is_url):
            problems.append(error(document.path, line, col, message, code))
    if document.body and _SUSPECT.search(document.body):
        for offset, code, message in scan(document.body):
            line, col = line_col(document.body, offset)
            problems.append(error(document.path, document.body_line + line - 1, col, message, code))
    return problems


@cache
def url_fields(model: type[BaseModel]) -> frozenset[tuple[str, ...]]:
    """Field-name paths (list indexes left out) of every web-address field of a model."""
    return frozenset(field.path for field in values_of(model) if field.type == "url")
