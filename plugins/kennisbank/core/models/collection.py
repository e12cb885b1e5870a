"""The Collection model: a curated, sectioned list of practice cards, such as the NP Onderwijs menukaart."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, EntryModel, Provenance, StrictModel, Text, ref


class Section(StrictModel):
    """One section of a collection, for example one goal area of the menukaart."""

    title: Text = Field(description="Titel van het onderdeel.")
    summary: str | None = Field(default=None, description="Korte toelichting op dit onderdeel.")
    practices: list[str] = ref("practice", "Ids van de praktijkkaarten in dit onderdeel, in deze volgorde.", min_length=1)


class Collection(EntryModel):
    """A curated list of practice cards in sections. An introduction may follow the front matter."""

    title: Text = Field(description="Titel van de verzameling.")
    summary: Text = Field(description="Wat de verzameling is, in één of twee zinnen.")
    sections: list[Section] = Field(min_length=1, description="De onderdelen, in volgorde.")
    themes: list[str] = ref("theme", "Ids van de thema's waar deze verzameling bij past.", default_factory=list)
    sources: list[Citation] = Field(default_factory=list, description="Waar de verzameling vandaan komt.")
    provenance: list[Provenance] = Field(default_factory=list, description="Uit welke brondocumenten deze verzameling komt.")
