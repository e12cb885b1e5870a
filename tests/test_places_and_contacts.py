"""Initiatives by place and by source: an initiative whose place is unknown is never filed as national, a meetup's
briefing shows every initiative its own source names, and a contact route is shown with where it was found."""

from __future__ import annotations

import re

import pytest

from kennisbank.core import queries as q
from kennisbank.core.history import History
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import INITIATIVE, MEETUP
from kennisbank.core.models.initiative import Initiative
from kennisbank.outputs.briefing import meetup_briefing
from kennisbank.outputs.data.csv import columns, value_at
from kennisbank.outputs.data.json import record
from kennisbank.outputs.pages import SiteRenderer, render_site
from kennisbank.outputs.pdf import briefing_html

from .conftest import GOLDEN, ROOT, overlay_content

SITE = "https://kennisbank.example.org/"
EXTRA = {
    # Named in the meetup's source, place unknown: a contact page found on the organisation's home page.
    "initiatives/buurtidee.yml": """title: Buurtidee
summary: Een idee uit de briefing.
scope: lokaal
place_note: De bron noemt geen plaats.
themes: [taal-centraal]
provenance: [{document: briefing, lines: "40-45"}]
contact: {url: "https://example.org/contact", kind: contact, seen: 2026-12-06, found_on: "https://example.org/"}
""",
    # Named in the meetup's source, working in another province; the source gives its address.
    "initiatives/elders.yml": """title: Elders
summary: Werkt ver weg.
scope: lokaal
places:
  - {provincie: Groningen, gemeente: Groningen}
place_note: De bron noemt de stad; de gemeente staat op de pagina hieronder.
place_sources:
  - {url: "https://example.org/plaats", seen: 2026-12-06}
themes: [taal-centraal]
provenance: [{document: briefing, lines: "10, 12-14"}]
contact: {url: "https://example.org/elders", kind: initiatief, seen: 2026-12-06, source: {document: briefing, lines: "10"}}
""",
    # In the same document but outside the meetup's lines: not named by this meetup.
    "initiatives/los.yml": """title: Los
summary: Staat verderop in de briefing.
scope: regionaal
place_note: De bron noemt geen plaats.
themes: [taal-centraal]
provenance: [{document: briefing, lines: "900"}]
""",
    "meetups/meetup-bron.md": """---
title: Meetup met een bron
summary: Een meetup waarvan de briefing initiatieven noemt.
date: 2099-01-01
region:
  name: Hilversum
  places:
    - {provincie: Noord-Holland, gemeente: Hilversum}
themes: [taal-centraal]
provenance: [{document: briefing, lines: "1-100"}]
---
Welkom.
""",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    content = overlay_content(tmp_path_factory.mktemp("places"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    for name, text in EXTRA.items():
        (content / name).write_text(text, encoding="utf-8")
    result = load_knowledge_base(content)
    assert [p.format() for p in result.errors] == []
    return result.knowledge


def ids(entries) -> list[str]:
    return [e.id for e in entries]


def test_unplaced_local_initiatives_are_not_national(kb) -> None:
    assert ids(q.national_initiatives(kb)) == ["landelijk"]
    assert ids(q.unplaced_initiatives(kb)) == ["buurtidee", "los"]


def test_a_meetup_names_the_initiatives_of_its_own_source_lines(kb) -> None:
    meetup = kb.get_of_kind("meetup-bron", MEETUP)
    assert ids(q.initiatives_named_with(kb, meetup)) == ["buurtidee", "elders"]
    assert q.initiatives_named_with(kb, kb.get_of_kind("meetup-gooi", MEETUP)) == []  # no provenance
    assert ids(q.meetups_naming_initiative(kb, kb.get_of_kind("elders", INITIATIVE))) == ["meetup-bron"]
    [part] = meetup_briefing(kb, meetup).themes
    assert ids(part.initiatives.here) == ["voorleesclub"]
    assert ids(part.initiatives.named) == ["buurtidee", "elders"]
    assert ids(part.initiatives.national) == ["landelijk"]


def test_pages_show_place_notes_contacts_and_where_they_were_found(kb) -> None:
    pages = {page.path: str(page.text) for page in render_site(kb, {})}
    index = pages["initiatieven/index.md"]
    unplaced, national = index.split("## Plaats niet bekend")[1].split("## Landelijk en internationaal")
    assert "Buurtidee" in unplaced and "Los" in unplaced and "Landelijk programma" not in unplaced
    assert "Landelijk programma" in national and "Buurtidee" not in national
    buurtidee = pages["initiatieven/buurtidee.md"]
    assert "De bron noemt geen plaats." in buurtidee
    assert re.search(r'Contact- of adrespagina: <a href="https://example.org/contact">.*opgezocht op 6 december '
                     r'2026; gevonden op <a href="https://example.org/">', buurtidee)
    elders = pages["initiatieven/elders.md"]
    assert "Groningen" in elders and "De bron noemt de stad" in elders and "https://example.org/plaats" in elders
    assert "het adres staat in [Briefing](../bronnen/briefing.md)" in elders
    assert "## Genoemd in de bron van" in elders and "Meetup met een bron" in elders
    assert "Nog geen contactgegevens" in pages["initiatieven/voorleesclub.md"]
    meetup = pages["meetups/meetup-bron.md"]
    named = meetup.split("#### Genoemd in de bron van deze meetup")[1].split("####")[0]
    assert "Buurtidee" in named and "Elders" in named and "plaats onbekend" in named


def test_print_html_names_the_sources_initiatives_with_their_contact(kb) -> None:
    html = briefing_html(meetup_briefing(kb, kb.get_of_kind("meetup-bron", MEETUP)), SITE, SITE + "meetups/x/")
    named = html.split("Genoemd in de bron van deze meetup")[1].split("<h4>")[0]
    assert "Buurtidee" in named and "plaats onbekend" in named and 'href="https://example.org/contact"' in named


# -- the real content -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(tmp_path_factory):
    result = load_knowledge_base(overlay_content(tmp_path_factory.mktemp("real"), ROOT / "content"))
    assert result.errors == []
    return result.knowledge


def test_hilversum_page_and_briefing_name_every_initiative_of_its_briefing(real) -> None:
    meetup = real.get_of_kind("meetup-hilversum", MEETUP)
    briefing = meetup_briefing(real, meetup)
    shown = {e.id for e in briefing.initiatives()}
    must = {"unita-multidisciplinair-overleg", "unita-arrangementen", "jeugdconsulenten-op-alle-scholen-hilversum",
            "prachtklas", "verlengde-schooldag-groningen"}
    assert must <= shown
    # every local or regional initiative that the Hilversum briefing (source 003) names
    from_source = {e.id for e in real.of_kind(INITIATIVE) if e.data.scope in ("lokaal", "regionaal")
                   and any(p.document == "briefing-meetup-hilversum" for p in e.data.provenance)}
    assert from_source and from_source <= shown
    page = str(SiteRenderer(real).meetup(meetup).text)
    html = briefing_html(briefing, SITE, SITE + "meetups/meetup-hilversum/")
    for initiative in must:
        title = real.get_of_kind(initiative, INITIATIVE).title
        assert title.split(":")[0] in page and title.split(":")[0] in html, title


def test_every_meetup_shows_every_initiative_its_source_names(real) -> None:
    for meetup in real.of_kind(MEETUP):
        briefing = meetup_briefing(real, meetup)
        assert {e.id for e in q.initiatives_named_with(real, meetup)} <= {e.id for e in briefing.initiatives()}


def _national_section(index: str) -> list[str]:
    section = index.split("## Landelijk en internationaal", 1)[1]
    return re.findall(r"\]\((?:\.\./initiatieven/)?([a-z0-9-]+)\.md\)", section)


def test_no_local_initiative_is_listed_as_national(real) -> None:
    index = next(p for p in SiteRenderer(real).overviews() if p.path == "initiatieven/index.md")
    listed = _national_section(str(index.text))
    assert listed, "the section 'Landelijk en internationaal' lists nothing"
    for initiative_id in listed:
        data: Initiative = real.get_of_kind(initiative_id, INITIATIVE).data
        assert data.scope in ("landelijk", "internationaal"), f"{initiative_id} ({data.scope}) listed as national"
    for meetup in real.of_kind(MEETUP):
        for part in meetup_briefing(real, meetup).themes:
            assert all(e.data.scope in ("landelijk", "internationaal") for e in part.initiatives.national)


def test_every_local_initiative_has_a_place_or_says_why_not(real) -> None:
    for initiative in real.of_kind(INITIATIVE):
        data = initiative.data
        if data.scope in ("lokaal", "regionaal") and not data.places:
            assert data.place_note, initiative.path
        if data.place_sources:
            assert data.place_note, f"{initiative.path}: say in place_note what the source gives and what the pages add"


def test_contact_routes_say_where_they_were_found(real) -> None:
    for initiative in real.of_kind(INITIATIVE):
        contact = initiative.data.contact
        if contact is None:
            continue
        assert (contact.found_on is None) != (contact.source is None), initiative.path
        assert "mailto:" not in contact.url and "@" not in contact.url, f"{initiative.path}: a page, not an address"


def test_csv_carries_the_contact_route_and_where_it_was_found(kb) -> None:
    keys = {key.key: key for key in columns(INITIATIVE)}

    def value(entry_id: str, key: str) -> object:
        return value_at(record(kb.get_of_kind(entry_id, INITIATIVE), History(), SITE), keys[key].path)

    assert value("buurtidee", "contact_url") == "https://example.org/contact"
    assert value("buurtidee", "contact_found_on") == "https://example.org/"
    assert value("elders", "contact_source_document") == "briefing"  # the source document's id
    assert value("elders", "place_sources_url") == ["https://example.org/plaats"]
    assert value("voorleesclub", "contact_url") is None


@pytest.mark.parametrize(("data", "message"), [
    ({"scope": "lokaal"}, "minstens één plaats nodig"),
    ({"scope": "lokaal", "places": [{"provincie": "Utrecht"}],
      "place_sources": [{"url": "https://example.org/", "seen": "2026-12-06"}]}, "zeg onder 'place_note'"),
    ({"scope": "landelijk", "url": "https://example.org/", "url_seen": "2026-12-06"}, "'url_found_on'"),
    ({"scope": "landelijk", "contact": {"url": "https://example.org/", "kind": "contact", "seen": "2026-12-06"}},
     "waar je het contactadres vond"),
    ({"scope": "landelijk", "contact": {"url": "https://example.org/", "kind": "contact", "seen": "2026-12-06",
                                        "found_on": "https://example.org/", "source": {"document": "x"}}},
     "waar je het contactadres vond"),
])
def test_model_rules_for_places_and_contacts(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Initiative.model_validate({"title": "T", "summary": "S", **data})
