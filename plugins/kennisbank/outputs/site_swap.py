"""Build into a staging folder beside the site folder and swap it into place only when the build succeeded.

MkDocs empties the site folder before it renders a single page, so any failure later in the build (a page that
cannot be rendered, a plugin error, warnings under --strict) used to leave visitors of a locally served or
deployed folder with a half-built or empty site. The staging folder sits next to the site folder (same file
system, so the swap is two renames) and is hidden; a staging folder left over from a killed build is removed.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path


def staging_for(site: Path) -> Path:
    """Where the build writes instead of the site folder."""
    return site.with_name(f".{site.name}.kennisbank-nieuw")


def _old_for(site: Path) -> Path:
    return site.with_name(f".{site.name}.kennisbank-oud")


def prepare(site: Path) -> Path | None:
    """An empty staging folder for this build (leftovers of an interrupted build removed), or None when the
    site folder is a symbolic link or a file: then the build writes where it always did."""
    if site.is_symlink() or site.is_file():
        return None
    staging = staging_for(site)
    for leftover in (staging, _old_for(site)):
        if leftover.is_symlink() or leftover.is_file():
            leftover.unlink()
        elif leftover.exists():
            shutil.rmtree(leftover)
    return staging


def publish(staging: Path, site: Path) -> None:
    """Put the finished build in place of the site folder; the old one is removed only afterwards."""
    old = _old_for(site)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    """Throw away a failed build; the site folder was never touched."""
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)


class StrictWarnings(logging.Handler):
    """Counts a builder's warnings during a strict build, as the builder does to abort it after the last plugin
    event: a build that will be aborted is not published."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logging.WARNING)
        self.logger = logger
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def start(self, *, strict: bool) -> None:
        self.count = 0
        if strict:
            self.logger.addHandler(self)

    def stop(self) -> int:
        self.logger.removeHandler(self)
        return self.count


class StagedSite:
    """One build's way to its site folder: written to a staging folder, swapped in only when the build succeeded."""

    def __init__(self, builder_log: logging.Logger, log: logging.Logger) -> None:
        self.warnings = StrictWarnings(builder_log)
        self.log = log
        self.site: Path | None = None  # the real site folder while a staged build runs

    def begin(self, site: Path, *, in_place: bool, strict: bool) -> Path:
        """The folder this build writes to. `serve` builds into a temporary folder anyway and a dirty build reuses
        what is in the site folder, so those write in place."""
        self.site = None
        staging = None if in_place else prepare(site)
        if staging is None:
            return site
        self.site = site
        self.warnings.start(strict=strict)
        return staging

    def finish(self, staging: Path) -> Path | None:
        """After every other step of the build: the staging folder put in place of the site folder, unless the
        warnings counted will abort a strict build. The site folder, or None when the build wrote in place."""
        site, self.site = self.site, None
        if site is None:
            return None
        if self.warnings.stop():
            discard(staging)  # the builder aborts right after this under --strict
            self.log.error(f"kennisbank: de site is niet bijgewerkt door de waarschuwingen hierboven (strict); {site} "
                           "is ongewijzigd.")
        else:
            publish(staging, site)
        return site

    def abort(self) -> None:
        """A failed build: the staging folder thrown away, the site folder as it was."""
        if self.site is not None:
            discard(staging_for(self.site))
            self.warnings.stop()
            self.site = None
