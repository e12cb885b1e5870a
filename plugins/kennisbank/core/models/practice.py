"""The Practice model: a practice card with a concrete direction for schools and its evidence."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .common import Citation, EntryModel, Provenance, Question, Sectors, Text, ref
from .rating import Rating


class Practice(EntryModel):
    """A practice card. What it is, why it works and how to start are the Markdown text below the front matter."""

    title: Text = Field(description="Titel van de praktijkkaart: een concrete richting, bijvoorbeeld 'Zet in op (voor)lezen'.")
    summary: Text = Field(description="Samenvatting in één of twee zinnen, voor overzichten en zoekresultaten.")
    themes: list[str] = ref("theme", "Ids van de thema's waar deze kaart bij hoort.", default_factory=list)
    number: str | None = Field(default=None, pattern=r"^\d+(\.\d+)*$", description="Nummer in de briefing, bijvoorbeeld '1.3'.")
    sectors: Sectors
    questions: list[Question] = Field(
        default_factory=list,
        description="Gespreksvragen voor een meetup. Schrijf {regio} waar de naam van de regio moet komen; de briefing vult die in.",
    )
    ratings: list[Rating] = Field(default_factory=list, description="Wat de toolkits (EEF, NP-menukaart, NRO, Leerpunt) over deze aanpak zeggen, elk met zijn eigen pagina en datum. Zijn ze het oneens, zet ze dan allemaal neer.")
    ratings_checked: dt.date | None = Field(default=None, description="Datum waarop de toolkits zijn nagekeken op een onderdeel dat bij deze kaart past. Met een lege 'ratings' zegt de kaart dan dat er geen passend onderdeel is.")
    sources: list[Citation] = Field(default_factory=list, description="Publicaties die deze kaart onderbouwen.")
    related: list[str] = ref("practice", "Ids van verwante praktijkkaarten.", default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten deze kaart komt.")
