"""The open data under data/: JSON that validates against its models and schemas, CSV for Dutch spreadsheets,
GeoJSON, Atom and JSON Feed, schema.org JSON-LD, the Open data page; and hostile text stays inert in each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from kennisbank.core import loader
from kennisbank.core.history import History
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import INITIATIVE, KINDS, MEETUP, PRACTICE, READING, TERM, THEME
from kennisbank.core.regions import PROVINCES, municipalities
from kennisbank.outputs import urls
from kennisbank.outputs.data import data_outputs
from kennisbank.outputs.data.csv import cell, columns
from kennisbank.outputs.data.feeds import ATOM, JSON_FEED_VERSION, feed_items
from kennisbank.outputs.data.geo import GEOJSON_PROPERTIES, Centroids, packaged_centroids, read_centroids
from kennisbank.outputs.data.json import ADDED_FIELDS, WRAPPER_FIELDS
from kennisbank.outputs.data.page import open_data_context
from kennisbank.outputs.data.vocabulary import PLACE_CODES
from kennisbank.outputs.jsonld import insert_into_head, json_ld, json_ld_by_page
from kennisbank.outputs.pages import SiteRenderer

from .conftest import GOLDEN, overlay_content

SITE = "https://example.org/kennisbank"
ROOT = SITE + "/"
NL_LON = (3.2, 7.3)  # the European Netherlands' bounding box, a little generous
NL_LAT = (50.7, 53.6)
CENTROIDS = """code;naam;soort;lon;lat
GM0402;Hilversum;gemeente;5,1763;52,2292
GM0406;Huizen;gemeente;5.2427;52.2960
PV26;Utrecht;provincie;5.2109;52.0844
"""
HOSTILE = "</script><script>alert(1)</script>"
FORMULA = '=HYPERLINK("https://evil.example/","klik hier")'


def _load(content: Path) -> Any:
    result = load_knowledge_base(content)
    assert [p.format() for p in result.problems if p.is_error] == []
    return result.knowledge


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("export")
    return _load(overlay_content(tmp, GOLDEN / "base" / "content", GOLDEN / "pages" / "content"))


@pytest.fixture(scope="module")
def history() -> History:
    return History(
        added={"content/practices/feedback.md": dt.date(2026, 10, 1),
               "content/practices/voorlezen.md": dt.date(2026, 9, 1),
               "content/initiatives/voorleesclub.yml": dt.date(2026, 9, 1),
               "content/glossary/vve.yml": dt.date(2026, 8, 1),
               "content/documents/briefing.yml": dt.date(2026, 11, 1)},
        changed={"content/practices/feedback.md": dt.date(2026, 11, 2),
                 "content/practices/voorlezen.md": dt.date(2026, 9, 1),
                 "content/initiatives/voorleesclub.yml": dt.date(2026, 10, 15),
                 "content/glossary/vve.yml": dt.date(2026, 8, 1),
                 "content/documents/briefing.yml": dt.date(2026, 11, 1)},
        latest=dt.date(2026, 11, 2),
    )


@pytest.fixture(scope="module")
def centroids() -> Centroids:
    return read_centroids(CENTROIDS)


@pytest.fixture(scope="module")
def outputs(kb: Any, history: History, centroids: Centroids) -> dict[str, Any]:
    return {o.path: o for o in data_outputs(kb, history, SITE, centroids)}


def _json(outputs: dict[str, Any], path: str) -> Any:
    return json.loads(outputs[path].text)


def _without_codes(value: Any) -> Any:
    """A JSON value without the CBS codes the data adds to every place."""
    if isinstance(value, list):
        return [_without_codes(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_codes(v) for k, v in value.items() if k not in PLACE_CODES}
    return value


# -- JSON --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_record_validates_against_its_model_and_schema(kb: Any, outputs: dict[str, Any], kind: Any) -> None:
    payload = _json(outputs, urls.data_json(kind))
    schema = _json(outputs, urls.data_schema(kind))
    assert payload["count"] == len(payload["entries"]) == len(kb.of_kind(kind))
    assert payload["item_schema"] == ROOT + urls.data_schema(kind) == schema["$id"]
    assert payload["schema"] == ROOT + urls.data_file_schema(urls.data_json(kind))
    assert set(payload) == set(WRAPPER_FIELDS) - {"item_schemas"}
    assert not set(ADDED_FIELDS) & set(kind.model.model_fields)  # the added keys never hide a field
    for record, entry in zip(payload["entries"], kb.of_kind(kind), strict=True):
        fields = {k: v for k, v in _without_codes(record).items() if k not in ADDED_FIELDS}
        assert kind.model.model_validate(fields) == entry.data
        assert record["id"] == entry.id and record["kind"] == kind.name
        assert record["page_url"] == urls.absolute(urls.entry_uri(entry), SITE)
        # the published schema describes the record as it is: no key it does not know, none it needs missing
        assert set(record) <= set(schema["properties"])
        assert set(schema["required"]) <= set(record)
        assert schema["additionalProperties"] is False
    assert ("body" in schema["properties"]) is (kind is not TERM)


def test_records_carry_body_and_dates(outputs: dict[str, Any]) -> None:
    feedback = next(r for r in _json(outputs, urls.data_json(PRACTICE))["entries"] if r["id"] == "feedback")
    assert feedback["body"].startswith("## Wat is het?")
    assert (feedback["added"], feedback["changed"]) == ("2026-10-01", "2026-11-02")
    assert feedback["page_url"] == ROOT + "praktijk/feedback/"
    assert feedback["ratings"][0]["read_on"] == "2026-11-24"  # dates as ISO text, as mode="json" gives
    podcast = _json(outputs, urls.data_json(READING))["entries"][0]
    assert podcast["url"] == "https://example.org/podcast"  # the model's own url is kept, not overwritten
    assert podcast["added"] is None
    term = _json(outputs, urls.data_json(TERM))["entries"][0]
    assert "body" not in term and term["page_url"] == ROOT + "begrippen/#vve"


def test_all_in_one_file_holds_every_entry(kb: Any, outputs: dict[str, Any]) -> None:
    payload = _json(outputs, "data/alles.json")
    assert payload["count"] == len(kb)
    assert sorted(r["id"] for r in payload["entries"]) == sorted(kb.entries)
    assert payload["item_schemas"]["practice"] == ROOT + urls.data_schema(PRACTICE)
    assert payload["schema"] == ROOT + "data/schema/alles.json.schema.json"
    assert payload["license"] == "CC BY 4.0" and payload["attribution"] == "Kennisbank Kansengelijkheid"


def test_outputs_are_deterministic_and_files(kb: Any, history: History, centroids: Centroids,
                                             outputs: dict[str, Any]) -> None:
    again = {o.path: o.content for o in data_outputs(kb, history, SITE + "/", centroids)}
    assert again == {path: o.content for path, o in outputs.items()}  # a trailing slash changes nothing
    assert all(path.startswith("data/") and not o.is_page for path, o in outputs.items())


# -- CSV ---------------------------------------------------------------------------------------------------

def _rows(outputs: dict[str, Any], kind: Any) -> list[dict[str, str]]:
    raw = outputs[urls.data_csv(kind)].content
    assert isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == [c.key for c in columns(kind)]
    assert all(len(row) == len(rows[0]) for row in rows)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_csv_has_one_row_per_entry(kb: Any, outputs: dict[str, Any], kind: Any) -> None:
    rows = _rows(outputs, kind)
    assert [r["id"] for r in rows] == [e.id for e in kb.of_kind(kind)]
    assert all(re.fullmatch(r"[a-z0-9_]+", c.key) for c in columns(kind))  # easy in R, pandas and formulas


def test_csv_flattens_lists_and_blocks(outputs: dict[str, Any]) -> None:
    feedback = next(r for r in _rows(outputs, PRACTICE) if r["id"] == "feedback")
    assert feedback["sectors"] == "po | vo"
    assert feedback["ratings_scheme"].startswith("eef-toolkit | ")  # the codes of the JSON, one per rating
    assert len(feedback["ratings_scheme"].split(" | ")) == 2
    assert [v.split(" | ")[0] for v in (feedback["ratings_impact_months"], feedback["ratings_strength"],
                                        feedback["ratings_cost"])] == ["6", "3", "1"]
    assert feedback["sources_title"] == "Rapport [met haken] | en streep"
    assert feedback["added"] == "2026-10-01"
    assert feedback["page_url"] == ROOT + "praktijk/feedback/"
    club = next(r for r in _rows(outputs, INITIATIVE) if r["id"] == "voorleesclub")
    assert (club["places_provincie"], club["places_gemeente"], club["scope"]) == ("Noord-Holland", "Hilversum", "lokaal")
    assert (club["places_provincie_code"], club["places_gemeente_code"]) == ("PV27", "GM0402")
    meetup = _rows(outputs, MEETUP)[0]
    assert meetup["region_places_gemeente"] == "Hilversum | Huizen" and meetup["held"] == "nee"
    assert meetup["region_places_gemeente_code"] == "GM0402 | GM0406"


@pytest.mark.parametrize(("value", "expected"), [
    (FORMULA, "'" + FORMULA),
    ("+31 35 123", "'+31 35 123"),
    ("-lezen", "'-lezen"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    (["=1+1", "b"], "'=1+1 | b"),
    ("'s-Gravenhage", "'s-Gravenhage"),
    (-1, "-1"),  # a number stays a number
    (True, "ja"),
    (None, ""),
    (dt.date(2026, 1, 2), "2026-01-02"),
])
def test_cells_never_become_formulas(value: Any, expected: str) -> None:
    assert cell(value) == expected


# -- GeoJSON -----------------------------------------------------------------------------------------------

def _assert_feature_collection(collection: dict[str, Any]) -> None:
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert NL_LON[0] <= lon <= NL_LON[1] and NL_LAT[0] <= lat <= NL_LAT[1]
        assert set(feature["properties"]) == set(GEOJSON_PROPERTIES)


def test_geojson_has_a_point_per_place(outputs: dict[str, Any]) -> None:
    collection = _json(outputs, urls.GEOJSON)
    _assert_feature_collection(collection)
    [club] = collection["features"]  # the national programme has no place and so no point
    assert club["geometry"]["coordinates"] == [5.1763, 52.2292]  # the decimal comma was read
    assert club["properties"] | {"summary": None} == {
        "id": "voorleesclub", "title": "Voorleesclub", "summary": None,
        "page_url": ROOT + "initiatieven/voorleesclub/", "url": None, "scope": "lokaal",
        "provincie": "Noord-Holland", "provincie_code": "PV27", "gemeente": "Hilversum", "gemeente_code": "GM0402",
        "plaats": None, "centroid": "gemeente"}


def test_places_without_a_centroid_are_left_out(kb: Any, history: History) -> None:
    outputs = {o.path: o for o in data_outputs(kb, history, SITE, Centroids())}
    assert _json(outputs, urls.GEOJSON)["features"] == []


@pytest.mark.parametrize(("text", "message"), [
    ("code;naam;lon;lat\n", "soort"),
    ("code;naam;soort;lon;lat\nGM0402;Hilversum;gemeente;x;52\n", "not a number"),
    ("code;naam;soort;lon;lat\nGM0402;Hilversum;dorp;5;52\n", "soort"),
    ("code;naam;soort;lon;lat\nGM0402;Hilversum;gemeente;5;520\n", "out of range"),
])
def test_a_malformed_centroid_table_is_an_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_centroids(text)


def test_packaged_centroids_cover_every_municipality_and_province() -> None:
    table = packaged_centroids()
    if not table.gemeenten and not table.provincies:
        pytest.skip("plugins/kennisbank/data/centroids.csv is er nog niet")
    for municipality in municipalities().values():
        point = table.gemeenten.get(municipality.code)
        assert point is not None, municipality
        assert NL_LON[0] <= point[0] <= NL_LON[1] and NL_LAT[0] <= point[1] <= NL_LAT[1], municipality
    assert all(province.casefold() in table.provincies for province in PROVINCES)


# -- feeds -------------------------------------------------------------------------------------------------

def test_atom_feed(outputs: dict[str, Any]) -> None:
    raw = outputs[urls.ATOM_FEED].content
    assert isinstance(raw, bytes) and raw.startswith(b"<?xml")
    feed = ET.fromstring(raw)
    ns = {"a": ATOM}
    assert feed.tag == f"{{{ATOM}}}feed"
    assert feed.findtext("a:id", namespaces=ns) == ROOT + urls.ATOM_FEED
    assert feed.findtext("a:updated", namespaces=ns) == "2026-11-02T00:00:00Z"
    assert feed.find("a:author/a:name", ns) is not None
    entries = feed.findall("a:entry", ns)
    # newest change first; the source document and entries without dates are left out
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == [
        ROOT + "praktijk/feedback/", ROOT + "initiatieven/voorleesclub/", ROOT + "praktijk/voorlezen/",
        ROOT + "begrippen/#vve"]
    for entry in entries:
        assert entry.findtext("a:title", namespaces=ns)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext("a:updated", namespaces=ns) or "")
        link = entry.find("a:link", ns)
        assert link is not None and link.get("href") == entry.findtext("a:id", namespaces=ns)
    assert (entries[0].findtext("a:summary", namespaces=ns) or "").startswith("Bijgewerkte praktijkkaart.")
    assert (entries[-1].findtext("a:summary", namespaces=ns) or "").startswith("Nieuw begrip.")


def test_json_feed(outputs: dict[str, Any]) -> None:
    feed = _json(outputs, urls.JSON_FEED)
    assert feed["version"] == JSON_FEED_VERSION == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == ROOT + urls.JSON_FEED and feed["home_page_url"] == ROOT
    assert [item["id"] for item in feed["items"]][:2] == [ROOT + "praktijk/feedback/", ROOT + "initiatieven/voorleesclub/"]
    for item in feed["items"]:
        assert item["id"] and item["url"] and item["title"] and item["content_text"]
        assert item["date_modified"].endswith("T00:00:00Z")
    assert feed["items"][0]["date_published"] == "2026-10-01T00:00:00Z"


def test_feeds_hold_at_most_the_limit(kb: Any) -> None:
    everything = History(added={e.path: dt.date(2026, 1, 1) for e in kb.entries.values()},
                         changed={e.path: dt.date(2026, 1, 1) for e in kb.entries.values()})
    assert len(feed_items(kb, everything, SITE, limit=3)) == 3
    assert feed_items(kb, History(), SITE) == []


# -- JSON-LD -----------------------------------------------------------------------------------------------

def test_json_ld_types(kb: Any, history: History) -> None:
    def data(entry_id: str) -> dict[str, Any]:
        text = json_ld(kb, kb.get(entry_id), SITE, history)
        assert text is not None and "<" not in text and ">" not in text and "&" not in text
        return dict(json.loads(text))

    practice = data("feedback")
    assert practice["@context"] == "https://schema.org" and practice["@type"] == "LearningResource"
    assert practice["url"] == ROOT + "praktijk/feedback/" and practice["dateModified"] == "2026-11-02"
    assert practice["about"] == [{"@type": "Thing", "name": "Taal centraal", "url": ROOT + "themas/taal-centraal/"}]
    assert data("podcast")["@type"] == "LearningResource"
    assert data("podcast")["mainEntityOfPage"] == ROOT + "lezen/podcast/"
    club = data("voorleesclub")
    assert club["@type"] == "Organization" and club["areaServed"][0]["name"] == "Hilversum"
    assert "url" not in club  # no website known: our page is the page about it, not its site
    event = data("meetup-gooi")
    assert event["@type"] == "Event" and event["startDate"] == "2021-10-05"
    assert data("vve")["@type"] == "DefinedTerm"
    assert json_ld(kb, kb.get_of_kind("taal-centraal", THEME), SITE) is None


def test_json_ld_about_is_the_themes_of_the_entry(tmp_path: Path) -> None:
    # A reading tip that names only a practice card is about that card's themes, as on the explore page and in
    # the search index (queries.themes_of): schema.org's "about" once left it without any.
    content = overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    (content / "reading" / "alleen-een-kaart.yml").write_text(
        "title: Alleen een kaart\nmedia_type: artikel\npractices: [feedback]\n", encoding="utf-8")
    kb = _load(content)
    text = json_ld(kb, kb.get_of_kind("alleen-een-kaart", READING), SITE)
    assert text is not None
    assert json.loads(text)["about"] == [{"@type": "Thing", "name": "Taal centraal",
                                          "url": ROOT + "themas/taal-centraal/"}]


def test_json_ld_by_page_and_head(kb: Any) -> None:
    found = json_ld_by_page(kb, SITE)
    assert "praktijk/feedback.md" in found and "themas/taal-centraal.md" not in found
    assert json.loads(found[urls.GLOSSARY])["@type"] == "DefinedTermSet"
    html = insert_into_head("<html><head><title>t</title></head><body></body></html>", found["praktijk/feedback.md"])
    assert html.index('<script type="application/ld+json">{') < html.index("</head>")
    assert insert_into_head("<p>geen head</p>", "{}") == "<p>geen head</p>"


def test_page_url() -> None:
    assert urls.absolute("index.md", SITE) == ROOT
    assert urls.absolute("praktijk/x.md", SITE) == ROOT + "praktijk/x/"
    assert urls.absolute("begrippen/index.md#vve", SITE + "/") == ROOT + "begrippen/#vve"
    assert urls.absolute("regio/index.md", SITE) == ROOT + "regio/"
    assert urls.absolute(urls.data_csv(PRACTICE), SITE) == ROOT + "data/praktijk.csv"


# -- hostile content ---------------------------------------------------------------------------------------

@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Hostile titles with the checker switched off: the second line of defence alone must hold."""
    monkeypatch.setattr(loader, "content_safety_problems", lambda *args, **kwargs: [])
    content = overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    (content / "initiatives" / "boos.yml").write_text(
        f"title: {json.dumps(HOSTILE)}\nsummary: {json.dumps(FORMULA)}\nscope: regionaal\n"
        "places: [{provincie: Utrecht}]\npractices: [voorlezen]\n", encoding="utf-8")
    (content / "documents").mkdir(exist_ok=True)
    (content / "documents" / "boos-document.yml").write_text(  # its title reaches the data package's sources
        f"title: {json.dumps(HOSTILE)}\nsummary: {json.dumps(FORMULA)}\n", encoding="utf-8")
    (content / "practices" / "formule.md").write_text(
        f"---\ntitle: {json.dumps(FORMULA)}\nsummary: {json.dumps(HOSTILE)}\nthemes: [taal-centraal]\n"
        f"sources: [{{title: {json.dumps(HOSTILE)}}}]\n---\nTekst.\n", encoding="utf-8")
    kb = _load(content)
    history = History(added={"content/initiatives/boos.yml": dt.date(2026, 12, 1),
                             "content/practices/formule.md": dt.date(2026, 12, 1)})
    return {"kb": kb, "outputs": {o.path: o for o in data_outputs(kb, history, SITE, read_centroids(CENTROIDS))}}


def test_a_formula_in_a_title_is_neutralised_in_the_csv(hostile: dict[str, Any]) -> None:
    row = next(r for r in _rows(hostile["outputs"], PRACTICE) if r["id"] == "formule")
    assert row["title"] == "'" + FORMULA
    row = next(r for r in _rows(hostile["outputs"], INITIATIVE) if r["id"] == "boos")
    assert row["summary"] == "'" + FORMULA and row["title"] == HOSTILE  # CSV is text, not HTML


def test_hostile_text_stays_inert_in_every_format(hostile: dict[str, Any]) -> None:
    outputs = hostile["outputs"]
    for path, output in outputs.items():
        if path.endswith(".csv"):
            continue
        text = output.text
        assert "<script" not in text and "</script" not in text, path
        if not path.endswith(".atom"):
            assert "<" not in text and ">" not in text, path  # every JSON file escapes markup characters
    sources = [source["title"] for source in _json(outputs, urls.DATA_PACKAGE)["sources"]]
    assert HOSTILE in sources  # escaped in the file, the same text once parsed
    feed = ET.fromstring(outputs[urls.ATOM_FEED].content)
    titles = [t.text for t in feed.iter(f"{{{ATOM}}}title")]
    assert HOSTILE in titles and FORMULA in titles  # escaped in the XML, the same text to a reader
    point = next(f for f in _json(outputs, urls.GEOJSON)["features"] if f["properties"]["id"] == "boos")
    assert point["properties"]["title"] == HOSTILE and point["properties"]["centroid"] == "provincie"
    assert point["geometry"]["coordinates"] == [5.2109, 52.0844]
    kb = hostile["kb"]
    for entry_id in ("boos", "formule"):
        text = json_ld(kb, kb.get(entry_id), SITE)
        assert text is not None and "<" not in text
        assert HOSTILE in json.dumps(json.loads(text))  # the same text once parsed
        assert "</script" not in insert_into_head("<head></head>", text).partition("</script>")[0]


# -- the Open data page ------------------------------------------------------------------------------------

def test_open_data_page_documents_every_file(kb: Any, outputs: dict[str, Any]) -> None:
    renderer = SiteRenderer(kb)
    page = renderer._page("open_data.md.j2", urls.OPEN_DATA_PAGE, in_nav=True, **open_data_context(kb)).text
    assert page.startswith('---\ntitle: "Open data"')
    targets = set(re.findall(r"\]\(\.\./(data/[^)]+)\)", page))
    assert targets == {path for path in outputs if "/schema/" in path or path.endswith((".json", ".csv", ".geojson",
                                                                                      ".atom", ".jsonld"))}
    for kind in KINDS:
        assert f"#### {kind.plural}: `{urls.data_csv(kind)}`" in page
        for column in columns(kind):
            assert f"| `{column.key}` |" in page
    for name in (*ADDED_FIELDS, *WRAPPER_FIELDS, *GEOJSON_PROPERTIES):
        assert f"| `{name}` |" in page
    assert "| `ratings_impact_months` | `ratings.impact_months` | **Waarderingen: effect.**" in page
    assert "maanden extra leervoortgang |" in page and "| `provincie_code` |" in page  # the unit and the CBS codes
    assert f"]({urls.DATA_PACKAGE.removeprefix('data/')})" in page.replace("../data/", "")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page
    assert "Kennisbank Kansengelijkheid" in page and "Excel" in page and "LibreOffice" in page
    assert "](../bijdragen/velden.md)" in page
