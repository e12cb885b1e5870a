"""The Theme model: one of the big questions the knowledge base is organised around."""

from __future__ import annotations

from pydantic import Field

from .common import EntryModel, Provenance, Sectors, Text


class Theme(EntryModel):
    """A theme such as 'Taal centraal'. Its introduction is the Markdown text below the front matter."""

    title: Text = Field(description="Naam van het thema, bijvoorbeeld 'Taal centraal'.")
    question: Text = Field(description="De centrale vraag van het thema, in één zin.")
    summary: Text = Field(description="Korte omschrijving (één of twee zinnen) voor overzichten en zoekresultaten.")
    order: int = Field(default=100, ge=0, description="Volgorde op de site: lager komt eerst.")
    sectors: Sectors
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten dit thema komt.")
