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
from kennisbank.outputs.dirty_build import DirtyBuild
from kennisbank.outputs.glossary_markdown import GlossaryExtension
from kennisbank.outputs.output import Output
from kennisbank.outputs.pages import expand_nav
from kennisbank.outputs.pdf import PdfEngineMissing, pdfs_wanted
from kennisbank.outputs.site_swap import StagedSite
from kennisbank.outputs.template_cache import compiled_templates
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
        self.last: Site | None = None  # under serve or --dirty: the next build makes again only what an edit touched
        self.staged = StagedSite(logging.getLogger("mkdocs"), log)  # MkDocs writes to a staging folder

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = DirtyBuild.started(logging.getLogger("mkdocs.commands.build")) if dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.cache_dir = cache_dir(root)  # outside the repository: nothing committed can pose as a cached result
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
        self.outputs = {output.path: output for output in site.outputs}
        if clash := docs_clash(self.outputs, Path(config.docs_dir)):
            raise PluginError(clash)
        # Glossary tooltips on every page, hand-written ones too: one Markdown extension, set up once per build.
        config.markdown_extensions = [e for e in config.markdown_extensions if not isinstance(e, GlossaryExtension)]
        config.markdown_extensions.append(GlossaryExtension(site.glossary))
        config.nav = expand_nav(config.nav, site.nav)  # None (no nav in mkdocs.yml) stays None
        # A failure at any later stage must leave the previous site/ as it was: on_post_build swaps it in.
        config.site_dir = str(self.staged.begin(Path(config.site_dir), in_place=self.serving or bool(self.dirty),
                                                strict=bool(config.strict)))
        return config

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
        if self.dirty is not None and self.last is not None and self.dirty.nav_changed(
                nav.pages, lambda page: page.read_source(config), self.last.glossary, config.theme.custom_dir):
            clean_directory(config.site_dir)  # every page shows the nav and glossary: build them all again
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.bytecode_cache = compiled_templates(self.cache_dir / "templates" if self.cache_dir else None)
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # The sitemap's lastmod: when the page's source last changed in git, not the day of the build.
        output = self.outputs.get(page.file.src_uri)
        if (day := self.history.changed_on(output.source if output else None)) is not None:
            page.update_date = day.isoformat()
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return finish_content(self.outputs.get(page.file.src_uri), html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return finish_document(self.outputs.get(page.file.src_uri), output)

    @event_priority(-100)  # after every other plugin's on_post_build, which may still fail the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if (site := self.staged.finish(Path(config.site_dir))) is not None:
            config.site_dir = str(site)  # for `gh-deploy`, which publishes config.site_dir after the build

    def on_build_error(self, *, error: Exception) -> None:
        self.staged.abort()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
