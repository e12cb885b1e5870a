"""Integrity of the real content/: strict-clean, every reference resolves, nothing orphaned, schema current."""

from __future__ import annotations

import pytest

from kennisbank.loader import load_knowledge_base
from kennisbank.schema import schema_files

from .conftest import ROOT


@pytest.fixture(scope="module")
def result():
    return load_knowledge_base(ROOT / "content")


def test_real_content_is_strict_clean(result) -> None:
    assert [p.format() for p in result.problems] == []


def test_every_kind_has_content(result) -> None:
    kb = result.knowledge
    for kind in ("theme", "practice", "reading", "initiative", "meetup", "document"):
        assert kb.of_kind(kind), f"no {kind} entries in content/"


def test_the_three_themes(result) -> None:
    titles = {e.title for e in result.knowledge.of_kind("theme")}
    assert {"Taal centraal", "De grote oversteek", "Zorgen vs. lesgeven"} <= titles


def test_integrity(result) -> None:
    kb = result.knowledge
    for practice in kb.of_kind("practice"):
        assert practice.data.sources, f"{practice.path}: a practice card needs a source"
    for initiative in kb.of_kind("initiative"):
        assert kb.links_from(initiative.id, "practice") or kb.links_from(initiative.id, "theme"), initiative.path
    for item in kb.of_kind("reading"):
        assert kb.links_from(item.id), item.path
    for theme in kb.of_kind("theme"):
        assert kb.links_to(theme.id, "practice"), theme.path


def test_no_town_names_in_discussion_questions(result) -> None:
    # Briefings fill {regio}; a hard-coded town is how "Amersfoort" ended up in the Hilversum briefing.
    for practice in result.knowledge.of_kind("practice"):
        for question in practice.data.questions:
            for town in ("Amersfoort", "Hilversum"):
                assert town not in question, f"{practice.path}: use {{regio}} instead of {town}"


def test_fiction_is_never_a_source(result) -> None:
    fiction = {d.id for d in result.knowledge.of_kind("document") if d.data.fiction}
    for entry in result.knowledge.entries.values():
        for ref in getattr(entry.data, "provenance", []):
            assert ref.document not in fiction, entry.path


def test_committed_schema_is_current() -> None:
    stale = [name for name, text in schema_files().items()
             if not (ROOT / "schema" / name).exists() or (ROOT / "schema" / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"schema/ is out of date ({stale}); run: .venv/bin/kennisbank schema"
