"""The self-scan: its model, the linker's checks of a scan, and the data and page the browser script works with."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import SCAN, Scan
from kennisbank.core.models.scan import ROLE_PARAMETER, SECTOR_PARAMETER
from kennisbank.outputs import urls
from kennisbank.outputs.pages import SiteRenderer
from kennisbank.outputs.zelfscan import ANSWERS, scan_data, scan_fragment

from .conftest import GOLDEN, ROOT, overlay_content


def _scan(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Zelfscan", "role": "Leraar", "summary": "Kort.", "sectors": ["po", "vo"],
        "statements": [
            {"key": "lezen", "text": "We lezen.", "theme": "taal-centraal", "practices": ["voorlezen"],
             "reason": "Lezen helpt.", "sectors": ["po"]},
            {"key": "samen", "text": "We werken samen.", "theme": "taal-centraal", "reason": "Samen leer je."},
        ],
    }
    data.update(changes)
    return data


def test_statements_for_a_sector_follow_the_statement_sectors() -> None:
    scan = Scan.model_validate(_scan())
    assert [s.key for s in scan.statements_for("po")] == ["lezen", "samen"]
    assert [s.key for s in scan.statements_for("vo")] == ["samen"]


@pytest.mark.parametrize("key", ["Lezen", "lezen_thuis", "-lezen", "a" * 31, ROLE_PARAMETER, SECTOR_PARAMETER])
def test_a_statement_key_must_fit_in_the_address(key: str) -> None:
    statements = [{"key": key, "text": "T.", "theme": "taal-centraal", "reason": "R."}]
    with pytest.raises(ValidationError):
        Scan.model_validate(_scan(statements=statements))


def test_a_scan_needs_a_sector_and_a_statement() -> None:
    with pytest.raises(ValidationError):
        Scan.model_validate(_scan(sectors=[]))
    with pytest.raises(ValidationError):
        Scan.model_validate(_scan(statements=[]))


def _load(tmp_path: Path, scan_yaml: str) -> tuple[KnowledgeBase, list[str]]:
    content = overlay_content(tmp_path, GOLDEN / "base" / "content")
    (content / "scans").mkdir()
    (content / "scans" / "leraar.yml").write_text(scan_yaml, encoding="utf-8")
    result = load_knowledge_base(content, root=tmp_path)
    return result.knowledge, [p.format() for p in result.problems]


def test_unknown_references_get_a_suggestion_at_their_line(tmp_path: Path) -> None:
    _kb, problems = _load(tmp_path, "title: S\nrole: Leraar\nsummary: K.\nsectors: [po]\nstatements:\n"
                                    "  - key: a\n    text: T.\n    theme: taal-centraall\n"
                                    "    practices: [voorlezn]\n    reason: R.\n")
    assert any(p.startswith("content/scans/leraar.yml:8:12: error: onbekend thema 'taal-centraall'")
               and "Bedoelde je 'taal-centraal'?" in p for p in problems), problems
    assert any(p.startswith("content/scans/leraar.yml:9:17: error: onbekende praktijkkaart 'voorlezn'")
               and "Bedoelde je 'voorlezen'?" in p for p in problems), problems


def test_scan_references_are_links_of_the_knowledge_base(tmp_path: Path) -> None:
    kb, problems = _load(tmp_path, "title: S\nrole: Leraar\nsummary: K.\nsectors: [po]\nstatements:\n"
                                   "  - key: a\n    text: T.\n    theme: taal-centraal\n"
                                   "    practices: [voorlezen]\n    reason: R.\n")
    assert problems == []
    assert [e.id for e in kb.links_to("voorlezen", SCAN)] == ["leraar"]
    assert [e.id for e in kb.links_to("taal-centraal", SCAN)] == ["leraar"]


def test_the_real_scans_have_about_nine_statements_per_role_and_sector() -> None:
    result = load_knowledge_base(ROOT / "content")
    assert result.errors == []
    scans = result.knowledge.of_kind(SCAN)
    assert {scan.id for scan in scans} == {"leraar", "schoolleider"}
    for scan in scans:
        assert set(scan.data.sectors) == {"po", "vo"}
        for sector in scan.data.sectors:
            assert 8 <= len(scan.data.statements_for(sector)) <= 10, (scan.id, sector)
        for statement in scan.data.statements:
            assert statement.practices and statement.provenance, statement.key


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory):
    content = overlay_content(tmp_path_factory.mktemp("zelfscan"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    result = load_knowledge_base(content)
    assert result.problems == []
    return result.knowledge


def test_the_data_names_everything_the_script_shows(kb) -> None:
    data = scan_data(kb)
    assert data["parameters"] == {"role": ROLE_PARAMETER, "sector": SECTOR_PARAMETER}
    assert [a[0] for a in data["answers"]] == [a[0] for a in ANSWERS]
    assert data["sectors"] == [["po", "Primair onderwijs"], ["vo", "Voortgezet onderwijs"]]
    [scan] = data["scans"]
    assert (scan["id"], scan["role"], scan["sectors"]) == ("leraar", "Leraar", ["po", "vo"])
    first, second = scan["statements"]
    assert first["sectors"] == ["po"] and second["sectors"] == ["po", "vo"]  # empty: every sector of the scan
    assert first["theme"] == {"title": "Taal centraal", "url": "../themas/taal-centraal/"}
    assert first["practices"][0] == {"title": "Zet in op (voor)lezen", "url": "../praktijk/voorlezen/",
                                     "sectors": ["po"]}
    assert first["reason"] == "Voorlezen helpt de taal van kinderen [zie de kaart]."  # plain text: textContent


def test_the_fragment_keeps_content_inside_its_script_element(kb) -> None:
    hostile = Scan.model_validate(_scan(summary="</script><script>alert(1)</script> & <!--"))
    entry = kb.get_of_kind("leraar", SCAN)
    fragment = scan_fragment(_with_data(kb, entry, hostile))
    assert fragment.count("</script>") == 1 and "<!--" not in fragment and "alert(1)" in fragment
    data = json.loads(re.search(r'id="kb-zelfscan-data">(.*)</script>', fragment, re.S).group(1))  # type: ignore[union-attr]
    assert data["scans"][0]["summary"].startswith("</script>")


def _with_data(kb: KnowledgeBase, entry: Entry[Scan], model: Scan) -> KnowledgeBase:
    """The knowledge base with one scan's data replaced (a hostile value the checker would refuse)."""
    entries = [replace(e, model=model) if e is entry else e for e in kb.entries.values()]
    return KnowledgeBase(entries, [])


def test_the_page_loads_its_script_and_links_each_statement_to_its_theme(kb) -> None:
    page = SiteRenderer(kb).zelfscan()
    assert page.path == urls.ZELFSCAN and page.in_nav and page.sanitise
    assert f"  - \"{urls.asset('zelfscan.js')}\"" in page.text
    assert page.text.count("Past bij het thema [Taal centraal](../themas/taal-centraal.md)") == 2
    assert "kb-zelfscan-data" in page.fragments["zelfscan"]
