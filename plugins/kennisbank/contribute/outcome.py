"""What an author command hands back to the command line: its exit code and the lines the command line prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """The result of `new` or `from-issue`. Mistakes in how the command was called are not here: those raise
    UsageError."""

    code: int  # EXIT_OK or EXIT_PROBLEMS (core/problems.py)
    out: tuple[str, ...] = ()  # for stdout: the result (the path written, its warnings, an issue comment)
    errors: tuple[str, ...] = ()  # for stderr, each after 'kennisbank: fout: ': why nothing was written
    notes: tuple[str, ...] = ()  # for stderr as they are: what to do next
