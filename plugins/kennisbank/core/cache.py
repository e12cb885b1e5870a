"""Where a project's caches live: in the user's cache folder, never in the repository, so that no committed file
can pose as a cached result (a PDF, a checked body, a generated page)."""

from __future__ import annotations

import hashlib
import os
import shutil
from functools import cache
from pathlib import Path

ROOT_FILE = "project.txt"  # which repository a cache folder belongs to


def cache_home() -> Path:
    """$XDG_CACHE_HOME/kennisbank, else ~/.cache/kennisbank."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kennisbank"


def cache_dir(root: Path) -> Path:
    """The cache folder of the project at root (created). Folders of projects that are gone are removed once per
    process, so test runs and old clones do not fill the disk."""
    root = Path(root).resolve()
    home = cache_home()
    _prune(home)
    folder = home / hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ROOT_FILE
    if not marker.is_file():
        marker.write_text(str(root), encoding="utf-8")
    return folder


@cache  # once per process and cache home
def _prune(home: Path) -> None:
    if not home.is_dir():
        return
    for folder in home.iterdir():
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            project = Path((folder / ROOT_FILE).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            continue  # not ours to judge
        if not project.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
