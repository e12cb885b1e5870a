"""Schema.org JSON-LD for entry pages, the home page (WebSite) and the open-data page (Dataset), and the site's
name and licence that the open data shares.

The JSON goes into `<script type="application/ld+json">` in the page head, written by escape.script_json: no
text from an entry can ever close the element or start markup.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import partial
from typing import Any

from kennisbank.core import queries, reads
from kennisbank.core.history import History
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import INITIATIVE, MEETUP, PRACTICE, READING, TERM
from kennisbank.core.models.common import SECTOR_LABELS, Citation, Place

from . import urls
from .escape import script_json

SITE_NAME = "Kennisbank Kansengelijkheid"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
SCHEMA_ORG = "https://schema.org"


SEARCH_VARIABLE = "zoekterm"
"""The name of the search words in the home page's SearchAction (its URL template and its query-input)."""
SITE_DESCRIPTION = ("Open kennisbank over kansengelijkheid in het Nederlandse onderwijs: praktische richtingen per "
                    "thema, het onderzoek erachter, leestips en initiatieven uit de regio.")
"""As mkdocs.yml's site_description says it."""
MEDIA_TYPES = {".json": "application/json", ".csv": "text/csv", ".geojson": "application/geo+json"}
"""The media type of each kind of published data file, by its extension."""


def _website(site_url: str) -> dict[str, Any]:
    return {"@type": "WebSite", "name": SITE_NAME, "url": urls.site_root(site_url)}


def _publisher(site_url: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": SITE_NAME, "url": urls.site_root(site_url)}


def home_json_ld_data(site_url: str) -> dict[str, Any]:
    """The home page: the site as a schema.org WebSite, whose search is the explore page (it reads '?q=')."""
    template = urls.site_root(site_url) + urls.explore_search_template(SEARCH_VARIABLE)
    return {
        "@context": SCHEMA_ORG,
        **_website(site_url),
        "description": SITE_DESCRIPTION,
        "inLanguage": "nl",
        "license": LICENSE_URL,
        "publisher": _publisher(site_url),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": template},
            # schema.org's Actions convention: '<property>-input' says how the template's variable is filled.
            "query-input": {"@type": "PropertyValueSpecification", "valueRequired": True,
                            "valueName": SEARCH_VARIABLE},
        },
    }


def open_data_json_ld_data(site_url: str, history: History | None = None) -> dict[str, Any]:
    """The open-data page: the knowledge base as a schema.org Dataset, with a DataDownload per published file."""
    downloads = [{"@type": "DataDownload", "name": posixpath.basename(path), "contentUrl": urls.absolute(path, site_url),
                  "encodingFormat": MEDIA_TYPES[posixpath.splitext(path)[1]]} for path in urls.data_files()]
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "name": f"Open data — {SITE_NAME}",
        "description": SITE_DESCRIPTION + " Als JSON, CSV en GeoJSON, uit dezelfde gecontroleerde gegevens als de site.",
        "url": urls.absolute(urls.OPEN_DATA_PAGE, site_url),
        "inLanguage": "nl",
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": _publisher(site_url),
        "publisher": _publisher(site_url),
        "spatialCoverage": {"@type": "Country", "name": "Nederland"},
        "isPartOf": _website(site_url),
        "distribution": downloads,
    }
    if history is not None and history.latest is not None:  # the files are remade from the newest commit
        data["dateModified"] = history.latest.isoformat()
    return data


def _organisation(name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name}


def _themes(kb: KnowledgeBase, entry: Entry[Any], site_url: str) -> list[dict[str, Any]]:
    """What an entry is about: its themes as the whole site counts them (queries.themes_of)."""
    return [{"@type": "Thing", "name": theme.title, "url": urls.absolute_entry(theme, site_url)}
            for theme in queries.themes_of(kb, entry)]


def _citation(citation: Citation) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": citation.title}
    if citation.authors:
        work["author"] = list(citation.authors)
    if citation.publisher:
        work["publisher"] = _organisation(citation.publisher)
    if citation.year:
        work["datePublished"] = str(citation.year)
    if citation.url:
        work["url"] = citation.url
    return work


def _area(place: Place) -> dict[str, Any]:
    area: dict[str, Any] = {"@type": "AdministrativeArea", "name": place.gemeente or place.provincie}
    if place.gemeente:
        area["containedInPlace"] = {"@type": "AdministrativeArea", "name": place.provincie}
    if place.plaats:  # a village or neighbourhood is a place inside the municipality, not an administrative area
        return {"@type": "Place", "name": place.plaats, "containedInPlace": area}
    return area


def _practice(kb: KnowledgeBase, entry: Entry[Any], site_url: str) -> dict[str, Any]:
    data = entry.data
    return {
        "@type": "LearningResource",
        "name": entry.title,
        "description": data.summary,
        "url": urls.absolute_entry(entry, site_url),
        "inLanguage": "nl",
        "learningResourceType": entry.kind.label,
        "educationalLevel": [SECTOR_LABELS[s] for s in data.sectors],
        "about": _themes(kb, entry, site_url),
        "citation": [_citation(c) for c in data.sources],
        "license": LICENSE_URL,
        "isPartOf": _website(site_url),
    }


def _reading(kb: KnowledgeBase, entry: Entry[Any], site_url: str) -> dict[str, Any]:
    data = entry.data
    page = urls.absolute_entry(entry, site_url)
    # The resource is the maker's work; our page only recommends it. So no licence of ours, and its own address
    # (when known) is the url, with our page as the page about it.
    return {
        "@type": "LearningResource",
        "name": entry.title,
        "description": data.summary,
        "url": data.url or page,
        "mainEntityOfPage": page,
        "author": list(data.authors),
        "publisher": _organisation(data.outlet) if data.outlet else None,
        "datePublished": str(data.year) if data.year else None,
        "inLanguage": data.language,
        "learningResourceType": data.media_type,
        "educationalLevel": [SECTOR_LABELS[s] for s in data.sectors],
        "about": _themes(kb, entry, site_url),
    }


def _initiative(kb: KnowledgeBase, entry: Entry[Any], site_url: str) -> dict[str, Any]:
    data = entry.data
    areas = [_area(p) for p in data.places]
    if not areas and data.scope == "landelijk":
        areas = [{"@type": "Country", "name": "Nederland"}]
    return {
        "@type": "Organization",
        "name": entry.title,
        "description": data.summary,
        "url": data.url,  # the organisation's own site; our page about it is the page below
        "mainEntityOfPage": urls.absolute_entry(entry, site_url),
        "areaServed": areas,
        "parentOrganization": _organisation(data.organisation) if data.organisation else None,
    }


def _meetup(kb: KnowledgeBase, entry: Entry[Any], site_url: str) -> dict[str, Any] | None:
    data = entry.data
    if data.date is None:  # an Event without a start date is invalid for every consumer of schema.org
        return None
    place = data.place or (data.region.places[0] if len(data.region.places) == 1 else None)
    location: dict[str, Any] = {"@type": "Place", "name": data.venue or data.region.name}
    if place is not None:
        location["address"] = {"@type": "PostalAddress", "addressLocality": place.plaats or place.gemeente,
                               "addressRegion": place.provincie, "addressCountry": "NL"}
    return {
        "@type": "Event",
        "name": entry.title,
        "description": data.summary,
        "startDate": data.date.isoformat(),
        "url": urls.absolute_entry(entry, site_url),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "organizer": _organisation(data.organiser) if data.organiser else None,
        "about": _themes(kb, entry, site_url),
        "inLanguage": "nl",
    }


def _term(entry: Entry[Any], site_url: str) -> dict[str, Any]:
    data = entry.data
    return {
        "@type": "DefinedTerm",
        "name": entry.title,
        "alternateName": [form for form in data.marked if form != entry.title],
        "description": f"{data.meaning}. {data.summary}",
        "url": urls.absolute_entry(entry, site_url),
        "inDefinedTermSet": urls.absolute(urls.GLOSSARY, site_url),
    }


def _compact(value: Any) -> Any:
    """Leave out empty values: schema.org readers treat a missing property as unknown, but may reject null."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def _dates(entry: Entry[Any], history: History | None) -> dict[str, str]:
    if history is None:
        return {}
    found: dict[str, dt.date | None] = {"dateCreated": history.added.get(entry.path),
                                        "dateModified": history.changed.get(entry.path)}
    return {key: day.isoformat() for key, day in found.items() if day is not None}


def json_ld_data(kb: KnowledgeBase, entry: Entry[Any], site_url: str,
                 history: History | None = None) -> dict[str, Any] | None:
    """The schema.org description of an entry as a dict, or None for kinds no schema.org type fits well
    (themes, collections and source documents have pages that are overviews, not things)."""
    if entry.kind is PRACTICE:
        data = _practice(kb, entry, site_url)
    elif entry.kind is READING:
        data = _reading(kb, entry, site_url)
    elif entry.kind is INITIATIVE:
        data = _initiative(kb, entry, site_url)
    elif entry.kind is MEETUP:
        found = _meetup(kb, entry, site_url)
        if found is None:
            return None
        data = found
    elif entry.kind is TERM:
        data = _term(entry, site_url)
    else:
        return None
    if entry.kind in (PRACTICE, TERM):  # our own texts: their dates are those of the text itself
        data.update(_dates(entry, history))
    return _compact({"@context": SCHEMA_ORG, **data})


def json_ld(kb: KnowledgeBase, entry: Entry[Any], site_url: str, history: History | None = None) -> str | None:
    """JSON-LD for the entry's page head, safe to put between <script type="application/ld+json"> and
    </script> as it is; None when nothing fits."""
    data = json_ld_data(kb, entry, site_url, history)
    return None if data is None else script_json(data)


def glossary_json_ld(kb: KnowledgeBase, site_url: str) -> str | None:
    """The glossary page as a schema.org DefinedTermSet of every term (terms have no page of their own)."""
    terms = sorted(kb.of_kind(TERM), key=lambda e: e.title.casefold())
    if not terms:
        return None
    terms_data = []
    for term in terms:
        item = _term(term, site_url)
        del item["inDefinedTermSet"]  # the set holds it already
        terms_data.append(item)
    data = {"@context": SCHEMA_ORG, "@type": "DefinedTermSet", "name": f"Begrippen — {SITE_NAME}",
            "url": urls.absolute(urls.GLOSSARY, site_url), "inLanguage": "nl", "hasDefinedTerm": terms_data}
    return script_json(_compact(data))


def json_ld_by_page(kb: KnowledgeBase, site_url: str, history: History | None = None,
                    kept: reads.Keeper = reads.compute_now) -> dict[str, str]:
    """JSON-LD per page source path ('praktijk/voorlezen.md'), for every page that has any: what the site
    builder looks up for each page it writes. `kept` may hand back an entry's JSON-LD from the last build
    (core/reads.py Kept.get)."""
    found: dict[str, str] = {}
    for entry in kb.entries.values():
        if entry.kind is TERM:
            continue  # a term's address is an anchor on the glossary page, which gets the whole set below
        text = kept(("json-ld", entry.id), partial(json_ld, kb, entry, site_url, history))
        if text is not None:
            found[urls.entry_uri(entry)] = text
    glossary = glossary_json_ld(kb, site_url)
    if glossary is not None:
        found[urls.GLOSSARY] = glossary
    found[urls.HOME] = script_json(home_json_ld_data(site_url))
    found[urls.OPEN_DATA_PAGE] = script_json(open_data_json_ld_data(site_url, history))
    return found


def script_element(json_text: str) -> str:
    """The script element for a page head. json_text must come from json_ld (it is already script-safe)."""
    return f'<script type="application/ld+json">{json_text}</script>'


def insert_into_head(html: str, json_text: str) -> str:
    """The page's HTML with the JSON-LD script just before its first '</head>'."""
    return insert_markup(html, script_element(json_text) + "\n")


def insert_markup(html: str, markup: str) -> str:
    """The page's HTML with our own trusted markup just before its first '</head>'. Text in the head (the title,
    meta descriptions) is escaped by the theme, so the first '</head>' is the real end of the head."""
    position = html.find("</head>")
    if position < 0:
        return html
    return html[:position] + markup + html[position:]
