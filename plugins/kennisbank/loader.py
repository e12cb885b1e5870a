"""Load a content folder into linked entries and problems, never stopping at the first problem."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .documents import Document, read_document
from .knowledge import Entry, KnowledgeBase
from .linker import link
from .models import KIND_BY_FOLDER, Kind
from .models.common import MAX_ID_LENGTH, ID_PATTERN, slugify
from .problems import Problem, error, sort_problems
from .regions import did_you_mean
from .safety import scan, strings
from .validation import validate

EXTENSIONS = (".md", ".yml", ".yaml")
# Cheap pre-filter for safety.scan: a tag, an entity (used to hide schemes) or a script/data scheme.
_SUSPECT = re.compile(r"<|&#|script|data\s*:", re.IGNORECASE)
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


def load_knowledge_base(content_dir: Path, root: Path | None = None) -> LoadResult:
    """Read, validate and link every file under content_dir. Paths in problems are relative to root
    (default: the folder that holds content_dir, i.e. the repository root)."""
    content_dir = Path(content_dir)
    root = Path(root) if root is not None else content_dir.resolve().parent
    problems: list[Problem] = []
    entries: list[Entry] = []
    broken: dict[str, tuple[str, Document | None]] = {}
    seen: dict[str, str] = {}
    files = _content_files(content_dir)
    root_text = str(root.resolve())
    for file in files:
        display = _display(file, root_text)
        kind, problem = _classify(file, content_dir, display)
        if problem is not None:
            problems.append(problem)
            continue
        assert kind is not None
        entry_id = file.stem
        if not ID_PATTERN.match(entry_id) or len(entry_id) > MAX_ID_LENGTH:
            suggestion = slugify(entry_id) or "voorlezen-thuis"
            problems.append(error(display, 1, 1,
                                  f"bestandsnaam '{file.name}' is geen geldige id: gebruik alleen kleine letters, "
                                  f"cijfers en streepjes (maximaal {MAX_ID_LENGTH} tekens). Hernoem het bestand naar "
                                  f"'{suggestion}{file.suffix}'.", "bad-id"))
            continue
        if entry_id in seen:
            problems.append(error(display, 1, 1,
                                  f"id '{entry_id}' bestaat al ({seen[entry_id]}). Elke bestandsnaam moet in de hele "
                                  "kennisbank uniek zijn; kies een andere naam.", "duplicate-id"))
            continue
        seen[entry_id] = display
        document, entry, entry_problems = _load_entry(file, display, kind, entry_id)
        problems.extend(entry_problems)
        if entry is None or any(p.is_error for p in entry_problems):
            broken[entry_id] = (kind.name, document)
        else:
            entries.append(entry)
    knowledge, link_problems = link(entries, broken, root)
    problems.extend(link_problems)
    return LoadResult(knowledge, sort_problems(problems), len(files))


def _content_files(content_dir: Path) -> list[Path]:
    files: list[Path] = []
    for folder, dirnames, filenames in os.walk(content_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            files.append(Path(folder) / name)
    return files


def _display(file: Path, root: str) -> str:
    absolute = os.path.abspath(file)
    if absolute.startswith(root + os.sep):
        return Path(absolute[len(root) + 1:]).as_posix()
    return file.as_posix()


def _classify(file: Path, content_dir: Path, display: str) -> tuple[Kind | None, Problem | None]:
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
    return kind, None


def _load_entry(file: Path, display: str, kind: Kind, entry_id: str
                ) -> tuple[Document | None, Entry | None, list[Problem]]:
    document, problems = read_document(file, display)
    if document is None:
        return None, None, problems
    problems.extend(_unsafe(document))
    model, invalid = validate(kind.model, document)
    problems.extend(invalid)
    if model is None:
        return document, None, problems
    return document, Entry(kind, entry_id, display, model, document.body, document.body_line, document), problems


def _unsafe(document: Document) -> list[Problem]:
    problems: list[Problem] = []
    for path, text in strings(document.data):
        if not ("<" in text or "&" in text or ":" in text) or not _SUSPECT.search(text):
            continue  # nothing that could be HTML or a dangerous link: keeps the common case fast
        line, col = document.mark(path)
        for _offset, code, message in scan(text):
            problems.append(error(document.path, line, col, message, code))
    if document.body and _SUSPECT.search(document.body):
        for offset, code, message in scan(document.body):
            line = document.body.count("\n", 0, offset)
            col = offset - (document.body.rfind("\n", 0, offset) + 1) + 1
            problems.append(error(document.path, document.body_line + line, col, message, code))
    return problems
