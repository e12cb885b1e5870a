"""`kennisbank new`: the template follows the models, answers are checked, files are never overwritten, and the
editor and pre-commit settings cover every kind."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kennisbank.cli import main
from kennisbank.contribute.answers import (
    answered,
    clean_text,
    is_place,
    markup_problems,
    parse_place,
    ref_ids,
    relabel,
    values_from_pairs,
)
from kennisbank.contribute.content_index import ContentIndex
from kennisbank.contribute.entry_yaml import render_entry
from kennisbank.contribute.new_entry import new_entry
from kennisbank.core.documents import parse_yaml, read_document
from kennisbank.core.models import INITIATIVE, KINDS, READING, Kind, kind_named
from kennisbank.core.models.fields import fields_of
from kennisbank.core.problems import UsageError

from .conftest import GOLDEN, ROOT, overlay_content


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    return folder


def answers(monkeypatch: pytest.MonkeyPatch, *replies: str) -> list[str]:
    """Feed `input()`; running out of replies is Ctrl-D. Returns the prompts that were shown."""
    queue: Iterator[str] = iter(replies)
    prompts: list[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        try:
            return next(queue)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    return prompts


@pytest.mark.parametrize(("name", "folder"), [
    ("praktijkkaart", "practices"), ("practices", "practices"), ("initiatief", "initiatives"),
    ("initiatives", "initiatives"), ("leestip", "reading"), ("reading", "reading"), ("thema", "themes"),
    ("meetup", "meetups"), ("verzameling", "collections"), ("brondocument", "documents"), ("begrip", "glossary"),
    ("Thema's", "themes"), ("Initiatieven", "initiatives"),
])
def test_kind_names(name: str, folder: str) -> None:
    kind = kind_named(name)
    assert kind is not None and kind.folder == folder


def test_every_field_is_answered_once() -> None:
    # A place is one answer ('Provincie/Gemeente'); other blocks are answered field by field, by dotted key.
    keys = [field.key for field in answered(fields_of(INITIATIVE.model))]
    assert "places" in keys and "places.gemeente" not in keys and "provenance.document" in keys
    assert "provenance" not in keys and len(keys) == len(set(keys))


# Sample answers per kind of field, so every kind gets a minimal valid entry without a list to keep up to date.
_REFS = {"theme": "taal-centraal", "practice": "voorlezen"}
_EXTRA = {"meetup": ["themes=taal-centraal"],
          "initiative": ["places=Hilversum", "url=https://www.voorbeeld.nl", "url_seen=2027-01-01",  # its source
                         "url_found_on=https://www.voorbeeld.nl"]}
_VALUES = {"statements.key": "voorbeeld"}  # text fields with a pattern of their own


def _sample(kind: Kind) -> list[str]:
    pairs = []
    for field in answered(fields_of(kind.model)):
        if not field.required or (field.key.count(".") and not _parent_required(kind, field.key)):
            continue
        text = {"choice": field.choices[0] if field.choices else "", "ref": _REFS.get(field.ref.name if field.ref else "", ""),
                "number": "1", "date": "2027-01-01", "bool": "nee"}.get(field.type, "Voorbeeld")
        pairs.append(f"{field.key}={'Hilversum' if is_place(field) else _VALUES.get(field.key, text)}")
    return pairs + _EXTRA.get(kind.name, [])


def _parent_required(kind: Kind, key: str) -> bool:
    parent = key.split(".")[0]
    return kind.model.model_fields[parent].is_required()


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_new_writes_a_valid_commented_file_for_every_kind(kind: Kind, content: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    args = ["new", kind.folder, "--ja", "--id", f"nieuw-{kind.name}"]
    for pair in _sample(kind):
        args += ["--veld", pair]
    assert main(args) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    path = Path(out.splitlines()[0])
    assert path.parent == Path("content") / kind.folder and path.stem == f"nieuw-{kind.name}"
    lines = path.read_text(encoding="utf-8").splitlines()
    schema = f"# yaml-language-server: $schema=../../schema/{kind.folder}.schema.json"
    assert (lines[:2] == ["---", schema]) if path.suffix == ".md" else (lines[0] == schema)
    assert (ROOT / "schema" / f"{kind.folder}.schema.json").is_file()
    text = "\n".join(lines)
    for field in fields_of(kind.model):
        assert re.search(rf"^(# )?{field.name}:", text, re.M), field.name  # filled in, or commented out
        assert "# " + field.description.split()[0] in text
    document, problems = read_document(path, path.as_posix())
    assert problems == [] and document is not None and document.data is not None
    assert main(["check", "--content", "content", path.as_posix()]) == 0


def test_new_refuses_to_overwrite(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["new", "thema", "--ja", "--veld", "title=Rekenen", "--veld", "question=Hoe?", "--veld", "summary=Over rekenen."]
    assert main(args) == 0
    written = Path("content/themes/rekenen.md")
    before = written.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == before
    # ids are unique across kinds too: 'voorlezen' is a practice card already
    assert main(["new", "leestip", "--ja", "--veld", "title=Voorlezen", "--veld", "media_type=boek"]) == 2
    assert "content/practices/voorlezen.md" in capsys.readouterr().err
    assert not Path("content/reading/voorlezen.yml").exists()


def test_new_entry_hands_back_what_to_print(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The command line prints; `new` itself only returns the outcome, or raises UsageError.
    fields = ["title=Rekenen", "question=Hoe?", "summary=Over rekenen."]
    outcome = new_entry("thema", Path("content"), fields)
    assert capsys.readouterr() == ("", "")
    assert (outcome.code, outcome.out[0], outcome.errors) == (0, "content/themes/rekenen.md", ())
    assert "warning: bij dit thema hoort nog geen praktijkkaart" in outcome.out[1]  # the warnings, as the check says
    assert outcome.notes[-1] == "Controleer na het aanpassen met: python3 scripts/dev.py check content/themes/rekenen.md"
    with pytest.raises(UsageError, match="bestaat al"):
        new_entry("thema", Path("content"), fields, entry_id="rekenen")
    refused = new_entry("leestip", Path("content"), ["title=Lezen", "media_type=boekk"])
    assert refused.code == 1 and refused.out == () and not Path("content/reading/lezen.yml").exists()
    assert refused.errors[-1] == "er is niets geschreven. Verbeter de waarden met --veld."
    assert capsys.readouterr() == ("", "")


def test_new_reports_every_problem_and_writes_nothing(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["new", "leestip", "--ja", "--veld", "title=Lezen", "--veld", "media_type=boekk",
                 "--veld", "url=javascript:alert(1)", "--veld", "themes=taal-centrall"])
    err = capsys.readouterr().err
    assert code == 1
    assert not Path("content/reading/lezen.yml").exists()  # checked as a whole before it is written
    assert re.search(r"^kennisbank: fout: ongeldige waarde 'boekk'.*Bedoelde je 'boek'", err, re.M)
    assert "onbekend thema 'taal-centrall'" in err and "Bedoelde je 'taal-centraal'" in err
    assert "geen geldig webadres" in err
    assert err.rstrip().endswith("er is niets geschreven. Verbeter de waarden met --veld.")


def test_new_reports_rules_across_fields_with_the_other_problems(content: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # The rule 'a local initiative needs a place' only runs once every field is valid; it is still reported now.
    code = main(["new", "initiatief", "--ja", "--veld", "title=Taalcafé\u202e", "--veld", "summary=Samen <b>praten</b>",
                 "--veld", "scope=lokaal", "--veld", "url=www.voorbeeld.nl"])
    err = capsys.readouterr().err
    assert code == 1
    assert "U+202E" in err and "'<b>' hoort er niet in" in err and "geen geldig webadres" in err
    assert "minstens één plaats nodig" in err
    assert "verplicht veld" not in err  # title and summary are left out because their values were refused
    assert sorted(p.name for p in (content / "initiatives").iterdir()) == ["voorleesclub.yml"]


@pytest.mark.parametrize(("args", "message"), [
    (["new", "praktijkkart"], "Bedoelde je 'praktijkkaart'"),
    (["new", "thema", "--veld", "titel=x"], "onbekend veld 'titel'. Bedoelde je 'title'"),
    (["new", "thema", "--veld", "title"], "naam=waarde"),
    (["new", "thema", "--ja", "--veld", "title=Taal"], "question=…, summary=…"),
    (["new", "thema", "--ja", "--veld", "title=!!!", "--veld", "question=?", "--veld", "summary=x"], "geen letters"),
    (["new", "thema", "--ja", "--id", "Taal Centraal", "--veld", "title=x", "--veld", "question=?",
      "--veld", "summary=x"], "geen geldige id"),
    (["new", "thema", "--content", "bestaat-niet"], "bestaat niet"),
])
def test_new_usage_errors_exit_2(args: list[str], message: str, content: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (content / "themes").iterdir()) == ["taal-centraal.md"]


def test_new_refuses_hidden_characters(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["new", "thema", "--ja", "--veld", "title=Taal\u202ecentraal", "--veld", "question=?",
                 "--veld", "summary=x"])
    assert code == 1
    assert "U+202E" in capsys.readouterr().err
    assert sorted(p.name for p in (content / "themes").iterdir()) == ["taal-centraal.md"]


def test_new_asks_and_checks_every_answer(content: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    prompts = answers(
        monkeypatch,
        "Taalcafé: samen praten",  # title
        "voorlezen", "",  # id: taken by a practice card, then the proposal
        "Ouders oefenen samen Nederlands.",  # summary
        "lokaall", "1",  # scope: a typo is asked again
        "8", "Hilversm", "Hilversum", "Utrecht", "", "",  # places: Noord-Holland/Hilversum, all of Utrecht
        "",  # place_note (place_sources and contact are optional blocks: left as comments in the file)
        "po, 6",  # sectors by name and number
        "",  # organisation
        "www.voorbeeld.nl", "https://www.voorbeeld.nl",  # url: no scheme is asked again
        "2026-11-30", "https://www.voorbeeld.nl/over",  # url_seen, url_found_on: the source of an initiative
        "taal-centrall", "TAAL CENTRAAL",  # themes: by the title as the site shows it, in any case
        "zet in op (voor)lezen",  # practices
    )
    assert main(["new", "initiatief"]) == 0
    out = capsys.readouterr().out
    assert "taal-centraal — Taal centraal" in out  # existing entries are offered with their titles
    assert "'lokaall' staat niet in de lijst. Bedoelde je 'lokaal'?" in out
    assert "onbekende gemeente 'Hilversm' in Noord-Holland. Bedoelde je 'Hilversum'?" in out
    assert "is geen geldig webadres" in out
    assert "er bestaat al een item met de id 'voorlezen'" in out
    assert any("taalcafe-samen-praten" in p for p in prompts)
    path = Path("content/initiatives/taalcafe-samen-praten.md")
    document, _problems = read_document(path, path.as_posix())
    assert document is not None and document.data == {
        "title": "Taalcafé: samen praten", "summary": "Ouders oefenen samen Nederlands.", "scope": "lokaal",
        "places": [{"provincie": "Noord-Holland", "gemeente": "Hilversum"}, {"provincie": "Utrecht"}],
        "sectors": ["po", "vo"], "url": "https://www.voorbeeld.nl", "url_seen": "2026-11-30",
        "url_found_on": "https://www.voorbeeld.nl/over", "themes": ["taal-centraal"], "practices": ["voorlezen"],
    }
    # Dutch labels from the field table, places numbered from 1; never a field key of the file
    assert "titel [verplicht]: " in prompts and "bereik (een nummer of naam) [verplicht]: " in prompts
    assert any(p.startswith("plaats 1: provincie") for p in prompts)
    assert any(p.startswith("plaats 2: gemeente in Utrecht") for p in prompts)
    assert not [p for p in prompts if re.search(r"\b(places|summary|scope|url_seen|themes)\b|\[\d+\]", p)]
    assert "'taal-centrall' staat niet in de lijst. Bedoelde je 'taal-centraal'?" in out


def test_new_asks_for_a_required_sub_block(content: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    answers(monkeypatch, "Menukaart taal", "", "Kaarten over taal.",
            "Lezen", "", "", "1", "nee",  # sections[1]: title, summary (skipped), practices ('' is asked again)
            "")  # themes: skipped; the optional sub-blocks (sources, provenance) are not asked
    assert main(["new", "verzameling"]) == 0
    text = Path("content/collections/menukaart-taal.md").read_text(encoding="utf-8")
    assert "sections:\n  - title: Lezen\n    practices: [voorlezen]\n" in text


def test_stopping_writes_nothing(content: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    answers(monkeypatch, "Rekenen", "")  # then Ctrl-D at the next question
    assert main(["new", "thema"]) == 2
    assert "afgebroken" in capsys.readouterr().err
    assert sorted(p.name for p in (content / "themes").iterdir()) == ["taal-centraal.md"]


@pytest.mark.parametrize(("text", "place"), [
    ("hilversum", {"provincie": "Noord-Holland", "gemeente": "Hilversum"}),
    ("Utrecht", {"provincie": "Utrecht"}),
    ("utrecht/utrecht", {"provincie": "Utrecht", "gemeente": "Utrecht"}),
    ("Fryslan", {"provincie": "Fryslân"}),
    ("Twenterand/Westerhaar", {"provincie": "Overijssel", "gemeente": "Twenterand", "plaats": "Westerhaar"}),
    ("Overijssel/Twenterand/Westerhaar", {"provincie": "Overijssel", "gemeente": "Twenterand", "plaats": "Westerhaar"}),
    ("'s-gravenhage", {"provincie": "Zuid-Holland", "gemeente": "'s-Gravenhage"}),
])
def test_parse_place(text: str, place: dict[str, str]) -> None:
    assert parse_place(text) == (place, None)


@pytest.mark.parametrize(("text", "message"), [
    ("Hilversm", "Bedoelde je 'Hilversum'?"),
    ("Utrecht/Hilversum", "ligt in Noord-Holland, niet in Utrecht"),
    ("a/b/c/d", "geen plaats"),
    ("Noord-Holland/", "geen plaats"),
])
def test_parse_place_problems(text: str, message: str) -> None:
    place, problem = parse_place(text)
    assert place is None and problem is not None and message in problem


def test_values_from_pairs() -> None:
    values, errors = values_from_pairs(READING.model, [
        ("title", "  Een\n titel "), ("year", "2024"), ("year", "2025"), ("authors", "Jansen, A."),
        ("authors", "NRO"), ("sectors", "PO, vo"), ("media_type", "Boek"), ("language", "en")])
    assert values == {"title": "Een titel", "authors": ["Jansen, A.", "NRO"], "media_type": "boek",
                      "language": "en", "sectors": ["po", "vo"]}
    assert errors == [("year", "'year' heeft één waarde, maar er zijn er 2 gegeven")]


_PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60)


@given(_PLAIN)
def test_any_text_round_trips_through_the_template(text: str) -> None:
    # Whatever a contributor or an issue types, the file reads back as exactly that text: no YAML
    # injection, no text turned into a number, date, true/false or nothing.
    cleaned, problem = clean_text(text)
    if problem or not cleaned:
        return
    rendered = render_entry(READING, {"title": cleaned, "outlet": cleaned, "authors": [cleaned, cleaned],
                                      "media_type": "boek"})
    document, problems = parse_yaml(rendered.text, "x.yml")
    assert problems == [] and document is not None
    assert document.data == {"title": cleaned, "outlet": cleaned, "authors": [cleaned, cleaned], "media_type": "boek"}


def test_markdown_template_keeps_the_body_apart() -> None:
    rendered = render_entry(INITIATIVE, {"title": "---", "summary": "x\n---\ny"}, body="---\ntitle: nep\n")
    assert rendered.suffix == ".md"
    assert [line for line in rendered.text.split("\n") if line == "---"] == ["---", "---", "---"]
    assert "\ntitle: '---'\n" in rendered.text and '\nsummary: "x\\n---\\ny"\n' in rendered.text
    assert rendered.text.endswith("\n---\n\n---\ntitle: nep\n")


def test_content_index(content: Path) -> None:
    index = ContentIndex.load(content)
    assert index.choices(kind_named("thema")) == [("taal-centraal", "Taal centraal")]  # type: ignore[arg-type]
    assert index.paths["voorleesclub"].endswith("content/initiatives/voorleesclub.yml")


def test_vscode_settings_give_every_kind_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    for kind in KINDS:
        schema = f"./schema/{kind.folder}.schema.json"
        assert (ROOT / schema).is_file()
        assert f"content/{kind.folder}/*.yml" in schemas[schema]
    assert len(schemas) == len(KINDS)


def test_pre_commit_hook_runs_the_strict_check_on_changed_content() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system"
    assert hook["entry"] == "python3 scripts/dev.py check --strict"
    assert hook["pass_filenames"] is True and hook["require_serial"] is True
    assert re.search(hook["files"], "content/practices/zet-in-op-voorlezen.md")
    assert not re.search(hook["files"], "docs/index.md")
    assert not re.search(hook["files"], "tests/golden/base/content/themes/taal-centraal.md")


def test_pull_request_template_has_the_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ("eigen woorden", "bron staat erbij", "geen persoonsgegevens", "controle is groen"):
        assert re.search(rf"^- \[ \] .*{item}", text, re.M | re.I), item


@pytest.mark.parametrize("text", ["<b>vet</b>", "tekst</b>", "<abbr title=x>AVG</abbr>", "<script>x</script>",
                                  "<!-- c -->", "a &lt; b", "<img src=x onerror=alert(1)>", "<em>nadruk</em>"])
def test_plain_text_answers_get_no_markdown_advice(text: str) -> None:
    messages = markup_problems(text)
    assert messages, text
    assert not any("Markdown" in message for message in messages)
    assert all(not message.endswith(".") for message in messages)  # the callers end the sentence


def test_markdown_answers_follow_the_markdown_rules() -> None:
    assert markup_problems("**vet** en <abbr title=\"x\">AVG</abbr>", markdown=True) == []
    assert any("Markdown" in m for m in markup_problems("<em>nadruk</em>", markdown=True))
    assert markup_problems("<em>nadruk</em>", markdown=False) != markup_problems("<em>nadruk</em>", markdown=True)
    assert markup_problems("https://x.nl/?a=1&copy=2", url=True) == []  # '&' separates parameters in an address


def test_new_asks_again_for_markup_in_plain_text(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    answers(
        monkeypatch,
        "<b>Rekenen</b>", "Rekenen",  # title: markup is refused at once and asked again
        "",  # id: the proposal
        "Hoe leren kinderen rekenen?",  # question
        "Over <i>rekenen</i> &amp; tellen.", "Over rekenen en tellen.",  # summary
        "", "",  # order, sectors
    )
    assert main(["new", "thema"]) == 0
    out = capsys.readouterr().out
    assert "dit veld is gewone tekst, zonder opmaak: '<b>' hoort er niet in" in out
    assert "'<i>' hoort er niet in" in out and "typ het teken zelf ('&')" in out
    assert "Markdown" not in out  # a plain-text field does not take Markdown either
    document, _problems = read_document(Path("content/themes/rekenen.md"), "rekenen.md")
    assert document is not None and document.data is not None
    assert document.data["title"] == "Rekenen" and document.data["summary"] == "Over rekenen en tellen."


def test_new_asks_again_for_the_fields_a_rule_is_about(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    prompts = answers(
        monkeypatch,
        "Taalcafé", "",  # title, id
        "Ouders oefenen samen Nederlands.",  # summary
        "lokaal",  # scope
        "",  # places: skipped, but a local initiative needs one
        "", "", "", "", "", "",  # place_note, sectors, organisation, url, themes, practices: no date without a website
        # an initiative needs a source; without a brondocument that is its website, when and where it was found
        "https://www.voorbeeld.nl", "2026-11-30", "https://www.voorbeeld.nl",
        "8", "Hilversum", "",  # asked again: places
        "",  # and place_note, which the rule names too
    )
    assert main(["new", "initiatief"]) == 0
    out = capsys.readouterr().out
    assert "Het item klopt nog niet:" in out and "minstens één plaats nodig onder 'plaatsen'" in out
    assert "opnieuw: plaatsen, toelichting op de plaats." in out
    assert "Waar komt dit vandaan?" in out
    asked = [p.split(" [")[0].split(" (")[0] for p in prompts]
    assert asked.index("webadres bekeken op") > asked.index("praktijkkaarten")  # only once there was a website
    document, _problems = read_document(Path("content/initiatives/taalcafe.md"), "taalcafe.md")
    assert document is not None and document.data is not None
    assert document.data["places"] == [{"provincie": "Noord-Holland", "gemeente": "Hilversum"}]


def test_new_writes_nothing_while_the_entry_does_not_pass(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    # The same interview, stopped (Ctrl-D) when the place is asked again: no file at all, not a rejected one.
    answers(monkeypatch, "Taalcafé", "", "Ouders oefenen samen Nederlands.", "lokaal", "", "", "", "", "", "", "",
            "https://www.voorbeeld.nl", "2026-11-30", "https://www.voorbeeld.nl", "")
    assert main(["new", "initiatief"]) == 2
    assert "minstens één plaats nodig" in capsys.readouterr().out
    assert sorted(p.name for p in (content / "initiatives").iterdir()) == ["voorleesclub.yml"]


def test_new_takes_entries_by_their_title_in_any_case(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "leestip", "--ja", "--veld", "title=Lezen", "--veld", "media_type=boek",
                 "--veld", "themes=taal CENTRAAL", "--veld", "practices=Zet in op (voor)lezen"]) == 0
    document, _problems = read_document(Path("content/reading/lezen.yml"), "lezen.yml")
    assert document is not None and document.data is not None
    assert (document.data["themes"], document.data["practices"]) == (["taal-centraal"], ["voorlezen"])


def test_new_initiative_needs_a_source(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["new", "initiatief", "--ja", "--veld", "title=Taalcafé", "--veld", "summary=Samen praten.",
                 "--veld", "scope=landelijk", "--veld", "url=https://www.voorbeeld.nl"])
    assert code == 1
    assert "een initiatief heeft een bron nodig" in capsys.readouterr().err
    assert sorted(p.name for p in (content / "initiatives").iterdir()) == ["voorleesclub.yml"]


def test_new_asks_a_brondocument_as_the_source(content: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (content / "documents").mkdir()
    (content / "documents" / "briefing.md").write_text(
        "---\ntitle: Briefing\nsummary: Een briefing.\n---\n", encoding="utf-8")
    prompts = answers(monkeypatch, "Taalcafé", "", "Samen praten.", "landelijk", "", "", "", "", "", "", "",
                      "ja", "1", "12-14", "nee")  # in a brondocument: which, which lines, no second one
    assert main(["new", "initiatief"]) == 0, capsys.readouterr()
    document, _problems = read_document(Path("content/initiatives/taalcafe.md"), "taalcafe.md")
    assert document is not None and document.data is not None
    assert document.data["provenance"] == [{"document": "briefing", "lines": "12-14"}]
    assert "Staat het in een van de brondocumenten van de kennisbank? (ja/nee) [nee]: " in prompts
    assert "brondocument (een nummer of naam) [verplicht]: " in prompts and "Nog een brondocument? (ja/nee) [nee]: " in prompts


def test_every_field_has_a_dutch_label() -> None:
    from kennisbank.core.models.fields import LABELS, walk

    names = {field.name for kind in KINDS for field in walk(fields_of(kind.model))}
    assert names == set(LABELS)  # a new field gets its Dutch name in the field table


@pytest.mark.parametrize(("message", "dutch"), [
    ("places[2].gemeente: onbekende gemeente 'X'", "plaatsen, 2e item: gemeente: onbekende gemeente 'X'"),
    ("zet onder 'place_note' wat de bron zegt", "zet onder 'toelichting op de plaats' wat de bron zegt"),
    ("'url_seen' en 'url_found_on' horen bij 'url'", "'webadres bekeken op' en 'webadres gevonden op' horen bij 'webadres'"),
    ("onbekende gemeente 'Hilversm'", "onbekende gemeente 'Hilversm'"),  # not a key: as it was
])
def test_check_messages_get_dutch_labels(message: str, dutch: str) -> None:
    assert relabel(INITIATIVE.model, message) == dutch


def test_ref_ids() -> None:
    choices = [("taal-centraal", "Taal centraal"), ("ouders", "Draag over, ook de ouders")]
    assert ref_ids("Taal centraal", choices) == "taal-centraal"
    assert ref_ids("taal CENTRAAL; Draag over, ook de ouders", choices) == "taal-centraal, Draag over, ook de ouders"
    assert ref_ids("Draag over, ook de ouders", choices) == "ouders"  # a title with a comma, as the whole answer
    assert ref_ids("Taal-Centraal, onbekend", choices) == "taal-centraal, onbekend"  # the check explains the rest
