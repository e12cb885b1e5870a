"""The entry kinds: everything about a kind in one place. Its folder and model, its Dutch names, the address of
its pages and what its Markdown text is for. A new kind needs its entry here, its model and its template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from ..suggestions import fold
from .collection import Collection
from .common import EntryModel
from .document import SourceDocument
from .initiative import Initiative
from .meetup import Meetup
from .practice import Practice
from .reading import ReadingItem
from .scan import Scan
from .term import Term
from .theme import Theme

M = TypeVar("M", bound=EntryModel, covariant=True)


@dataclass(frozen=True, eq=False)  # compared by identity: there is exactly one Kind object per kind
class Kind(Generic[M]):
    """One kind of entry. Code passes these objects around (THEME, PRACTICE, ...), never kind names."""

    name: str  # in x-ref markers of the models and in the JSON Schema
    folder: str  # content/<folder>/
    site_folder: str  # Dutch, as visitors see it: pages at /<site_folder>/<id>/, open data at data/<site_folder>.json
    model: type[M]
    label: str  # Dutch, singular, for messages
    plural: str  # Dutch, for headings
    neuter: bool = False  # 'het thema' → 'onbekend thema'; 'de kaart' → 'onbekende kaart'
    aliases: tuple[str, ...] = ()  # Dutch names contributors type (`kennisbank new kaart`); the first is shown in help
    # What the Markdown text below the front matter is for, in the contributor's words (in a new file's header
    # and after `new`); None: the kind's files are YAML only, without text.
    body_hint: str | None = None

    @property
    def unknown(self) -> str:
        return f"onbekend {self.label}" if self.neuter else f"onbekende {self.label}"

    @property
    def new(self) -> str:
        """'nieuw thema', 'nieuwe praktijkkaart'."""
        return f"nieuw {self.label}" if self.neuter else f"nieuwe {self.label}"

    def __repr__(self) -> str:
        return f"Kind({self.name})"


THEME = Kind("theme", "themes", "themas", Theme, "thema", "Thema's", neuter=True, aliases=("thema",),
             body_hint="de inleiding van het thema")
PRACTICE = Kind("practice", "practices", "praktijk", Practice, "praktijkkaart", "Praktijkkaarten",
                aliases=("praktijkkaart", "kaart"),
                body_hint="wat de aanpak is, waarom hij werkt en hoe je begint, onder de kopjes die er al staan")
READING = Kind("reading", "reading", "lezen", ReadingItem, "lees-, kijk- of luistertip", "Lezen, kijken, luisteren",
               aliases=("leestip", "tip", "kijktip", "luistertip"))
INITIATIVE = Kind("initiative", "initiatives", "initiatieven", Initiative, "initiatief", "Initiatieven", neuter=True,
                  aliases=("initiatief",), body_hint="een langere beschrijving van het initiatief (mag leeg blijven)")
MEETUP = Kind("meetup", "meetups", "meetups", Meetup, "meetup", "Meetups", aliases=("meetup",),
              body_hint="praktische informatie voor deelnemers (mag leeg blijven)")
COLLECTION = Kind("collection", "collections", "verzamelingen", Collection, "verzameling", "Verzamelingen",
                  aliases=("verzameling",), body_hint="een inleiding op de verzameling (mag leeg blijven)")
DOCUMENT = Kind("document", "documents", "bronnen", SourceDocument, "brondocument", "Brondocumenten", neuter=True,
                aliases=("brondocument",))
TERM = Kind("term", "glossary", "begrippen", Term, "begrip", "Begrippen", neuter=True, aliases=("begrip",))
# All scans share one page (/zelfscan/), where visitors choose one: a scan links to its part of that page.
SCAN = Kind("scan", "scans", "zelfscan", Scan, "zelfscan", "Zelfscans", aliases=("zelfscan", "scan"))

KINDS: tuple[Kind[EntryModel], ...] = (THEME, PRACTICE, READING, INITIATIVE, MEETUP, COLLECTION, DOCUMENT, TERM, SCAN)
KIND_BY_NAME: dict[str, Kind[EntryModel]] = {kind.name: kind for kind in KINDS}
KIND_BY_FOLDER: dict[str, Kind[EntryModel]] = {kind.folder: kind for kind in KINDS}


def kind_named(text: str) -> Kind[EntryModel] | None:
    """The kind a contributor means: a Dutch alias, the kind name, its folder or its plural; case and accents
    ignored. Where two kinds share a name, the one earlier in KINDS wins."""
    for kind in KINDS:
        if fold(text) in {fold(name) for name in (*kind.aliases, kind.name, kind.folder, kind.plural)}:
            return kind
    return None


__all__ = [
    "KINDS", "KIND_BY_NAME", "KIND_BY_FOLDER", "Kind", "EntryModel", "kind_named",
    "THEME", "PRACTICE", "READING", "INITIATIVE", "MEETUP", "COLLECTION", "DOCUMENT", "TERM", "SCAN",
    "Theme", "Practice", "ReadingItem", "Initiative", "Meetup", "Collection", "SourceDocument", "Term", "Scan",
]
