"""When each content file was added and last changed, read from git history in one call."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class History:
    """Dates from git, by path relative to the repository root (posix). Empty outside a git checkout."""

    added: dict[str, dt.date] = field(default_factory=dict)  # first commit of each file
    changed: dict[str, dt.date] = field(default_factory=dict)  # last commit of each file
    latest: dt.date | None = None  # the newest commit of the checkout

    def changed_on(self, path: str | None) -> dt.date | None:
        """When a page's source last changed: its entry file, else the checkout's newest commit."""
        return self.changed.get(path, self.latest) if path else self.latest


def read_history(content_dir: Path) -> History:
    """Dates of every file under content_dir from `git log`. Commit dates, not the clock: the same commit
    gives the same dates in any clone on any day, which keeps rebuilds byte-identical."""
    content_dir = Path(content_dir).resolve()
    try:
        top = _git(content_dir, "rev-parse", "--show-toplevel").strip()
        latest_text = _git(content_dir, "log", "-1", "--format=%cs").strip()
        log = _git(content_dir, "log", "--name-only", "--no-renames", "--format=%x00%cs", "--", ".")
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return History()
    # git prints paths relative to the top of the checkout; entries use paths relative to content's parent
    root = content_dir.parent.relative_to(Path(top).resolve()).as_posix()
    root_prefix = "" if root == "." else root + "/"
    added: dict[str, dt.date] = {}
    changed: dict[str, dt.date] = {}
    for block in log.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        day = dt.date.fromisoformat(lines[0])
        for name in lines[1:]:
            path = name.removeprefix(root_prefix)
            changed.setdefault(path, day)  # the log runs newest first: the first date seen is the last change
            added[path] = day  # ... and the last one seen is the first commit
    latest = dt.date.fromisoformat(latest_text) if latest_text else None
    return History(added, changed, latest)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=True).stdout
