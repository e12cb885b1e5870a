"""Unit tests of the problem format and the `kennisbank check` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kennisbank.cli import main
from kennisbank.core.problems import Severity, error, render, sort_problems, warning

from .conftest import GOLDEN, overlay_content


def test_format_and_sorting() -> None:
    problems = sort_problems([
        warning("b.md", 1, 1, "later", "w"),
        error("a.md", 10, 2, "tweede", "e"),
        error("a.md", 2, 5, "eerste", "e"),
        error("a.md", 2, 5, "eerste", "e"),  # duplicates collapse
    ])
    assert [p.format() for p in problems] == [
        "a.md:2:5: error: eerste", "a.md:10:2: error: tweede", "b.md:1:1: warning: later"]
    assert problems[-1].severity is Severity.WARNING


def test_github_annotations_escape() -> None:
    line = render([error("content/a,b.md", 3, 4, "50% fout\nregel", "e")], "github")
    # error() already writes the newline as a visible \\n, so no annotation line can be forged
    assert line == "::error file=content/a%2Cb.md,line=3,col=4::50%25 fout\\nregel"


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "cases" / "unknown-reference" / "content")
    monkeypatch.chdir(tmp_path)
    return content


def test_json_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"path", "line", "col", "severity", "message", "code"} <= set(data[0])
    assert data[0]["path"] == "content/practices/lezen.md" and data[0]["code"] == "unknown-ref"


def test_github_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith("::error file=content/practices/lezen.md,line=4,col=10::")


def test_paths_filter_reports_only_those_files(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "content/themes"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "content/practices/lezen.md"]) == 1


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2  # no content/ here
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"])
    assert exit_info.value.code == 2
    assert main([]) == 2


def test_strict_counts_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "cases" / "warnings" / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1


def test_module_entry_point(tmp_path: Path) -> None:
    import subprocess
    import sys

    overlay_content(tmp_path, GOLDEN / "base" / "content")
    result = subprocess.run([sys.executable, "-m", "kennisbank", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "gecontroleerd: 0 fouten, 0 waarschuwingen" in result.stderr
