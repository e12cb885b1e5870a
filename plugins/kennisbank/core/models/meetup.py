"""The Meetup model: a regional meetup whose briefing pulls its themes and local initiatives together."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .common import EntryModel, Place, Provenance, StrictModel, Text, ref


class Region(StrictModel):
    """The region a meetup is for: its name fills {regio} in discussion questions."""

    name: Text = Field(description="Naam van de regio zoals deelnemers hem kennen, bijvoorbeeld 'Hilversum' of 'Gooi en Vechtstreek'.")
    places: list[Place] = Field(min_length=1, description="Gemeenten of provincies die tot de regio horen; initiatieven daar komen in de briefing.")


class Agenda(StrictModel):
    """What the meetup discusses of one theme: which practice cards, and the organiser's own notes."""

    theme: str = ref("theme", "Id van het thema (een van de thema's onder 'themes').")
    practices: list[str] = ref("practice", "Ids van de praktijkkaarten die besproken worden, in deze volgorde. Leeg: de genummerde richtingen van het thema.", default_factory=list)
    notes: str | None = Field(default=None, description="Wat de organisator bij dit thema wil toevoegen, bijvoorbeeld een lokale vraag of een gast aan tafel.")


class Meetup(EntryModel):
    """A meetup. Practical information for participants may follow the front matter."""

    title: Text = Field(description="Titel, bijvoorbeeld 'Meetup Kansenongelijkheid Hilversum'.")
    summary: Text = Field(description="Waar de meetup over gaat, in één of twee zinnen.")
    region: Region = Field(description="De regio van de meetup.")
    date: dt.date | None = Field(default=None, description="Datum (JJJJ-MM-DD), als die bekend is.")
    venue: str | None = Field(default=None, description="Locatie (naam van het gebouw), als die bekend is.")
    place: Place | None = Field(default=None, description="Waar de locatie ligt (provincie, gemeente, plaats), als die bekend is.")
    organiser: str | None = Field(default=None, description="Organisator (een organisatie, geen privépersoon).")
    themes: list[str] = ref("theme", "Ids van de thema's die op de meetup besproken worden. Verplicht voor een meetup die nog komt.", default_factory=list)
    held: bool = Field(default=False, description="true als de meetup al geweest is, ook als de datum niet bekend is. Een meetup met een datum in het verleden telt ook als geweest.")
    agenda: list[Agenda] = Field(default_factory=list, description="Per thema (optioneel) welke praktijkkaarten besproken worden en eigen aantekeningen van de organisator.")
    prepare: list[Text] = Field(default_factory=list, description="Wat deelnemers vooraf doen of meenemen, als lijst. Leeg: de briefing geeft een standaardlijst.")
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten deze meetup komt.")

    @model_validator(mode="after")
    def _agenda_follows_themes(self) -> Meetup:
        if not self.themes and not self.held:
            raise ValueError("een meetup die nog komt heeft minstens één thema nodig onder 'themes' (of zet "
                             "'held: true' als de meetup al geweest is)")
        for item in self.agenda:
            if item.theme not in self.themes:
                raise ValueError(f"agenda: thema '{item.theme}' staat niet onder 'themes'; voeg het daar toe of haal "
                                 "het uit de agenda")
        return self
