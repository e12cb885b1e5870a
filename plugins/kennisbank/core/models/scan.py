"""The Scan model: a self-scan of statements for one role (leraar, schoolleider) that point to themes and cards."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from .common import SECTOR_LABELS, EntryModel, Provenance, Sector, Sectors, StrictModel, Text, ref

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_KEY_LENGTH = 30
ROLE_PARAMETER = "rol"
SECTOR_PARAMETER = "sector"
"""Names in the self-scan page's address next to the statements' keys (#rol=leraar&sector=po&<key>=ja): a
statement may not take them as its key."""


def _check_key(value: str) -> str:
    if not _KEY.match(value) or len(value) > MAX_KEY_LENGTH:
        raise ValueError(f"'{value}' is geen geldige sleutel: gebruik alleen kleine letters, cijfers en streepjes "
                         f"(maximaal {MAX_KEY_LENGTH} tekens), bijvoorbeeld 'vroeg-signaleren'")
    if value in (ROLE_PARAMETER, SECTOR_PARAMETER):
        raise ValueError(f"'{value}' kan geen sleutel zijn: het adres van de zelfscan gebruikt die naam al; kies "
                         "een andere")
    return value


Key = Annotated[str, AfterValidator(_check_key)]


class Statement(StrictModel):
    """One statement of a self-scan: whoever fills it in says how well it fits their class or school."""

    key: Key = Field(description="Korte, vaste sleutel van de stelling (kleine letters en streepjes), bijvoorbeeld "
                                 "'vroeg-signaleren'. Hij staat in de link met de antwoorden; verander hem dus niet "
                                 "meer als de scan eenmaal gedeeld is.")
    text: Text = Field(description="De stelling, in de ik- of wij-vorm, zoals wie de scan invult hem leest: bijvoorbeeld "
                                   "'Ik weet welke kinderen in mijn groep thuis weinig Nederlands horen.'")
    theme: str = ref("theme", "Id van het thema waar deze stelling bij hoort; zonder JavaScript linkt de stelling "
                              "daarheen.")
    practices: list[str] = ref("practice", "Ids van de praktijkkaarten die passen als de stelling (nog) niet klopt, "
                                           "de meest passende eerst.", default_factory=list, max_length=6)
    reason: Text = Field(description="Waarom het thema en de kaarten passen als de stelling (nog) niet of maar "
                                     "deels klopt, in één of twee zinnen.")
    sectors: Sectors = Field(default_factory=list,
                             description="Alleen voor deze sectoren tonen (bijvoorbeeld [po]). Leeg: voor elke "
                                         "sector van de scan.")
    provenance: list[Provenance] = Field(default_factory=list,
                                         description="Uit welke brondocumenten de stelling en de reden komen.")


class Scan(EntryModel):
    """A self-scan for one role. The site's /zelfscan/ page lets visitors choose a role and a sector and answer.
    The linker checks what needs the file's line numbers: unique keys, and statement sectors that the scan has."""

    title: Text = Field(description="Titel van de scan, bijvoorbeeld 'Zelfscan voor leraren'.")
    role: Text = Field(description="Voor wie de scan is, kort, zoals bij de keuze op de pagina: bijvoorbeeld 'Leraar'.")
    summary: Text = Field(description="Eén of twee zinnen over de scan voor wie hem invult.")
    order: int = Field(default=100, ge=0, description="Volgorde op de zelfscanpagina: lager komt eerst.")
    sectors: list[Sector] = Field(min_length=1, description="Voor welke sectoren de scan in te vullen is, bijvoorbeeld "
                                                          "[po, vo]; kies uit " + ", ".join(SECTOR_LABELS) + ".")
    statements: list[Statement] = Field(min_length=1, max_length=20, description="De stellingen, in volgorde.")

    def statements_for(self, sector: str) -> list[Statement]:
        """The statements shown to whoever fills in the scan for one sector."""
        return [s for s in self.statements if not s.sectors or sector in s.sectors]
