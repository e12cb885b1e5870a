"""The Term model: a word or abbreviation from education jargon, explained in the glossary and in tooltips."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from .common import EntryModel, Provenance, Text

_FORM = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’(). -]*(?<! )\Z")


def _check_form(value: str) -> str:
    if not _FORM.match(value):
        raise ValueError(f"'{value}' kan niet als afkorting in de tekst gemarkeerd worden; gebruik alleen letters, "
                         "cijfers, spaties, een apostrof, punt, streepje of haakjes")
    return value


Form = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_check_form)]


class Term(EntryModel):
    """A glossary term. Wherever one of its forms appears on the site, it gets a tooltip with its meaning."""

    title: Text = Field(description="Het begrip zoals het meestal geschreven wordt, bijvoorbeeld 'vve' of 'IB'er'.")
    meaning: Text = Field(description="Voluit of in een paar woorden, voor de tooltip: bijvoorbeeld 'voor- en vroegschoolse educatie'.")
    summary: Text = Field(description="Uitleg in één tot drie zinnen voor de begrippenlijst.")
    forms: list[Form] = Field(default_factory=list, description="Schrijfwijzen die in teksten een tooltip krijgen, hoofdlettergevoelig (bijvoorbeeld [vve, VVE]). Leeg: alleen de titel.")
    provenance: list[Provenance] = Field(default_factory=list, description="In welke brondocumenten het begrip voorkomt.")

    @model_validator(mode="after")
    def _title_is_a_form(self) -> Term:
        if not self.forms:
            _check_form(self.title)
        return self

    @property
    def marked(self) -> list[str]:
        """The spellings that get a tooltip."""
        return list(self.forms) or [self.title]
