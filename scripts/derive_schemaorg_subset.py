"""Derive tests/jsonld/schemaorg-subset.json: the part of schema.org our JSON-LD uses, for the offline expansion test.

For every term (type or property) already in the subset and every term given with --add, it copies the term's
definition from the release's JSON-LD context (schemaorgcontext.jsonld), and from its vocabulary
(schemaorg-current-https.jsonld) the classes each type belongs to and the types each property is defined for
(domainIncludes). A term schema.org does not define stops the script: the subset only ever holds real schema.org.
When the JSON-LD starts using a new term, tests/test_jsonld_expand.py names it; add it with the files of a schema.org
release (data/releases/<version>/ in the schemaorg/schemaorg repository):

    .venv/bin/python scripts/derive_schemaorg_subset.py --release DIR --version 30.0 --add TERM ...
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "jsonld" / "schemaorg-subset.json"
ANNOTATIONS = {"query-input": ["Action"]}
"""Not properties but the Actions convention (schema.org/docs/actions.html): '<property>-input' on an Action says how
a variable of its URL template is filled. Not in the context; mapped to schema.org like the properties."""


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [item["@id"].removeprefix("schema:") for item in items if item["@id"].startswith("schema:")]


def derive(release: Path, version: str, terms: set[str]) -> dict[str, Any]:
    context = json.loads((release / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))["@context"]
    graph = {node["@id"].removeprefix("schema:"): node for node in
             json.loads((release / "schemaorg-current-https.jsonld").read_text(encoding="utf-8"))["@graph"]}

    def ancestors(name: str) -> list[str]:
        seen: list[str] = []
        todo = _ids(graph[name].get("rdfs:subClassOf"))
        while todo:
            parent = todo.pop(0)
            if parent not in seen:
                seen.append(parent)
                todo.extend(_ids(graph[parent].get("rdfs:subClassOf")))
        return sorted(seen)

    unknown = sorted(t for t in terms - set(ANNOTATIONS) if t not in graph or t not in context)
    if unknown:
        sys.exit(f"not defined by schema.org {version}: {', '.join(unknown)}")
    classes = {t: ancestors(t) for t in sorted(terms) if t in graph and graph[t]["@type"] == "rdfs:Class"}
    properties = {t: sorted(_ids(graph[t].get("schema:domainIncludes"))) for t in sorted(terms)
                  if t in graph and graph[t]["@type"] == "rdf:Property"}
    properties.update(ANNOTATIONS)
    definitions = {t: context[t] for t in sorted(terms) if t in context}
    # Datatypes that a copied definition coerces to ('startDate': {'@type': 'Date'}) must resolve as well.
    for definition in list(definitions.values()):
        datatype = definition.get("@type") if isinstance(definition, dict) else None
        if datatype and not datatype.startswith("@") and datatype in context:
            definitions[datatype] = context[datatype]
    definitions.update({name: {"@id": f"schema:{name}"} for name in ANNOTATIONS})
    return {
        "about": f"Derived by scripts/derive_schemaorg_subset.py from the schema.org {version} release "
                 "(schemaorgcontext.jsonld and schemaorg-current-https.jsonld), schema.org vocabulary (c) schema.org, "
                 "CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/). query-input is the Actions "
                 "convention (https://schema.org/docs/actions.html), not a property of the vocabulary.",
        "release": version,
        "context": {"schema": context["schema"], **dict(sorted(definitions.items()))},
        "classes": classes,
        "properties": properties,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=Path, required=True, help="folder of one schema.org release")
    parser.add_argument("--version", required=True, help="its version, e.g. 30.0")
    parser.add_argument("--add", nargs="*", default=[], metavar="TERM", help="terms the JSON-LD newly uses")
    args = parser.parse_args()
    terms = set(args.add)
    if OUT.exists():
        old = json.loads(OUT.read_text(encoding="utf-8"))
        terms |= set(old["classes"]) | set(old["properties"])
    subset = derive(args.release, args.version, terms)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(subset, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(subset['classes'])} types, {len(subset['properties'])} properties")


if __name__ == "__main__":
    main()
