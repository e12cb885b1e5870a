"""Remember what checking each content file on its own found, so a whole check parses only files that changed."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from .documents import Document, FieldPath, Mark, parse_document, read_capped
from .loader import Candidate, read_candidate
from .markdown_bounds import setup_key
from .models import EntryModel, Kind
from .problems import Problem, Severity

CACHE_FILE = "checked-files.json"
FORMAT = 1  # of the file below; part of the fingerprint
_MEASURED = frozenset({"too-slow"})  # problem codes that depend on the time a check took, not only on the file


class CheckCache:
    """Per content file, by display path: a digest of its bytes and what no other file changes about its check
    (the problems of reading it and of the safety and body checks, its data and where its text starts).

    A whole check reads every file's bytes anyway; for a file whose digest is remembered it skips parsing the
    YAML, the safety scan and the body check, and validates and links the remembered data as usual. The line
    and column marks are worked out again from the bytes, only when a problem needs one. The fingerprint (this
    package's code and data, the Markdown set-up, Python's and the parsers' releases) must match, so changed code
    never reuses an old result. A file that cannot be read or does not hold what this module writes is ignored:
    that costs a full check, never a problem left out."""

    def __init__(self, folder: Path | None, root: Path) -> None:
        self.file = folder / CACHE_FILE if folder is not None else None
        self.fingerprint = fingerprint(root)
        self.known: dict[str, Any] = self._load()
        self.digests: dict[str, str] = {}  # display path → digest of the bytes read in this run
        self.hits: set[str] = set()  # display paths of the files taken from the cache

    def _load(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        try:
            stored = json.loads(self.file.read_bytes())
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self.fingerprint:
            return {}
        files = stored.get("files")
        return files if isinstance(files, dict) else {}

    def start(self, root: Path, files: list[Path]) -> None:
        """Nothing to prepare: a file is looked up when it is read."""

    def read(self, file: Path, content_dir: Path, root_text: str) -> tuple[Candidate | None, Problem | None]:
        return read_candidate(file, content_dir, root_text, self._read)

    def _read(self, file: Path, display: str, kind: Kind[EntryModel], entry_id: str) -> Candidate:
        raw, problem = read_capped(file, display)
        if raw is None:
            return Candidate(file, display, kind, entry_id, None, [problem] if problem else [])
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        self.digests[display] = digest
        remembered = _candidate(self.known.get(display), digest, raw, file, display, kind, entry_id)
        if remembered is not None:
            self.hits.add(display)
            return remembered
        document, problems = parse_document(raw, file.suffix, display)
        return Candidate(file, display, kind, entry_id, document, problems)

    def finish(self, candidates: list[Candidate]) -> bool:
        """Write what this run knows of every file it read (atomically), unless that is what the file holds.
        True when no file came from the cache."""
        if self.file is None:
            return not self.hits
        files = {}
        for candidate in candidates:
            digest = self.digests.get(candidate.display)
            record = _record(candidate, digest) if digest is not None else None
            if record is not None:
                files[candidate.display] = record
        if len(files) == len(self.known) and all(name in self.hits for name in files):
            return False  # the same records as before: nothing was parsed, nothing is gone
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps({"fingerprint": self.fingerprint, "files": files},
                                            separators=(",", ":")), encoding="ascii")
            os.replace(temporary, self.file)
        except (OSError, ValueError, RecursionError):  # a failure to write only costs time later
            temporary.unlink(missing_ok=True)
        return not self.hits


class _Remembered(Document):
    """A document rebuilt from the cache: its marks are parsed from the file's bytes on first use."""

    raw: bytes = b""
    suffix: str = ""
    parsed: bool = False

    def mark(self, loc: FieldPath, *, key: bool = False) -> Mark:
        if not self.parsed:
            self.parsed = True
            document, _problems = parse_document(self.raw, self.suffix, self.path)
            if document is not None:
                self.marks, self.key_marks = document.marks, document.key_marks
        return super().mark(loc, key=key)


def _record(candidate: Candidate, digest: str) -> list[Any] | None:
    """What finish() writes of a file, or None when it cannot be remembered: its safety and body check did not
    run (an id that another file kept), so a later run needs its body; or the body's rendering time decided a
    problem, which a later run measures again."""
    document = candidate.document
    if document is not None and (candidate.checked is None or any(p.code in _MEASURED for p in candidate.checked)):
        return None
    checked = None if candidate.checked is None else [_problem_list(p) for p in candidate.checked]
    return [digest, [_problem_list(p) for p in candidate.problems], checked,
            None if document is None else document.data, 1 if document is None else document.body_line]


def _problem_list(problem: Problem) -> list[Any]:
    return [problem.path, problem.line, problem.col, problem.severity.value, problem.message, problem.code]


def _candidate(record: Any, digest: str, raw: bytes, file: Path, display: str, kind: Kind[EntryModel],
               entry_id: str) -> Candidate | None:
    """The remembered Candidate of a file with these bytes, or None when the record is missing, stale or not
    what finish() writes."""
    if not isinstance(record, list) or len(record) != 5 or record[0] != digest:
        return None
    _digest, read_problems, checked, data, body_line = record
    problems = _problems(read_problems)
    known = None if checked is None else _problems(checked)
    if problems is None or (checked is not None and known is None):
        return None
    if not (data is None or isinstance(data, dict)) or type(body_line) is not int or body_line < 1:
        return None
    if data is None and not any(p.is_error for p in problems):
        return None  # a file that could not be read always has an error that says why
    if data is not None and known is None:
        return None  # the body is not remembered, so its check cannot run later
    document = None
    if data is not None:
        document = _Remembered(path=display, data=data, body_line=body_line)
        document.raw, document.suffix = raw, file.suffix
    return Candidate(file, display, kind, entry_id, document, problems, checked=known)


def _problems(items: Any) -> list[Problem] | None:
    if not isinstance(items, list):
        return None
    problems = []
    for item in items:
        if not isinstance(item, list) or len(item) != 6:
            return None
        path, line, col, severity, message, code = item
        if not (isinstance(path, str) and type(line) is int and type(col) is int and line >= 1 and col >= 1
                and severity in ("error", "warning") and isinstance(message, str) and isinstance(code, str)):
            return None
        problems.append(Problem(path, line, col, Severity(severity), message, code))
    return problems


def fingerprint(root: Path) -> str:
    """Everything besides a file's bytes that its check depends on."""
    return hashlib.sha256(f"{FORMAT}\0{_code()}\0{setup_key(root)}".encode()).hexdigest()


@cache
def _code() -> str:
    """A digest of this package's code and data and of the releases of Python and the libraries that parse and
    validate: any change of the checks makes every remembered result stale."""
    import pydantic
    import pydantic_core
    import yaml

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(repr((sys.version, pydantic.VERSION, pydantic_core.__version__, yaml.__version__,
                                  getattr(yaml, "__with_libyaml__", None))).encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".csv", ".txt", ".json") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
