"""`kennisbank new`: collect the answers (from --veld or the interview), check the whole entry, then write it.

Everything asked and written follows the field table of the models (core/models/fields.py), so a field added to a
model shows up in the questions and the template without a change here. `kennisbank from-issue` (from_issue.py)
fills the same template from a GitHub issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kennisbank.core.models import KINDS, EntryModel, Kind, kind_named
from kennisbank.core.models.fields import fields_of
from kennisbank.core.problems import EXIT_OK, EXIT_PROBLEMS, UsageError, visible
from kennisbank.core.problems import render as format_problems
from kennisbank.core.suggestions import did_you_mean

from .answers import missing_required, missing_source, unknown_keys, values_from_pairs
from .content_index import ContentIndex, id_problem, propose_id, stand_in_id
from .entry_check import entry_problems, problems_of, write_new
from .entry_yaml import BODY_HINTS, Rendered, default_body, has_body, render_entry
from .interview import Interview, Stopped, Terminal
from .outcome import Outcome
from .output_paths import project_folders


def _shown_name(kind: Kind[EntryModel]) -> str:
    return kind.aliases[0] if kind.aliases else kind.name


def _pairs(raw: Sequence[str]) -> list[tuple[str, str]]:
    pairs = []
    for item in raw:
        key, sign, value = item.partition("=")
        if not sign or not key.strip():
            raise UsageError(f"'--veld {visible(item)}' heeft niet de vorm naam=waarde, bijvoorbeeld --veld title=Voorlezen")
        pairs.append((key.strip(), value))
    return pairs


def new_entry(kind_name: str, content: Path, fields: Sequence[str] = (), entry_id: str | None = None,
              terminal: Terminal | None = None) -> Outcome:
    """Make a new entry of the kind a contributor named, from 'name=value' texts, and ask the rest in `terminal`
    (None: ask nothing, as `--ja` does). Nothing is written unless the whole entry passes the check. Raises
    UsageError for what the caller must change before anything can be made."""
    kind = kind_named(kind_name)
    if kind is None:
        hint = did_you_mean(kind_name, [*(_shown_name(k) for k in KINDS), *(k.folder for k in KINDS)])
        raise UsageError(f"onbekende soort '{visible(kind_name)}'.{hint} Kies uit: "
                         f"{', '.join(_shown_name(k) for k in KINDS)}.")
    if not content.is_dir():
        raise UsageError(f"map met inhoud '{visible(str(content))}' bestaat niet. Start in de map van de kennisbank, of "
                         "geef de map aan met --content.")
    pairs = _pairs(fields)
    unknown = unknown_keys(kind.model, (key for key, _value in pairs))
    if unknown:
        raise UsageError("; ".join(unknown))
    index = ContentIndex.load(content)
    values, unread = values_from_pairs(kind.model, pairs, index)
    try:
        if terminal is None:
            return _without_questions(kind, index, values, unread, entry_id)
        interview = Interview(index, terminal)
        entry_id = interview.entry(kind, values, entry_id, unread)
        rendered = _settle(kind, index, values, entry_id, interview)
    except Stopped:
        raise UsageError("afgebroken; er is niets geschreven.") from None
    if rendered is None:
        return Outcome(EXIT_PROBLEMS, errors=("er is niets geschreven.",))
    return _write(kind, content, entry_id, rendered)


def _without_questions(kind: Kind[EntryModel], index: ContentIndex, values: dict[str, Any],
                       unread: list[tuple[str, str]], entry_id: str | None) -> Outcome:
    """`--ja`: the entry from --veld alone. Every problem is reported at once, and then nothing is written."""
    reported = {key.split(".")[0] for key, _message in unread}
    missing = [key for key in missing_required(fields_of(kind.model), values) if key.split(".")[0] not in reported]
    if missing:
        raise UsageError("vul de verplichte velden in met --veld: " + ", ".join(f"{key}=…" for key in missing))
    if entry_id or "title" in values:
        given = bool(entry_id)
        entry_id = entry_id or propose_id(str(values["title"]))
        problem = id_problem(entry_id, index)
        if problem:
            raise UsageError(f"{problem}{'' if given else ' (geef er een met --id)'}.")
    else:  # the title could not be read: that is reported below, with everything else
        entry_id = stand_in_id(index)
    errors = [f"--veld {key}: {message}." for key, message in unread]
    if (no_source := missing_source(kind, values)) is not None:
        errors.append(f"{no_source}; geef die met --veld.")
    findings = entry_problems(index.content, kind, entry_id, values, default_body(kind), reported)
    errors += [finding.problem.message for finding in findings if finding.problem.is_error]
    if errors:
        return Outcome(EXIT_PROBLEMS, errors=(*errors, "er is niets geschreven. Verbeter de waarden met --veld."))
    return _write(kind, index.content, entry_id, render_entry(kind, values, default_body(kind)))


def _settle(kind: Kind[EntryModel], index: ContentIndex, values: dict[str, Any], entry_id: str,
            interview: Interview) -> Rendered | None:
    """The file for the entry once the whole entry passes the check (rules across fields, references), checked
    before anything is written: the fields the problems are about are asked again until it passes. None when no
    question can fix it."""
    while True:
        findings = entry_problems(index.content, kind, entry_id, values, default_body(kind))
        errors = [finding for finding in findings if finding.problem.is_error]
        if not errors:
            return render_entry(kind, values, default_body(kind))
        names = list(dict.fromkeys(name for finding in errors for name in finding.fields))
        interview.again(kind, values, [finding.problem.message for finding in errors], names)
        if not names:
            return None


def _write(kind: Kind[EntryModel], content: Path, entry_id: str, rendered: Rendered) -> Outcome:
    path = content / kind.folder / f"{entry_id}{rendered.suffix}"
    try:
        write_new(path, rendered.text, project_folders(content, content=False))
    except FileExistsError:
        raise UsageError(f"'{path.as_posix()}' bestaat al; het bestand is niet overschreven.") from None
    problems = problems_of(content, path)  # only warnings now: the entry passed the check before it was written
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    notes = [f"{path.as_posix()} geschreven: {errors} fout{'en' if errors != 1 else ''}, {warnings} "
             f"waarschuwing{'en' if warnings != 1 else ''}."]
    if has_body(kind):
        notes.append(f"Onder de gegevens schrijf je nu de tekst: {BODY_HINTS[kind.name]}.")
    notes.append(f"Controleer na het aanpassen met: python3 scripts/dev.py check {path.as_posix()}")
    out = (path.as_posix(), format_problems(problems)) if problems else (path.as_posix(),)
    return Outcome(EXIT_PROBLEMS if errors else EXIT_OK, out=out, notes=tuple(notes))
