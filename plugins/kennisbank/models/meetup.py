"""The Meetup model: a regional meetup whose briefing pulls its themes and local initiatives together."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .common import EntryModel, Place, Provenance, StrictModel, Text, ref


class Region(StrictModel):
    """The region a meetup is for: its name fills {regio} in discussion questions."""

    name: Text = Field(description="Naam van de regio zoals deelnemers hem kennen, bijvoorbeeld 'Hilversum' of 'Gooi en Vechtstreek'.")
    places: list[Place] = Field(min_length=1, description="Gemeenten of provincies die tot de regio horen; initiatieven daar komen in de briefing.")


class Meetup(EntryModel):
    """A meetup. Practical information for participants may follow the front matter."""

    title: Text = Field(description="Titel, bijvoorbeeld 'Meetup Kansenongelijkheid Hilversum'.")
    summary: Text = Field(description="Waar de meetup over gaat, in één of twee zinnen.")
    region: Region = Field(description="De regio van de meetup.")
    date: dt.date | None = Field(default=None, description="Datum (JJJJ-MM-DD), als die bekend is.")
    venue: str | None = Field(default=None, description="Locatie, als die bekend is.")
    organiser: str | None = Field(default=None, description="Organisator (een organisatie, geen privépersoon).")
    themes: list[str] = ref("theme", "Ids van de thema's die op de meetup besproken worden.", min_length=1)
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten deze meetup komt.")
