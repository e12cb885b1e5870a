"""Meetup or province → briefing data: everything a participant reads beforehand, for the web page and the PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kennisbank.core import queries as q
from kennisbank.core import reads
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import MEETUP, PRACTICE, READING, THEME, Initiative, Meetup, Practice, ReadingItem, Theme
from kennisbank.core.models.common import Place, slugify
from kennisbank.core.models.rating import Rating
from kennisbank.core.regions import PROVINCES

BODY_SECTIONS = ("Wat is het?", "Waarom werkt het?", "Hoe begin je?")
"""The headings of a practice card's body that a briefing takes over, in this order."""

DEFAULT_PREPARE = (
    "Lees de thema's en de richtingen in deze briefing. Je hoeft niet alles te onthouden: kies wat je aanspreekt.",
    "Bedenk bij elke gespreksvraag een voorbeeld uit je eigen werk: wat lukt al, waar loop je vast?",
    "Kijk welke initiatieven uit de regio je al kent, en wie je daar zou willen spreken.",
    "Neem één vraag mee die je op de meetup beantwoord wilt zien.",
)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)


@dataclass(frozen=True)
class Direction:
    """One practice card as a briefing shows it, with its questions filled in for the region."""

    card: Entry[Practice]
    ratings: list[Rating]
    questions: list[str]

    @property
    def sections(self) -> dict[str, str]:
        """Heading → Markdown of the parts of the card's body a printed briefing shows. Read only when used, so
        that the web briefing, which links to the card instead, does not depend on the card's body."""
        return {k: v for k, v in body_sections(self.card.body).items() if k in BODY_SECTIONS}


@dataclass(frozen=True)
class Nearby:
    """Initiatives for a theme by nearness: in the region itself, named by the meetup's own source though they
    work elsewhere or their place is unknown, elsewhere in its provinces, national."""

    here: list[Entry[Initiative]]
    province: list[Entry[Initiative]]
    national: list[Entry[Initiative]]
    named: list[Entry[Initiative]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.here or self.named or self.province or self.national)

    def all(self) -> list[Entry[Initiative]]:
        return [*self.here, *self.named, *self.province, *self.national]


@dataclass(frozen=True)
class ThemePart:
    theme: Entry[Theme]
    directions: list[Direction]
    notes: str | None
    reading: list[Entry[ReadingItem]]
    initiatives: Nearby


@dataclass(frozen=True)
class Briefing:
    """A briefing for one meetup, or for a whole province that has no meetup entry yet."""

    id: str  # file name of the PDF, without extension
    title: str
    region: str  # fills {regio}
    provinces: list[str]
    summary: str
    intro: str  # Markdown: the meetup's own text, or '' for a province briefing
    themes: list[ThemePart]
    prepare: list[str]
    date: dt.date | None = None
    venue: str | None = None
    organiser: str | None = None
    meetup: Entry[Meetup] | None = None
    places: list[Place] = field(default_factory=list)
    named: list[Entry[Initiative]] = field(default_factory=list)
    """Every initiative the meetup's own source names (queries.initiatives_named_with)."""

    @property
    def named_elsewhere(self) -> list[Entry[Initiative]]:
        """The named initiatives that fit none of the briefing's themes: listed after the themes."""
        shown = {e.id for part in self.themes for e in part.initiatives.all()}
        return [e for e in self.named if e.id not in shown]

    @property
    def initiatives_here(self) -> list[Entry[Initiative]]:
        """The initiatives in the region itself, under any of the briefing's themes, each once (for page 1)."""
        return list({e.id: e for part in self.themes for e in part.initiatives.here}.values())

    @property
    def named_not_here(self) -> list[Entry[Initiative]]:
        """The initiatives the meetup's own source names that are not in initiatives_here (for page 1)."""
        here = {e.id for part in self.themes for e in part.initiatives.here}
        return [e for e in self.named if e.id not in here]

    def initiatives(self) -> list[Entry[Initiative]]:
        """Every initiative the briefing shows, each once."""
        found = [e for part in self.themes for e in part.initiatives.all()] + self.named
        return list({e.id: e for e in found}.values())


def fill_region(text: str, region: str | None = None) -> str:
    """A discussion question with {regio} filled in: the meetup's region, or 'jouw regio' on the web."""
    return text.replace("{regio}", region or "jouw regio")


def body_sections(body: str) -> dict[str, str]:
    """The parts of a Markdown body under each '## heading', by heading text."""
    sections: dict[str, str] = {}
    matches = list(_HEADING.finditer(body))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        sections[match.group(1).strip()] = body[match.end():end].strip()
    return sections


def _directions(kb: KnowledgeBase, theme: Entry[Theme], chosen: Sequence[str], region: str) -> list[Direction]:
    # By default the theme's own numbered directions, never every card that happens to link to the theme.
    cards = ([kb.get_of_kind(card_id, PRACTICE) for card_id in chosen] if chosen
             else [c for c in q.practices_of_theme(kb, theme) if c.data.number])
    return [Direction(card, list(card.data.ratings), [fill_region(question, region) for question in card.data.questions])
            for card in cards]


def _nearby(kb: KnowledgeBase, theme: Entry[Theme], places: Sequence[Place],
            named: Sequence[Entry[Initiative]] = ()) -> Nearby:
    linked = {e.id for e in q.initiatives_for_theme(kb, theme)}
    here = [e for e in q.initiatives_in_region(kb, places) if e.id in linked]
    provinces = [Place(provincie=p) for p in dict.fromkeys(place.provincie for place in places)]
    province = [e for e in q.initiatives_in_region(kb, provinces) if e.id in linked and e not in here]
    national = [e for e in q.national_initiatives(kb) if e.id in linked]
    shown = {e.id for e in (*here, *province, *national)}
    return Nearby(here, province, q.by_title(national), [e for e in named if e.id in linked and e.id not in shown])


def _theme_part(kb: KnowledgeBase, theme: Entry[Theme], region: str, places: Sequence[Place],
                chosen: Sequence[str] = (), notes: str | None = None,
                named: Sequence[Entry[Initiative]] = ()) -> ThemePart:
    directions = _directions(kb, theme, chosen, region)
    reading = list(kb.links_to(theme.id, READING))
    for direction in directions:
        reading.extend(q.reading_for_practice(kb, direction.card))
    return ThemePart(theme, directions, notes, q.by_title({e.id: e for e in reading}.values()),
                     _nearby(kb, theme, places, named))


def meetup_briefing(kb: KnowledgeBase, meetup: Entry[Meetup]) -> Briefing:
    data = meetup.data
    agenda = {item.theme: item for item in data.agenda}
    region = data.region.name
    named = q.initiatives_named_with(kb, meetup)
    themes = []
    for theme in q.meetup_themes(kb, meetup):
        item = agenda.get(theme.id)
        themes.append(_theme_part(kb, theme, region, data.region.places, item.practices if item else (),
                                  item.notes if item else None, named))
    return Briefing(
        id=meetup.id, title=meetup.title, region=region,
        provinces=list(dict.fromkeys(p.provincie for p in data.region.places)), summary=data.summary,
        intro=meetup.body.strip(), themes=themes, prepare=list(data.prepare) or list(DEFAULT_PREPARE),
        date=data.date, venue=data.venue, organiser=data.organiser, meetup=meetup, places=list(data.region.places),
        named=named,
    )


def province_briefing_id(province: str) -> str:
    """The id of a provincie's briefing (its PDF's name), known without making the briefing."""
    return f"provincie-{slugify(province)}"


def province_briefing(kb: KnowledgeBase, province: str) -> Briefing:
    """A briefing for organisers in a province without a meetup entry: every theme, that province's initiatives first."""
    if province not in PROVINCES:
        raise ValueError(f"onbekende provincie '{province}'")
    places = [Place(provincie=province)]
    themes = [_theme_part(kb, theme, province, places) for theme in kb.of_kind(THEME)]
    return Briefing(
        id=province_briefing_id(province), title=f"Briefing kansengelijkheid {province}", region=province,
        provinces=[province],
        summary=(f"Een briefing voor een meetup over kansengelijkheid in {province}: de thema's van de kennisbank, "
                 f"met de initiatieven uit {province} voorop."),
        intro="", themes=themes, prepare=list(DEFAULT_PREPARE), places=places,
    )


def region_entries(kb: KnowledgeBase, province: str) -> dict[str, Any]:
    """What a region page lists for a province: its initiatives by gemeente, its meetups, and the practice
    cards that those initiatives show in practice."""
    towns = dict(q.initiatives_by_province(kb)).get(province, [])
    initiatives = q.initiatives_in_region(kb, [Place(provincie=province)])
    meetups = [m for m in kb.of_kind(MEETUP) if any(p.provincie == province for p in m.data.region.places)]
    practices: dict[str, Entry[Practice]] = {}
    for initiative in initiatives:
        for card in kb.links_from(initiative.id, PRACTICE):
            practices.setdefault(card.id, card)
    return {"towns": towns, "initiatives": initiatives, "meetups": meetups,
            "practices": sorted(practices.values(), key=lambda e: e.title.casefold())}


class Briefings:
    """Every briefing of one build, made once on first use and shared by the web pages and the PDFs."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._made: dict[str, tuple[Briefing, frozenset[reads.Read]]] = {}  # with what each read (reads.py)

    def meetup(self, meetup: Entry[Meetup]) -> Briefing:
        return reads.remember(self._made, meetup.id, lambda: meetup_briefing(self.kb, meetup))

    def province(self, province: str) -> Briefing:
        return reads.remember(self._made, f"provincie:{province}", lambda: province_briefing(self.kb, province))
