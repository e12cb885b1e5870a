"""GitHub issue forms for a new initiative or reading tip, and `kennisbank from-issue`: a submitted issue → entry.

One definition per form serves both ways: it renders the form in .github/ISSUE_TEMPLATE/ (a test keeps the
committed files equal to it) and it reads the issue GitHub makes of a filled-in form. The answers then go
through the same conversion, template and check as `kennisbank new` (scaffold.py).

The issue text is untrusted: it is only ever parsed, written into YAML by a YAML emitter and checked like any
other content file. Problems go back to the issue as a Markdown list with every special character escaped.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kennisbank.core.documents import read_capped
from kennisbank.core.models import INITIATIVE, READING, THEME, EntryModel, Kind
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.problems import visible
from kennisbank.core.regions import PROVINCES

from .new_entry import (
    BODY,
    ContentIndex,
    entry_problems,
    id_problem,
    propose_id,
    render_entry,
    stand_in_id,
    values_from_pairs,
    write_new,
)
from .output_paths import OutputError, OutputKind, check_file, project_folders, write_atomic

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

PROVINCE, MUNICIPALITY, SOURCE, TEXT = "@provincie", "@gemeente", "@bron", "@tekst"
"""Targets of questions that are not one model field: the two halves of a place, the source, the body text."""

NO_RESPONSE = "_No response_"
"""What GitHub writes under the heading of a question left empty."""
MAX_LISTED = 30
"""Problems listed in one issue comment; the rest are counted. GitHub refuses comments over 65,536 characters."""


@dataclass(frozen=True)
class Question:
    id: str  # the form element's id: letters, digits, '-' and '_' only
    type: str  # input, textarea, dropdown or checkboxes
    label: str  # also the '### label' heading in the issue
    description: str
    target: str  # a model field, or one of PROVINCE, MUNICIPALITY, SOURCE, TEXT
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (label on the form, value in the file)
    placeholder: str = ""
    per_line: bool = False  # a textarea whose lines are list items
    default: int | None = None  # index of the preselected dropdown option


@dataclass(frozen=True)
class Form:
    kind: Kind[EntryModel]
    file: str  # in .github/ISSUE_TEMPLATE/
    name: str
    description: str
    title: str
    label: str  # the GitHub label the form sets; the workflow starts on it
    intro: str
    questions: tuple[Question, ...] = field(default=())


def _literal(kind: Kind[EntryModel], name: str) -> tuple[str, ...]:
    return tuple(str(value) for value in typing.get_args(kind.model.model_fields[name].annotation))


def _sectors() -> tuple[tuple[str, str], ...]:
    return tuple((f"{label} ({code})", code) for code, label in SECTOR_LABELS.items())


def _themes(themes: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((f"{title} ({theme_id})", theme_id) for theme_id, title in themes)


_RULES = (
    "- Schrijf in **eigen woorden** en verzin niets: wat je invult, moet in de bron te vinden zijn.\n"
    "- Noem **geen namen of andere gegevens van privépersonen** (leerlingen, ouders, leraren).\n"
    "- De velden zijn gewone tekst: geen HTML of andere opmaak.\n"
)
_AFTER = (
    "Na het versturen maakt de kennisbank er automatisch een voorstel (pull request) van, dat een beheerder "
    "controleert voordat het op de site komt. Klopt er iets nog niet, dan verschijnt hieronder een reactie met wat "
    "je moet aanpassen; pas het issue dan aan (··· → Edit), dan wordt het opnieuw gecontroleerd."
)
_PRACTICES = Question(
    "praktijkkaarten", "input", "Praktijkkaarten",
    "Welke praktijkkaarten horen erbij? Geef hun id's met komma's ertussen. De id staat aan het eind van het "
    "webadres van de kaart op de site. Mag leeg blijven als je hierboven een thema kiest.",
    "practices", placeholder="zet-in-op-voorlezen, signaleer-samen-zo-vroeg-mogelijk")


def build_forms(themes: Sequence[tuple[str, str]] = ()) -> dict[str, Form]:
    """The forms by kind name. `themes` are (id, title) of the themes to offer as checkboxes."""
    sectors = Question("sectoren", "checkboxes", "Sectoren", "Voor welke onderwijssectoren is dit? Kies er "
                       "één of meer.", "sectors", options=_sectors())
    theme_question = Question("themas", "checkboxes", "Thema's", "Bij welke thema's van de kennisbank past dit? "
                              "Kies minstens één thema, of noem hieronder een praktijkkaart.", "themes",
                              options=_themes(themes))
    initiative = Form(
        INITIATIVE, "nieuw-initiatief.yml", "Nieuw initiatief",
        "Stel een initiatief, schoolvoorbeeld of programma voor de kennisbank voor.",
        "Nieuw initiatief: ", "nieuw-initiatief",
        "Bedankt dat je een initiatief wilt delen! Een initiatief laat zien hoe een aanpak in de praktijk werkt.\n\n"
        + _RULES + "\n" + _AFTER + "\n",
        (
            Question("naam", "input", "Naam van het initiatief", "De naam van het initiatief, de school of het "
                     "programma, zoals het zichzelf noemt.", "title", required=True, placeholder="Voorleesclub De Boekenwurm"),
            Question("samenvatting", "textarea", "Samenvatting", "Wat doet het initiatief? In één of twee zinnen, in "
                     "je eigen woorden.", "summary", required=True),
            Question("bereik", "dropdown", "Bereik", "Werkt het initiatief in één gemeente of wijk (lokaal), in een "
                     "regio, in heel Nederland (landelijk) of ook daarbuiten (internationaal)?", "scope",
                     required=True, options=tuple((v, v) for v in _literal(INITIATIVE, "scope"))),
            Question("provincie", "dropdown", "Provincie", "In welke provincie werkt het initiatief? Nodig bij "
                     "lokaal en regionaal.", PROVINCE, options=tuple((p, p) for p in PROVINCES)),
            Question("gemeente", "input", "Gemeente", "In welke gemeente? Schrijf haar naam zoals het CBS dat "
                     "doet, bijvoorbeeld Hilversum of 's-Gravenhage (niet Den Haag). Een dorp of wijk zet je erachter "
                     "met een schuine streep, bijvoorbeeld Twenterand/Westerhaar. Leeg voor een hele provincie.",
                     MUNICIPALITY, placeholder="Hilversum"),
            sectors,
            Question("website", "input", "Website", "Het webadres van het initiatief (https://…), zonder "
                     "volgparameters zoals utm_source.", "url", placeholder="https://"),
            theme_question,
            _PRACTICES,
            Question("bron", "textarea", "Bron", "Waar komt deze informatie vandaan? Bijvoorbeeld een artikel, "
                     "rapport of webpagina (met webadres), of 'ik werk er zelf'. Een beheerder controleert de bron; "
                     "op de site komt die niet.", SOURCE, required=True),
            Question("toelichting", "textarea", "Toelichting", "Een langere beschrijving voor op de site, in eigen "
                     "woorden. Mag Markdown zijn (bijvoorbeeld **vet** of een lijstje). Mag leeg blijven.", TEXT),
        ),
    )
    reading = Form(
        READING, "nieuwe-leestip.yml", "Nieuwe leestip",
        "Raad een artikel, rapport, boek, podcast, video of webinar aan.",
        "Nieuwe leestip: ", "nieuwe-leestip",
        "Bedankt voor je tip! Tips om te lezen, kijken of luisteren staan op de site bij de thema's en "
        "praktijkkaarten waar ze bij passen.\n\n" + _RULES + "\n" + _AFTER + "\n",
        (
            Question("titel", "input", "Titel", "De titel, precies zoals de maker hem schrijft.", "title",
                     required=True),
            Question("soort", "dropdown", "Soort", "Wat voor tip is het?", "media_type", required=True,
                     options=tuple((v, v) for v in _literal(READING, "media_type"))),
            Question("makers", "textarea", "Auteurs of makers", "Eén naam per regel: personen of organisaties. Mag "
                     "leeg blijven.", "authors", per_line=True),
            Question("medium", "input", "Medium of uitgever", "Bijvoorbeeld 'Vrij Nederland' of 'NRO'.", "outlet"),
            Question("jaar", "input", "Jaar", "Het jaar van verschijnen, als je dat weet.", "year", placeholder="2024"),
            Question("webadres", "input", "Webadres", "Waar is de tip te vinden (https://…)? Zonder volgparameters "
                     "zoals utm_source.", "url", placeholder="https://"),
            Question("taal", "dropdown", "Taal", "In welke taal is de tip?", "language", required=True,
                     options=(("Nederlands (nl)", "nl"), ("Engels (en)", "en")), default=0),
            Question("waarom", "textarea", "Waarom is dit de moeite waard?", "In één of twee zinnen, in je eigen "
                     "woorden.", "summary"),
            sectors,
            theme_question,
            _PRACTICES,
            Question("bron", "textarea", "Bron", "Waar heb je deze tip gevonden, of wie raadt hem aan? Een "
                     "beheerder controleert de bron; op de site komt die niet.", SOURCE, required=True),
        ),
    )
    return {form.kind.name: form for form in (initiative, reading)}


# ---------------------------------------------------------------------------------------------------------
# Writing the forms
# ---------------------------------------------------------------------------------------------------------

class _FormDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line texts (the introductions) as literal blocks, so the file reads like the form.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_FormDumper.add_representer(str, _represent_text)

FORM_HEADER = (
    "# Dit formulier wordt gemaakt door plugins/kennisbank/contribute/issue_form.py, uit de modellen en de thema's in\n"
    "# content/themes/. Pas het daar aan en schrijf het opnieuw met:\n"
    "#   python3 scripts/dev.py test tests/test_issue_form.py --update-golden\n"
)


def form_yaml(form: Form) -> str:
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": form.intro}}]
    for question in form.questions:
        if question.type == "checkboxes" and not question.options:
            continue  # GitHub refuses a checkbox group without options (a content folder without themes)
        attributes: dict[str, Any] = {"label": question.label, "description": question.description}
        if question.placeholder:
            attributes["placeholder"] = question.placeholder
        if question.type == "dropdown":
            attributes["options"] = [label for label, _value in question.options]
            if question.default is not None:
                attributes["default"] = question.default
        if question.type == "checkboxes":
            attributes["options"] = [{"label": label} for label, _value in question.options]
        element: dict[str, Any] = {"type": question.type, "id": question.id, "attributes": attributes}
        if question.required:
            element["validations"] = {"required": True}
        body.append(element)
    document = {"name": form.name, "description": form.description, "title": form.title, "labels": [form.label],
                "body": body}
    return FORM_HEADER + yaml.dump(document, Dumper=_FormDumper, allow_unicode=True, sort_keys=False, width=120)


def form_files(content: Path) -> dict[str, str]:
    """File name in .github/ISSUE_TEMPLATE/ → its text, with the themes of this content folder."""
    themes = ContentIndex.load(content).choices(THEME)
    return {form.file: form_yaml(form) for form in build_forms(themes).values()}


# ---------------------------------------------------------------------------------------------------------
# Reading a submitted issue
# ---------------------------------------------------------------------------------------------------------

_CHECKED = re.compile(r"^\s*[-*] \[[xX]\] (.+?)\s*$", re.MULTILINE)
_TRAILING_VALUE = re.compile(r"\(([^()]+)\)\s*\Z")


@dataclass
class Submission:
    pairs: list[tuple[str, str]]  # (field key, text), as `kennisbank new --veld` takes them
    source: str
    text: str | None  # Markdown below the front matter; None: a data-only file
    problems: list[tuple[Question | None, str]]


def _option_value(question: Question, label: str) -> str:
    for shown, value in question.options:
        if label == shown:
            return value
    found = _TRAILING_VALUE.search(label)  # 'Primair onderwijs (po)': also when the form has changed since
    return found.group(1).strip() if found else label


def sections(form: Form, body: str) -> dict[str, str]:
    """The answer under each question's '### label' heading, by question id ('' when left empty). Headings are
    looked for in the form's order, so a heading typed inside an answer can only affect that answer."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[tuple[int, Question]] = []
    start = 0
    for question in form.questions:
        heading = f"### {question.label}"
        for number in range(start, len(lines)):
            if lines[number].strip() == heading:
                found.append((number, question))
                start = number + 1
                break
    answers: dict[str, str] = {}
    for position, (number, question) in enumerate(found):
        end = found[position + 1][0] if position + 1 < len(found) else len(lines)
        answer = "\n".join(lines[number + 1:end]).strip("\n").strip()
        answers[question.id] = "" if answer == NO_RESPONSE else answer
    return answers


def parse_issue(form: Form, body: str) -> Submission:
    answers = sections(form, body)
    submission = Submission([], "", None, [])
    place: dict[str, str] = {}
    for question in form.questions:
        answer = answers.get(question.id, "")
        if question.type == "checkboxes":
            chosen = [_option_value(question, label) for label in _CHECKED.findall(answer)]
            answer = ", ".join(chosen)
        elif question.type == "dropdown" and answer:
            answer = _option_value(question, answer)
        if question.required and not answer.strip():
            submission.problems.append((question, "dit veld is verplicht; vul het in."))
        if not answer.strip():
            continue
        if question.target in (PROVINCE, MUNICIPALITY):
            place[question.target] = answer.strip()
        elif question.target == SOURCE:
            submission.source = answer
        elif question.target == TEXT:
            submission.text = answer
        elif question.per_line:
            submission.pairs.extend((question.target, line) for line in answer.split("\n") if line.strip())
        else:
            submission.pairs.append((question.target, answer))
    if place:
        # 'Provincie/Gemeente' as scaffold.parse_place reads it; a gemeente alone finds its own provincie.
        submission.pairs.append(("places", "/".join(place[t] for t in (PROVINCE, MUNICIPALITY) if t in place)))
    return submission


# ---------------------------------------------------------------------------------------------------------
# Problems as an issue comment
# ---------------------------------------------------------------------------------------------------------

def _labels(form: Form) -> dict[str, str]:
    """Model field → the label of its question on the form (the place: both halves)."""
    labels: dict[str, str] = {}
    for question in form.questions:
        if not question.target.startswith("@"):
            labels.setdefault(question.target, question.label)
    halves = [q.label for q in form.questions if q.target in (PROVINCE, MUNICIPALITY)]
    if halves:
        labels["places"] = " en ".join(halves)
    text = [q.label for q in form.questions if q.target == TEXT]
    if text:
        labels[BODY] = text[0]
    return labels


def relabel(form: Form, message: str, bare: bool = False) -> str:
    """A check message with the model's field names ('summary', 'places[1].gemeente') replaced by the labels
    the submitter saw on the form. With `bare` the message loses a leading 'field: ', because the comment
    already shows the label in front of it."""
    labels = {name: label for name, label in _labels(form).items() if name}
    names = "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
    lead = re.match(rf"({names})(?:\[\d+\])?(?:\.[a-z_]+)?: ", message)
    if lead:
        message = message[lead.end():] if bare else f"{labels[lead.group(1)]}: {message[lead.end():]}"
    return re.sub(rf"'({names})(?:\[\d+\])?(?:\.[a-z_]+)?'", lambda m: f"'{labels[m.group(1)]}'", message)


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
    kind = f"{'Nieuw' if form.kind.neuter else 'Nieuwe'} {form.kind.label}"
    return (f"{kind}{_PR_BODY_LEAD}{path}`.\n\n"
            "**Bron volgens de indiener** (controleer die voordat je samenvoegt):\n\n"
            f"{fence}text\n{quoted}\n{fence}\n\n"
            "Controleer ook: eigen woorden (geen zinnen letterlijk overgenomen), geen persoonsgegevens, en de "
            "gekozen thema's en praktijkkaarten.\n")


# ---------------------------------------------------------------------------------------------------------
# `kennisbank from-issue`
# ---------------------------------------------------------------------------------------------------------

def _fail(message: str) -> int:
    print(f"kennisbank: fout: {message}", file=sys.stderr)
    return EXIT_USAGE


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
    for name, label in _labels(form).items():  # combined labels ('Provincie en Gemeente') sit at their first half
        first = next((q.label for q in form.questions if q.target == name or label.startswith(q.label)), None)
        if first is not None:
            position.setdefault(label, position[first])
    return sorted(findings, key=lambda finding: position.get(finding[0] or "", len(form.questions)))


def from_issue_command(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        return _fail(f"map met inhoud '{visible(str(content))}' bestaat niet")
    raw, problem = read_capped(Path(args.body_file), visible(str(args.body_file)))
    if raw is None:
        return _fail(f"'{visible(str(args.body_file))}': {problem.message if problem else 'kan niet gelezen worden'}")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _fail(f"'{visible(str(args.body_file))}' is geen UTF-8-tekst")
    form = build_forms()[args.kind]
    kind = form.kind
    # Where the results go is checked first, so a wrong path is said before the issue is, and nothing is half done.
    pr_target = check_file(Path(args.pr_body), PR_BODY, project_folders(content)) if args.pr_body else None
    labels = _labels(form)
    submission = parse_issue(form, body)
    # Every problem at once: the answers that cannot be read, the name, and everything the check finds in the
    # rest, so one edit of the issue can fix them all.
    findings: list[tuple[str | None, str]] = [(q.label if q else None, m) for q, m in submission.problems]
    values, errors = values_from_pairs(kind.model, submission.pairs)
    findings += [(labels.get(key.split(".")[0]), message) for key, message in errors]
    # The fields reported so far: the check leaves out what would only repeat them (a missing field, a rule).
    reported = {key.split(".")[0] for key, _message in errors}
    reported |= {_field(q) for q, _message in submission.problems if q is not None}
    index = ContentIndex.load(content)
    entry_id = propose_id(str(values.get("title", "")))
    usable_id = "title" in values
    if "title" in values:
        taken = index.paths.get(entry_id)
        if taken:
            findings.append((labels["title"], f"er staat al een item met deze naam in de kennisbank ({taken}). Is het "
                             "hetzelfde, meld dan een aanvulling met het formulier 'Fout of aanvulling melden'. Is "
                             "het iets anders, maak de naam dan specifieker, bijvoorbeeld met de plaats erbij."))
            usable_id = False
        elif id_problem(entry_id, index):
            findings.append((labels["title"], "de naam moet letters of cijfers bevatten."))
            usable_id = False
    check_id = entry_id if usable_id else stand_in_id(index)  # the rest is checked even when the name is not right
    for found in entry_problems(content, kind, check_id, values, submission.text, reported):
        label = labels.get(found.field) if found.field is not None else None
        findings.append((label, relabel(form, found.problem.message, bare=label is not None)))
    if findings:
        print(report(_in_form_order(form, findings)), end="")
        return EXIT_PROBLEMS
    rendered = render_entry(kind, values, submission.text)
    out_dir = Path(args.out_dir) if args.out_dir else content / kind.folder
    path = out_dir / f"{entry_id}{rendered.suffix}"
    try:
        write_new(path, rendered.text, project_folders(content, content=False))
    except FileExistsError:
        return _fail(f"'{visible(path.as_posix())}' bestaat al; het bestand is niet overschreven")
    if pr_target is not None:
        try:
            write_atomic(pr_target, pull_request_body(form, path.as_posix(), submission.source).encode("utf-8"),
                         visible(str(args.pr_body)))
        except OutputError:
            with contextlib.suppress(OSError):
                path.unlink()  # the entry without its description would be half a result
            raise
    print(path.as_posix())
    return EXIT_OK
