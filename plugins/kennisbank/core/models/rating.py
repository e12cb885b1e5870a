"""The Rating model: one toolkit's headline figures for an approach, always with its scheme, page and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator

from .common import StrictModel, Text, Url


@dataclass(frozen=True)
class SchemeInfo:
    """How one toolkit gives its figures: where it publishes, on which scales, and how we carry them over."""

    label: str
    short: str
    hosts: tuple[str, ...]
    """Where the toolkit publishes its own strand pages: a figure is only taken from there."""
    impact: tuple[int, int]
    """Lowest and highest effect in months the toolkit gives (a figure outside is a typing error)."""
    strength: tuple[int, int]
    cost: tuple[int, int]
    scales: str
    """For visitors, in Dutch: how the toolkit shows its figures and how we turn them into numbers."""
    caveat: str = ""
    """For visitors, in Dutch: what to keep in mind when comparing this toolkit's figures with another's."""
    about: str | None = None
    """The toolkit's own page that explains its scales or its sources."""


SCHEMES: dict[str, SchemeInfo] = {
    "eef-toolkit": SchemeInfo(
        label="EEF Teaching and Learning Toolkit", short="EEF",
        hosts=("educationendowmentfoundation.org.uk",), impact=(-12, 12), strength=(0, 5), cost=(1, 5),
        scales="Effect in maanden extra vooruitgang; bewijskracht als slotjes, van 0 tot 5; kosten als "
               "ponden, van 1 tot 5. Het aantal slotjes en ponden staat hier als getal.",
        about="https://educationendowmentfoundation.org.uk/evidence-summaries/about-the-toolkits/evidence-strength/"),
    "eef-early-years": SchemeInfo(
        label="EEF Early Years Toolkit", short="EEF jonge kind",
        hosts=("educationendowmentfoundation.org.uk",), impact=(-12, 12), strength=(0, 5), cost=(1, 5),
        scales="De toolkit van de EEF voor de jongste kinderen (early years), met dezelfde schalen als de "
               "Teaching and Learning Toolkit: maanden, slotjes (0 tot 5) en ponden (1 tot 5).",
        about="https://educationendowmentfoundation.org.uk/evidence-summaries/about-the-toolkits/evidence-strength/"),
    "nro-toolkit": SchemeInfo(
        label="Toolkit Lesgeven en Leren (NRO, onderwijskennis.nl)", short="NRO",
        hosts=("onderwijskennis.nl", "nro.nl"), impact=(-12, 12), strength=(0, 5), cost=(1, 5),
        scales="De Nederlandse versie van de EEF-toolkit op onderwijskennis.nl. Effect, bewijskracht en kosten "
               "staan hier zoals de pagina ze geeft."),
    "leerpunt": SchemeInfo(
        label="Leerpunt-toolkit (Vlaanderen)", short="Leerpunt",
        hosts=("leerpunt.be",), impact=(-12, 12), strength=(1, 5), cost=(1, 5),
        scales="Effect in maanden leerwinst (of leervertraging); bewijskracht als petjes en kosten als "
               "eurotekens, allebei op een schaal van 1 (laag) tot 5 (hoog). Waar een pagina de bewijskracht "
               "alleen in woorden noemt, nemen we die woorden over.",
        about="https://leerpunt.be/toolkit/wat-betekenen-de-iconen-van-de-toolkits"),
    "np-menukaart": SchemeInfo(
        label="Menukaart Nationaal Programma Onderwijs (nponderwijs.nl)", short="NP-menukaart",
        hosts=("nponderwijs.nl",), impact=(-12, 12), strength=(1, 5), cost=(1, 5),
        scales="De menukaart zet achter elke interventie het effect in maanden, het bewijs als vinkjes (✓, 1 tot "
               "5) en de kosten als eurotekens (€, 1 tot 5). Het aantal vinkjes staat hier als bewijskracht, het "
               "aantal eurotekens als kosten. Staan er bij een interventie geen vinkjes of eurotekens, dan staat "
               "hier 'niet gegeven'.",
        caveat="De menukaart is geen eigen onderzoek. Volgens haar achtergrondpagina is ze gebouwd op de "
               "EEF-toolkit (in het Nederlands de Toolkit Lesgeven en Leren) en staan effect, bewijs en kosten "
               "alleen bij de interventies die uit die toolkit komen. Partners vulden de menukaart aan met "
               "interventies voor welbevinden en sociaal-emotionele ontwikkeling; hoe sterk die onderbouwd zijn, "
               "staat niet op de menukaart maar in de databank effectieve jeugdinterventies van het NJi. De "
               "menukaart mengt dus twee manieren van beoordelen. Haar cijfers kunnen ook uit een oudere versie "
               "van de EEF-toolkit komen dan de EEF-cijfers op dezelfde kaart: volgens de achtergrondpagina had "
               "de EEF haar toolkit intussen met een nieuwe analysemethode bijgewerkt.",
        about="https://www.nponderwijs.nl/po-en-vo/aan-de-slag/menukaart/achtergrond-menukaart"),
}
"""Every toolkit whose figures a card may carry, in the order the site explains them."""

Scheme = Literal["eef-toolkit", "eef-early-years", "nro-toolkit", "leerpunt", "np-menukaart"]
SCHEME_LABELS: dict[str, str] = {name: info.label for name, info in SCHEMES.items()}
SCHEME_SHORT: dict[str, str] = {name: info.short for name, info in SCHEMES.items()}
SCHEME_HOSTS: dict[str, tuple[str, ...]] = {name: info.hosts for name, info in SCHEMES.items()}


def out_of_range(rating: Rating) -> list[str]:
    """The figures of a rating that lie outside its scheme's scales, each as 'veld: waarde (toegestaan: a tot b)'."""
    info = SCHEMES[rating.scheme]
    found = []
    for field, (low, high) in (("impact_months", info.impact), ("strength", info.strength), ("cost", info.cost)):
        value = getattr(rating, field)
        if value is not None and not low <= value <= high:
            found.append(f"{field}: {value} (toegestaan: {low} tot en met {high})")
    return found


class Rating(StrictModel):
    """What one toolkit says about the approach on a card, exactly as its own strand page gives it."""

    scheme: Scheme = Field(description="De toolkit die de waardering geeft: " + ", ".join(SCHEME_LABELS) + ".")
    strand: Text = Field(description="Naam van het onderdeel (strand) of de interventie in de toolkit, zoals de "
                                     "toolkit het noemt, bijvoorbeeld 'Feedback' of 'Oral language interventions'.")
    url: Url = Field(description="Webadres van de eigen pagina van dat onderdeel in de toolkit (geen blog of samenvatting).")
    read_on: dt.date = Field(description="Datum waarop de cijfers van die pagina zijn overgenomen (JJJJ-MM-DD).")
    impact_months: int | None = Field(default=None, ge=-12, le=12, description="Effect in maanden extra leervoortgang, zoals de toolkit het geeft (+6 schrijf je als 6).")
    strength: int | None = Field(default=None, ge=0, le=5, description="Bewijskracht op de schaal van de toolkit: 0 tot 5 (slotjes bij de EEF, vinkjes op de NP-menukaart, die begint bij 1).")
    strength_text: str | None = Field(default=None, description="De woorden die de pagina zelf voor de bewijskracht gebruikt, bijvoorbeeld 'extensive evidence' of 'sterke evidentie'.")
    cost: int | None = Field(default=None, ge=1, le=5, description="Kosten op de schaal van de toolkit: 1 (heel laag) tot 5 (heel hoog); bij de NP-menukaart het aantal eurotekens.")
    version: str | None = Field(default=None, description="Versie of bijwerking van de pagina als die het noemt, bijvoorbeeld 'bijgewerkt in 2025'; een oudere versie met de periode waarin ze gold.")
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
        outside = out_of_range(self)
        if outside:
            raise ValueError(f"deze cijfers passen niet op de schaal van {SCHEME_LABELS[self.scheme]}: "
                             + "; ".join(outside))
        return self
