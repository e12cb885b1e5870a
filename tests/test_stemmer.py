"""The search index is stemmed with PyStemmer (C) when installed, the browser with lunr-languages' Dutch stemmer:
both must give exactly the stems of Snowball's pure-Python 'dutch_porter', word for word."""

from __future__ import annotations

import re

import snowballstemmer
from snowballstemmer.dutch_porter_stemmer import DutchPorterStemmer

from .conftest import ROOT


def test_the_fast_stemmer_gives_the_same_stems() -> None:
    words: set[str] = set()
    for path in (ROOT / "content").rglob("*.*"):
        words |= set(re.findall(r"\w+", path.read_text(encoding="utf-8").lower()))
    words |= {"kinderen", "leerlingen", "ouderbetrokkenheid", "geïnteresseerd", "coördinatie", "één", "voorlezen"}
    assert len(words) > 2000
    fast, reference = snowballstemmer.stemmer("dutch_porter"), DutchPorterStemmer()
    assert type(fast).__module__ == "Stemmer", "PyStemmer is pinned in pyproject.toml and should be in use"
    assert [w for w in sorted(words) if fast.stemWord(w) != reference.stemWord(w)] == []
