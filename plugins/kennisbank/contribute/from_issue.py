"""`kennisbank from-issue`: a submitted issue form → a checked entry file, or a comment that says what to change.

The answers go through the same conversion, template and check as `kennisbank new`. Problems go back to the issue
as a Markdown list with every special character escaped; the source goes to the reviewer in the pull request as
code, so nothing a submitter wrote is ever rendered.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path

from kennisbank.core.documents import read_capped
from kennisbank.core.models.fields import LABELS, location
from kennisbank.core.problems import EXIT_OK, EXIT_PROBLEMS, UsageError, visible

from .answers import values_from_pairs
from .content_index import ContentIndex, id_problem, propose_id, stand_in_id
from .entry_check import entry_problems, write_new
from .entry_yaml import render_entry
from .issue_form import MUNICIPALITY, PROVINCE, Form, Question, build_forms, field_labels, parse_issue
from .outcome import Outcome
from .output_paths import OutputError, OutputKind, check_file, project_folders, write_atomic

MAX_LISTED = 30
"""Problems listed in one issue comment; the rest are counted. GitHub refuses comments over 65,536 characters."""


# ---------------------------------------------------------------------------------------------------------
# Problems as an issue comment
# ---------------------------------------------------------------------------------------------------------

def relabel(form: Form, message: str, bare: bool = False) -> str:
    """A check message with the fields it names replaced by the labels the submitter saw on the form. The check
    names a field in the Dutch of the field table ('plaatsen, 2e item: gemeente'), a rule of a model by its key
    ('places[1].gemeente'); both become the question's label. With `bare` the message loses a leading 'field: ',
    because the comment already shows the label in front of it."""
    labels = {name: label for name, label in field_labels(form).items() if name}
    by_text = {**labels, **{location(form.kind.model, tuple(name.split("."))): label for name, label in labels.items()}}
    names = "|".join(map(re.escape, sorted(by_text, key=len, reverse=True)))
    inner = "|".join(map(re.escape, sorted({label for label, _item in LABELS.values()}, key=len, reverse=True)))
    field = rf"({names})(?:\[\d+\])?(?:\.[a-z_]+)?(?:, \d+e (?:item|waarde))?(?:: (?:{inner}))?"
    lead = re.match(rf"{field}: ", message)
    if lead:
        message = message[lead.end():] if bare else f"{by_text[lead.group(1)]}: {message[lead.end():]}"
    return re.sub(rf"'{field}'", lambda m: f"'{by_text[m.group(1)]}'", message)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&@-])")


def escape_markdown(text: str) -> str:
    """Text shown literally in GitHub Markdown: every character with a meaning there gets a backslash, so user
    text quoted in a message cannot make links, images, mentions, HTML or headings."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def report(findings: Sequence[tuple[str | None, str]]) -> str:
    """The issue comment: what to change, as a Markdown list."""
    lines = ["Bedankt voor je voorstel! Voordat er een pull request van gemaakt kan worden, moet er nog iets "
             "veranderen:", ""]
    for label, message in findings[:MAX_LISTED]:
        message = message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")
        lead = f"**{escape_markdown(label)}:** " if label else ""
        lines.append(f"- {lead}{escape_markdown(message)}")
    if len(findings) > MAX_LISTED:
        lines.append(f"- … en nog {len(findings) - MAX_LISTED} andere meldingen.")
    lines += ["", "Pas het issue aan (via ··· rechtsboven in het issue en dan *Edit*) en sla het op; daarna wordt "
                  "het voorstel opnieuw gecontroleerd."]
    return "\n".join(lines) + "\n"


_PR_BODY_LEAD = " uit een issue, automatisch omgezet naar `"
"""What the first line of every pull-request description says (so --pr-body can recognise an earlier one)."""


def pull_request_body(form: Form, path: str, source: str) -> str:
    """The description of the pull request: which file, and the source for the reviewer, shown as code so
    nothing in it is rendered (no links, images or mentions)."""
    longest = max((len(run) for run in re.findall(r"~+", source)), default=0)
    fence = "~" * max(3, longest + 1)
    quoted = "\n".join(visible(line) for line in source.replace("\r\n", "\n").split("\n"))
    return (f"{form.kind.new.capitalize()}{_PR_BODY_LEAD}{path}`.\n\n"
            "**Bron volgens de indiener** (controleer die voordat je samenvoegt):\n\n"
            f"{fence}text\n{quoted}\n{fence}\n\n"
            "Controleer ook: eigen woorden (geen zinnen letterlijk overgenomen), geen persoonsgegevens, en de "
            "gekozen thema's en praktijkkaarten.\n")


# ---------------------------------------------------------------------------------------------------------
# `kennisbank from-issue`
# ---------------------------------------------------------------------------------------------------------

def _earlier_pr_body(path: Path) -> bool:
    with open(path, "rb") as handle:
        first = handle.read(400).split(b"\n", 1)[0].decode("utf-8", "replace")
    return first.startswith("Nieuw") and _PR_BODY_LEAD in first


PR_BODY = OutputKind("beschrijving van een pull request", _earlier_pr_body, "pr.md")
"""--pr-body replaces only an earlier description made by this command, never another file."""


def _field(question: Question) -> str:
    """The model field a question fills ('places' for both halves of the place)."""
    return "places" if question.target in (PROVINCE, MUNICIPALITY) else question.target


def _in_form_order(form: Form, findings: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """Findings in the order of the questions on the form, so the comment reads along with the issue; findings
    about no single question come last."""
    position: dict[str, int] = {}
    for number, question in enumerate(form.questions):
        position.setdefault(question.label, number)
    for name, label in field_labels(form).items():  # combined labels ('Provincie en Gemeente') sit at their first half
        first = next((q.label for q in form.questions if q.target == name or label.startswith(q.label)), None)
        if first is not None:
            position.setdefault(label, position[first])
    return sorted(findings, key=lambda finding: position.get(finding[0] or "", len(form.questions)))


def from_issue(kind_name: str, body_file: Path, content: Path, out_dir: Path | None = None,
               pr_body: Path | None = None) -> Outcome:
    """The entry of an issue made with the form of `kind_name` ('initiative', 'reading'), written to `out_dir`
    (default: its content folder) with the pull-request description in `pr_body`; or, when anything is wrong, the
    comment for the issue (out, EXIT_PROBLEMS) and nothing written. Raises UsageError for a wrong path or file."""
    if not content.is_dir():
        raise UsageError(f"map met inhoud '{visible(str(content))}' bestaat niet")
    raw, problem = read_capped(body_file, visible(str(body_file)))
    if raw is None:
        raise UsageError(f"'{visible(str(body_file))}': {problem.message if problem else 'kan niet gelezen worden'}")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"'{visible(str(body_file))}' is geen UTF-8-tekst") from None
    form = build_forms()[kind_name]
    kind = form.kind
    # Where the results go is checked first, so a wrong path is said before the issue is, and nothing is half done.
    pr_target = check_file(pr_body, PR_BODY, project_folders(content)) if pr_body else None
    names = field_labels(form)
    submission = parse_issue(form, body)
    # Every problem at once: the answers that cannot be read, the name, and everything the check finds in the
    # rest, so one edit of the issue can fix them all.
    findings: list[tuple[str | None, str]] = [(q.label if q else None, m) for q, m in submission.problems]
    index = ContentIndex.load(content)
    # Cards in 'Praktijkkaarten' may be named by their title as the site shows it, as well as by id.
    values, errors = values_from_pairs(kind.model, submission.pairs, index)
    findings += [(names.get(key.split(".")[0]), message) for key, message in errors]
    # The fields reported so far: the check leaves out what would only repeat them (a missing field, a rule).
    reported = {key.split(".")[0] for key, _message in errors}
    reported |= {_field(q) for q, _message in submission.problems if q is not None}
    entry_id = propose_id(str(values.get("title", "")))
    usable_id = "title" in values
    if "title" in values:
        taken = index.paths.get(entry_id)
        if taken:
            findings.append((names["title"], f"er staat al een item met deze naam in de kennisbank ({taken}). Is het "
                             "hetzelfde, meld dan een aanvulling met het formulier 'Fout of aanvulling melden'. Is "
                             "het iets anders, maak de naam dan specifieker, bijvoorbeeld met de plaats erbij."))
            usable_id = False
        elif id_problem(entry_id, index):
            findings.append((names["title"], "de naam moet letters of cijfers bevatten."))
            usable_id = False
    check_id = entry_id if usable_id else stand_in_id(index)  # the rest is checked even when the name is not right
    for found in entry_problems(content, kind, check_id, values, submission.text, reported):
        label = names.get(found.field) if found.field is not None else None
        findings.append((label, relabel(form, found.problem.message, bare=label is not None)))
    if findings:
        return Outcome(EXIT_PROBLEMS, out=(report(_in_form_order(form, findings)).removesuffix("\n"),))
    rendered = render_entry(kind, values, submission.text)
    path = (out_dir or content / kind.folder) / f"{entry_id}{rendered.suffix}"
    try:
        write_new(path, rendered.text, project_folders(content, content=False))
    except FileExistsError:
        raise UsageError(f"'{visible(path.as_posix())}' bestaat al; het bestand is niet overschreven") from None
    if pr_target is not None:
        try:
            write_atomic(pr_target, pull_request_body(form, path.as_posix(), submission.source).encode("utf-8"),
                         visible(str(pr_body)))
        except OutputError:
            with contextlib.suppress(OSError):
                path.unlink()  # the entry without its description would be half a result
            raise
    return Outcome(EXIT_OK, out=(path.as_posix(),))
