"""The check of named files (core/check_files.py) reports for each file what the full check reports for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisbank.cli import main
from kennisbank.core.check_files import WHOLE_SITE, IdIndex, check_files
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import PRACTICE, READING, THEME

from .conftest import GOLDEN, overlay_content

CASES = sorted(p for p in (GOLDEN / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_alone_gets_the_full_checks_problems(case: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content", case / "content")
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    full = [p for p in load_knowledge_base(content).problems if p.code not in WHOLE_SITE]
    files = sorted(p for p in content.rglob("*") if p.is_file() or p.is_symlink())
    assert files
    for file in files:
        expected = [p for p in full if p.path == file.as_posix()]
        assert check_files([file], content).problems == expected, file


def test_named_files_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "cases" / "many-problems-sorted" / "content")
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    files = sorted(p for p in content.rglob("*") if p.is_file())
    full = [p for p in load_knowledge_base(content).problems if p.code not in WHOLE_SITE]
    result = check_files([*files, files[0]], content)  # a file named twice is checked once
    assert result.problems == full and result.files == len(files)


def test_id_index_from_names_only(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in ("practices/voorlezen.md", "practices/b-2.yml", "themes/taal.md", "reading/voorlezen.yml",
                 "practices/README.md", "practices/.verborgen.md", "practices/Fout_Naam.md", "practices/x.txt",
                 "onbekend/los.md", "practices/sub/diep.md", "los.md"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(b"\xff not even UTF-8: the index never reads a file")
    (content / "themes" / "link.md").symlink_to(content / "themes" / "taal.md")
    index = IdIndex.scan(content)
    assert {i: [(k.folder, Path(p).relative_to(content).as_posix()) for k, p in g] for i, g in index.files.items()} == {
        "b-2": [("practices", "practices/b-2.yml")],
        "voorlezen": [("practices", "practices/voorlezen.md"), ("reading", "reading/voorlezen.yml")],
        "taal": [("themes", "themes/taal.md")],
    }
    assert index.keeper("voorlezen") == (PRACTICE, content / "practices" / "voorlezen.md")
    assert index.keeper("geen") is None
    assert index.ids_by_kind() == {PRACTICE: ["b-2", "voorlezen"], THEME: ["taal"]}
    assert READING not in index.ids_by_kind()  # the reading tip loses 'voorlezen' to the practice card


@pytest.mark.parametrize("case", ["unknown-reference", "wrong-kind-reference", "duplicate-id", "fiction-source",
                                  "many-problems-sorted", "self-and-duplicate-reference", "unsafe-script"])
def test_cli_check_of_a_file_prints_what_the_full_check_printed(case: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The golden output is the full check's; `check --strict FILE` prints exactly that file's lines of it."""
    overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "cases" / case / "content")
    monkeypatch.chdir(tmp_path)
    golden = (GOLDEN / "cases" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    for file in sorted(p for p in Path("content").rglob("*") if p.is_file()):
        code = main(["check", "--strict", file.as_posix()])
        lines = [line for line in golden if line.startswith(f"{file.as_posix()}:")]
        assert capsys.readouterr().out == "".join(f"{line}\n" for line in lines), file
        assert code == (1 if lines else 0), file
