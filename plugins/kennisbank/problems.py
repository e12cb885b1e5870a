"""The Problem value object and the one format every problem is shown in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
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
    return Problem(path, max(line, 1), max(col, 1), Severity.ERROR, message, code)


def warning(path: str, line: int, col: int, message: str, code: str) -> Problem:
    return Problem(path, max(line, 1), max(col, 1), Severity.WARNING, message, code)


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
