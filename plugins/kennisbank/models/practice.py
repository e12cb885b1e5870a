"""The Practice model: a practice card with a concrete direction for schools and its evidence."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, EntryModel, Evidence, Provenance, Question, Sectors, Text, ref


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
    evidence: Evidence | None = Field(default=None, description="Beoordeling van het bewijs, alleen met een bron uit een toolkit of databank. Laat weg als er geen is.")
    sources: list[Citation] = Field(default_factory=list, description="Publicaties die deze kaart onderbouwen.")
    related: list[str] = ref("practice", "Ids van verwante praktijkkaarten.", default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten deze kaart komt.")
