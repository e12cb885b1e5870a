"""Where everything lives on the site, relative and absolute: pages, data files, briefings. The one place that
knows the URL scheme; templates and every output name their targets through it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from kennisbank.core.knowledge import Entry
from kennisbank.core.models import (
    COLLECTION,
    INITIATIVE,
    KINDS,
    MEETUP,
    PRACTICE,
    READING,
    SCAN,
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
TOOLKITS = "toolkits/index.md"
"""How each toolkit counts (effect, evidence, cost) and where the figures on the cards come from: a page of its
own, so that it never lands on a later page of the long provenance page."""
"""The part of the provenance page that explains each toolkit's scales and caveats."""
PRACTICE_TABLES = {order: f"{PRACTICE.site_folder}/op-{order}.md" for order in ("effect", "bewijskracht", "kosten", "titel")}
"""The table of all practice cards, once per order (a static site: each order is its own page)."""
FIELDS = "bijdragen/velden.md"
GLOSSARY = f"{TERM.site_folder}/index.md"
CONTRIBUTING = "bijdragen.md"
ACCESSIBILITY = "toegankelijkheid.md"
"""The toegankelijkheidsverklaring (accessibility statement), linked from the Over page and the footer."""
ZELFSCAN = f"{SCAN.site_folder}/index.md"
"""The self-scan page: every scan (one per role) on one page, where visitors choose a role and a sector."""


def entry_uri(entry: Entry[Any]) -> str:
    """Source path of an entry's page (MkDocs turns 'praktijk/voorlezen.md' into /praktijk/voorlezen/). Terms
    have no page of their own: they link to their place in the glossary; scans to theirs on the self-scan page."""
    if entry.kind is TERM:
        return f"{GLOSSARY}#{entry.id}"
    if entry.kind is SCAN:
        return f"{ZELFSCAN}#{entry.id}"
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
COMPARE = "vergelijk/index.md"
COMPARE_DATA = "vergelijk/kaarten.json"
"""The compare page's data (outputs/compare.py), next to the page so the page fetches it as 'kaarten.json'."""
COMPARE_CARDS = "kaarten"
COMPARE_PROVINCE = "provincie"
"""The parameters of the compare page's state (assets/compare.js): '?kaarten=a,b,c&provincie=utrecht'."""
COMPARE_CARD = "kaart"
"""The field of the form on the table of all cards, once per ticked card (?kaart=a&kaart=b): compare.js reads it
as well and rewrites the address to COMPARE_CARDS."""


def compare(card_ids: tuple[str, ...] = ()) -> str:
    """The compare page with these cards chosen, as a page source for a Markdown link: 'vergelijk/index.md?kaarten=a'."""
    return f"{COMPARE}?{COMPARE_CARDS}={','.join(card_ids)}" if card_ids else COMPARE


def region(province: str) -> str:
    return f"regio/{slugify(province)}.md"


def region_briefing(province: str) -> str:
    return f"regio/{slugify(province)}-briefing.md"


def asset(name: str) -> str:
    """Where one of our browser scripts lands: 'explore.js' → 'assets/kennisbank/explore.js'."""
    return f"assets/kennisbank/{name}"


SEARCH_INDEX = "search/index.json"
"""The search's manifest: fetched when the search box is first used; it names the files below."""
SEARCH_WORDS = "search/woorden.json"
"""The words of the titles, for 'bedoelde je …?' when nothing is found."""


def search_shard(number: str) -> str:
    """One shard of the search's postings (consecutive index terms): 'search/termen/12.json'."""
    return f"search/termen/{number}.json"


def search_cards(number: str) -> str:
    """One file of result cards (title, address, kind, summary of a few entries): 'search/kaarten/3.json'."""
    return f"search/kaarten/{number}.json"


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
    """The JSON Schema of one record of a kind (an item), which the schema of its file refers to."""
    return f"{DATA_DIR}/schema/{FOLDERS[kind]}.schema.json"


def data_file_schema(path: str) -> str:
    """The JSON Schema of a whole data file, named after it: 'data/praktijk.json' → 'data/schema/praktijk.json.schema.json'."""
    return f"{DATA_DIR}/schema/{path.rpartition('/')[2]}.schema.json"


def data_link_csv(kind: Kind[Any], key: str) -> str:
    """A link table: one row per id in a list field of a kind ('data/koppelingen/praktijk-themes.csv')."""
    return f"{DATA_DIR}/koppelingen/{FOLDERS[kind]}-{key}.csv"


DATA_PACKAGE = f"{DATA_DIR}/datapackage.json"
"""The Frictionless Data Package (v2) that describes the CSV files, their columns and keys."""
DCAT_RECORD = f"{DATA_DIR}/catalogus.jsonld"
"""The DCAT-AP-NL 3.0 record of the dataset and its distributions (JSON-LD), for data catalogues."""


def data_files() -> list[str]:
    """Every published data file, as the open-data page lists them: JSON and CSV per kind, everything in one JSON
    file, the map of the initiatives and the data package that describes the CSV files and their keys (not the
    schemas, which describe files, nor the feeds of what changed, nor the link tables the package lists)."""
    return [path for kind in KINDS for path in (data_json(kind), data_csv(kind))] + [ALL_DATA, GEOJSON, DATA_PACKAGE]


EXPLORE_QUERY = "q"
"""The parameter from which the explore page (assets/explore.js, readUrl) takes the words to search for."""


def explore_search_template(variable: str) -> str:
    """The explore page's address as a URL template (RFC 6570) with the search words as `variable`, relative to the
    site root: 'verkennen/?q={zoekterm}'."""
    return f"{page_url(EXPLORE)}?{EXPLORE_QUERY}={{{variable}}}"


EXPLORE_KIND = "soort"
EXPLORE_SORT = "sorteer"
"""The explore page's parameters for a kind (its registry name) and an order (explore.js, SORTS)."""


def explore_cheapest() -> str:
    """The explore page with only the practice cards, lowest cost first, relative to the site root:
    'verkennen/?soort=practice&sorteer=cost'. The search box adds the other words of a query as ?q=…"""
    return f"{page_url(EXPLORE)}?{EXPLORE_KIND}={PRACTICE.name}&{EXPLORE_SORT}=cost"


def html_href(from_uri: str, to_uri: str) -> str:
    """A relative link for raw HTML (which MkDocs does not rewrite): between the final page addresses."""
    return "../" * page_url(from_uri).count("/") + page_url(to_uri)


def relative(from_uri: str, to_uri: str) -> str:
    """A link from one page to another, relative like MkDocs wants links between Markdown sources. Up to the
    root and down again: cheaper than os.path.relpath, and pages are rendered by the thousand."""
    return "../" * from_uri.count("/") + to_uri


# GitHub issue forms: the route for a visitor without a GitHub workflow. Their files are in the repository's
# .github/ISSUE_TEMPLATE/ (two written by contribute/issue_form.py, the correction form by hand).
REPO_URL = "https://github.com/kennisbank-kansengelijkheid/kennisbank"
"""The repository, mkdocs.yml's default repo_url (a build uses the configured one)."""
INITIATIVE_FORM = "nieuw-initiatief.yml"
READING_FORM = "nieuwe-leestip.yml"
CORRECTION_FORM = "fout-of-aanvulling.yml"
PREFILLED_FIELDS = {
    INITIATIVE_FORM: ("provincie", "praktijkkaarten"),
    READING_FORM: ("praktijkkaarten",),
    CORRECTION_FORM: ("pagina",),
}
"""The form fields (their `id:`) a page may fill in. GitHub fills only text fields (input and textarea) from the
address, keyed by the field's id; a dropdown or checkbox passed that way is ignored. tests/test_issue_form.py keeps
these ids equal to the forms' own."""


def issue_form(repo_url: str, form: str, title: str | None = None, **fields: str) -> str:
    """The address that opens an issue form with what a page knows filled in:
    '<repo>/issues/new?template=nieuw-initiatief.yml&provincie=Overijssel'. Every value percent-encoded (no '&',
    '#' or quote of a title can end it); empty values are left out. For an HTML attribute it still goes through
    the sink's escaping (escape.markdown_href)."""
    unknown = sorted(set(fields) - set(PREFILLED_FIELDS[form]))
    if unknown:
        raise ValueError(f"{form} has no prefilled field {unknown}")
    query = [("template", form), *([("title", title)] if title else []),
             *((name, value) for name, value in fields.items() if value)]
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(query, quote_via=quote, errors='replace')}"


def issue_forms(repo_url: str) -> str:
    """GitHub's page that lists every form of the repository."""
    return f"{repo_url.rstrip('/')}/issues/new/choose"
