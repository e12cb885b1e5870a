"""The built site in real Chromium: navigation by clicking, search, no console errors, no third-party
requests, and no axe-core (WCAG 2.0, 2.1 and 2.2 A/AA, best practice) violations on any page type."""

from __future__ import annotations

import pytest

PAGE_TYPES = [
    "", "themas/taal-centraal/", "praktijk/feedback/", "praktijk/voorlezen/", "initiatieven/voorleesclub/",
    "lezen/podcast/", "meetups/meetup-gooi/", "verzamelingen/menukaart/", "bronnen/briefing/", "themas/",
    "praktijk/", "initiatieven/", "lezen/", "sectoren/", "meetups/", "verzamelingen/", "verantwoording/",
    "over/", "bijdragen/", "bijdragen/velden/", "toegankelijkheid/", "regio/", "regio/noord-holland/",
    "regio/noord-holland-briefing/", "verkennen/", "begrippen/", "data/", "praktijk/op-effect/", "vergelijk/",
    "vergelijk/?kaarten=feedback,voorlezen", "zelfscan/",
]


def test_click_from_home_to_theme_to_practice_to_initiative(visit) -> None:
    v = visit()
    v.goto("")
    v.page.get_by_role("link", name="Taal centraal").first.click()
    v.page.wait_for_url("**/themas/taal-centraal/")
    v.page.get_by_role("link", name="Zet in op (voor)lezen").first.click()
    v.page.wait_for_url("**/praktijk/voorlezen/")
    assert "Wie in jouw regio kan helpen met voorlezen?" in v.page.content()
    v.page.locator("article").get_by_role("link", name="Voorleesclub").click()
    v.page.wait_for_url("**/initiatieven/voorleesclub/")
    assert v.page.locator("h1").inner_text().startswith("Voorleesclub")
    assert v.errors == [] and v.external_requests() == []


def test_search_finds_a_practice_by_a_word_from_its_body(visit) -> None:
    v = visit()
    v.goto("")
    v.page.keyboard.press("/")  # the shortcut opens the search box, on any viewport
    query = v.page.locator("#kb-search-input")
    query.wait_for(state="visible")
    query.press_sequentially("nadruk", delay=50)  # in the body of the feedback card only
    result = v.page.locator(".kb-search__result").first
    result.wait_for(timeout=10_000)
    assert "Geef gerichte feedback" in v.page.locator("#kb-search-results").inner_text()
    assert v.errors == [] and v.external_requests() == []


@pytest.mark.parametrize("path", PAGE_TYPES, ids=[p or "home" for p in PAGE_TYPES])
def test_page_is_accessible_and_self_contained(visit, path: str) -> None:
    v = visit()
    v.goto(path)
    assert v.axe_violations() == []
    assert v.errors == []
    assert v.external_requests() == []


@pytest.mark.parametrize("path", ["", "praktijk/feedback/", "initiatieven/", "data/"])
def test_phone_viewport_is_accessible(visit, path: str) -> None:
    v = visit({"width": 390, "height": 844})
    v.goto(path)
    assert v.axe_violations() == []
    # the content does not overflow sideways on a phone
    assert v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_wide_table_on_a_phone_is_a_named_region_in_the_tab_order(visit) -> None:
    # Material's scroll box around a table that is wider than the screen can be reached and scrolled by keyboard;
    # a box whose table fits stays plain, so a screen reader meets no region for it.
    v = visit({"width": 390, "height": 844})
    v.goto("data/")
    boxes = v.page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(box => ({
        scrolls: box.scrollWidth > box.clientWidth + 1, tabindex: box.getAttribute('tabindex'),
        role: box.getAttribute('role'), label: box.getAttribute('aria-label')}))""")
    wide = [box for box in boxes if box["scrolls"]]
    assert wide and all(box["tabindex"] == "0" and box["role"] == "region" for box in wide), boxes
    assert all(box["role"] is None and box["tabindex"] is None for box in boxes if not box["scrolls"]), boxes
    # named after the heading above the table, as the page shows it
    assert all(box["label"].startswith("Tabel: ") for box in wide), boxes
    assert "Tabel: Lezen, kijken, luisteren: data/lezen.csv" in {box["label"] for box in wide}, boxes
    v.page.set_viewport_size({"width": 1600, "height": 900})  # wide enough again: the boxes are plain again
    v.page.wait_for_function("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')].every(
        box => box.scrollWidth > box.clientWidth + 1 || !box.hasAttribute('role'))""")
    assert v.errors == []
