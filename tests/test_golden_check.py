"""Golden tests: each case folder is content with mistakes; expected.txt is the exact `kennisbank check` output."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisbank.cli import main

from .conftest import GOLDEN, assert_golden, overlay_content

CASES = sorted(p for p in (GOLDEN / "cases").iterdir() if p.is_dir())


def run_check(content: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["check", "--content", str(content), *extra])
    out = capsys.readouterr().out
    return f"{out}-- exit {code}\n"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content", case / "content")
    monkeypatch.chdir(tmp_path)  # paths in messages are relative to the repository root (tmp_path here)
    actual = run_check(Path("content"), capsys, "--strict")
    assert_golden(case / "expected.txt", actual, update_golden)


def test_golden_cases_cover_enough_mistakes() -> None:
    assert len(CASES) >= 25


def test_base_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    assert run_check(Path("content"), capsys, "--strict") == "-- exit 0\n"
