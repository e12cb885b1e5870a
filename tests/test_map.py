"""The map data and the inline SVG maps: complete, inside the Netherlands, well-formed, escaped, self-contained."""

from __future__ import annotations

import csv
import importlib.util
import re
import xml.etree.ElementTree as ET
from types import ModuleType

import pytest

from kennisbank.core.regions import PROVINCES, cbs_codes, municipalities, province_codes
from kennisbank.outputs import mapsvg

from .conftest import ROOT

DATA = ROOT / "plugins" / "kennisbank" / "data"
NS = {"svg": mapsvg.SVG_NAMESPACE}
# Generous box around the European Netherlands (50.75-53.56 N, 3.36-7.23 E).
LON, LAT = (3.2, 7.3), (50.7, 53.7)
HOSTILE = '"><script>alert(1)</script><a href=\'x'
LINKS = {p: f"../regio/{p.lower()}/" for p in PROVINCES}


def _register() -> dict[str, str]:
    """Province of every municipality code in gemeenten.csv."""
    return {m.code: m.province for m in municipalities().values()}


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{{{mapsvg.SVG_NAMESPACE}}}svg"
    return root


def _links(root: ET.Element) -> list[str]:
    return [a.get("href", "") for a in root.iter(f"{{{mapsvg.SVG_NAMESPACE}}}a")]


def _titles(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{{{mapsvg.SVG_NAMESPACE}}}title")]


def _no_outside_reference(svg: str) -> None:
    # The namespace declaration is an identifier, not a request; nothing else may point off the page.
    assert re.findall(r"http", svg, re.I) == ["http"]
    assert "xlink" not in svg and "url(" not in svg and "@import" not in svg
    assert "<script" not in svg.lower() and not re.search(r"\son[a-z]+\s*=", svg)  # no event handlers


# --- the data -----------------------------------------------------------------------------------------------

def test_boundaries_cover_every_province_and_municipality() -> None:
    data = mapsvg.boundaries()
    assert list(data.provinces) == list(PROVINCES)
    register = _register()
    assert set(data.municipalities) == set(register)
    for code, shape in data.municipalities.items():
        assert shape.province == register[code], code
    assert {m.name for m in municipalities().values()} == {s.name for s in data.municipalities.values()}


def test_every_province_and_municipality_has_its_cbs_code() -> None:
    codes = province_codes()
    assert list(codes) == list(PROVINCES)  # the same names, in the order of the CBS codes
    assert list(codes.values()) == [f"PV{n}" for n in range(20, 32)]
    assert all(re.fullmatch(r"GM\d{4}", m.code) for m in municipalities().values())
    assert len({m.code for m in municipalities().values()}) == len(municipalities())
    assert cbs_codes("Noord-Holland", "Hilversum") == ("PV27", "GM0402")
    assert cbs_codes("Fryslân", None) == ("PV21", None)


def test_boundaries_file_is_small_and_attributed() -> None:
    assert (DATA / "boundaries.json").stat().st_size < 300_000  # inline in pages, so it must stay compact
    attribution = mapsvg.boundaries().attribution
    assert "CBS/Kadaster" in attribution and "CC BY 4.0" in attribution and "cartomap/nl" in attribution


def test_every_shape_parses_and_lies_in_the_view_box() -> None:
    data = mapsvg.boundaries()
    left, top, width, height = data.view_box
    for shape in [*data.provinces.values(), *data.municipalities.values()]:
        assert shape.rings and all(len(ring) >= 3 for ring in shape.rings), shape.name
        x0, y0, x1, y1 = shape.box
        assert left <= x0 < x1 <= left + width and top <= y0 < y1 <= top + height, shape.name


def test_every_municipality_lies_in_its_province() -> None:
    data = mapsvg.boundaries()
    for shape in data.municipalities.values():
        mx0, my0, mx1, my1 = shape.box
        px0, py0, px1, py1 = data.provinces[shape.province].box
        # Two generalisations of the same borders: allow a few units (a few hundred metres) of difference.
        assert px0 - 5 <= mx0 and my0 >= py0 - 5 and mx1 <= px1 + 5 and my1 <= py1 + 5, shape.name


def test_centroids_have_a_row_per_province_and_municipality_inside_the_netherlands() -> None:
    with (DATA / "centroids.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        assert reader.fieldnames == ["code", "naam", "soort", "lon", "lat"]
        rows = list(reader)
    provinces = [r for r in rows if r["soort"] == "provincie"]
    towns = [r for r in rows if r["soort"] == "gemeente"]
    assert len(rows) == len(provinces) + len(towns)
    assert [r["code"] for r in provinces] == [r["naam"] for r in provinces] == list(PROVINCES)
    names = {m.code: m.name for m in municipalities().values()}
    assert {r["code"]: r["naam"] for r in towns} == names
    for row in rows:
        assert re.fullmatch(r"\d+\.\d{4}", row["lon"]) and re.fullmatch(r"\d+\.\d{4}", row["lat"]), row
        assert LON[0] < float(row["lon"]) < LON[1] and LAT[0] < float(row["lat"]) < LAT[1], row


def test_path_parser_rejects_what_the_script_does_not_write() -> None:
    assert mapsvg.parse_path("M1 2l3-4 5 6z") == (((1, 2), (4, -2), (9, 4)),)
    for bad in ("M1 2L3 4z", "M1 2l3 4", "M1 2l3 4z<script>", "l1 2z", ""):
        with pytest.raises(ValueError):
            mapsvg.parse_path(bad)


# --- the province map ---------------------------------------------------------------------------------------

def test_province_map_links_every_province_and_titles_its_count() -> None:
    svg = mapsvg.province_map({"Noord-Holland": 8, "Utrecht": 1, "Limburg": 3}, LINKS, "Initiatieven per provincie")
    root = _parse(svg)
    assert root.get("aria-label") == "Initiatieven per provincie"
    assert root.get("role") != "img"  # an image role would hide the links inside from assistive technology
    assert sorted(_links(root)) == sorted(LINKS.values())
    titles = _titles(root)
    assert "Noord-Holland: 8 initiatieven" in titles and "Utrecht: 1 initiatief" in titles
    assert "Drenthe: geen initiatieven" in titles
    for a in root.iter(f"{{{mapsvg.SVG_NAMESPACE}}}a"):
        assert a.get("aria-label") and a.find("svg:title", NS) is not None and a.find("svg:path", NS) is not None
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{{{mapsvg.SVG_NAMESPACE}}}text"))
    assert "Geen initiatieven" in text and "8" in text  # legend in words, counts on the map
    _no_outside_reference(svg)


def test_province_map_shades_by_count_with_a_legend_per_class() -> None:
    root = _parse(mapsvg.province_map({"Zeeland": 1, "Gelderland": 10}, {}, "Kaart"))
    fills = {}
    for shape in root.iter(f"{{{mapsvg.SVG_NAMESPACE}}}g"):
        path = shape.find("svg:path", NS)
        if shape.get("aria-label") and path is not None:
            fills[shape.get("aria-label", "").split(":")[0]] = path.get("fill")
    assert fills["Zeeland"] != fills["Gelderland"] != fills["Drenthe"] == mapsvg.NONE_FILL
    legend = root.find("svg:g[@class='legenda']", NS)
    assert legend is not None
    assert [t.text for t in legend.iter(f"{{{mapsvg.SVG_NAMESPACE}}}text")][1:] == [
        "1–3 initiatieven", "4–5 initiatieven", "6–8 initiatieven", "9–10 initiatieven", "Geen initiatieven"]


def test_classes_split_the_counts_evenly() -> None:
    assert mapsvg.classes([]) == mapsvg.classes([0, 0]) == []
    assert mapsvg.classes([2]) == [(1, 1), (2, 2)]
    assert mapsvg.classes([5, 1]) == [(1, 2), (3, 3), (4, 4), (5, 5)]
    assert mapsvg.classes([100]) == [(1, 25), (26, 50), (51, 75), (76, 100)]


def test_province_map_escapes_a_hostile_title_and_link() -> None:
    svg = mapsvg.province_map({"Utrecht": 2}, {"Utrecht": HOSTILE}, HOSTILE)
    root = _parse(svg)  # still well-formed: nothing broke out of its attribute or element
    assert root.get("aria-label") == HOSTILE and _titles(root)[0] == HOSTILE
    assert _links(root) == [HOSTILE]
    assert root.find(".//svg:script", NS) is None and root.find(".//script") is None
    assert "<script>" not in svg
    _no_outside_reference(svg)


@pytest.mark.parametrize("link", ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "https://example.org/",
                                  "//example.org/", "\\\\example.org", "data:text/html,x", "java\tscript:x", ""])
def test_map_links_must_stay_on_the_site(link: str) -> None:
    with pytest.raises(ValueError):
        mapsvg.province_map({}, {"Utrecht": link}, "Kaart")
    with pytest.raises(ValueError):
        mapsvg.municipality_map("Utrecht", [], {"GM0344": link}, "Kaart")


def test_map_rejects_unknown_places() -> None:
    with pytest.raises(ValueError, match="onbekende provincie"):
        mapsvg.province_map({"Friesland": 1}, {}, "Kaart")
    with pytest.raises(ValueError, match="onbekende provincie"):
        mapsvg.municipality_map("Vlaanderen", [], {}, "Kaart")
    with pytest.raises(ValueError, match="ligt niet in Utrecht"):
        mapsvg.municipality_map("Utrecht", ["GM0363"], {}, "Kaart")  # Amsterdam


def test_control_characters_cannot_break_the_xml() -> None:
    _parse(mapsvg.province_map({}, {}, "Kaart\x00\x0b met \ufffe tekens"))


# --- the municipality map -----------------------------------------------------------------------------------

def test_municipality_map_shows_the_province_and_marks_initiatives() -> None:
    codes = [code for code, province in _register().items() if province == "Utrecht"]
    svg = mapsvg.municipality_map("Utrecht", {"GM0344": 3, "GM0307": 0}, {"GM0344": "#utrecht"}, "Utrecht")
    root = _parse(svg)
    paths = root.findall(".//svg:g[@stroke]//svg:path", NS)
    assert len(paths) == len(codes) == 26
    marked = [p for p in paths if p.get("fill") == mapsvg.HIGHLIGHT_FILL]
    assert len(marked) == 1  # a count of 0 is not an initiative
    assert _links(root) == ["#utrecht"]
    titles = _titles(root)
    assert "Utrecht: 3 initiatieven" in titles and "Amersfoort: geen initiatieven" in titles
    assert "Gemeente met initiatieven" in svg and "Gemeente zonder initiatieven" in svg
    _no_outside_reference(svg)


def test_municipality_map_accepts_plain_codes_and_escapes_titles() -> None:
    svg = mapsvg.municipality_map("Zeeland", {"GM0687"}, {"GM0687": HOSTILE}, HOSTILE)
    root = _parse(svg)
    assert root.get("aria-label") == HOSTILE and _links(root) == [HOSTILE]
    assert "Middelburg: met initiatieven" in _titles(root)
    assert "<script>" not in svg


def test_view_box_fits_the_province_and_its_legend() -> None:
    for province in PROVINCES:
        root = _parse(mapsvg.municipality_map(province, [], {}, province))
        left, top, width, height = (float(v) for v in (root.get("viewBox") or "").split())
        for path in root.findall(".//svg:path", NS):
            for ring in mapsvg.parse_path(path.get("d", "")):
                assert all(left <= x <= left + width and top <= y <= top + height for x, y in ring), province


def test_figure_carries_the_attribution_and_no_blank_line() -> None:
    block = mapsvg.figure(mapsvg.province_map({}, LINKS, "Kaart"), "Klik op een provincie <b>nu</b>.")
    assert block.startswith('<figure class="kb-kaart-figuur">') and block.endswith("</figure>")
    assert "\n\n" not in block  # a blank line would end Markdown's raw HTML block halfway
    root = ET.fromstring(block)
    caption = root.find("figcaption")
    assert caption is not None and caption.text is not None
    assert caption.text.startswith("Klik op een provincie <b>nu</b>.") and "CC BY 4.0" in caption.text


# --- the script that made the data --------------------------------------------------------------------------

def _script() -> ModuleType:
    path = ROOT / "scripts" / "derive_boundaries.py"
    spec = importlib.util.spec_from_file_location("derive_boundaries", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_douglas_peucker_keeps_corners_and_drops_near_straight_points() -> None:
    simplify = _script().douglas_peucker
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert simplify(line, 0.5) == [(0.0, 0.0), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    square = [(0.0, 0.0), (5.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    assert simplify(square, 1.0) == [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]


def test_script_writes_the_path_form_mapsvg_reads() -> None:
    script = _script()
    d = script.path_data([[[(0.4, 0.4), (10.2, 0.0), (10.0, 9.6), (0.0, 10.0)]]])
    assert d == "M0 0l10 0 0 10-10 0z"
    assert mapsvg.parse_path(d) == (((0, 0), (10, 0), (10, 10), (0, 10)),)


def test_script_checks_the_province_codes_against_the_source() -> None:
    """The source's statcode per province (PV20 Groningen, … in cartomap/nl) must be the code in provincies.csv."""
    script = _script()
    geometries = [{"type": "Polygon", "arcs": [[0]], "properties": {"statcode": code, "statnaam": name}}
                  for name, code in province_codes().items()]
    topology = {"objects": {"provincie_2026": {"type": "GeometryCollection", "geometries": geometries}}}
    assert script.check_province_codes(topology, DATA / "provincies.csv") == []
    geometries[0]["properties"]["statcode"] = "PV99"
    assert script.check_province_codes(topology, DATA / "provincies.csv") == [
        "province Groningen: source code PV99, provincies.csv PV20"]
