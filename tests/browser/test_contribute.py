"""Contributing from the page, as a visitor would: the links under a card, on a region page and on Bijdragen open
the right GitHub issue form with what the page knows filled in, and following one never leaves the browser without
the visitor's click (the test server blocks every other host)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

FORMS = "https://github.com/kennisbank-kansengelijkheid/kennisbank/issues/new"


def _form_link(v, name: str) -> tuple[str, dict[str, str]]:
    """The address behind the link the visitor sees as `name`: (template, {field id: value})."""
    link = v.page.locator("article").get_by_role("link", name=name, exact=True).first
    link.wait_for()
    href = link.get_attribute("href")
    assert href is not None
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == FORMS
    query = dict(parse_qsl(parts.query))
    return query.pop("template"), query


def test_a_card_opens_the_forms_with_the_card_filled_in(visit) -> None:
    v = visit()
    v.goto("praktijk/voorlezen/")
    assert _form_link(v, "Meld een initiatief") == ("nieuw-initiatief.yml", {"praktijkkaarten": "voorlezen"})
    assert _form_link(v, "Stel een leestip voor") == ("nieuwe-leestip.yml", {"praktijkkaarten": "voorlezen"})
    template, fields = _form_link(v, "Meld een fout of aanvulling")
    assert template == "fout-of-aanvulling.yml"
    assert fields["title"] == "Fout of aanvulling: Zet in op (voor)lezen"  # the title as shown, decoded intact
    assert fields["pagina"].endswith("/praktijk/voorlezen/")


def test_a_region_and_its_briefing_fill_in_the_provincie(visit) -> None:
    v = visit()
    for path in ("regio/noord-holland/", "regio/noord-holland-briefing/"):
        v.goto(path)
        assert _form_link(v, "Meld een initiatief") == ("nieuw-initiatief.yml", {"provincie": "Noord-Holland"})


def test_the_overviews_and_bijdragen_start_with_the_forms(visit) -> None:
    v = visit()
    v.goto("initiatieven/")
    assert _form_link(v, "Meld een initiatief") == ("nieuw-initiatief.yml", {})
    v.goto("lezen/")
    assert _form_link(v, "Stel een leestip voor") == ("nieuwe-leestip.yml", {})
    v.goto("bijdragen/")
    first_list = v.page.locator("article ul").first
    assert [a.inner_text() for a in first_list.get_by_role("link").all()] == [
        "Meld een initiatief", "Stel een leestip voor", "Meld een fout of aanvulling"]
    assert _form_link(v, "Meld een fout of aanvulling") == ("fout-of-aanvulling.yml", {})


def test_the_accessibility_statement_is_reached_from_over_and_reports_through_a_form(visit) -> None:
    v = visit()
    v.goto("over/")
    v.page.locator("article").get_by_role("link", name="toegankelijkheidsverklaring").click()
    v.page.wait_for_url("**/toegankelijkheid/")
    assert v.page.locator("h1").inner_text().startswith("Toegankelijkheidsverklaring")
    template, fields = _form_link(v, "het formulier Fout of aanvulling")
    assert template == "fout-of-aanvulling.yml" and fields["title"].startswith("Toegankelijkheid")
    assert v.errors == [] and v.external_requests() == []
