"""The Initiative model: a local, regional or national initiative that shows a practice in action."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .common import EntryModel, Place, Provenance, Sectors, Text, Url, ref

Scope = Literal["lokaal", "regionaal", "landelijk", "internationaal"]
SCOPE_LABELS: dict[Scope, str] = {"lokaal": "Lokaal", "regionaal": "Regionaal", "landelijk": "Landelijk",
                                  "internationaal": "Internationaal"}


class Initiative(EntryModel):
    """An initiative, school example or programme. A longer description may follow the front matter."""

    title: Text = Field(description="Naam van het initiatief of de school.")
    summary: Text = Field(description="Wat het initiatief doet, in één of twee zinnen.")
    scope: Scope = Field(description="Bereik: lokaal, regionaal, landelijk of internationaal.")
    places: list[Place] = Field(default_factory=list, description="Waar het initiatief werkt. Verplicht bij lokaal en regionaal, tenzij 'place_note' uitlegt waarom de plaats onbekend is.")
    place_note: str | None = Field(default=None, description="Alleen als de bron de plaats van een lokaal of regionaal initiatief niet noemt: zeg dat hier (bijvoorbeeld 'De briefing noemt niet waar dit initiatief werkt.').")
    sectors: Sectors
    organisation: str | None = Field(default=None, description="Organisatie achter het initiatief, als die anders heet.")
    url: Url | None = Field(default=None, description="Website (https://…): zoals de bron hem geeft, of de eigen site van de organisatie die je zelf hebt opgezocht (zet dan 'url_seen').")
    url_seen: dt.date | None = Field(default=None, description="Alleen als de website niet uit de bron komt: de datum waarop je hem hebt opgezocht en bekeken (JJJJ-MM-DD).")
    themes: list[str] = ref("theme", "Ids van de thema's waar dit initiatief bij past.", default_factory=list)
    practices: list[str] = ref("practice", "Ids van de praktijkkaarten die dit initiatief in de praktijk laat zien.", default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list, description="In welke brondocumenten dit initiatief genoemd wordt.")

    @model_validator(mode="after")
    def _places_for_local(self) -> Initiative:
        if self.scope in ("lokaal", "regionaal") and not self.places and not self.place_note:
            raise ValueError(f"een {self.scope} initiatief heeft minstens één plaats nodig onder 'places'. Noemt de "
                             "bron geen plaats, zeg dat dan onder 'place_note' in plaats van een plaats te raden")
        return self
