"""A new entry checked as a whole, in a copy of the content, before it is written; and writing it, never over a file."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import EntryModel, Kind
from kennisbank.core.models.fields import fields_of
from kennisbank.core.problems import Problem, visible

from .entry_yaml import BODY, Rendered, field_at, render_entry
from .output_paths import prepare_folder, write_atomic


def display_path(content: Path, path: Path) -> str:
    """A path as the check shows it: relative to the folder that holds the content folder."""
    try:
        return path.resolve().relative_to(content.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def problems_of(content: Path, path: Path) -> list[Problem]:
    """The problems `kennisbank check` finds in one file, checked together with all the other content."""
    wanted = display_path(content, path)
    return [p for p in load_knowledge_base(content).problems if p.path == wanted]


def write_new(path: Path, text: str, protected: Sequence[Path] = ()) -> None:
    """Write a file that must not exist yet (FileExistsError otherwise, also when it appears meanwhile), whole or
    not at all. Its folder is made when missing, inside a folder that exists; OutputError when it cannot be
    written, or when it would land in one of the `protected` folders (output_paths.py)."""
    folder = prepare_folder(path.parent, protected)
    write_atomic(folder / path.name, text.encode("utf-8"), visible(path.as_posix()), replace=False)


def _regular_files_only(folder: str, names: list[str]) -> list[str]:
    """copytree's ignore: leave out pipes and devices, which would block or never end when copied."""
    skipped = []
    for name in names:
        mode = os.lstat(os.path.join(folder, name)).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
            skipped.append(name)
    return skipped


def check_in_copy(content: Path, kind: Kind[EntryModel], entry_id: str, rendered: Rendered) -> list[Problem]:
    """The check's problems with a new file, run on a copy of the content with the file added, so nothing is
    written to the real content folder unless it passes."""
    with tempfile.TemporaryDirectory(prefix="kennisbank-nieuw-") as folder:
        copy = Path(folder) / "content"  # same name, so paths in problems read as in the repository
        shutil.copytree(content, copy, symlinks=True, ignore=_regular_files_only)
        path = copy / kind.folder / f"{entry_id}{rendered.suffix}"
        write_new(path, rendered.text)
        return problems_of(copy, path)


def _fields_about(kind: Kind[EntryModel], rendered: Rendered, problem: Problem) -> tuple[str, ...]:
    """The fields of the entry a problem of the check is about: the field whose value it points at, else the
    fields its message names ('places', 'place_note'), for rules that span several fields."""
    name = field_at(rendered, problem.line)
    if name is not None and name != BODY and problem.col > 1:
        return (name,)
    names = {field.name for field in fields_of(kind.model)}
    named = [n for n in re.findall(r"'([a-z_]+)", problem.message) if n in names]
    return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Finding:
    """A problem the check finds in a new entry, and what it is about."""

    problem: Problem
    field: str | None  # the field whose value it points at (BODY: the text); None for a rule across fields
    fields: tuple[str, ...]  # the fields to change: the field itself, or those a rule names


def entry_problems(content: Path, kind: Kind[EntryModel], entry_id: str, values: dict[str, Any], body: str | None,
                   reported: Set[str] = frozenset()) -> list[Finding]:
    """Everything the check finds in a new entry, at once, before it is written.

    A rule across fields (a local initiative needs a place) only runs once every single field is valid. So when
    some are not, the entry is checked a second time, for those rules alone: without the optional fields that
    have errors, and with a stand-in for required texts that are missing or wrong. Fields in `reported` had a
    problem before the check (their answer could not be read, so they are left out): a missing field or a rule
    about them would say the same thing again and is left out."""
    fields = fields_of(kind.model)
    required = {field.name for field in fields if field.required}
    stand_ins = {field.name: "tekst" for field in fields if field.required and field.type == "text" and not field.many}
    findings: list[Finding] = []
    rules: set[str] = set()  # messages of problems about no single value, over both rounds
    cross_field = False  # whether the check got as far as the rules across fields
    current = dict(values)
    for first in (True, False):
        rendered = render_entry(kind, current, body)
        bad: set[str] = set()
        for found in check_in_copy(content, kind, entry_id, rendered):
            name = field_at(rendered, found.line)
            if name is not None and (name == BODY or found.col > 1):
                if found.is_error and name != BODY:
                    bad.add(name)
                if first:
                    findings.append(Finding(found, name, () if name == BODY else (name,)))
                continue
            cross_field = cross_field or found.code != "missing-field"
            if found.message in rules:
                continue
            rules.add(found.message)
            about = _fields_about(kind, rendered, found)
            if set(about) & reported or (found.code == "empty-data" and reported):
                continue
            findings.append(Finding(found, None, about))
        drop = bad - required
        fill = {name: text for name, text in stand_ins.items() if name not in current or name in bad}
        if not first or cross_field or not (drop or fill):
            break
        current = {key: value for key, value in current.items() if key not in drop} | fill
    return findings
