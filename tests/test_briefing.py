"""Briefings: the data (directions, nearness, region), the print HTML (escaped), and the PDF on paper
(A4, tagged, own region only, reading URLs printed, within its page budget, a summary on page 1)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kennisbank.cli import main
from kennisbank.core import loader
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import MEETUP
from kennisbank.outputs.briefing import body_sections, meetup_briefing, province_briefing
from kennisbank.outputs.pages import SiteRenderer
from kennisbank.outputs.pdf import briefing_html, engine_available

from .conftest import GOLDEN, ROOT, overlay_content, require

SITE = "https://kennisbank.example.org/"
PAGE_BUDGET = 13  # pages of the hand-made briefing of 2021 (source 003): a generated one is no longer

# A meetup in another province, in the way an organiser would add one: a single small file.
MAASTRICHT = """---
title: Meetup Kansengelijkheid Maastricht
summary: Een avond over taal en de overstap naar het vo, voor professionals uit Maastricht.
date: 2027-03-10
venue: Bibliotheek Centre Céramique
place: {provincie: Limburg, gemeente: Maastricht}
organiser: Netwerk Kansengelijkheid Zuid-Limburg
region:
  name: Maastricht
  places:
    - {provincie: Limburg, gemeente: Maastricht}
themes: [taal-centraal, de-grote-oversteek]
agenda:
  - theme: taal-centraal
    notes: We beginnen met een korte rondleiding door de jeugdafdeling van de bibliotheek.
---
Iedereen die met kinderen en jongeren werkt is welkom.
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    content = overlay_content(tmp_path_factory.mktemp("briefing"), ROOT / "content")
    (content / "meetups" / "meetup-maastricht.md").write_text(MAASTRICHT, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def kb(content: Path):
    result = load_knowledge_base(content)
    assert result.errors == []
    return result.knowledge


def meetups(kb) -> dict:
    return {m.id: m for m in kb.of_kind(MEETUP)}


def test_body_sections() -> None:
    body = "Intro\n\n## Wat is het?\n\nIets.\n\n## Hoe begin je?\n\n- stap\n"
    assert body_sections(body) == {"Wat is het?": "Iets.", "Hoe begin je?": "- stap"}


def test_directions_default_to_the_themes_numbered_cards(kb) -> None:
    briefing = meetup_briefing(kb, meetups(kb)["meetup-hilversum"])
    for part in briefing.themes:
        assert part.directions and all(d.card.data.number for d in part.directions)
        assert not any(d.card.id.startswith("menukaart-") for d in part.directions)
        assert part.theme.data.question and part.reading


def test_questions_name_the_region_and_initiatives_are_ordered_by_nearness(kb) -> None:
    briefing = meetup_briefing(kb, meetups(kb)["meetup-maastricht"])
    questions = [q for part in briefing.themes for d in part.directions for q in d.questions]
    assert questions and not any("{regio}" in q for q in questions)
    assert not any(town in q for q in questions for town in ("Hilversum", "Amersfoort", "Gooi"))
    assert any("Maastricht" in q for q in questions)
    for part in briefing.themes:
        assert all(any(p.provincie == "Limburg" for p in e.data.places) for e in part.initiatives.here
                   + part.initiatives.province)
        assert all(not e.data.places for e in part.initiatives.national)
    assert briefing.themes[0].notes and briefing.themes[0].notes.startswith("We beginnen")


def test_province_briefing_covers_every_theme_with_that_province_first(kb) -> None:
    briefing = province_briefing(kb, "Noord-Holland")
    assert len(briefing.themes) == 3 and briefing.region == "Noord-Holland"
    here = [e for part in briefing.themes for e in part.initiatives.here]
    assert here and all(any(p.provincie == "Noord-Holland" for p in e.data.places) for e in here)


def test_page_one_names_a_limited_number_of_initiatives(kb, monkeypatch: pytest.MonkeyPatch) -> None:
    """However many initiatives a region gets, page 1 names a few and counts the rest, so it stays one page."""
    from kennisbank.outputs import pdf

    briefing = meetup_briefing(kb, meetups(kb)["meetup-hilversum"])
    here, named = briefing.initiatives_here, briefing.named_not_here
    assert len(here) > 2 and len(named) > 2 and not {e.id for e in here} & {e.id for e in named}
    monkeypatch.setattr(pdf, "SUMMARY_NAMES", 2)
    summary = briefing_html(briefing, SITE, SITE + "m/").split('<section class="about">')[0]
    assert f"en nog {len(here) - 2} in de online briefing." in summary
    assert f"en nog {len(named) - 2} in de online briefing." in summary
    assert here[1].title in summary and here[2].title not in summary


def test_print_html_escapes_every_field_even_past_the_checker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = ROOT / "tests" / "browser" / "hostile" / "content"
    monkeypatch.setattr(loader, "content_safety_problems", lambda *args, **kwargs: [])
    result = load_knowledge_base(overlay_content(tmp_path, hostile))
    assert result.errors == []
    kb = result.knowledge
    documents = [briefing_html(meetup_briefing(kb, m), SITE, SITE + "m/") for m in kb.of_kind(MEETUP)]
    documents.append(briefing_html(province_briefing(kb, "Noord-Holland"), SITE, SITE + "p/"))
    for document in documents:
        found = _start_tags(document)
        bad = [(tag, attrs) for tag, attrs in found
               if tag in ("img", "script", "iframe", "meta") and not (tag == "meta" and attrs[0][0] in ("charset", "name"))
               or any(name.startswith("on") or "javascript:" in (value or "") for name, value in attrs)]
        assert bad == []
        assert "http-equiv" not in document.lower().replace("http-equiv=&#34;", "").replace("http-equiv=&quot;", "")


def _start_tags(document: str) -> list[tuple[str, list]]:
    found: list[tuple[str, list]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            found.append((tag, attrs))

    Collect().feed(document)
    return found


# -- the PDFs themselves --------------------------------------------------------------------------------

def _require_pdf_tools() -> None:
    missing = [] if engine_available() else ["WeasyPrint"]
    missing += [tool for tool in ("pdfinfo", "pdftotext", "pdftoppm") if shutil.which(tool) is None]
    require(not missing, f"{', '.join(missing)} ontbreekt (apt-get install poppler-utils; python3 scripts/dev.py setup)")


@pytest.fixture(scope="module")
def pdfs(content: Path, tmp_path_factory):
    _require_pdf_tools()
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for name in ("meetup-hilversum", "meetup-maastricht"):
        made[name] = folder / f"{name}.pdf"
        assert main(["briefing", name, "-o", str(made[name]), "--content", str(content), "--site-url", SITE]) == 0
    made["fryslan"] = folder / "fryslan.pdf"
    assert main(["briefing", "--provincie", "Fryslân", "-o", str(made["fryslan"]), "--content", str(content),
                 "--site-url", SITE]) == 0
    return made


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.mark.parametrize("name", ["meetup-hilversum", "meetup-maastricht", "fryslan"])
def test_pdf_is_a4_tagged_and_within_budget(pdfs, name: str) -> None:
    info = _info(pdfs[name])
    assert info["Page size"].startswith("595.276 x 841.89") and "A4" in info["Page size"]
    assert info["Tagged"] == "yes"
    assert 2 <= int(info["Pages"]) <= PAGE_BUDGET


@pytest.mark.parametrize(("name", "own", "others"), [
    ("meetup-hilversum", "Hilversum", ["Maastricht", "Amersfoort"]),
    ("meetup-maastricht", "Maastricht", ["Hilversum", "Amersfoort", "Gooi"]),
])
def test_pdf_names_its_own_region_only(pdfs, name: str, own: str, others: list[str]) -> None:
    text = _text(pdfs[name])
    questions = re.findall(r"Gespreksvragen(.*?)(?=\n\s*\n\s*\S+.*\n|\Z)", text, re.S)
    assert own in text and questions
    nearby = re.findall(rf"In {own}\n(.*?)(?:Genoemd in de bron|Elders in|Landelijk|Thema:|Voorbereiden)", text, re.S)
    for other in others:
        assert not any(other in q for q in questions), f"{other} in the questions of {name}"
        assert not any(other in part for part in nearby), f"{other} under 'In {own}' in {name}"
    assert "pagina 1 van" in text


def test_hilversum_pdf_names_the_initiatives_of_its_own_briefing(pdfs) -> None:
    text = re.sub(r"\s+", " ", _text(pdfs["meetup-hilversum"]))
    for name in ("Multidisciplinair overleg (MDO) van samenwerkingsverband Unita",
                 "Arrangementen van samenwerkingsverband Unita", "gemeentelijke jeugdconsulenten op alle scholen",
                 "Prachtklas", "Project Verlengde Schooldag in Groningen"):
        assert name in text, name


def test_pdf_prints_the_reading_list_addresses(pdfs, kb) -> None:
    text = re.sub(r"\s+", "", _text(pdfs["meetup-hilversum"]))
    briefing = meetup_briefing(kb, meetups(kb)["meetup-hilversum"])
    urls = [item.data.url for part in briefing.themes for item in part.reading if item.data.url]
    assert urls
    for url in urls:
        short = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
        assert short[:40].replace(" ", "") in text, url


def test_pdf_first_page_is_not_blank(pdfs, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdfs["meetup-maastricht"]),
                    str(tmp_path / "p")], check=True)
    [png] = list(tmp_path.glob("p*.png"))
    stat = ImageStat.Stat(Image.open(png).convert("L"))
    assert stat.stddev[0] > 10  # a white page has no variance


def test_pdf_page_one_tells_when_where_and_what_and_links_each_card(pdfs, kb) -> None:
    """A meetup with a date, a venue and an organiser: page 1 says them; further on every direction names the
    address of its card, where its whole text is (the PDF prints its summary, first steps and questions)."""
    pages = _text(pdfs["meetup-maastricht"]).split("\f")
    first = re.sub(r"\s+", " ", pages[0])
    for said in ("Datum: 10 maart 2027", "Bibliotheek Centre Céramique, Maastricht", "Organisatie: Netwerk "
                 "Kansengelijkheid Zuid-Limburg", "Wat je kunt verwachten: Een avond over taal", "In het kort",
                 "Taal centraal", "De grote oversteek", "Voorbereiden", "Scan voor de online briefing"):
        assert said in first, said
    assert "Zorgen vs. lesgeven" not in first  # not on this meetup's agenda
    rest = re.sub(r"\s+", "", "".join(pages[1:]))
    briefing = meetup_briefing(kb, meetups(kb)["meetup-maastricht"])
    for part in briefing.themes:
        for direction in part.directions:
            assert f"kennisbank.example.org/praktijk/{direction.card.id}" in rest, direction.card.id
            assert "Hoebeginje?" in rest and "Waaromwerkthet?" not in rest


def test_cli_refuses_unknown_meetup_and_province(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _require_pdf_tools()
    assert main(["briefing", "meetup-hilversun", "-o", str(tmp_path / "x.pdf"), "--content", str(ROOT / "content")]) == 2
    assert "Bedoelde je 'meetup-hilversum'?" in capsys.readouterr().err
    assert main(["briefing", "--provincie", "Fryslan", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["briefing", "-o", str(tmp_path / "x.pdf")]) == 2


def test_site_build_links_and_ships_the_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _require_pdf_tools()
    from .test_build import make_project, run_build

    monkeypatch.setenv("KENNISBANK_PDF", "always")
    project = make_project(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    site = run_build(project, monkeypatch)
    assert (site / "briefings" / "meetup-gooi.pdf").read_bytes().startswith(b"%PDF")
    assert len(list((site / "briefings").glob("provincie-*.pdf"))) == 12
    page = (site / "meetups" / "meetup-gooi" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../briefings/meetup-gooi.pdf"' in page


def test_a_held_meetup_names_its_themes_with_a_space_after_each_comma(kb) -> None:
    """The plain-text escape trims what it is given, so a separator inside {{ … }} lost its space."""
    page = SiteRenderer(kb).meetup(meetups(kb)["klassen-meetup-friesland"])
    assert re.search(r"Besproken thema's: \[Taal centraal\]\([^)]*\), \[Zorgen vs\\?\. lesgeven\]\([^)]*\)\.",
                     page.content), page.content


def test_print_meld_het_opens_the_initiative_form_for_the_provincie(kb) -> None:
    # A provincie without initiatives: every theme says 'meld het', and that opens the form with it filled in.
    document = briefing_html(province_briefing(kb, "Zeeland"), SITE, SITE + "p/",
                             repo_url="https://github.com/o/r")
    hrefs = [dict(attrs)["href"] for tag, attrs in _start_tags(document) if tag == "a"]
    form = "https://github.com/o/r/issues/new?template=nieuw-initiatief.yml&amp;provincie=Zeeland"
    assert "Meld het via" in document and form in document
    assert "https://github.com/o/r/issues/new?template=nieuw-initiatief.yml&provincie=Zeeland" in hrefs
    assert SITE + "bijdragen/" in hrefs


def test_web_briefings_link_to_cards_and_do_not_change_with_a_cards_body(tmp_path: Path) -> None:
    """The web briefing gives each card's summary, figures and questions and links to the card for the rest, so
    an edit of a card's text (under `serve`) leaves the briefing pages as they were: no rebuild of 12 pages."""
    content = overlay_content(tmp_path, ROOT / "content")

    def briefing_pages() -> dict[str, str]:
        result = load_knowledge_base(content)
        assert result.errors == []
        return {str(page.path): str(page.text) for page in SiteRenderer(result.knowledge).all_pages()
                if str(page.path).endswith("-briefing.md")}

    before = briefing_pages()
    card = content / "practices" / "zet-in-op-voorlezen.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("## Hoe begin je?", "Een nieuwe zin in de kaart.\n\n## Hoe begin je?", 1),
                    encoding="utf-8")
    assert card.read_text(encoding="utf-8") != text
    after = briefing_pages()
    assert len(before) == 12 and before == after
    assert all("[lees de praktijkkaart](../praktijk/zet-in-op-voorlezen.md)" in page for page in after.values())
