"""The MkDocs adapter: the only module that imports mkdocs; it hands the outputs of build_site to MkDocs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from kennisbank.core.cache import cache_dir
from kennisbank.core.history import History, read_history
from kennisbank.core.loader import ParseCache, load_knowledge_base
from kennisbank.core.problems import not_built
from kennisbank.outputs.build import Site, SiteSettings, build_site, docs_clash, finish_content, finish_document
from kennisbank.outputs.dirty_build import DirtyBuild, KnownDirtyWarning
from kennisbank.outputs.glossary_markdown import GlossaryExtension
from kennisbank.outputs.output import Output
from kennisbank.outputs.pages import expand_nav
from kennisbank.outputs.pdf import PdfEngineMissing, pdfs_wanted
from kennisbank.outputs.site_swap import StrictWarnings, discard, prepare, publish, staging_for
from kennisbank.outputs.template_cache import CompiledTemplates
from kennisbank.outputs.urls import REPO_URL

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
        self.outputs: dict[str, Output] = {}
        self.history = History()
        self.content_dir: Path | None = None
        self.cache_dir: Path | None = None
        self.serving = False
        self.cache = ParseCache()  # for the rebuilds of `serve`: MkDocs keeps a plugin with on_startup that long
        self.dirty: DirtyBuild | None = None
        self.glossary: dict[str, str] = {}
        self.last: Site | None = None  # under serve or --dirty: the next build makes again only what an edit touched
        self.templates = CompiledTemplates()
        self.site: Path | None = None  # where the finished build goes; MkDocs writes to a staging folder
        self.warnings = StrictWarnings(logging.getLogger("mkdocs"))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if dirty:
            self.dirty = DirtyBuild()
            logging.getLogger("mkdocs.commands.build").addFilter(KnownDirtyWarning())

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.cache_dir = cache_dir(root)  # outside the repository: nothing committed can pose as a cached result
        self.templates.folder = self.cache_dir / "templates"
        self.content_dir = root / self.config.content_dir
        if not self.content_dir.is_dir():
            raise PluginError(f"kennisbank: map met inhoud '{self.content_dir}' bestaat niet (content_dir in mkdocs.yml)")
        result = load_knowledge_base(self.content_dir, root, self.cache if self.serving or self.dirty else None,
                                     self.cache_dir)
        for problem in result.warnings + result.errors:
            (log.error if problem.is_error else log.warning)(problem.format())
        if result.errors or ((self.config.strict_content or config.strict) and result.warnings):
            # Stop before MkDocs touches site_dir; under strict MkDocs itself would only stop after writing.
            raise PluginError(not_built(result.problems, self.config.content_dir))
        self.history = read_history(self.content_dir)
        try:
            pdfs = pdfs_wanted(self.config.briefing_pdfs, log.info, serving=self.serving)
        except PdfEngineMissing as missing:
            raise PluginError(f"kennisbank: {missing}") from None
        settings = SiteSettings(config.site_url or "/", pdfs, self.cache_dir, config.repo_url or REPO_URL)
        site = build_site(result.knowledge, self.history, settings, self.last)
        self.last = site if self.serving or self.dirty else None
        self.outputs, self.glossary = {output.path: output for output in site.outputs}, site.glossary
        if clash := docs_clash(self.outputs, Path(config.docs_dir)):
            raise PluginError(clash)
        # Glossary tooltips on every page, hand-written ones too: one Markdown extension, set up once per build.
        config.markdown_extensions = [e for e in config.markdown_extensions if not isinstance(e, GlossaryExtension)]
        config.markdown_extensions.append(GlossaryExtension(site.glossary))
        if config.nav is not None:
            config.nav = expand_nav(config.nav, site.nav)
        self._stage(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        # A failure at any later stage must leave the previous site/ as it was: MkDocs builds into a staging
        # folder that on_post_build swaps in. `serve` builds into a temporary folder anyway, and a dirty build
        # reuses what is in site/, so those two write in place.
        self.site = None
        staging = prepare(Path(config.site_dir)) if not (self.serving or self.dirty) else None
        if staging is not None:
            self.site, config.site_dir = Path(config.site_dir), str(staging)
            self.warnings.start(strict=bool(config.strict))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        existing = {file.src_uri for file in files}
        # A dirty build compares modification times, so there each output is a file rewritten only when it changed.
        cached = self.dirty.files(self.outputs.values(), self.cache_dir, Path(config.site_dir)) \
            if self.dirty and self.cache_dir else {}
        for output in self.outputs.values():
            if output.path in existing:  # e.g. added by another plugin
                raise PluginError(f"kennisbank: gegenereerd bestand '{output.path}' botst met een bestaand bestand")
            inclusion = InclusionLevel.UNDEFINED if output.in_nav or not output.is_page else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, output.path, abs_src_path=str(cached[output.path]), inclusion=inclusion) \
                if cached else File.generated(config, output.path, content=output.content, inclusion=inclusion)
            # edit_uri is relative to docs/ in mkdocs.yml; '..' leads to the entry's own file under content/.
            file.edit_uri = f"../{output.source}" if output.source else None
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.dirty is not None:
            for page in nav.pages:  # titles for the fingerprint, and for the nav of pages MkDocs will not read again
                if page.markdown is None:
                    page.read_source(config)
            theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
            if self.dirty.all_stale(((p.title, p.url) for p in nav.pages), self.glossary, theme):
                clean_directory(config.site_dir)  # every page shows the nav and glossary: build them all again
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.bytecode_cache = self.templates
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # The sitemap's lastmod: when the page's source last changed in git, not the day of the build.
        output = self.outputs.get(page.file.src_uri)
        day = self.history.changed_on(output.source if output else None)
        if day is not None:
            page.update_date = day.isoformat()
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return finish_content(self.outputs.get(page.file.src_uri), html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return finish_document(self.outputs.get(page.file.src_uri), output)

    @event_priority(-100)  # after every other plugin's on_post_build, which may still fail the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        staging, site, self.site = Path(config.site_dir), self.site, None
        config.site_dir = str(site)  # for `gh-deploy`, which publishes config.site_dir after the build
        if self.warnings.stop():
            discard(staging)  # MkDocs aborts right after this under --strict
            log.error(f"kennisbank: de site is niet bijgewerkt door de waarschuwingen hierboven (strict); {site} "
                      "is ongewijzigd.")
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
