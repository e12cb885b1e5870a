"""The explore page ("Verkennen") in Chromium: facets that narrow and count, sorting, free text within the
selection, the state in the URL (shared links, the back button), the static lists without JavaScript, and no
axe violations, console errors or requests to other hosts.

Most tests use the small golden site, whose eight entries are known by heart; one test runs on a site built
from the real content/, where there are enough rated practice cards and gemeenten to test the order and limits."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from kennisbank.core.loader import load_knowledge_base
from kennisbank.outputs import explore

from ..conftest import GOLDEN, overlay_content
from ..test_explore_data import decoded
from .conftest import Visit
from .test_search import real_site, real_url  # noqa: F401 - fixtures: the site built from the real content

PAGE = "verkennen/"


def _open(v: Visit, query: str = "") -> None:
    v.goto(PAGE + query)
    expect(v.page.locator(".kb-explore__count")).to_have_text(re.compile(r"resulta|Geen"))


def _status(v: Visit) -> str:
    return v.page.locator(".kb-explore__count").inner_text()


def _titles(v: Visit) -> list[str]:
    return v.page.locator(".kb-explore__title").all_inner_texts()


def _params(v: Visit) -> dict[str, list[str]]:
    return parse_qs(urlsplit(v.page.url).query)


def _box(v: Visit, legend: str, label: str):
    facet = v.page.locator("fieldset.kb-explore__facet", has=v.page.locator("legend", has_text=legend))
    return facet.get_by_role("checkbox", name=re.compile("^" + re.escape(label) + r" \(\d+"))


def _label(v: Visit, legend: str, label: str) -> str:
    box = _box(v, legend, label)
    return v.page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()


def _clean(v: Visit) -> None:
    assert v.errors == [], v.errors
    assert v.external_requests() == []


def test_facets_narrow_the_results_and_count_the_other_facets(visit) -> None:
    v = visit()
    _open(v)
    assert _status(v) == "8 resultaten"
    assert v.page.locator(".kb-explore-static").is_hidden()
    assert _label(v, "Soort", "Praktijkkaarten") == "Praktijkkaarten (2)"
    assert _label(v, "Sector", "Primair onderwijs") == "Primair onderwijs (4)"

    _box(v, "Soort", "Praktijkkaarten").check()
    expect(v.page.locator(".kb-explore__count")).to_have_text("2 resultaten")
    assert sorted(_titles(v)) == ["Geef gerichte feedback", "Zet in op (voor)lezen"]
    assert _params(v) == {"soort": ["practice"]}
    # Counts of the other facets follow the choice; those of the facet itself still say what ticking adds.
    assert _label(v, "Sector", "Primair onderwijs") == "Primair onderwijs (2)"
    assert _label(v, "Sector", "Voortgezet onderwijs") == "Voortgezet onderwijs (1)"
    assert _label(v, "Soort", "Initiatieven") == "Initiatieven (2)"
    assert _label(v, "Effect", "+5 maanden of meer") == "+5 maanden of meer (1)"
    assert _label(v, "Effect", "geen cijfers") == "geen cijfers (1)"
    assert v.page.locator("fieldset.kb-explore__facet", has_text="Bereik").is_hidden()  # no initiative left

    # OR within a facet, by keyboard only: Tab from the ticked box to the next one and press Space.
    _box(v, "Soort", "Praktijkkaarten").focus()
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.type") == "checkbox"
    v.page.keyboard.press("Space")
    expect(v.page.locator(".kb-explore__count")).to_have_text("3 resultaten")  # + the podcast (Lezen, ...)

    # AND between facets.
    _box(v, "Sector", "Voortgezet onderwijs").check()
    expect(v.page.locator(".kb-explore__count")).to_have_text("1 resultaat")
    assert _titles(v) == ["Geef gerichte feedback"]
    assert v.page.locator(".kb-explore__result").first.locator(".kb-explore__figures").inner_text() == \
        "+6 maanden · bewijskracht 3 van 5 · kosten 1 van 5"
    chips = v.page.locator(".kb-explore__chip")
    assert chips.count() == 3
    chips.filter(has_text="Sector: Voortgezet onderwijs").click()
    expect(v.page.locator(".kb-explore__count")).to_have_text("3 resultaten")
    assert v.page.evaluate("document.activeElement.classList.contains('kb-explore__chip')")  # focus kept nearby
    _clean(v)


def test_age_facet_lists_the_groups_of_the_cards_in_their_order(visit) -> None:
    """Only the feedback card names age groups; the facet shows them youngest first and narrows to that card."""
    v = visit()
    _open(v)
    facet = v.page.locator("fieldset.kb-explore__facet", has=v.page.locator("legend", has_text="Leeftijd"))
    assert facet.locator("label").all_inner_texts() == ["Groep 6–8 (1)", "Onderbouw vo (1)"]
    _box(v, "Leeftijd", "Groep 6–8").check()
    expect(v.page.locator(".kb-explore__count")).to_have_text("1 resultaat")
    assert _titles(v) == ["Geef gerichte feedback"]
    assert _params(v) == {"leeftijd": ["groep-6-8"]}
    _clean(v)


def test_free_text_narrows_within_the_selection(visit) -> None:
    v = visit()
    _open(v)
    v.page.locator("#kb-explore-text").fill("feedback")
    expect(v.page.locator(".kb-explore__count")).to_have_text("1 resultaat")
    assert _titles(v) == ["Geef gerichte feedback"]
    assert _params(v) == {"q": ["feedback"]}

    v.page.locator("#kb-explore-text").fill("xyzzyq")
    expect(v.page.locator(".kb-explore__count")).to_have_text("Geen resultaten. Wis een filter of kies een ander woord.")
    clear = v.page.locator(".kb-explore__empty button")
    assert clear.is_visible()
    clear.click()
    expect(v.page.locator(".kb-explore__count")).to_have_text("8 resultaten")
    assert v.page.locator("#kb-explore-text").input_value() == "" and _params(v) == {}
    _clean(v)


def test_the_url_keeps_the_state_and_back_restores_it(visit) -> None:
    v = visit()
    _open(v)
    _box(v, "Soort", "Praktijkkaarten").check()
    expect(v.page.locator(".kb-explore__count")).to_have_text("2 resultaten")
    v.page.locator("#kb-explore-sort").select_option("impact")
    expect(v.page).to_have_url(re.compile(r"\?soort=practice&sorteer=impact$"))
    assert _titles(v)[0] == "Geef gerichte feedback"  # the only rated card; the unrated one after it

    v.page.go_back()
    expect(v.page).to_have_url(re.compile(r"/verkennen/\?soort=practice$"))
    expect(v.page.locator("#kb-explore-sort")).to_have_value("relevance")
    assert _box(v, "Soort", "Praktijkkaarten").is_checked()
    v.page.go_back()
    expect(v.page.locator(".kb-explore__count")).to_have_text("8 resultaten")
    assert not _box(v, "Soort", "Praktijkkaarten").is_checked()
    v.page.go_forward()
    expect(v.page.locator(".kb-explore__count")).to_have_text("2 resultaten")

    # A burst of typing is one step in the history, not one per letter.
    v.page.locator("#kb-explore-text").press_sequentially("feedb", delay=40)
    v.page.locator("#kb-explore-text").press_sequentially("ack", delay=300)
    expect(v.page).to_have_url(re.compile(r"\?soort=practice&q=feedback$"))
    v.page.go_back()
    expect(v.page).to_have_url(re.compile(r"/verkennen/\?soort=practice$"))
    expect(v.page.locator("#kb-explore-text")).to_have_value("")
    _clean(v)


def test_a_shared_link_opens_with_the_same_filters(visit) -> None:
    v = visit()
    _open(v, "?soort=practice&soort=initiative&sector=po&q=lezen&sorteer=title")
    assert _box(v, "Soort", "Praktijkkaarten").is_checked() and _box(v, "Soort", "Initiatieven").is_checked()
    assert _box(v, "Sector", "Primair onderwijs").is_checked()
    assert v.page.locator("#kb-explore-text").input_value() == "lezen"
    assert v.page.locator("#kb-explore-sort").input_value() == "title"
    assert _titles(v) == ["Zet in op (voor)lezen"]
    chips = v.page.locator(".kb-explore__chip")
    assert chips.count() == 3
    for name in ("Soort: Praktijkkaarten weghalen", "Soort: Initiatieven weghalen", "Sector: Primair onderwijs weghalen"):
        assert chips.and_(v.page.get_by_role("button", name=name, exact=True)).count() == 1
    _clean(v)


def test_without_javascript_the_static_lists_show(browser, base_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGE}")
        assert page.locator("#kb-explore").is_hidden()
        static = page.locator(".kb-explore-static")
        assert static.is_visible()
        assert static.get_by_role("link", name="Taal centraal").is_visible()
    finally:
        context.close()


def test_filters_applied_are_accessible(visit) -> None:
    v = visit()
    _open(v, "?soort=practice&sector=po&q=lezen")
    assert _status(v) == "1 resultaat"
    assert v.axe_violations() == []
    # A phone: the filters fold into a closed <details>; the empty result with its way out is checked too.
    phone = visit({"width": 390, "height": 844})
    _open(phone, "?soort=initiative&effect=5-of-meer")
    assert not phone.page.locator("details.kb-explore__filters").evaluate("d => d.open")
    assert _status(phone).startswith("Geen resultaten")
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.axe_violations() == []
    _clean(v)
    _clean(phone)


def test_a_file_in_many_lines_and_out_of_order_gives_the_same_page(visit, tmp_path, monkeypatch) -> None:
    """explore.js parses explore.json a line per task and puts the titles in order itself (sortInTasks), whatever
    order the file has: the golden data in lines of three entries, in reverse title order, shows the same."""
    content = overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    monkeypatch.setattr(explore, "ENTRIES_PER_LINE", 3)
    monkeypatch.setattr(explore, "_title_order", lambda record: [-ord(c) for c in record["title"].casefold()])
    text = explore.explore_data(load_knowledge_base(content).knowledge)
    assert text.count("\n") == 3 and json.loads(text)[1]["title"][0] == "Zet in op (voor)lezen"

    def seen(v: Visit) -> tuple:
        facets = v.page.locator(".kb-explore__facet label").all_inner_texts()
        return _status(v), _titles(v), facets

    pages = {}
    for name in ("as built", "in lines, reversed"):
        v = visit()
        if name != "as built":
            v.page.route("**/search/explore.json", lambda route: route.fulfill(body=text, content_type="application/json"))
        for query in ("", "?sorteer=title"):
            _open(v, query)
            pages[name, query] = seen(v)
        _clean(v)
    for query in ("", "?sorteer=title"):
        assert pages["as built", query] == pages["in lines, reversed", query]
    assert pages["as built", "?sorteer=title"][1] == sorted(pages["as built", ""][1], key=str.casefold)


def test_real_content_sorting_and_gemeenten(browser, real_site, real_url) -> None:  # noqa: F811 - fixtures
    data = decoded((real_site / "search" / "explore.json").read_text(encoding="utf-8"))["entries"]
    rated = sorted((e for e in data if e["impact"] is not None), key=lambda e: -e["impact"])
    v = Visit(browser, real_url)
    try:
        _open(v, "?sorteer=impact")
        assert _status(v) == f"{len(data)} resultaten"
        first = v.page.locator(".kb-explore__title a").first.get_attribute("href")
        assert next(e for e in rated if first.endswith("/" + e["url"]))["impact"] == rated[0]["impact"]
        figures = v.page.locator(".kb-explore__result").evaluate_all(
            "items => items.map(li => (li.querySelector('.kb-explore__figures') || {}).textContent || '')")
        months = [int(m.group(1)) for f in figures if (m := re.match(r"([+-]?\d+) maand", f))]
        assert months == sorted(months, reverse=True) and len(months) == len(rated)
        assert all(re.match(r"[+-]?\d+ maand", f) for f in figures[:len(rated)])  # entries without a figure last

        # Fifty at a time; the button moves focus to the first result it adds.
        assert v.page.locator(".kb-explore__result").count() == min(50, len(data))
        if len(data) > 50:
            v.page.locator(".kb-explore__more").click()
            assert v.page.evaluate("document.activeElement.closest('li') === "
                                   "document.querySelectorAll('.kb-explore__result')[50]")

        # Counts: the number beside a value is the number of results after ticking it.
        label = _label(v, "Soort", "Praktijkkaarten")
        _box(v, "Soort", "Praktijkkaarten").check()
        expect(v.page.locator(".kb-explore__count")).to_have_text(re.sub(r".*\((\d+)\)", r"\1 resultaten", label))

        # Gemeenten: a few at first; after a provincie, only gemeenten of entries there.
        _box(v, "Soort", "Praktijkkaarten").uncheck()
        gemeenten = v.page.locator("fieldset.kb-explore__facet", has=v.page.locator("legend", has_text="Gemeente"))
        expect(v.page.locator(".kb-explore__count")).to_have_text(f"{len(data)} resultaten")
        assert 0 < gemeenten.locator(".kb-explore__option:visible").count() <= 8
        province = next(p for e in data for p in e["provinces"] if e["gemeenten"])
        provinces = v.page.locator("fieldset.kb-explore__facet", has=v.page.locator("legend", has_text="Provincie"))
        if provinces.locator(".kb-explore__toggle").is_visible():  # a long facet shows a few until asked for all
            provinces.locator(".kb-explore__toggle").click()
            assert provinces.locator(".kb-explore__toggle").get_attribute("aria-expanded") == "true"
            assert v.page.evaluate("document.activeElement.type") == "checkbox"  # on the first option that appeared
        _box(v, "Provincie", province).check()
        there = {g for e in data if province in e["provinces"] for g in e["gemeenten"]}
        shown = {re.sub(r" \(\d+\)$", "", t) for t in gemeenten.locator(".kb-explore__option:visible").all_inner_texts()}
        assert shown and shown <= there
        _clean(v)
    finally:
        v.close()
