"""The ReadingItem model: something to read, watch or listen to, linked to themes and practices."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import EntryModel, Provenance, Sectors, Text, Url, ref

MediaType = Literal["artikel", "rapport", "podcast", "video", "webinar", "handreiking", "boek", "website", "documentaire"]
MEDIA_LABELS: dict[str, str] = {
    "artikel": "Artikelen",
    "rapport": "Rapporten en onderzoek",
    "podcast": "Podcasts",
    "video": "Video's",
    "webinar": "Webinars",
    "handreiking": "Handreikingen",
    "boek": "Boeken",
    "website": "Websites",
    "documentaire": "Documentaires",
}


class ReadingItem(EntryModel):
    """A reading, listening or viewing tip. Reading lists per theme and practice follow from its links."""

    title: Text = Field(description="Titel, precies zoals de maker hem schrijft.")
    authors: list[Text] = Field(default_factory=list, description="Auteurs, makers of sprekers.")
    outlet: str | None = Field(default=None, description="Medium of uitgever, bijvoorbeeld 'Vrij Nederland' of 'NRO'.")
    media_type: MediaType = Field(description="Soort: " + ", ".join(MEDIA_LABELS) + ".")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Jaar van verschijnen, als bekend.")
    url: Url | None = Field(default=None, description="Webadres (https://…), als de bron het geeft.")
    language: Literal["nl", "en"] = Field(default="nl", description="Taal: nl of en.")
    summary: str | None = Field(default=None, description="Waarom dit de moeite waard is, in één of twee zinnen.")
    sectors: Sectors
    themes: list[str] = ref("theme", "Ids van de thema's waar dit bij past.", default_factory=list)
    practices: list[str] = ref("practice", "Ids van de praktijkkaarten die dit onderbouwt of uitdiept.", default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list, description="In welk brondocument deze tip staat.")
