"""Derived relations of the knowledge base as plain functions; every output (pages, search, data) reads these."""

from __future__ import annotations

import datetime as dt
import sys
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import wraps
from typing import Any, TypeVar

from kennisbank.core.models.collection import Section
from kennisbank.core.models.common import SECTOR_LABELS, Place
from kennisbank.core.models.practice import AGE_GROUP_LABELS
from kennisbank.core.models.reading import MEDIA_LABELS
from kennisbank.core.models.scan import Statement

from . import reads
from .knowledge import Entry, KnowledgeBase, sort_key
from .models import (
    COLLECTION,
    DOCUMENT,
    INITIATIVE,
    KINDS,
    MEETUP,
    PRACTICE,
    READING,
    SCAN,
    TERM,
    THEME,
    Collection,
    EntryModel,
    Initiative,
    Kind,
    Meetup,
    Practice,
    ReadingItem,
    Scan,
    SourceDocument,
    Term,
    Theme,
)
from .regions import PROVINCES

T = TypeVar("T")
M = TypeVar("M", bound=EntryModel)


def _per_knowledge_base(build: Callable[[KnowledgeBase], T]) -> Callable[[KnowledgeBase], T]:
    """Compute an index once per knowledge base (it is immutable) and forget it with the knowledge base; each use
    counts the entries its computation read (reads.py), so a page that uses it depends on them."""
    cache: weakref.WeakKeyDictionary[KnowledgeBase, tuple[T, frozenset[reads.Read]]] = weakref.WeakKeyDictionary()

    @wraps(build)
    def cached(kb: KnowledgeBase) -> T:
        return reads.remember(cache, kb, lambda: build(kb))

    return cached


def by_title(entries: Iterable[Entry[M]]) -> list[Entry[M]]:
    return sorted(entries, key=lambda e: e.title.casefold())


def _unique(entries: Iterable[Entry[M]]) -> list[Entry[M]]:
    seen: dict[str, Entry[M]] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())


# -- themes and practices --------------------------------------------------------------------------

def practices_of_theme(kb: KnowledgeBase, theme: Entry[Theme]) -> list[Entry[Practice]]:
    """The theme's practice cards, in their numbered order."""
    return kb.links_to(theme.id, PRACTICE)


def themes_of_practice(kb: KnowledgeBase, practice: Entry[Practice]) -> list[Entry[Theme]]:
    return kb.links_from(practice.id, THEME)


def themes_of(kb: KnowledgeBase, entry: Entry[Any]) -> list[Entry[Theme]]:
    """The themes an entry belongs to, in the site's theme order: the one definition behind the theme facet of
    the explore page, the theme words in the search index and the themes on an initiative's page.

    - a theme belongs to itself, so filtering on a theme also finds the theme's own page;
    - an initiative or a reading tip belongs to the themes it names and to the themes of the practice cards
      it names: putting a card into practice, or deepening it, is working on the card's themes;
    - any other entry belongs to the themes it names, and only those. A practice card's related cards are a
      'see also', not a theme; a collection bundles cards from another angle (a menu may hold cards of every
      theme) and names the themes it fits itself; a meetup names what it discusses (its agenda's themes are
      among them), and its pages and briefing follow those.
    """
    if entry.kind is THEME:
        return [entry]
    found = list(kb.links_from(entry.id, THEME))
    if entry.kind in (INITIATIVE, READING):
        for practice in kb.links_from(entry.id, PRACTICE):
            found.extend(themes_of_practice(kb, practice))
    return sorted(_unique(found), key=sort_key)


def related_practices(kb: KnowledgeBase, practice: Entry[Practice]) -> list[Entry[Practice]]:
    """Practice cards related either way."""
    return kb.related(practice.id, PRACTICE)


def reading_for_practice(kb: KnowledgeBase, practice: Entry[Practice]) -> list[Entry[ReadingItem]]:
    return kb.links_to(practice.id, READING)


def _to_theme_or_its_practices(kb: KnowledgeBase, theme: Entry[Theme], kind: Kind[M]) -> list[Entry[M]]:
    """Entries of a kind pointing to the theme itself or to one of its practice cards, each once."""
    found = list(kb.links_to(theme.id, kind))
    for practice in practices_of_theme(kb, theme):
        found.extend(kb.links_to(practice.id, kind))
    return _unique(found)


def reading_for_theme(kb: KnowledgeBase, theme: Entry[Theme]) -> list[Entry[ReadingItem]]:
    """Reading linked to the theme itself or to one of its practice cards."""
    return _to_theme_or_its_practices(kb, theme, READING)


def practice_mentions(kb: KnowledgeBase, practice: Entry[Practice]) -> list[Entry[Any]]:
    """Entries pointing to a practice card that its page does not list elsewhere (collections, meetups)."""
    shown = {THEME, INITIATIVE, READING, PRACTICE}
    return [e for e in kb.links_to(practice.id) if e.kind not in shown]


def rating_disagreements(practice: Entry[Practice]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Measures on which the card's toolkits give different figures: (measure, [(scheme, figure)])."""
    measures = (("effect", "impact_months", lambda v: f"{v:+d}" if v else "0"),
                ("bewijskracht", "strength", str), ("kosten", "cost", str))
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for label, field, show in measures:
        values = [(r.scheme, getattr(r, field)) for r in practice.data.ratings if getattr(r, field) is not None]
        if len({value for _scheme, value in values}) > 1:
            found.append((label, [(str(scheme), show(value)) for scheme, value in values]))
    return found


ORDERS = ("effect", "bewijskracht", "kosten", "titel")


def practices_ordered(kb: KnowledgeBase, order: str) -> list[Entry[Practice]]:
    """Every practice card in one of ORDERS: by its first rating's effect or strength (high first), its cost
    (low first) or its title. Cards without that figure follow, by title."""
    field = {"effect": "impact_months", "bewijskracht": "strength", "kosten": "cost"}.get(order)
    cards = by_title(kb.of_kind(PRACTICE))
    if field is None:
        return cards
    sign = 1 if order == "kosten" else -1

    def key(card: Entry[Practice]) -> tuple[int, int]:
        value = getattr(card.data.ratings[0], field) if card.data.ratings else None
        return (1, 0) if value is None else (0, sign * value)

    return sorted(cards, key=key)  # stable: equal figures keep title order


# -- initiatives and places ------------------------------------------------------------------------

def initiatives_for_practice(kb: KnowledgeBase, practice: Entry[Practice]) -> list[Entry[Initiative]]:
    return kb.links_to(practice.id, INITIATIVE)


def initiatives_for_theme(kb: KnowledgeBase, theme: Entry[Theme]) -> list[Entry[Initiative]]:
    """Initiatives linked to the theme directly or through one of its practice cards, by title."""
    return by_title(_to_theme_or_its_practices(kb, theme, INITIATIVE))


def practices_of_initiative(kb: KnowledgeBase, initiative: Entry[Initiative]) -> list[Entry[Practice]]:
    return kb.links_from(initiative.id, PRACTICE)


def themes_of_initiative(kb: KnowledgeBase, initiative: Entry[Initiative]) -> list[Entry[Theme]]:
    """Themes the initiative names, and the themes of the practice cards it shows, in theme order (themes_of)."""
    return themes_of(kb, initiative)


def national_initiatives(kb: KnowledgeBase) -> list[Entry[Initiative]]:
    """National and international initiatives without a place. A local or regional initiative whose place is
    unknown is not national: it is one of unplaced_initiatives."""
    return [e for e in kb.of_kind(INITIATIVE) if not e.data.places and not e.data.unplaced]


def unplaced_initiatives(kb: KnowledgeBase) -> list[Entry[Initiative]]:
    """Local and regional initiatives whose place is unknown; their place note says what the source gives."""
    return [e for e in kb.of_kind(INITIATIVE) if e.data.unplaced]


def _line_ranges(lines: str | None) -> list[tuple[int, int]]:
    """'475-479, 524' → [(475, 479), (524, 524)]; no lines means the whole document."""
    if not lines:
        return [(0, sys.maxsize)]
    ranges = []
    for part in lines.split(","):
        first, _, last = part.strip().partition("-")
        ranges.append((int(first), int(last or first)))
    return ranges


def _passages(entry: Entry[Any]) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for ref in getattr(entry.data, "provenance", []):
        found.setdefault(ref.document, []).extend(_line_ranges(ref.lines))
    return found


def initiatives_named_with(kb: KnowledgeBase, entry: Entry[Any]) -> list[Entry[Initiative]]:
    """Initiatives that the entry's own source passages name: an initiative whose provenance shares a source
    document with the entry's and overlaps its lines. A meetup's briefing shows every one of them, also those
    whose place is unknown or lies outside the meetup's region (the Hilversum briefing names Unita, for one)."""
    mine = _passages(entry)
    found = []
    for initiative in kb.of_kind(INITIATIVE):
        for document, ranges in _passages(initiative).items():
            if any(a <= d and c <= b for a, b in mine.get(document, ()) for c, d in ranges):
                found.append(initiative)
                break
    return by_title(found)


@_per_knowledge_base
def _initiatives_by_area(kb: KnowledgeBase) -> Mapping[tuple[str, str | None], list[Entry[Initiative]]]:
    """Initiatives by (provincie, gemeente) and by (provincie, None): a region's ones without a full scan."""
    index: dict[tuple[str, str | None], list[Entry[Initiative]]] = {}
    for entry in kb.of_kind(INITIATIVE):
        for place in entry.data.places:
            for key in ((place.provincie, place.gemeente), (place.provincie, None)):
                bucket = index.setdefault(key, [])
                if not bucket or bucket[-1] is not entry:
                    bucket.append(entry)
    return index


def initiatives_in_region(kb: KnowledgeBase, places: Sequence[Place]) -> list[Entry[Initiative]]:
    """Initiatives with a place in the region: in one of its gemeenten, or anywhere in a whole provincie."""
    index = _initiatives_by_area(kb)
    found: list[Entry[Initiative]] = []
    for area in places:
        found.extend(index.get((area.provincie, area.gemeente), []))
    return by_title(_unique(found))


def initiatives_by_province(kb: KnowledgeBase) -> list[tuple[str, list[tuple[str, list[Entry[Initiative]]]]]]:
    """Per provincie (official order), its gemeenten (alphabetical; 'Heel <provincie>' last) with initiatives."""
    grouped: dict[str, dict[str, list[Entry[Initiative]]]] = {}
    for entry in kb.of_kind(INITIATIVE):
        for place in entry.data.places:
            town = place.gemeente or f"Heel {place.provincie}"
            bucket = grouped.setdefault(place.provincie, {}).setdefault(town, [])
            if entry not in bucket:
                bucket.append(entry)
    return [(province, sorted(grouped[province].items(), key=lambda kv: (kv[0].startswith("Heel "), kv[0].casefold())))
            for province in PROVINCES if province in grouped]


MORE_TOWNS = "Meerdere gemeenten"
"""Where an overview lists an initiative that works in several gemeenten of one provincie (once, not per gemeente)."""
MORE_PROVINCES = "Meerdere provincies"
"""Where an overview lists an initiative whose places lie in several provincies."""
PLACE_UNKNOWN = "Plaats niet bekend"
NATIONAL = "Landelijk en internationaal"


def province_of(initiative: Entry[Initiative]) -> str | None:
    """The one provincie an overview lists the initiative under: the provincie of all its places, MORE_PROVINCES
    when they lie in several, None when it has no place."""
    provinces = {place.provincie for place in initiative.data.places}
    if not provinces:
        return None
    return provinces.pop() if len(provinces) == 1 else MORE_PROVINCES


def initiatives_per_province(initiatives: Iterable[Entry[Initiative]]) -> list[tuple[str, list[Entry[Initiative]]]]:
    """The initiatives in groups, each initiative in exactly one: per provincie (official order; province_of),
    then MORE_PROVINCES, PLACE_UNKNOWN (local ones whose place is unknown) and NATIONAL; by title in a group.
    What a theme page lists: a teacher looks for what happens in their own provincie."""
    groups: dict[str, list[Entry[Initiative]]] = {}
    for entry in _unique(initiatives):
        province = province_of(entry)
        label = province or (PLACE_UNKNOWN if entry.data.unplaced else NATIONAL)
        groups.setdefault(label, []).append(entry)
    return [(label, by_title(groups[label]))
            for label in (*PROVINCES, MORE_PROVINCES, PLACE_UNKNOWN, NATIONAL) if label in groups]


def initiatives_once_by_province(kb: KnowledgeBase) -> list[tuple[str, list[tuple[str, list[Entry[Initiative]]]]]]:
    """The initiatives overview: per provincie (province_of) its initiatives by gemeente, each initiative once.
    One that works in several gemeenten of the provincie is under MORE_TOWNS, one in the whole provincie under
    'Heel <provincie>' (both after the gemeenten); one in several provincies under MORE_PROVINCES, with the
    gemeente ''. Unlike initiatives_by_province, which a region page uses to answer 'what is there in my
    gemeente?', an overview names every initiative once (its own line says where it works)."""
    grouped: dict[str, dict[str, list[Entry[Initiative]]]] = {}
    for label, entries in initiatives_per_province(kb.of_kind(INITIATIVE)):
        if label not in PROVINCES and label != MORE_PROVINCES:
            continue
        for entry in entries:
            towns = {place.gemeente for place in entry.data.places}
            town = ("" if label == MORE_PROVINCES else f"Heel {label}" if towns == {None}
                    else MORE_TOWNS if len(towns) > 1 else str(towns.pop()))
            grouped.setdefault(label, {}).setdefault(town, []).append(entry)
    return [(province, sorted(towns.items(), key=lambda kv: (kv[0] == MORE_TOWNS, kv[0].startswith("Heel "),
                                                             kv[0].casefold())))
            for province, towns in grouped.items()]


@_per_knowledge_base
def _meetups_by_initiative(kb: KnowledgeBase) -> Mapping[str, list[Entry[Meetup]]]:
    found: dict[str, list[Entry[Meetup]]] = {}
    for meetup in kb.of_kind(MEETUP):
        for initiative in initiatives_in_region(kb, meetup.data.region.places):
            found.setdefault(initiative.id, []).append(meetup)
    return found


def meetups_near_initiative(kb: KnowledgeBase, initiative: Entry[Initiative]) -> list[Entry[Meetup]]:
    """Meetups whose region holds one of the initiative's places."""
    return _meetups_by_initiative(kb).get(initiative.id, [])


@_per_knowledge_base
def _meetups_naming(kb: KnowledgeBase) -> Mapping[str, list[Entry[Meetup]]]:
    found: dict[str, list[Entry[Meetup]]] = {}
    for meetup in kb.of_kind(MEETUP):
        for initiative in initiatives_named_with(kb, meetup):
            found.setdefault(initiative.id, []).append(meetup)
    return found


def meetups_naming_initiative(kb: KnowledgeBase, initiative: Entry[Initiative]) -> list[Entry[Meetup]]:
    """Meetups whose own source names the initiative (initiatives_named_with), wherever it works."""
    return _meetups_naming(kb).get(initiative.id, [])


# -- meetups, collections, documents ---------------------------------------------------------------

def meetups_by_time(kb: KnowledgeBase, today: dt.date | None) -> tuple[list[Entry[Meetup]], list[Entry[Meetup]]]:
    """(upcoming, past) meetups. A meetup is past when it says so ('held') or its date lies before `today`
    (a commit date, so a rebuild gives the same answer). Upcoming ones by date, soonest first; past ones
    newest first; undated ones after the dated ones."""
    def is_past(meetup: Entry[Meetup]) -> bool:
        return meetup.data.held or bool(today and meetup.data.date and meetup.data.date < today)

    upcoming = [m for m in kb.of_kind(MEETUP) if not is_past(m)]
    past = [m for m in kb.of_kind(MEETUP) if is_past(m)]
    upcoming.sort(key=lambda m: (m.data.date is None, m.data.date or dt.date.max, m.title.casefold()))
    past.sort(key=lambda m: (m.data.date is None, -(m.data.date or dt.date.min).toordinal(), m.title.casefold()))
    return upcoming, past


def meetup_themes(kb: KnowledgeBase, meetup: Entry[Meetup]) -> list[Entry[Theme]]:
    """The themes of themes_of(meetup), in the order the meetup names them: the order of its briefing."""
    return kb.links_from(meetup.id, THEME)


def meetups_of_theme(kb: KnowledgeBase, theme: Entry[Theme]) -> list[Entry[Meetup]]:
    return kb.links_to(theme.id, MEETUP)


def collection_sections(kb: KnowledgeBase, collection: Entry[Collection]
                        ) -> list[tuple[Section, list[Entry[Practice]]]]:
    """Each section of a collection with its practice cards, in the collection's order."""
    return [(section, [kb.get_of_kind(p, PRACTICE) for p in section.practices])
            for section in collection.data.sections]


def practices_for_index(kb: KnowledgeBase) -> tuple[
        list[tuple[Entry[Theme], list[Entry[Practice]]]],
        list[tuple[Entry[Collection], list[tuple[Section, list[Entry[Practice]]]]]],
        list[Entry[Practice]]]:
    """The practice cards overview, each card once: (per theme its cards, a card of several themes under the
    first in theme order; per collection its sections with the cards no theme holds, each under the first
    section that names it; the cards in neither, by title). Themes and sections left empty are left out, a
    collection is not (its sections may all be empty); a collection's own page still shows all its cards."""
    shown: set[str] = set()

    def new(cards: Iterable[Entry[Practice]]) -> list[Entry[Practice]]:
        fresh = [card for card in _unique(cards) if card.id not in shown]
        shown.update(card.id for card in fresh)
        return fresh

    themes = [(theme, cards) for theme in kb.of_kind(THEME) if (cards := new(practices_of_theme(kb, theme)))]
    collections = []
    for collection in kb.of_kind(COLLECTION):
        collections.append((collection, [(section, cards) for section, listed in collection_sections(kb, collection)
                                         if (cards := new(listed))]))
    return themes, collections, new(by_title(kb.of_kind(PRACTICE)))


def collection_themes(kb: KnowledgeBase, collection: Entry[Collection]) -> list[Entry[Theme]]:
    """The themes of themes_of(collection), in the order the collection names them."""
    return kb.links_from(collection.id, THEME)


def scans(kb: KnowledgeBase) -> tuple[Entry[Scan], ...]:
    """The self-scans in the order of the self-scan page (their 'order', then title)."""
    return kb.of_kind(SCAN)


def scan_statements(kb: KnowledgeBase, scan: Entry[Scan]
                    ) -> list[tuple[Statement, Entry[Theme], list[Entry[Practice]]]]:
    """Each statement of a scan with its theme and the practice cards it points to, in the scan's order."""
    return [(s, kb.get_of_kind(s.theme, THEME), [kb.get_of_kind(p, PRACTICE) for p in s.practices])
            for s in scan.data.statements]


def provenance_of(kb: KnowledgeBase, entry: Entry[Any]) -> list[tuple[Entry[SourceDocument], str | None]]:
    """The source documents an entry's facts come from, with the line ranges it names."""
    return [(kb.get_of_kind(p.document, DOCUMENT), p.lines) for p in getattr(entry.data, "provenance", [])]


def users_of_document(kb: KnowledgeBase, document: Entry[SourceDocument]) -> list[Entry[Any]]:
    return kb.links_to(document.id)


def group_by_kind(entries: Iterable[Entry[Any]]) -> list[tuple[str, list[Entry[Any]]]]:
    """(plural label, entries) per kind in the site's kind order, leaving out empty kinds."""
    entries = list(entries)
    groups = [(kind.plural, [e for e in entries if e.kind is kind]) for kind in KINDS]
    return [(label, items) for label, items in groups if items]


# -- lists by media type, sector and date ---------------------------------------------------------

def reading_by_media(entries: Iterable[Entry[ReadingItem]]) -> list[tuple[str, list[Entry[ReadingItem]]]]:
    """Reading grouped by media type (in the model's order), each group by title."""
    groups: dict[str, list[Entry[ReadingItem]]] = {}
    for entry in entries:
        groups.setdefault(entry.data.media_type, []).append(entry)
    return [(MEDIA_LABELS[key], by_title(groups[key])) for key in MEDIA_LABELS if key in groups]


def entries_by_sector(kb: KnowledgeBase) -> list[tuple[str, str, list[tuple[str, list[Entry[Any]]]]]]:
    """(sector, label, [(kind plural, entries)]) for every sector that has practice cards, initiatives or tips."""
    result = []
    for key, label in SECTOR_LABELS.items():
        groups: list[tuple[str, list[Entry[Any]]]] = []
        for kind in (PRACTICE, INITIATIVE, READING):
            items = [e for e in kb.of_kind(kind) if key in getattr(e.data, "sectors", ())]
            if items:
                groups.append((kind.plural, items))
        if groups:
            result.append((key, label, groups))
    return result


def practices_by_age_group(kb: KnowledgeBase) -> list[tuple[str, str, list[Entry[Practice]]]]:
    """(age group, label, practice cards) for every age group that cards name, youngest first; the cards in the
    site's order. Cards without age groups are in none: their sources say nothing about age."""
    result: list[tuple[str, str, list[Entry[Practice]]]] = []
    for key, label in AGE_GROUP_LABELS.items():
        cards = [e for e in kb.of_kind(PRACTICE) if key in e.data.age_groups]
        if cards:
            result.append((key, label, cards))
    return result


def glossary(kb: KnowledgeBase) -> list[Entry[Term]]:
    """Glossary terms alphabetically, ignoring case."""
    return by_title(kb.of_kind(TERM))


def added_by_day(kb: KnowledgeBase, added: Mapping[str, dt.date], days: int = 3
                 ) -> list[tuple[dt.date, list[Entry[Any]]]]:
    """The latest `days` days on which entries were added (the date their file was first committed; source
    documents left out), newest first, each with its entries in the site's kind order and then by title.

    The first day of all is left out: on it the knowledge base began, and all it held then was 'added' at once,
    which says nothing about what is new. So a site whose entries all came on one day has no recent days."""
    kind_order = {kind: index for index, kind in enumerate(KINDS)}
    per_day: dict[dt.date, list[Entry[Any]]] = {}
    for entry in kb.entries.values():
        if entry.path in added and entry.kind is not DOCUMENT:
            per_day.setdefault(added[entry.path], []).append(entry)
    newest = sorted(per_day, reverse=True)[:-1][:days]
    return [(day, sorted(per_day[day], key=lambda e: (kind_order[e.kind], e.title.casefold()))) for day in newest]
