"""The data of the explore page (search/explore.json) without a browser: facet values per entry, the label
lists and their order, and that the file is safe to serve or embed. Search and explore agree on themes."""

from __future__ import annotations

import json

import pytest

from kennisbank.core import queries as q
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import THEME
from kennisbank.outputs.explore import explore_data
from kennisbank.outputs.search import documents

from .conftest import ROOT


@pytest.fixture(scope="module")
def real_kb():
    return load_knowledge_base(ROOT / "content").knowledge


def test_search_and_explore_give_every_entry_the_same_themes(real_kb) -> None:
    """The theme facet and the theme words in the search index both come from queries.themes_of."""
    kb = real_kb
    facet = {record["id"]: record["themes"] for record in json.loads(explore_data(kb))["entries"]}
    titles = {theme.id: theme.title for theme in kb.of_kind(THEME)}
    docs = documents(kb)
    assert docs and {doc.id for doc in docs} == set(facet)
    for doc in docs:
        keywords = f" {doc.fields['keywords']} "
        in_search = [theme for theme, title in titles.items() if f" {title} " in keywords]
        expected = [theme.id for theme in q.themes_of(kb, kb.get(doc.id))]
        assert in_search == facet[doc.id] == expected, doc.id
