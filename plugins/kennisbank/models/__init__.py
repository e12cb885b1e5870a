"""The entry kinds: which folder holds which model, and the Dutch names contributors see."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .collection import Collection
from .document import SourceDocument
from .initiative import Initiative
from .meetup import Meetup
from .practice import Practice
from .reading import ReadingItem
from .theme import Theme


@dataclass(frozen=True)
class Kind:
    name: str  # used in x-ref and in code
    folder: str  # content/<folder>/
    model: type[BaseModel]
    label: str  # Dutch, singular, for messages
    plural: str  # Dutch, for headings
    neuter: bool = False  # 'het thema' → 'onbekend thema'; 'de kaart' → 'onbekende kaart'

    @property
    def unknown(self) -> str:
        return f"onbekend {self.label}" if self.neuter else f"onbekende {self.label}"


KINDS: tuple[Kind, ...] = (
    Kind("theme", "themes", Theme, "thema", "Thema's", neuter=True),
    Kind("practice", "practices", Practice, "praktijkkaart", "Praktijkkaarten"),
    Kind("reading", "reading", ReadingItem, "lees-, kijk- of luistertip", "Lezen, kijken, luisteren"),
    Kind("initiative", "initiatives", Initiative, "initiatief", "Initiatieven", neuter=True),
    Kind("meetup", "meetups", Meetup, "meetup", "Meetups"),
    Kind("collection", "collections", Collection, "verzameling", "Verzamelingen"),
    Kind("document", "documents", SourceDocument, "brondocument", "Brondocumenten", neuter=True),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}
KIND_BY_FOLDER = {kind.folder: kind for kind in KINDS}

__all__ = [
    "KINDS", "KIND_BY_NAME", "KIND_BY_FOLDER", "Kind",
    "Theme", "Practice", "ReadingItem", "Initiative", "Meetup", "Collection", "SourceDocument",
]
