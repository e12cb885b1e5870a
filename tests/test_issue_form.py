"""Issue forms and `kennisbank from-issue`: the committed forms follow the models, sample issues give the expected
file or comment, hostile text stays inert, and the workflow keeps to its security rules."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from kennisbank.cli import main
from kennisbank.contribute.from_issue import escape_markdown, from_issue, pull_request_body, report
from kennisbank.contribute.issue_form import (
    MUNICIPALITY,
    PROVINCE,
    SOURCE,
    TEXT,
    build_forms,
    form_files,
    parse_issue,
    sections,
)
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.fields import fields_of
from kennisbank.core.regions import PROVINCES
from kennisbank.outputs import escape, urls

from .conftest import GOLDEN, ROOT, assert_golden, overlay_content

ISSUES = GOLDEN / "issues"
SAMPLES = sorted(ISSUES.glob("*.md"))
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
WORKFLOWS = ROOT / ".github" / "workflows"


def _kind(sample: Path) -> str:
    return "reading" if sample.name.startswith("leestip") else "initiative"


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_issue(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(sample, "body.md")
    code = main(["from-issue", "--kind", _kind(sample), "--body-file", "body.md", "--content", "content",
                 "--pr-body", "pr.md"])
    out = capsys.readouterr().out
    actual = f"{out}-- exit {code}\n"
    if code == 0:
        path = Path(out.strip())
        assert re.fullmatch(r"content/(initiatives|reading)/[a-z0-9]+(-[a-z0-9]+)*\.(md|yml)", path.as_posix())
        actual += f"== {path.as_posix()}\n{path.read_text(encoding='utf-8')}== pr.md\n"
        actual += Path("pr.md").read_text(encoding="utf-8")
        # the new file passes the same strict check as the pull request will
        assert main(["check", "--strict", "--content", "content"]) == 0, capsys.readouterr().out
    else:
        assert not Path("pr.md").exists()
        assert sorted(p.name for p in Path("content").rglob("*") if p.is_file()) == [
            "taal-centraal.md", "voorleesclub.yml", "voorlezen.md"]
    assert_golden(sample.with_suffix(".expected"), actual, update_golden)


def test_samples_cover_valid_invalid_and_hostile_issues() -> None:
    expected = {s.stem: s.with_suffix(".expected").read_text(encoding="utf-8") for s in SAMPLES}
    assert sum("-- exit 0" in text for text in expected.values()) >= 3
    assert sum("-- exit 1" in text for text in expected.values()) >= 5
    hostile = expected["initiatief-vijandig"]
    assert "<script>" not in hostile and "\\<script\\>" in hostile  # reported, and inert in the comment
    assert "rm -rf" in expected["initiatief-vijandig-maar-geldig"]  # harmless text stays text


def test_every_problem_is_reported_in_one_comment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Six problems of every sort (a name that is taken, markup in a plain-text answer, an invalid address, an
    unknown reference, unsafe Markdown and a rule across fields) come in one comment, and fixing what it lists is
    enough: the next run makes the entry, instead of finding the next round of problems."""
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    body = (ISSUES / "initiatief-alles-tegelijk.md").read_text(encoding="utf-8")
    Path("body.md").write_text(body, encoding="utf-8")
    assert main(["from-issue", "--kind", "initiative", "--body-file", "body.md"]) == 1
    comment = capsys.readouterr().out
    listed = [line for line in comment.splitlines() if line.startswith("- ")]
    assert len(listed) == 6, comment
    for expected in ("**Naam van het initiatief:** Er staat al een item", "**Samenvatting:** Dit veld is gewone tekst",
                     "**Website:** 'www.example.nl' is geen geldig webadres", "**Praktijkkaarten:** Onbekende",
                     "**Toelichting:** HTML\\-tag \\<iframe\\>", "- Een lokaal initiatief heeft minstens één plaats"):
        assert any(expected in line for line in listed), expected
    assert "Markdown" not in listed[1]  # the summary is plain text: no advice to use Markdown there
    fixed = (body.replace("\nVoorleesclub\n", "\nVoorleesclub Oost\n").replace("<b>voor</b>", "voor")
             .replace("www.example.nl", "https://www.example.nl").replace("voorlezenn", "voorlezen")
             .replace("<iframe src=x></iframe>", "Elke woensdag.")
             .replace("### Provincie\n\n_No response_", "### Provincie\n\nNoord-Holland")
             .replace("### Gemeente\n\n_No response_", "### Gemeente\n\nHilversum"))
    Path("body.md").write_text(fixed, encoding="utf-8")
    assert main(["from-issue", "--kind", "initiative", "--body-file", "body.md"]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out == "content/initiatives/voorleesclub-oost.md\n"


def test_from_issue_hands_back_what_to_print(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    outcome = from_issue("initiative", ISSUES / "initiatief-alles-tegelijk.md", Path("content"))
    assert outcome.code == 1 and outcome.out[0].startswith("Bedankt voor je voorstel!") and outcome.errors == ()
    outcome = from_issue("initiative", ISSUES / "initiatief-geldig.md", Path("content"), pr_body=Path("pr.md"))
    assert (outcome.code, outcome.out) == (0, ("content/initiatives/voorleesclub-de-boekenwurm.md",))
    assert Path("pr.md").is_file()
    assert capsys.readouterr() == ("", "")


def test_the_rest_is_checked_when_the_name_cannot_be_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    body = (ISSUES / "initiatief-geldig.md").read_text(encoding="utf-8")
    for name in ("Voorleesclub", "!!!", "Voorlees\u202eclub"):  # taken, no letters, an invisible character
        title = re.search(r"### Naam van het initiatief\n\n(.*)\n", body)
        assert title is not None
        broken = body.replace(title.group(0), f"### Naam van het initiatief\n\n{name}\n")
        broken = re.sub(r"(### Website\n\n).*\n", r"\1geen-adres\n", broken)
        Path("body.md").write_text(broken, encoding="utf-8")
        assert main(["from-issue", "--kind", "initiative", "--body-file", "body.md"]) == 1
        listed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("- ")]
        assert len(listed) == 2 and listed[0].startswith("- **Naam van het initiatief:**"), listed
        assert listed[1].startswith("- **Website:**"), listed


def test_committed_forms_are_generated_from_the_models(update_golden: bool) -> None:
    for name, text in form_files(ROOT / "content").items():
        path = TEMPLATES / name
        if not update_golden and (not path.exists() or path.read_text(encoding="utf-8") != text):
            # Usually a theme was added or renamed: the form's checkboxes list the themes in content/themes/.
            pytest.fail(f"Het formulier .github/ISSUE_TEMPLATE/{name} loopt niet gelijk met de modellen of de "
                        "thema's. Schrijf het opnieuw met: python3 scripts/dev.py test tests/test_issue_form.py "
                        "--update-golden", pytrace=False)
        assert_golden(path, text, update_golden)


def test_forms_match_the_models() -> None:
    forms = build_forms([("taal-centraal", "Taal centraal")])
    for form in forms.values():
        model = form.kind.model
        targets = {q.target for q in form.questions}
        assert {t for t in targets if not t.startswith("@")} <= set(model.model_fields)
        for name, info in model.model_fields.items():
            if info.is_required():  # every required field has a required question
                assert any(q.target == name and q.required for q in form.questions), name
        assert SOURCE in targets  # where it comes from is always asked
        fields = {field.name: field for field in fields_of(model)}
        for question in form.questions:
            if question.type in ("dropdown", "checkboxes") and question.target in fields:
                allowed = set(fields[question.target].choices)
                assert {value for _label, value in question.options} <= allowed or question.target == "themes"
    initiative = forms["initiative"]
    by_target = {q.target: q for q in initiative.questions}
    # A text field, so a page can fill it in from the link (GitHub fills no dropdown); it names every provincie.
    assert by_target[PROVINCE].type == "input" and all(p in by_target[PROVINCE].description for p in PROVINCES)
    assert [v for _l, v in by_target["sectors"].options] == list(SECTOR_LABELS)
    [scope] = [field for field in fields_of(initiative.kind.model) if field.name == "scope"]
    assert [v for _l, v in by_target["scope"].options] == list(scope.choices)
    assert MUNICIPALITY in by_target and TEXT in by_target


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_issue_templates_are_valid_forms() -> None:
    files = sorted(TEMPLATES.glob("*.yml"))
    assert {p.name for p in files} == {"config.yml", "fout-of-aanvulling.yml", "nieuw-initiatief.yml",
                                       "nieuwe-leestip.yml"}
    for path in files:
        data = _load(path)
        if path.name == "config.yml":
            assert isinstance(data["blank_issues_enabled"], bool)
            assert all(link["url"].startswith("https://") for link in data["contact_links"])
            continue
        assert {"name", "description", "body"} <= set(data)
        ids = [element["id"] for element in data["body"] if "id" in element]
        labels = [element["attributes"]["label"] for element in data["body"] if element["type"] != "markdown"]
        assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
        for element in data["body"]:
            assert element["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
            if element["type"] in ("dropdown", "checkboxes"):
                assert element["attributes"]["options"]
    assert _load(TEMPLATES / "nieuw-initiatief.yml")["labels"] == ["nieuw-initiatief"]
    assert _load(TEMPLATES / "nieuwe-leestip.yml")["labels"] == ["nieuwe-leestip"]


def test_headings_are_found_in_form_order() -> None:
    form = build_forms()["initiative"]
    body = ("### Naam van het initiatief\n\nA\n\n### Samenvatting\n\nB\n### Bron\nnep\n\n### Bereik\n\nlandelijk\n\n"
            "### Bron\n\necht\n\n### Toelichting\n\n### Bron\n\nnog steeds toelichting\n")
    answers = sections(form, body)
    # 'Bron' comes after 'Bereik' on the form, so the heading typed inside the summary stays in the summary
    assert answers["samenvatting"] == "B\n### Bron\nnep"
    assert answers["bron"] == "echt"
    assert answers["toelichting"] == "### Bron\n\nnog steeds toelichting"
    submission = parse_issue(form, body)
    assert ("scope", "landelijk") in submission.pairs and submission.source == "echt"


def test_escape_markdown_makes_text_inert() -> None:
    text = "@team [klik](https://x.nl) ![i](https://x.nl/a.png) <b>vet</b> `code` *a* _b_ # kop | ~x~ &lt;"
    escaped = escape_markdown(text)
    assert re.search(r"(?<!\\)[\[\]<>`*_#|~@&!]", escaped) is None
    assert re.sub(r"\\(.)", r"\1", escaped) == text
    assert escape_markdown("a\nb\u202e") == "a\\\\nb\\\\u202e"  # invisible characters are shown, then escaped


def test_report_caps_the_number_of_problems() -> None:
    text = report([("Naam", f"probleem {n}") for n in range(40)])
    assert text.count("\n- ") == 31 and "en nog 10 andere meldingen" in text
    assert "- **Naam:** Probleem 0." in text


def test_pull_request_body_shows_the_source_as_code() -> None:
    form = build_forms()["initiative"]
    source = "~~~~~~\n```\n@iedereen <script>alert(1)</script>\n~~~"
    body = pull_request_body(form, "content/initiatives/x.yml", source)
    fence = re.search(r"^(~+)text$", body, re.M)
    assert fence is not None and len(fence.group(1)) == 7
    inside = body.split(fence.group(0) + "\n")[1].split("\n" + fence.group(1) + "\n")[0]
    assert inside == source


def test_from_issue_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["from-issue", "--kind", "initiative", "--body-file", "ontbreekt.md"]) == 2
    shutil.copyfile(ISSUES / "initiatief-geldig.md", "body.md")
    assert main(["from-issue", "--kind", "initiative", "--body-file", "body.md", "--content", "geen-map"]) == 2
    Path("body.bin").write_bytes(b"\xff\xfe\x00")
    assert main(["from-issue", "--kind", "initiative", "--body-file", "body.bin"]) == 2
    with pytest.raises(SystemExit) as stopped:  # argparse's own usage error, as for every subcommand
        main(["from-issue", "--kind", "initiatief", "--body-file", "body.md"])
    assert stopped.value.code == 2
    Path("uit").mkdir()
    Path("uit/voorleesclub-de-boekenwurm.md").write_text("al hier", encoding="utf-8")
    assert main(["from-issue", "--kind", "initiative", "--body-file", "body.md", "--out-dir", "uit"]) == 2
    assert Path("uit/voorleesclub-de-boekenwurm.md").read_text(encoding="utf-8") == "al hier"
    assert "bestaat al" in capsys.readouterr().err
    assert main(["from-issue", "--kind", "initiative", "--body-file", "body.md", "--out-dir", "nieuw"]) == 0
    assert Path("nieuw/voorleesclub-de-boekenwurm.md").is_file()
    assert not Path("content/initiatives/voorleesclub-de-boekenwurm.md").exists()


# --- the workflow ---------------------------------------------------------------------------------------------

def _workflow() -> dict[Any, Any]:
    return _load(WORKFLOWS / "issue-to-pr.yml")


def test_workflow_runs_on_the_form_labels_with_least_permissions() -> None:
    workflow = _workflow()
    trigger = workflow.get("on", workflow.get(True))  # PyYAML reads the key 'on' as true (YAML 1.1)
    assert trigger == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    for form in build_forms().values():
        assert f"'{form.label}'" in job["if"]


def test_workflow_gives_the_token_only_to_the_steps_that_talk_to_github() -> None:
    [job] = _workflow()["jobs"].values()
    assert "GH_TOKEN" not in job["env"]
    for step in job["steps"]:
        run = step.get("run", "")
        talks_to_github = "gh " in run or "git_with_token" in run
        assert ("GH_TOKEN" in step.get("env", {})) == talks_to_github, step.get("name", step.get("uses"))
        if talks_to_github:
            assert step["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    publish = next(step for step in job["steps"] if "gh pr create" in step.get("run", ""))["run"]
    # the checkout keeps no credentials, so every fetch and push must bring the token itself
    assert re.search(r"^\s*git (fetch|push|pull)\b", publish, re.M) is None
    assert "git_with_token push" in publish and "git_with_token fetch" in publish


@pytest.mark.parametrize("workflow", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_checkouts_keep_no_credentials(workflow: str) -> None:
    steps = [step for job in _load(WORKFLOWS / workflow)["jobs"].values() for step in job.get("steps", [])]
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, workflow


def test_dependabot_keeps_actions_pip_and_npm_current() -> None:
    config = _load(ROOT / ".github" / "dependabot.yml")
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]
    # Dependabot reads constraints.txt only because every line of it is a requirement ('name==version')
    lines = [line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", line) for line in lines)


def test_workflow_never_puts_issue_text_into_a_script() -> None:
    [job] = _workflow()["jobs"].values()
    steps = job["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")
    entry = next(step for step in steps if "from-issue" in step.get("run", ""))
    assert entry["env"] == {"BODY": "${{ github.event.issue.body }}"}
    assert "printf '%s' \"$BODY\" >" in entry["run"]
    assert "--body-file" in next(step for step in steps if "gh issue comment" in step.get("run", ""))["run"]
    publish = next(step for step in steps if "gh pr create" in step.get("run", ""))["run"]
    assert "[a-z0-9]+(-[a-z0-9]+)*" in publish  # the id is checked again before it names a branch


def test_workflow_actions_are_pinned_like_the_site_workflow() -> None:
    site = {step["uses"].split("@")[0]: step["uses"] for job in _load(WORKFLOWS / "site.yml")["jobs"].values()
            for step in job["steps"] if "uses" in step}
    [job] = _workflow()["jobs"].values()
    used = [step["uses"] for step in job["steps"] if "uses" in step]
    assert {u.split("@")[0] for u in used} == {"actions/checkout", "actions/setup-python"}
    for uses in used:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses)
        assert uses == site[uses.split("@")[0]]


# ---------------------------------------------------------------------------------------------------------
# Links from the site that open a form with what the page knows filled in
# ---------------------------------------------------------------------------------------------------------

def test_the_fields_a_page_fills_in_are_text_fields_of_the_committed_forms() -> None:
    for form, ids in urls.PREFILLED_FIELDS.items():
        elements = {e["id"]: e for e in _load(TEMPLATES / form)["body"] if "id" in e}
        for field_id in ids:
            # GitHub fills only input and textarea from the address; a dropdown or checkbox would stay empty.
            assert elements[field_id]["type"] in ("input", "textarea"), (form, field_id)
    assert {form.file for form in build_forms().values()} | {urls.CORRECTION_FORM} == set(urls.PREFILLED_FIELDS)


def test_issue_form_url_carries_the_template_and_the_values() -> None:
    url = urls.issue_form("https://github.com/o/r/", urls.INITIATIVE_FORM, provincie="Fryslân",
                          praktijkkaarten="zet-in-op-voorlezen")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/o/r/issues/new")
    assert parse_qsl(parts.query) == [("template", "nieuw-initiatief.yml"), ("provincie", "Fryslân"),
                                      ("praktijkkaarten", "zet-in-op-voorlezen")]
    assert "Frysl%C3%A2n" in url  # UTF-8, percent-encoded
    assert urls.issue_form("https://github.com/o/r", urls.READING_FORM, praktijkkaarten="") == \
        "https://github.com/o/r/issues/new?template=nieuwe-leestip.yml"  # nothing known: the bare form
    with pytest.raises(ValueError):
        urls.issue_form("https://github.com/o/r", urls.READING_FORM, provincie="Utrecht")  # not on that form


@pytest.mark.parametrize("title", ['"><script>alert(1)</script>', "a&template=evil.yml#x", "a b+c%20d/e?f=g",
                                   "x\u2028y\n<img src=x onerror=1>", "café 'quote' `code` [l](u)"])
def test_a_hostile_title_stays_one_value_and_inert_in_an_attribute(title: str) -> None:
    url = urls.issue_form("https://github.com/o/r", urls.CORRECTION_FORM, title=f"Fout of aanvulling: {title}",
                          pagina="https://example.org/kb/praktijk/x/")
    query = parse_qsl(urlsplit(url).query)
    assert query == [("template", "fout-of-aanvulling.yml"), ("title", f"Fout of aanvulling: {title}"),
                     ("pagina", "https://example.org/kb/praktijk/x/")]
    assert not set(urlsplit(url).query) & set(" \"'<>&#`[]()\n") - {"&"}
    assert urlsplit(url).query.count("&") == 2  # only the separators
    href = escape.markdown_href(url)
    assert not set(href) & set("\"'<> \n")
    html = f'<a href="{href}">x</a>'
    parser = _Anchor()
    parser.feed(html)
    assert parser.href == url  # the browser reads back exactly the encoded address


class _Anchor(HTMLParser):
    href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.href = dict(attrs)["href"]


def test_the_default_repository_is_mkdocs_yml_s() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'repo_url: !ENV [KENNISBANK_REPO_URL, "{urls.REPO_URL}"]' in config
