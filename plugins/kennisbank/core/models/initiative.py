"""The Initiative model: a local, regional or national initiative that shows a practice in action."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .common import EntryModel, Place, Provenance, Sectors, StrictModel, Text, Url, ref

Scope = Literal["lokaal", "regionaal", "landelijk", "internationaal"]
SCOPE_LABELS: dict[Scope, str] = {"lokaal": "Lokaal", "regionaal": "Regionaal", "landelijk": "Landelijk",
                                  "internationaal": "Internationaal"}
LOCAL_SCOPES: tuple[Scope, ...] = ("lokaal", "regionaal")
"""Scopes of initiatives that work somewhere in particular: they need a place, or a note saying why it is unknown."""

ContactKind = Literal["initiatief", "contact"]
CONTACT_LABELS: dict[ContactKind, str] = {"initiatief": "Eigen pagina over het initiatief",
                                          "contact": "Contact- of adrespagina"}


class WebPage(StrictModel):
    """A page outside the source documents that backs a fact of an initiative: its address and when it was read."""

    url: Url = Field(description="Adres van de pagina (https://…), zoals je hem hebt bekeken.")
    seen: dt.date = Field(description="Datum waarop je de pagina hebt bekeken (JJJJ-MM-DD).")


class Contact(StrictModel):
    """A public way for a teacher to reach an initiative, with where the address was found and when."""

    url: Url = Field(description="Openbare contactroute (https://…): de eigen pagina van het initiatief erover, of een "
                                 "algemene adres- of contactpagina van de organisatie. Nooit gegevens van een privépersoon.")
    kind: ContactKind = Field(description="Wat voor pagina het is: 'initiatief' (de eigen pagina over het initiatief) of "
                                          "'contact' (een algemene adres- of contactpagina).")
    seen: dt.date = Field(description="Datum waarop je het adres hebt opgezocht en bekeken (JJJJ-MM-DD).")
    found_on: Url | None = Field(default=None, description="De pagina waarop je het adres vond (https://…; dat mag dezelfde "
                                                           "pagina zijn). Leeg als een brondocument het adres geeft: zet dan 'source'.")
    source: Provenance | None = Field(default=None, description="Het brondocument dat het adres geeft, met regelnummers; in "
                                                                "plaats van 'found_on'.")

    @model_validator(mode="after")
    def _one_origin(self) -> Contact:
        if (self.found_on is None) == (self.source is None):
            raise ValueError("zeg waar je het contactadres vond: onder 'found_on' de webpagina, of onder 'source' het "
                             "brondocument (één van de twee)")
        return self


class Initiative(EntryModel):
    """An initiative, school example or programme. A longer description may follow the front matter."""

    title: Text = Field(description="Naam van het initiatief of de school.")
    summary: Text = Field(description="Wat het initiatief doet, in één of twee zinnen.")
    scope: Scope = Field(description="Bereik: lokaal, regionaal, landelijk of internationaal.")
    places: list[Place] = Field(default_factory=list, description="Waar het initiatief werkt, zoals een brondocument of een pagina onder 'place_sources' het noemt. Verplicht bij lokaal en regionaal, tenzij 'place_note' uitlegt waarom de plaats onbekend is.")
    place_note: str | None = Field(default=None, description="Toelichting op de plaats, op de pagina getoond: wat de bron precies zegt (bijvoorbeeld 'De briefing noemt niet waar dit initiatief werkt.'), of waar een plaats vandaan komt die niet in de bron staat. Verplicht bij een lokaal of regionaal initiatief zonder 'places'.")
    place_sources: list[WebPage] = Field(default_factory=list, description="Pagina's buiten de brondocumenten die een plaats onder 'places' of 'place_note' noemen, elk met de datum waarop je hem bekeek. Een plaats die in geen brondocument en op geen van deze pagina's staat, hoort er niet in.")
    sectors: Sectors
    organisation: str | None = Field(default=None, description="Organisatie achter het initiatief, als die anders heet.")
    url: Url | None = Field(default=None, description="Website (https://…): zoals de bron hem geeft, of de eigen site van de organisatie die je zelf hebt opgezocht (zet dan 'url_seen' en 'url_found_on').")
    url_seen: dt.date | None = Field(default=None, description="Alleen als de website niet uit de bron komt: de datum waarop je hem hebt opgezocht en bekeken (JJJJ-MM-DD).")
    url_found_on: Url | None = Field(default=None, description="Alleen als de website niet uit de bron komt: de pagina waarop je het adres vond (https://…; dat mag dezelfde pagina zijn).")
    contact: Contact | None = Field(default=None, description="Hoe een leraar het initiatief bereikt: een openbare pagina met contactgegevens, met waar en wanneer je hem vond. Leeg: de pagina zegt 'Nog geen contactgegevens'.")
    themes: list[str] = ref("theme", "Ids van de thema's waar dit initiatief bij past.", default_factory=list)
    practices: list[str] = ref("practice", "Ids van de praktijkkaarten die dit initiatief in de praktijk laat zien.", default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list, description="In welke brondocumenten dit initiatief genoemd wordt.")

    @model_validator(mode="after")
    def _places_for_local(self) -> Initiative:
        if self.scope in LOCAL_SCOPES and not self.places and not self.place_note:
            raise ValueError(f"een {self.scope} initiatief heeft minstens één plaats nodig onder 'places'. Noemt de "
                             "bron geen plaats, zeg dat dan onder 'place_note' in plaats van een plaats te raden")
        if self.place_sources and not self.place_note:
            raise ValueError("zeg onder 'place_note' wat de bron zelf over de plaats zegt en wat de pagina's onder "
                             "'place_sources' eraan toevoegen")
        return self

    @model_validator(mode="after")
    def _website_origin(self) -> Initiative:
        if (self.url_seen is None) != (self.url_found_on is None):
            raise ValueError("een website die je zelf hebt opgezocht heeft zowel 'url_seen' (de datum) als "
                             "'url_found_on' (de pagina waarop je hem vond) nodig; komt hij uit de bron, laat dan beide leeg")
        if self.url is None and self.url_seen is not None:
            raise ValueError("'url_seen' en 'url_found_on' horen bij een website onder 'url'; vul die in of laat ze weg")
        return self

    @property
    def unplaced(self) -> bool:
        """A local or regional initiative whose place is unknown: it is never filed as national."""
        return self.scope in LOCAL_SCOPES and not self.places
