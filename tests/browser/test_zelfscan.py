"""The self-scan ("Zelfscan") in Chromium, used as a teacher would: statements answered with the keyboard, results
with their reasons and links, the answers in the address (shared, restored), nothing stored or sent, the static
lists without JavaScript, and no axe violations (WCAG 2.1 and 2.2 A/AA, best practice).

The flow runs on the site built from the real content/ (two scans of about nine statements); the details of
sectors and cards on the small golden site, whose one scan is known by heart."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import expect

from .conftest import AXE, Visit
from .test_html_valid import drawn_page_errors
from .test_search import real_site, real_url  # noqa: F401 - fixtures: the site built from the real content

PAGE = "zelfscan/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def _answers(v: Visit) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(v.page.url).fragment))


def _statement(v: Visit, start: str):
    return v.page.locator("fieldset.kb-zelfscan__statement", has=v.page.locator("legend", has_text=start))


def _status(v: Visit) -> str:
    return v.page.locator(".kb-zelfscan__status").inner_text()


def _clean(v: Visit) -> None:
    assert v.errors == [], v.errors
    assert v.external_requests() == []


def _axe(v: Visit) -> list[str]:
    v.page.add_script_tag(path=str(AXE))
    result = v.page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                             AXE_TAGS)
    return [f"{x['id']} ({x['impact']}): {x['help']} → " + "; ".join(" ".join(n["target"]) for n in x["nodes"][:5])
            for x in result["violations"]]


def _real(browser, real_url: str) -> Visit:  # noqa: F811 - the fixture's value
    return Visit(browser, real_url)


def test_a_teacher_answers_with_the_keyboard_and_shares_the_link(browser, real_url) -> None:  # noqa: F811
    v = _real(browser, real_url)
    try:
        v.goto(PAGE)
        assert v.page.locator(".kb-zelfscan-static").is_hidden()
        expect(v.page.locator(".kb-zelfscan__status")).to_have_text(re.compile("nog geen stellingen"))
        assert v.page.get_by_role("radio", name="Leraar").is_checked()
        assert v.page.get_by_role("radio", name="Primair onderwijs").is_checked()
        statements = v.page.locator("fieldset.kb-zelfscan__statement")
        assert statements.count() == 9
        loaded = len(v.requests)

        # Keyboard only: Tab from the sector to the first statement, arrows within a group, Space to choose.
        v.page.get_by_role("radio", name="Primair onderwijs").focus()
        v.page.keyboard.press("Tab")
        v.page.keyboard.press("ArrowRight")  # nothing chosen yet: the arrow moves to and picks 'Klopt deels'
        v.page.keyboard.press("ArrowRight")  # 'Klopt (nog) niet'
        v.page.keyboard.press("Tab")
        v.page.keyboard.press("Space")  # 'Klopt'
        v.page.keyboard.press("Tab")
        v.page.keyboard.press("ArrowRight")  # 'Klopt deels'
        first = statements.nth(0)
        assert first.get_by_role("radio", name="Klopt (nog) niet").is_checked()
        assert statements.nth(1).get_by_role("radio", name="Klopt", exact=True).is_checked()
        assert statements.nth(2).get_by_role("radio", name="Klopt deels").is_checked()

        status = v.page.locator(".kb-zelfscan__status")
        assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
        assert _status(v).startswith("3 stellingen van 9 beantwoord. 1 thema en ")
        # The results: the theme first, then each statement that does not (fully) hold with its reason and cards.
        results = v.page.locator(".kb-zelfscan__results")
        assert results.locator(".kb-zelfscan__themes a").all_inner_texts() == ["Taal centraal"]
        assert results.locator(".kb-zelfscan__themes li").all_inner_texts() == ["Taal centraal (2 stellingen)"]
        reasons = results.locator(".kb-zelfscan__reason")
        assert reasons.count() == 2
        assert reasons.nth(0).inner_text().startswith("Klopt (nog) niet: Loopt een kind in mijn groep achter")
        assert "Een taalachterstand die vroeg opvalt" in reasons.nth(0).inner_text()
        assert reasons.nth(1).inner_text().startswith("Klopt deels: In mijn groep wordt elke dag voorgelezen")
        assert "Signaleer samen - zo vroeg mogelijk" in reasons.nth(0).locator("ul a").all_inner_texts()
        assert "Wat al klopt" in results.inner_text()

        # The answers are in the address (after '#': never sent to a server), and nothing else left the page.
        assert _answers(v) == {"rol": "leraar", "sector": "po", "vroeg-signaleren": "nee", "thuistalen": "ja",
                               "voorlezen": "deels"}
        assert v.page.locator("#kb-zelfscan-link").input_value() == v.page.url
        # What the page still loads after answering is the site's own assets (the favicon, Material's
        # lazily loaded parts), never a request of the script or one that carries the answers.
        later = v.requests[loaded:]
        assert all(urlsplit(url).path.startswith("/assets/") and not urlsplit(url).query
                   and not urlsplit(url).path.startswith("/assets/kennisbank/") for url in later), later
        assert not any("nee" in url or "deels" in url for url in v.requests)
        assert v.context.cookies() == []
        assert v.page.evaluate("localStorage.length + sessionStorage.length") == 0

        # A result link leads to the card; back again, the answers are still there.
        shared = v.page.url
        reasons.nth(0).get_by_role("link", name="Signaleer samen - zo vroeg mogelijk").click()
        v.page.wait_for_url("**/praktijk/signaleer-samen-zo-vroeg-mogelijk/")
        v.page.go_back()
        v.page.wait_for_url(shared)
        expect(v.page.locator(".kb-zelfscan__status")).to_have_text(re.compile("^3 stellingen van 9"))
        assert _clean(v) is None
    finally:
        v.close()

    # A colleague opens the shared link in a browser of their own: the same answers and results.
    other = _real(browser, real_url)
    try:
        other.page.goto(shared)
        expect(other.page.locator(".kb-zelfscan__status")).to_have_text(re.compile("^3 stellingen van 9"))
        assert _statement(other, "1. Loopt een kind").get_by_role("radio", name="Klopt (nog) niet").is_checked()
        assert _statement(other, "3. In mijn groep").get_by_role("radio", name="Klopt deels").is_checked()
        assert other.page.locator(".kb-zelfscan__reason").count() == 2
        _clean(other)
    finally:
        other.close()


def test_sector_and_role_change_the_statements(browser, real_url) -> None:  # noqa: F811
    v = _real(browser, real_url)
    try:
        v.goto(PAGE + "#rol=leraar&sector=po&vroeg-signaleren=nee&thuistalen=deels")
        expect(v.page.locator(".kb-zelfscan__status")).to_have_text(re.compile("^2 stellingen"))
        v.page.get_by_role("radio", name="Voortgezet onderwijs").check()
        # The po-only statement and its answer are gone, the vo statements are there, the shared one kept.
        assert _answers(v) == {"rol": "leraar", "sector": "vo", "thuistalen": "deels"}
        legends = v.page.locator("fieldset.kb-zelfscan__statement legend").all_inner_texts()
        assert len(legends) == 9 and legends[0].startswith("1. Ook in mijn eigen vak")
        assert not any("Loopt een kind" in text for text in legends)
        v.page.get_by_role("radio", name="Schoolleider").check()
        assert _answers(v) == {"rol": "schoolleider", "sector": "vo"}
        assert v.page.locator("#kb-zelfscan-title").inner_text() == "Zelfscan voor schoolleiders"
        expect(v.page.locator(".kb-zelfscan__status")).to_have_text(re.compile("nog geen stellingen"))
        # A link to one scan's heading (as other pages make) opens that scan.
        v.goto(PAGE + "#schoolleider")
        assert v.page.get_by_role("radio", name="Schoolleider").is_checked()
        assert _answers(v)["rol"] == "schoolleider"
        _clean(v)
    finally:
        v.close()


def test_cards_follow_the_sector_and_answers_can_be_cleared(visit) -> None:
    v = visit()
    v.goto(PAGE + "#rol=leraar&sector=po&feedback=nee")
    cards = v.page.locator(".kb-zelfscan__reason ul a")
    expect(cards).to_have_count(2)
    assert cards.all_inner_texts() == ["Geef gerichte feedback", "Zet in op (voor)lezen"]
    v.page.get_by_role("radio", name="Voortgezet onderwijs").check()
    assert cards.all_inner_texts() == ["Geef gerichte feedback"]  # the reading card is for po only
    v.page.get_by_role("button", name="Wis mijn antwoorden").click()
    assert _answers(v) == {"rol": "leraar", "sector": "vo"}
    assert v.page.locator(".kb-zelfscan__reason").count() == 0
    _clean(v)


def test_a_tampered_address_falls_back_to_the_first_scan(visit) -> None:
    v = visit()
    v.goto(PAGE + "#rol=constructor&sector=__proto__&feedback=toString&voorlezen=nee&__proto__=ja")
    expect(v.page.locator(".kb-zelfscan__status")).to_have_text(re.compile("^1 stelling van 2"))
    assert _answers(v) == {"rol": "leraar", "sector": "po", "voorlezen": "nee"}
    _clean(v)


def test_a_team_puts_colleagues_answers_next_to_their_own(visit) -> None:
    v = visit()
    v.goto(PAGE + "#rol=leraar&sector=po&voorlezen=nee&feedback=ja")
    loaded = len(v.requests)
    field = v.page.get_by_label("Link van een collega")
    field.fill("https://example.org/zelfscan/#rol=leraar&sector=vo&feedback=nee")
    field.press("Enter")
    assert "Kies eerst dezelfde scan en sector" in v.page.locator(".kb-zelfscan__compare-status").inner_text()
    field.fill("https://example.org/zelfscan/#rol=leraar&sector=po&voorlezen=ja&feedback=ja")
    v.page.get_by_role("button", name="Zet ernaast").click()
    field.fill("#rol=leraar&sector=po&voorlezen=deels")
    field.press("Enter")
    expect(v.page.locator(".kb-zelfscan__compare-status")).to_have_text("Collega 2 staat in de tabel, met 1 antwoord.")
    table = v.page.get_by_role("table", name="Jouw antwoorden naast die van je collega's")
    rows = [row.locator("th, td").all_inner_texts() for row in table.locator("tr").all()]
    assert rows == [
        ["Stelling", "Jij", "Collega 1", "Collega 2", "Verschil"],
        ["1. In mijn groep wordt *elke dag* voorgelezen.", "Klopt (nog) niet", "Klopt", "Klopt deels", "ja"],
        ["2. Mijn leerlingen weten wat ze goed doen en wat beter kan.", "Klopt", "Klopt", "–", ""],
    ]
    # Changing an own answer updates the table; nothing was fetched or sent, the address holds only own answers.
    v.page.locator("fieldset.kb-zelfscan__statement").nth(0).get_by_role("radio", name="Klopt", exact=True).check()
    assert table.locator("tbody tr").nth(0).locator("td").all_inner_texts()[0] == "Klopt"
    assert _answers(v) == {"rol": "leraar", "sector": "po", "voorlezen": "ja", "feedback": "ja"}
    assert all(urlsplit(url).path.startswith("/assets/") for url in v.requests[loaded:])
    assert _axe(v) == []
    v.page.get_by_role("radio", name="Voortgezet onderwijs").check()
    assert table.count() == 0  # the colleagues' answers were for po
    _clean(v)


def test_without_javascript_each_statement_links_to_its_theme(browser, base_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGE}")
        static = page.locator(".kb-zelfscan-static")
        assert static.is_visible() and page.locator("#kb-zelfscan").is_hidden()
        items = static.locator("ol > li")
        assert items.count() == 2
        for index in range(2):
            assert items.nth(index).get_by_role("link", name="Taal centraal").get_attribute("href") == \
                "../themas/taal-centraal/"
        assert "Gerichte feedback helpt leerlingen verder." in items.nth(1).inner_text()
    finally:
        context.close()


def test_the_answered_scan_is_accessible(visit) -> None:
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        v = visit(viewport)
        v.goto(PAGE + "#rol=leraar&sector=po&voorlezen=nee&feedback=ja")
        expect(v.page.locator(".kb-zelfscan__reason")).to_have_count(1)
        assert _axe(v) == []
        assert v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        _clean(v)


def test_the_form_and_results_the_script_draws_are_valid_html(visit, tmp_path: Path) -> None:
    """test_html_valid checks the page as built; this checks it as the script leaves it, with results."""
    v = visit()
    v.goto(PAGE + "#rol=leraar&sector=po&voorlezen=nee&feedback=deels")
    expect(v.page.locator(".kb-zelfscan__reason")).to_have_count(2)
    html = v.page.locator("html").evaluate("e => e.outerHTML")
    assert "kb-zelfscan__statement" in html
    assert drawn_page_errors(html, tmp_path / "zelfscan.html") == []
