"""PDF/UA-1 in every briefing PDF, read with pikepdf: alt text, language, title, tags, fonts; nothing loads. And
every briefing on paper: no longer than the hand-made one of 2021, with the whole briefing in short on page 1."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pikepdf
import pytest

from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import MEETUP
from kennisbank.core.regions import PROVINCES
from kennisbank.outputs import urls
from kennisbank.outputs.briefing import Briefing, meetup_briefing, province_briefing
from kennisbank.outputs.pdf import SUMMARY_NAMES, briefing_html, briefing_outputs, briefing_pdf, engine_available

from .conftest import ROOT, require

SITE = "https://kennisbank.example.org/"
# A day before any meetup in the content, so every meetup that is not marked 'held' gets its briefing too.
MADE_ON = dt.date(2000, 1, 1)
EVIL = "https://evil.example/"
PAGE_LIMIT = 13
"""Pages of the hand-made briefing of the Hilversum meetup of 2021 (source 003): no generated one may be longer."""


def _require_engine() -> None:
    require(engine_available(), "WeasyPrint ontbreekt of kan Pango niet laden (python3 scripts/dev.py setup)")


@pytest.fixture(scope="module")
def kb():
    result = load_knowledge_base(ROOT / "content")
    assert result.errors == []
    return result.knowledge


@pytest.fixture(scope="module")
def pdfs(kb) -> dict[str, bytes]:
    """Every briefing PDF the site ships, made once for the whole module (about a second each)."""
    _require_engine()
    made: dict[str, bytes] = {}
    for output in briefing_outputs(kb, SITE, MADE_ON):
        assert isinstance(output.content, bytes)
        made[Path(output.path).name] = output.content
    return made


@pytest.fixture(scope="module")
def opened(pdfs: dict[str, bytes]) -> Iterator[dict[str, pikepdf.Pdf]]:
    documents = {name: pikepdf.open(io.BytesIO(content)) for name, content in pdfs.items()}
    yield documents
    for document in documents.values():
        document.close()


def test_every_briefing_is_made(kb, pdfs: dict[str, bytes]) -> None:
    # The checks below hold for every PDF only if every briefing is in the list: one per province and per meetup.
    meetups = [m for m in kb.of_kind(MEETUP) if not m.data.held]
    assert len(pdfs) == len(PROVINCES) + len(meetups)
    assert all(content.startswith(b"%PDF-") for content in pdfs.values())


def test_every_briefing_is_no_longer_than_the_hand_made_one(opened: dict[str, pikepdf.Pdf]) -> None:
    lengths = {name: len(pdf.pages) for name, pdf in opened.items()}
    assert all(2 <= length <= PAGE_LIMIT for length in lengths.values()), lengths


def _briefings(kb) -> dict[str, tuple[Briefing, str]]:
    """Every shipped briefing with the address of its online version, by the name of its PDF."""
    made = [(meetup_briefing(kb, m), urls.entry_uri(m)) for m in kb.of_kind(MEETUP) if not m.data.held]
    made += [(province_briefing(kb, p), urls.region_briefing(p)) for p in PROVINCES]
    return {Path(urls.briefing_pdf(b.id)).name: (b, urls.absolute(page, SITE)) for b, page in made}


def _squeezed(text: str) -> str:
    """Text without white space and hyphens: pdftotext breaks lines where the PDF does and drops a hyphen at the end
    of a line, none of which changes what a page says."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _page_text(content: bytes, page: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-", "-"], input=content,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return _squeezed(out)


def test_page_one_sums_up_the_whole_briefing(kb, pdfs: dict[str, bytes]) -> None:
    """What a participant reads if nothing else: each theme's central question and directions, the region's own
    initiatives, what to prepare, and the address behind the QR code; the briefing itself begins on page 2."""
    require(shutil.which("pdftotext") is not None, "pdftotext ontbreekt (apt-get install poppler-utils)")
    briefings = _briefings(kb)
    assert briefings.keys() == pdfs.keys()
    for name, (briefing, online) in briefings.items():
        first, second = _page_text(pdfs[name], 1), _page_text(pdfs[name], 2)
        assert first.startswith(_squeezed(briefing.title)) and "Inhetkort" in first, name
        for part in briefing.themes:
            assert _squeezed(part.theme.title + part.theme.data.question) in first, (name, part.theme.id)
            for direction in part.directions:
                assert _squeezed(f"{direction.card.data.number} {direction.card.title}")[:25] in first, (name, direction.card.id)
        for initiative in briefing.initiatives_here[:SUMMARY_NAMES] + briefing.named_not_here[:SUMMARY_NAMES]:
            assert _squeezed(initiative.title) in first, (name, initiative.id)
        assert "Voorbereiden" in first and all(_squeezed(line) in first for line in briefing.prepare), name
        assert _squeezed(online.removeprefix("https://").rstrip("/")) in first, name
        assert "Waarombriefing" not in first and second.startswith("Waarom"), name


def _structure_elements(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    """Every structure element under /StructTreeRoot, in document order, with its standard type (custom types
    mapped by /RoleMap)."""
    root = pdf.Root.StructTreeRoot
    role_map = root.get("/RoleMap", pikepdf.Dictionary())
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))  # popped from the end: the first child comes first
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            kind = str(node.S)
            for _ in range(10):  # a role map may chain, never endlessly
                if kind not in role_map:
                    break
                kind = str(role_map[kind])
            yield kind, node
            stack.append(node.get("/K"))


def test_every_figure_has_alternate_text(opened: dict[str, pikepdf.Pdf]) -> None:
    missing, qr_alts = [], {}
    for name, pdf in opened.items():
        figures = [element for kind, element in _structure_elements(pdf) if kind == "/Figure"]
        missing += [name for element in figures if not str(element.get("/Alt", "")).strip()]
        qr_alts[name] = [str(e.Alt) for e in figures if str(e.get("/Alt", "")).startswith("QR-code naar ")]
    assert missing == [], f"/Figure zonder /Alt in {missing}"
    # The QR code is the one figure of a briefing; its text says where it leads: the briefing's online page.
    assert all(len(alts) == 1 and alts[0].removeprefix("QR-code naar ").startswith(SITE) for alts in qr_alts.values()), qr_alts


def test_catalog_says_dutch_and_shows_the_title(opened: dict[str, pikepdf.Pdf]) -> None:
    for name, pdf in opened.items():
        assert str(pdf.Root.get("/Lang")) == "nl", name
        assert pdf.Root.ViewerPreferences.get("/DisplayDocTitle") is True, name
        title = str(pdf.docinfo.get("/Title", "")).strip()
        with pdf.open_metadata() as xmp:
            assert title and xmp.get("dc:title") == title, name
            assert xmp.get("pdfuaid:part") == "1", name  # the claim the rest of this file checks


def test_tagged_with_a_structure_tree(opened: dict[str, pikepdf.Pdf]) -> None:
    for name, pdf in opened.items():
        assert pdf.Root.MarkInfo.get("/Marked") is True, name
        assert "/StructTreeRoot" in pdf.Root, name
        kinds = {kind for kind, _element in _structure_elements(pdf)}
        assert {"/Document", "/H1", "/H2", "/P", "/L", "/Link"} <= kinds, (name, kinds)


def test_headings_never_skip_a_level(opened: dict[str, pikepdf.Pdf]) -> None:
    for name, pdf in opened.items():
        levels = [int(kind[2]) for kind, _ in _structure_elements(pdf) if re.fullmatch(r"/H[1-6]", kind)]
        assert levels and levels[0] == 1, name
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert skips == [], (name, skips)


def test_links_are_described_and_pages_read_in_structure_order(opened: dict[str, pikepdf.Pdf]) -> None:
    for name, pdf in opened.items():
        for number, page in enumerate(pdf.pages, start=1):
            annotations = page.obj.get("/Annots", pikepdf.Array())
            links = [a for a in annotations if a.get("/Subtype") == "/Link"]
            assert all(str(a.get("/Contents", "")).strip() for a in links), (name, number)
            assert not annotations or page.obj.get("/Tabs") == "/S", (name, number)


def _fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Object]:
    """The fonts in a resource dictionary, in its form XObjects and in Type3 glyphs, each once."""
    for font in resources.get("/Font", pikepdf.Dictionary()).values():
        if font.objgen in seen:
            continue
        seen.add(font.objgen)
        yield font
        yield from font.get("/DescendantFonts", pikepdf.Array())
        if "/Resources" in font:
            yield from _fonts(font.Resources, seen)
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.Resources, seen)


def test_every_font_is_embedded(opened: dict[str, pikepdf.Pdf]) -> None:
    not_embedded = []
    for name, pdf in opened.items():
        seen: set[tuple[int, int]] = set()
        fonts = [font for page in pdf.pages for font in _fonts(page.obj.get("/Resources", pikepdf.Dictionary()), seen)]
        assert fonts, name
        for font in fonts:
            if font.get("/Subtype") in ("/Type0", "/Type3"):
                continue  # a Type0 font is its descendants (checked on their own); Type3 glyphs are in the PDF
            descriptor = font.get("/FontDescriptor", pikepdf.Dictionary())
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                not_embedded.append((name, str(font.get("/BaseFont"))))
    assert not_embedded == []


def _province_html(kb, province: str) -> str:
    """The print HTML of a province's briefing exactly as briefing_outputs makes it."""
    page_url = SITE + urls.region_briefing(province).removesuffix(".md") + "/"
    return briefing_html(province_briefing(kb, province), SITE, page_url, MADE_ON)


def test_same_html_gives_the_same_bytes(kb, pdfs: dict[str, bytes]) -> None:
    assert briefing_pdf(_province_html(kb, "Zeeland")) == pdfs["provincie-zeeland.pdf"]


def test_print_html_loads_nothing_from_elsewhere(kb, pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """An image, a linked stylesheet and an @import in the print HTML (and a data: image): each refused and
    left out, no address opened, no exception, and still the whole briefing as a PDF."""
    opened_urls: list[str] = []

    def record(self: object, url: object, *args: object, **kwargs: object) -> NoReturn:
        opened_urls.append(str(getattr(url, "full_url", url)))
        raise AssertionError("no address may be opened")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", record)
    hostile = {
        "stylesheet": f'<link rel="stylesheet" href="{EVIL}s.css">',
        "import": f"<style>@import url({EVIL}a.css);</style>",
        "image": f'<img src="{EVIL}x.png" alt="x">',
        "data": '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="d">',
    }
    page = _province_html(kb, "Zeeland")
    page = page.replace("</head>", hostile["stylesheet"] + hostile["import"] + "</head>", 1)
    page = page.replace("<main>", "<main>" + hostile["image"] + hostile["data"], 1)
    assert all(part in page for part in hostile.values())

    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        content = briefing_pdf(page)

    assert content.startswith(b"%PDF-") and opened_urls == []
    refused = "\n".join(r.getMessage() for r in caplog.records if r.name == "weasyprint")
    for url in (f"{EVIL}s.css", f"{EVIL}a.css", f"{EVIL}x.png", "data:image/gif"):
        assert f"laadt niets van buiten, ook niet {url}" in refused, url
    with pikepdf.open(io.BytesIO(content)) as pdf, pikepdf.open(io.BytesIO(pdfs["provincie-zeeland.pdf"])) as clean:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert images == []

        def headings(document: pikepdf.Pdf) -> list[str]:
            return [kind for kind, _element in _structure_elements(document) if kind in ("/H1", "/H2", "/H3")]

        assert headings(pdf) == headings(clean)  # the rest of the briefing is all there
