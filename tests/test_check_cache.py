"""The whole `kennisbank check` with remembered per-file results (core/check_cache.py) says exactly what a check
without them says: same messages, order and exit code, after edits, and whatever the cache file holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kennisbank.cli import main
from kennisbank.core import check_cache, loader
from kennisbank.core.cache import cache_dir
from kennisbank.core.check_cache import CACHE_FILE

from .conftest import GOLDEN, overlay_content

CASES = sorted(p for p in (GOLDEN / "cases").iterdir() if p.is_dir())
FORMATS = ("text", "json", "github")


def run(capsys: pytest.CaptureFixture[str], fmt: str = "text") -> str:
    """stdout, stderr and exit code of a whole check of ./content."""
    code = main(["check", "--content", "content", "--strict", "--format", fmt])
    captured = capsys.readouterr()
    return f"{captured.out}--\n{captured.err}-- exit {code}\n"


def run_all(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    return {fmt: run(capsys, fmt) for fmt in FORMATS}


def cold(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Every format of a check with an empty cache folder (as on CI), which leaves the folder empty again."""
    outputs = {}
    for fmt in FORMATS:
        forget(project)
        outputs[fmt] = run(capsys, fmt)
    forget(project)
    return outputs


def forget(project: Path) -> None:
    shutil.rmtree(cache_dir(project), ignore_errors=True)


def cache_file(project: Path) -> Path:
    return cache_dir(project) / CACHE_FILE


class Scans:
    """Counts the files scanned for unsafe content, i.e. not taken from the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = loader.content_safety_problems

        def counted(*args: object) -> object:
            self.count += 1
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(loader, "content_safety_problems", counted)


@pytest.fixture
def mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every golden case on top of each other: broken YAML, unknown references, unsafe HTML, missing fields,
    duplicate ids, wrong kinds, orphans, a duplicate term form, a self-scan's sectors… in one content folder."""
    overlay_content(tmp_path, GOLDEN / "base" / "content", *(case / "content" for case in CASES))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_warm_check_says_what_a_cold_one_says(mistakes: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    expected = cold(mistakes, capsys)
    for code in ("yaml-syntax", "unknown-ref", "unsafe-html", "missing-field", "duplicate-id", "wrong-kind-ref",
                 "duplicate-form", "scan-practice-sector", "practice-orphan", "body-too-long"):
        assert f'"code": "{code}"' in expected["json"], code
    assert expected["text"].endswith("-- exit 1\n")
    run(capsys)  # fills the cache
    scans = Scans(monkeypatch)
    assert run_all(capsys) == expected
    assert scans.count == 0  # every file came from the cache


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_golden_case_warm(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    overlay_content(tmp_path, GOLDEN / "base" / "content", case / "content")
    monkeypatch.chdir(tmp_path)
    first = run(capsys)  # cold; test_golden_check.py holds it to the golden file
    assert run(capsys) == first


def test_an_edit_updates_that_files_problems(mistakes: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    card = mistakes / "content" / "practices" / "voorlezen.md"
    original = card.read_bytes()
    text = original.decode("utf-8")
    edited = text.replace("\n---\n", "\n---\n\n<script>alert(1)</script>\n", 1)
    assert edited != text
    card.write_text(edited, encoding="utf-8")
    scans = Scans(monkeypatch)
    warm = run(capsys)
    assert scans.count == 1  # only the edited file
    assert "voorlezen.md" in warm and "<script>" in warm
    assert warm == cold(mistakes, capsys)["text"]
    run(capsys)
    card.write_bytes(original)  # back as it was: the old problems again, not the remembered ones of the edit
    warm = run(capsys)
    assert "<script>" not in warm.split("--\n")[0].split("voorlezen.md")[-1]
    assert warm == cold(mistakes, capsys)["text"]


def test_a_change_elsewhere_is_seen_by_remembered_files(mistakes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A remembered file's references are linked again in every run: removing their target reports them."""
    before = run(capsys)
    assert run(capsys) == before
    (mistakes / "content" / "themes" / "taal-centraal.md").unlink()
    after = run(capsys)
    assert "taal-centraal" in after and after != before
    assert after == cold(mistakes, capsys)["text"]


@pytest.mark.parametrize("stored", [
    b"", b"\x00\xff garbage", b"[]", b"{}", b'{"fingerprint": 1, "files": []}', b"[" * 100_000,
    "fingerprint-matches",  # filled in below: the right fingerprint with records of every wrong shape
])
def test_a_corrupt_cache_costs_a_full_check(stored: bytes | str, mistakes: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    expected = cold(mistakes, capsys)
    run(capsys)
    target = cache_file(mistakes)
    if stored == "fingerprint-matches":
        data = json.loads(target.read_bytes())
        wrong: list[object] = [None, 1, "x", [], [1, 2, 3, 4, 5], ["d", [], None, {}, 1, 1],
                               ["d", [[]], None, None, 1], ["d", [["p", 0, 1, "error", "m", "c"]], None, None, 1],
                               ["d", [["p", 1, 1, "fatal", "m", "c"]], None, None, 1], ["d", [], None, [], 1],
                               ["d", [], None, {}, 0], ["d", [], None, {}, True], ["d", [], {}, {}, 1],
                               ["d", [], None, None, 1]]  # nothing read, yet no problem: never true
        for index, name in enumerate(sorted(data["files"])):
            record = wrong[index % len(wrong)]
            if isinstance(record, list) and record and record[0] == "d":
                record = [data["files"][name][0], *record[1:]]  # the right digest, a broken rest
            data["files"][name] = record
        target.write_text(json.dumps(data), encoding="utf-8")
    else:
        assert isinstance(stored, bytes)
        target.write_bytes(stored)
    assert run_all(capsys) == expected


def test_other_code_never_reuses_results(mistakes: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    scans = Scans(monkeypatch)
    run(capsys)
    assert scans.count == 0
    monkeypatch.setattr(check_cache, "FORMAT", check_cache.FORMAT + 1)  # as a change of the package's code would
    run(capsys)
    assert scans.count > 0


def test_fingerprint_follows_the_code_and_the_markdown_setup(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - toc\n", encoding="utf-8")
    first = check_cache.fingerprint(tmp_path)
    assert check_cache.fingerprint(tmp_path) == first
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - tables\n", encoding="utf-8")
    assert check_cache.fingerprint(tmp_path) != first
    assert len(check_cache._code()) == 64  # noqa: SLF001 - the package digest is what makes code changes count


def test_the_cache_never_lands_in_the_repository(mistakes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    assert cache_file(mistakes).is_file()
    assert not list(mistakes.rglob(CACHE_FILE))


def test_the_body_cache_keeps_the_size_of_the_content(mistakes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bodies of remembered files are not looked at, so a warm check adds to the body cache; a check that read
    every file afresh keeps only the content's bodies again."""
    bodies = cache_dir(mistakes) / loader.Bodies.CACHE_FILE
    run(capsys)
    known = set(bodies.read_text(encoding="ascii").split())
    card = mistakes / "content" / "practices" / "voorlezen.md"
    original = card.read_text(encoding="utf-8")
    card.write_text(original + "\nNog een alinea.\n", encoding="utf-8")
    run(capsys)
    grown = set(bodies.read_text(encoding="ascii").split())
    assert known < grown and len(grown) == len(known) + 1
    cache_file(mistakes).unlink()
    run(capsys)
    assert len(set(bodies.read_text(encoding="ascii").split())) == len(known)


def test_a_file_that_lost_its_id_is_checked_in_full_once_it_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose id another file kept is reported as a duplicate only, so its body was never checked; when the
    other file goes, a warm check must check that body, not trust what was remembered."""
    content = overlay_content(tmp_path, GOLDEN / "base" / "content")
    monkeypatch.chdir(tmp_path)
    theme = (content / "themes" / "taal-centraal.md").read_text(encoding="utf-8")
    (content / "themes" / "voorlezen.md").write_text(theme + "\n<script>alert(1)</script>\n", encoding="utf-8")
    first = run(capsys)
    assert "duplicate-id" not in first and "themes/voorlezen.md:1:1" in first and "<script>" not in first
    assert run(capsys) == first
    (content / "practices" / "voorlezen.md").unlink()
    warm = run(capsys)
    assert "<script>" in warm
    assert warm == cold(tmp_path, capsys)["text"]


def test_a_body_too_slow_to_render_is_measured_again(mistakes: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Rendering time depends on the machine, so a 'too slow' body is never remembered as such."""
    forget(mistakes)
    monkeypatch.setattr(loader, "render_problems", lambda body, md: iter([(0, "too-slow", "gemeten: te traag")]))
    slow = run(capsys)
    assert "gemeten: te traag" in slow
    monkeypatch.undo()
    monkeypatch.chdir(mistakes)
    assert "gemeten: te traag" not in run(capsys)
