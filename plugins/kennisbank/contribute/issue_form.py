"""GitHub issue forms for a new initiative or reading tip: one definition per form serves both ways.

It renders the form in .github/ISSUE_TEMPLATE/ (a test keeps the committed files equal to it) and it reads the
issue GitHub makes of a filled-in form into (field, text) answers, which `kennisbank from-issue` (from_issue.py)
turns into an entry like `kennisbank new` does. The issue text is untrusted: it is only ever parsed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennisbank.core.models import INITIATIVE, READING, THEME, EntryModel, Kind
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.fields import fields_of
from kennisbank.core.regions import PROVINCES
from kennisbank.outputs import urls

from .content_index import ContentIndex
from .entry_yaml import BODY, FORM, dump

PROVINCE, MUNICIPALITY, SOURCE, TEXT = "@provincie", "@gemeente", "@bron", "@tekst"
"""Targets of questions that are not one model field: the two halves of a place, the source, the body text."""

NO_RESPONSE = "_No response_"
"""What GitHub writes under the heading of a question left empty."""


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


def _choices(kind: Kind[EntryModel], name: str) -> tuple[tuple[str, str], ...]:
    """The values of a choice field as dropdown options, each shown as it is written in the file."""
    [found] = [f for f in fields_of(kind.model) if f.name == name]
    return tuple((value, value) for value in found.choices)


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
        INITIATIVE, urls.INITIATIVE_FORM, "Nieuw initiatief",
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
                     required=True, options=_choices(INITIATIVE, "scope")),
            # A text field, not a dropdown: GitHub fills only text fields from a link, and the region pages and
            # briefings open this form with their provincie filled in. answers.parse_place reads any spelling case.
            Question("provincie", "input", "Provincie", "In welke provincie werkt het initiatief? Nodig bij "
                     "lokaal en regionaal. Een van: " + ", ".join(PROVINCES) + ".", PROVINCE, placeholder="Overijssel"),
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
        READING, urls.READING_FORM, "Nieuwe leestip",
        "Raad een artikel, rapport, boek, podcast, video of webinar aan.",
        "Nieuwe leestip: ", "nieuwe-leestip",
        "Bedankt voor je tip! Tips om te lezen, kijken of luisteren staan op de site bij de thema's en "
        "praktijkkaarten waar ze bij passen.\n\n" + _RULES + "\n" + _AFTER + "\n",
        (
            Question("titel", "input", "Titel", "De titel, precies zoals de maker hem schrijft.", "title",
                     required=True),
            Question("soort", "dropdown", "Soort", "Wat voor tip is het?", "media_type", required=True,
                     options=_choices(READING, "media_type")),
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
    return FORM_HEADER + dump(document, FORM)


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
        # 'Provincie/Gemeente' as answers.parse_place reads it; a gemeente alone finds its own provincie.
        submission.pairs.append(("places", "/".join(place[t] for t in (PROVINCE, MUNICIPALITY) if t in place)))
    return submission


def field_labels(form: Form) -> dict[str, str]:
    """Model field → the label of its question on the form (the place: both halves)."""
    found: dict[str, str] = {}
    for question in form.questions:
        if not question.target.startswith("@"):
            found.setdefault(question.target, question.label)
    halves = [q.label for q in form.questions if q.target in (PROVINCE, MUNICIPALITY)]
    if halves:
        found["places"] = " en ".join(halves)
    text = [q.label for q in form.questions if q.target == TEXT]
    if text:
        found[BODY] = text[0]
    return found
