"""Maps without third parties: inline SVG of the provinces, and of one province's municipalities.

The shapes come from data/boundaries.json (CBS/Kadaster boundaries via cartomap/nl, CC BY 4.0, simplified by
scripts/derive_boundaries.py), so a page with a map loads nothing from anywhere: no tiles, no script, no font.

Every text and every link that goes into the SVG is escaped by escape.py; links must be relative. Colour is never
the only carrier: each shape has a <title> with its count, the national map prints the counts on the provinces,
and both maps carry a legend in text. The attribution that the licence asks for goes with `figure()`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from .escape import xml_attribute, xml_text

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

Point = tuple[float, float]
Ring = tuple[tuple[int, int], ...]

# ColorBrewer's sequential blues, from light to dark; with fewer classes the lighter ones go first, so the
# lightest class stays clearly darker than the grey of "no initiatives". Strokes are dark enough (7:1 on white)
# that every border shows, whatever the fills on either side.
PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#2171b5",),
    2: ("#6baed6", "#08519c"),
    3: ("#9ecae1", "#4292c6", "#08519c"),
    4: ("#9ecae1", "#4292c6", "#2171b5", "#08306b"),
}
NONE_FILL = "#f3f4f6"
HIGHLIGHT_FILL = "#2171b5"
STROKE = "#4b5563"
INK = "#111827"
# Fixed CSS, scoped to the map's class because a <style> inside inline SVG applies to the whole page.
STYLE = ("svg.kb-kaart{display:block;width:100%;max-width:36rem;height:auto}"
         ".kb-kaart a:hover path,.kb-kaart a:focus path{stroke:#111827;stroke-width:3px}")

LEGEND_PER_WIDTH = 40  # legend text is 1/40 of the map's width: 14 px in a column of 36rem
MAX_ASPECT = 1.3  # height over width of a province map, before its legend

_TOKEN = re.compile(r"[Mlz]|-?\d+")
_SCHEME = re.compile(r"^[^/?#]*:")


@dataclass(frozen=True)
class Shape:
    """A province or municipality: its name, its province and its outline as SVG path data."""

    name: str
    province: str
    d: str

    @cached_property
    def rings(self) -> tuple[Ring, ...]:
        return parse_path(self.d)

    @cached_property
    def box(self) -> tuple[int, int, int, int]:
        """Bounding box as (left, top, right, bottom) in SVG units."""
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        return min(xs), min(ys), max(xs), max(ys)

    @cached_property
    def label_point(self) -> Point:
        return _label_point(self.rings)


@dataclass(frozen=True)
class Boundaries:
    """The contents of data/boundaries.json."""

    attribution: str
    view_box: tuple[int, int, int, int]
    provinces: dict[str, Shape]
    municipalities: dict[str, Shape]  # by CBS code, e.g. 'GM0402'


@cache
def boundaries() -> Boundaries:
    """Read once: the file is small (tens of kilobytes) and the same for every page."""
    source = resources.files("kennisbank").joinpath("data/boundaries.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    left, top, width, height = (int(v) for v in data["viewBox"].split())
    return Boundaries(
        attribution=data["attribution"],
        view_box=(left, top, width, height),
        provinces={name: Shape(name, name, d) for name, d in data["provinces"].items()},
        municipalities={code: Shape(m["name"], m["province"], m["d"]) for code, m in data["municipalities"].items()},
    )


def parse_path(d: str) -> tuple[Ring, ...]:
    """Read the path data that scripts/derive_boundaries.py writes: 'M x y', then 'l' with relative steps, 'z'.
    Only that form: anything else in the file is an error, not something to guess at."""
    tokens = _TOKEN.findall(d)
    # Whitespace and minus signs are the only separators, so the tokens must add up to the whole string.
    if not tokens or "".join(tokens) != re.sub(r"\s+", "", d):
        raise ValueError(f"onverwachte tekens in kaartpad: {d[:40]!r}")
    rings: list[Ring] = []
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] != "M" or tokens[i + 3] != "l":
                raise ValueError(f"kaartpad begint niet met 'M x y l': {d[:40]!r}")
            x, y = int(tokens[i + 1]), int(tokens[i + 2])
            points = [(x, y)]
            i += 4
            while tokens[i] != "z":
                x, y = x + int(tokens[i]), y + int(tokens[i + 1])
                points.append((x, y))
                i += 2
            rings.append(tuple(points))
            i += 1
    except (IndexError, ValueError) as error:  # a letter where a number belongs, or no closing 'z'
        raise ValueError(f"onvolledig kaartpad: {d[:40]!r}") from error
    return tuple(rings)


def _area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, (*ring[1:], ring[0]), strict=True)) / 2


def _inside(point: Point, ring: Ring) -> bool:
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, (*ring[1:], ring[0]), strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def _label_point(rings: Sequence[Ring]) -> Point:
    """The centroid of the largest ring; if a concave shape puts it outside, the middle of the widest
    horizontal stretch through it. The path data has no part structure, so holes count as rings here (even-odd),
    which is also how the map fills them."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    area = _area(ring)
    pairs = list(zip(ring, (*ring[1:], ring[0]), strict=True))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    if sum(_inside((cx, cy), r) for r in rings) % 2:
        return cx, cy
    crossings = sorted(x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
                       for r in rings for (x0, y0), (x1, y1) in zip(r, (*r[1:], r[0]), strict=True)
                       if (y0 > cy) != (y1 > cy))
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return float(ring[0][0]), float(ring[0][1])
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return (left + right) / 2, cy


# --- links --------------------------------------------------------------------------------------------------

def _href(url: str) -> str:
    """A link must stay on the site: no scheme (javascript:, https:), no other host ('//host'), no backslash
    (browsers read '\\\\host' as '//host'). Browsers also drop tabs and newlines anywhere in a URL and spaces
    at its ends before they look for a scheme ('java<tab>script:'), so those are refused too."""
    if (not url or "\\" in url or url.startswith("//") or _SCHEME.match(url) or url != url.strip(" ")
            or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url)):
        raise ValueError(f"een kaartlink moet een relatieve URL zijn, niet {url!r}")
    return xml_attribute(url)


def count_text(count: int) -> str:
    if count <= 0:
        return "geen initiatieven"
    return "1 initiatief" if count == 1 else f"{count} initiatieven"


def classes(counts: Iterable[int]) -> list[tuple[int, int]]:
    """At most four count ranges (lowest, highest) that split 1..max evenly; [] when nothing counts."""
    top = max(counts, default=0)
    if top <= 0:
        return []
    n = min(4, top)
    highs = [math.ceil(top * k / n) for k in range(1, n + 1)]
    return list(zip([1] + [h + 1 for h in highs[:-1]], highs, strict=True))


def _class_label(low: int, high: int) -> str:
    if low == high:
        return count_text(low).capitalize()
    return f"{low}–{high} initiatieven"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ink_on(fill: str) -> str:
    """White or near-black, whichever contrasts more with the fill."""
    background = _luminance(fill)
    return "#ffffff" if (1.05 / (background + 0.05)) > ((background + 0.05) / (_luminance(INK) + 0.05)) else INK


def _shape(shape: Shape, fill: str, label: str, href: str | None, *, announce: bool, extra: str = "") -> str:
    """One shape: a link named by its label when it has somewhere to go; otherwise a group that a screen reader
    announces only when it says something (a province, a municipality with initiatives), so a province of 56
    municipalities is not read out as 56 pictures. The <title> is the tooltip either way."""
    path = (f'<path d={xml_attribute(shape.d)} fill="{fill}" fill-rule="evenodd" '
            'vector-effect="non-scaling-stroke"/>')
    title = f"<title>{xml_text(label)}</title>"
    if href is not None:
        return f"<a href={_href(href)} aria-label={xml_attribute(label)}>{title}{path}{extra}</a>"
    if announce:
        return f'<g role="img" aria-label={xml_attribute(label)}>{title}{path}{extra}</g>'
    return f'<g aria-hidden="true">{title}{path}{extra}</g>'


def _svg(view_box: tuple[float, float, float, float], title: str, body: Sequence[str]) -> str:
    box = " ".join(str(round(v)) for v in view_box)
    return "\n".join([
        f'<svg xmlns="{SVG_NAMESPACE}" viewBox="{box}" class="kb-kaart" role="group" '
        f'aria-label={xml_attribute(title)}>',
        f"<title>{xml_text(title)}</title>",
        f"<style>{STYLE}</style>",
        *body,
        "</svg>",
    ])


def _legend(x: float, y: float, size: float, heading: str, rows: Sequence[tuple[str, str]]) -> str:
    """Swatches with their meaning in words, so the map can be read without telling colours apart."""
    step = size * 1.5
    parts = [f'<g class="legenda" font-family="sans-serif" font-size="{round(size)}" fill="{INK}">',
             f'<text x="{round(x)}" y="{round(y + size)}" font-weight="bold">{xml_text(heading)}</text>']
    for i, (fill, label) in enumerate(rows, start=1):
        top = y + i * step
        parts.append(f'<rect x="{round(x)}" y="{round(top)}" width="{round(size)}" height="{round(size)}" '
                     f'fill="{fill}" stroke="{STROKE}" stroke-width="1" vector-effect="non-scaling-stroke"/>')
        parts.append(f'<text x="{round(x + size * 1.5)}" y="{round(top + size * 0.85)}">{xml_text(label)}</text>')
    parts.append("</g>")
    return "".join(parts)


# --- the maps -----------------------------------------------------------------------------------------------

def province_map(highlight: Mapping[str, int], links: Mapping[str, str], title: str) -> str:
    """The twelve provinces, shaded by their number of initiatives (`highlight`, by province name), each a link
    to the relative URL in `links` (by province name). The counts stand on the provinces and in their titles."""
    data = boundaries()
    for name in (*highlight, *links):
        if name not in data.provinces:
            raise ValueError(f"onbekende provincie op de kaart: {name!r}")
    ranges = classes(highlight.values())
    palette = PALETTES.get(len(ranges), ())
    left, top, width, height = data.view_box
    size = width / LEGEND_PER_WIDTH

    def fill(count: int) -> str:
        for colour, (low, high) in zip(palette, ranges, strict=True):
            if low <= count <= high:
                return colour
        return NONE_FILL

    shapes = []
    for name, shape in data.provinces.items():
        count = highlight.get(name, 0)
        colour = fill(count)
        label = ""
        if count > 0:
            x, y = shape.label_point
            label = (f'<text x="{round(x)}" y="{round(y)}" text-anchor="middle" dominant-baseline="central" '
                     f'font-family="sans-serif" font-size="{round(size * 1.1)}" font-weight="bold" '
                     f'fill="{_ink_on(colour)}" stroke="none" aria-hidden="true">{count}</text>')
        shapes.append(_shape(shape, colour, f"{name}: {count_text(count)}", links.get(name), announce=True,
                             extra=label))
    rows = [(colour, _class_label(low, high)) for colour, (low, high) in zip(palette, ranges, strict=True)]
    rows.append((NONE_FILL, "Geen initiatieven"))
    body = [f'<g stroke="{STROKE}" stroke-width="1" stroke-linejoin="round">', *shapes, "</g>",
            # The north-west corner of the map is North Sea: room for the legend without growing the picture.
            _legend(left + size * 0.5, top + size * 0.5, size, "Initiatieven per provincie", rows)]
    return _svg((left, top, width, height), title, body)


def municipality_map(province: str, highlight_codes: Collection[str], links: Mapping[str, str], title: str) -> str:
    """The municipalities of one province, those in `highlight_codes` (CBS codes such as 'GM0344') filled.
    Pass a mapping from code to count instead and the titles give the counts. `links` maps codes to relative
    URLs, for instance the municipality's heading on the region page."""
    data = boundaries()
    if province not in data.provinces:
        raise ValueError(f"onbekende provincie op de kaart: {province!r}")
    shapes = {code: s for code, s in data.municipalities.items() if s.province == province}
    for code in (*highlight_codes, *links):
        if code not in shapes:
            where = data.municipalities[code].province if code in data.municipalities else "geen provincie"
            raise ValueError(f"gemeentecode {code!r} ligt niet in {province} ({where})")
    counts = highlight_codes if isinstance(highlight_codes, Mapping) else None

    parts = []
    for code, shape in shapes.items():
        marked = code in highlight_codes and (counts is None or counts[code] > 0)
        if counts is not None:
            label = f"{shape.name}: {count_text(counts.get(code, 0))}"
        else:
            label = f"{shape.name}: {'met initiatieven' if marked else 'geen initiatieven'}"
        parts.append(_shape(shape, HIGHLIGHT_FILL if marked else NONE_FILL, label, links.get(code), announce=marked))

    boxes = [s.box for s in shapes.values()]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    # The SVG takes the width of the page column, so text keeps one size on screen when it is a fixed share of
    # the view box's width. A tall province (Limburg) gets room beside it instead, or it would fill the screen.
    view_width = max(right - left, (bottom - top) / MAX_ASPECT)
    size = view_width / LEGEND_PER_WIDTH
    margin = size / 2
    x = left - (view_width - (right - left)) / 2
    legend_top = bottom + margin
    rows = [(HIGHLIGHT_FILL, "Gemeente met initiatieven"), (NONE_FILL, "Gemeente zonder initiatieven")]
    body = [f'<g stroke="{STROKE}" stroke-width="1" stroke-linejoin="round">', *parts, "</g>",
            # Below the map: a province's outline leaves no corner that is free everywhere.
            _legend(x, legend_top, size, f"Gemeenten in {province}", rows)]
    height = legend_top + size * 1.5 * (len(rows) + 1) - top + margin
    return _svg((x - margin, top - margin, view_width + 2 * margin, height + margin), title, body)


def figure(svg: str, caption: str = "") -> str:
    """The map in a <figure> with the source under it, as CC BY asks. A block-level element, so Markdown passes
    it through untouched (it would wrap a bare <svg> in a paragraph); it contains no blank line for the same
    reason."""
    text = f"{caption.strip()} {boundaries().attribution}" if caption.strip() else boundaries().attribution
    return f'<figure class="kb-kaart-figuur">\n{svg}\n<figcaption>{xml_text(text)}</figcaption>\n</figure>'
