"""The MkDocs adapter: the only module that imports mkdocs; it hands the core's outputs to MkDocs."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kennisbank.core.history import History, read_history
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.safety import sanitize_html
from kennisbank.outputs.data import data_outputs
from kennisbank.outputs.explore import EXPLORE_PATH, explore_data
from kennisbank.outputs.glossary_markdown import GlossaryExtension
from kennisbank.outputs.jsonld import insert_into_head, json_ld_by_page
from kennisbank.outputs.output import Output, fragment_placeholder
from kennisbank.outputs.pages import expand_nav, glossary_meanings, navigation, render_site, unnest_abbreviations
from kennisbank.outputs.search import search_outputs
from kennisbank.outputs.site_swap import discard, prepare, publish, staging_for

log = logging.getLogger("mkdocs.plugins.kennisbank")


class KennisbankConfig(Config):
    content_dir = opt.Type(str, default="content")
    """Folder with the entries, relative to mkdocs.yml."""
    strict_content = opt.Type(bool, default=False)
    """Treat content warnings as errors even without `mkdocs build --strict`."""
    briefing_pdfs = opt.Choice(("auto", "always", "never"), default="auto")
    """Build the briefing PDFs: 'auto' when WeasyPrint can load, 'always' (fail without it), or 'never'."""


class KennisbankPlugin(BasePlugin[KennisbankConfig]):
    """Build the knowledge base once per build, then add its outputs in memory."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.outputs: list[Output] = []
        self.sanitised: set[str] = set()
        self.fragments: dict[str, Mapping[str, str]] = {}
        self.sources: dict[str, str | None] = {}
        self.history = History()
        self.json_ld: dict[str, str] = {}
        self.content_dir: Path | None = None
        self.command: str | None = None
        self.site: Path | None = None  # where the finished build goes; MkDocs writes to a staging folder
        self.warnings = _WarningCount()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = "dirty" if dirty else command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = root / self.config.content_dir
        if not self.content_dir.is_dir():
            raise PluginError(f"kennisbank: map met inhoud '{self.content_dir}' bestaat niet (content_dir in mkdocs.yml)")
        result = load_knowledge_base(self.content_dir, root)
        for problem in result.warnings:
            log.warning(problem.format())
        for problem in result.errors:
            log.error(problem.format())
        strict = self.config.strict_content or bool(config.strict)
        if result.errors or (strict and result.warnings):
            # Stop here, before MkDocs cleans or writes site_dir: content problems never yield a half-built site.
            # Under strict, MkDocs itself would only stop after writing every page.
            raise PluginError(
                f"kennisbank: {len(result.errors)} fout(en) en {len(result.warnings)} waarschuwing(en) in "
                f"{self.config.content_dir}/; de site is niet gebouwd. Los de meldingen hierboven op "
                "(of draai 'kennisbank check --strict')."
            )
        self.history = read_history(self.content_dir)
        # Glossary terms get a tooltip on every page, hand-written ones too: one extension, set up once per build.
        config.markdown_extensions = [e for e in config.markdown_extensions if not isinstance(e, GlossaryExtension)]
        config.markdown_extensions.append(GlossaryExtension(glossary_meanings(result.knowledge)))
        pdfs = self._pdfs_wanted()
        self.outputs = render_site(result.knowledge, self.history.added, pdfs=pdfs, today=self.history.latest)
        self.outputs += search_outputs(result.knowledge)
        self.outputs.append(Output(EXPLORE_PATH, explore_data(result.knowledge, self.history.added)))
        site_url = config.site_url or "/"
        self.outputs += data_outputs(result.knowledge, self.history, site_url)
        self.json_ld = json_ld_by_page(result.knowledge, site_url, self.history)
        if pdfs:
            from kennisbank.outputs.pdf import briefing_outputs  # WeasyPrint loads only when PDFs are built

            self.outputs += briefing_outputs(result.knowledge, config.site_url or "/", self.history.latest)
        self.sanitised = {o.path for o in self.outputs if o.is_page and o.sanitise}
        self.sources = {o.path: o.source for o in self.outputs}
        self.fragments = {o.path: o.fragments for o in self.outputs if o.fragments}
        docs_dir = Path(config.docs_dir)
        clashes = sorted(o.path for o in self.outputs if (docs_dir / o.path).exists())
        if clashes:
            raise PluginError(
                "kennisbank: deze pagina's worden gegenereerd maar bestaan ook in docs/: "
                + ", ".join(clashes) + ". Verwijder of hernoem de handgeschreven versie."
            )
        if config.nav is not None:
            config.nav = expand_nav(config.nav, navigation(result.knowledge))
        self._stage(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        # A failure at any later stage must leave the previous site/ as it was: MkDocs builds into a staging
        # folder, and on_post_build swaps it in. `serve` builds into a temporary folder anyway, and a dirty build
        # reuses what is in site/, so those two write in place.
        self.site = None
        if self.command in ("serve", "dirty"):
            return
        site = Path(config.site_dir)
        staging = prepare(site)
        if staging is not None:
            self.site = site
            config.site_dir = str(staging)
            self.warnings.start(strict=bool(config.strict))

    def _pdfs_wanted(self) -> bool:
        from kennisbank.outputs.pdf import engine_available

        setting = self.config.briefing_pdfs
        if setting == "never":
            return False
        if engine_available():
            return True
        if setting == "always":
            raise PluginError("kennisbank: de pdf's van de briefings moeten gebouwd worden (briefing_pdfs: always), "
                              "maar WeasyPrint kan niet laden. Installeer de afhankelijkheden opnieuw "
                              "(python3 scripts/dev.py setup) en de systeembibliotheek Pango.")
        log.info("kennisbank: WeasyPrint kan niet laden; de site wordt gebouwd zonder pdf's van de briefings "
                 "(de pagina's linken er dan ook niet naar).")
        return False

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Collisions with files from docs/ or other plugins; generated outputs never collide with each other.
        existing = {file.src_uri for file in files}
        for output in self.outputs:
            if output.path in existing:  # e.g. added by another plugin
                raise PluginError(f"kennisbank: gegenereerd bestand '{output.path}' botst met een bestaand bestand")
            listed = output.in_nav or not output.is_page
            file = File.generated(config, output.path, content=output.content,
                                  inclusion=InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV)
            # edit_uri is relative to docs/ in mkdocs.yml; '..' leads to the entry's own file under content/.
            file.edit_uri = f"../{output.source}" if output.source else None
            files.append(file)
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # The sitemap's lastmod: when the page's source last changed in git, not the day of the build.
        day = self.history.changed_on(self.sources.get(page.file.src_uri))
        if day is not None:
            page.update_date = day.isoformat()
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Defence in depth: the checker already rejects unsafe content; sanitise pages built from entries anyway.
        html = unnest_abbreviations(html)
        if page.file.src_uri in self.sanitised:
            html = sanitize_html(html)
        # Our own trusted fragments (maps) go in after sanitising, which would strip them.
        for name, fragment in self.fragments.get(page.file.src_uri, {}).items():
            html = html.replace(fragment_placeholder(name), fragment, 1)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # schema.org data for search engines in the page head. (No <link rel="alternate"> for the feeds:
        # Material's JavaScript takes every such link for a language version and fetches a sitemap next to it.)
        ld = self.json_ld.get(page.file.src_uri)
        return insert_into_head(output, ld) if ld else output

    @event_priority(-100)  # after every other plugin's on_post_build, which may still fail the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        staging, site, self.site = Path(config.site_dir), self.site, None
        warned = self.warnings.stop()
        config.site_dir = str(site)  # for `gh-deploy`, which publishes config.site_dir after the build
        if warned:
            discard(staging)  # MkDocs aborts right after this under --strict
            log.error("kennisbank: de site is niet bijgewerkt door de waarschuwingen hierboven (strict); "
                      f"{site} is ongewijzigd.")
            return
        publish(staging, site)

    def on_build_error(self, *, error: Exception) -> None:
        if self.site is not None:
            discard(staging_for(self.site))
            self.warnings.stop()
            self.site = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings during a strict build, as MkDocs does to abort it after on_post_build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def start(self, *, strict: bool) -> None:
        self.count = 0
        if strict:
            logging.getLogger("mkdocs").addHandler(self)

    def stop(self) -> int:
        logging.getLogger("mkdocs").removeHandler(self)
        return self.count
