"""The open data as outside tools check it: `frictionless validate` on the data package, and every JSON file
against the schema its own `schema` key names (jsonschema). Offline: every schema comes from the build itself."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from kennisbank.core.history import History
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import INITIATIVE, KINDS, MEETUP, PRACTICE, THEME
from kennisbank.outputs import urls
from kennisbank.outputs.data import data_outputs
from kennisbank.outputs.data.csv import columns
from kennisbank.outputs.data.geo import read_centroids
from kennisbank.outputs.data.package import LICENSE_ID, resource_name
from kennisbank.outputs.output import Output

from .conftest import GOLDEN, ROOT, overlay_content

SITE = "https://example.org/kennisbank"
CENTROIDS = "code;naam;soort;lon;lat\nGM0402;Hilversum;gemeente;5.1763;52.2292\nUtrecht;Utrecht;provincie;5.2109;52.0844\n"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def _build(content: Path, tmp: Path, centroids: str | None = CENTROIDS) -> tuple[dict[str, Output], Path]:
    result = load_knowledge_base(content)
    assert [p.format() for p in result.problems if p.is_error] == []
    history = History(added={}, changed={}, latest=dt.date(2026, 11, 2))
    outputs = {o.path: o for o in data_outputs(result.knowledge, history, SITE,
                                               read_centroids(centroids) if centroids else None)}
    for path, output in outputs.items():
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.content if isinstance(output.content, bytes) else output.content.encode("utf-8"))
    return outputs, tmp / urls.DATA_DIR


@pytest.fixture(scope="module", params=["golden", "content"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Output], Path]:
    """The open data of the golden test content and of the real content/ (with the packaged centroids)."""
    tmp = tmp_path_factory.mktemp(f"data-{request.param}")
    if request.param == "golden":
        return _build(overlay_content(tmp / "content", GOLDEN / "base" / "content", GOLDEN / "pages" / "content"),
                      tmp / "site")
    return _build(ROOT / "content", tmp / "site", centroids=None)


def _frictionless(descriptor: Path) -> dict[str, Any]:
    if not FRICTIONLESS.exists():
        pytest.fail(f"{FRICTIONLESS} ontbreekt: installeer de test-extra (pip install -e '.[test]')")
    run = subprocess.run([str(FRICTIONLESS), "validate", "--json", descriptor.name], cwd=descriptor.parent,
                         capture_output=True, text=True, timeout=300, check=False)
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def test_frictionless_validates_the_data_package(built: tuple[dict[str, Output], Path]) -> None:
    outputs, data = built
    report = _frictionless(data / "datapackage.json")
    errors = [(task["name"], error["message"]) for task in report["tasks"] for error in task["errors"]]
    assert errors == [] and report["errors"] == [] and report["valid"] is True
    # every CSV and link table is in the package and was checked
    checked = {task["name"] for task in report["tasks"]}
    package = json.loads(outputs[urls.DATA_PACKAGE].text)
    assert checked == {resource["name"] for resource in package["resources"]}
    csv_paths = {path for path in outputs if path.endswith(".csv")}
    assert {f"data/{r['path']}" for r in package["resources"] if r.get("type") == "table"} == csv_paths


def test_frictionless_catches_a_broken_reference(built: tuple[dict[str, Output], Path], tmp_path: Path) -> None:
    """The foreign keys are real: a link table row that names a theme that does not exist fails validation."""
    _outputs, data = built
    copy = tmp_path / "data"
    for source in data.rglob("*"):
        if source.is_file():
            (copy / source.relative_to(data)).parent.mkdir(parents=True, exist_ok=True)
            (copy / source.relative_to(data)).write_bytes(source.read_bytes())
    link = copy / urls.data_link_csv(PRACTICE, "themes").removeprefix("data/")
    link.write_bytes(link.read_bytes() + b"bestaat-niet;ook-niet\r\n")
    report = _frictionless(copy / "datapackage.json")
    assert report["valid"] is False
    failed = {task["name"]: {e["type"] for e in task["errors"]} for task in report["tasks"] if task["errors"]}
    assert failed == {f"{resource_name(PRACTICE)}-themes": {"foreign-key"}}


def test_package_describes_licence_keys_and_columns(built: tuple[dict[str, Output], Path]) -> None:
    outputs, _data = built
    package = json.loads(outputs[urls.DATA_PACKAGE].text)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["licenses"][0]["name"] == LICENSE_ID and "by/4.0" in package["licenses"][0]["path"]
    assert package["title"] == "Kennisbank Kansengelijkheid" and package["sources"]
    resources = {r["name"]: r for r in package["resources"]}
    for kind in KINDS:
        table = resources[resource_name(kind)]
        assert table["schema"]["primaryKey"] == ["id"]
        assert [f["name"] for f in table["schema"]["fields"]] == [key.key for key in columns(kind)]
        assert all(f["title"] and f["description"] for f in table["schema"]["fields"])
    link = resources[f"{resource_name(PRACTICE)}-themes"]["schema"]
    assert link["foreignKeys"] == [
        {"fields": ["id"], "reference": {"resource": resource_name(PRACTICE), "fields": ["id"]}},
        {"fields": ["themes"], "reference": {"resource": resource_name(THEME), "fields": ["id"]}}]
    assert resources[f"{resource_name(INITIATIVE)}-practices"]["schema"]["foreignKeys"][1]["reference"][
        "resource"] == resource_name(PRACTICE)


def _registry(outputs: dict[str, Output]) -> Registry:
    schemas = [json.loads(o.text) for path, o in outputs.items() if path.startswith("data/schema/")]
    return Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)


def test_every_json_file_validates_against_its_own_schema(built: tuple[dict[str, Output], Path]) -> None:
    outputs, _data = built
    registry = _registry(outputs)
    files = [path for path in outputs if path.endswith((".json", ".geojson")) and "/schema/" not in path
             and path not in (urls.JSON_FEED, urls.DATA_PACKAGE)]
    assert len(files) == len(KINDS) + 2  # a file per kind, alles.json and the map
    for path in files:
        document = json.loads(outputs[path].text)
        assert document["schema"] == urls.site_root(SITE) + urls.data_file_schema(path), path
        schema = registry.contents(document["schema"])
        validator = jsonschema.Draft202012Validator(schema, registry=registry,
                                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == [], path


def test_a_file_schema_rejects_what_the_file_never_holds(built: tuple[dict[str, Output], Path]) -> None:
    outputs, _data = built
    registry = _registry(outputs)
    document = json.loads(outputs[urls.data_json(INITIATIVE)].text)
    validator = jsonschema.Draft202012Validator(registry.contents(document["schema"]), registry=registry)
    document["entries"].append({"id": "x"})
    document["extra"] = 1
    where = {tuple(error.absolute_path) for error in validator.iter_errors(document)}
    assert where == {(), ("entries", len(document["entries"]) - 1)}


def _places(value: Any) -> list[dict[str, Any]]:
    """Every place in a JSON value: a dict with a provincie."""
    if isinstance(value, list):
        return [p for v in value for p in _places(v)]
    if isinstance(value, dict):
        own = [value] if "provincie" in value else []
        return own + [p for v in value.values() for p in _places(v)]
    return []


def test_every_place_has_its_cbs_codes(built: tuple[dict[str, Output], Path]) -> None:
    outputs, _data = built
    places = _places(json.loads(outputs[urls.ALL_DATA].text)["entries"])
    places += [f["properties"] for f in json.loads(outputs[urls.GEOJSON].text)["features"]]
    assert places
    for place in places:
        assert place["provincie_code"].startswith("PV") and len(place["provincie_code"]) == 4, place
        assert (place["gemeente_code"] is None) is (place["gemeente"] is None), place
        if place["gemeente_code"]:
            assert place["gemeente_code"].startswith("GM") and len(place["gemeente_code"]) == 6, place
    for kind in (INITIATIVE, MEETUP):
        header = outputs[urls.data_csv(kind)].text.removeprefix("\ufeff").split("\r\n")[0].split(";")
        names = [h for h in header if h.endswith(("provincie", "gemeente"))]
        assert names and all(f"{name}_code" in header for name in names), kind


def test_one_vocabulary_across_json_csv_and_geojson(built: tuple[dict[str, Output], Path]) -> None:
    """A key means the same in every file: a CSV column is a JSON path, and the map's keys are the
    initiative's (url: the organisation's website, page_url: the page on this site)."""
    outputs, _data = built
    for kind in KINDS:
        records = json.loads(outputs[urls.data_json(kind)].text)["entries"]
        for key in columns(kind):
            assert all(key.path[0] in record for record in records), (kind, key.key)
    initiatives = {r["id"]: r for r in json.loads(outputs[urls.data_json(INITIATIVE)].text)["entries"]}
    for feature in json.loads(outputs[urls.GEOJSON].text)["features"]:
        properties = feature["properties"]
        record = initiatives[properties["id"]]
        for key in ("title", "summary", "url", "scope", "page_url"):
            assert properties[key] == record[key], key
        assert {k: properties[k] for k in ("provincie", "provincie_code", "gemeente", "gemeente_code", "plaats")} \
            in record["places"]


def test_dcat_record_lists_every_data_file_with_the_mandatory_properties(built: tuple[dict[str, Output], Path]) -> None:
    """DCAT-AP-NL 3.0: the mandatory properties of the dataset, and a distribution per data file with its
    download address, format, media type and licence."""
    outputs, _data = built
    record = json.loads(outputs[urls.DCAT_RECORD].text)
    assert record["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    nodes = {node["@type"]: node for node in record["@graph"]}
    dataset = nodes["dcat:Dataset"]
    for name in ("dct:title", "dct:description", "dct:identifier", "dct:publisher", "dct:creator",
                 "dcat:contactPoint", "dcat:theme", "dct:accessRights"):
        assert dataset[name], name
    assert dataset["dct:accessRights"]["@id"].endswith("/access-right/PUBLIC")
    assert nodes["dcat:Catalog"]["dcat:dataset"]["@id"] == dataset["@id"]
    assert nodes["dcat:Catalog"]["dcat:contactPoint"] == dataset["dcat:contactPoint"]
    assert nodes["foaf:Agent"]["@id"] == dataset["dct:publisher"]["@id"]
    files = {urls.absolute(path, SITE) for path in outputs
             if path.endswith((".csv", ".json", ".geojson", ".atom")) and "/schema/" not in path
             and path != urls.JSON_FEED}
    found = {d["dcat:downloadURL"]["@id"]: d for d in dataset["dcat:distribution"]}
    assert set(found) == files
    for distribution in found.values():
        assert distribution["dct:license"]["@id"].endswith("/licence/CC_BY_4_0")
        assert distribution["dct:format"]["@id"].startswith("http://publications.europa.eu/resource/authority/")
        assert distribution["dcat:accessURL"] and distribution["dcat:mediaType"]
    conforms = found[urls.absolute(urls.data_json(PRACTICE), SITE)]["dct:conformsTo"]["@id"]
    assert conforms == urls.absolute(urls.data_file_schema(urls.data_json(PRACTICE)), SITE)
