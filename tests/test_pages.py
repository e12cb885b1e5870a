"""Golden tests of rendered pages, and unit tests of the knowledge base's links and the nav expansion."""

from __future__ import annotations

import datetime as dt

import pytest

from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import COLLECTION, INITIATIVE, PRACTICE, SCAN, TERM
from kennisbank.outputs import urls
from kennisbank.outputs.escape import markdown_text
from kennisbank.outputs.pages import expand_nav, fill_region, navigation, render_site

from .conftest import GOLDEN, assert_golden, overlay_content

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
    return {page.path: page for page in render_site(kb, added)}


# Every page under expected/ is a golden: to add one, create the (empty) file there and run --update-golden.
GOLDEN_URIS = sorted(p.relative_to(PAGES / "expected").as_posix() for p in (PAGES / "expected").rglob("*.md"))


def test_goldens_cover_every_page_type() -> None:
    folders = {uri.split("/")[0] for uri in GOLDEN_URIS}  # 'praktijk', 'regio', … and 'index.md' for the home page
    assert set(urls.FOLDERS.values()) | {"index.md", "regio", "sectoren"} <= folders


@pytest.mark.parametrize("uri", GOLDEN_URIS)
def test_rendered_page_matches_golden(pages, uri: str, update_golden: bool) -> None:
    assert_golden(PAGES / "expected" / uri, pages[uri].text, update_golden)


def test_every_entry_has_a_page_with_its_source(kb, pages) -> None:
    for entry in kb.entries.values():
        if entry.kind is TERM:  # terms have a place on the glossary page, not a page of their own
            assert f"{{ #{entry.id} }}" in pages[urls.GLOSSARY].text
            continue
        if entry.kind is SCAN:  # scans share the self-scan page, each under its own heading
            assert f"{{: #{entry.id} }}" in pages[urls.ZELFSCAN].text
            continue
        page = pages[urls.entry_uri(entry)]
        assert page.source == entry.path


def test_backlinks_both_ways(kb) -> None:
    assert [e.id for e in kb.links_to("taal-centraal", PRACTICE)] == ["feedback", "voorlezen"]
    assert [e.id for e in kb.links_to("voorlezen", INITIATIVE)] == ["voorleesclub"]
    assert [e.id for e in kb.related("voorlezen", PRACTICE)] == ["feedback"]  # related works both ways
    assert [e.id for e in kb.links_to("feedback", COLLECTION)] == ["menukaart"]


def test_meetup_lists_initiatives_of_its_region(pages) -> None:
    page = pages["meetups/meetup-gooi.md"].text
    here, _, rest = page.partition("#### In het Gooi")[2].partition("#### Landelijk")
    assert "Voorleesclub" in here and "Landelijk programma" not in here  # nearest first, national after
    assert "Landelijk programma" in rest.partition("## Voorbereiden")[0]


def test_helpers() -> None:
    assert markdown_text("a [b] | c*") == "a \\[b\\] \\| c\\*"
    assert fill_region("Wat doet {regio}?", "Hilversum") == "Wat doet Hilversum?"
    assert fill_region("Wat doet {regio}?") == "Wat doet jouw regio?"


def test_expand_nav(kb) -> None:
    nav = [{"Thema's": ["themas/index.md", "kennisbank://theme"]}, {"Over": "over.md"}]
    assert expand_nav(nav, navigation(kb)) == [
        {"Thema's": ["themas/index.md", {"Taal centraal": "themas/taal-centraal.md"}]}, {"Over": "over.md"}]
