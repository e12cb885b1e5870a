"""The compare page in Chromium as a school leader uses it: three cards on a 390 px phone (every card's cells
visible, nothing wider than the screen), side by side on a desktop, the choice kept in the address and restored
from it, reached from the table of all cards, the explore page and a card page, printable, usable without
JavaScript, axe-clean (WCAG 2.1 and 2.2 A/AA, best practice), and nothing fetched but the site's own files.

The shared site of the browser tests has two practice cards; comparing three needs a third, so this module
builds its own site with one more card (first steps, NP-menukaart figures, an initiative in Utrecht)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from ..conftest import GOLDEN, build_project, make_project
from .conftest import AXE, Visit, _QuietHandler
from .test_html_valid import drawn_page_errors

THIRD_CARD = """---
title: Zet leerlingen aan het woord
summary: Gesprekken in de klas waarin leerlingen zelf veel praten.
themes: [taal-centraal]
sectors: [po, vo]
age_groups: [groep-3-5, groep-6-8]
ratings:
  - scheme: np-menukaart
    strand: Gesproken taal
    url: https://www.nponderwijs.nl/po-en-vo/aan-de-slag/menukaart/
    read_on: 2026-11-24
    impact_months: 6
    strength: 4
sources:
  - title: Leesmonitor
    publisher: Stichting Lezen
    url: https://www.leesmonitor.nu/nl/voorlezen
---
## Wat is het?

Leerlingen praten en denken hardop.

## Hoe begin je?

- Plan elke dag een [kringgesprek](https://www.leesmonitor.nu/nl/voorlezen) met een **open** vraag.
- Laat leerlingen in tweetallen eerst hun antwoord oefenen.
"""

UTRECHT_INITIATIVE = """title: Praatclub Utrecht
summary: Taalmaatjes praten wekelijks met leerlingen.
scope: lokaal
places:
  - {provincie: Utrecht, gemeente: Utrecht}
practices: [aan-het-woord]
"""

PHONE = {"width": 390, "height": 844}
THREE = "vergelijk/?kaarten=feedback,voorlezen,aan-het-woord&provincie=utrecht"
TITLES = ["1.2 Geef gerichte feedback", "Zet in op (voor)lezen", "Zet leerlingen aan het woord"]
CRITERIA = ["Kaarten", "Effect (maanden extra leervoortgang)", "Bewijskracht (0 tot 5)", "Kosten (1 is laag, 5 is hoog)",
            "Sectoren en leeftijd", "Hoe begin je?", "Initiatieven in Utrecht", "Waar de cijfers vandaan komen"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def compare_site(tmp_path_factory) -> Path:
    extra = tmp_path_factory.mktemp("compare-content") / "content"
    (extra / "practices").mkdir(parents=True)
    (extra / "initiatives").mkdir()
    (extra / "practices" / "aan-het-woord.md").write_text(THIRD_CARD, encoding="utf-8")
    (extra / "initiatives" / "praatclub.yml").write_text(UTRECHT_INITIATIVE, encoding="utf-8")
    project = make_project(tmp_path_factory.mktemp("compare-site"), GOLDEN / "base" / "content",
                           GOLDEN / "pages" / "content", extra)
    return build_project(project)


@pytest.fixture(scope="module")
def compare_url(compare_site: Path):
    handler = functools.partial(_QuietHandler, directory=str(compare_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def open_page(browser, compare_url):
    opened: list[Visit] = []

    def open_visit(viewport: dict | None = None) -> Visit:
        opened.append(Visit(browser, compare_url, viewport))
        return opened[-1]

    yield open_visit
    for item in opened:
        item.close()


def drawn(v: Visit) -> None:
    v.page.locator(".kb-compare__criterion").first.wait_for()


def rows(v: Visit) -> list[dict]:
    """Each criterion with the text and the box of each of its cells."""
    return v.page.evaluate("""() => [...document.querySelectorAll('.kb-compare__criterion')].map(s => ({
        heading: s.querySelector('h2').textContent,
        cells: [...s.querySelectorAll('.kb-compare__cell')].map(c => {
            const r = c.getBoundingClientRect();
            return {text: c.innerText, left: r.left, right: r.right, top: r.top, width: r.width};
        })}))""")


def axe(v: Visit) -> list[str]:
    v.page.add_script_tag(path=str(AXE))
    result = v.page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{x['id']}: {x['help']} → " + "; ".join(" ".join(n["target"]) for n in x["nodes"][:5])
            for x in result["violations"]]


def own_files_only(v: Visit) -> None:
    """Nothing from another host, and on this page nothing of the site's other pages' data either."""
    assert v.external_requests() == []
    paths = [url.removeprefix(v.base_url) for url in v.requests]
    assert "/vergelijk/kaarten.json" in paths
    assert not [p for p in paths if p.endswith((".json", ".js")) and not p.startswith(
        ("/vergelijk/kaarten.json", "/assets/"))], paths
    assert not [p for p in paths if "explore" in p or "search/" in p], paths


def test_three_cards_on_a_390px_phone(open_page) -> None:
    v = open_page(PHONE)
    v.goto(THREE)
    drawn(v)
    found = rows(v)
    assert [row["heading"] for row in found] == CRITERIA
    for row in found:
        # every card has its cell in every criterion, whole on the screen: stacked, never cut off or hidden
        assert len(row["cells"]) == 3, row["heading"]
        for cell in row["cells"]:
            assert cell["left"] >= 0 and cell["right"] <= PHONE["width"] and cell["width"] > 300, (row["heading"], cell)
        assert len({round(cell["left"]) for cell in row["cells"]}) == 1  # under each other
        if row["heading"] != "Kaarten":
            assert [cell["text"].split("\n")[0] for cell in row["cells"]] == TITLES  # each cell names its card
    assert v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    text = {row["heading"]: [cell["text"] for cell in row["cells"]] for row in found}
    effect = text["Effect (maanden extra leervoortgang)"]
    assert "EEF: +6 maanden" in effect[0] and "Leerpunt: +7 maanden" in effect[0]
    assert "Nog geen cijfers uit een toolkit." in effect[1] and "NP-menukaart: +6 maanden" in effect[2]
    assert "NP-menukaart: niet gegeven" in text["Kosten (1 is laag, 5 is hoog)"][2]
    assert "Groep 6–8, Onderbouw vo" in text["Sectoren en leeftijd"][0]
    assert "niet genoemd door de bron" in text["Sectoren en leeftijd"][1]
    assert "Plan elke dag een kringgesprek met een open vraag." in text["Hoe begin je?"][2]
    assert "Praatclub Utrecht" in text["Initiatieven in Utrecht"][2]
    assert "Voorleesclub" not in text["Initiatieven in Utrecht"][1]  # in Noord-Holland, not in Utrecht
    jump = v.page.get_by_role("navigation", name="Onderdelen van de vergelijking").get_by_role("link")
    assert jump.all_inner_texts() == CRITERIA
    v.page.evaluate("window.firstSection = document.querySelector('.kb-compare__criterion')")
    jump.nth(5).focus()
    v.page.keyboard.press("Enter")  # straight to the first steps, far down on a phone
    v.page.wait_for_url("**#kb-compare-hoe-begin-je")
    assert v.page.evaluate("window.firstSection.isConnected")  # only the hash changed: nothing drawn again
    assert v.page.evaluate("document.getElementById('kb-compare-hoe-begin-je').getBoundingClientRect().top") >= 48
    region = v.page.get_by_role("link", name="Alle initiatieven in Utrecht")
    assert region.get_attribute("href") == "../regio/utrecht/"
    assert v.page.locator(".kb-compare-static").is_hidden()
    assert axe(v) == []
    assert v.errors == []
    own_files_only(v)


def test_side_by_side_on_a_desktop(open_page) -> None:
    v = open_page()
    v.goto(THREE)
    drawn(v)
    for row in rows(v):
        cells = row["cells"]
        assert len({round(cell["top"]) for cell in cells}) == 1, row["heading"]  # one row
        assert cells[0]["right"] <= cells[1]["left"] and cells[1]["right"] <= cells[2]["left"]
    assert axe(v) == [] and v.errors == []


def test_choice_lives_in_the_address_and_comes_back(open_page) -> None:
    v = open_page(PHONE)
    v.goto("vergelijk/")
    status = v.page.locator(".kb-compare__status")
    status.filter(has_text="Nog geen kaarten gekozen. Kies er minstens twee.").wait_for()
    add = v.page.get_by_label("Kaart toevoegen")
    for card in ("voorlezen", "aan-het-woord", "feedback"):
        add.select_option(card)
        v.page.get_by_role("button", name="Toevoegen").click()
    v.page.get_by_label("Initiatieven in provincie").select_option(label="Utrecht")
    assert v.page.url.endswith("/vergelijk/?kaarten=voorlezen,aan-het-woord,feedback&provincie=utrecht")
    assert "3 kaarten gekozen." in status.inner_text()

    v.page.reload()  # a shared or bookmarked link gives the same comparison
    drawn(v)
    assert [row["cells"][0]["text"].split("\n")[0] for row in rows(v)[1:]] == ["Zet in op (voor)lezen"] * 7
    assert v.page.get_by_label("Initiatieven in provincie").input_value() == "utrecht"
    assert v.page.locator(".kb-compare__criterion h2").nth(6).inner_text() == "Initiatieven in Utrecht"

    v.page.get_by_role("button", name="Verwijder Zet in op (voor)lezen uit de vergelijking").click()
    assert v.page.url.endswith("?kaarten=aan-het-woord,feedback&provincie=utrecht")
    assert v.page.evaluate("document.activeElement.id") == "kb-compare-add"  # focus not lost with the button
    v.page.go_back()
    v.page.locator(".kb-compare__status", has_text="3 kaarten gekozen.").wait_for()
    assert len(rows(v)[0]["cells"]) == 3

    # unknown cards from an old link are left out, and the page says so
    v.goto("vergelijk/?kaarten=feedback,bestaat-niet,voorlezen,constructor&provincie=__proto__")
    drawn(v)
    assert "2 kaarten uit het adres bestaan niet (meer)" in status.inner_text()
    assert v.page.url.endswith("?kaarten=feedback,voorlezen")
    assert v.errors == []


def test_reached_from_the_table_the_explore_page_and_a_card(open_page) -> None:
    v = open_page(PHONE)
    v.goto("praktijk/op-effect/")  # a plain GET form: ?kaart=a&kaart=b, rewritten by the page
    assert axe(v) == []
    v.page.get_by_role("checkbox", name="Geef gerichte feedback").check()
    v.page.get_by_role("checkbox", name="Zet leerlingen aan het woord").check()
    v.page.get_by_role("button", name="Vergelijk de aangevinkte kaarten").first.click()
    v.page.wait_for_url("**/vergelijk/?kaarten=*")
    drawn(v)
    assert v.page.url.endswith("/vergelijk/?kaarten=feedback,aan-het-woord")

    v.goto("verkennen/?soort=practice")
    v.page.get_by_role("checkbox", name="Vergelijk Zet in op (voor)lezen").check()
    v.page.get_by_role("checkbox", name="Vergelijk Geef gerichte feedback").check()
    v.page.get_by_role("link", name="Vergelijk de 2 gekozen kaarten").click()
    v.page.wait_for_url("**/vergelijk/?kaarten=*")
    assert v.page.url.endswith("/vergelijk/?kaarten=voorlezen,feedback")

    v.goto("praktijk/voorlezen/")
    v.page.get_by_role("link", name="Vergelijk met andere kaarten").click()
    v.page.wait_for_url("**/vergelijk/?kaarten=voorlezen")
    v.page.locator(".kb-compare__status", has_text="1 kaart gekozen").wait_for()
    assert v.errors == [] and v.external_requests() == []


def test_prints_the_columns_without_the_controls(open_page) -> None:
    v = open_page()
    v.goto(THREE)
    drawn(v)
    v.page.emulate_media(media="print")
    shown = v.page.evaluate("""() => ['.kb-compare__form', '.kb-compare__remove', '.kb-compare__print', '.md-header']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert set(shown) == {"none"}
    columns = v.page.evaluate("getComputedStyle(document.querySelector('.kb-compare__row')).gridTemplateColumns")
    assert len(columns.split()) == 3


def test_without_javascript_a_list_of_cards(browser, compare_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{compare_url}/vergelijk/")
        assert page.locator("#kb-compare").is_hidden()
        static = page.locator(".kb-compare-static")
        assert "Met JavaScript zet je op deze pagina twee tot vier praktijkkaarten naast elkaar" in static.inner_text()
        assert static.get_by_role("link", name="Zet leerlingen aan het woord").get_attribute("href") == "../praktijk/aan-het-woord/"
        assert static.get_by_role("link", name="tabel van alle kaarten").count() == 1
    finally:
        context.close()


def test_the_drawn_comparison_is_valid_html(open_page, tmp_path: Path) -> None:
    """vnu checks the built files (test_html_valid.py); this checks the page as the script leaves it."""
    v = open_page()
    v.goto(THREE)
    drawn(v)
    html = v.page.evaluate("document.documentElement.outerHTML")
    assert drawn_page_errors(html, tmp_path / "vergelijk.html") == []
