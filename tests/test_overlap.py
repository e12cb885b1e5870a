"""Content in its own words: no run of 8+ words shared with a source text, no paragraph shared by two cards."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

from kennisbank.contribute.overlap import RUN, SourceIndex, find_overlaps, words
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import PRACTICE

from .conftest import ROOT

SOURCES = Path(os.environ.get("KENNISBANK_SOURCES", ROOT.parent / "shared" / "sources"))


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT / "content").knowledge


def test_finds_shared_runs_but_not_titles_quotes_or_names() -> None:
    index = SourceIndex([("bron.txt", "De leraren uit de laatste groepen van het po en de eerste klassen van het vo "
                                      "spreken af met J.H. Donnerschool, De Wijngaard en De Mozarthof.")])
    pieces = [(1, "Laat leraren uit de laatste groepen van het po en de eerste klassen samenwerken."),
              (5, "Zij zeggen: \"uit de laatste groepen van het po en de eerste klassen van het vo\"."),
              (9, "*Leraren uit de laatste groepen van het po en de eerste klassen* is een titel."),
              (12, "Scholen: J.H. Donnerschool, De Wijngaard en De Mozarthof.")]
    found = list(index.find("content/x.md", pieces))
    assert [(o.line, o.words) for o in found] == [
        (1, "leraren uit de laatste groepen van het po en de eerste klassen")]


def test_content_is_in_its_own_words(kb) -> None:
    if not SOURCES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"source texts not found in {SOURCES} (set KENNISBANK_SOURCES)")
        pytest.skip(f"source texts not found in {SOURCES} (set KENNISBANK_SOURCES)")
    hits = find_overlaps(kb.entries.values(), SourceIndex.from_folder(SOURCES))
    assert [f"{o.path}:{o.line}: {o.words} ({o.source})" for o in hits] == [], (
        f"runs of {RUN}+ words copied from a source: rewrite them in your own words (or quote and mark as quote)")


def test_no_two_practice_cards_share_a_paragraph(kb) -> None:
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for card in kb.of_kind(PRACTICE):
        for paragraph in card.body.split("\n\n"):
            tokens = tuple(words(paragraph))
            if len(tokens) >= RUN and not paragraph.lstrip().startswith("#"):
                seen[tokens].append(card.id)
    shared = {" ".join(tokens)[:80]: ids for tokens, ids in seen.items() if len(set(ids)) > 1}
    assert shared == {}, "paragraphs that appear on more than one card: make each card specific"
