"""Hostile input, class by class: every file ends in problems with a place, never a crash, a hang, a forged
line or a file read from outside content/; and plain text never becomes markup on a page."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

from kennisbank.cli import main
from kennisbank.core import loader
from kennisbank.core.documents import Document
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import KINDS
from kennisbank.core.validation import DUTCH_ERROR_TYPES, validate
from kennisbank.outputs.pages import render_site

from .conftest import GOLDEN, overlay_content

LINE = re.compile(r"^content/[^\n]*:\d+:\d+: (error|warning): [^\n]+$")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return overlay_content(tmp_path, GOLDEN / "base" / "content")


def write(content: Path, relative: str, text: str | bytes) -> Path:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def problems_of(content: Path) -> list[str]:
    result = load_knowledge_base(content)
    lines = [p.format() for p in result.problems]
    for line in lines:
        assert LINE.match(line), f"not one problem line: {line!r}"
        assert "interne fout" not in line
    return lines


PRACTICE = "---\ntitle: Lezen\nsummary: Lees voor.\nthemes: [taal-centraal]\nsources: [{title: Iets}]\n{extra}---\nTekst.\n"


def practice(extra: str = "") -> str:
    return PRACTICE.replace("{extra}", extra)


# -- crashes found by attacking the checker, each now a problem with its line -------------------------------

@pytest.mark.parametrize(("extra", "expected"), [
    ("s[ectors: [po]\n", "content/practices/lezen.md:6:1: error: onbekend veld 's[ectors'"),
    ("str: 1\n", "content/practices/lezen.md:6:1: error: onbekend veld 'str'"),
    ("int: 1\n", "content/practices/lezen.md:6:1: error: onbekend veld 'int'"),
    ("list: [1]\n", "content/practices/lezen.md:6:1: error: onbekend veld 'list'"),
    ("questions: [{str: 1}]\n", "content/practices/lezen.md:6:13: error: 'gespreksvragen, 1e waarde' moet tekst zijn"),
    ("year: 1.0e999\n", "content/practices/lezen.md:6:7: error: getal '1.0e999' is te groot"),
    ("number: " + "9" * 5000 + "\n", "content/practices/lezen.md:6:9: error: getal '99999999999999999999…' is te groot"),
    ("related: " + "[" * 480 + "]" * 480 + "\n", "content/practices/lezen.md:6:22: error: de gegevens zijn te diep genest"),
])
def test_former_crashes_are_problems(content: Path, extra: str, expected: str) -> None:
    write(content, "practices/lezen.md", practice(extra))
    lines = problems_of(content)
    assert any(line.startswith(expected) for line in lines), lines


def test_nested_unknown_key_is_named_by_its_own_name(content: Path) -> None:
    write(content, "practices/lezen.md", practice("").replace("sources: [{title: Iets}]", "sources:\n  - title: Iets\n    list: x"))
    assert problems_of(content) == [
        "content/practices/lezen.md:7:5: error: onbekend veld 'list'. Toegestane velden hier: title, authors, "
        "publisher, year, url, note."]


def test_a_nested_list_item_is_named_in_dutch_at_its_own_place(content: Path) -> None:
    write(content, "scans/leraar.yml", "title: Scan\nrole: Leraar\nsummary: Kort.\nsectors: [po]\nstatements:\n"
          "  - key: een\n    text: Eerste.\n    theme: taal-centraal\n    reason: Past.\n"
          "  - key: twee\n    text: Tweede.\n    theme: taal-centraal\n    reason: Past.\n    sectors: [po, basis]\n")
    lines = problems_of(content)
    assert any(line.startswith("content/scans/leraar.yml:14:19: error: ongeldige waarde 'basis' voor 'stellingen, "
                               "2e item: sectoren, 2e waarde'.") for line in lines), lines
    assert not any(re.search(r"\[\d+\]", line) for line in lines), lines  # no field paths like 'statements[2]'


def test_deep_block_nesting_is_a_problem(content: Path) -> None:
    nested = "".join(" " * level + f"k{level}:\n" for level in range(480))
    write(content, "practices/lezen.yml", nested)
    assert any("te diep genest" in line for line in problems_of(content))


def test_symlinks_and_special_files_are_refused_without_reading(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "geheim.md"
    outside.write_text(practice())
    os.symlink("/dev/zero", content / "practices" / "nul.md")
    os.symlink(outside, content / "practices" / "buiten.md")
    os.symlink(tmp_path, content / "practices" / "map")
    os.mkfifo(content / "practices" / "pijp.md")  # reading it would hang
    lines = problems_of(content)
    assert "content/practices/nul.md:1:1: error: dit is een snelkoppeling" in "\n".join(lines)
    assert "content/practices/buiten.md:1:1: error: dit is een snelkoppeling" in "\n".join(lines)
    assert "content/practices/map:1:1: error: dit is een snelkoppeling" in "\n".join(lines)
    assert "content/practices/pijp.md:1:1: error: dit is geen gewoon tekstbestand" in "\n".join(lines)
    assert "geheim" not in "\n".join(lines)


def test_newlines_in_keys_and_file_names_cannot_forge_lines(content: Path) -> None:
    write(content, "practices/lezen.md", practice('"x\\ncontent/nep.md:1:1: error: nep": 1\n'))
    write(content, "practices/a\nb.md", practice())
    lines = problems_of(content)
    assert not any(line.startswith("content/nep.md") for line in lines)
    assert any("x\\ncontent/nep.md" in line for line in lines)
    assert any(line.startswith("content/practices/a\\nb.md:1:1: error: bestandsnaam") for line in lines)


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\x85", "\u2028", "\x1b"])
def test_control_characters_are_problems(content: Path, char: str) -> None:
    write(content, "practices/lezen.md", practice().replace("title: Lezen", f"title: Le{char}zen"))
    write(content, "practices/body.md", practice().replace("lezen", "body").replace("Tekst.", f"Te{char}kst."))
    lines = problems_of(content)
    assert f"content/practices/lezen.md:2:10: error: onzichtbaar stuurteken (code U+{ord(char):04X})" in "\n".join(lines)
    assert f"content/practices/body.md:7:3: error: onzichtbaar stuurteken (code U+{ord(char):04X})" in "\n".join(lines)


def test_duplicate_id_blames_the_new_file_once(content: Path) -> None:
    # practices/voorlezen.md exists and other entries refer to it; a new initiative takes the same name
    write(content, "initiatives/voorlezen.yml", "title: Nieuw\nsummary: Iets.\nscope: landelijk\n")
    assert problems_of(content) == [
        "content/initiatives/voorlezen.yml:1:1: error: id 'voorlezen' bestaat al "
        "(content/practices/voorlezen.md). Elke bestandsnaam moet in de hele kennisbank uniek zijn; kies een "
        "andere naam."]


# -- plain text and links ---------------------------------------------------------------------------

PAYLOADS = [
    "`<img src=x onerror=alert(1)>`",
    "<!--><img src=x onerror=alert(1)>-->",
    '`"><img src=x onerror=alert(1)>`',
    "</span></div></header></main>",
    "Lees &lt;script&gt; voor",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_plain_text_is_a_problem_at_its_line(content: Path, payload: str) -> None:
    write(content, "practices/lezen.md", practice().replace("summary: Lees voor.", f"summary: {payload!r}"))
    lines = problems_of(content)
    assert lines and all(line.startswith("content/practices/lezen.md:3:10: error:") for line in lines), lines


def test_off_site_images_in_bodies_are_problems(content: Path) -> None:
    write(content, "practices/lezen.md", practice().replace(
        "Tekst.", "Zie ![](https://evil.example/p.png) en ![b][r].\n\n[r]: //evil.example/x.png\n\n![eigen](../a.png)"))
    lines = problems_of(content)
    assert [line.split(": error: ")[0] for line in lines] == ["content/practices/lezen.md:7:9",
                                                            "content/practices/lezen.md:7:40"]


@pytest.mark.parametrize("url", ['https://example.org/"onmouseover="alert(1)', "https://example.org/<script>",
                                 "https://example.org/a b"])
def test_urls_that_could_break_out_are_problems(content: Path, url: str) -> None:
    write(content, "practices/lezen.md", practice().replace("{title: Iets}", f"{{title: Iets, url: {url!r}}}"))
    assert any(line.startswith("content/practices/lezen.md:5:") for line in problems_of(content))


HOSTILE_TEXT = ('`<img src=x onerror=alert(1)>` <!--><img src=x onerror=alert(2)>--> '
                '0;url=https://evil.example/" http-equiv="refresh [x](javascript:alert(3)) ![](https://evil.example/p.png) '
                '{: onclick=alert(4) } </span></div></header></main>')


def test_pages_escape_plain_text_even_when_the_checker_is_bypassed(content: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line of defence alone: with the checker switched off, hostile text still renders as text."""
    import markdown

    monkeypatch.setattr(loader, "content_safety_problems", lambda *args, **kwargs: [])
    text = HOSTILE_TEXT.replace('"', '\\"')
    write(content, "practices/lezen.md", "---\n"
          f'title: "{text}"\nsummary: "{text}"\nthemes: [taal-centraal]\nnumber: "1"\n'
          f'questions: ["{text.replace("{: onclick=alert(4) }", "")} {{regio}}"]\n'
          f'sources: [{{title: "{text}", publisher: "{text}", url: "https://example.org/a)![t](https://evil.example/x.png"}}]\n'
          "---\nTekst.\n")
    result = load_knowledge_base(content)
    assert result.errors == []
    pages = {page.path: page for page in render_site(result.knowledge, {"content/practices/lezen.md": dt.date(2026, 1, 1)})}
    for path in ("praktijk/lezen.md", "themas/taal-centraal.md", "praktijk/index.md", "index.md", "sectoren/index.md"):
        page = pages[path].text
        head, _, body = page.partition("\n---\n")
        assert "<" not in head.replace("&lt;", "") and "\\u2028" not in head, path
        html = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html", "admonition"])
        elements = _elements(html)
        bad = [(tag, attrs) for tag, attrs in elements if tag in ("img", "script", "iframe", "meta")
               or any(name.startswith("on") or "javascript:" in (value or "") for name, value in attrs)]
        assert bad == [], (path, html)


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

        def handle_comment(self, data: str) -> None:
            found.append(("!--", []))

    Collect().feed(html)
    return found


# -- the command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/etc/passwd", "/tmp", "elders.md"])
def test_check_outside_the_content_folder_is_a_usage_error(content: Path, target: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (content.parent / "elders.md").write_text(practice())
    assert main(["check", target]) == 2
    assert "ligt niet in de map met inhoud" in capsys.readouterr().err


# -- every pydantic error our models can raise has a Dutch message ----------------------------------------

ODD_VALUES: list[Any] = [None, True, 7, 1.5, "", "x", "2021-13-45", "ftp://x", "nee", [], ["x"], [{}], {}, {"a": 1},
                         -99, 10**9, "a" * 300]


def _field_paths(model: Any) -> list[tuple[Any, ...]]:
    from kennisbank.core.models.fields import fields_of, walk

    return [field.path for field in walk(fields_of(model))]


def test_every_error_type_the_models_raise_has_a_dutch_message() -> None:
    """Enumerates the error types by putting odd values into every field path of every kind."""
    seen: set[str] = set()
    for kind in KINDS:
        for path in _field_paths(kind.model):
            for value in ODD_VALUES:
                data: Any = value
                for part in reversed(path):
                    data = {part: data}
                try:
                    kind.model.model_validate(data)
                except Exception as exc:  # noqa: BLE001 - pydantic's ValidationError, inspected below
                    seen.update(err["type"] for err in exc.errors())  # type: ignore[attr-defined]
                document = Document(path="content/x.yml", data=data)
                for problem in validate(kind.model, document)[1]:
                    assert "Input should" not in problem.message and "Field required" not in problem.message
    assert seen - DUTCH_ERROR_TYPES == set()
    assert {"missing", "extra_forbidden", "literal_error", "string_type", "list_type"} <= seen | DUTCH_ERROR_TYPES
