"""New and changed entries, newest first, as an Atom feed and a JSON Feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from kennisbank.core.history import History
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import DOCUMENT, KINDS
from kennisbank.outputs import urls
from kennisbank.outputs.escape import script_json, xml_legal
from kennisbank.outputs.jsonld import LICENSE_URL, SITE_NAME
from kennisbank.outputs.output import Output

from .json import ATTRIBUTION, LICENSE_NAME

FEED_LIMIT = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_KINDS = tuple(kind for kind in KINDS if kind is not DOCUMENT)
"""Source documents are background for the provenance page, not news; the home page leaves them out too."""


@dataclass(frozen=True)
class FeedItem:
    entry: Entry[Any]
    url: str
    published: dt.date | None
    updated: dt.date

    @property
    def is_new(self) -> bool:
        return self.published is None or self.published == self.updated

    @property
    def summary(self) -> str:
        """'Nieuwe praktijkkaart. <summary>' or 'Bijgewerkt initiatief. <summary>': Dutch adjectives agree
        with the kind's gender."""
        kind = self.entry.kind
        word = ("Nieuw" if self.is_new else "Bijgewerkt") + ("" if kind.neuter else "e")
        text = getattr(self.entry.data, "summary", None) or getattr(self.entry.data, "meaning", None)
        return f"{word} {kind.label}." + (f" {text}" if text else "")


def feed_items(kb: KnowledgeBase, history: History, site_url: str, limit: int = FEED_LIMIT) -> list[FeedItem]:
    """New and changed entries, newest first; entries without any date are left out (no date, no news)."""
    kind_order = {kind: index for index, kind in enumerate(KINDS)}
    items = []
    for kind in FEED_KINDS:
        for entry in kb.of_kind(kind):
            published = history.added.get(entry.path)
            updated = history.changed.get(entry.path) or published
            if updated is None:
                continue
            items.append(FeedItem(entry, urls.absolute_entry(entry, site_url), published, updated))
    items.sort(key=lambda i: (-i.updated.toordinal(), kind_order[i.entry.kind], i.entry.title.casefold(), i.entry.id))
    return items[:limit]


def _timestamp(day: dt.date) -> str:
    """RFC 3339, which both feed formats require: commits are dated by day, so midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


FEED_TITLE = f"{SITE_NAME}: nieuw en bijgewerkt"
FEED_DESCRIPTION = "Nieuwe en gewijzigde praktijkkaarten, initiatieven, tips, meetups en begrippen uit de kennisbank."


def atom_feed(items: list[FeedItem], site_url: str, latest: dt.date | None) -> bytes:
    """An Atom 1.0 feed (RFC 4287), built as an element tree: every text is escaped by the serialiser."""
    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        if text is not None:
            element.text = xml_legal(text)  # ElementTree escapes markup, but not what XML forbids
        return element

    root = urls.site_root(site_url)
    # Tags without a prefix and the Atom namespace as the default: ElementTree's own default_namespace option
    # refuses unprefixed attributes (rel, href), which Atom needs.
    feed = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: "nl"})
    sub(feed, "id", root + urls.ATOM_FEED)
    sub(feed, "title", FEED_TITLE)
    sub(feed, "subtitle", FEED_DESCRIPTION)
    newest = items[0].updated if items else latest
    sub(feed, "updated", _timestamp(newest or dt.date(1970, 1, 1)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=root + urls.ATOM_FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=root)
    author = sub(feed, "author")
    sub(author, "name", ATTRIBUTION)
    sub(author, "uri", root)
    sub(feed, "rights", f"Teksten onder {LICENSE_NAME} ({LICENSE_URL}), naamsvermelding: {ATTRIBUTION}")
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", item.url)  # the page's address: the same entry when it changes again, as Atom wants
        sub(entry, "title", item.entry.title, type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        if item.published is not None:
            sub(entry, "published", _timestamp(item.published))
        sub(entry, "updated", _timestamp(item.updated))
        sub(entry, "category", term=item.entry.kind.name, label=item.entry.kind.label)
        sub(entry, "summary", item.summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(items: list[FeedItem], site_url: str) -> dict[str, Any]:
    """A JSON Feed 1.1: the same items as the Atom feed."""
    root = urls.site_root(site_url)
    feed_items_data = []
    for item in items:
        data: dict[str, Any] = {
            "id": item.url,
            "url": item.url,
            "title": item.entry.title,
            "summary": item.summary,
            "content_text": item.summary,  # an item needs content_text or content_html; text needs no sanitising
            "date_modified": _timestamp(item.updated),
            "tags": [item.entry.kind.label],
        }
        if item.published is not None:
            data["date_published"] = _timestamp(item.published)
        feed_items_data.append(data)
    return {
        "version": JSON_FEED_VERSION,
        "title": FEED_TITLE,
        "description": FEED_DESCRIPTION,
        "home_page_url": root,
        "feed_url": root + urls.JSON_FEED,
        "language": "nl",
        "authors": [{"name": ATTRIBUTION, "url": root}],
        "items": feed_items_data,
    }


def feed_outputs(kb: KnowledgeBase, history: History, site_url: str) -> list[Output]:
    """data/feed.atom and data/feed.json, with the same items."""
    items = feed_items(kb, history, site_url)
    return [
        Output(urls.ATOM_FEED, atom_feed(items, site_url, history.latest)),
        Output(urls.JSON_FEED, script_json(json_feed(items, site_url), indent=2) + "\n"),
    ]
