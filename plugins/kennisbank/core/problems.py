"""The Problem value object and the one format every problem is shown in."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

# Control characters, line and paragraph separators and bidirectional overrides: printed raw, they could
# start a fake 'path:line:col' line or reorder what a reviewer reads in a terminal or a CI log.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """Text with every control or direction character written as an escape such as \\n or \\u202e."""
    return _INVISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pinned to a file, line and column (1-based)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"

    def format_github(self) -> str:
        # GitHub annotations end at a newline and treat '%' specially; escape as its docs say.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{self.severity.value} file={path},line={self.line},col={self.col}::{message}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def error(path: str, line: int, col: int, message: str, code: str) -> Problem:
    """An error; path and message are made visible here, so no output format can be forged by content."""
    return Problem(visible(path), max(line, 1), max(col, 1), Severity.ERROR, visible(message), code)


def warning(path: str, line: int, col: int, message: str, code: str) -> Problem:
    return Problem(visible(path), max(line, 1), max(col, 1), Severity.WARNING, visible(message), code)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by file, line, column; duplicates (same place, same message) dropped."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.severity.value, p.message))


def render(problems: Iterable[Problem], fmt: str = "text") -> str:
    problems = list(problems)
    if fmt == "json":
        return json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(p.format_github() for p in problems)
    return "\n".join(p.format() for p in problems)


# Exit codes of every command that reports problems, defined once: the command line and the author tools use them.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def not_built(problems: Iterable[Problem], folder: str) -> str:
    """Why a site build stopped before writing anything, after its problems were shown."""
    found = list(problems)
    errors = sum(1 for p in found if p.is_error)
    return (f"kennisbank: {errors} fout(en) en {len(found) - errors} waarschuwing(en) in {folder}/; de site is niet "
            "gebouwd. Los de meldingen hierboven op (of draai 'kennisbank check --strict').")


class UsageError(Exception):
    """A mistake in how a command was called (a path, a name, a missing option): the command line prints the Dutch
    message after 'kennisbank: fout: ' and exits with EXIT_USAGE."""
