"""Every JSON-LD block of a built site expands offline with pyld to schema.org types and properties only, each
property on a type that schema.org defines it for.

The context 'https://schema.org' is served by a local document loader from tests/jsonld/schemaorg-subset.json: the
definitions of the terms we use, copied from a schema.org release by scripts/derive_schemaorg_subset.py. Unlike the
real context it has no '@vocab' for schema.org: a term it does not define expands to UNKNOWN, so a misspelt or
invented property or type cannot pass. Nothing is fetched; any other address fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from kennisbank.core.history import read_history
from kennisbank.core.loader import load_knowledge_base
from kennisbank.outputs import urls
from kennisbank.outputs.build import SiteSettings, build_site

from .conftest import GOLDEN, ROOT, build_project, make_project

SUBSET = json.loads((Path(__file__).parent / "jsonld" / "schemaorg-subset.json").read_text(encoding="utf-8"))
SCHEMA = "http://schema.org/"  # what the schema.org context expands terms to (its own choice, http)
UNKNOWN = "urn:kennisbank:onbekend:"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
FIX = ("not in tests/jsonld/schemaorg-subset.json: if schema.org defines it, add it with "
       "scripts/derive_schemaorg_subset.py --add TERM (see its docstring); otherwise fix jsonld.py")

# A meetup with every field the Event uses (venue, one place, organiser), besides the golden content's bare one.
FULL_MEETUP = """---
title: Meetup Utrecht
summary: Een meetup in Utrecht.
date: 2022-03-01
venue: Bibliotheek Neude
place: {provincie: Utrecht, gemeente: Utrecht}
organiser: Stichting Voorbeeld
region:
  name: Utrecht
  places:
    - {provincie: Utrecht, gemeente: Utrecht}
themes: [taal-centraal]
---
Praktische informatie.
"""


def _load_document(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"de test haalt niets van het net: {url}")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {**SUBSET["context"], "@vocab": UNKNOWN}}}


def _name(iri: str, what: str, where: str) -> str:
    assert iri.startswith(SCHEMA), f"{where}: {what} {iri.removeprefix(UNKNOWN)!r} {FIX}"
    return iri.removeprefix(SCHEMA)


def _check_node(node: dict[str, Any], where: str) -> int:
    """Check one expanded node and everything in it; the number of nodes checked."""
    types = [_name(t, "type", where) for t in node.get("@type", [])]
    for name in types:
        assert name in SUBSET["classes"], f"{where}: type {name!r} {FIX}"
    own = {c for t in types for c in (t, *SUBSET["classes"][t])}
    checked = 1
    for key, values in node.items():
        if key.startswith("@"):
            continue
        prop = _name(key, "property", where)
        assert prop in SUBSET["properties"], f"{where}: property {prop!r} {FIX}"
        if types:
            assert own & set(SUBSET["properties"][prop]), (
                f"{where}: schema.org defines {prop!r} for {SUBSET['properties'][prop]}, not for {types}")
        for value in values:
            if "@value" in value:
                if "@type" in value:  # a typed value such as a schema:Date
                    assert _name(value["@type"], "datatype", where) in SUBSET["context"]
            elif set(value) - {"@id"}:
                checked += _check_node(value, where)
    return checked


def _check_block(text: str, where: str) -> tuple[list[str], int]:
    """Expand one JSON-LD block and check it; its top-level types and the number of nodes checked."""
    data = json.loads(text)
    assert data["@context"] == "https://schema.org", where
    expanded = jsonld.expand(data, {"documentLoader": _load_document})
    assert len(expanded) == 1, where
    return [_name(t, "type", where) for t in expanded[0]["@type"]], _check_node(expanded[0], where)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=folder, check=True, capture_output=True)


def test_every_block_of_a_built_site_expands_to_known_schema_org(tmp_path: Path) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    (project / "content" / "meetups" / "meetup-utrecht.md").write_text(FULL_MEETUP, encoding="utf-8")
    _git(project, "init", "-q")  # a history, so pages carry their dates too
    _git(project, "add", "content")
    _git(project, "commit", "-q", "-m", "inhoud")
    site = build_project(project)
    found: dict[str, list[str]] = {}
    nodes = 0
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        for text in SCRIPT.findall(page.read_text(encoding="utf-8")):
            types, count = _check_block(text, where)
            found.setdefault(where, []).extend(types)
            nodes += count
    assert found["index.html"] == ["WebSite"]
    assert found["data/index.html"] == ["Dataset"]
    assert found["meetups/meetup-utrecht/index.html"] == found["meetups/meetup-gooi/index.html"] == ["Event"]
    assert {t for types in found.values() for t in types} >= {
        "LearningResource", "Organization", "Event", "DefinedTermSet", "WebSite", "Dataset"}
    assert nodes > len(found)


def test_every_block_of_the_real_content_expands_to_known_schema_org() -> None:
    content = ROOT / "content"
    result = load_knowledge_base(content)
    site = build_site(result.knowledge, read_history(content), SiteSettings(site_url="https://example.org/kb/"))
    blocks = {o.path: o.json_ld for o in site.outputs if o.json_ld}
    assert urls.HOME in blocks and urls.OPEN_DATA_PAGE in blocks
    for path, text in blocks.items():
        _check_block(text, path)


def test_the_search_action_and_the_downloads_point_at_real_files() -> None:
    result = load_knowledge_base(GOLDEN / "base" / "content")
    site = build_site(result.knowledge, read_history(GOLDEN), SiteSettings(site_url="https://example.org/kb/"))
    outputs = {o.path: o for o in site.outputs}
    home = json.loads(outputs[urls.HOME].json_ld or "")
    action = home["potentialAction"]
    assert action["target"]["urlTemplate"] == "https://example.org/kb/verkennen/?q={zoekterm}"
    assert action["query-input"]["valueName"] == "zoekterm"  # the template's variable
    assert urls.EXPLORE in outputs
    # ... and the explore page really takes its search words from that parameter (assets/explore.js, readUrl)
    script = outputs[urls.asset("explore.js")].text
    assert f'state.text = params.get("{urls.EXPLORE_QUERY}")' in script
    dataset = json.loads(outputs[urls.OPEN_DATA_PAGE].json_ld or "")
    files = [d["contentUrl"].removeprefix("https://example.org/kb/") for d in dataset["distribution"]]
    assert files and all(f in outputs for f in files)  # every download is a file the build writes
    assert {urls.ALL_DATA, urls.GEOJSON} <= set(files)
    assert {d["encodingFormat"] for d in dataset["distribution"]} == {"application/json", "text/csv",
                                                                      "application/geo+json"}


@pytest.mark.parametrize("bad", [{"naam": "x"}, {"@type": "Evenement"}])
def test_an_unknown_term_fails(bad: dict[str, Any]) -> None:
    with pytest.raises(AssertionError, match="schemaorg-subset"):
        _check_block(json.dumps({"@context": "https://schema.org", "@type": "Event", **bad}), "x")


def test_a_property_on_a_type_schema_org_does_not_define_it_for_fails() -> None:
    block = {"@context": "https://schema.org", "@type": "Organization", "startDate": "2021-01-01"}
    with pytest.raises(AssertionError, match="defines 'startDate'"):
        _check_block(json.dumps(block), "x")
