"""Shared field types of all entry kinds: ids, references, URLs, sectors, places, citations, evidence."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..folding import strip_accents
from ..regions import PROVINCES, municipalities
from ..suggestions import did_you_mean

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_ID_LENGTH = 80
PLACEHOLDERS = ("regio",)
"""Placeholders a discussion question may use; a briefing fills them in for its own meetup."""


class StrictModel(BaseModel):
    """Base for every content model: unknown keys are errors, values are immutable once read."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,  # a title like 1984 is text, not a type error
        validate_default=False,
    )


def slugify(text: str) -> str:
    """An id proposed from a title or file name: lower case ASCII letters, digits and hyphens."""
    # Accents off, then whatever is still not ASCII ('ß', 'ø', a dash '–') is left out, not made a hyphen.
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_ID_LENGTH]


Text = Annotated[str, Field(min_length=1)]


class EntryModel(StrictModel):
    """Base of every entry kind: each entry has a title (its id is the file name)."""

    title: Text = Field(description="Titel van het item.")


def ref(kind: str, description: str, **kwargs):
    """A field holding ids of entries of one kind; the linker checks them (x-ref names the kind)."""
    return Field(description=description, json_schema_extra={"x-ref": kind}, **kwargs)


_WHITESPACE = re.compile(r"\s")
# Characters RFC 3986 never allows in an address; in a field they are a paste error or an attempt to break
# out of the HTML or Markdown the address is put in.
_NOT_IN_URL = re.compile(r"[<>\"{}|\\^`\x00-\x1f\x7f]")
_TRACKING = re.compile(r"^(utm_[a-z]+|gclid|fbclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid)$", re.I)


def check_url(value: str) -> str:
    if _WHITESPACE.search(value):
        raise ValueError("een URL mag geen spaties bevatten; vervang elke spatie door %20")
    bad = _NOT_IN_URL.search(value)
    if bad:
        raise ValueError(f"het teken {bad.group(0)!r} mag niet in een webadres staan; kopieer het adres opnieuw uit "
                         "de adresbalk van de browser")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        raise ValueError(
            f"'{value}' is geen geldig webadres: het moet beginnen met https:// (of http://) gevolgd door een domein"
        )
    tracking = [key for key, _ in parse_qsl(parts.query, keep_blank_values=True) if _TRACKING.match(key)]
    if tracking:
        raise ValueError(
            f"verwijder de volgparameter(s) {', '.join(tracking)} uit de URL; die volgen lezers en horen niet in een bronvermelding"
        )
    return value


Url = Annotated[str, AfterValidator(check_url)]


Sector = Literal["kinderopvang", "voorschool", "po", "sbo", "so", "vo", "vso", "mbo", "hbo", "wo"]
SECTOR_LABELS: dict[str, str] = {
    "kinderopvang": "Kinderopvang",
    "voorschool": "Voorschool (vve)",
    "po": "Primair onderwijs",
    "sbo": "Speciaal basisonderwijs",
    "so": "Speciaal onderwijs",
    "vo": "Voortgezet onderwijs",
    "vso": "Voortgezet speciaal onderwijs",
    "mbo": "Mbo",
    "hbo": "Hbo",
    "wo": "Wo",
}

Sectors = Annotated[
    list[Sector],
    Field(description="Onderwijssectoren waarvoor dit geldt: " + ", ".join(SECTOR_LABELS) + ".", default_factory=list),
]


def check_question(value: str) -> str:
    for name in re.findall(r"\{([^{}]*)\}", value):
        if name not in PLACEHOLDERS:
            raise ValueError(
                f"onbekende invulplek '{{{name}}}'; de enige invulplek is '{{regio}}' (de regio van de meetup)"
            )
    return value


Question = Annotated[str, Field(min_length=1), AfterValidator(check_question)]


class Place(StrictModel):
    """A place in the Netherlands: a provincie, optionally a gemeente in it and a village or neighbourhood."""

    provincie: Literal[PROVINCES] = Field(description="Provincie, officieel gespeld (bijvoorbeeld 'Noord-Holland', 'Fryslân').")  # type: ignore[valid-type]
    gemeente: str | None = Field(
        default=None,
        description="Gemeente zoals het CBS haar schrijft (bijvoorbeeld 'Hilversum', \"'s-Gravenhage\"). Leeg voor een hele provincie.",
    )
    plaats: str | None = Field(
        default=None,
        description="Dorp, wijk of stad binnen de gemeente, als die anders heet dan de gemeente (bijvoorbeeld 'Westerhaar' in Twenterand).",
    )

    @model_validator(mode="after")
    def _known_municipality(self) -> Place:
        if self.gemeente is None:
            if self.plaats is not None:
                raise ValueError("vul ook de gemeente in waar deze plaats in ligt")
            return self
        known = municipalities()
        found = known.get(self.gemeente)
        if found is None:
            raise ValueError(
                f"onbekende gemeente '{self.gemeente}'.{did_you_mean(self.gemeente, list(known))} "
                "Gebruik de officiële naam van de gemeente; een dorp of wijk zet je bij 'plaats'"
            )
        if found.province != self.provincie:
            raise ValueError(
                f"gemeente '{self.gemeente}' ligt in {found.province}, niet in {self.provincie}"
            )
        return self

    @property
    def label(self) -> str:
        if self.plaats and self.gemeente:
            return f"{self.plaats} (gemeente {self.gemeente})"
        return self.gemeente or self.provincie


class Citation(StrictModel):
    """A publication that supports what an entry says."""

    title: Text = Field(description="Titel van de publicatie, precies zoals de bron hem schrijft.")
    authors: list[Text] = Field(default_factory=list, description="Auteurs of makers (personen of organisaties).")
    publisher: str | None = Field(default=None, description="Uitgever, organisatie of medium (bijvoorbeeld 'NRO', 'Kennisrotonde').")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Jaar van verschijnen.")
    url: Url | None = Field(default=None, description="Webadres van de publicatie (https://…), zonder volgparameters.")
    note: str | None = Field(default=None, description="Korte toelichting, bijvoorbeeld welk deel van de publicatie van belang is.")


class Provenance(StrictModel):
    """Where in a source document of the knowledge base this entry's facts come from."""

    document: str = ref("document", "Id van het brondocument (een bestand in content/documents/).")
    lines: str | None = Field(default=None, pattern=r"^\d+(-\d+)?(, *\d+(-\d+)?)*$", description="Regelnummers in de tekstversie van het brondocument, bijvoorbeeld '147-184'.")
