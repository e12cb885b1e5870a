"""The SourceDocument model: a source text the knowledge base draws on, for the provenance page."""

from __future__ import annotations

from pydantic import Field

from .common import EntryModel, Text, Url


class SourceDocument(EntryModel):
    """A source document (a briefing, a magazine). Entries point to it under 'provenance'."""

    title: Text = Field(description="Titel van het brondocument.")
    publisher: str | None = Field(default=None, description="Uitgever of opdrachtgever, als bekend.")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Jaar van verschijnen, als bekend.")
    summary: Text = Field(description="Wat voor document het is en waarvoor de kennisbank het gebruikt.")
    url: Url | None = Field(default=None, description="Webadres van het document, als het online staat.")
    fiction: bool = Field(default=False, description="true als het document fictie of een toekomstscenario is: dan mag geen item er feiten aan ontlenen.")
