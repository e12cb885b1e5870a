"""The Practice model: a practice card with a concrete direction for schools and its evidence."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .common import Citation, EntryModel, Provenance, Question, Sectors, Text, ref
from .rating import Rating

AgeGroup = Literal["voorschool", "groep-1-2", "groep-3-5", "groep-6-8", "onderbouw-vo", "bovenbouw-vo", "mbo"]
AGE_GROUP_LABELS: dict[AgeGroup, str] = {
    "voorschool": "Voorschool",
    "groep-1-2": "Groep 1–2",
    "groep-3-5": "Groep 3–5",
    "groep-6-8": "Groep 6–8",
    "onderbouw-vo": "Onderbouw vo",
    "bovenbouw-vo": "Bovenbouw vo",
    "mbo": "Mbo",
}
"""The age and school-year groups a card can be for, youngest first, with the Dutch label visitors see."""


class Practice(EntryModel):
    """A practice card. What it is, why it works and how to start are the Markdown text below the front matter."""

    title: Text = Field(description="Titel van de praktijkkaart: een concrete richting, bijvoorbeeld 'Zet in op (voor)lezen'.")
    summary: Text = Field(description="Samenvatting in één of twee zinnen, voor overzichten en zoekresultaten.")
    themes: list[str] = ref("theme", "Ids van de thema's waar deze kaart bij hoort.", default_factory=list)
    number: str | None = Field(default=None, pattern=r"^\d+(\.\d+)*$", description="Nummer in de briefing, bijvoorbeeld '1.3'.")
    sectors: Sectors
    age_groups: list[AgeGroup] = Field(
        default_factory=list,
        description="Voor welke leeftijd of welk leerjaar is deze aanpak bedoeld? Kies alleen groepen die de bron of "
                    "toolkit zelf noemt (" + ", ".join(AGE_GROUP_LABELS) + "); zegt de bron niets over leeftijd, "
                    "laat het veld dan leeg.",
    )
    questions: list[Question] = Field(
        default_factory=list,
        description="Gespreksvragen voor een meetup. Schrijf {regio} waar de naam van de regio moet komen; de briefing vult die in.",
    )
    ratings: list[Rating] = Field(default_factory=list, description="Wat de toolkits (EEF, NP-menukaart, NRO, Leerpunt) over deze aanpak zeggen, elk met zijn eigen pagina en datum. Zijn ze het oneens, zet ze dan allemaal neer.")
    ratings_checked: dt.date | None = Field(default=None, description="Datum waarop de toolkits zijn nagekeken op een onderdeel dat bij deze kaart past. Met een lege 'ratings' zegt de kaart dan dat er geen passend onderdeel is.")
    sources: list[Citation] = Field(default_factory=list, description="Publicaties die deze kaart onderbouwen.")
    related: list[str] = ref("practice", "Ids van verwante praktijkkaarten.", default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten deze kaart komt.")
