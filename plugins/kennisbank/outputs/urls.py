"""Where every entry and overview lives on the site: the one place that knows the URL scheme."""

from __future__ import annotations

from typing import Any

from kennisbank.core.knowledge import Entry
from kennisbank.core.models import (
    COLLECTION,
    DOCUMENT,
    INITIATIVE,
    MEETUP,
    PRACTICE,
    READING,
    TERM,
    THEME,
    EntryModel,
    Kind,
)
from kennisbank.core.models.common import slugify

FOLDERS: dict[Kind[EntryModel], str] = {
    THEME: "themas",
    PRACTICE: "praktijk",
    READING: "lezen",
    INITIATIVE: "initiatieven",
    MEETUP: "meetups",
    COLLECTION: "verzamelingen",
    DOCUMENT: "bronnen",
    TERM: "begrippen",
}
"""URL folder (Dutch, as visitors see it) of each kind's pages."""

HOME = "index.md"
THEMES = "themas/index.md"
PRACTICES = "praktijk/index.md"
INITIATIVES = "initiatieven/index.md"
READING_LIST = "lezen/index.md"
SECTORS = "sectoren/index.md"
MEETUPS = "meetups/index.md"
COLLECTIONS = "verzamelingen/index.md"
PROVENANCE = "verantwoording/index.md"
PRACTICE_TABLES = {
    "effect": "praktijk/op-effect.md",
    "bewijskracht": "praktijk/op-bewijskracht.md",
    "kosten": "praktijk/op-kosten.md",
    "titel": "praktijk/op-titel.md",
}
"""The table of all practice cards, once per order (a static site: each order is its own page)."""
FIELDS = "bijdragen/velden.md"
GLOSSARY = "begrippen/index.md"
CONTRIBUTING = "bijdragen.md"


def entry_uri(entry: Entry[Any]) -> str:
    """Source path of an entry's page (MkDocs turns 'praktijk/voorlezen.md' into /praktijk/voorlezen/). Terms
    have no page of their own: they link to their place in the glossary."""
    if entry.kind is TERM:
        return f"{GLOSSARY}#{entry.id}"
    return f"{FOLDERS[entry.kind]}/{entry.id}.md"


REGIONS = "regio/index.md"
EXPLORE = "verkennen/index.md"


def region(province: str) -> str:
    return f"regio/{slugify(province)}.md"


def region_briefing(province: str) -> str:
    return f"regio/{slugify(province)}-briefing.md"


def briefing_pdf(briefing_id: str) -> str:
    """Where the PDF of a briefing lands: a file, not a page."""
    return f"briefings/{briefing_id}.pdf"


def page_url(uri: str) -> str:
    """The address MkDocs gives a page source: 'regio/groningen.md' → 'regio/groningen/'."""
    if uri == "index.md" or uri.endswith("/index.md"):
        return uri[: -len("index.md")]
    return uri.removesuffix(".md") + "/"


def entry_url(entry: Entry[Any]) -> str:
    """The address of an entry's page relative to the site root, as MkDocs publishes it: 'praktijk/voorlezen/';
    a term's place in the glossary: 'begrippen/#vve'. Prefix the site's address for an absolute one."""
    path, hash_mark, anchor = entry_uri(entry).partition("#")
    return page_url(path) + hash_mark + anchor


def html_href(from_uri: str, to_uri: str) -> str:
    """A relative link for raw HTML (which MkDocs does not rewrite): between the final page addresses."""
    return "../" * page_url(from_uri).count("/") + page_url(to_uri)


def relative(from_uri: str, to_uri: str) -> str:
    """A link from one page to another, relative like MkDocs wants links between Markdown sources. Up to the
    root and down again: cheaper than os.path.relpath, and pages are rendered by the thousand."""
    return "../" * from_uri.count("/") + to_uri
