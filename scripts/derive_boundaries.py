#!/usr/bin/env python3
"""Derive the site's map data from the generalised CBS boundaries that cartomap/nl publishes.

Input: the two TopoJSON files (WGS84, EPSG:4326) of the public repository cartomap/nl, commit
01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6, the newest year it holds (2026):

    wgs84/gemeente_2026.topojson   (342 municipalities, 131,804 characters)
    wgs84/provincie_2026.topojson  (12 provinces, 15,267 characters)

cartomap/nl builds them from the PDOK service of CBS Gebiedsindelingen (layers gemeente_gegeneraliseerd
and provincie_gegeneraliseerd, CBS/Kadaster, CC BY 4.0), simplified by mapshaper to 0.001 degree. The
TopoJSON files hold the same geometry as the GeoJSON files beside them, but as shared arcs: simplifying an
arc once keeps two neighbouring municipalities on exactly the same border, so the map has no slivers or gaps.

Output, in --out-dir (default plugins/kennisbank/data):
  boundaries.json  SVG path data of the 12 provinces and of every municipality in the register
                   (data/gemeenten.csv), projected and simplified further (Douglas-Peucker);
  centroids.csv    one point per province and municipality in WGS84 degrees, for the open-data GeoJSON.

The run fails when the municipality codes of the source and of the register differ: the map must cover
exactly the municipalities the site knows. Spelling differences are reported, and the register's names win.

    .venv/bin/python scripts/derive_boundaries.py gemeente_2026.topojson provincie_2026.topojson

Standard library only, so it runs without the project's environment.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plugins" / "kennisbank" / "data"
YEAR = 2026
ATTRIBUTION = (f"Kaartgrenzen: CBS/Kadaster, Bestuurlijke gebieden {YEAR} (CBS Gebiedsindelingen, gegeneraliseerd), "
               "CC BY 4.0, via cartomap/nl; vereenvoudigd.")

# Equirectangular projection with the x axis shrunk by cos(52°): at the latitude of the Netherlands a degree of
# longitude is that much shorter than one of latitude, so shapes keep their proportions within a few percent
# (the country spans 50.75°-53.56°). Simpler than RD and invertible in one line, which the centroids need.
COS_LAT = math.cos(math.radians(52.0))
UNITS_PER_DEGREE = 1000.0  # one SVG unit is a thousandth of a degree of latitude, about 111 m
MARGIN = 20.0  # SVG units around the country, so strokes at the edge are not cut off

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # outer ring first, then holes


# --- reading TopoJSON ---------------------------------------------------------------------------------------

def decode_arcs(topology: dict) -> list[list[Point]]:
    """The arcs in degrees (lon, lat): TopoJSON stores them quantised and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def features(topology: dict) -> list[tuple[dict, list[list[list[int]]]]]:
    """Each geometry's properties with its polygons as lists of rings of arc indices."""
    (collection,) = topology["objects"].values()
    result = []
    for geometry in collection["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            raise SystemExit(f"unexpected geometry type {geometry['type']} for {geometry['properties']}")
        result.append((geometry["properties"], polygons))
    return result


def ring_points(ring: list[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join a ring's arcs (a negative index ~i is arc i reversed); consecutive arcs share their end point."""
    points: Ring = []
    for index in ring:
        arc = list(arcs[index]) if index >= 0 else list(arcs[~index])[::-1]
        points.extend(arc if not points else arc[1:])
    return points


# --- geometry -----------------------------------------------------------------------------------------------

def project(lon: float, lat: float, origin: Point) -> Point:
    return ((lon - origin[0]) * COS_LAT * UNITS_PER_DEGREE, (origin[1] - lat) * UNITS_PER_DEGREE)


def unproject(x: float, y: float, origin: Point) -> Point:
    return (origin[0] + x / (COS_LAT * UNITS_PER_DEGREE), origin[1] - y / UNITS_PER_DEGREE)


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Keep the end points and every point further than `tolerance` from the simplified line.

    Iterative rather than recursive: an arc along the coast has hundreds of points. A closed arc (an island
    drawn as one arc) is split at its point furthest from the start, or the line from start to end would be
    a single point and everything would go."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        far = max(range(1, len(points) - 1), key=lambda i: math.dist(points[0], points[i]))
        return douglas_peucker(points[:far + 1], tolerance)[:-1] + douglas_peucker(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_distance = 0, tolerance
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > best_distance:
                best, best_distance = i, distance
        if best:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def signed_area(ring: Sequence[Point]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2


def inside(point: Point, ring: Sequence[Point]) -> bool:
    """Even-odd ray casting."""
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def inside_polygon(point: Point, polygon: Polygon) -> bool:
    return inside(point, polygon[0]) and not any(inside(point, hole) for hole in polygon[1:])


def representative_point(polygons: Sequence[Polygon]) -> Point:
    """The centroid of the largest part; where a concave shape puts that outside the part, the middle of the
    widest horizontal stretch of the part through it, so a marker or label always lands on the municipality."""
    polygon = max(polygons, key=lambda p: abs(signed_area(p[0])))
    outer = polygon[0]
    area = signed_area(outer)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(outer, [*outer[1:], outer[0]], strict=True))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(outer, [*outer[1:], outer[0]], strict=True))
    centroid = (cx / (6 * area), cy / (6 * area))
    if inside_polygon(centroid, polygon):
        return centroid
    y = centroid[1]
    crossings = sorted(x0 + (y - y0) * (x1 - x0) / (y1 - y0)
                       for ring in polygon for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)
                       if (y0 > y) != (y1 > y))
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return outer[0]
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return ((left + right) / 2, y)


# --- SVG path data ------------------------------------------------------------------------------------------

def path_data(polygons: Sequence[Polygon]) -> str:
    """Integer coordinates, one absolute move per ring and relative lines after it: 'M12 34l5-2 3 0z'.

    Relative steps are mostly one or two digits, which keeps the file small; mapsvg parses exactly this form."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = _integer_ring(ring)
            if len(points) < 3:
                continue
            tokens = [f"M{points[0][0]} {points[0][1]}l"]
            previous = points[0]
            numbers: list[str] = []
            for x, y in points[1:]:
                numbers += [str(x - previous[0]), str(y - previous[1])]
                previous = (x, y)
            tokens.append(numbers[0] + "".join(n if n.startswith("-") else " " + n for n in numbers[1:]))
            tokens.append("z")
            parts.append("".join(tokens))
    return "".join(parts)


def _integer_ring(ring: Sequence[Point]) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # 'z' closes the ring
    return points


# --- the run ------------------------------------------------------------------------------------------------

class Layer:
    """One TopoJSON file, projected, with its arcs simplified once for every shape that shares them."""

    def __init__(self, topology: dict, origin: Point, tolerance: float) -> None:
        arcs = [[project(lon, lat, origin) for lon, lat in arc] for arc in decode_arcs(topology)]
        simple = [douglas_peucker(arc, tolerance) for arc in arcs]
        self.shapes: dict[str, tuple[dict, list[Polygon], list[Polygon]]] = {}
        for properties, polygons in features(topology):
            full = [[ring_points(ring, arcs) for ring in polygon] for polygon in polygons]
            drawn = []
            for polygon, rings in zip(polygons, full, strict=True):
                simplified = []
                for ring, original in zip(polygon, rings, strict=True):
                    points = ring_points(ring, simple)
                    # A small island can collapse to a line; it keeps its full detail, which is only a few points.
                    simplified.append(points if len(_integer_ring(points)) >= 3 else original)
                drawn.append(simplified)
            self.shapes[properties["statcode"]] = (properties, full, drawn)


def bounds(topologies: Sequence[dict]) -> tuple[float, float, float, float]:
    points = [p for topology in topologies for arc in decode_arcs(topology) for p in arc]
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


def read_register(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def derive(municipal: dict, provincial: dict, register: dict[str, dict[str, str]],
           tolerance_municipalities: float, tolerance_provinces: float) -> tuple[dict, list[list[str]], list[str]]:
    """The boundaries document, the centroid rows and the list of findings (spelling, province checks)."""
    min_lon, min_lat, max_lon, max_lat = bounds([municipal, provincial])
    margin = MARGIN / UNITS_PER_DEGREE
    origin = (min_lon - margin / COS_LAT, max_lat + margin)
    right, bottom = project(max_lon, min_lat, origin)
    width, height = math.ceil(right + MARGIN), math.ceil(bottom + MARGIN)

    municipalities = Layer(municipal, origin, tolerance_municipalities)
    provinces = Layer(provincial, origin, tolerance_provinces)

    source_codes, register_codes = set(municipalities.shapes), set(register)
    if source_codes != register_codes:
        raise SystemExit("municipality codes differ between source and register: "
                         f"only in source {sorted(source_codes - register_codes)}, "
                         f"only in register {sorted(register_codes - source_codes)}")
    province_names = {properties["statnaam"]: code for code, (properties, _, _) in provinces.shapes.items()}
    register_provinces = {row["provincie"] for row in register.values()}
    if set(province_names) != register_provinces:
        raise SystemExit(f"province names differ: source {sorted(province_names)}, register {sorted(register_provinces)}")

    findings = []
    centroid_rows = []
    document: dict = {"attribution": ATTRIBUTION, "viewBox": f"0 0 {width} {height}", "provinces": {},
                      "municipalities": {}}
    for _code, (properties, full, drawn) in provinces.shapes.items():
        name = properties["statnaam"]
        document["provinces"][name] = path_data(drawn)
        lon, lat = unproject(*representative_point(full), origin)
        centroid_rows.append([name, name, "provincie", f"{lon:.4f}", f"{lat:.4f}"])
    for code in sorted(municipalities.shapes):
        properties, full, drawn = municipalities.shapes[code]
        row = register[code]
        if properties["statnaam"] != row["gemeente"]:
            findings.append(f"{code}: source spells {properties['statnaam']!r}, register {row['gemeente']!r}")
        point = representative_point(full)
        _, province_full, _ = provinces.shapes[province_names[row["provincie"]]]
        if not any(inside_polygon(point, polygon) for polygon in province_full):
            findings.append(f"{code} {row['gemeente']}: its point lies outside {row['provincie']} in the source")
        document["municipalities"][code] = {"name": row["gemeente"], "province": row["provincie"],
                                            "d": path_data(drawn)}
        lon, lat = unproject(*point, origin)
        centroid_rows.append([code, row["gemeente"], "gemeente", f"{lon:.4f}", f"{lat:.4f}"])
    return document, centroid_rows, findings


def check_province_codes(provincial: dict, path: Path) -> list[str]:
    """Findings where the CBS province codes of the source (statcode) differ from the site's provincies.csv."""
    with path.open(encoding="utf-8", newline="") as handle:
        ours = {row["provincie"]: row["code"] for row in csv.DictReader(handle)}
    theirs = {properties["statnaam"]: properties["statcode"] for properties, _ in features(provincial)}
    return [f"province {name}: source code {theirs.get(name)}, provincies.csv {ours.get(name)}"
            for name in sorted(set(ours) | set(theirs)) if ours.get(name) != theirs.get(name)]


def dump(document: dict) -> str:
    """JSON with one province or municipality per line: small, and a change shows as a readable diff."""
    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{", f'"attribution":{dumps(document["attribution"])},', f'"viewBox":{dumps(document["viewBox"])},']
    for key in ("provinces", "municipalities"):
        items = [f"{dumps(name)}:{dumps(value)}" for name, value in document[key].items()]
        lines.append(f'"{key}":{{')
        lines.append(",\n".join(items))
        lines.append("}," if key == "provinces" else "}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gemeenten", type=Path, help="cartomap/nl wgs84/gemeente_<jaar>.topojson")
    parser.add_argument("provincies", type=Path, help="cartomap/nl wgs84/provincie_<jaar>.topojson")
    parser.add_argument("--register", type=Path, default=DATA / "gemeenten.csv",
                        help="the site's list of municipalities (default: %(default)s)")
    parser.add_argument("--out-dir", type=Path, default=DATA, help="where the files go (default: %(default)s)")
    # About one SVG unit (~110 m): invisible on a province map, and it roughly halves the points of the source.
    parser.add_argument("--tolerance-municipalities", type=float, default=1.0)
    parser.add_argument("--tolerance-provinces", type=float, default=2.0)
    args = parser.parse_args(argv)

    municipal = json.loads(args.gemeenten.read_text(encoding="utf-8"))
    provincial = json.loads(args.provincies.read_text(encoding="utf-8"))
    document, rows, findings = derive(municipal, provincial, read_register(args.register),
                                      args.tolerance_municipalities, args.tolerance_provinces)
    findings += check_province_codes(provincial, args.register.parent / "provincies.csv")
    for finding in findings:
        print(f"note: {finding}", file=sys.stderr)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    boundaries = args.out_dir / "boundaries.json"
    boundaries.write_text(dump(document), encoding="utf-8")
    centroids = args.out_dir / "centroids.csv"
    with centroids.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(["code", "naam", "soort", "lon", "lat"])
        writer.writerows(rows)
    print(f"{boundaries}: {boundaries.stat().st_size:,} bytes, {len(document['provinces'])} provinces, "
          f"{len(document['municipalities'])} municipalities; {centroids}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
