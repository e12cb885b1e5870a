"""The official list of Dutch provinces and municipalities, read once from the package's data file."""

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
