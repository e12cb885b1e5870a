"""The data of the compare page (vergelijk/kaarten.json) without a browser: the comparable fields of each card as
plain text, the figures per toolkit worded as on the card pages, the first steps without Markdown, the linked
initiatives with their provincies, and that the file is safe to serve. The browser side is
tests/browser/test_compare.py."""

from __future__ import annotations

import json
import re

import pytest

from kennisbank.core import loader
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import PRACTICE
from kennisbank.core.regions import PROVINCES
from kennisbank.outputs import urls
from kennisbank.outputs.compare import (
    FIRST_STEPS,
    MAX_CARDS,
    compare_data,
    compare_outputs,
    compare_payload,
    plain_points,
    plain_text,
)

from .conftest import GOLDEN, ROOT, overlay_content

STEPS_CARD = """---
title: Kaart met stappen
summary: Een kaart om eerste stappen uit te lezen.
sectors: [vo]
---
## Wat is het?

Iets.

## Hoe begin je?

- Lees het [rapport van de *EEF*](https://educationendowmentfoundation.org.uk/) en **bespreek** het
  in het team.
- Gebruik `code` noch <abbr title="x">vve</abbr> als opmaak; 5 \\* 3 &amp; meer.

1. Een genummerde stap.

Een alinea zonder lijst.

## In de praktijk

Hoort niet bij de eerste stappen.
"""


@pytest.fixture(scope="module")
def golden_kb(tmp_path_factory):
    content = overlay_content(tmp_path_factory.mktemp("compare"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    (content / "practices" / "stappen.md").write_text(STEPS_CARD, encoding="utf-8")
    result = load_knowledge_base(content)
    assert result.errors == []  # only warnings about the extra card being findable and sourced
    return result.knowledge


@pytest.fixture(scope="module")
def data(golden_kb) -> dict:
    return json.loads(compare_data(golden_kb))


def cards(data: dict) -> dict[str, dict]:
    return {card["id"]: card for card in data["cards"]}


def test_every_practice_card_once_by_title(golden_kb, data: dict) -> None:
    assert [card["title"] for card in data["cards"]] == ["Geef gerichte feedback", "Kaart met stappen",
                                                         "Zet in op (voor)lezen"]
    assert data["max"] == MAX_CARDS == 4 and data["version"] == 1
    assert {card["url"] for card in data["cards"]} == {urls.entry_url(e) for e in golden_kb.of_kind(PRACTICE)}


def test_figures_per_toolkit_worded_as_on_the_card_page(data: dict) -> None:
    feedback = cards(data)["feedback"]
    assert [(r["toolkit"], r["impact"], r["strength"], r["cost"]) for r in feedback["ratings"]] == [
        ("EEF", "+6 maanden", {"text": "3 van 5", "symbols": "●●●○○"}, {"text": "1 van 5", "symbols": "€····"}),
        # a figure the toolkit does not give says so, and draws nothing that could look like a low score
        ("Leerpunt", "+7 maanden", {"text": "3 van 5", "symbols": "●●●○○"}, {"text": "niet gegeven", "symbols": ""}),
    ]
    eef, leerpunt = feedback["ratings"]
    assert eef["toolkit_label"] == "EEF Teaching and Learning Toolkit" and eef["read_on"] == "24 november 2026"
    assert eef["url"].startswith("https://educationendowmentfoundation.org.uk/") and eef["strand"] == "Feedback"
    assert leerpunt["version"] == "bijgewerkt in 2025"
    assert feedback["no_ratings"] is None


def test_who_the_card_is_for_in_dutch_labels(data: dict) -> None:
    feedback = cards(data)["feedback"]
    assert feedback["sectors"] == ["Primair onderwijs", "Voortgezet onderwijs"]
    assert feedback["ages"] == ["Groep 6–8", "Onderbouw vo"]
    assert (feedback["number"], feedback["themes"]) == ("1.2", ["Taal centraal"])
    assert cards(data)["voorlezen"]["ages"] == []  # the page says 'niet genoemd door de bron', never a guess


def test_a_card_without_figures_says_why(data: dict) -> None:
    voorlezen = cards(data)["voorlezen"]
    assert voorlezen["ratings"] == [] and voorlezen["no_ratings"] == "Nog geen cijfers uit een toolkit."


def test_first_steps_are_the_points_of_one_section_as_plain_text(data: dict) -> None:
    assert cards(data)["stappen"]["first_steps"] == [
        "Lees het rapport van de EEF en bespreek het in het team.",
        "Gebruik code noch vve als opmaak; 5 * 3 & meer.",
        "Een genummerde stap.",
        "Een alinea zonder lijst.",
    ]
    assert cards(data)["feedback"]["first_steps"] == []  # no such section: the page says so


def test_plain_text_of_inline_markdown() -> None:
    assert plain_text("[a](https://x.org/) en ![b](c.png)") == "a en b"
    assert plain_text("**vet**, *schuin*, __ook__ en _dit_; snake_case_name blijft") == \
        "vet, schuin, ook en dit; snake_case_name blijft"
    assert plain_text("\\[geen link\\] &lt;tag&gt;") == "[geen link] <tag>"
    assert plain_points("* een\n* twee\n\n\n3) drie\n   verder") == ["een", "twee", "drie verder"]


def test_initiatives_by_card_with_their_provincies(data: dict) -> None:
    assert cards(data)["voorlezen"]["initiatives"] == ["voorleesclub"]
    assert data["initiatives"] == {"voorleesclub": {
        "title": "Voorleesclub", "url": "initiatieven/voorleesclub/", "scope": "Lokaal", "places": "Hilversum",
        "provinces": ["noord-holland"], "national": False}}  # only initiatives that a card links to
    assert data["legends"] == {"impact": "Effect (maanden extra leervoortgang)", "strength": "Bewijskracht (0 tot 5)",
                               "cost": "Kosten (1 is laag, 5 is hoog)"}  # from explore.py, their one home
    assert data["provinces"][0] == ["groningen", "Groningen", "regio/groningen/"]
    assert ["fryslan", "Fryslân", "regio/fryslan/"] in data["provinces"]
    assert [name for _slug, name, _page in data["provinces"]] == list(PROVINCES)


def test_file_is_script_safe_and_hostile_text_stays_data(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the content checker off (the second line of defence alone), hostile text stays data."""
    monkeypatch.setattr(loader, "content_safety_problems", lambda *args, **kwargs: [])
    hostile = "Kaart </script><script>alert(1)</script> & 'x' \u2028 é"
    content = overlay_content(tmp_path, GOLDEN / "base" / "content")
    (content / "practices" / "voorlezen.md").write_text(
        (GOLDEN / "base" / "content" / "practices" / "voorlezen.md").read_text(encoding="utf-8")
        .replace("title: Zet in op (voor)lezen", f"title: {json.dumps(hostile)}"), encoding="utf-8")
    result = load_knowledge_base(content)
    assert result.errors == []
    text = compare_data(result.knowledge)
    assert not re.search(r"[<>&\n]", text) and text.isascii()  # so also no raw U+2028, U+2029
    assert json.loads(text)["cards"][0]["title"] == hostile  # the reader gets the exact text back


def test_outputs_land_where_urls_says(golden_kb) -> None:
    paths = [output.path for output in compare_outputs(golden_kb)]
    assert paths == [urls.COMPARE_DATA, urls.asset("compare.js")]
    assert urls.page_url(urls.COMPARE) == "vergelijk/" and urls.compare(("a", "b")) == "vergelijk/index.md?kaarten=a,b"


def test_every_real_card_has_first_steps_without_markdown() -> None:
    kb = load_knowledge_base(ROOT / "content").knowledge
    payload = compare_payload(kb)
    assert len(payload["cards"]) == len(kb.of_kind(PRACTICE))
    for card in payload["cards"]:
        assert card["first_steps"], f"{card['id']}: geen '{FIRST_STEPS}'"
        for step in card["first_steps"]:
            assert not re.search(r"\]\(|\*\*|`|<[a-z/]", step), (card["id"], step)
    assert all(i in payload["initiatives"] for card in payload["cards"] for i in card["initiatives"])


def test_the_script_reads_the_parameters_urls_names() -> None:
    """compare.js spells the parameters of the page's address; urls.py is their home, so the two must agree."""
    script = (ROOT / "plugins" / "kennisbank" / "outputs" / "assets" / "compare.js").read_text(encoding="utf-8")
    assert f'var CARDS = "{urls.COMPARE_CARDS}", CARD = "{urls.COMPARE_CARD}", PROVINCE = "{urls.COMPARE_PROVINCE}";' in script


def test_a_compare_page_too_long_for_one_page_leaves_the_list_to_the_tables(golden_kb,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The compare page is a form and is never split: when the list of every card would pass a page's budget (at
    thousands of cards), the page points to the table of all cards, which is split into pages, instead."""
    from kennisbank.outputs import paging
    from kennisbank.outputs.pages import SiteRenderer

    def compare_page() -> str:
        return next(str(p.text) for p in SiteRenderer(golden_kb).overviews() if p.path == urls.COMPARE)

    cards = golden_kb.of_kind(PRACTICE)
    listed = compare_page()
    assert all(f"({urls.relative(urls.COMPARE, urls.entry_uri(card))})" in listed for card in cards)
    monkeypatch.setattr(paging, "PAGE_BUDGET", 200)
    short = compare_page()
    assert not any(f"({urls.relative(urls.COMPARE, urls.entry_uri(card))})" in short for card in cards)
    assert "vanuit de tabel" in short and urls.relative(urls.COMPARE, urls.PRACTICE_TABLES["effect"]) in short
