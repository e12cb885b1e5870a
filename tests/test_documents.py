"""Unit tests of documents.py: front matter split, YAML typing rules and line/column marks."""

from __future__ import annotations

from pathlib import Path

from kennisbank.core.documents import parse_yaml, read_document


def test_marks_point_at_keys_and_values() -> None:
    doc, problems = parse_yaml("title: Lezen\nsources:\n  - title: NRO\n    url: https://nro.nl\n", "x.yml")
    assert problems == [] and doc is not None
    assert doc.key_marks[("title",)] == (1, 1)
    assert doc.marks[("title",)] == (1, 8)
    assert doc.marks[("sources", 0, "url")] == (4, 10)
    assert doc.mark(("sources", 0, "missing")) == (3, 5)  # falls back to the parent


def test_yaml_12_scalars_no_norway_problem() -> None:
    doc, _ = parse_yaml("a: no\nb: ja\nc: true\nd: 2021\ne: '2021'\nf: 2021-05-01\ng: ~\nh: 1.5\n", "x.yml")
    assert doc is not None
    assert doc.data == {"a": "no", "b": "ja", "c": True, "d": 2021, "e": "2021", "f": "2021-05-01", "g": None, "h": 1.5}


def test_markdown_body_and_line_offset(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_text("---\ntitle: Lezen\n---\n# Kop\n\nTekst\n", encoding="utf-8")
    doc, problems = read_document(file, "x.md")
    assert problems == [] and doc is not None
    assert doc.marks[("title",)] == (2, 8)
    assert doc.body.startswith("# Kop") and doc.body_line == 4


def test_windows_line_endings_and_bom(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_bytes("\ufeff---\r\ntitle: Lezen\r\n---\r\nTekst\r\n".encode())
    doc, problems = read_document(file, "x.md")
    assert problems == [] and doc is not None and doc.data == {"title": "Lezen"}


def test_alias_bomb_is_rejected_quickly() -> None:
    import time

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.thread_time()  # CPU time, not the clock: a busy machine must not fail this
    doc, problems = parse_yaml("\n".join(lines) + "\n", "bom.yml")
    assert doc is None and problems and all(p.code == "yaml-anchor" for p in problems)
    # Expanding the aliases would take minutes and gigabytes; rejecting them takes milliseconds.
    assert time.thread_time() - start < 5.0
