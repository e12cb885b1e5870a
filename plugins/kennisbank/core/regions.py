"""The official list of Dutch provinces and municipalities with their CBS codes, read once from the package's data files."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

PROVINCES = (
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    province: str


@cache
def municipalities() -> dict[str, Municipality]:
    """Municipalities by official name, from data/gemeenten.csv."""
    source = resources.files("kennisbank").joinpath("data/gemeenten.csv")
    rows = list(csv.DictReader(source.read_text(encoding="utf-8").splitlines()))
    return {row["gemeente"]: Municipality(row["code"], row["gemeente"], row["provincie"]) for row in rows}


@cache
def province_codes() -> dict[str, str]:
    """CBS codes of the provinces (PV20 … PV31) by official name, from data/provincies.csv."""
    source = resources.files("kennisbank").joinpath("data/provincies.csv")
    rows = csv.DictReader(source.read_text(encoding="utf-8").splitlines())
    return {row["provincie"]: row["code"] for row in rows}


def cbs_codes(provincie: str, gemeente: str | None) -> tuple[str, str | None]:
    """The CBS codes of a place: its province's (PV..) and, for a municipality, its own (GM..). The names are the
    ones a Place accepts, so both are always known."""
    municipality = municipalities().get(gemeente) if gemeente else None
    return province_codes()[provincie], municipality.code if municipality else None
