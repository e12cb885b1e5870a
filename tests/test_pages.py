"""Golden tests of rendered pages, and unit tests of the knowledge base's links and the nav expansion."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kennisbank.loader import load_knowledge_base
from kennisbank.pages import expand_nav, fill_region, md_text, navigation, render_site

from .conftest import GOLDEN, overlay_content

PAGES = GOLDEN / "pages"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pages")
    content = overlay_content(tmp, GOLDEN / "base" / "content", PAGES / "content")
    result = load_knowledge_base(content)
    assert [p.format() for p in result.problems] == []
    return result.knowledge


@pytest.fixture(scope="module")
def pages(kb):
    added = {"content/practices/feedback.md": dt.date(2026, 11, 1), "content/themes/taal-centraal.md": dt.date(2026, 10, 1)}
    return {page.uri: page for page in render_site(kb, added)}


GOLDEN_URIS = ["index.md", "themas/taal-centraal.md", "praktijk/feedback.md", "praktijk/voorlezen.md",
               "initiatieven/voorleesclub.md", "initiatieven/index.md", "lezen/podcast.md", "meetups/meetup-gooi.md",
               "verzamelingen/menukaart.md", "bronnen/briefing.md", "sectoren/index.md"]


@pytest.mark.parametrize("uri", GOLDEN_URIS)
def test_rendered_page_matches_golden(pages, uri: str, update_golden: bool) -> None:
    expected = PAGES / "expected" / uri
    if update_golden or not expected.exists():
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(pages[uri].content, encoding="utf-8")
    assert pages[uri].content == expected.read_text(encoding="utf-8")


def test_every_entry_has_a_page_with_its_source(kb, pages) -> None:
    for entry in kb.entries.values():
        folder = {"theme": "themas", "practice": "praktijk", "reading": "lezen", "initiative": "initiatieven",
                  "meetup": "meetups", "collection": "verzamelingen", "document": "bronnen"}[entry.kind.name]
        page = pages[f"{folder}/{entry.id}.md"]
        assert page.source == entry.path


def test_backlinks_both_ways(kb) -> None:
    assert [e.id for e in kb.links_to("taal-centraal", "practice")] == ["feedback", "voorlezen"]
    assert [e.id for e in kb.links_to("voorlezen", "initiative")] == ["voorleesclub"]
    assert [e.id for e in kb.related("voorlezen", "practice")] == ["feedback"]  # related works both ways
    assert [e.id for e in kb.links_to("feedback", "collection")] == ["menukaart"]


def test_meetup_lists_initiatives_of_its_region(pages) -> None:
    assert "Voorleesclub" in pages["meetups/meetup-gooi.md"].content
    assert "Landelijk programma" not in pages["meetups/meetup-gooi.md"].content


def test_helpers() -> None:
    assert md_text("a [b] | c*") == "a \\[b\\] \\| c\\*"
    assert fill_region("Wat doet {regio}?", "Hilversum") == "Wat doet Hilversum?"
    assert fill_region("Wat doet {regio}?") == "Wat doet jouw regio?"


def test_expand_nav(kb) -> None:
    nav = [{"Thema's": ["themas/index.md", "kennisbank://theme"]}, {"Over": "over.md"}]
    assert expand_nav(nav, navigation(kb)) == [
        {"Thema's": ["themas/index.md", {"Taal centraal": "themas/taal-centraal.md"}]}, {"Over": "over.md"}]
