"""When each content file was first added, read from git history in one call (for "recent" lists)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def added_dates(content_dir: Path) -> dict[str, dt.date]:
    """Map of path (relative to the repository root, posix) to the date its file was first committed.

    Files that are not committed yet, or a tree that is not a git checkout, simply have no date."""
    content_dir = Path(content_dir).resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True,
                             text=True, timeout=20, check=True).stdout.strip()
        log = subprocess.run(["git", "log", "--diff-filter=A", "--name-only", "--format=%x00%cs", "--", "."],
                             cwd=content_dir, capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    # git prints paths relative to the top of the checkout; entries use paths relative to content's parent
    root = content_dir.parent.relative_to(Path(top).resolve()).as_posix()
    root_prefix = "" if root == "." else root + "/"
    dates: dict[str, dt.date] = {}
    for block in log.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        day = dt.date.fromisoformat(lines[0])
        for name in lines[1:]:
            dates[name.removeprefix(root_prefix)] = day  # log runs newest first: the last write is the oldest
    return dates
