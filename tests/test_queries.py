"""Unit tests of the derived relations in queries.py, on the small golden knowledge base."""

from __future__ import annotations

import datetime as dt

import pytest

from kennisbank.core import queries as q
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import COLLECTION, DOCUMENT, INITIATIVE, MEETUP, PRACTICE, READING, THEME
from kennisbank.core.models.common import Place

from .conftest import GOLDEN, overlay_content


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    content = overlay_content(tmp_path_factory.mktemp("queries"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    result = load_knowledge_base(content)
    assert result.problems == []
    return result.knowledge


def ids(entries) -> list[str]:
    return [e.id for e in entries]


def test_practices_and_reading_of_a_theme(kb) -> None:
    theme = kb.get_of_kind("taal-centraal", THEME)
    assert ids(q.practices_of_theme(kb, theme)) == ["feedback", "voorlezen"]  # numbered first
    # the podcast is linked to the theme and to a practice of it: listed once
    assert ids(q.reading_for_theme(kb, theme)) == ["podcast"]
    assert [(label, ids(items)) for label, items in q.reading_by_media(q.reading_for_theme(kb, theme))] == [
        ("Podcasts", ["podcast"])]


def test_initiatives_of_a_theme_directly_or_through_practices(kb) -> None:
    theme = kb.get_of_kind("taal-centraal", THEME)
    found = ids(q.initiatives_for_theme(kb, theme))
    assert "voorleesclub" in found  # through the practice voorlezen
    assert found == sorted(found, key=lambda i: kb.get(i).title.casefold())


def test_themes_of_an_initiative_through_its_practices(kb) -> None:
    initiative = kb.get_of_kind("voorleesclub", INITIATIVE)
    assert ids(q.practices_of_initiative(kb, initiative)) == ["voorlezen"]
    assert ids(q.themes_of_initiative(kb, initiative)) == ["taal-centraal"]


def test_initiatives_in_a_region(kb) -> None:
    hilversum = [Place(provincie="Noord-Holland", gemeente="Hilversum")]
    whole_province = [Place(provincie="Noord-Holland")]
    elsewhere = [Place(provincie="Limburg", gemeente="Maastricht")]
    assert ids(q.initiatives_in_region(kb, hilversum)) == ["voorleesclub"]
    assert ids(q.initiatives_in_region(kb, whole_province)) == ["voorleesclub"]
    assert q.initiatives_in_region(kb, elsewhere) == []


def test_national_initiatives_have_no_place(kb) -> None:
    assert all(not e.data.places for e in q.national_initiatives(kb))
    assert "voorleesclub" not in ids(q.national_initiatives(kb))
    assert ids(q.national_initiatives(kb)) == ["landelijk"]


def test_initiatives_by_province_and_meetups_near_an_initiative(kb) -> None:
    [(province, towns)] = q.initiatives_by_province(kb)
    assert province == "Noord-Holland" and [(town, ids(items)) for town, items in towns] == [
        ("Hilversum", ["voorleesclub"])]
    assert ids(q.meetups_near_initiative(kb, kb.get_of_kind("voorleesclub", INITIATIVE))) == ["meetup-gooi"]
    assert q.meetups_near_initiative(kb, kb.get_of_kind("landelijk", INITIATIVE)) == []


def test_collections_documents_and_provenance(kb) -> None:
    collection = kb.get_of_kind("menukaart", COLLECTION)
    sections = q.collection_sections(kb, collection)
    assert [ids(practices) for _section, practices in sections] == [["feedback", "voorlezen"]]
    document = kb.get_of_kind("briefing", DOCUMENT)
    users = q.users_of_document(kb, document)
    assert [(label, ids(items)) for label, items in q.group_by_kind(users)] == [("Praktijkkaarten", ["feedback"])]
    assert [(d.id, lines) for d, lines in q.provenance_of(kb, kb.get_of_kind("feedback", PRACTICE))] == [
        ("briefing", "10-20")]


def test_entries_by_sector(kb) -> None:
    sectors = {key: [(label, ids(items)) for label, items in groups] for key, _label, groups in q.entries_by_sector(kb)}
    assert ("Praktijkkaarten", ["feedback"]) in sectors["vo"]
    assert all(items for groups in sectors.values() for _label, items in groups)


def test_practices_by_age_group_youngest_first_and_only_groups_cards_name(kb) -> None:
    found = [(key, label, ids(cards)) for key, label, cards in q.practices_by_age_group(kb)]
    assert found == [("groep-6-8", "Groep 6–8", ["feedback"]), ("onderbouw-vo", "Onderbouw vo", ["feedback"])]
    # voorlezen names no age group: it is in none, not guessed into every group of its sectors


def test_added_by_day_leaves_out_the_first_day_and_keeps_a_stable_order(kb) -> None:
    same_day = {e.path: dt.date(2026, 1, 1) for e in kb.entries.values()}
    assert q.added_by_day(kb, same_day) == []  # all at once: the knowledge base began, nothing is 'recent'
    later = {path: dt.date(2026, 2, 1) for path in same_day if "/practices/" in path or "/reading/" in path}
    days = q.added_by_day(kb, {**same_day, **later, "content/documents/briefing.yml": dt.date(2026, 3, 1)})
    assert [day for day, _entries in days] == [dt.date(2026, 2, 1)]  # source documents are not news
    [(_day, entries)] = days
    assert [e.kind for e in entries] == [PRACTICE, PRACTICE, READING]  # kind order, then title: not random
    assert DOCUMENT not in [e.kind for e in entries]
    many = {**same_day, **{path: dt.date(2026, 1, 1 + n) for n, path in enumerate(sorted(same_day))}}
    assert len(q.added_by_day(kb, many, days=3)) == 3


def test_meetup_themes(kb) -> None:
    meetup = kb.get_of_kind("meetup-gooi", MEETUP)
    assert ids(q.meetup_themes(kb, meetup)) == ["taal-centraal"]
    assert ids(q.meetups_of_theme(kb, kb.get_of_kind("taal-centraal", THEME))) == ["meetup-gooi"]


@pytest.fixture(scope="module")
def kb_two_themes(tmp_path_factory):
    """The golden knowledge base with a second theme, so that the rule for the themes of an entry shows."""
    content = overlay_content(tmp_path_factory.mktemp("themes"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    source = "sources: [{title: Een bron, publisher: NRO, year: 2020}]\n"
    extra = {
        "themes/ouders.md": "---\ntitle: Ouders als partner\nquestion: Hoe werken we samen met ouders?\n"
                            "summary: Over ouderbetrokkenheid.\norder: 2\n---\nInleiding.\n",
        # related to a card of 'taal-centraal': a 'see also', which gives no theme
        "practices/ouderavond.md": "---\ntitle: Houd een ouderavond\nsummary: Praat met ouders.\nthemes: [ouders]\n"
                                   f"related: [voorlezen]\n{source}---\nTekst.\n",
        "practices/zonder-thema.md": "---\ntitle: Kaart zonder thema\nsummary: Nog niet ingedeeld.\n"
                                     f"related: [feedback]\n{source}---\nTekst.\n",
        "reading/oudertip.yml": "title: Ouders en taal\nauthors: [Een Maker]\nmedia_type: artikel\nyear: 2020\n"
                                "url: https://example.org/oudertip\nthemes: [ouders]\npractices: [voorlezen]\n",
        "initiatives/ouderclub.yml": "title: Ouderclub\nsummary: Ouders lezen voor.\nscope: landelijk\n"
                                     "practices: [ouderavond, voorlezen]\n",
        "collections/ouderpakket.yml": "title: Ouderpakket\nsummary: Kaarten voor ouders.\nthemes: [ouders]\n"
                                       "sections:\n  - title: Alles\n    practices: [ouderavond, feedback, zonder-thema]\n",
        "meetups/meetup-ouders.md": "---\ntitle: Meetup ouders\nsummary: Over ouders en taal.\nregion:\n  name: Gooi\n"
                                    "  places:\n    - {provincie: Noord-Holland, gemeente: Huizen}\n"
                                    "themes: [ouders, taal-centraal]\nagenda:\n  - theme: ouders\n"
                                    "    practices: [feedback]\n---\nTekst.\n",
    }
    for name, text in extra.items():
        (content / name).write_text(text, encoding="utf-8")
    result = load_knowledge_base(content)
    assert result.problems == []
    return result.knowledge


@pytest.mark.parametrize(("entry_id", "expected"), [
    ("taal-centraal", ["taal-centraal"]),  # a theme belongs to itself
    ("ouders", ["ouders"]),
    ("ouderavond", ["ouders"]),  # a card: the themes it names, not those of its related cards
    ("zonder-thema", []),
    ("oudertip", ["taal-centraal", "ouders"]),  # a tip: its own and those of its cards, in theme order
    ("podcast", ["taal-centraal"]),  # named and through its card: once
    ("ouderclub", ["taal-centraal", "ouders"]),  # an initiative: through its cards
    ("voorleesclub", ["taal-centraal"]),
    ("ouderpakket", ["ouders"]),  # a collection: the themes it names, not those of every card it bundles
    ("menukaart", []),
    ("meetup-ouders", ["taal-centraal", "ouders"]),  # a meetup: what it names (not its agenda cards' themes)
])
def test_themes_of_an_entry(kb_two_themes, entry_id: str, expected: list[str]) -> None:
    assert ids(q.themes_of(kb_two_themes, kb_two_themes.get(entry_id))) == expected


def test_kind_specific_theme_lists_hold_the_same_themes(kb_two_themes) -> None:
    kb = kb_two_themes
    meetup = kb.get_of_kind("meetup-ouders", MEETUP)
    assert ids(q.meetup_themes(kb, meetup)) == ["ouders", "taal-centraal"]  # its own order, for its briefing
    assert set(ids(q.meetup_themes(kb, meetup))) == set(ids(q.themes_of(kb, meetup)))
    collection = kb.get_of_kind("ouderpakket", COLLECTION)
    assert set(ids(q.collection_themes(kb, collection))) == set(ids(q.themes_of(kb, collection)))
    for initiative in kb.of_kind(INITIATIVE):
        assert q.themes_of_initiative(kb, initiative) == q.themes_of(kb, initiative)
    for practice in kb.of_kind(PRACTICE):
        assert set(ids(q.themes_of_practice(kb, practice))) == set(ids(q.themes_of(kb, practice)))


# -- each entry once per overview ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def kb_places(tmp_path_factory):
    """The golden knowledge base with initiatives in several gemeenten, a whole provincie, two provincies and
    an unknown place: the cases where an overview by place could list an initiative more than once."""
    content = overlay_content(tmp_path_factory.mktemp("places"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    extra = {
        "maatjes.yml": "places:\n  - {provincie: Noord-Holland, gemeente: Hilversum}\n"
                       "  - {provincie: Noord-Holland, gemeente: Huizen}\n"
                       "  - {provincie: Noord-Holland, gemeente: Laren}\n",
        "heel-utrecht.yml": "places:\n  - {provincie: Utrecht}\n",
        "grensgebied.yml": "places:\n  - {provincie: Utrecht, gemeente: Utrecht}\n"
                           "  - {provincie: Gelderland, gemeente: Arnhem}\n",
        "ergens.yml": "place_note: De bron noemt geen plaats.\n",
    }
    for name, places in extra.items():
        title = name.removesuffix(".yml").capitalize()
        (content / "initiatives" / name).write_text(
            f"title: {title}\nsummary: Een voorbeeld.\nscope: regionaal\n{places}practices: [voorlezen]\n",
            encoding="utf-8")
    result = load_knowledge_base(content)
    assert result.problems == []
    return result.knowledge


def test_the_initiatives_overview_names_each_initiative_once(kb_places) -> None:
    kb = kb_places
    overview = [(province, [(town, ids(items)) for town, items in towns])
                for province, towns in q.initiatives_once_by_province(kb)]
    assert overview == [
        ("Utrecht", [("Heel Utrecht", ["heel-utrecht"])]),
        ("Noord-Holland", [("Hilversum", ["voorleesclub"]), (q.MORE_TOWNS, ["maatjes"])]),
        (q.MORE_PROVINCES, [("", ["grensgebied"])]),
    ]
    listed = [e for _p, towns in q.initiatives_once_by_province(kb) for _t, items in towns for e in items]
    listed += q.unplaced_initiatives(kb) + q.national_initiatives(kb)
    assert sorted(ids(listed)) == sorted(ids(kb.of_kind(INITIATIVE)))  # every one, and each once
    # a region page still answers 'what is there in my gemeente?': maatjes under each of its gemeenten
    towns = dict(dict(q.initiatives_by_province(kb))["Noord-Holland"])
    assert all("maatjes" in ids(towns[town]) for town in ("Hilversum", "Huizen", "Laren"))


def test_a_theme_page_groups_its_initiatives_by_provincie_each_once(kb_places) -> None:
    kb = kb_places
    theme = kb.get_of_kind("taal-centraal", THEME)
    groups = [(label, ids(items)) for label, items in q.initiatives_per_province(q.initiatives_for_theme(kb, theme))]
    assert groups == [
        ("Utrecht", ["heel-utrecht"]),
        ("Noord-Holland", ["maatjes", "voorleesclub"]),  # by title within a provincie
        (q.MORE_PROVINCES, ["grensgebied"]),
        (q.PLACE_UNKNOWN, ["ergens"]),
        (q.NATIONAL, ["landelijk"]),
    ]
    assert q.province_of(kb.get_of_kind("maatjes", INITIATIVE)) == "Noord-Holland"
    assert q.province_of(kb.get_of_kind("landelijk", INITIATIVE)) is None


def test_the_practice_index_names_each_card_once(kb_two_themes) -> None:
    kb = kb_two_themes
    themes, collections, others = q.practices_for_index(kb)
    assert [(t.id, ids(cards)) for t, cards in themes] == [("taal-centraal", ["feedback", "voorlezen"]),
                                                           ("ouders", ["ouderavond"])]
    # menukaart holds only cards of a theme: no section left; ouderpakket keeps the card no theme holds
    assert [(c.id, [(s.title, ids(cards)) for s, cards in sections]) for c, sections in collections] == [
        ("menukaart", []), ("ouderpakket", [("Alles", ["zonder-thema"])])]
    assert others == []
    listed = [card for _t, cards in themes for card in cards]
    listed += [card for _c, sections in collections for _s, cards in sections for card in cards] + others
    assert sorted(ids(listed)) == sorted(ids(kb.of_kind(PRACTICE)))
