"""Find runs of words an entry shares with a source text: the check that content is written in its own words.

Titles, names and quotations may carry over from a source; sentences may not. So the entry's own text is
compared, without its title fields, quoted passages, italic titles and link texts, against every source
text, and each run of RUN or more words in a row that also stands in a source is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kennisbank.core.folding import strip_accents
from kennisbank.core.knowledge import Entry
from kennisbank.core.safety import strings

RUN = 8
"""Shortest shared run reported: eight words in a row is rarely chance in Dutch prose."""

# Fields that hold titles or names, which may be copied exactly (entry and citation titles, strand names, ...).
TITLE_FIELDS = {"title", "strand", "organisation", "publisher", "outlet", "authors", "venue", "organiser", "name",
                "url", "meaning", "forms", "lines", "document"}
_QUOTED = re.compile(r"[\"“”„«»].*?[\"“”„«»]|‘.*?’|(?<!\w)'[^'\n]+?'(?!\w)", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)[^*\n]+?\*(?!\w)|(?<!\w)_(?!\s)[^_\n]+?_(?!\w)")
_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"[0-9a-z]+(?:[-'’][0-9a-z]+)*")


@dataclass(frozen=True)
class Overlap:
    """One run of words shared with a source, at the line of the entry where it starts."""

    path: str
    line: int
    source: str
    words: str


def words(text: str) -> list[str]:
    """Lower-case words without accents, so a changed capital or a dropped accent still counts as the same."""
    return _WORD.findall(strip_accents(text).lower())


def _capitals(text: str) -> list[bool]:
    """For each word of words(text): whether it starts with a capital letter in the original text."""
    return [match.group(0)[0].isupper() for match in re.finditer(_WORD.pattern, strip_accents(text), re.IGNORECASE)]


def own_text(text: str) -> str:
    """Text with what may be copied (quotations, block quotes, italic titles, link texts) blanked out."""
    lines = ["" if line.lstrip().startswith(">") else line for line in text.split("\n")]
    text = "\n".join(lines)
    for pattern in (_QUOTED, _ITALIC):
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return _LINK_TEXT.sub(lambda m: " " * len(m.group(0)), text)


class SourceIndex:
    """Every run of RUN words in the source texts, to look up an entry's runs in constant time."""

    def __init__(self, sources: Iterable[tuple[str, str]]) -> None:
        self.runs: dict[tuple[str, ...], str] = {}
        for name, text in sources:
            tokens = words(text)
            for start in range(len(tokens) - RUN + 1):
                self.runs.setdefault(tuple(tokens[start:start + RUN]), name)

    @classmethod
    def from_folder(cls, folder: Path) -> SourceIndex:
        return cls((path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt")))

    def find(self, path: str, pieces: Iterable[tuple[int, str]]) -> Iterator[Overlap]:
        """Shared runs in (line, text) pieces of one entry; overlapping runs are reported once, from their start."""
        for line, text in pieces:
            flat = [(line + n, token, capital) for n, part in enumerate(own_text(text).split("\n"))
                    for token, capital in zip(words(part), _capitals(part), strict=True)]
            start = 0
            while start <= len(flat) - RUN:
                key = tuple(token for _n, token, _c in flat[start:start + RUN])
                source = self.runs.get(key)
                if source is None:
                    start += 1
                    continue
                end = start + RUN
                while end < len(flat) and tuple(t for _n, t, _c in flat[end - RUN + 1:end + 1]) in self.runs:
                    end += 1
                run = flat[start:end]
                # A run mostly of capitalised words is a name or a title ('J.H. Donnerschool, De Wijngaard en
                # De Mozarthof'), which may carry over.
                if sum(capital for _n, _t, capital in run) * 2 < len(run):
                    yield Overlap(path, run[0][0], source, " ".join(t for _n, t, _c in run))
                start = end


def entry_pieces(entry: Entry[Any]) -> list[tuple[int, str]]:
    """(line, text) of everything an entry says in its own words: plain-text fields and the body."""
    pieces = []
    for path, text in strings(entry.document.data or {}):
        if any(isinstance(part, str) and part in TITLE_FIELDS for part in path):
            continue
        pieces.append((entry.document.mark(path)[0], text))
    if entry.body:
        pieces.append((entry.body_line, entry.body))
    return pieces


def find_overlaps(entries: Iterable[Entry[Any]], index: SourceIndex) -> list[Overlap]:
    found: list[Overlap] = []
    for entry in entries:
        found.extend(index.find(entry.path, entry_pieces(entry)))
    return sorted(found, key=lambda o: (o.path, o.line))
