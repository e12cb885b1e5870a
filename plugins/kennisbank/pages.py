"""KnowledgeBase → Markdown pages for the site, one function per page type, rendered from Jinja templates."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable

import jinja2

from .knowledge import Entry, KnowledgeBase
from .models import KIND_BY_NAME
from .models.common import SCHEME_LABELS, SECTOR_LABELS, Place
from .models.reading import MEDIA_LABELS
from .regions import PROVINCES
from .schema import field_docs, nested_models

URL_FOLDERS = {
    "theme": "themas",
    "practice": "praktijk",
    "reading": "lezen",
    "initiative": "initiatieven",
    "meetup": "meetups",
    "collection": "verzamelingen",
    "document": "bronnen",
}
SCOPE_LABELS = {"lokaal": "Lokaal", "regionaal": "Regionaal", "landelijk": "Landelijk", "internationaal": "Internationaal"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
SEARCH_BOOST = {"theme": 3, "practice": 2, "collection": 1.5}


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site as Markdown; `source` is the entry's file (for 'edit this page'), if any."""

    uri: str
    content: str
    source: str | None = None
    in_nav: bool = False


def entry_uri(entry: Entry) -> str:
    return f"{URL_FOLDERS[entry.kind.name]}/{entry.id}.md"


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def md_text(text: Any) -> str:
    """Plain text made safe inside Markdown link text and tables."""
    return re.sub(r"([\[\]|\\`*_])", r"\\\1", str(text)).replace("<", "&lt;")


def fill_region(text: str, region: str | None = None) -> str:
    return text.replace("{regio}", region or "jouw regio")


def _places(places: Iterable[Place]) -> str:
    return "; ".join(md_text(p.label) for p in places)


def _list_item(e: Entry) -> tuple[str, str]:
    d: Any = e.data
    title = md_text(e.title)
    if e.kind.name == "practice":
        return f"{d.number + ' ' if d.number else ''}**{title}**", f" — {d.summary}"
    if e.kind.name == "initiative":
        where = f": {_places(d.places)}" if d.places else ""
        return f"**{title}**", f" — {d.summary} *({SCOPE_LABELS[d.scope]}{where})*"
    if e.kind.name == "reading":
        makers = d.authors + ([d.outlet] if d.outlet else [])
        rest = f" — {md_text(', '.join(makers))}" if makers else ""
        return title, rest + (f" ({d.year})" if d.year else "")
    summary = getattr(d, "summary", None)
    return f"**{title}**", f" — {summary}" if summary else ""


class SiteRenderer:
    """Renders every page of the site from one KnowledgeBase; build it once per build."""

    def __init__(self, kb: KnowledgeBase, added: dict[str, dt.date] | None = None) -> None:
        self.kb = kb
        self.added = added or {}
        self._items: dict[str, tuple[str, str]] = {}
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("kennisbank", "templates"),
            autoescape=False,  # templates write Markdown; text is escaped with md_text where it needs it
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(md=md_text, region=fill_region, date=dutch_date, json=lambda v: json.dumps(v, ensure_ascii=False))
        self.env.globals.update(
            kb=kb, sector_labels=SECTOR_LABELS, scheme_labels=SCHEME_LABELS, media_labels=MEDIA_LABELS,
            scope_labels=SCOPE_LABELS, kinds=KIND_BY_NAME,
        )

    # -- shared helpers -------------------------------------------------------------------------
    def _render(self, template: str, uri: str, **context: Any) -> str:
        # Every page sits at most one folder deep, so a relative link is just '../' per level + target.
        prefix = "../" * uri.count("/")

        def link(target: Entry | str) -> str:
            return prefix + (entry_uri(target) if isinstance(target, Entry) else target)

        def entry_list(entries: Iterable[Entry]) -> str:
            lines = []
            for entry in entries:
                label, rest = self._item(entry)
                lines.append(f"- [{label}]({prefix}{entry_uri(entry)}){rest}")
            return "\n".join(lines)

        return self.env.get_template(template).render(link=link, entry_lines=entry_list, uri=uri, **context)

    def _item(self, entry: Entry) -> tuple[str, str]:
        """Link text and trailing text of an entry in a list, the same on every page: worked out once."""
        cached = self._items.get(entry.id)
        if cached is None:
            cached = self._items[entry.id] = _list_item(entry)
        return cached

    @cached_property
    def initiatives_by_practice(self) -> dict[str, list[Entry]]:
        return {p.id: self.kb.links_to(p.id, "initiative") for p in self.kb.of_kind("practice")}

    @cached_property
    def meetups_by_initiative(self) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = {}
        for meetup in self.kb.of_kind("meetup"):
            for initiative in self.region_initiatives(meetup):
                found.setdefault(initiative.id, []).append(meetup)
        return found

    def theme_initiatives(self, theme: Entry) -> list[Entry]:
        """Initiatives linked to the theme directly or through one of its practices."""
        found = {e.id: e for e in self.kb.links_to(theme.id, "initiative")}
        for practice in self.kb.links_to(theme.id, "practice"):
            for initiative in self.initiatives_by_practice.get(practice.id, []):
                found.setdefault(initiative.id, initiative)
        return sorted(found.values(), key=lambda e: e.title.casefold())

    @cached_property
    def _initiatives_by_area(self) -> dict[tuple[str, str | None], list[Entry]]:
        """Initiatives by (provincie, gemeente) and by (provincie, None), to find a region's ones quickly."""
        index: dict[tuple[str, str | None], list[Entry]] = {}
        for entry in self.kb.of_kind("initiative"):
            for place in entry.data.places:  # type: ignore[attr-defined]
                for key in ((place.provincie, place.gemeente), (place.provincie, None)):
                    bucket = index.setdefault(key, [])
                    if not bucket or bucket[-1] is not entry:
                        bucket.append(entry)
        return index

    def region_initiatives(self, meetup: Entry) -> list[Entry]:
        """Initiatives with a place in the meetup's region: a gemeente in it, or anywhere in a whole provincie."""
        found: dict[str, Entry] = {}
        for area in meetup.data.region.places:  # type: ignore[attr-defined]
            for entry in self._initiatives_by_area.get((area.provincie, area.gemeente), []):
                found.setdefault(entry.id, entry)
        return sorted(found.values(), key=lambda e: e.title.casefold())

    def reading_by_media(self, entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
        groups: dict[str, list[Entry]] = {}
        for entry in entries:
            groups.setdefault(entry.data.media_type, []).append(entry)  # type: ignore[attr-defined]
        return [(MEDIA_LABELS[key], sorted(groups[key], key=lambda e: e.title.casefold()))
                for key in MEDIA_LABELS if key in groups]

    def theme_reading(self, theme: Entry) -> list[Entry]:
        found = {e.id: e for e in self.kb.links_to(theme.id, "reading")}
        for practice in self.kb.links_to(theme.id, "practice"):
            for item in self.kb.links_to(practice.id, "reading"):
                found.setdefault(item.id, item)
        return list(found.values())

    def _page(self, template: str, uri: str, source: str | None = None, in_nav: bool = False, **context: Any) -> GeneratedPage:
        return GeneratedPage(uri, self._render(template, uri, **context), source, in_nav)

    # -- page types ---------------------------------------------------------------------------------
    def home(self) -> GeneratedPage:
        recent = sorted((e for e in self.kb.entries.values() if e.path in self.added and e.kind.name != "document"),
                        key=lambda e: (self.added[e.path], e.title), reverse=True)[:8]
        return self._page("home.md.j2", "index.md", in_nav=True, themes=self.kb.of_kind("theme"), recent=recent,
                          added=self.added)

    def theme(self, entry: Entry) -> GeneratedPage:
        return self._page("theme.md.j2", entry_uri(entry), entry.path, in_nav=True, entry=entry,
                          practices=self.kb.links_to(entry.id, "practice"),
                          reading=self.reading_by_media(self.theme_reading(entry)),
                          initiatives=self.theme_initiatives(entry),
                          meetups=self.kb.links_to(entry.id, "meetup"))

    def practice(self, entry: Entry) -> GeneratedPage:
        shown = {"theme", "initiative", "reading", "practice"}
        return self._page("practice.md.j2", entry_uri(entry), entry.path, entry=entry,
                          themes=self.kb.links_from(entry.id, "theme"),
                          initiatives=self.kb.links_to(entry.id, "initiative"),
                          reading=self.reading_by_media(self.kb.links_to(entry.id, "reading")),
                          related=self.kb.related(entry.id, "practice"),
                          mentioned=[e for e in self.kb.links_to(entry.id) if e.kind.name not in shown])

    def initiative(self, entry: Entry) -> GeneratedPage:
        practices = self.kb.links_from(entry.id, "practice")
        themes = {t.id: t for t in self.kb.links_from(entry.id, "theme")}
        for practice in practices:
            for theme in self.kb.links_from(practice.id, "theme"):
                themes.setdefault(theme.id, theme)
        meetups = self.meetups_by_initiative.get(entry.id, [])
        return self._page("initiative.md.j2", entry_uri(entry), entry.path, entry=entry, practices=practices,
                          themes=sorted(themes.values(), key=lambda t: t.data.order), meetups=meetups)  # type: ignore[attr-defined]

    def reading(self, entry: Entry) -> GeneratedPage:
        return self._page("reading.md.j2", entry_uri(entry), entry.path, entry=entry,
                          themes=self.kb.links_from(entry.id, "theme"),
                          practices=self.kb.links_from(entry.id, "practice"))

    def meetup(self, entry: Entry) -> GeneratedPage:
        themes = self.kb.links_from(entry.id, "theme")
        return self._page("meetup.md.j2", entry_uri(entry), entry.path, in_nav=True, entry=entry, themes=themes,
                          practices={t.id: self.kb.links_to(t.id, "practice") for t in themes},
                          initiatives=self.region_initiatives(entry))

    def sections(self, collection: Entry) -> list[tuple[Any, list[Entry]]]:
        return [(section, [self.kb.get(p) for p in section.practices])
                for section in collection.data.sections]  # type: ignore[attr-defined]

    def collection(self, entry: Entry) -> GeneratedPage:
        return self._page("collection.md.j2", entry_uri(entry), entry.path, in_nav=True, entry=entry,
                          sections=self.sections(entry), themes=self.kb.links_from(entry.id, "theme"))

    def document(self, entry: Entry) -> GeneratedPage:
        users = self.kb.links_to(entry.id)
        groups = [(KIND_BY_NAME[k].plural, [e for e in users if e.kind.name == k]) for k in KIND_BY_NAME]
        return self._page("document.md.j2", entry_uri(entry), entry.path, entry=entry,
                          groups=[(label, items) for label, items in groups if items])

    def overviews(self) -> list[GeneratedPage]:
        kb = self.kb
        practices_by_theme = [(t, kb.links_to(t.id, "practice")) for t in kb.of_kind("theme")]
        national = [e for e in kb.of_kind("initiative") if not e.data.places]  # type: ignore[attr-defined]
        by_province: dict[str, dict[str, list[Entry]]] = {}
        for entry in kb.of_kind("initiative"):
            for place in entry.data.places:  # type: ignore[attr-defined]
                town = place.gemeente or f"Heel {place.provincie}"
                bucket = by_province.setdefault(place.provincie, {}).setdefault(town, [])
                if entry not in bucket:
                    bucket.append(entry)
        provinces = [(p, sorted(by_province[p].items(), key=lambda kv: (kv[0].startswith("Heel "), kv[0].casefold())))
                     for p in PROVINCES if p in by_province]
        sectors = []
        for key, label in SECTOR_LABELS.items():
            groups = [(KIND_BY_NAME[k].plural, [e for e in kb.of_kind(k) if key in getattr(e.data, "sectors", [])])
                      for k in ("practice", "initiative", "reading")]
            if any(items for _, items in groups):
                sectors.append((key, label, groups))
        return [
            self._page("themes_index.md.j2", "themas/index.md", in_nav=True, themes=kb.of_kind("theme")),
            self._page("practices_index.md.j2", "praktijk/index.md", in_nav=True, groups=practices_by_theme,
                       collections=[(c, self.sections(c)) for c in kb.of_kind("collection")], total=len(kb.of_kind("practice"))),
            self._page("initiatives_index.md.j2", "initiatieven/index.md", in_nav=True, provinces=provinces,
                       national=national, total=len(kb.of_kind("initiative"))),
            self._page("reading_index.md.j2", "lezen/index.md", in_nav=True,
                       groups=self.reading_by_media(kb.of_kind("reading")), total=len(kb.of_kind("reading"))),
            self._page("sectors_index.md.j2", "sectoren/index.md", in_nav=True, sectors=sectors),
            self._page("meetups_index.md.j2", "meetups/index.md", in_nav=True, meetups=kb.of_kind("meetup")),
            self._page("collections_index.md.j2", "verzamelingen/index.md", in_nav=True,
                       collections=kb.of_kind("collection")),
            self._page("provenance.md.j2", "verantwoording/index.md", in_nav=True, documents=kb.of_kind("document")),
            self.field_reference(),
        ]

    def field_reference(self) -> GeneratedPage:
        kinds = [(kind, field_docs(kind.model), [(block.__name__, field_docs(block)) for block in nested_models(kind.model)])
                 for kind in KIND_BY_NAME.values()]
        return self._page("fields.md.j2", "bijdragen/velden.md", in_nav=True, kinds=kinds)

    def all_pages(self) -> list[GeneratedPage]:
        per_kind = {
            "theme": self.theme, "practice": self.practice, "initiative": self.initiative, "reading": self.reading,
            "meetup": self.meetup, "collection": self.collection, "document": self.document,
        }
        pages = [self.home(), *self.overviews()]
        for kind, render in per_kind.items():
            pages.extend(render(entry) for entry in self.kb.of_kind(kind))
        return pages


def render_site(kb: KnowledgeBase, added: dict[str, dt.date] | None = None) -> list[GeneratedPage]:
    """Every generated page of the site."""
    return SiteRenderer(kb, added).all_pages()


def navigation(kb: KnowledgeBase) -> dict[str, list[dict[str, str]]]:
    """Nav items per small kind, to expand `kennisbank://<kind>` markers in mkdocs.yml's nav."""
    return {kind: [{entry.title: entry_uri(entry)} for entry in kb.of_kind(kind)]
            for kind in ("theme", "meetup", "collection")}


def expand_nav(nav: Any, items: dict[str, list[dict[str, str]]]) -> Any:
    """Replace `kennisbank://theme` (etc.) in a MkDocs nav structure with the entries of that kind."""
    if isinstance(nav, list):
        expanded: list[Any] = []
        for item in nav:
            if isinstance(item, str) and item.startswith("kennisbank://"):
                expanded.extend(items.get(item.removeprefix("kennisbank://"), []))
            else:
                expanded.append(expand_nav(item, items))
        return expanded
    if isinstance(nav, dict):
        return {key: expand_nav(value, items) for key, value in nav.items()}
    return nav
