"""The data of the explore page (search/explore.json) without a browser: the facet values of each entry, the
counts, the label lists and their order, and that the file is safe to serve or embed. Search and explore agree
on the themes of every entry. The browser side is tests/browser/test_explore.py."""

from __future__ import annotations

import json
import re
import typing
from collections import Counter
from pathlib import Path

import pytest

from kennisbank.core import loader
from kennisbank.core import queries as q
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import DOCUMENT, KINDS, TERM, THEME
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.initiative import SCOPE_LABELS, Scope
from kennisbank.core.models.practice import AGE_GROUP_LABELS, AgeGroup
from kennisbank.core.models.rating import Rating
from kennisbank.core.models.reading import MEDIA_LABELS
from kennisbank.core.regions import PROVINCES
from kennisbank.outputs import explore
from kennisbank.outputs.escape import script_json
from kennisbank.outputs.explore import IMPACT_BUCKETS, explore_data, explore_payload, vocabulary
from kennisbank.outputs.search import documents
from kennisbank.outputs.text import months

from .conftest import GOLDEN, ROOT, overlay_content

EXPLORE_JS = ROOT / "plugins" / "kennisbank" / "outputs" / "assets" / "explore.js"


@pytest.fixture(scope="module")
def golden_kb(tmp_path_factory):
    content = overlay_content(tmp_path_factory.mktemp("explore"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    result = load_knowledge_base(content)
    assert result.problems == []
    return result.knowledge


@pytest.fixture(scope="module")
def real_kb():
    return load_knowledge_base(ROOT / "content").knowledge


def decoded(text: str) -> dict:
    """explore.json read back as explore.js reads it: the header's labels, and each line's columns as one record
    per entry (coded fields looked up in the header's lists), in the file's order."""
    header, *slices = json.loads(text)
    lists = {field: header["values"][name] if name in header["values"] else [item[0] for item in header["labels"][name]]
             for field, name in header["coded"].items()}
    entries = []
    for columns in slices:
        for i in range(len(next(iter(columns.values())))):
            record = {}
            for field, values in columns.items():
                value, known = values[i], lists.get(field)
                record[field] = ([known[p] for p in value] if isinstance(value, list) else
                                 value if value is None or known is None else known[value])
            entries.append(record)
    assert len(entries) == header["count"]
    return {"version": header["version"], "entries": entries, "labels": header["labels"]}


@pytest.fixture(scope="module")
def golden(golden_kb) -> dict:
    return decoded(explore_data(golden_kb))


def records(data: dict) -> dict[str, dict]:
    return {record["id"]: record for record in data["entries"]}


# -- the entries and their facet values -------------------------------------------------------------------

def test_every_searchable_entry_once_in_the_site_kind_order(golden_kb, golden: dict) -> None:
    ids = [record["id"] for record in golden["entries"]]
    assert len(ids) == len(set(ids)) == 8
    assert Counter(record["kind"] for record in golden["entries"]) == {
        "theme": 1, "practice": 2, "reading": 1, "initiative": 2, "meetup": 1, "collection": 1}
    kind_order = [kind.name for kind in KINDS]
    payload = explore_payload(golden_kb)["entries"]
    assert [record["kind"] for record in payload] == sorted((record["kind"] for record in payload), key=kind_order.index)
    assert sorted(payload, key=lambda r: r["id"]) == sorted(golden["entries"], key=lambda r: r["id"])
    # Source documents and glossary terms have no result of their own.
    assert not {"briefing", "vve"} & set(ids)
    assert {kind.name for kind in (DOCUMENT, TERM)}.isdisjoint(r["kind"] for r in golden["entries"])


def test_facet_values_of_a_practice_card(golden: dict) -> None:
    feedback = records(golden)["feedback"]
    assert feedback == {
        "id": "feedback", "url": "praktijk/feedback/", "kind": "practice", "title": "Geef gerichte feedback",
        "summary": "Feedback die zegt wat goed gaat en wat de volgende stap is.",
        "themes": ["taal-centraal"], "sectors": ["po", "vo"], "ages": ["groep-6-8", "onderbouw-vo"],
        "provinces": [], "gemeenten": [], "media": None, "scope": None,
        "impact": 6, "strength": 3, "cost": 1,  # the first rating's figures, not the second toolkit's 7
        "added": None,
    }
    unrated = records(golden)["voorlezen"]
    assert (unrated["impact"], unrated["strength"], unrated["cost"]) == (None, None, None)
    assert unrated["ages"] == []  # a card whose sources name no age group is not guessed into one


def test_facet_values_of_the_other_kinds(golden: dict) -> None:
    found = records(golden)
    assert found["taal-centraal"]["themes"] == ["taal-centraal"] and found["taal-centraal"]["url"] == "themas/taal-centraal/"
    assert (found["podcast"]["media"], found["podcast"]["themes"]) == ("podcast", ["taal-centraal"])
    club = found["voorleesclub"]
    assert (club["scope"], club["provinces"], club["gemeenten"], club["themes"]) == (
        "lokaal", ["Noord-Holland"], ["Hilversum"], ["taal-centraal"])  # its theme through its practice card
    assert found["landelijk"]["provinces"] == [] and found["landelijk"]["scope"] == "landelijk"
    meetup = found["meetup-gooi"]  # its places are those of its region
    assert (meetup["provinces"], meetup["gemeenten"]) == (["Noord-Holland"], ["Hilversum", "Huizen"])
    assert found["menukaart"]["themes"] == []  # a collection names its themes itself; this one names none
    assert all(r["media"] is None for r in found.values() if r["kind"] != "reading")
    assert all(r["scope"] is None for r in found.values() if r["kind"] != "initiative")
    assert all(r["ages"] == [] for r in found.values() if r["kind"] != "practice")  # age groups are a card's field


def test_added_dates_and_long_summaries(golden_kb) -> None:
    import datetime as dt

    path = golden_kb.get("feedback").path
    data = explore_payload(golden_kb, {path: dt.date(2026, 3, 1)})
    assert records(data)["feedback"]["added"] == "2026-03-01"
    assert all(len(record["summary"]) <= 240 for record in data["entries"])


def test_search_and_explore_give_every_entry_the_same_themes(real_kb) -> None:
    """The theme facet and the theme words in the search index both come from queries.themes_of."""
    kb = real_kb
    facet = {record["id"]: record["themes"] for record in decoded(explore_data(kb))["entries"]}
    titles = {theme.id: theme.title for theme in kb.of_kind(THEME)}
    docs = documents(kb)
    assert docs and {doc.id for doc in docs} == set(facet)
    for doc in docs:
        keywords = f" {doc.fields['keywords']} "
        in_search = [theme for theme, title in titles.items() if f" {title} " in keywords]
        expected = [theme.id for theme in q.themes_of(kb, kb.get(doc.id))]
        assert in_search == facet[doc.id] == expected, doc.id


def test_result_addresses_are_those_of_the_search_index(real_kb) -> None:
    facet = {record["id"]: record["url"] for record in decoded(explore_data(real_kb))["entries"]}
    assert facet == {doc.id: doc.url for doc in documents(real_kb)}


# -- the vocabulary: every label in its order, from its one home ------------------------------------------

def test_label_lists_keep_the_site_order(golden_kb, golden: dict) -> None:
    labels = golden["labels"]
    assert labels == vocabulary(golden_kb)
    assert labels["kinds"] == [
        ["theme", "Thema's", "Thema"], ["practice", "Praktijkkaarten", "Praktijkkaart"],
        ["reading", "Lezen, kijken, luisteren", "Lees-, kijk- of luistertip"],
        ["initiative", "Initiatieven", "Initiatief"], ["meetup", "Meetups", "Meetup"],
        ["collection", "Verzamelingen", "Verzameling"]]
    assert labels["sectors"] == [[key, label] for key, label in SECTOR_LABELS.items()]
    assert [key for key, _label in labels["sectors"]][:4] == ["kinderopvang", "voorschool", "po", "sbo"]
    assert labels["ages"] == [[key, AGE_GROUP_LABELS[key]] for key in typing.get_args(AgeGroup)]  # youngest first
    assert labels["ages"][1] == ["groep-1-2", "Groep 1–2"]
    assert labels["scopes"] == [[scope, SCOPE_LABELS[scope]] for scope in typing.get_args(Scope)]
    assert labels["scopes"][0] == ["lokaal", "Lokaal"]
    assert labels["media"] == [[key, label] for key, label in MEDIA_LABELS.items()]
    assert labels["provinces"] == [[p, p] for p in PROVINCES]
    assert labels["themes"] == [[t.id, t.title] for t in golden_kb.of_kind(THEME)]
    assert labels["none"] == ["geen", "geen cijfers"]


def test_every_facet_value_in_the_data_has_a_label(real_kb) -> None:
    data = decoded(explore_data(real_kb))
    labels = data["labels"]
    known = {name: {item[0] for item in labels[name]}
             for name in ("kinds", "themes", "sectors", "ages", "provinces", "media", "scopes")}
    for record in data["entries"]:
        assert record["kind"] in known["kinds"]
        assert set(record["themes"]) <= known["themes"] and set(record["sectors"]) <= known["sectors"]
        assert set(record["ages"]) <= known["ages"]
        assert set(record["provinces"]) <= known["provinces"]
        assert record["media"] in known["media"] | {None} and record["scope"] in known["scopes"] | {None}
        for field in ("impact", "strength", "cost"):
            values = {value for value, _label in labels["figures"][field]["values"]}
            assert record[field] is None or str(record[field]) in values, (record["id"], field)


def test_figure_wording_is_that_of_the_practice_cards(golden: dict) -> None:
    figures = golden["labels"]["figures"]
    impact = dict(figures["impact"]["values"])
    for n in (-1, 0, 1, 6):
        assert impact[str(n)] == str(months(n))  # text.py's wording: '-1 maand', '0 maanden', '+6 maanden'
    assert [value for value, _label in figures["impact"]["values"]][:2] == ["12", "11"]  # best first
    assert [label for _value, label, _low, _high in figures["impact"]["buckets"]] == [
        "+5 maanden of meer", "+1 tot +4 maanden", "0 maanden of minder"]
    assert figures["strength"]["values"][0] == ["5", "5 van 5"] and figures["strength"]["values"][-1] == ["0", "0 van 5"]
    assert figures["cost"]["values"][0] == ["1", "1 van 5"] and figures["cost"]["values"][-1] == ["5", "5 van 5"]
    assert [(figures[f]["name"], figures[f]["legend"]) for f in ("impact", "strength", "cost")] == [
        ("Effect", "Effect (maanden extra leervoortgang)"), ("Bewijskracht", "Bewijskracht (0 tot 5)"),
        ("Kosten", "Kosten (1 is laag, 5 is hoog)")]


def test_effect_ranges_cover_every_allowed_figure_once() -> None:
    bounds = {type(m).__name__: m for m in Rating.model_fields["impact_months"].metadata}
    low, high = bounds["Ge"].ge, bounds["Le"].le
    for n in range(low, high + 1):
        hits = [value for value, lo, hi in IMPACT_BUCKETS if (lo is None or n >= lo) and (hi is None or n <= hi)]
        assert len(hits) == 1, n


def test_the_script_carries_no_copy_of_the_vocabulary(golden: dict) -> None:
    """explore.js reads labels and orders from explore.json; its own strings are page text and URL words."""
    script = EXPLORE_JS.read_text(encoding="utf-8")
    strings = set(re.findall(r'"((?:[^"\\\n]|\\.)*)"', script))
    labels = golden["labels"]
    vocabulary_words = {label for _key, label in labels["sectors"] + labels["ages"] + labels["scopes"]}
    vocabulary_words |= {plural for _name, plural, _singular in labels["kinds"]}
    vocabulary_words |= {key for key, _label in labels["sectors"] + labels["ages"] + labels["scopes"]}
    vocabulary_words |= {item[1] for item in labels["figures"]["impact"]["buckets"]} | set(labels["none"])
    assert strings & vocabulary_words == set()
    assert [s for s in strings if re.search(r"maand| van \d", s)] == []


# -- the file's layout: a header and slices of columns, a line each, in title order ------------------------

def test_lines_of_columns_decode_to_the_records(golden_kb, monkeypatch: pytest.MonkeyPatch) -> None:
    """explore.js parses a line per task: every line but the first holds at most ENTRIES_PER_LINE entries, each
    line is a JSON value of its own, and together they give back every record of explore_payload."""
    monkeypatch.setattr(explore, "ENTRIES_PER_LINE", 3)
    text = explore_data(golden_kb)
    lines = text.split("\n")
    assert len(lines) == 1 + 3  # the header, then 3 + 3 + 2 entries
    assert lines[0].startswith("[") and all(line.endswith(",") for line in lines[:-1]) and lines[-1].endswith("]")
    elements = [json.loads(line[1 if i == 0 else 0:-1]) for i, line in enumerate(lines)]
    assert elements == json.loads(text)
    assert [len(columns["id"]) for columns in elements[1:]] == [3, 3, 2]
    header = elements[0]
    assert set(header["coded"].values()) - set(header["labels"]) == {"gemeenten", "dates"} == set(header["values"])
    assert header["values"]["gemeenten"] == ["Hilversum", "Huizen"]  # each name once, sorted
    assert sorted(decoded(text)["entries"], key=lambda r: r["id"]) == sorted(
        explore_payload(golden_kb)["entries"], key=lambda r: r["id"])


def test_entries_come_in_title_order_near_the_dutch_collation(golden: dict) -> None:
    """The page sorts titles with Intl.Collator('nl', base, numeric) and finds the file nearly in that order:
    accents and case ignored, numbers by value, spaces and punctuation before digits and letters, ties by id."""
    titles = [record["title"] for record in golden["entries"]]
    assert titles == sorted(titles, key=str.casefold)  # the golden titles hold no accents or numbers
    order = [("Één ding", "b"), ("Eén ding", "a"), ("2 keer", "x"), ("10 keer", "x"), ("Taal en rekenen", "x"),
             ("Taal: woorden", "x"), ("Taal 2", "x"), ("taal 10", "x"), ("Taalles", "x")]
    got = sorted(order, key=lambda t: explore._title_order({"title": t[0], "id": t[1]}))
    assert got == [("2 keer", "x"), ("10 keer", "x"), ("Eén ding", "a"), ("Één ding", "b"), ("Taal 2", "x"),
                   ("taal 10", "x"), ("Taal en rekenen", "x"), ("Taal: woorden", "x"), ("Taalles", "x")]


# -- safe however the file is served or embedded ----------------------------------------------------------

def test_the_file_is_compact_ascii_and_cannot_close_a_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the content checker off (the second line of defence alone), hostile titles stay data."""
    monkeypatch.setattr(loader, "content_safety_problems", lambda *args, **kwargs: [])
    content = overlay_content(tmp_path, GOLDEN / "base" / "content")
    hostile = "Club </script><script>alert(1)</script><!-- \u2028 \u2029 & 'x' \\\" é"
    (content / "initiatives" / "voorleesclub.yml").write_text(
        f"title: {json.dumps(hostile)}\nsummary: {json.dumps(hostile)}\nscope: lokaal\n"
        "places: [{provincie: Noord-Holland, gemeente: Hilversum}]\npractices: [voorlezen]\n",
        encoding="utf-8")
    result = load_knowledge_base(content)
    assert result.errors == []
    text = explore_data(result.knowledge)
    assert text.isascii() and "<" not in text  # so also no raw U+2028, U+2029
    assert records(decoded(text))["voorleesclub"]["title"] == hostile  # the reader gets the exact text back
    # A line break only separates elements (a line each); each is written by the one policy of escape.py:
    # '<', '>' and '&' as \\u escapes.
    elements = json.loads(text)
    assert text == "[" + ",\n".join(script_json(element, sort_keys=True) for element in elements) + "]"
