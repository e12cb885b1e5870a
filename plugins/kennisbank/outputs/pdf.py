"""Briefing → print HTML and an A4 PDF (WeasyPrint, imported lazily: the site builds without it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import jinja2
import markdown as md
from markupsafe import Markup

from kennisbank.core import queries as q
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models.initiative import CONTACT_LABELS, Initiative
from kennisbank.core.models.rating import SCHEME_SHORT
from kennisbank.core.problems import visible
from kennisbank.core.regions import PROVINCES

from . import urls
from .briefing import Briefing, Briefings
from .escape import html_text, sanitize_html
from .output import Output
from .pages import demote_headings
from .text import cost, dutch_date, months, strength

SUMMARY_NAMES = 12
"""At most this many initiatives by name in each list on page 1; the rest are a scan away, in the online briefing."""
PRINT_SECTIONS = ("Hoe begin je?",)
"""The parts of a practice card's body that the PDF prints; the rest of each card is online, a link away, so that
a briefing stays within the length of the hand-made one of 2021 (13 pages)."""


def engine_available() -> bool:
    """Whether WeasyPrint and the system libraries it needs (Pango) can be loaded here."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


class PdfEngineMissing(Exception):
    """PDFs were asked for ('always') but WeasyPrint cannot load here."""


def pdfs_wanted(setting: str, inform: Callable[[str], None], serving: bool = False) -> bool:
    """Whether this build makes the briefing PDFs: 'never', 'always' (PdfEngineMissing without WeasyPrint), or
    'auto' (when WeasyPrint loads; otherwise the site is built without them, and `inform` says so once).
    Under `serve` 'auto' makes none: rendering them all took most of every rebuild after a save."""
    if setting == "never" or (serving and setting == "auto"):
        return False
    if engine_available():
        return True
    if setting == "always":
        raise PdfEngineMissing("de pdf's van de briefings moeten gebouwd worden (briefing_pdfs: always), maar "
                               "WeasyPrint kan niet laden. Installeer de afhankelijkheden opnieuw (python3 "
                               "scripts/dev.py setup) en de systeembibliotheek Pango.")
    inform("kennisbank: WeasyPrint kan niet laden; de site wordt gebouwd zonder pdf's van de briefings (de "
           "pagina's linken er dan ook niet naar).")
    return False


def _address(url: str) -> str:
    """An address as a reader types it from paper: without scheme, 'www.' and a trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def _short(url: str) -> str:
    """An address as printed after a link: without scheme and 'www.', long paths cut after the host."""
    text = _address(url)
    host, _, path = text.partition("/")
    return text if len(text) <= 60 else f"{host}/…{path[-20:]}" if path else host


def _link(url: str, text: Any, full: bool = False, bare: bool = False) -> Markup:
    """A link whose address is printed after it: in full for a reading list, else in short; `bare`: without the
    address on paper (the summary's names, whose pages the online briefing links to)."""
    # The attributes the way every attribute we write is escaped; the text (plain or Markup) the way Jinja does.
    short = "" if bare else f' data-short="{html_text(url if full else _short(url))}"'
    return Markup(f'<a href="{html_text(url)}"{short}>') + Markup.escape(text) + Markup("</a>")


def _markdown(text: str, parent: int) -> Markup:
    """Entry Markdown under one of our headings of level `parent`: its own headings continue one level below
    (a tagged PDF's outline, like the web page, never skips a level). It passes the same checks as on the
    site; the sanitiser runs here as well."""
    rendered = md.markdown(str(demote_headings(text, parent)), extensions=["tables", "attr_list", "md_in_html",
                                                                            "admonition"])
    return Markup(sanitize_html(rendered, images=False))


def _qr(url: str) -> Markup | None:
    try:
        import segno
    except ImportError:
        return None
    # The <title> is the figure's alternate text: WeasyPrint writes it as /Alt of the /Figure (PDF/UA-1 requires
    # one on every figure) and segno escapes it as XML text. An inline SVG, so the fetcher never loads anything.
    svg = segno.make(url, error="m").svg_inline(scale=3, omitsize=True, title=f"QR-code naar {url}")
    return Markup(svg)  # made by segno from our own page address, not from content


def briefing_html(briefing: Briefing, site_url: str, page_url: str, made_on: dt.date | None = None,
                  repo_url: str = urls.REPO_URL) -> str:
    """The briefing as one self-contained HTML document for print: every value escaped by Jinja. Its "meld het"
    opens the initiative form with the briefing's provincie filled in."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("kennisbank.outputs", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    # Figures with their symbols (●, €) and in words, as on the web pages (text.py).
    env.filters.update(date=dutch_date, months=lambda v: str(months(v)), strength=strength, cost=cost,
                       address=_address)
    css = resources.files("kennisbank.outputs").joinpath("templates/briefing.css").read_text(encoding="utf-8")

    def initiative(entry: Entry[Initiative], short: bool = False) -> Markup:
        """An initiative with what it does, where and its contact route; `short`: its name and place only."""
        d = entry.data
        where = "; ".join(p.label for p in d.places) or ("plaats onbekend" if d.unplaced else "")
        if short:
            name = _link(urls.absolute_entry(entry, site_url), entry.title, bare=True)
            return name + Markup(" ({0})").format(where) if where else name
        parts = [_link(d.url, entry.title) if d.url else Markup("<strong>{0}</strong>").format(entry.title),
                 Markup(" — {0}").format(d.summary)]
        if where:
            parts.append(Markup(" ({0})").format(where))
        if d.contact:
            parts.append(Markup(" Contact: {0}").format(_link(d.contact.url, CONTACT_LABELS[d.contact.kind].lower())))
        return Markup("").join(parts)

    places = "; ".join(p.label for p in briefing.places)
    return env.get_template("briefing.html.j2").render(
        b=briefing, css=Markup(css), site_url=site_url, page_url=page_url, qr=_qr(page_url),
        report=urls.issue_form(repo_url, urls.INITIATIVE_FORM,
                               provincie=briefing.provinces[0] if len(briefing.provinces) == 1 else ""),
        contributing=urls.absolute(urls.CONTRIBUTING, site_url),
        region_label=briefing.region if places in ("", briefing.region) else f"{briefing.region} ({places})",
        made_on=dutch_date(made_on) if made_on else "", intro=_markdown(briefing.intro, 2) if briefing.intro else "",
        markdown=_markdown, link=_link, initiative=initiative, scheme_short=SCHEME_SHORT,
        print_sections=PRINT_SECTIONS, summary_names=SUMMARY_NAMES,
        entry_url=lambda entry: urls.absolute_entry(entry, site_url),
    )


def _refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that loads no address at all, not even a data: URL.

    WeasyPrint calls the fetcher through weasyprint.urls.fetch, which reads the fetcher's private
    _fail_on_errors, so a plain function no longer works (AttributeError): the documented way is a subclass of
    URLFetcher that overrides fetch. Its error is not fatal: WeasyPrint logs it and leaves the image,
    stylesheet or @import out, so a briefing with such a reference still becomes a PDF."""
    import weasyprint

    class RefuseEverything(weasyprint.urls.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"een briefing laadt niets van buiten, ook niet {visible(url)}")

    return RefuseEverything(fail_on_errors=False, allowed_protocols=())


def briefing_pdf(page_html: str) -> bytes:
    """An A4, tagged PDF with selectable text. Raises ImportError or OSError when WeasyPrint cannot load."""
    import weasyprint

    # No base_url and a fetcher that refuses everything: nothing in a briefing may load from elsewhere.
    document = weasyprint.HTML(string=page_html, url_fetcher=_refusing_fetcher())
    return bytes(document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1", uncompressed_pdf=False))


def _render_in_worker(page_html: str) -> bytes:
    # A module-level function, so a process pool can pickle it by name.
    return briefing_pdf(page_html)


def render_pdfs(documents: Sequence[str]) -> list[bytes]:
    """briefing_pdf of every document, in their order: in parallel processes when there is more than one (each
    takes about a second and WeasyPrint holds the GIL), serially where process pools are unavailable."""
    workers = min(len(documents), os.cpu_count() or 1)
    if workers > 1:
        try:
            # 'spawn', not the default 'fork': a build may run inside a process with threads (the serve command's
            # live-reload server, a test run's local web servers), and a forked child can inherit a held lock.
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                return list(pool.map(_render_in_worker, documents))
        except (OSError, NotImplementedError, BrokenProcessPool):
            pass  # e.g. no /dev/shm or no fork in a sandbox: the same PDFs, made one after the other
    return [briefing_pdf(document) for document in documents]


# The cache key covers everything a PDF is made from: its print HTML, the WeasyPrint release, and this module's
# own source (the write_pdf options and the fetcher live here). Read once: the source does not change mid-build.
_ENGINE_SOURCE = hashlib.sha256(Path(__file__).read_bytes()).digest()


def _cache_key(page_html: str) -> str:
    try:
        engine = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        engine = ""
    return hashlib.sha256(b"\0".join([page_html.encode("utf-8"), engine.encode(), _ENGINE_SOURCE])).hexdigest()


def _cached(path: Path) -> bytes | None:
    """The PDF stored at path, or None when absent or damaged: each file is the sha256 of the PDF, then the PDF,
    so a truncated or altered file is noticed and made anew."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    digest, content = stored[:32], stored[32:]
    return content if hashlib.sha256(content).digest() == digest else None


def _store(path: Path, content: bytes) -> None:
    # A temporary file renamed into place, so a build that stops halfway (or a parallel one) never leaves half a
    # file under the final name. The cache only saves time: a failure to write it is not the build's problem.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as temporary:
            temporary.write(hashlib.sha256(content).digest() + content)
        os.replace(temporary.name, path)
    except OSError:
        pass


def _prune(folder: Path, used: set[str]) -> None:
    # Only the PDFs of the latest build are kept, so the folder never grows past one site's worth.
    for stale in folder.glob("*.pdf"):
        if stale.name not in used:
            stale.unlink(missing_ok=True)


def cached_pdfs(documents: Sequence[str], cache_dir: Path | None) -> list[bytes]:
    """The PDF of every print HTML document, in their order: from cache_dir/pdf/ when an identical document was
    rendered before, the others rendered (render_pdfs) and stored. cache_dir None: no cache, all rendered."""
    if cache_dir is None:
        return render_pdfs(documents)
    folder = cache_dir / "pdf"
    paths = [folder / f"{_cache_key(document)}.pdf" for document in documents]
    made = [_cached(path) for path in paths]
    missing = [i for i, content in enumerate(made) if content is None]
    for i, content in zip(missing, render_pdfs([documents[i] for i in missing]), strict=True):
        _store(paths[i], content)
        made[i] = content
    _prune(folder, {path.name for path in paths})
    return [content for content in made if content is not None]


def briefing_outputs(kb: KnowledgeBase, site_url: str, made_on: dt.date | None = None,
                     made: Briefings | None = None, cache_dir: Path | None = None,
                     repo_url: str = urls.REPO_URL) -> list[Output]:
    """The PDF of every meetup's briefing and of every province's briefing, as site files (the briefings
    themselves shared with the web pages through `made`; PDFs of unchanged briefings from `cache_dir`)."""
    made = made or Briefings(kb)
    site_url = urls.site_root(site_url)
    upcoming, _past = q.meetups_by_time(kb, made_on)  # a meetup that has been held needs no handout
    briefings = [(made.meetup(m), urls.entry_uri(m)) for m in upcoming]
    briefings += [(made.province(p), urls.region_briefing(p)) for p in PROVINCES]
    documents = [briefing_html(b, site_url, urls.absolute(page, site_url), made_on, repo_url) for b, page in briefings]
    pdfs = cached_pdfs(documents, cache_dir)
    return [Output(urls.briefing_pdf(b.id), pdf) for (b, _page), pdf in zip(briefings, pdfs, strict=True)]
