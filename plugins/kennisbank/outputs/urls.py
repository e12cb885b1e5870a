"""Where everything lives on the site, relative and absolute: pages, data files, briefings. The one place that
knows the URL scheme; templates and every output name their targets through it."""

from __future__ import annotations

from typing import Any

from kennisbank.core.knowledge import Entry
from kennisbank.core.models import (
    COLLECTION,
    INITIATIVE,
    KINDS,
    MEETUP,
    PRACTICE,
    READING,
    TERM,
    THEME,
    EntryModel,
    Kind,
)
from kennisbank.core.models.common import slugify

FOLDERS: dict[Kind[EntryModel], str] = {kind: kind.site_folder for kind in KINDS}
"""URL folder (Dutch, as visitors see it) of each kind's pages: the kind registry's `site_folder`."""

HOME = "index.md"
THEMES = f"{THEME.site_folder}/index.md"
PRACTICES = f"{PRACTICE.site_folder}/index.md"
INITIATIVES = f"{INITIATIVE.site_folder}/index.md"
READING_LIST = f"{READING.site_folder}/index.md"
SECTORS = "sectoren/index.md"
MEETUPS = f"{MEETUP.site_folder}/index.md"
COLLECTIONS = f"{COLLECTION.site_folder}/index.md"
PROVENANCE = "verantwoording/index.md"
PRACTICE_TABLES = {order: f"{PRACTICE.site_folder}/op-{order}.md" for order in ("effect", "bewijskracht", "kosten", "titel")}
"""The table of all practice cards, once per order (a static site: each order is its own page)."""
FIELDS = "bijdragen/velden.md"
GLOSSARY = f"{TERM.site_folder}/index.md"
CONTRIBUTING = "bijdragen.md"


def entry_uri(entry: Entry[Any]) -> str:
    """Source path of an entry's page (MkDocs turns 'praktijk/voorlezen.md' into /praktijk/voorlezen/). Terms
    have no page of their own: they link to their place in the glossary."""
    if entry.kind is TERM:
        return f"{GLOSSARY}#{entry.id}"
    return f"{FOLDERS[entry.kind]}/{entry.id}.md"


def page_of(uri: str, number: int) -> str:
    """Page `number` (2, 3, …) of a long overview that is split into pages (paging.py), next to page 1 at the same
    depth, so relative links stay the same: 'praktijk/index.md' → 'praktijk/pagina_2.md', 'praktijk/op-effect.md'
    → 'praktijk/op-effect_pagina_2.md'. The underscore keeps them apart from entry pages: no id can hold one."""
    folder, _, name = uri.rpartition("/")
    stem = name.removesuffix(".md")
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}pagina_{number}.md" if stem == "index" else f"{prefix}{stem}_pagina_{number}.md"


REGIONS = "regio/index.md"
EXPLORE = "verkennen/index.md"


def region(province: str) -> str:
    return f"regio/{slugify(province)}.md"


def region_briefing(province: str) -> str:
    return f"regio/{slugify(province)}-briefing.md"


def asset(name: str) -> str:
    """Where one of our browser scripts lands: 'explore.js' → 'assets/kennisbank/explore.js'."""
    return f"assets/kennisbank/{name}"


def briefing_pdf(briefing_id: str) -> str:
    """Where the PDF of a briefing lands: a file, not a page."""
    return f"briefings/{briefing_id}.pdf"


def page_url(uri: str) -> str:
    """The address MkDocs gives a page source (directory URLs), relative to the site root: 'regio/groningen.md'
    → 'regio/groningen/', 'index.md' → '', 'begrippen/index.md#vve' → 'begrippen/#vve'. Other files keep their
    path ('data/praktijk.json')."""
    path, hash_mark, anchor = uri.partition("#")
    if path == "index.md" or path.endswith("/index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path.removesuffix(".md") + "/"
    return path + hash_mark + anchor


def entry_url(entry: Entry[Any]) -> str:
    """The address of an entry's page relative to the site root, as MkDocs publishes it: 'praktijk/voorlezen/';
    a term's place in the glossary: 'begrippen/#vve'. `absolute_entry` gives the full address."""
    return page_url(entry_uri(entry))


def site_root(site_url: str) -> str:
    """The site's address with exactly one trailing slash, so paths can be appended."""
    return site_url.rstrip("/") + "/"


def absolute(uri: str, site_url: str) -> str:
    """The full address of a page source or a file: '<site>/praktijk/voorlezen/', '<site>/data/alles.json'."""
    return site_root(site_url) + page_url(uri)


def absolute_entry(entry: Entry[Any], site_url: str) -> str:
    return absolute(entry_uri(entry), site_url)


# Open data: every file under one folder, named after the kind's folder on the site ('praktijk', 'lezen').
DATA_DIR = "data"
OPEN_DATA_PAGE = f"{DATA_DIR}/index.md"
"""The page that documents the files; it sits in the same folder, so its links to them are short."""
ALL_DATA = f"{DATA_DIR}/alles.json"
GEOJSON = f"{DATA_DIR}/initiatieven.geojson"
ATOM_FEED = f"{DATA_DIR}/feed.atom"
JSON_FEED = f"{DATA_DIR}/feed.json"


def data_json(kind: Kind[Any]) -> str:
    return f"{DATA_DIR}/{FOLDERS[kind]}.json"


def data_csv(kind: Kind[Any]) -> str:
    return f"{DATA_DIR}/{FOLDERS[kind]}.csv"


def data_schema(kind: Kind[Any]) -> str:
    return f"{DATA_DIR}/schema/{FOLDERS[kind]}.schema.json"


def html_href(from_uri: str, to_uri: str) -> str:
    """A relative link for raw HTML (which MkDocs does not rewrite): between the final page addresses."""
    return "../" * page_url(from_uri).count("/") + page_url(to_uri)


def relative(from_uri: str, to_uri: str) -> str:
    """A link from one page to another, relative like MkDocs wants links between Markdown sources. Up to the
    root and down again: cheaper than os.path.relpath, and pages are rendered by the thousand."""
    return "../" * from_uri.count("/") + to_uri
