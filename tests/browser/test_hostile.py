"""Hostile content: the output side must be safe on its own, even when the content checker misses something.

tests/browser/hostile/content/ plants script, redirect and off-site payloads in every text field and every
Markdown body of every kind. The site is built from it with the checker switched off, and then every built
HTML page is read twice: as text by html.parser (no event handlers, no content scripts, no refresh, no
frames, no off-site images, no javascript: links) and in Chromium (no dialog, no alert/confirm/prompt call,
no request to another host, no navigation away). The search box gets the same treatment in Chromium: its
results are built in the browser from the search index, where the payloads are plain data.

A further test keeps the fixture complete: every free-text field of every model must carry a payload.

Every payload carries its own number, as alert(N), evil.example/N or <img src=xN>; a failure is reported with
the page and the field (or body line) where the number was planted.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from ..conftest import build_project, make_project
from .conftest import Visit, _QuietHandler

HOSTILE = Path(__file__).parent / "hostile" / "content"
TAG = re.compile(r"alert\((\d+)\)|evil\.example/(\d+)|src=x(\d+)")
# The pages the fixture must produce: one per kind, the overviews and the hand-written pages around them.
EXPECTED_PAGES = [
    "index.html", "themas/hostile-theme/index.html", "praktijk/hostile-practice/index.html",
    "praktijk/hostile-related/index.html", "lezen/hostile-reading/index.html",
    "initiatieven/hostile-initiative/index.html", "initiatieven/hostile-place-note/index.html",
    "meetups/hostile-meetup/index.html", "verzamelingen/hostile-collection/index.html",
    "bronnen/hostile-document/index.html", "themas/index.html", "praktijk/index.html", "initiatieven/index.html",
    "lezen/index.html", "sectoren/index.html", "meetups/index.html", "verzamelingen/index.html",
    "verantwoording/index.html", "begrippen/index.html", "zelfscan/index.html", "404.html",
]
# Records every alert/confirm/prompt call through an exposed function, which (unlike a variable on window)
# survives a navigation, then lets the real dialog open so page.on("dialog") sees it too.
WRAP_DIALOGS = """
for (const name of ["alert", "confirm", "prompt"]) {
  const original = window[name];
  window[name] = function (...args) {
    try { window.__kbDialogCall(name, args.map(String).join(" ")); } catch (e) {}
    return original.apply(this, args);
  };
}
"""
# What a finished page should not contain once Material's JavaScript has run: event-handler attributes
# anywhere, and scripts that are not Material's own (inside the article, off-site, or calling alert).
DOM_PROBLEMS = """
(base) => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) {
        found.push(`element <${el.localName}> with ${attr.name}="${attr.value}"`);
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    if (["application/ld+json", "application/json"].includes((script.getAttribute("type") || "").toLowerCase())) {
      // Data, never run (JSON-LD, the self-scan's data): it only has to stay valid JSON without a raw '<'
      // (checked in Python as well).
      try { JSON.parse(script.textContent); } catch (e) { found.push("JSON-LD that is not JSON"); }
      continue;
    }
    const src = script.getAttribute("src");
    const offSite = src !== null && !new URL(src, document.baseURI).href.startsWith(base);
    if (script.closest(".md-content") || offSite || script.textContent.includes("alert")) {
      found.push(`<script> from content: ${script.outerHTML.slice(0, 160)}`);
    }
  }
  return found;
}
"""


# -- where each payload was planted --------------------------------------------------------------------

def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def fixture_strings() -> Iterator[tuple[str, str, str]]:
    """(file, field, text) for every string in the fixture; field is 'sources[0].title' or 'body line 3'."""
    for file in sorted(HOSTILE.rglob("*.md")):
        _, front, body = file.read_text(encoding="utf-8").split("---\n", 2)
        name = file.relative_to(HOSTILE).as_posix()
        for field, text in _strings(yaml.safe_load(front), ""):
            yield name, field, text
        for number, line in enumerate(body.splitlines(), 1):
            yield name, f"body line {number}", line


@functools.cache
def planted() -> dict[str, str]:
    """Payload number → 'practices/hostile-practice.md, sources[0].title: <the value>'."""
    where: dict[str, str] = {}
    for name, field, text in fixture_strings():
        for number in numbers(text):
            assert number not in where, f"payload number {number} is used twice in the fixture"
            where[number] = f"{name}, {field}: {text}"
    return where


def numbers(text: str) -> list[str]:
    return list(dict.fromkeys(next(group for group in match.groups() if group) for match in TAG.finditer(text)))


def report(page: str, problem: str) -> str:
    """One failure line: the page, what was found and, if it carries a payload number, where that was planted."""
    where = [planted().get(number, f"unknown payload number {number}") for number in numbers(problem)]
    return f"{page}: {problem}" + "".join(f"\n    ← {item}" for item in where)


# -- the site ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    # The content checker switched off: only the escaping and sanitising of the output stand between the
    # payloads and the reader.
    return build_project(make_project(tmp_path_factory.mktemp("hostile-site"), HOSTILE), checker=False)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Chromium drops the connection when a page it is loading navigates away; the test reports that
        # navigation itself, so the server's traceback would only be noise.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def html_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


# Text fields the model only accepts from a fixed list or pattern, so no payload can get in.
UNPLANTABLE = {
    # a CBS municipality name
    ("initiatives", "places.gemeente"), ("meetups", "region.places.gemeente"), ("meetups", "place.gemeente"),
    ("glossary", "forms"),  # letters, digits, spaces and a few punctuation marks
    ("scans", "statements.key"),  # lower-case letters, digits and hyphens
}


def _text_fields(schema: dict[str, Any], defs: dict[str, Any], path: str = "") -> Iterator[str]:
    """Dotted paths of the free-text fields in a JSON Schema: no enum, pattern, format or reference to ids."""
    if {"enum", "const", "pattern", "format", "x-ref"} & set(schema):
        return
    if "$ref" in schema:
        yield from _text_fields(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, path)
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        yield from _text_fields(option, defs, path)
    if schema.get("type") == "object":
        for name, field in schema.get("properties", {}).items():
            yield from _text_fields(field, defs, f"{path}.{name}" if path else name)
    elif schema.get("type") == "array":
        yield from _text_fields(schema.get("items", {}), defs, path)
    elif schema.get("type") == "string":
        yield path


def test_fixture_has_a_payload_in_every_text_field() -> None:
    """Keeps the fixture complete as the models grow: a new kind or text field needs a payload here too."""
    from kennisbank.core.models import KINDS

    planted_fields = {(name.split("/")[0], re.sub(r"\[\d+\]", "", field))
                      for name, field, text in fixture_strings() if numbers(text)}
    covered = planted_fields | UNPLANTABLE
    missing = []
    for kind in KINDS:
        schema = kind.model.model_json_schema()
        for field in sorted(set(_text_fields(schema, schema.get("$defs", {})))):
            if (kind.folder, field) not in covered:
                missing.append(f"content/{kind.folder}/: {field}")
        if (kind.folder, "body line 1") not in planted_fields:
            missing.append(f"content/{kind.folder}/: Markdown body")
    assert not missing, "add a payload for these to tests/browser/hostile/content/:\n" + "\n".join(missing)


def test_every_page_type_is_built(hostile_site: Path) -> None:
    missing = [page for page in EXPECTED_PAGES if not (hostile_site / page).is_file()]
    assert missing == [], "the hostile fixture no longer produces these pages"


# -- the HTML as text ----------------------------------------------------------------------------------

LOCAL = "http://site.test/"
FRAMES = ("iframe", "frame", "object", "embed", "base")  # each one lets another document or host in


class _InertCheck(HTMLParser):
    """Collects everything in one page that could run script, redirect, frame or fetch from another host."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = urljoin(LOCAL, page)
        self.found: list[str] = []
        self.script: list[str] | None = None
        self.script_type = ""
        self.payload_images: list[str] = []  # src of every <img src=xN> that a payload turned into an element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag}> has event handler {name}={value!r}")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and _scheme(value) in (
                    "javascript", "vbscript"):
                self.found.append(f"<{tag}> has a {_scheme(value)}: URL in {name}={value!r}")
        if tag == "img" and re.fullmatch(r"x\d+", values.get("src", "")):
            self.payload_images.append(f"<img src={values['src']}>")
        for name in ("src", "srcset", "poster"):
            first_url = (values.get(name) or "").split(" ")[0]  # srcset: "url 2x, …"
            if tag not in FRAMES and name in values and _off_site(urljoin(self.base, first_url)):
                self.found.append(f"<{tag}> loads from another host: {name}={values[name]!r}")
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self.found.append(f"<meta http-equiv=refresh content={values.get('content')!r}>")
        if tag in FRAMES:
            self.found.append(f"<{tag}> element: {values}")
        if tag == "script":
            self.script = []
            self.script_type = (values.get("type") or "").strip().lower()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            text = "".join(self.script)
            if self.script_type in ("application/ld+json", "application/json"):
                # Structured data (JSON-LD, the self-scan's data) is never run, but it must stay data: valid
                # JSON with no '<' that could end the element early. Payloads in it ('alert(…)') are then only text.
                try:
                    json.loads(text)
                except ValueError:
                    self.found.append(f"{self.script_type} that is not JSON: {text.strip()[:120]!r}")
                if "<" in text:
                    self.found.append(f"{self.script_type} with a raw '<': {text.strip()[:120]!r}")
            elif "alert" in text:
                self.found.append(f"<script> calling alert: {text.strip()[:120]!r}")
            self.script = None

    def handle_comment(self, data: str) -> None:
        # html.parser reads '<!--><img onerror=…>-->' as one comment; browsers end the comment at '<!-->'
        # and run the markup after it. So markup inside a comment counts as live markup.
        if data.startswith((">", "->")) or re.search(r"<\s*[a-zA-Z/!]", data):
            self.found.append(f"comment with markup that browsers would run: <!--{data[:120]}-->")


def _scheme(url: str) -> str:
    # Browsers drop whitespace and control characters from a URL before reading its scheme.
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""


def _off_site(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.netloc != urlsplit(LOCAL).netloc


def _checked(site: Path, page: str) -> _InertCheck:
    check = _InertCheck(page)
    check.feed((site / page).read_text(encoding="utf-8"))
    check.close()
    return check


def test_built_html_is_inert(hostile_site: Path) -> None:
    failures = []
    for page in html_pages(hostile_site):
        failures += [report(page, problem) for problem in _checked(hostile_site, page).found]
    if failures:
        pytest.fail(f"{len(failures)} unsafe spot(s) in the built HTML:\n" + "\n".join(failures), pytrace=False)


def test_plain_text_fields_never_become_markup(hostile_site: Path) -> None:
    """Front-matter fields are plain text: an <img src=xN> planted in one must reach the page as text. If it
    became an element, the field went into HTML or Markdown unescaped and only the sanitiser saved the page
    (and readers see a broken image instead of the text). Raw HTML in a Markdown body is the sanitiser's job,
    so images from bodies do not count here."""
    failures = []
    for page in html_pages(hostile_site):
        for image in _checked(hostile_site, page).payload_images:
            if not any(", body line " in planted().get(number, "") for number in numbers(image)):
                failures.append(report(page, f"plain text rendered as markup: {image}"))
    if failures:
        pytest.fail(f"{len(failures)} plain-text field(s) rendered as markup:\n" + "\n".join(failures),
                    pytrace=False)


# -- the pages in Chromium -----------------------------------------------------------------------------

class HostileVisit(Visit):
    """A Visit that also records dialogs, alert/confirm/prompt calls and main-frame navigations."""

    def __init__(self, browser, base_url: str, url: str) -> None:
        super().__init__(browser, base_url)
        self.url = url
        self.found: list[str] = []
        self.dialogs: list[str] = []
        self.calls: list[str] = []
        self.navigations: list[str] = []
        self.context.expose_function("__kbDialogCall", lambda name, text: self.calls.append(f"{name}({text})"))
        self.context.add_init_script(WRAP_DIALOGS)
        self.page.on("dialog", self._dialog)
        self.page.on("framenavigated",
                     lambda frame: self.navigations.append(frame.url) if frame == self.page.main_frame else None)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}({dialog.message})")
        dialog.dismiss()

    def step(self, action) -> None:
        from playwright.sync_api import Error as PlaywrightError  # like conftest: without it `browser` skips

        try:
            action()
        except PlaywrightError as error:  # e.g. a redirect that interrupts the load: report it with the rest
            self.found.append(f"loading failed: {error.message.splitlines()[0]}")

    def problems(self) -> list[str]:
        found = self.found + [f"dialog {dialog}" for dialog in self.dialogs]
        found += [f"call {call}" for call in self.calls]
        found += [f"request to another host: {request}" for request in self.external_requests()]
        found += [f"navigated to {target}" for target in self.navigations if target != self.url]
        if self.page.url != self.url:
            found.append(f"ended on {self.page.url}")
        else:
            found += self.page.evaluate(DOM_PROBLEMS, self.base_url + "/")
        return list(dict.fromkeys(found))


BATCH = 8  # pages loading side by side, so ~50 pages (and more as regions grow) stay within the time budget


def test_pages_run_nothing_from_content_in_chromium(browser, hostile_site: Path, hostile_url: str) -> None:
    pages = html_pages(hostile_site)
    failures = []
    for first in range(0, len(pages), BATCH):
        batch = {page: HostileVisit(browser, hostile_url, f"{hostile_url}/{page.removesuffix('index.html')}")
                 for page in pages[first:first + BATCH]}
        try:
            for visit in batch.values():
                visit.step(lambda visit=visit: visit.page.goto(visit.url, wait_until="commit"))
            for visit in batch.values():
                # After "load" every image has been requested and every inline handler has had its chance.
                visit.step(lambda visit=visit: visit.page.wait_for_load_state("load"))
            # A meta refresh with a delay of 0 fires right after "load"; give it a moment to do so.
            next(iter(batch.values())).page.wait_for_timeout(400)
            for page, visit in batch.items():
                failures += [report(page, problem) for problem in visit.problems()]
        finally:
            for visit in batch.values():
                visit.close()
    if failures:
        pytest.fail(f"{len(failures)} problem(s) in Chromium:\n" + "\n".join(failures), pytrace=False)


# Queries that bring up the hostile entries. The box highlights the words of the query, which breaks up a
# payload that contains them ('onerror' inside an <img>), so most queries use words next to the payloads. The
# last finds nothing, which makes the box list every theme title instead.
SEARCHES = ["evil example refresh", "meetup verzameling", "onerror", "script alert", "xqzvwk"]


def test_search_results_run_nothing_from_content(browser, hostile_url: str) -> None:
    visit = HostileVisit(browser, hostile_url, f"{hostile_url}/")
    failures = []
    try:
        visit.page.goto(visit.url, wait_until="load")
        visit.page.keyboard.press("/")
        box = visit.page.get_by_role("combobox")
        status = visit.page.locator("[data-kb-search] [role=status]")
        shown = {}
        for query in SEARCHES:
            box.fill("")  # an empty query clears the status, so the next status is this query's own
            visit.page.wait_for_function("el => el.textContent.trim() === ''", arg=status.element_handle())
            box.fill(query)
            visit.page.wait_for_function("el => el.textContent.trim() !== ''", arg=status.element_handle(),
                                         timeout=10_000)
            # An image's error handler runs when the image is complete, so wait for every image in the box.
            visit.page.wait_for_function("() => [...document.querySelectorAll('[data-kb-search] img')]"
                                         ".every(img => img.complete)")
            visit.page.wait_for_timeout(100)
            # The results (options in the listbox) and, after it, the "nothing found" message with its links.
            shown[query] = visit.page.locator("[data-kb-search]").evaluate(
                "w => [...w.querySelectorAll('[role=listbox], .kb-search__empty')].map(e => e.innerText).join(' ')")
            failures += [report(f"search for {query!r}", problem) for problem in visit.problems()]
            visit.dialogs.clear()
            visit.calls.clear()
    finally:
        visit.close()
    assert "onerror" in shown["onerror"], "the search found none of the payloads, so it tested nothing"
    assert "Thema" in shown["xqzvwk"], "a search without results should list the themes"
    if failures:
        pytest.fail(f"{len(failures)} problem(s) in the search box:\n" + "\n".join(dict.fromkeys(failures)),
                    pytrace=False)


def test_zelfscan_results_run_nothing_from_content(browser, hostile_url: str) -> None:
    """The self-scan builds its form and results in the browser from the data of the page: with every statement
    answered, each payload (statement, reason, role, titles) must show as text and run nothing."""
    url = f"{hostile_url}/zelfscan/#rol=hostile-scan&sector=vo&eerste=nee&tweede=deels"
    visit = HostileVisit(browser, hostile_url, url)
    try:
        visit.page.goto(url, wait_until="load")
        results = visit.page.locator(".kb-zelfscan__results")
        results.locator(".kb-zelfscan__reason").nth(1).wait_for()
        visit.page.wait_for_function("() => [...document.querySelectorAll('#kb-zelfscan img')]"
                                     ".every(img => img.complete)")
        visit.page.wait_for_timeout(100)
        shown = visit.page.locator("#kb-zelfscan").inner_text()
        failures = [report("zelfscan", problem) for problem in visit.problems()]
    finally:
        visit.close()
    for text in ("alert(901)", "alert(903)", "alert(904)", "alert(907)", "evil.example/908", "alert(910)"):
        assert text in shown, f"{text} is not shown as text"
    if failures:
        pytest.fail(f"{len(failures)} problem(s) in the self-scan:\n" + "\n".join(failures), pytrace=False)
