"""The Rating model: one toolkit's headline figures for an approach, always with its scheme, page and date."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator

from .common import StrictModel, Text, Url

Scheme = Literal["eef-toolkit", "eef-early-years", "nro-toolkit", "leerpunt"]
SCHEME_LABELS: dict[str, str] = {
    "eef-toolkit": "EEF Teaching and Learning Toolkit",
    "eef-early-years": "EEF Early Years Toolkit",
    "nro-toolkit": "Toolkit Lesgeven en Leren (NRO, onderwijskennis.nl)",
    "leerpunt": "Leerpunt-toolkit (Vlaanderen)",
}
SCHEME_SHORT: dict[str, str] = {
    "eef-toolkit": "EEF", "eef-early-years": "EEF jonge kind", "nro-toolkit": "NRO", "leerpunt": "Leerpunt",
}
SCHEME_HOSTS: dict[str, tuple[str, ...]] = {
    "eef-toolkit": ("educationendowmentfoundation.org.uk",),
    "eef-early-years": ("educationendowmentfoundation.org.uk",),
    "nro-toolkit": ("onderwijskennis.nl", "nro.nl"),
    "leerpunt": ("leerpunt.be",),
}
"""Where each toolkit publishes its own strand pages: a figure is only taken from there."""


class Rating(StrictModel):
    """What one toolkit says about the approach on a card, exactly as its own strand page gives it."""

    scheme: Scheme = Field(description="De toolkit die de waardering geeft: " + ", ".join(SCHEME_LABELS) + ".")
    strand: Text = Field(description="Naam van het onderdeel (strand) in de toolkit, zoals de toolkit het noemt, "
                                     "bijvoorbeeld 'Feedback' of 'Oral language interventions'.")
    url: Url = Field(description="Webadres van de eigen pagina van dat onderdeel in de toolkit (geen blog of samenvatting).")
    read_on: dt.date = Field(description="Datum waarop de cijfers van die pagina zijn overgenomen (JJJJ-MM-DD).")
    impact_months: int | None = Field(default=None, ge=-12, le=12, description="Effect in maanden extra leervoortgang, zoals de toolkit het geeft (+6 schrijf je als 6).")
    strength: int | None = Field(default=None, ge=0, le=5, description="Bewijskracht op de schaal van de toolkit: 0 tot 5 (slotjes).")
    strength_text: str | None = Field(default=None, description="De woorden die de pagina zelf voor de bewijskracht gebruikt, bijvoorbeeld 'extensive evidence' of 'sterke evidentie'.")
    cost: int | None = Field(default=None, ge=1, le=5, description="Kosten op de schaal van de toolkit: 1 (heel laag) tot 5 (heel hoog).")
    version: str | None = Field(default=None, description="Versie of bijwerking van de pagina als die het noemt, bijvoorbeeld 'bijgewerkt in 2025'.")
    note: str | None = Field(default=None, description="Toelichting, bijvoorbeeld voor welke leeftijd of welk vak de cijfers gelden, of hoe goed het onderdeel bij de kaart past.")

    @model_validator(mode="after")
    def _from_the_toolkit_itself(self) -> Rating:
        if self.impact_months is None and self.strength is None and self.cost is None:
            raise ValueError("vul minstens één van impact_months, strength of cost in, of laat deze waardering weg")
        host = (urlsplit(self.url).hostname or "").lower()
        allowed = SCHEME_HOSTS[self.scheme]
        if not any(host == name or host.endswith("." + name) for name in allowed):
            raise ValueError(f"een waardering van {self.scheme} komt van de eigen pagina van die toolkit "
                             f"({' of '.join(allowed)}), niet van {host or 'dit adres'}; neem de cijfers over van "
                             "die pagina en zet haar adres bij 'url'")
        return self
