"""What a change to the content does to the site (`kennisbank changes BASE [HEAD]`): the entries added, changed and
removed between two git revisions, each with its page and the problems in its file, as text, Markdown or JSON.

HEAD is a revision, or, when it is left out, the working tree: the content folder as it is on disk, committed or not
(new files that git ignores left out), so an author sees what a commit would change before making it. A pull request
compares its base commit with the merge commit (CI passes both).

Each side is read from git itself (`ls-tree` and `cat-file`, no checkout, no hooks) and written only into a
temporary folder that is removed afterwards; the working tree is read, never written. Revisions are checked before
git sees them (no leading '-', so never an option) and turned into commit ids with `rev-parse --verify`.

A file counts as an entry by its place (content/<kind folder>/<id>.md|.yml), as the loader reads it; a renamed file
is a removal and an addition. Entries are loaded on both sides with the full loader (titles, pages), and the changed
and added files are checked with check_files, as `kennisbank check FILE` does. Problems that the change causes in
files it did not touch (a reference to a removed entry) are listed apart, from the full check of both sides.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from kennisbank.core.check_files import check_files
from kennisbank.core.knowledge import Entry
from kennisbank.core.loader import EXTENSIONS, IGNORED_NAMES, load_knowledge_base
from kennisbank.core.models import KIND_BY_FOLDER, KINDS, EntryModel, Kind
from kennisbank.core.problems import EXIT_OK, EXIT_PROBLEMS, Problem, UsageError, visible
from kennisbank.outputs import urls
from kennisbank.outputs.escape import markdown_text

FORMATS = ("text", "markdown", "json")
WORKING_TREE = "werkmap"
"""How the working tree is named in the output, where a revision would be."""

_REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./@{}^~-]{0,199}")
"""What a revision may look like: a name, a commit id, 'HEAD~1', 'origin/main', 'main@{1}'; never an option."""
_STATUS = {"added": "Toegevoegd", "changed": "Gewijzigd", "removed": "Verwijderd"}
_SIGN = {"added": "+", "changed": "~", "removed": "-"}


@dataclass(frozen=True)
class Change:
    """One entry file that differs between the two sides."""

    status: str  # added, changed or removed
    path: str  # as in problems: 'content/practices/voorlezen.md'
    kind: Kind[EntryModel]
    id: str
    title: str | None  # None when the file does not load on the side that has it
    page: str | None  # relative to the site root ('praktijk/voorlezen/'); None when no page is built for it
    url: str | None  # the page's full address
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "kind": self.kind.name, "id": self.id, "title": self.title, "path": self.path,
                "page": self.page, "url": self.url, "problems": [p.to_dict() for p in self.problems]}


@dataclass(frozen=True)
class Changes:
    """Everything `kennisbank changes` reports."""

    base: str  # commit id
    head: str | None  # commit id, None for the working tree
    entries: list[Change]
    elsewhere: list[Problem]  # new problems in files the change did not touch

    @property
    def errors(self) -> bool:
        return any(p.is_error for p in self.elsewhere) or any(p.is_error for c in self.entries for p in c.problems)

    @property
    def code(self) -> int:
        return EXIT_PROBLEMS if self.errors else EXIT_OK


# --- git ----------------------------------------------------------------------------------------------------------

def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(top), "-c", "core.quotepath=off", *args], input=stdin,
                              capture_output=True, check=True, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except FileNotFoundError as exc:
        raise UsageError("git is niet gevonden; installeer git om wijzigingen te vergelijken") from exc
    except subprocess.CalledProcessError as exc:
        detail = visible(exc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0] if exc.stderr.strip() else "")
        raise UsageError(f"git {args[0]} mislukte: {detail}") from exc
    return done.stdout


def repository(content: Path) -> tuple[Path, str]:
    """The top of the git repository that holds the content folder, and the folder's path inside it ('content')."""
    if not content.is_dir():
        raise UsageError(f"map met inhoud '{visible(str(content))}' bestaat niet")
    try:
        top = Path(_git(content, "rev-parse", "--show-toplevel").decode("utf-8").strip()).resolve()
    except UsageError:
        raise UsageError(f"'{visible(str(content))}' ligt niet in een git-repository; wijzigingen worden tussen "
                         "git-revisies vergeleken") from None
    prefix = content.resolve().relative_to(top).as_posix()
    if prefix == ".":
        raise UsageError("de map met inhoud is de hele repository; geef de map content/ aan met --content")
    return top, prefix


def commit_id(top: Path, revision: str) -> str:
    """The commit a revision names. Anything that could reach git as an option, or is not a commit, is refused."""
    if not _REVISION.fullmatch(revision) or ".." in revision:
        raise UsageError(f"'{visible(revision)}' is geen geldige revisie (bijvoorbeeld main, HEAD~1 of een "
                         "commit-id; een revisie begint niet met '-')")
    try:
        found = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode("ascii").strip()
    except UsageError:
        raise UsageError(f"revisie '{visible(revision)}' bestaat niet in deze repository") from None
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", found):
        raise UsageError(f"revisie '{visible(revision)}' bestaat niet in deze repository")
    return found


def _tree_files(top: Path, commit: str, prefix: str) -> dict[str, bytes]:
    """Every regular file under prefix/ in a commit, by its path inside the content folder (symbolic links and
    submodules are left out: the loader refuses links anyway)."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{prefix}/")
    blobs: list[tuple[str, str]] = []
    for record in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _tab, path = record.partition("\t")
        mode, kind, blob = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            blobs.append((path.removeprefix(f"{prefix}/"), blob))
    if not blobs:
        return {}
    output = _git(top, "cat-file", "--batch", stdin="".join(f"{blob}\n" for _path, blob in blobs).encode("ascii"))
    files: dict[str, bytes] = {}
    position = 0
    for path, _blob in blobs:  # cat-file answers in the order asked: '<id> blob <size>\n<bytes>\n'
        end = output.index(b"\n", position)
        size = int(output[position:end].split()[2])
        files[path] = output[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return files


def _working_files(top: Path, content: Path, prefix: str) -> dict[str, bytes]:
    """Every file under the content folder on disk that git tracks or would add (not ignored ones)."""
    listing = _git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", f"{prefix}/")
    files: dict[str, bytes] = {}
    for path in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not path:
            continue
        local = top / path
        if local.is_file() and not local.is_symlink():  # a deleted, uncommitted file is gone from the working tree
            files[path.removeprefix(f"{prefix}/")] = local.read_bytes()
    return files


# --- comparing ----------------------------------------------------------------------------------------------------

def _entry_place(path: str) -> tuple[Kind[EntryModel], str] | None:
    """The kind and id of a file inside the content folder, or None for a file that is no entry."""
    parts = PurePosixPath(path).parts
    if len(parts) != 2 or parts[0] not in KIND_BY_FOLDER:
        return None
    stem, suffix = os.path.splitext(parts[1])
    if suffix not in EXTENSIONS or parts[1].startswith(".") or parts[1] in IGNORED_NAMES:
        return None
    return KIND_BY_FOLDER[parts[0]], stem


def _write_tree(files: dict[str, bytes], root: Path, prefix: str) -> Path:
    """Lay the files of one revision out under root/prefix/; nothing is written outside root."""
    content = root / prefix
    content.mkdir(parents=True)
    limit = root.resolve()
    for path, data in files.items():
        parts = PurePosixPath(path).parts
        if not parts or any(p in ("", ".", "..") for p in parts) or PurePosixPath(path).is_absolute():
            continue  # git never stores such a path; refuse it all the same
        target = content.joinpath(*parts)
        if not target.resolve().is_relative_to(limit):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(data)
    return content


def _page(entry: Entry[Any] | None, site_url: str) -> tuple[str | None, str | None]:
    if entry is None:
        return None, None
    return urls.entry_url(entry), urls.absolute_entry(entry, site_url)


def _problem_key(problem: Problem) -> tuple[str, str, str]:
    return problem.path, problem.severity.value, problem.message  # lines of untouched files do not move


def compare(content: Path, base: str, head: str | None, site_url: str) -> Changes:
    """The entries that differ between revision `base` and revision `head` (None: the working tree)."""
    top, prefix = repository(content)
    base_commit = commit_id(top, base)
    head_commit = commit_id(top, head) if head is not None else None
    base_files = _tree_files(top, base_commit, prefix)
    head_files = (_tree_files(top, head_commit, prefix) if head_commit is not None
                  else _working_files(top, content, prefix))
    statuses: dict[str, str] = {}
    for path in sorted(base_files.keys() | head_files.keys()):
        if _entry_place(path) is None:
            continue
        if path not in base_files:
            statuses[path] = "added"
        elif path not in head_files:
            statuses[path] = "removed"
        elif base_files[path] != head_files[path]:
            statuses[path] = "changed"
    with tempfile.TemporaryDirectory(prefix="kennisbank-changes-") as temp:
        base_root = Path(temp) / "base"
        base_content = _write_tree(base_files, base_root, prefix)
        if head_commit is not None:
            head_root = Path(temp) / "head"
            head_content = _write_tree(head_files, head_root, prefix)
        else:
            head_root, head_content = top, content
        before = load_knowledge_base(base_content, base_root)
        after = load_knowledge_base(head_content, head_root)
        checked = [head_content / p for p, s in statuses.items() if s != "removed"]
        problems = check_files(checked, head_content, head_root).problems if checked else []
    base_entries = {e.path: e for e in before.knowledge.entries.values()}
    head_entries = {e.path: e for e in after.knowledge.entries.values()}
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    entries: list[Change] = []
    for path, status in statuses.items():
        kind, entry_id = _entry_place(path) or (None, "")
        assert kind is not None
        full = f"{prefix}/{path}"
        entry = base_entries.get(full) if status == "removed" else head_entries.get(full)
        known = entry or base_entries.get(full) or head_entries.get(full)
        page, url = _page(entry, site_url)
        entries.append(Change(status, visible(full), kind, visible(entry_id), known.title if known else None, page,
                              url, by_file.get(visible(full), [])))
    order = {kind: number for number, kind in enumerate(KINDS)}
    entries.sort(key=lambda c: (list(_STATUS).index(c.status), order[c.kind], c.path))
    old = {_problem_key(p) for p in before.problems}
    touched = {f"{prefix}/{p}" for p in statuses}
    elsewhere = [p for p in after.problems if p.path not in touched and _problem_key(p) not in old]
    return Changes(base_commit, head_commit, entries, elsewhere)


# --- output -------------------------------------------------------------------------------------------------------

def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _side(commit: str | None) -> str:
    return commit[:12] if commit else WORKING_TREE


def _summary(changes: Changes) -> str:
    counts = {s: sum(c.status == s for c in changes.entries) for s in _STATUS}
    return (f"{_count(counts['added'], 'item', 'items')} toegevoegd, {counts['changed']} gewijzigd, "
            f"{counts['removed']} verwijderd")


def as_text(changes: Changes) -> str:
    lines = [f"Wijzigingen in de inhoud van {_side(changes.base)} tot {_side(changes.head)}: {_summary(changes)}."]
    for status, heading in _STATUS.items():
        group = [c for c in changes.entries if c.status == status]
        if not group:
            continue
        lines += ["", f"{heading}:"]
        for change in group:
            title = f"'{visible(change.title)}'" if change.title else "(titel onbekend: het bestand laadt niet)"
            lines.append(f"  {_SIGN[status]} {change.kind.label} {title} ({change.path})")
            if change.url:
                lines.append(f"    {'pagina verdwijnt' if status == 'removed' else 'pagina'}: {change.url}")
            elif status != "removed":
                lines.append("    geen pagina: los eerst de fouten hieronder op")
            lines += [f"    {p.format()}" for p in change.problems]
    if changes.elsewhere:
        lines += ["", "Nieuwe problemen in andere bestanden door deze wijziging:"]
        lines += [f"  {p.format()}" for p in changes.elsewhere]
    return "\n".join(lines)


def _code(text: str) -> str:
    """Text as a Markdown code span: nothing in it is markup, and a backtick, the one thing that could end it, is
    shown as an apostrophe."""
    return "`" + visible(text).replace("`", "'") + "`"


def _md_problems(problems: Iterable[Problem], indent: str) -> list[str]:
    return [f"{indent}- {'❌' if p.is_error else '⚠️'} {_code(p.format())}" for p in problems]


def as_markdown(changes: Changes) -> str:
    """For a GitHub job summary. Titles and messages come from content: escaped, so they stay text."""
    lines = ["### Wat verandert er op de site", "",
             f"Van {_code(_side(changes.base))} tot {_code(_side(changes.head))}: {_summary(changes)}."]
    if not changes.entries:
        lines += ["", "Geen items toegevoegd, gewijzigd of verwijderd."]
    for status, heading in _STATUS.items():
        group = [c for c in changes.entries if c.status == status]
        if not group:
            continue
        lines += ["", f"#### {heading} ({len(group)})", ""]
        for change in group:
            title = markdown_text(change.title) if change.title else "_titel onbekend: het bestand laadt niet_"
            if change.url and status != "removed":
                title = f"[{title}]({change.url})"
            where = _code(change.path)
            if change.page:
                where += f" · pagina {_code(change.page)}" + (" verdwijnt" if status == "removed" else "")
            elif status != "removed":
                where += " · geen pagina: los eerst de fouten op"
            lines.append(f"- **{markdown_text(change.kind.label)}** {title} ({where})")
            lines += _md_problems(change.problems, "  ")
    if changes.elsewhere:
        lines += ["", "#### Nieuwe problemen in andere bestanden", ""]
        lines += _md_problems(changes.elsewhere, "")
    return "\n".join(lines)


def as_json(changes: Changes) -> str:
    return json.dumps({"base": changes.base, "head": changes.head, "entries": [c.to_dict() for c in changes.entries],
                       "elsewhere": [p.to_dict() for p in changes.elsewhere]}, ensure_ascii=False, indent=2)


def render_changes(changes: Changes, fmt: str) -> str:
    return {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](changes)
