"""Every path the command line writes to: refused inside content/ and docs/, onto folders, devices and files of
another kind, into missing folders; failed writes leave nothing behind; every refusal is a Dutch 'fout' with exit
code 2, never an 'interne fout'."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kennisbank.cli import main
from kennisbank.contribute import output_paths
from kennisbank.outputs.schema import schema_files

from .conftest import GOLDEN, ROOT, overlay_content

FAKE_PDF = b"%PDF-1.7\n% made by the test\n%%EOF\n"
BRIEFING = ["briefing", "meetup-hilversum", "--content", str(ROOT / "content")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with content/ and docs/, as the current folder."""
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Welkom\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The briefing without WeasyPrint: the paths are what is tested here (tests/test_briefing.py makes real PDFs)."""
    monkeypatch.setattr("kennisbank.outputs.pdf.engine_available", lambda: True)
    monkeypatch.setattr("kennisbank.outputs.pdf.briefing_pdf", lambda _html: FAKE_PDF)


def _refused(capsys: pytest.CaptureFixture[str], *phrases: str) -> str:
    err = capsys.readouterr().err
    assert err.startswith("kennisbank: fout: "), err
    assert "interne fout" not in err
    for phrase in phrases:
        assert phrase in err, err
    return err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- briefing -o --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "phrase"), [
    ("content/practices/voorlezen.md", "ligt in de map content/"),
    ("content/meetups/nieuw.pdf", "ligt in de map content/"),
    ("content", "is de map content/"),
    ("docs/briefing.pdf", "ligt in de map docs/"),
    ("docs/../content/x.pdf", "ligt in de map content/"),
    ("link/x.pdf", "ligt in de map content/"),  # a symbolic link into content/
    ("ontbreekt/x.pdf", "de map 'ontbreekt' bestaat niet"),
    ("notities.txt", "bestaat al en is geen pdf-bestand"),
    ("README.md", "bestaat al en is geen pdf-bestand"),
    ("map", "is een map"),
    ("map/", "is een map"),
    ("", "is een map"),
    ("notities.txt/x.pdf", "een deel van het pad is geen map"),
])
def test_briefing_refuses_unsafe_outputs(target: str, phrase: str, project: Path,
                                         capsys: pytest.CaptureFixture[str], fake_pdf: None) -> None:
    (project / "link").symlink_to(project / "content")
    (project / "map").mkdir()
    (project / "notities.txt").write_text("mijn aantekeningen\n", encoding="utf-8")
    (project / "README.md").write_text("# Lees mij\n", encoding="utf-8")
    before = _snapshot(project)
    assert main([*BRIEFING, "-o", target]) == 2
    _refused(capsys, phrase, "Er is niets geschreven.")
    assert _snapshot(project) == before


def test_briefing_refuses_the_content_folder_it_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], fake_pdf: None) -> None:
    # Also when the content folder has another name and the current folder is elsewhere.
    content = overlay_content(tmp_path / "repo", GOLDEN / "base" / "content")
    renamed = content.rename(tmp_path / "repo" / "inhoud")
    monkeypatch.chdir(tmp_path)
    assert main(["briefing", "--provincie", "Utrecht", "--content", str(renamed), "-o",
                 str(renamed / "themes" / "taal-centraal.md")]) == 2
    _refused(capsys, "ligt in de map inhoud/")
    assert content.exists() is False and (renamed / "themes" / "taal-centraal.md").read_text(encoding="utf-8")


def test_briefing_refuses_a_device(project: Path, capsys: pytest.CaptureFixture[str], fake_pdf: None) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full bestaat hier niet")
    assert main([*BRIEFING, "-o", "/dev/full"]) == 2
    _refused(capsys, "'/dev/full' is geen gewoon bestand")
    assert main([*BRIEFING, "-o", "/dev"]) == 2
    _refused(capsys, "'/dev' is een map")


def test_briefing_writes_and_replaces_only_a_pdf(project: Path, capsys: pytest.CaptureFixture[str],
                                                 fake_pdf: None) -> None:
    assert main([*BRIEFING, "-o", "uit.pdf"]) == 0
    assert Path("uit.pdf").read_bytes() == FAKE_PDF
    assert "uit.pdf geschreven" in capsys.readouterr().err
    Path("oud.pdf").write_bytes(b"%PDF-1.4\nan older briefing\n")
    os.chmod("oud.pdf", 0o640)
    assert main([*BRIEFING, "-o", "oud.pdf"]) == 0
    assert Path("oud.pdf").read_bytes() == FAKE_PDF
    assert Path("oud.pdf").stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in project.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.parametrize(("failure", "code", "phrase"), [
    ("mkstemp", errno.EACCES, "je hebt geen toestemming om daar te schrijven"),
    ("mkstemp", errno.EROFS, "die plek is alleen-lezen"),
    ("fsync", errno.ENOSPC, "de schijf is vol"),
    ("replace", errno.EROFS, "die plek is alleen-lezen"),
    ("replace", errno.EACCES, "je hebt geen toestemming"),
])
def test_a_failed_write_leaves_the_old_file_and_no_half_file(failure: str, code: int, phrase: str, project: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str],
                                                             fake_pdf: None) -> None:
    # Running as root, permissions cannot be taken away for real; the system calls fail instead.
    Path("oud.pdf").write_bytes(b"%PDF-1.4\nthe old one\n")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    target = {"mkstemp": (output_paths.tempfile, "mkstemp"), "fsync": (output_paths.os, "fsync"),
              "replace": (output_paths.os, "replace")}[failure]
    monkeypatch.setattr(*target, fail)
    assert main([*BRIEFING, "-o", "oud.pdf"]) == 2
    _refused(capsys, "'oud.pdf' kan niet geschreven worden", phrase)
    assert (project / "oud.pdf").read_bytes() == b"%PDF-1.4\nthe old one\n"
    assert sorted(p.name for p in project.iterdir()) == ["content", "docs", "oud.pdf"]


# --- schema --out --------------------------------------------------------------------------------------------

def test_schema_writes_into_a_new_or_existing_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--out", "schemas"]) == 0
    files = schema_files()
    assert capsys.readouterr().out.split() == [f"schemas/{name}" for name in files]
    assert {p.name: p.read_text(encoding="utf-8") for p in Path("schemas").iterdir()} == files
    Path("schemas", next(iter(files))).write_text('{"oud": true}\n', encoding="utf-8")
    assert main(["schema", "--out", "schemas"]) == 0  # an earlier schema (JSON) is replaced
    assert {p.name: p.read_text(encoding="utf-8") for p in Path("schemas").iterdir()} == files


@pytest.mark.parametrize(("out", "phrase"), [
    ("content", "is de map content/"),
    ("content/themes", "ligt in de map content/"),
    ("docs", "is de map docs/"),
    ("docs/schema", "ligt in de map docs/"),
    ("ontbreekt/schema", "de map 'ontbreekt' bestaat niet"),
    ("notities.txt", "'notities.txt' is geen map maar een bestand"),
])
def test_schema_refuses_unsafe_folders(out: str, phrase: str, project: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notities.txt").write_text("mijn aantekeningen\n", encoding="utf-8")
    before = _snapshot(project)
    assert main(["schema", "--out", out]) == 2
    _refused(capsys, phrase)
    assert _snapshot(project) == before and not (project / "ontbreekt").exists()


@pytest.mark.parametrize("existing", [b"geen json\n", b"\xff\xfe", b""])
def test_schema_replaces_nothing_when_one_file_is_not_json(existing: bytes, project: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = project / "schemas"
    folder.mkdir()
    names = list(schema_files())
    (folder / names[0]).write_text('{"oud": true}\n', encoding="utf-8")
    (folder / names[-1]).write_bytes(existing)
    before = _snapshot(folder)
    assert main(["schema", "--out", "schemas"]) == 2
    _refused(capsys, f"'schemas/{names[-1]}' bestaat al en is geen JSON-bestand")
    assert _snapshot(folder) == before  # checked before the first was written


def test_schema_refuses_a_folder_where_a_schema_file_goes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = next(iter(schema_files()))
    (project / "schemas" / name).mkdir(parents=True)
    assert main(["schema", "--out", "schemas"]) == 2
    _refused(capsys, f"'schemas/{name}' is een map")
    assert [p.name for p in (project / "schemas").iterdir()] == [name]


# --- from-issue --pr-body and --out-dir, new --------------------------------------------------------------------

def _issue(project: Path) -> list[str]:
    shutil.copyfile(GOLDEN / "issues" / "initiatief-geldig.md", project / "body.md")
    return ["from-issue", "--kind", "initiative", "--body-file", "body.md"]


@pytest.mark.parametrize(("args", "phrase"), [
    (["--pr-body", "content/pr.md"], "ligt in de map content/"),
    (["--pr-body", "docs/pr.md"], "ligt in de map docs/"),
    (["--pr-body", "docs/index.md"], "ligt in de map docs/"),
    (["--pr-body", "notities.txt"], "bestaat al en is geen beschrijving van een pull request"),
    (["--pr-body", "map"], "is een map"),
    (["--pr-body", "ontbreekt/pr.md"], "de map 'ontbreekt' bestaat niet"),
    (["--out-dir", "docs/initiatieven"], "ligt in de map docs/"),
    (["--out-dir", "ontbreekt/initiatieven"], "de map 'ontbreekt' bestaat niet"),
    (["--out-dir", "notities.txt"], "is geen map maar een bestand"),
])
def test_from_issue_refuses_unsafe_outputs(args: list[str], phrase: str, project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (project / "map").mkdir()
    (project / "notities.txt").write_text("mijn aantekeningen\n", encoding="utf-8")
    command = _issue(project)
    before = _snapshot(project)
    assert main([*command, *args]) == 2
    _refused(capsys, phrase)
    assert _snapshot(project) == before  # no entry without its description either


def test_from_issue_replaces_only_an_earlier_description(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = _issue(project)
    Path("pr.md").write_text("Nieuw initiatief uit een issue, automatisch omgezet naar `x`.\n", encoding="utf-8")
    assert main([*command, "--pr-body", "pr.md"]) == 0
    assert "content/initiatives/voorleesclub-de-boekenwurm.md" in Path("pr.md").read_text(encoding="utf-8")


def test_from_issue_takes_back_the_entry_when_the_description_cannot_be_written(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    command = _issue(project)
    real_replace = os.replace

    def full(source: str, target: str) -> None:
        if str(target).endswith("pr.md"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)

    monkeypatch.setattr(output_paths.os, "replace", full)
    assert main([*command, "--pr-body", "pr.md"]) == 2
    _refused(capsys, "'pr.md' kan niet geschreven worden: de schijf is vol")
    assert not Path("pr.md").exists()
    assert not Path("content/initiatives/voorleesclub-de-boekenwurm.md").exists()


def test_new_reports_a_content_folder_it_cannot_write(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    real_mkstemp = output_paths.tempfile.mkstemp

    def denied(*args: object, **kwargs: object) -> object:
        if Path(str(kwargs["dir"])).resolve().is_relative_to(project.resolve()):  # not the copy the check runs on
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(output_paths.tempfile, "mkstemp", denied)
    args = ["new", "thema", "--ja", "--veld", "title=Rekenen", "--veld", "question=Hoe?", "--veld", "summary=Over rekenen."]
    assert main(args) == 2
    _refused(capsys, "'content/themes/rekenen.md' kan niet geschreven worden: je hebt geen toestemming")
    assert sorted(p.name for p in (project / "content" / "themes").iterdir()) == ["taal-centraal.md"]


def test_new_writes_a_whole_file_or_none(project: Path) -> None:
    args = ["new", "thema", "--ja", "--veld", "title=Rekenen", "--veld", "question=Hoe?", "--veld", "summary=Over rekenen."]
    assert main(args) == 0
    assert sorted(p.name for p in (project / "content" / "themes").iterdir()) == ["rekenen.md", "taal-centraal.md"]


# --- standard output on a full disk ----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["schema", "--out", "schemas"], ["check"]])
def test_a_full_disk_behind_standard_output_is_said_plainly(args: list[str], project: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full bestaat hier niet")
    (project / "content" / "themes" / "kapot.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")  # output
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run([sys.executable, "-m", "kennisbank", *args], cwd=project, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("kennisbank: fout: de uitvoer kan niet geschreven worden: de schijf is vol")
    assert "interne fout" not in result.stderr and "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_json_files_are_recognised_by_content(tmp_path: Path) -> None:
    good, bad, named = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.txt"
    good.write_text(json.dumps({"a": 1}), encoding="utf-8")
    bad.write_text("{", encoding="utf-8")
    named.write_text("{}", encoding="utf-8")
    assert [output_paths.JSON.accepts(p) for p in (good, bad, named)] == [True, False, False]
