"""KnowledgeBase → Markdown pages: gathers each page's data through queries.py and renders its template.

Escaping is safe by construction: every `{{ … }}` in a template is plain text and is escaped for Markdown
and HTML on the way out (see `escape.markdown_text`), unless it is `Markup` made here on purpose: an entry's
checked Markdown body, a link to one of our own pages, a list of entries built with escaped parts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kennisbank.core import queries as q
from kennisbank.core import reads
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import COLLECTION, DOCUMENT, INITIATIVE, KINDS, MEETUP, PRACTICE, READING, THEME
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.initiative import CONTACT_LABELS, SCOPE_LABELS
from kennisbank.core.models.practice import AGE_GROUP_LABELS
from kennisbank.core.models.rating import SCHEME_LABELS, SCHEME_SHORT, SCHEMES
from kennisbank.core.models.reading import MEDIA_LABELS
from kennisbank.core.regions import PROVINCES, municipalities
from kennisbank.outputs.data.page import open_data_context

from . import escape, mapsvg, urls
from .briefing import Briefing, Briefings, fill_region, province_briefing_id, region_entries
from .compare import MAX_CARDS, SCRIPT
from .output import Output, fragment_placeholder
from .paging import fits, paginate
from .schema import field_docs, nested_models
from .template_cache import compiled_templates
from .text import cost, dutch_date, months, number_word, rating_summary, strength
from .zelfscan import scan_fragment


def _finalize(value: Any) -> Any:
    # Runs on every {{ … }}: plain values are escaped here; Markup is ours and passes as it is.
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape.markdown_text(value))


def _meta(value: Any) -> Markup:
    # The `meta` filter: escaped for the front matter, and Markup so _finalize leaves it as it is.
    return Markup(escape.front_matter(value))


def _join(values: Iterable[Any], separator: str = ", ") -> Markup:
    return Markup(separator.join(escape.markdown_text(v) for v in values))


def _code(name: str) -> Markup:
    """An identifier of ours (a field name) in a code span, where backslash escapes would show."""
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", name):
        raise ValueError(f"not an identifier: {name!r}")
    return Markup(f"`{name}`")


def _external(url: str, text: Any = None, emphasis: bool = False) -> Markup:
    """A link to another site as an HTML anchor with an encoded address: a URL can never leave its attribute
    the way it could leave Markdown's (...) link syntax."""
    label = escape.markdown_text(url if text is None else text)
    if emphasis:
        label = f"<em>{label}</em>"
    return Markup(f'<a href="{escape.markdown_href(url)}">{label}</a>')


@cache
def _environment() -> jinja2.Environment:
    """The page templates, compiled once per process: `serve` rebuilds without compiling them again. The
    environment holds nothing of a build (no knowledge base, no state), only templates, filters and labels."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kennisbank.outputs", "templates"),
        autoescape=True,  # macros then return Markup; _finalize escapes plain values for Markdown and HTML
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(region=fill_region, date=dutch_date, meta=_meta, join=_join,
                       code=_code, external=_external, months=months, number_word=number_word, strength=strength,
                       cost=cost)
    env.globals.update(sector_labels=SECTOR_LABELS, scheme_labels=SCHEME_LABELS, scheme_short=SCHEME_SHORT,
                       schemes=SCHEMES, media_labels=MEDIA_LABELS, scope_labels=SCOPE_LABELS,
                       contact_labels=CONTACT_LABELS, age_group_labels=AGE_GROUP_LABELS,
                       urls=urls)  # templates name their link targets (urls.PRACTICES), never spell paths
    return env


RECENT_NAMED = 5
"""Entries of one kind and day that the home page names; for more it says how many more there are."""


def use_template_cache(cache_dir: Path | None) -> None:
    """Keep the page templates' compiled code in the project's cache folder (None: in memory only)."""
    _environment().bytecode_cache = compiled_templates(cache_dir / "templates" if cache_dir is not None else None)


class SiteRenderer:
    """Renders every page of the site from one KnowledgeBase; build it once per build."""

    def __init__(self, kb: KnowledgeBase, added: Mapping[str, dt.date] | None = None, *, pdfs: bool = False,
                 today: dt.date | None = None, briefings: Briefings | None = None, site_url: str = "/",
                 repo_url: str = urls.REPO_URL) -> None:
        self.kb = kb
        self.site_url = site_url  # for the page address a correction form is opened with
        self.repo_url = repo_url  # where the issue forms are
        self.briefings = briefings or Briefings(kb)
        self.added = dict(added or {})
        self.pdfs = pdfs  # whether briefing PDFs are built, so pages may link to them
        self.today = today  # the reference day for "past" meetups: a commit date, never the clock
        # Kept for the pages after the first that need them, with the reads they made (core/reads.py).
        self._items: dict[str, tuple[tuple[str, str], frozenset[reads.Read]]] = {}
        self._sectors: dict[str, tuple[tuple[list[Output], dict[str, str]], frozenset[reads.Read]]] = {}
        self.env = _environment()

    # -- shared helpers -------------------------------------------------------------------------
    def _render(self, template: str, uri: str, **context: Any) -> str:
        def link(target: Entry[Any] | str) -> Markup:
            return Markup(urls.relative(uri, urls.entry_uri(target) if isinstance(target, Entry) else target))

        def entry_list(entries: Iterable[Entry[Any]]) -> Markup:
            prefix = "../" * uri.count("/")
            lines = []
            for entry in entries:
                label, rest = self._item(entry)
                lines.append(f"- [{label}]({prefix}{urls.entry_uri(entry)}){rest}")
            return Markup("\n".join(lines))

        return self.env.get_template(template).render(link=link, entry_lines=entry_list, uri=uri, **context)

    def _item(self, entry: Entry[Any]) -> tuple[str, str]:
        """Link text and trailing text of an entry in a list, the same on every page: worked out once."""
        return reads.remember(self._items, entry.id, lambda: _list_item(entry))

    def _contribute(self, uri: str, title: str, *, initiative: Mapping[str, str] | None = None,
                    reading: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """(link text, address) of the issue forms that fit a page, with what the page knows filled in: the
        card an initiative or tip belongs with, the provincie, and for a correction the page itself."""
        links = []
        if initiative is not None:
            links.append(("Meld een initiatief", urls.issue_form(self.repo_url, urls.INITIATIVE_FORM, **initiative)))
        if reading is not None:
            links.append(("Stel een leestip voor", urls.issue_form(self.repo_url, urls.READING_FORM, **reading)))
        links.append(("Meld een fout of aanvulling", urls.issue_form(
            self.repo_url, urls.CORRECTION_FORM, title=f"Fout of aanvulling: {escape.one_line(title)}",
            pagina=urls.absolute(uri, self.site_url))))
        return links

    def _page(self, template: str, uri: str, entry: Entry[Any] | None = None, in_nav: bool = False,
              fragments: Mapping[str, str] | None = None, **context: Any) -> Output:
        if entry is not None:
            context.update(entry=entry, body=Markup(entry.body.strip()),
                           provenance=q.provenance_of(self.kb, entry))
        context["fragment"] = lambda name: Markup(fragment_placeholder(name))
        return Output(uri, self._render(template, uri, **context), source=entry.path if entry else None,
                      in_nav=in_nav, fragments=dict(fragments or {}))

    # -- page types ---------------------------------------------------------------------------------
    def home(self) -> Output:
        kb = self.kb
        themes = [(t, len(q.practices_of_theme(kb, t))) for t in kb.of_kind(THEME)]
        counts = {kind.name: len(kb.of_kind(kind)) for kind in KINDS}
        return self._page("home.md.j2", urls.HOME, in_nav=True, themes=themes, counts=counts,
                          recent=[(day, len(entries), q.group_by_kind(entries)) for day, entries in q.added_by_day(kb, self.added)],
                          named=RECENT_NAMED,
                          table=urls.PRACTICE_TABLES["effect"], glossary=urls.GLOSSARY)

    def theme(self, entry: Entry[Any]) -> Output:
        kb = self.kb
        uri = urls.entry_uri(entry)
        return self._page("theme.md.j2", uri, entry, in_nav=True,
                          contribute=self._contribute(uri, entry.title, initiative={}, reading={}),
                          practices=q.practices_of_theme(kb, entry),
                          reading=q.reading_by_media(q.reading_for_theme(kb, entry)),
                          initiatives=q.initiatives_per_province(q.initiatives_for_theme(kb, entry)),
                          meetups=q.meetups_of_theme(kb, entry))

    def practice(self, entry: Entry[Any]) -> Output:
        kb = self.kb
        uri = urls.entry_uri(entry)
        return self._page("practice.md.j2", uri, entry,
                          contribute=self._contribute(uri, entry.title, initiative={"praktijkkaarten": entry.id},
                                                      reading={"praktijkkaarten": entry.id}),
                          themes=q.themes_of_practice(kb, entry),
                          initiatives=q.initiatives_for_practice(kb, entry),
                          reading=q.reading_by_media(q.reading_for_practice(kb, entry)),
                          related=q.related_practices(kb, entry),
                          mentioned=q.practice_mentions(kb, entry),
                          disagreement="; ".join(
                              f"{label}: " + ", ".join(f"{SCHEME_SHORT[scheme]} {value}" for scheme, value in values)
                              for label, values in q.rating_disagreements(entry)))

    def initiative(self, entry: Entry[Any]) -> Output:
        kb = self.kb
        contact = entry.data.contact
        uri = urls.entry_uri(entry)
        return self._page("initiative.md.j2", uri, entry, contribute=self._contribute(uri, entry.title),
                          contact_source=kb.get_of_kind(contact.source.document, DOCUMENT)
                          if contact and contact.source else None,
                          practices=q.practices_of_initiative(kb, entry),
                          themes=q.themes_of_initiative(kb, entry),
                          meetups=q.meetups_near_initiative(kb, entry),
                          named_by=[m for m in q.meetups_naming_initiative(kb, entry)
                                    if m not in q.meetups_near_initiative(kb, entry)])

    def reading(self, entry: Entry[Any]) -> Output:
        kb = self.kb
        uri = urls.entry_uri(entry)
        return self._page("reading.md.j2", uri, entry, contribute=self._contribute(uri, entry.title),
                          linked=kb.links_from(entry.id, THEME) + kb.links_from(entry.id, PRACTICE))

    def meetup(self, entry: Entry[Any]) -> Output:
        return self._briefing_page(self.briefings.meetup(entry), urls.entry_uri(entry), entry)

    def _briefing_page(self, b: Briefing, uri: str, entry: Entry[Any] | None = None) -> Output:
        places = "; ".join(p.label for p in b.places)
        # A meetup in one provincie: an initiative reported from its briefing is most likely from there.
        province = {"provincie": b.provinces[0]} if len(b.provinces) == 1 else {}
        return self._page("briefing.md.j2", uri, entry, in_nav=entry is not None, b=b,
                          contribute=self._contribute(uri, b.title, initiative=province),
                          region_label=b.region if places in ("", b.region) else f"{b.region} ({places})",
                          demote=demote_headings, pdf=urls.briefing_pdf(b.id) if self.pdfs else None,
                          region_page=urls.region(b.provinces[0]) if b.provinces else urls.REGIONS,
                          past=entry is not None and entry in q.meetups_by_time(self.kb, self.today)[1])

    def _explore(self) -> Output:
        """The explore page: filters and sorting in the browser (explore.js reads search/explore.json), and
        the static lists by theme, sector, age group and provincie for whoever has no JavaScript. Its form controls are
        our own markup, so the page skips the sanitiser; every value in it is escaped by the templates."""
        kb = self.kb
        context: dict[str, Any] = dict(
            root=Markup("../"),
            compare=Markup(urls.html_href(urls.EXPLORE, urls.COMPARE) + f"?{urls.COMPARE_CARDS}="),
            scripts=[urls.asset("explore.js")],  # only this page loads it (docs/overrides/main.html)
            themes=[(t, q.practices_of_theme(kb, t)) for t in kb.of_kind(THEME)],
            sectors=q.entries_by_sector(kb), sector_pages=self._sectors_pages()[1], sectors_page=urls.SECTORS,
            ages=q.practices_by_age_group(kb),
            provinces=[(p, urls.region(p), len(region_entries(kb, p)["initiatives"])) for p in PROVINCES])
        page = self._page("explore.md.j2", urls.EXPLORE, in_nav=True, listed=True, **context)
        if len(paginate(page)[0]) > 1:  # too many cards to list on one page: the themes link to their lists instead
            page = self._page("explore.md.j2", urls.EXPLORE, in_nav=True, listed=False, **context)
        return Output(page.path, page.content, sanitise=False, in_nav=True)

    def _compare(self) -> Output:
        """The compare page: two to four cards side by side, drawn in the browser (compare.js reads the data of
        outputs/compare.py), and a list of every card for whoever has no JavaScript. Its form controls are our own
        markup, so the page skips the sanitiser; every value in it is escaped by the template."""
        cards = q.by_title(self.kb.of_kind(PRACTICE))
        page = self._compare_page(cards, listed=True)
        if not fits(page):  # too many cards for one page (a form is never split): the table pages list them
            page = self._compare_page(cards, listed=False)
        return Output(page.path, page.content, sanitise=False, in_nav=True)

    def _compare_page(self, cards: list[Entry[Any]], *, listed: bool) -> Output:
        return self._page("compare.md.j2", urls.COMPARE, in_nav=True, cards=cards, listed=listed,
                          data=Markup(urls.html_href(urls.COMPARE, urls.COMPARE_DATA)),
                          root=Markup(urls.html_href(urls.COMPARE, urls.HOME)),
                          max_cards=MAX_CARDS, scripts=[urls.asset(SCRIPT)],  # only this page loads it
                          table=urls.PRACTICE_TABLES["effect"], explore=urls.EXPLORE,
                          table_href=Markup(urls.html_href(urls.COMPARE, urls.PRACTICE_TABLES["effect"])),
                          explore_href=Markup(urls.html_href(urls.COMPARE, urls.EXPLORE)))

    def _country_map(self) -> str:
        counts = {p: len(region_entries(self.kb, p)["initiatives"]) for p in PROVINCES}
        links = {p: urls.html_href(urls.INITIATIVES, urls.region(p)) for p in PROVINCES}
        return mapsvg.figure(mapsvg.province_map(counts, links, "Kaart: initiatieven per provincie"),
                             "Kies een provincie voor haar initiatieven.")

    def _province_map(self, province: str, anchors: Mapping[str, str], page: str) -> str:
        """The map of a provincie: each gemeente links to its heading, on `page` or on the page (`anchors`) of a
        region page split into several that holds it."""
        towns = region_entries(self.kb, province)["towns"]
        known = municipalities()
        codes = {known[town].code: len(entries) for town, entries in towns if town in known}

        def href(code: str) -> str:
            target = anchors.get(code.lower(), page)
            return ("" if target == page else urls.html_href(page, target)) + "#" + code.lower()

        return mapsvg.figure(mapsvg.municipality_map(province, codes, {code: href(code) for code in codes},
                                                     f"Kaart: gemeenten met initiatieven in {province}"))

    def _region(self, province: str) -> list[Output]:
        """A provincie's page, split into pages when long; its map links to the pages its gemeenten landed on."""
        page = self._page("region.md.j2", urls.region(province), province=province,
                          contribute=self._contribute(urls.region(province), province,
                                                      initiative={"provincie": province}),
                          fragments={"kaart": ""},
                          codes={town: municipalities()[town].code.lower()
                                 for town, _entries in region_entries(self.kb, province)["towns"]
                                 if town in municipalities()},
                          briefing=urls.region_briefing(province),
                          pdf=urls.briefing_pdf(province_briefing_id(province)) if self.pdfs else None,
                          **region_entries(self.kb, province))
        parts, anchors = paginate(page)
        return [replace(part, fragments={name: self._province_map(province, anchors, part.path)
                                         for name in part.fragments}) for part in parts]

    def _sectors_pages(self) -> tuple[list[Output], dict[str, str]]:
        """The overview per sector (made once: the explore page links to the page that holds each sector)."""
        return reads.remember(self._sectors, urls.SECTORS, lambda: paginate(self._page(
            "sectors_index.md.j2", urls.SECTORS, in_nav=True, sectors=q.entries_by_sector(self.kb),
            ages=q.practices_by_age_group(self.kb))))

    def _regions_index(self) -> Output:
        return self._page("regions_index.md.j2", urls.REGIONS, in_nav=True,
                          provinces=[(p, urls.region(p), len(region_entries(self.kb, p)["initiatives"]))
                                     for p in PROVINCES])

    def zelfscan(self) -> Output:
        """The self-scan page: zelfscan.js builds the form and the results from the data in its fragment; the
        static lists (each statement with its theme, reason and cards) are for whoever has no JavaScript."""
        kb = self.kb
        scans = [(scan, q.scan_statements(kb, scan)) for scan in q.scans(kb)]
        sources = [(kb.get_of_kind(p.document, DOCUMENT), p.lines)
                   for scan, _ in scans for s in scan.data.statements for p in s.provenance]
        return self._page("zelfscan.md.j2", urls.ZELFSCAN, in_nav=True, scans=scans, sources=sources,
                          scripts=[urls.asset("zelfscan.js")],  # only this page loads it (docs/overrides/main.html)
                          fragments={"zelfscan": scan_fragment(kb)})

    def collection(self, entry: Entry[Any]) -> Output:
        return self._page("collection.md.j2", urls.entry_uri(entry), entry, in_nav=True,
                          sections=q.collection_sections(self.kb, entry),
                          themes=q.collection_themes(self.kb, entry))

    def document(self, entry: Entry[Any]) -> Output:
        return self._page("document.md.j2", urls.entry_uri(entry), entry,
                          groups=q.group_by_kind(q.users_of_document(self.kb, entry)))

    def overviews(self) -> list[Output]:
        """The overview pages; the long ones split into pages (paging.py). The glossary is never split: every
        page links its terms to their anchors there."""
        kb = self.kb
        upcoming, past = q.meetups_by_time(kb, self.today)
        groups, collections, others = q.practices_for_index(kb)
        lists = [
            self._page("themes_index.md.j2", urls.THEMES, in_nav=True, themes=kb.of_kind(THEME)),
            self._page("practices_index.md.j2", urls.PRACTICES, in_nav=True,
                       groups=groups, collections=collections, others=others,
                       total=len(kb.of_kind(PRACTICE)), table=urls.PRACTICE_TABLES["effect"]),
            *[self._practice_table(order, path) for order, path in urls.PRACTICE_TABLES.items()],
            self._page("initiatives_index.md.j2", urls.INITIATIVES, in_nav=True, fragments={"kaart": self._country_map()},
                       contribute=self._contribute(urls.INITIATIVES, "Initiatieven", initiative={}),
                       provinces=q.initiatives_once_by_province(kb), national=q.national_initiatives(kb),
                       unplaced=q.unplaced_initiatives(kb),
                       total=len(kb.of_kind(INITIATIVE))),
            self._page("reading_index.md.j2", urls.READING_LIST, in_nav=True,
                       contribute=self._contribute(urls.READING_LIST, "Lezen, kijken, luisteren", reading={}),
                       groups=q.reading_by_media(kb.of_kind(READING)), total=len(kb.of_kind(READING))),
            self._page("meetups_index.md.j2", urls.MEETUPS, in_nav=True, regions=urls.REGIONS, upcoming=upcoming,
                       past=past),
            self._page("collections_index.md.j2", urls.COLLECTIONS, in_nav=True, collections=kb.of_kind(COLLECTION)),
            self._page("provenance.md.j2", urls.PROVENANCE, in_nav=True,
                       documents=[(d, q.users_of_document(kb, d)) for d in kb.of_kind(DOCUMENT)]),
        ]
        lists.append(self._page("toolkits.md.j2", urls.TOOLKITS))  # short, and linked from every rated card
        return [
            *[part for page in lists for part in paginate(page)[0]],
            *self._sectors_pages()[0],
            self.contributing(),
            self.accessibility(),
            self.field_reference(),
            self._page("glossary.md.j2", urls.GLOSSARY, in_nav=True, terms=q.glossary(kb)),
            self._page("open_data.md.j2", urls.OPEN_DATA_PAGE, in_nav=True, **open_data_context(kb)),
            self._compare(),
        ]

    def _practice_table(self, order: str, path: str) -> Output:
        """The table of all cards in one order, a form whose ticked cards go to the compare page. Its checkboxes
        are our own markup, so the page skips the sanitiser; it holds no entry body, and every value in it is
        escaped by the template."""
        kb = self.kb
        page = self._page("practices_table.md.j2", path, order=order, orders=urls.PRACTICE_TABLES,
                          practices=[(p, q.themes_of_practice(kb, p)) for p in q.practices_ordered(kb, order)],
                          compare=Markup(urls.html_href(path, urls.COMPARE)), card_param=urls.COMPARE_CARD,
                          max_cards=MAX_CARDS)
        return Output(page.path, page.content, sanitise=False)

    def contributing(self) -> Output:
        """Bijdragen: the issue forms first, then how to add a file yourself."""
        return self._page("contributing.md.j2", urls.CONTRIBUTING, in_nav=True, forms={
            "initiative": urls.issue_form(self.repo_url, urls.INITIATIVE_FORM),
            "reading": urls.issue_form(self.repo_url, urls.READING_FORM),
            "correction": urls.issue_form(self.repo_url, urls.CORRECTION_FORM)})

    def accessibility(self) -> Output:
        """The toegankelijkheidsverklaring; a problem is reported through the correction form."""
        return self._page("accessibility.md.j2", urls.ACCESSIBILITY, in_nav=True,
                          report=urls.issue_form(self.repo_url, urls.CORRECTION_FORM, title="Toegankelijkheid: "))

    def field_reference(self) -> Output:
        kinds = [(kind, field_docs(kind.model), [(block.__name__, field_docs(block))
                                                 for block in nested_models(kind.model)])
                 for kind in KINDS]
        return self._page("fields.md.j2", urls.FIELDS, in_nav=True, kinds=kinds)

    def jobs(self) -> dict[str, Callable[[], list[Output]]]:
        """Every page of the site, in named parts that can be made one by one: a rebuild makes again only the
        parts whose reads an edit changed (outputs/build.py). Names are stable from build to build."""
        per_kind: dict[Any, Callable[[Entry[Any]], Output]] = {
            THEME: self.theme, PRACTICE: self.practice, INITIATIVE: self.initiative, READING: self.reading,
            MEETUP: self.meetup, COLLECTION: self.collection, DOCUMENT: self.document,
        }
        jobs: dict[str, Callable[[], list[Output]]] = {"home": lambda: [self.home()], "overviews": self.overviews}
        for province in PROVINCES:  # a page per provincie (initiatives by gemeente, meetups, cards) and its briefing
            jobs[f"regio:{province}"] = partial(self._region, province)
            jobs[f"briefing:{province}"] = partial(self._province_briefing, province)
        jobs["verkennen"] = lambda: [self._explore()]
        jobs["regio's"] = lambda: [self._regions_index()]
        jobs["zelfscan"] = lambda: [self.zelfscan()]
        for kind in KINDS:
            if kind in per_kind:  # terms live on the glossary page, not on pages of their own
                for entry in self.kb.of_kind(kind):
                    # A briefing (a meetup's page) holds every card of its themes in full: at thousands of entries
                    # it is split too. Other entry pages are far below the budget and come back as they are.
                    jobs[f"{kind.name}:{entry.id}"] = partial(lambda make, e: paginate(make(e))[0],
                                                              per_kind[kind], entry)
        return jobs

    def _province_briefing(self, province: str) -> list[Output]:
        return paginate(self._briefing_page(self.briefings.province(province), urls.region_briefing(province)))[0]

    def all_pages(self) -> list[Output]:
        return [page for job in self.jobs().values() for page in job()]


def _list_item(e: Entry[Any]) -> tuple[str, str]:
    """(link text, text after the link) of an entry in a list, both escaped Markdown."""
    d: Any = e.data
    title = escape.markdown_text(e.title)
    if e.kind is PRACTICE:
        number = f"{escape.markdown_text(d.number)} " if d.number else ""
        return f"{number}**{title}**", f" — {escape.markdown_text(d.summary)}{_rating_note(d.ratings)}"
    if e.kind is INITIATIVE:
        where = (f": {escape.markdown_text('; '.join(p.label for p in d.places))}" if d.places
                 else ": plaats onbekend" if d.unplaced else "")
        return f"**{title}**", f" — {escape.markdown_text(d.summary)} *({SCOPE_LABELS[d.scope]}{where})*"
    if e.kind is READING:
        makers = [*d.authors, *([d.outlet] if d.outlet else [])]
        rest = f" — {escape.markdown_text(', '.join(makers))}" if makers else ""
        return title, rest + (f" ({d.year})" if d.year else "")
    summary = getattr(d, "summary", None)
    return f"**{title}**", f" — {escape.markdown_text(summary)}" if summary else ""


def _rating_note(ratings: list[Any]) -> str:
    """A card's first rating in a list, in italics: ' *(EEF: +6 maanden, bewijskracht 3 van 5, kosten 1 van 5)*'."""
    summary = rating_summary(ratings)
    return f" *({summary})*" if summary else ""


def glossary_meanings(kb: KnowledgeBase) -> dict[str, str]:
    """Every form of every glossary term with its meaning (one line of plain text), for the tooltips."""
    return {form: escape.one_line(term.data.meaning) for term in q.glossary(kb) for form in term.data.marked}


def render_site(kb: KnowledgeBase, added: Mapping[str, dt.date] | None = None, *, pdfs: bool = False,
                today: dt.date | None = None, briefings: Briefings | None = None, site_url: str = "/",
                repo_url: str = urls.REPO_URL) -> list[Output]:
    """Every generated page of the site."""
    return SiteRenderer(kb, added, pdfs=pdfs, today=today, briefings=briefings, site_url=site_url,
                        repo_url=repo_url).all_pages()


_NESTED_ABBR = re.compile(r'<abbr title="[^"]*">(<abbr title="[^"]*">[^<]*</abbr>)</abbr>')


def unnest_abbreviations(html_text: str) -> str:
    """An <abbr> written in a body also gets the glossary's tooltip around it; keep the author's one only."""
    return _NESTED_ABBR.sub(r"\1", html_text)


_HEADING_LINE = re.compile(r"^(#{1,6})(?=\s)", re.M)


def demote_headings(markdown: str, parent: int) -> Markup:
    """Entry Markdown placed under a heading of level `parent` (the template says which): its headings are
    renumbered so the body's top level sits one below the parent, the levels between them kept, never beyond h6."""
    text = markdown.strip()
    levels = [len(m.group(1)) for m in _HEADING_LINE.finditer(text)]
    if not levels:
        return Markup(text)
    shift = parent + 1 - min(levels)
    return Markup(_HEADING_LINE.sub(lambda m: "#" * min(len(m.group(1)) + shift, 6), text))


def navigation(kb: KnowledgeBase) -> dict[str, list[dict[str, str]]]:
    """Nav items per small kind, to expand `kennisbank://<kind>` markers in mkdocs.yml's nav. The theme puts
    nav titles into HTML as they are, so they are escaped here."""
    return {kind.name: [{escape.html_text(entry.title): urls.entry_uri(entry)} for entry in kb.of_kind(kind)]
            for kind in (THEME, MEETUP, COLLECTION)}


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
