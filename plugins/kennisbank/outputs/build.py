"""The one list of what a site contains: build_site(kb, history, settings) gives every output of the site."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kennisbank.core.history import History
from kennisbank.core.knowledge import KnowledgeBase
from kennisbank.core.reads import Kept, Read

from . import urls
from .briefing import Briefings
from .compare import compare_outputs
from .data import data_outputs
from .escape import sanitize_html
from .explore import EXPLORE_PATH, explore_data
from .feed_links import feed_links
from .jsonld import insert_into_head, insert_markup, json_ld_by_page
from .output import Output, fragment_placeholder
from .pages import SiteRenderer, glossary_meanings, navigation, unnest_abbreviations, use_template_cache
from .search import search_outputs


@dataclass(frozen=True)
class SiteSettings:
    """What a build needs to know beyond the content: where the site lives, whether to make PDFs, and where
    PDFs of unchanged briefings are kept between builds (None: no cache, as in tests and the CLI)."""

    site_url: str = "/"
    pdfs: bool = False
    cache_dir: Path | None = None
    repo_url: str = urls.REPO_URL  # where the issue forms are that pages and briefings link to


@dataclass(frozen=True)
class Basis:
    """What a build was made from, kept so that the next build (under `serve`) can tell what changed."""

    knowledge: KnowledgeBase
    history: History
    settings: SiteSettings


@dataclass(frozen=True)
class Site:
    """Everything the knowledge base contributes to a site, for any builder (MkDocs, ProperDocs, the CLI)."""

    outputs: list[Output]
    nav: dict[str, list[dict[str, str]]]  # nav items per kind, for the `kennisbank://<kind>` markers
    glossary: dict[str, str]  # every form of every term → its meaning: tooltips on every page, hand-written too
    kept: Kept = field(default_factory=Kept)  # the parts of this build with their reads, for the next build to reuse
    basis: Basis | None = None


def build_site(kb: KnowledgeBase, history: History, settings: SiteSettings, earlier: Site | None = None) -> Site:
    """Every page, data file, asset and PDF of the site; pages carry their JSON-LD. Given the site an earlier
    build made (`serve` keeps it), only the parts that read an entry part that changed since are made again;
    the result is the same as a build from scratch (tests/test_incremental_build.py)."""
    use_template_cache(settings.cache_dir)
    briefings = Briefings(kb)  # made once, for the briefing pages and their PDFs alike
    renderer = SiteRenderer(kb, history.added, pdfs=settings.pdfs, today=history.latest, briefings=briefings,
                            site_url=settings.site_url, repo_url=settings.repo_url)
    kept = Kept(earlier.kept if earlier is not None else None, _changes(earlier, Basis(kb, history, settings)))
    jobs = {**renderer.jobs(),
            "zoeken": lambda: search_outputs(kb, kept.get),
            "verkennen-data": lambda: [Output(EXPLORE_PATH, explore_data(kb, history.added))],
            "vergelijken-data": lambda: compare_outputs(kb, kept.get),
            "open-data": lambda: data_outputs(kb, history, settings.site_url, kept=kept.get)}
    outputs = [output for name, job in jobs.items() for output in kept.get(name, job)]
    heads = kept.get("json-ld", lambda: json_ld_by_page(kb, settings.site_url, history, kept.get))
    outputs = [replace(o, json_ld=heads[o.path]) if o.path in heads else o for o in outputs]
    if settings.pdfs:
        from .pdf import briefing_outputs  # WeasyPrint loads only when PDFs are built

        outputs += briefing_outputs(kb, settings.site_url, history.latest, briefings, settings.cache_dir,
                                    settings.repo_url)
    return Site(outputs, navigation(kb), glossary_meanings(kb), kept, Basis(kb, history, settings))


def _changes(earlier: Site | None, now: Basis) -> set[Read] | None:
    """The entry parts changed since an earlier build, or None when everything must be made again."""
    if earlier is None or earlier.basis is None:
        return None
    then = earlier.basis
    if then.history != now.history or then.settings != now.settings:
        return None
    return now.knowledge.changes_since(then.knowledge)


def docs_clash(outputs: Iterable[str], docs_dir: Path) -> str | None:
    """The error when generated pages also exist as hand-written files in docs/, else None."""
    clashes = sorted(path for path in outputs if (docs_dir / path).exists())
    return ("kennisbank: deze pagina's worden gegenereerd maar bestaan ook in docs/: " + ", ".join(clashes)
            + ". Verwijder of hernoem de handgeschreven versie.") if clashes else None


def finish_content(output: Output | None, html: str) -> str:
    """A page's HTML as Markdown made it, finished: an author's own <abbr> not wrapped in the glossary's, pages
    built from entries sanitised (defence in depth: the checker already rejects unsafe content), and our own
    trusted fragments (maps) put in after that, since the sanitiser would strip them. `output` is None for a
    hand-written page."""
    html = unnest_abbreviations(html)
    if output is None:
        return html
    if output.sanitise:
        html = sanitize_html(html)
    for name, fragment in output.fragments.items():
        html = html.replace(fragment_placeholder(name), fragment, 1)
    return html


def finish_document(output: Output | None, document: str) -> str:
    """The whole HTML document of a page with its JSON-LD and, on the home page and the overviews, the links to
    the feeds in the head (in a form Material's language switch leaves alone: feed_links.py)."""
    if output is None:
        return document
    if output.json_ld:
        document = insert_into_head(document, output.json_ld)
    links = feed_links(output.path)
    return insert_markup(document, links) if links else document
