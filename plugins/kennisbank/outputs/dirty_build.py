"""What a dirty rebuild (`serve --dirty`) needs to stay right: outputs as files rewritten only when they changed,
and a fingerprint of what every page shows besides its own Markdown."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .output import Output

MANIFEST = "manifest.txt"  # one line per output: its digest, a space, its path
FILES = "files"
SITE_DIR = "site_dir.txt"  # which site folder a cache folder belongs to


def digest(output: Output) -> str:
    """Everything the builder takes from an output, not only its text: a page whose JSON-LD or fragments change
    must count as changed too."""
    content = output.content if isinstance(output.content, bytes) else output.content.encode("utf-8")
    rest = repr((output.sanitise, output.source, output.in_nav, sorted(output.fragments.items()), output.json_ld))
    return hashlib.sha256(content + b"\0" + rest.encode("utf-8", "surrogatepass")).hexdigest()


def write_changed(outputs: Iterable[Output], folder: Path) -> dict[str, Path]:
    """Write each output to folder/files/<its path> unless an identical one is there already, remove the files of
    outputs that are gone, and return the file of every output. An unchanged output keeps its file and its
    modification time, which is what MkDocs' dirty build compares with the page it built before."""
    files = folder / FILES
    files.mkdir(parents=True, exist_ok=True)
    base = files.resolve()
    before = _manifest(folder / MANIFEST)
    after: dict[str, str] = {}
    written: dict[str, Path] = {}
    folders: dict[str, bool] = {}
    for output in outputs:
        target = _inside(base, output.path, folders)
        if target is None:
            raise ValueError(f"uitvoerpad buiten de cachemap: {output.path!r}")
        after[output.path] = digest(output)
        if before.get(output.path) != after[output.path] or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            content = output.content if isinstance(output.content, bytes) else output.content.encode("utf-8")
            _replace(target, content)
        written[output.path] = target
    for gone in before.keys() - after.keys():
        stale = _inside(base, gone)  # the manifest is only a cache: never trust a path in it
        if stale is not None:
            stale.unlink(missing_ok=True)
    _replace(folder / MANIFEST, "".join(f"{value} {key}\n" for key, value in sorted(after.items())).encode("utf-8"))
    return written


def _prune(folders: Path, keep: Path) -> None:
    """Remove the cache folders of site folders that no longer exist (each `serve` builds into a new temporary
    folder), so the cache does not grow with every session."""
    if not folders.is_dir() or folders.is_symlink():
        return
    for folder in folders.iterdir():
        if folder == keep or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            site_dir = Path((folder / SITE_DIR).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            site_dir = None
        if site_dir is None or not site_dir.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _inside(base: Path, path: str, folders: dict[str, bool] | None = None) -> Path | None:
    """base/path if path is a plain relative path that stays inside base (no '..', no symbolic link out).
    `folders` keeps, for one pass over the outputs, whether each folder (by its relative path) resolved inside base."""
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    target = base.joinpath(*parts)
    folder = path.rpartition("/")[0]
    inside = folders.get(folder) if folders is not None else None
    if inside is None:
        inside = target.parent.resolve().is_relative_to(base)
        if folders is not None:
            folders[folder] = inside
    return target if inside and not target.is_symlink() else None


def _manifest(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return {}
    pairs = (line.split(" ", 1) for line in lines)
    return {pair[1]: pair[0] for pair in pairs if len(pair) == 2}


def _replace(target: Path, content: bytes) -> None:
    """Write to a temporary name and rename: a reader (the server, a crashed build) never sees half a file."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, target)


def fingerprint(nav: Iterable[tuple[str | None, str]], glossary: dict[str, str], theme_dir: Path | None) -> str:
    """What every page shows besides its own Markdown: the navigation (titles and addresses), the glossary
    tooltips and the theme overrides. When it changes, no page built before is still right."""
    overrides = sorted((str(path), path.stat().st_mtime_ns) for path in theme_dir.rglob("*") if path.is_file()) \
        if theme_dir is not None and theme_dir.is_dir() else []
    text = repr((list(nav), sorted(glossary.items()), overrides))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class DirtyBuild:
    """What one `serve --dirty` (or `build --dirty`) keeps between its rebuilds: the fingerprint of the last
    build. The outputs go to <cache_dir>/site/."""

    def __init__(self) -> None:
        self.last: str | None = None

    @classmethod
    def started(cls, builder_log: logging.Logger) -> DirtyBuild:
        """A dirty build of a builder whose warning about stale navigation (on `builder_log`) does not apply."""
        builder_log.addFilter(KnownDirtyWarning())
        return cls()

    def files(self, outputs: Iterable[Output], cache_dir: Path, site_dir: Path) -> dict[str, Path]:
        """The outputs as files, in a folder of their own per site folder: two builds at once (a `serve` and a
        `build --dirty`) never rewrite each other's files. Folders of site folders that are gone are removed."""
        folders = cache_dir / "site"
        folder = folders / hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
        if self.last is None:
            _prune(folders, keep=folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SITE_DIR).write_text(str(site_dir.resolve()), encoding="utf-8")
        return write_changed(outputs, folder)

    def nav_changed(self, pages: Iterable[Any], read: Callable[[Any], None], glossary: dict[str, str],
                    theme_dir: str | None) -> bool:
        """Whether no page built before is still right, from the builder's nav pages (each read first with
        `read` if the builder has not read it this time: the titles come from the pages' sources)."""
        pages = list(pages)
        for page in pages:
            if page.markdown is None:
                read(page)
        return self.all_stale(((page.title, page.url) for page in pages), glossary,
                              Path(theme_dir) if theme_dir else None)

    def all_stale(self, nav: Iterable[tuple[str | None, str]], glossary: dict[str, str], theme_dir: Path | None) -> bool:
        """Whether no page built before is still right (always so on the first build of the process)."""
        now = fingerprint(nav, glossary, theme_dir)
        stale, self.last = now != self.last, now
        return stale


class KnownDirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave navigation stale: the plugin builds every page again
    when the fingerprint changes, so the warning does not apply, and under --strict it would fail every build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")
