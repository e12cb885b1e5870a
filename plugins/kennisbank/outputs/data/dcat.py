"""data/catalogus.jsonld: the DCAT-AP-NL 3.0 record of the dataset and each of its files, for data catalogues."""

from __future__ import annotations

from typing import Any

from kennisbank.core.history import History
from kennisbank.core.models import KINDS
from kennisbank.outputs import urls
from kennisbank.outputs.escape import script_json
from kennisbank.outputs.jsonld import SITE_NAME
from kennisbank.outputs.output import Output

from .csv import link_keys
from .json import ATTRIBUTION
from .package import KEYWORDS, PACKAGE_DESCRIPTION
from .package import PROFILE as PACKAGE_PROFILE

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
EU = "http://publications.europa.eu/resource/authority/"
LICENSE = EU + "licence/CC_BY_4_0"
"""CC BY 4.0 in the EU licence list, which DCAT-AP asks for; the same licence as LICENSE_URL."""
DUTCH = EU + "language/NLD"
ATOM_STANDARD = "https://www.rfc-editor.org/rfc/rfc4287"
FILE_TYPES = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json"),
              "geojson": ("GEOJSON", "application/geo+json"), "atom": ("ATOM", "application/atom+xml"),
              "jsonld": ("JSON_LD", "application/ld+json")}
"""Per file extension: the EU file type (dct:format) and the IANA media type (dcat:mediaType)."""


def _id(url: str, of_class: str | None = None) -> dict[str, str]:
    """A reference to another resource; with the class DCAT-AP expects of it (DCAT-AP's SHACL range checks need
    the class stated when the vocabulary itself is not loaded)."""
    return {"@id": url, "@type": of_class} if of_class else {"@id": url}


def _document(url: str) -> dict[str, str]:
    return _id(url, "foaf:Document")


def _text(value: str) -> dict[str, str]:
    return {"@value": value, "@language": "nl"}


def _distribution(path: str, title: str, description: str, site_url: str,
                  schema: str | None = None, standard: str | None = None) -> dict[str, Any]:
    """One file of the dataset: where to get it, its format and licence, and the schema (a file of the site) or
    the standard (an address elsewhere) it conforms to."""
    url = urls.absolute(path, site_url)
    file_type, media_type = FILE_TYPES[path.rpartition(".")[2]]
    found: dict[str, Any] = {
        "@id": url, "@type": "dcat:Distribution",
        "dct:title": _text(title), "dct:description": _text(description),
        "dcat:accessURL": _id(url), "dcat:downloadURL": _id(url),
        "dct:format": _id(f"{EU}file-type/{file_type}", "dct:MediaTypeOrExtent"),
        "dcat:mediaType": _id(f"https://www.iana.org/assignments/media-types/{media_type}", "dct:MediaType"),
        "dct:license": _id(LICENSE, "dct:LicenseDocument"), "dct:language": _id(DUTCH, "dct:LinguisticSystem"),
    }
    if schema is not None or standard is not None:
        found["dct:conformsTo"] = _id(urls.absolute(schema, site_url) if schema else str(standard), "dct:Standard")
    return found


def distributions(site_url: str) -> list[dict[str, Any]]:
    """Every data file a reuser downloads, with the schema that describes it."""
    found = [_distribution(urls.DATA_PACKAGE, "Datapakket (Frictionless Data Package v2)",
                           "Beschrijving van alle CSV-bestanden: kolommen, typen, sleutels en verwijzingen.", site_url,
                           standard=PACKAGE_PROFILE)]
    for kind in KINDS:
        found += [
            _distribution(urls.data_json(kind), f"{kind.plural} (JSON)", f"Alle items van de soort {kind.label}.",
                          site_url, urls.data_file_schema(urls.data_json(kind))),
            _distribution(urls.data_csv(kind), f"{kind.plural} (CSV)", f"Alle items van de soort {kind.label}, een "
                          "regel per item, voor spreadsheets.", site_url, urls.DATA_PACKAGE),
        ]
        found += [_distribution(urls.data_link_csv(kind, key.key), f"{kind.plural}: {key.title.lower()} (CSV)",
                                f"Koppeltabel: per {kind.label} de ids in {key.key}.", site_url, urls.DATA_PACKAGE)
                  for key in link_keys(kind)]
    found += [
        _distribution(urls.ALL_DATA, "Alle items (JSON)", "Alle items van de kennisbank in één bestand.", site_url,
                      urls.data_file_schema(urls.ALL_DATA)),
        _distribution(urls.GEOJSON, "Kaart van de initiatieven (GeoJSON)", "Een punt per plaats waar een initiatief "
                      "werkt, in het midden van de gemeente of provincie.", site_url, urls.data_file_schema(urls.GEOJSON)),
        _distribution(urls.ATOM_FEED, "Nieuw en bijgewerkt (Atom)", "De laatst toegevoegde en gewijzigde items.",
                      site_url, standard=ATOM_STANDARD),
    ]
    return found


def dcat_record(history: History, site_url: str) -> dict[str, Any]:
    """The catalogue with the one dataset: the properties DCAT-AP-NL 3.0 makes mandatory (title, description,
    identifier, publisher, creator, contact point, theme, access rights, licence per distribution) and the
    recommended ones the knowledge base can fill in."""
    root = urls.site_root(site_url)
    page = urls.absolute(urls.OPEN_DATA_PAGE, site_url)
    dataset_id = page + "#dataset"
    agent_id = root + "#uitgever"
    agent = {"@id": agent_id, "@type": "foaf:Agent", "foaf:name": ATTRIBUTION, "foaf:homepage": _document(root)}
    contact = {"@type": "vcard:Kind", "vcard:fn": ATTRIBUTION,
               "vcard:hasURL": _id(urls.absolute(urls.CONTRIBUTING, site_url))}
    dataset: dict[str, Any] = {
        "@id": dataset_id, "@type": "dcat:Dataset",
        "dct:title": _text(SITE_NAME),
        "dct:description": _text(PACKAGE_DESCRIPTION),
        "dct:identifier": dataset_id,
        "dct:publisher": _id(agent_id),
        "dct:creator": _id(agent_id),
        "dcat:contactPoint": contact,
        # The concept's own labels in the EU data-theme list: DCAT-AP's shapes want a label on every concept.
        "dcat:theme": _id(f"{EU}data-theme/EDUC", "skos:Concept") | {"skos:prefLabel": [
            _text("Onderwijs, cultuur en sport"), {"@value": "Education, culture and sport", "@language": "en"}]},
        "dct:accessRights": _id(f"{EU}access-right/PUBLIC", "dct:RightsStatement"),
        "dct:license": _id(LICENSE, "dct:LicenseDocument"),
        "dct:language": _id(DUTCH, "dct:LinguisticSystem"),
        "dct:spatial": _id(f"{EU}country/NLD", "dct:Location"),
        "dcat:keyword": [_text(word) for word in KEYWORDS],
        "dcat:landingPage": _document(page),
        "foaf:page": _document(page),
        "dct:conformsTo": _id(urls.absolute(urls.DATA_PACKAGE, site_url), "dct:Standard"),
        "dcat:distribution": distributions(site_url),
    }
    if history.latest is not None:
        dataset["dct:modified"] = {"@value": history.latest.isoformat(), "@type": "xsd:date"}
    catalog = {"@id": urls.absolute(urls.DCAT_RECORD, site_url), "@type": "dcat:Catalog",
               "dct:title": _text(f"Catalogus — {SITE_NAME}"),
               "dct:description": _text(f"De open data van de {SITE_NAME}."),
               "dct:publisher": _id(agent_id), "dct:creator": _id(agent_id), "dcat:contactPoint": contact,
               "foaf:homepage": _document(root),
               "dcat:dataset": _id(dataset_id)}
    return {"@context": CONTEXT, "@graph": [catalog, dataset, agent]}


def dcat_output(history: History, site_url: str) -> Output:
    """data/catalogus.jsonld."""
    return Output(urls.DCAT_RECORD, script_json(dcat_record(history, site_url), indent=2) + "\n")
