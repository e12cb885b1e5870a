"""Long overview pages split into pages of bounded size, with "Vorige/Volgende" navigation and rel links.

An overview's Markdown (rendered as one page by its template) stays one page while it gzips to PAGE_BUDGET
bytes or less and has at most LINE_BUDGET lines with text, so today's small site keeps its pages as they are. A longer one is cut into pages at headings or between the
items of a list or the rows of a table, never inside a paragraph, and never between a heading or a lead-in
paragraph and its first item. Page 1 keeps the overview's address and introduction; later pages live at
`urls.page_of(uri, n)`, at the same depth, so the relative links the template made stay right. A page that
starts inside a section repeats its headings with "(vervolg)", and a table's header. Every page gets a pager
at the top (previous, "pagina n van m", next) and at the bottom (the same, and every page with the sections
it holds), and its neighbours in the front matter, which docs/overrides/main.html turns into
<link rel="prev|next">.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import escape, urls
from .output import Output, fragment_placeholder

PAGE_BUDGET = 48_000
"""Gzipped bytes of Markdown per page. Measured at 10,000 synthetic entries, a page's HTML gzips to 1 to 1.5 times
its Markdown (lists near 1, briefings with their table of contents near 1.5), and the theme adds about 5 KB: a
page then stays below 100 KB gzipped, as GitHub Pages serves it. Gzip, not length, because lists of titles and
figures compress three times better than lists of summaries."""

LINE_BUDGET = 600
"""Lines with text per page (items, rows, headings, paragraphs). Lists of titles and table rows gzip so well
that the byte budget alone let a page of all cards in one table grow to 20,000 elements, which a phone takes
seconds to lay out; 600 lines keep a page at a few thousand elements (today the longest page, a briefing, has 487)."""

_ATTR_LIST = re.compile(r"\s*\{ #[A-Za-z0-9_-]+ \}\s*$")  # '{ #po }' after a heading: the anchor stays on its page
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)")  # a Markdown link made by our templates: its text
_SMALL = re.compile(r"\s*<small>.*?</small>")
_SEPARATOR = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")  # a table's |---|---| line
_ANCHOR = re.compile(r"\{ #([A-Za-z0-9_-]+) \}\s*$")


@dataclass
class _Page:
    lines: list[str] = field(default_factory=list)
    size: int = 0
    items: int = 0  # lines of its own, beyond the introduction and the headings it repeats
    start: str = ""
    end: str = ""

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line.encode("utf-8")) + 1


def _heading_level(line: str) -> int:
    match = re.match(r"(#{2,6}) ", line)
    return len(match.group(1)) if match else 0


def _label(line: str) -> str:
    """The visible words of a heading or item line, still escaped Markdown: what a pager may show as link text."""
    text = _SMALL.sub("", _ATTR_LIST.sub("", line.lstrip("#").strip()))
    if text.startswith(("- ", "|")):
        link = _LINK.search(text)
        text = link.group(1) if link else text.strip("-| ").split(" | ")[0]
    text = _LINK.sub(r"\1", text)
    return text.replace("**", "").strip()


def _continued(line: str) -> str:
    return _ATTR_LIST.sub("", line) + " (vervolg)"


def _packed_if_too_long(text: str, budget: int, max_lines: int) -> int | None:
    """None when the text fits one page; else its gzipped size in bytes."""
    data = text.encode("utf-8")
    long = text.count("\n") > max_lines and sum(1 for line in text.split("\n") if line.strip()) > max_lines
    if len(data) <= budget and not long:
        return None
    packed = len(gzip.compress(data, 6))
    return None if packed <= budget and not long else packed


def fits(page: Output) -> bool:
    """Whether a page stays within one page's budget (for a page that cannot be split, such as a form)."""
    return _packed_if_too_long(page.text, PAGE_BUDGET, LINE_BUDGET) is None


def paginate(page: Output, budget: int | None = None, max_lines: int | None = None) -> tuple[list[Output], dict[str, str]]:
    """The page itself if it fits, else its pages in order; and on which page each heading anchor landed.
    `budget` is in gzipped bytes (PAGE_BUDGET unless given), `max_lines` in lines with text (LINE_BUDGET)."""
    budget = budget or PAGE_BUDGET
    max_lines = max_lines or LINE_BUDGET
    text = page.text
    data = text.encode("utf-8")
    packed = _packed_if_too_long(text, budget, max_lines)
    if packed is None:
        return [page], {}
    budget = len(data) * budget // packed  # in bytes of Markdown, at this page's own rate of compression
    front, body = _split_front_matter(text)
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("## ") or line.startswith("|")), len(lines))
    intro, rest = lines[:first], lines[first:]
    heading = next((line for line in intro if line.startswith("# ")), None)

    pages = [_Page()]
    for line in intro:
        pages[0].add(line)
    chain: dict[int, str] = {}  # the headings above the current line, by level
    table_head: list[str] = []  # the header and separator of the table the current line is in
    last = ""  # the line before
    previous_item = False  # whether the last line with text was an item
    fence = ""  # the fence of the code block the current line is in (a body in a briefing may hold one)
    for line in rest:
        opens = re.match(r"(`{3,}|~{3,})", line)
        if fence or opens:  # inside a code block no line is a heading or an item, and no page ends
            fence = "" if fence and line.startswith(fence) and not line.strip(fence[0]).strip() else fence or (
                opens.group(1) if opens else "")
            pages[-1].add(line)
            pages[-1].items += 1 if line.strip() else 0
            last, previous_item = line, False
            continue
        level = _heading_level(line)
        row = line.startswith("|") and last.startswith("|") and not _SEPARATOR.fullmatch(line)
        item = line.startswith("- ") or row
        current = pages[-1]
        full = current.size + len(line) > budget or current.items >= max_lines
        if (level or (item and previous_item)) and current.items and full:
            current = _Page()
            pages.append(current)
            if heading:
                current.add(heading)
                current.add("")
            for parent in sorted(k for k in chain if not level or k < level):
                current.add(_continued(chain[parent]))
                current.add("")
            if row:
                for head in table_head:
                    current.add(head)
        if level:
            chain = {k: v for k, v in chain.items() if k < level}
            chain[level] = line
        if line.startswith("|") and not row:
            table_head = [*table_head, line] if last.startswith("|") else [line]
        elif not line.startswith("|"):
            table_head = []
        current.add(line)
        if line.strip():
            current.items += 1
            if level or item:
                where = " › ".join(_label(chain[k]) for k in sorted(chain)) if chain else _label(line)
                current.start = current.start or where
                current.end = where
            previous_item = item
        last = line
    if len(pages) == 1:
        return [page], {}
    return _finish(page, front, pages)


def _split_front_matter(text: str) -> tuple[list[str], str]:
    if not text.startswith("---\n"):
        return [], text
    end = text.index("\n---\n", 4)
    return text[4:end].split("\n"), text[end + 5:]


def _finish(page: Output, front: list[str], pages: Sequence[_Page]) -> tuple[list[Output], dict[str, str]]:
    total = len(pages)
    uris = [page.path] + [urls.page_of(page.path, n) for n in range(2, total + 1)]
    outputs: list[Output] = []
    anchors: dict[str, str] = {}
    for n, (uri, part) in enumerate(zip(uris, pages, strict=True), start=1):
        previous, following = (uris[n - 2] if n > 1 else None), (uris[n] if n < total else None)
        top = _pager(uri, n, total, previous, following)
        bottom = _pager(uri, n, total, previous, following, pages=[(u, p) for u, p in zip(uris, pages, strict=True)])
        body = part.lines
        at = next((i + 1 for i, line in enumerate(body) if line.startswith("# ")), 0)
        text_lines = [*body[:at], "", *top, "", *body[at:], "", *bottom, ""]
        meta = _front(front, n, total, previous, following)
        content = "---\n" + "\n".join(meta) + "\n---\n" + "\n".join(text_lines).rstrip("\n") + "\n"
        for line in body:
            anchor = _ANCHOR.search(line) if _heading_level(line) else None
            if anchor:
                anchors.setdefault(anchor.group(1), uri)
        fragments = {name: html for name, html in page.fragments.items() if fragment_placeholder(name) in content}
        outputs.append(replace(page, path=uri, content=content, fragments=fragments,
                               in_nav=page.in_nav and n == 1))
    return outputs, anchors


def _front(front: list[str], n: int, total: int, previous: str | None, following: str | None) -> list[str]:
    meta = []
    for line in front:
        if n > 1 and line.startswith("title: "):
            title = html.unescape(json.loads(line.removeprefix("title: ")))
            line = f"title: {escape.front_matter(f'{title}, pagina {n} van {total}')}"
        meta.append(line)
    if previous:
        meta.append(f"kennisbank_prev: {escape.front_matter(urls.page_url(previous))}")
    if following:
        meta.append(f"kennisbank_next: {escape.front_matter(urls.page_url(following))}")
    return meta


def _pager(uri: str, n: int, total: int, previous: str | None, following: str | None,
           pages: Sequence[tuple[str, _Page]] = ()) -> list[str]:
    """Markdown of a pager (MkDocs checks and rewrites its links): previous, where we are, next; with `pages`
    also the list of every page and what it holds."""
    parts = []
    if previous:
        parts.append(f"[← Vorige pagina]({urls.relative(uri, previous)})")
    parts.append(f"Pagina {n} van {total}")
    if following:
        parts.append(f"[Volgende pagina →]({urls.relative(uri, following)})")
    label = "Pagina's van dit overzicht" if pages else "Bladeren door dit overzicht"
    lines = [f'<div class="kb-pager" role="navigation" aria-label="{label}" markdown>', "", " · ".join(parts)]
    if pages:
        lines += ["", "Alle pagina's:", ""]
        for number, (target, part) in enumerate(pages, start=1):
            what = part.start if part.start == part.end else f"{part.start} – {part.end}"
            what = what or f"pagina {number}"
            if number == n:
                lines.append(f"{number}. **{what}** (deze pagina)")
            else:
                lines.append(f"{number}. [{what}]({urls.relative(uri, target)})")
    lines += ["", "</div>"]
    return lines
