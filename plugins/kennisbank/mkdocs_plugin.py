"""The MkDocs adapter: the only module that imports mkdocs; it hands the core's pages to MkDocs."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .history import added_dates
from .loader import load_knowledge_base
from .pages import GeneratedPage, expand_nav, navigation, render_site
from .safety import sanitize_html

log = logging.getLogger("mkdocs.plugins.kennisbank")


class KennisbankConfig(Config):
    content_dir = opt.Type(str, default="content")
    """Folder with the entries, relative to mkdocs.yml."""
    strict_content = opt.Type(bool, default=False)
    """Treat content warnings as errors even without `mkdocs build --strict`."""


class KennisbankPlugin(BasePlugin[KennisbankConfig]):
    """Build the knowledge base once per build, then add its pages in memory."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: list[GeneratedPage] = []
        self.generated: set[str] = set()
        self.content_dir: Path | None = None

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
        if result.errors or (self.config.strict_content and result.warnings):
            # Stop before MkDocs cleans or writes site_dir: a broken entry never yields a half-built site.
            raise PluginError(
                f"kennisbank: {len(result.errors)} fout(en) in {self.config.content_dir}/; de site is niet gebouwd. "
                "Los de meldingen hierboven op (of draai 'kennisbank check')."
            )
        self.pages = render_site(result.knowledge, added_dates(self.content_dir))
        self.generated = {page.uri for page in self.pages}
        docs_dir = Path(config.docs_dir)
        clashes = sorted(uri for uri in self.generated if (docs_dir / uri).exists())
        if clashes:
            raise PluginError(
                "kennisbank: deze pagina's worden gegenereerd maar bestaan ook in docs/: "
                + ", ".join(clashes) + ". Verwijder of hernoem de handgeschreven versie."
            )
        if config.nav is not None:
            config.nav = expand_nav(config.nav, navigation(result.knowledge))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Collisions with files from docs/ or other plugins; generated pages never collide with each other.
        existing = {file.src_uri for file in files}
        for page in self.pages:
            if page.uri in existing:  # e.g. added by another plugin
                raise PluginError(f"kennisbank: gegenereerde pagina '{page.uri}' botst met een bestaand bestand")
            file = File.generated(
                config,
                page.uri,
                content=page.content,
                inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV,
            )
            # edit_uri is relative to docs/ in mkdocs.yml; '..' leads to the entry's own file under content/.
            file.edit_uri = f"../{page.source}" if page.source else None
            files.append(file)
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Defence in depth: the checker already rejects unsafe content; sanitise generated pages anyway.
        if page.file.src_uri in self.generated:
            return sanitize_html(html)
        return html

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
