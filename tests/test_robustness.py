"""Property-based tests: random and mutated entries only ever produce problems, never exceptions."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kennisbank.core.loader import load_knowledge_base

from .conftest import GOLDEN

BASE = GOLDEN / "base" / "content"
SEEDS = [p for p in sorted(BASE.rglob("*")) if p.is_file()]
FOLDERS = ["themes", "practices", "reading", "initiatives", "meetups", "collections", "documents", "onbekend"]
YAMLISH = st.text(alphabet=string.printable + "äéïöü€ÿ\u00a0\ufeff\u2028", max_size=400)
# Only the example budget is set here; determinism, database and health checks come from the profile in
# conftest.py, so HYPOTHESIS_PROFILE=dev can still explore random examples.
SETTINGS = settings(max_examples=150)


def _load(tmp: Path, folder: str, name: str, data: bytes) -> None:
    content = tmp / "content"
    target = content / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = load_knowledge_base(content)
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.path.startswith("content/")
        line = problem.format()
        assert "\n" not in line and "\r" not in line  # one problem, one line: nothing can forge another
        assert "interne fout" not in line
    target.unlink()


@SETTINGS
@given(folder=st.sampled_from(FOLDERS), suffix=st.sampled_from([".md", ".yml", ".yaml", ".txt"]), body=YAMLISH)
# Crashes found by hand or by earlier runs, pinned so they are tried on every run:
@example(folder="practices", suffix=".yml", body="s[ectors: [po]\n")
@example(folder="practices", suffix=".yml", body="title: x\nstr: 1\nint: 2\nlist: 3\n")
@example(folder="practices", suffix=".yml", body="title: x\nsources: [{list: 1}]\n")
@example(folder="practices", suffix=".yml", body="related: " + "[" * 480 + "]" * 480 + "\n")
@example(folder="practices", suffix=".yml", body="".join(" " * i + f"k{i}:\n" for i in range(480)))
@example(folder="practices", suffix=".yml", body="year: " + "9" * 5000 + "\n")
@example(folder="reading", suffix=".yml", body="year: 1.0e999\n")
@example(folder="practices", suffix=".md", body="---\ntitle: a\x7fb\n---\nx\x80y\n")
@example(folder="practices", suffix=".yml", body='"a\\nb.md:1:1: error: nep": 1\n')
def test_random_text_never_crashes(tmp_path_factory, folder: str, suffix: str, body: str) -> None:
    tmp = tmp_path_factory.mktemp("random")
    _load(tmp, folder, f"item{suffix}", body.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_mutated_entries_never_crash(tmp_path_factory, seed: Path, data: st.DataObject) -> None:
    original = seed.read_bytes()
    position = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, 20))
    insert = data.draw(st.binary(max_size=12) | st.sampled_from(
        [b"\t", b": ", b"- ", b"&a ", b"*a", b"---\n", b"\xff", b"{", b"[", b'"', b"'", b"<script>", b"!!python/x ",
         b"\n  ", b"{regio}", b"javascript:", b"\x00"]))
    mutated = original[:position] + insert + original[position + cut:]
    tmp = tmp_path_factory.mktemp("mutated")
    _load(tmp, seed.parent.name, seed.name, mutated)


@SETTINGS
@given(
    values=st.dictionaries(
        st.sampled_from(["title", "summary", "themes", "sectors", "scope", "places", "sources", "evidence",
                         "questions", "media_type", "url", "year", "region", "date", "related", "sections", "extra"]),
        st.recursive(
            st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=30),
            lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
            max_leaves=8,
        ),
        max_size=8,
    ),
    folder=st.sampled_from(FOLDERS[:-1]),
)
def test_random_structures_never_crash(tmp_path_factory, values: dict, folder: str) -> None:
    import yaml

    tmp = tmp_path_factory.mktemp("structures")
    _load(tmp, folder, "item.yml", yaml.safe_dump(values, allow_unicode=True).encode())
