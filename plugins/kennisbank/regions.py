"""The official list of Dutch provinces and municipalities, read once from the package's data file."""

from __future__ import annotations

import csv
import difflib
import unicodedata
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


def _fold(text: str) -> str:
    """Case- and accent-insensitive key, so 'Fryslan' finds 'Fryslân' in suggestions."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@cache
def municipalities() -> dict[str, Municipality]:
    """Municipalities by official name, from data/gemeenten.csv."""
    source = resources.files("kennisbank").joinpath("data/gemeenten.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["gemeente"]: Municipality(row["code"], row["gemeente"], row["provincie"]) for row in rows}


def suggest(value: str, options: list[str] | tuple[str, ...]) -> str | None:
    """The closest official spelling, for 'bedoelde je …?' hints."""
    folded = {_fold(option): option for option in options}
    if _fold(value) in folded:
        return folded[_fold(value)]
    match = difflib.get_close_matches(_fold(value), list(folded), n=1, cutoff=0.75)
    return folded[match[0]] if match else None


def did_you_mean(value: str, options: list[str] | tuple[str, ...]) -> str:
    best = suggest(value, options)
    return f" Bedoelde je '{best}'?" if best else ""
