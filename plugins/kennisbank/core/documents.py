"""Read one content file into a Document: front matter split and strict YAML with line/column marks."""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, error

try:  # The C parser is several times faster; fall back to pure Python where libyaml is missing.
    from yaml import CSafeLoader as _SafeLoader
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

_IMPLICIT = "tag:kennisbank,2026:implicit"


class _Loader(_Parser):
    """Composes nodes only. Plain scalars get one marker tag: _scalar() types them by YAML 1.2 rules, so
    PyYAML's YAML 1.1 resolver (slow, and it turns 'no' into False) is never consulted."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if kind is yaml.ScalarNode:
            return _IMPLICIT
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

MAX_BYTES = 256 * 1024
"""Entries are short; anything bigger is a mistake (a pasted PDF, a binary) and would slow every build."""

Mark = tuple[int, int]
FieldPath = tuple[Any, ...]

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
} | {"tag:kennisbank,2026:implicit"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# Control characters other than newline and tab, and the Unicode line/paragraph separators: invisible in an
# editor, yet they end lines for some tools (so a page could show its own front matter as text).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
MAX_DEPTH = 12
"""Deepest nesting of blocks and lists a file may have; our models need four levels at most."""
MAX_DIGITS = 15
"""Longest number accepted (years and ratings are short); Python refuses to convert very long ones."""


@dataclass
class Document:
    """A content file as plain data, with the line and column of every YAML node."""

    path: str  # as shown to the user, relative to the repository root
    data: dict[str, Any] | None
    body: str = ""
    body_line: int = 1
    marks: dict[FieldPath, Mark] = field(default_factory=dict)  # value node positions
    key_marks: dict[FieldPath, Mark] = field(default_factory=dict)  # mapping key positions

    def mark(self, loc: FieldPath, *, key: bool = False) -> Mark:
        """Best position for a field path: the key or value itself, else its nearest parent."""
        loc = tuple(loc)
        while True:
            if key and loc in self.key_marks:
                return self.key_marks[loc]
            if loc in self.marks:
                return self.marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


def line_col(text: str, index: int) -> Mark:
    """1-based line and column of a character offset in text."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_document(file: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file. Returns (None, problems) when nothing usable could be read."""
    raw, problem = read_capped(file, display)
    if raw is None:
        return None, [problem] if problem else []
    return parse_document(raw, file.suffix, display)


def parse_document(raw: bytes, suffix: str, display: str) -> tuple[Document | None, list[Problem]]:
    """The bytes of a content file with this extension ('.md', '.yml') parsed, as read_document does."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(display, line, col,
                            "bestand is geen geldige UTF-8-tekst. Sla het bestand op als 'UTF-8' "
                            "(in de meeste editors: Opslaan als → Codering: UTF-8).", "invalid-utf8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        return None, [error(display, 1, 1, "bestand is leeg. Vul de velden in of verwijder het bestand.", "empty-file")]
    control = _CONTROL.search(text)
    if control:
        line, col = line_col(text, control.start())
        return None, [error(display, line, col,
                            f"onzichtbaar stuurteken (code U+{ord(control.group(0)):04X}) in het bestand; verwijder "
                            "het. Zulke tekens komen vaak mee bij kopiëren uit Word of een pdf.", "control-character")]
    if suffix == ".md":
        return _read_markdown(text, display)
    doc, problems = parse_yaml(text, display, line_offset=0)
    return doc, problems


def read_capped(file: Path, display: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, read with a size cap. Symbolic links, folders, pipes and devices are
    refused before anything is read: a pipe would hang the check and /dev/zero would never end."""
    try:
        info = os.lstat(file)
    except OSError as exc:
        return None, error(display, 1, 1, f"bestand kan niet gelezen worden ({exc.strerror})", "unreadable")
    if stat.S_ISLNK(info.st_mode):
        return None, error(display, 1, 1, "dit is een snelkoppeling (symbolische link), geen echt bestand. Zet het "
                                          "bestand zelf in de map in plaats van een koppeling.", "symlink")
    if not stat.S_ISREG(info.st_mode):
        return None, error(display, 1, 1, "dit is geen gewoon tekstbestand (maar bijvoorbeeld een map, pijp of "
                                          "apparaat). Verwijder het uit de map content/.", "not-a-file")
    if info.st_size > MAX_BYTES:
        return None, _too_large(display, info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(file, flags)
    except OSError as exc:
        return None, error(display, 1, 1, f"bestand kan niet gelezen worden ({exc.strerror})", "unreadable")
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # swapped for something else since lstat
            return None, error(display, 1, 1, "dit is geen gewoon tekstbestand. Verwijder het uit de map content/.",
                               "not-a-file")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(handle, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, error(display, 1, 1, f"bestand kan niet gelezen worden ({exc.strerror})", "unreadable")
    finally:
        os.close(handle)
    if size > MAX_BYTES:  # grew while we read it
        return None, _too_large(display, size)
    return b"".join(chunks), None


def _too_large(display: str, size: int) -> Problem:
    return error(display, 1, 1,
                 f"bestand is te groot ({size // 1024} KB; maximaal {MAX_BYTES // 1024} KB). "
                 "Een item is een korte beschrijving: zet lange teksten of PDF's niet in de kennisbank "
                 "maar verwijs ernaar met een link.", "file-too-large")


def _read_markdown(text: str, display: str) -> tuple[Document | None, list[Problem]]:
    lines = text.split("\n")
    if not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        return None, [error(display, 1, 1,
                            "de gegevens bovenaan ontbreken: begin het bestand met een regel '---', "
                            "dan de velden (naam: waarde), dan weer een regel '---'.", "missing-front-matter")]
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            break
    else:
        return None, [error(display, 1, 1,
                            "de afsluitende regel '---' na de gegevens bovenaan ontbreekt. "
                            "Zet een regel met alleen '---' tussen de velden en de tekst.", "unclosed-front-matter")]
    yaml_text = "\n".join(lines[1:index]) + "\n"
    doc, problems = parse_yaml(yaml_text, display, line_offset=1)
    if doc is not None:
        doc.body = "\n".join(lines[index + 1:])
        doc.body_line = index + 2
    return doc, problems


def parse_yaml(text: str, display: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Strict YAML: one mapping, no tabs, no duplicate keys, no anchors or aliases, no custom tags."""
    problems: list[Problem] = []
    for match in re.finditer("\t", text):
        line, col = line_col(text, match.start())
        problems.append(error(display, line + line_offset, col,
                              "tab-teken gevonden. Gebruik spaties in plaats van tabs "
                              "(YAML staat geen tabs toe voor inspringen).", "tab"))
    if problems:
        return None, problems
    if "&" in text or "*" in text:  # cheap pre-check: only then scan the events for anchors and aliases
        problems = _anchor_problems(text, display, line_offset)
        if problems:
            return None, problems
    too_deep = _flow_too_deep(text)
    if too_deep is not None:
        line, col = line_col(text, too_deep)
        return None, [_depth_problem(display, line + line_offset, col)]
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except RecursionError:  # block nesting beyond what the composer can follow; far beyond MAX_DEPTH anyway
        return None, [_depth_problem(display, 1 + line_offset, 1)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [error(display, line + line_offset, col, _yaml_message(exc), "yaml-syntax")]
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, exc.position)
        return None, [error(display, line + line_offset, col,
                            f"ongeldig teken (code {exc.character!r}) in de gegevens; verwijder het.", "bad-character")]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know of carries a mark
        return None, [error(display, 1 + line_offset, 1, f"YAML-fout: {exc}", "yaml-syntax")]
    finally:
        loader.dispose()
    if root is None:
        return None, [error(display, 1 + line_offset, 1,
                            "er staan geen gegevens in (alleen lege regels of commentaar). Vul de velden in.",
                            "empty-data")]
    if not isinstance(root, yaml.MappingNode):
        what = "een lijst" if isinstance(root, yaml.SequenceNode) else "losse tekst"
        line, col = root.start_mark.line + 1 + line_offset, root.start_mark.column + 1
        return None, [error(display, line, col,
                            f"de gegevens zijn {what}, maar moeten velden zijn in de vorm 'naam: waarde' "
                            "(bijvoorbeeld 'title: Voorlezen').", "not-a-mapping")]
    builder = _Builder(display, line_offset)
    data = builder.build(root, ())
    return Document(path=display, data=data, marks=builder.marks, key_marks=builder.key_marks), builder.problems


_QUOTED = re.compile(r"'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"|#[^\n]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _flow_too_deep(text: str) -> int | None:
    """Offset where [ ] / { } nesting first exceeds MAX_DEPTH, else None. Checked before parsing: the
    parser recurses per level, so 100,000 brackets in a small file would exhaust the stack."""
    if "[" not in text and "{" not in text:
        return None
    stripped = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    depth = 0
    offset = 0
    for match in re.finditer(r"[\[\]{}]", stripped) if stripped.count("[") + stripped.count("{") > MAX_DEPTH else ():
        offset = match.start()
        depth = depth + 1 if match.group(0) in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return offset
    return None


def _depth_problem(display: str, line: int, col: int) -> Problem:
    return error(display, line, col,
                 f"de gegevens zijn te diep genest (meer dan {MAX_DEPTH} niveaus lijsten of blokken in elkaar). "
                 "Geen enkel veld heeft zoveel niveaus nodig: controleer de inspringing en de haakjes.", "too-deep")


def _anchor_problems(text: str, display: str, line_offset: int) -> list[Problem]:
    """Anchors and aliases, found in the event stream (which never expands them, so a bomb stays cheap).
    The first one is reported with its place; the rest are counted, not listed."""
    found: list[tuple[int, int, str]] = []
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                found.append((event.start_mark.line + 1 + line_offset, event.start_mark.column + 1, f"{sign}{anchor}"))
    except yaml.YAMLError:
        pass  # the real parse reports the syntax error with its own message
    if not found:
        return []
    line, col, name = found[0]
    more = f" (en nog {len(found) - 1} keer in dit bestand)" if len(found) > 1 else ""
    return [error(display, line, col,
                  f"YAML-anker of -verwijzing '{name}' is niet toegestaan{more}. Schrijf elke waarde voluit; zet "
                  "tekst die met & of * begint tussen aanhalingstekens.", "yaml-anchor")]


_YAML_HINTS = [
    ("mapping values are not allowed", "onverwachte dubbele punt ':'. Springt deze regel verder in dan de "
     "regel erboven? Zet velden op hetzelfde niveau precies even ver. Staat er een ':' in de tekst? Zet de hele "
     "waarde dan tussen aanhalingstekens, bijvoorbeeld title: \"Taal: de basis\"."),
    ("could not find expected ':'", "verwachtte 'naam: waarde' maar de ':' ontbreekt. Controleer deze regel "
     "en de regel erboven (vergeten dubbele punt, of tekst die doorloopt zonder in te springen?)."),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten. "
     "Controleer of elk \" en ' een partner heeft."),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet gesloten. Controleer of elk \" en ' een partner heeft."),
    ("expected a single document", "er staat meer dan één '---'-blok in. Een bestand bevat precies één item."),
    ("did not find expected key", "de inspringing klopt niet. Velden op hetzelfde niveau moeten precies even ver "
     "inspringen (gebruik spaties)."),
    ("did not find expected '-' indicator", "de inspringing van de lijst klopt niet. Laat elk lijstitem met '- ' "
     "beginnen, even ver ingesprongen."),
    ("expected <block end>", "de inspringing klopt niet. Velden op hetzelfde niveau moeten precies even ver inspringen."),
    ("found undefined alias", "YAML-verwijzingen ('*naam') zijn niet toegestaan. Schrijf de waarde voluit of zet "
     "tekst die met * begint tussen aanhalingstekens."),
    ("found character that cannot start any token", "dit teken kan hier niet staan. Begint de waarde met @, ` of %? "
     "Zet de hele waarde dan tussen aanhalingstekens."),
    ("found character '@' that cannot start any token", "een waarde mag niet met '@' beginnen. "
     "Zet de hele waarde tussen aanhalingstekens."),
    ("found character '`' that cannot start any token", "een waarde mag niet met '`' beginnen. "
     "Zet de hele waarde tussen aanhalingstekens."),
]


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    for needle, message in _YAML_HINTS:
        if needle in problem or needle in context:
            return f"YAML-fout: {message}"
    return f"YAML-fout: {problem or context}. Controleer de inspringing en de aanhalingstekens op deze regel."


class _Builder:
    """Turns a composed YAML node tree into plain data, noting marks and strictness problems on the way."""

    def __init__(self, display: str, line_offset: int) -> None:
        self.display = display
        self.offset = line_offset
        self.marks: dict[FieldPath, Mark] = {}
        self.key_marks: dict[FieldPath, Mark] = {}
        self.problems: list[Problem] = []
        self.too_deep = False

    def _mark(self, node: yaml.Node) -> Mark:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        mark = node.start_mark
        self.marks[path] = (mark.line + 1 + self.offset, mark.column + 1)
        if len(path) > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.problems.append(_depth_problem(self.display, *self.marks[path]))
            return None
        if node.tag not in _STANDARD_TAGS:
            line, col = self.marks[path]
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(error(self.display, line, col,
                                       f"YAML-tag '{tag}' is niet toegestaan; laat de tag weg.", "yaml-tag"))
            if isinstance(node, yaml.ScalarNode):
                return node.value  # validate the text as if untagged, so other problems still show
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = self._mark(key_node)
                    self.problems.append(error(self.display, line, col,
                                               "een veldnaam moet gewone tekst zijn (geen lijst of blok).", "bad-key"))
                    continue
                key = key_node.value
                if key in result:
                    line, col = self._mark(key_node)
                    first = self.key_marks[path + (key,)][0]
                    self.problems.append(error(self.display, line, col,
                                               f"veld '{key}' staat twee keer in hetzelfde blok (eerst op regel {first}). "
                                               "Voeg de twee samen of verwijder er één.", "duplicate-key"))
                    continue
                self.key_marks[path + (key,)] = self._mark(key_node)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        value = node.value
        if node.style or node.tag != _IMPLICIT:  # plain style is None (Python) or '' (libyaml)
            return value  # quoted or block text, or an explicit standard tag such as !!str, stays text
        # YAML 1.2 core rules, on purpose: 'ja', 'nee', 'no', 'on' stay text instead of turning into booleans.
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
        is_int = bool(_INT.match(value))
        if is_int or _FLOAT.match(value):
            digits = sum(c.isdigit() for c in value.partition("e")[0].partition("E")[0])
            number = None if digits > MAX_DIGITS else (int(value) if is_int else float(value))
            if number is None or (isinstance(number, float) and not math.isfinite(number)):
                line, col = self.marks[path]
                self.problems.append(error(self.display, line, col,
                                           f"getal '{value[:20]}{'…' if len(value) > 20 else ''}' is te groot. "
                                           "Bedoel je tekst? Zet de waarde dan tussen aanhalingstekens.",
                                           "number-too-large"))
                return None
            return number
        return value
