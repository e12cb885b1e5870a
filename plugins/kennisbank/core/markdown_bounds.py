"""Bounds on Markdown bodies (nesting, block size, brackets, emphasis, render depth and time), so that no body
can crash or stall a build.

Python-Markdown recurses once per nesting level (lists, block quotes, admonitions, emphasis inside emphasis)
and is quadratic in a few constructs: unclosed '[' and unclosed '(' after a link text scan to the end of their
block, and every heading, rule or abbreviation definition re-splits the rest of its block. A body of 170 KB
(under the file cap) can therefore end a build with a RecursionError or keep it busy for hours. Two checks keep
that from happening:

1. `structure_problems`: one linear pass that bounds what makes rendering deep or quadratic: nesting per line,
   lines and characters per block, '[' per block and their depth, emphasis markers per block. Within these
   bounds the worst body of the maximum file size renders in about a second.
2. `render_problems`: the body rendered with the site's own Markdown configuration (mkdocs.yml), with less
   stack than a build has and a stopwatch, for whatever the first pass does not model.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import markdown
import yaml

from .safety import blank_fenced_code

MAX_BODY_CHARS = 50_000  # the longest card today has 4,500
MAX_NESTING = 10  # list, quote and indentation levels on one line
MAX_HEADINGS = 200
MAX_ABBREVIATIONS = 50  # '*[term]: meaning' lines (the glossary's terms need none)
MAX_BODY_BRACKETS = 500
MAX_BODY_EMPHASIS = 2_000
MAX_BLOCK_LINES = 200  # lines without a blank line between them
MAX_BLOCK_CHARS = 20_000
MAX_BRACKETS = 200  # '[' in one block
MAX_BRACKET_DEPTH = 10
MAX_EMPHASIS = 400  # '*' and '_' in one block
# A build renders a body some 100 frames deep (MkDocs, Jinja, our plugin) with Python's default limit of 1,000;
# a body that renders within this many frames here leaves the build a wide margin.
RECURSION_BUDGET = 400
# Real bodies render in a few milliseconds; one at the bounds above takes up to about half a second, and a
# build renders a body several times (its page, briefings, PDFs).
MAX_RENDER_SECONDS = 0.5

# Used when there is no mkdocs.yml next to the content folder (tests, re-users of the core).
DEFAULT_EXTENSIONS = ("abbr", "admonition", "attr_list", "md_in_html", "tables", "toc")

_LEAD = re.compile(r"(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1)+[ \t]*$")
_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$)", re.M)
_ABBREVIATION = re.compile(r"^[ \t]*\*\[", re.M)

Problem = tuple[int, str, str]  # (offset in the body, code, Dutch message)


def _nesting(line: str) -> int:
    """How many levels deep a line sits: its indentation in steps of four, then its quote and list markers."""
    expanded = line.expandtabs(4)
    rest = expanded.lstrip(" ")
    depth = (len(expanded) - len(rest)) // 4
    if _RULE.match(rest):
        return depth  # '* * *' and '- - -' are a horizontal rule, not three lists
    position = 0
    while match := _LEAD.match(rest, position):
        if match.end() == position:
            break
        depth += 1
        position = match.end()
    return depth


def structure_problems(body: str) -> Iterator[Problem]:
    """Nesting, block size, brackets and emphasis beyond the bounds, each reported once, in one linear pass."""
    if len(body) > MAX_BODY_CHARS:
        yield 0, "body-too-long", (
            f"deze tekst is te lang ({len(body)} tekens; maximaal {MAX_BODY_CHARS}). Verdeel hem over meer "
            "kaarten of zet lange bijlagen op een eigen website en link ernaar.")
        return
    text = blank_fenced_code(body)
    reported: set[str] = set()
    for pattern, most, code, what in ((_HEADING, MAX_HEADINGS, "too-many-headings", "koppen"),
                                      (_ABBREVIATION, MAX_ABBREVIATIONS, "too-many-abbreviations",
                                       "afkortingen ('*[…]:')")):
        found = list(itertools.islice(pattern.finditer(text), most + 1))
        if len(found) > most:
            reported.add(code)
            yield found[most].start(), code, (
                f"deze tekst heeft meer dan {most} {what}; dat maakt de site traag om te bouwen. Verdeel hem over "
                "meer kaarten.")
    emphasis = text.count("*") + text.count("_")
    if emphasis > MAX_BODY_EMPHASIS:
        reported.add("too-much-emphasis")
        yield re.search(r"[*_]", text).start(), "too-much-emphasis", (  # type: ignore[union-attr]
            f"deze tekst heeft {emphasis} tekens '*' of '_' (vet en cursief; maximaal {MAX_BODY_EMPHASIS}); dat "
            "maakt de site traag om te bouwen. Verdeel hem over meer kaarten.")
    if text.count("[") > MAX_BODY_BRACKETS:
        reported.add("too-many-brackets")
        yield text.index("["), "too-many-brackets", (
            f"deze tekst heeft meer dan {MAX_BODY_BRACKETS} keer '['; dat maakt de site traag om te bouwen. "
            "Verdeel hem over meer kaarten, of schrijf een losse '[' als '\\['.")

    def once(code: str, offset: int, message: str, key: str = "") -> Iterator[Problem]:
        if code + key not in reported:
            reported.add(code + key)
            yield offset, code, message

    offset = 0
    block_start, block_lines = -1, 0
    for line in text.split("\n"):
        if not line.strip():
            if block_start >= 0:
                yield from _block_problems(text, block_start, offset, block_lines, once)
            block_start, block_lines = -1, 0
        else:
            if block_start < 0:
                block_start = offset
            block_lines += 1
            depth = _nesting(line)
            if depth > MAX_NESTING:  # once per block: a deep list is one mistake, not one per line
                yield from once("too-deep", offset, (
                    f"deze regel staat {depth} niveaus diep (lijsten in lijsten, citaten of inspringing); "
                    f"maximaal {MAX_NESTING}. Maak de lijst platter of haal inspringing weg."), key=str(block_start))
        offset += len(line) + 1
    if block_start >= 0:
        yield from _block_problems(text, block_start, len(text), block_lines, once)


def _block_problems(text: str, start: int, end: int, lines: int,
                    once: Callable[[str, int, str], Iterator[Problem]]) -> Iterator[Problem]:
    block = text[start:end]
    if lines > MAX_BLOCK_LINES or len(block) > MAX_BLOCK_CHARS:
        yield from once("block-too-long", start, (
            f"dit tekstblok is te lang ({lines} regels, {len(block)} tekens zonder lege regel ertussen); maximaal "
            f"{MAX_BLOCK_LINES} regels en {MAX_BLOCK_CHARS} tekens. Zet lege regels tussen alinea's, koppen en "
            "lijsten, of splits de tabel."))
    brackets = emphasis = depth = 0
    escaped = False
    for index, char in enumerate(block):
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            brackets += 1
            depth += 1
            if brackets > MAX_BRACKETS:
                yield from once("too-many-brackets", start + index, (
                    f"dit tekstblok heeft meer dan {MAX_BRACKETS} keer '['; dat maakt de site traag om te bouwen. "
                    "Verdeel de tekst over meer alinea's, of schrijf een losse '[' als '\\['."))
            if depth > MAX_BRACKET_DEPTH:
                yield from once("brackets-too-deep", start + index, (
                    f"hier staan meer dan {MAX_BRACKET_DEPTH} haken '[' in elkaar; schrijf een losse '[' als '\\['."))
        elif char == "]":
            depth = max(0, depth - 1)
        elif char in "*_":
            emphasis += 1
            if emphasis > MAX_EMPHASIS:
                yield from once("too-much-emphasis", start + index, (
                    f"dit tekstblok heeft meer dan {MAX_EMPHASIS} tekens '*' of '_' (vet en cursief); verdeel de "
                    "tekst over meer alinea's, of schrijf een los teken als '\\*' of '\\_'."))


def setup_key(root: Path | None) -> str:
    """Everything a body's check depends on besides the body: the extensions and their settings, the Markdown and
    pymdownx releases and this module (its bounds and checks). A body that passed under the same key will again."""
    names, settings = site_extensions(root)
    try:
        from importlib.metadata import version

        pymdownx = version("pymdown-extensions")
    except Exception:  # noqa: BLE001 - not installed: part of the key all the same
        pymdownx = "-"
    bounds = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # the limits and the checks themselves
    text = repr((list(names), sorted(settings.items(), key=lambda item: item[0]), markdown.__version__, pymdownx,
                 bounds, sys.version_info[:2]))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_EXTENSIONS: dict[tuple[str, int, int], tuple[Sequence[Any], dict[str, Any]]] = {}
"""site_extensions per mkdocs.yml as it was (path, modification time, size): every rebuild under `serve` asks."""


def site_extensions(root: Path | None) -> tuple[Sequence[Any], dict[str, Any]]:
    """The Markdown extensions and their settings from mkdocs.yml in root, as MkDocs will render with them."""
    config = root / "mkdocs.yml" if root is not None else None
    if config is None or not config.is_file():
        return DEFAULT_EXTENSIONS, {}
    status = config.stat()
    key = (str(config.resolve()), status.st_mtime_ns, status.st_size)
    if key not in _EXTENSIONS:
        _EXTENSIONS[key] = _read_extensions(config)
    names, settings = _EXTENSIONS[key]
    return list(names), copy.deepcopy(settings)


def _read_extensions(config: Path) -> tuple[Sequence[Any], dict[str, Any]]:
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 - safe loader
    except (OSError, UnicodeError, yaml.YAMLError):
        return DEFAULT_EXTENSIONS, {}
    names: list[str] = []
    settings: dict[str, Any] = {}
    for item in (data or {}).get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                if isinstance(options, dict):
                    settings[name] = options
    usable = []
    for name in names:
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: settings[name]} if name in settings else {})
        except Exception:  # noqa: BLE001 - an extension this machine lacks: render without it
            settings.pop(name, None)
            continue
        usable.append(name)
    return usable, settings


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml uses tags such as !ENV and !!python/name; their values do not matter for the extensions."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def renderer(root: Path | None) -> markdown.Markdown:
    """One Markdown instance with the site's configuration, to render many bodies (reset between them)."""
    names, settings = site_extensions(root)
    return markdown.Markdown(extensions=list(names), extension_configs=settings)


def render_problems(body: str, md: markdown.Markdown) -> Iterator[Problem]:
    """Render the body with less stack than a build has, and time it. Whatever rendering raises is a problem of
    this body, never a crash of the check."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + RECURSION_BUDGET)
    failure: BaseException | None = None
    # CPU time of this thread, not the clock: on a busy machine (CI, a laptop building something else) the clock
    # runs on while the body waits for a core, and an ordinary body would be reported as too slow.
    started = time.thread_time()
    try:
        md.reset()
        md.convert(body)
    except Exception as exc:  # noqa: BLE001 - reported below, after the stack limit is back
        failure = exc
    finally:
        sys.setrecursionlimit(limit)
    seconds = time.thread_time() - started
    if isinstance(failure, RecursionError):
        yield 0, "too-deep", (
            "deze tekst is te diep genest om op te maken (lijsten, citaten of vet en cursief in elkaar). "
            "Maak de structuur platter.")
    elif failure is not None:
        yield 0, "unrenderable", (
            f"deze tekst kan niet opgemaakt worden ({type(failure).__name__}). Vereenvoudig de opmaak, of meld het "
            "als issue als de tekst gewone Markdown is.")
    elif seconds > MAX_RENDER_SECONDS:
        yield 0, "too-slow", (
            f"deze tekst kost te veel tijd om op te maken ({seconds:.1f} s; maximaal {MAX_RENDER_SECONDS:.1f} s). "
            "Verdeel lange alinea's en tabellen met lege regels en sluit haken '[' en '(' af.")


def body_problems(body: str, md: markdown.Markdown) -> list[Problem]:
    """Both checks; the rendering only when the structure is within bounds (else it could take minutes)."""
    problems = list(structure_problems(body))
    return problems or list(render_problems(body, md))
