"""Tooltips show their text as text: a title can never become markup, on hover, focus or tap.

A tooltip shows a string that comes from content: the title of an <abbr> (written in a body, or a glossary
term's meaning on every page where the term is used), the title of a link or of any element, and the text of
a nav item or of the page title in the header when it is cut off with an ellipsis. If a tooltip puts that
string into the page as HTML, a title such as '&lt;img src=x onerror=alert(1)&gt;' runs a script as soon as a
reader points at the word.

Two small sites are built. tests/browser/tooltips/unchecked/ plants payloads in every one of those places and
is built with the content checker switched off, so that only the way tooltips are shown stands between the
payloads and the reader. tests/browser/tooltips/checked/ passes `kennisbank check` and is built normally; its
tooltips hold text that is tricky but allowed ('kinderen < 4 jaar & ouders > 30', quotes, apostrophes), and
each must be shown exactly as written, with no '&lt;' or '&amp;' in sight.

Every page of the fixture entries, the home page and the glossary page are opened at a desktop and a phone
width. Every abbr, every element with a title and every ellipsis text that is cut off (with its link) is
pointed at with the mouse and focused, and clicked as a tap would when it is not a link, button or label;
at the phone width the drawer is opened afterwards to reach the nav. Any dialog, alert/confirm/prompt call, request to another host,
navigation away or element with an event-handler attribute fails the test, with the page, the element and
the place where the payload number (alert(N), evil.example/N or src=xN) was planted.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

from ..conftest import GOLDEN, build_project, make_project, overlay_content
from .conftest import _QuietHandler
from .test_hostile import WRAP_DIALOGS, _Server, numbers

FIXTURE = Path(__file__).parent / "tooltips"
UNCHECKED = FIXTURE / "unchecked"
CHECKED = FIXTURE / "checked"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
DWELL_MS = 300  # how long the pointer and the focus stay on an element: time for a (delayed) tooltip to open
HOME_AND_GLOSSARY = ["index.html", "begrippen/index.html"]
UNCHECKED_PAGES = HOME_AND_GLOSSARY + [
    "praktijk/tip-practice/index.html", "themas/tip-theme/index.html", "meetups/tip-meetup/index.html",
    "verzamelingen/tip-collection/index.html",
]
CHECKED_PAGES = HOME_AND_GLOSSARY + ["praktijk/tip-practice/index.html", "themas/tip-theme/index.html"]
# Escapes that must never be visible in a tooltip: the text was escaped once too often.
ESCAPE_LEFTOVER = re.compile(r"&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);", re.I)

# What the checked fixture's tooltips must show, exactly: (page, viewport or None for both, text).
PRACTICE = "praktijk/tip-practice/index.html"
THEME = "themas/tip-theme/index.html"
PRACTICE_TITLE = "Kinderen < 4 jaar & ouders > 30: \"samen\" lezen, 's avonds voorlezen met de hele familie thuis en op school"
THEME_TITLE = "Kinderen < 4 & ouders > 30, \"samen\" 's avonds Voorleesbevorderingsprogrammaonderzoeksresultaten"
EXPECTED_TEXTS = [
    (PRACTICE, None, "kinderen < 4 jaar & ouders > 30"),  # glossary term JKO
    (PRACTICE, None, "\"voorschool\" in 't dorp, 's middags"),  # glossary term TIPQ
    (PRACTICE, None, "het \"Nationaal Programma\" van de scholen"),  # <abbr> in the body
    (PRACTICE, None, "van 't Rijk, voor 's ochtends"),  # <abbr> in the body
    (PRACTICE, None, "Wat 'ouders' & kinderen < 4 zeggen"),  # Markdown link title
    (THEME, None, "kinderen < 4 jaar & ouders > 30"),  # the glossary term on another page
    (PRACTICE, "phone", PRACTICE_TITLE),  # the page title in the header, cut off on a phone
    (PRACTICE, "desktop", "Kinderen < 4 jaar & ouders > 30 Voorleesbevorderingsprogrammaonderzoek"),  # toc
    (THEME, "desktop", THEME_TITLE),  # the theme in the nav, cut off by its long word
    (THEME, "phone", THEME_TITLE),  # the same in the drawer
]

# Every element that can show a tooltip, each once: elements with the same tag, title and text in the same
# part of the page behave the same (a page has seven '¶' links with the same title, for instance), unless one
# of them is hidden or it is an ellipsis text, which may be cut off in one place and not in another. The
# link around an ellipsis text is handled with it: pointing at the text points at the link, and the link
# gets the focus. From here on a MutationObserver records every element with an event-handler attribute, and every
# script, frame, embed or meta element, that appears in the page, even if it is gone again a moment later.
COLLECT = """
() => {
  const problems = [];
  const live = new Set(["script", "iframe", "frame", "object", "embed", "meta", "base", "portal"]);
  const inspect = node => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const el of [node, ...node.querySelectorAll("*")]) {
      for (const attr of el.attributes) {
        if (attr.name.toLowerCase().startsWith("on")) {
          problems.push(`element <${el.localName}> with ${attr.name}="${attr.value}"`);
        }
      }
      if (live.has(el.localName)) problems.push(`new element ${el.outerHTML.slice(0, 160)}`);
    }
  };
  new MutationObserver(records => {
    for (const record of records) {
      if (record.type === "childList") {
        record.addedNodes.forEach(inspect);
      } else if (record.attributeName.toLowerCase().startsWith("on")) {
        const value = record.target.getAttribute(record.attributeName);
        problems.push(`element <${record.target.localName}> got ${record.attributeName}="${value}"`);
      }
    }
  }).observe(document, {childList: true, subtree: true, attributes: true});
  window.__kbTooltipProblems = problems;

  // An ellipsis text that is not cut off has nothing more to show, so it gets no tooltip; those are left out.
  const cutOff = el => el.scrollWidth > el.clientWidth || el.hasAttribute("title") ||
                       Boolean(el.closest("a") && el.closest("a").hasAttribute("title"));
  const found = new Set([...document.body.querySelectorAll("abbr, [title], .md-ellipsis")]
    .filter(el => !el.matches(".md-ellipsis") || cutOff(el)));
  const covered = new Set([...found].filter(el => el.matches(".md-ellipsis")).map(el => el.closest("a")));
  const seen = new Set();
  const targets = [];
  for (const el of found) {
    if (covered.has(el)) continue;
    const area = el.closest("header, nav, main, footer");
    const text = el.textContent.replace(/\\s+/g, " ").trim();
    const key = [el.localName, el.getAttribute("title"), text, el.getClientRects().length > 0,
                 area ? area.localName + (area.getAttribute("aria-label") || "") : ""].join("\\u0000");
    // Whether a text is cut off depends on where it is, so every ellipsis text counts on its own.
    if (el.matches(".md-ellipsis") || !seen.has(key)) {
      seen.add(key);
      targets.push(el);
    }
  }
  // The header comes last, as it may need the page scrolled (see STEP).
  targets.sort((a, b) => Boolean(a.closest("header")) - Boolean(b.closest("header")));
  window.__kbTooltipTargets = targets;
  return targets.map(el => {
    const title = el.getAttribute("title");
    const text = el.textContent.replace(/\\s+/g, " ").trim();
    return `<${el.localName}${el.className ? ` class="${el.className}"` : ""}` +
           `${title === null ? "" : ` title="${title}"`}>${text.slice(0, 160)}`;
  });
}
"""
# One step on a page: what the previous element's tooltip showed and what appeared in the page meanwhile;
# then the focus leaves it and moves to the next element that can be pointed at or focused. The element is
# brought into view, and the pointer goes to a point where the element itself is hit.
# The tooltip shown is the one the element points to (aria-describedby), else any visible element with
# role=tooltip (one that is still fading out may be among them), else the title attribute that the browser
# itself would show.
STEP = """
async ({previous, queue}) => {
  const targets = window.__kbTooltipTargets;
  const visible = tip => tip.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
                         tip.getClientRects().length > 0 && tip.innerText.trim() !== "";
  const shownBy = el => {
    const owners = [el, el.closest("a")].filter(Boolean);
    let tips = owners.flatMap(owner => (owner.getAttribute("aria-describedby") || "").split(/\\s+/))
      .filter(Boolean).map(id => document.getElementById(id))
      .filter(tip => tip && tip.getAttribute("role") === "tooltip" && visible(tip));
    if (!tips.length) tips = [...document.querySelectorAll("[role=tooltip]")].filter(visible);
    if (tips.length) return [...new Set(tips.map(tip => tip.innerText.trim()))];
    const titled = owners.find(owner => owner.hasAttribute("title"));
    return titled ? [titled.getAttribute("title")] : [];
  };
  const pointFor = el => {
    for (const box of el.getClientRects()) {
      const left = Math.max(box.left, 0), right = Math.min(box.right, window.innerWidth);
      const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, window.innerHeight);
      if (right - left < 1 || bottom - top < 1) continue;
      const x = (left + right) / 2, y = (top + bottom) / 2;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) return {x, y};
    }
    return null;
  };
  const prepare = async el => {
    if (!el.isConnected) return null;
    let point = null;
    if (el.closest("header")) {
      // The header stays where it is, but what it shows depends on the scroll position: the page title only
      // once the page is scrolled past its heading. So try here, then the bottom and the top of the page.
      const ends = [document.documentElement.scrollHeight - window.innerHeight, 0];
      point = pointFor(el);
      for (const end of ends) {
        if (point || !el.getClientRects().length || Math.abs(window.scrollY - end) < 1) continue;
        window.scrollTo(0, end);
        for (let tries = 0; !point && tries < 20; tries++) {
          await new Promise(done => setTimeout(done, 50));  // the header reacts to the scroll
          point = pointFor(el);
        }
      }
    } else {
      el.scrollIntoView({block: "center", inline: "nearest"});
      point = pointFor(el);
    }
    const focusable = el.closest("a, button, input, select, textarea, summary, [tabindex]") || el;
    focusable.focus({preventScroll: true});
    const focused = document.activeElement === focusable;
    // A click stands in for a tap, except on what a click would follow or switch (links, buttons, labels).
    const click = !el.closest("a, button, input, select, textarea, summary, label");
    if (point) return {point, focused, click};
    return focused ? {point: null, focused, click: false} : null;
  };

  const shown = previous === null ? [] : shownBy(targets[previous]);
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  const problems = window.__kbTooltipProblems.splice(0);
  const skipped = [];
  for (const index of queue) {
    const next = await prepare(targets[index]);
    if (next) return {shown, problems, skipped, index, ...next};
    skipped.push(index);
  }
  return {shown, problems, skipped, index: null};
}
"""


# -- where each payload was planted --------------------------------------------------------------------

@functools.cache
def planted() -> dict[str, str]:
    """Payload number → 'practices/tip-practice.md line 12: <the line>'."""
    where: dict[str, str] = {}
    for file in sorted(UNCHECKED.rglob("*.md")):
        for line_number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            for number in numbers(line):
                assert number not in where, f"payload number {number} is used twice in the fixture"
                where[number] = f"{file.relative_to(UNCHECKED).as_posix()} line {line_number}: {line.strip()}"
    return where


def report(where: str, problem: str) -> str:
    lines = [planted().get(number, f"unknown payload number {number}") for number in numbers(problem)]
    return f"{where}: {problem}" + "".join(f"\n    ← {line}" for line in lines)


# -- the sites -----------------------------------------------------------------------------------------

def _build(tmp_path_factory, name: str, content: Path, *, checker: bool) -> Path:
    # Checker off as in test_hostile.py: only the way tooltips are shown stands between the payloads and the reader.
    project = make_project(tmp_path_factory.mktemp(f"tooltips-{name}"), GOLDEN / "base" / "content", content)
    return build_project(project, checker=checker)


@contextmanager
def _served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "unchecked", UNCHECKED, checker=False)


@pytest.fixture(scope="module")
def checked_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "checked", CHECKED, checker=True)


def test_checked_fixture_passes_the_checker(tmp_path) -> None:
    """The 'checker on' site must hold only content that `kennisbank check --strict` accepts."""
    from kennisbank.cli import main

    content = overlay_content(tmp_path, GOLDEN / "base" / "content", CHECKED)
    assert main(["check", "--strict", "--content", str(content)]) == 0


# -- the pages in Chromium -----------------------------------------------------------------------------

@dataclass
class Sweep:
    """One page at one width. Each step points at the next element, focuses it (or its link) and, if it is
    not a link or button, clicks it as a tap would; the next step records what happened meanwhile."""

    browser: Any
    base_url: str
    page_path: str
    viewport: str
    found: list[tuple[str, str]] = field(default_factory=list)  # (where, problem)
    shown: list[tuple[str, list[str]]] = field(default_factory=list)  # (element, texts its tooltip showed)
    touched: list[str] = field(default_factory=list)  # elements that were pointed at or focused
    dialogs: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.url = f"{self.base_url}/{self.page_path.removesuffix('index.html')}"
        self.context = self.browser.new_context(viewport=VIEWPORTS[self.viewport])
        self.context.route("**/*", self._only_local)
        self.context.expose_function("__kbDialogCall", lambda name, text: self.calls.append(f"{name}({text})"))
        self.context.add_init_script(WRAP_DIALOGS)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("framenavigated",
                     lambda frame: self.navigations.append(frame.url) if frame == self.page.main_frame else None)
        self.targets: list[str] = []
        self.queue: list[int] = []
        self.unreached: list[int] = []
        self.menu = "closed" if self.viewport == "phone" else "none"  # a phone's nav is in a drawer, opened last
        self.reopened = 0
        self.current: int | None = None
        self.doing = "loading the page"
        self.done = False

    def _only_local(self, route) -> None:
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}({dialog.message})")
        dialog.dismiss()

    def start(self) -> None:
        self.page.goto(self.url, wait_until="commit")

    def loaded(self) -> None:
        self.page.wait_for_load_state("load")

    def collect(self) -> None:
        self.targets = self.page.evaluate(COLLECT)
        self.queue = list(range(len(self.targets)))

    def advance(self) -> None:
        """Record what happened since the last step, then move on to the next element (or open the drawer)."""
        from playwright.sync_api import Error as PlaywrightError

        problems = [f"dialog {dialog}" for dialog in self.dialogs]
        problems += [f"call {call}" for call in self.calls]
        problems += [f"request to another host: {url}" for url in self.requests
                     if not url.startswith(self.base_url) and not url.startswith("data:")]
        problems += [f"navigated to {url}" for url in self.navigations if not self._here(url)]
        self.dialogs.clear()
        self.calls.clear()
        self.requests.clear()
        self.navigations.clear()
        previous, doing = self.current, self.doing
        self.current = None
        try:
            if not self._here(self.page.url):
                # Report it, open the page again and go on with the next element, so one payload that
                # navigates does not hide the others.
                problems.append(f"ended on {self.page.url}")
                self._reopen()
                previous = None
            step = self.page.evaluate(STEP, {"previous": previous, "queue": self.queue})
            problems += step["problems"]
            if previous is not None:
                self.shown.append((self.targets[previous], step["shown"]))
            self.unreached += step["skipped"]
            self.queue = self.queue[len(step["skipped"]) + (step["index"] is not None):]
            if step["index"] is not None:
                self._point_at(step)
            elif self.menu == "closed":
                self.queue, self.unreached = self.unreached, []
                self.doing = "opening the menu"
                self._open_menu()
            else:
                self.done = True
        except _Stop as stop:
            problems.append(str(stop))
            self.done = True
        except PlaywrightError as error:
            problems.append(f"page no longer usable: {error.message.splitlines()[0]}")
            if self._here(self.page.url):
                self.done = True  # else the next step reports where it went and opens the page again
        where = f"{self.page_path} at {self.viewport} width, {doing}"
        self.found += [(where, problem) for problem in dict.fromkeys(problems)]

    def _here(self, url: str) -> bool:
        return urldefrag(url).url == urldefrag(self.url).url

    def _open_menu(self) -> None:
        self.menu = "open"
        self.page.mouse.move(1, 1)
        self.page.locator("header label[for='__drawer']").click(timeout=5_000)

    def _reopen(self) -> None:
        self.reopened += 1
        if self.reopened > 5:
            raise _Stop("left the page too often; stopped")
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(DWELL_MS)
        if len(self.page.evaluate(COLLECT)) != len(self.targets):
            raise _Stop("the page has other elements after opening it again; stopped")
        if self.menu == "open":
            self._open_menu()

    def _point_at(self, step: dict[str, Any]) -> None:
        self.current = step["index"]
        element = self.targets[self.current]
        self.touched.append(element)
        actions = (["pointing at"] if step["point"] else []) + (["focusing"] if step["focused"] else [])
        if step["point"] and step["click"]:
            actions.append("clicking")
            self.page.mouse.click(step["point"]["x"], step["point"]["y"])
        elif step["point"]:
            self.page.mouse.move(step["point"]["x"], step["point"]["y"])
        self.doing = f"{' and '.join(actions)} {element}"

    def close(self) -> None:
        self.context.close()


class _Stop(Exception):
    pass


def _sweep(browser, sites: dict[str, tuple[Path, list[str]]]) -> dict[str, list[Sweep]]:
    """Every page of every site at every width, side by side: each step moves on to the next element on
    every page and then waits once, so the time a tooltip gets to open is paid per step, not per element."""
    for site, pages in sites.values():
        missing = [page for page in pages if not (site / page).is_file()]
        assert missing == [], f"the fixture no longer produces these pages: {missing}"
    with ExitStack() as stack:
        urls = {name: stack.enter_context(_served(site)) for name, (site, _) in sites.items()}
        sweeps = {name: [Sweep(browser, urls[name], page, viewport) for page in pages for viewport in VIEWPORTS]
                  for name, (_, pages) in sites.items()}
        every = [sweep for group in sweeps.values() for sweep in group]
        try:
            for sweep in every:
                sweep.start()
            for sweep in every:
                sweep.loaded()
            every[0].page.wait_for_timeout(DWELL_MS)  # Material marks cut-off texts once they are laid out
            for sweep in every:
                sweep.collect()
            while active := [sweep for sweep in every if not sweep.done]:
                for sweep in active:
                    sweep.advance()
                active[0].page.wait_for_timeout(DWELL_MS)
        finally:
            for sweep in every:
                sweep.close()
    return sweeps


@pytest.fixture(scope="module")
def sweeps(browser, unchecked_site: Path, checked_site: Path) -> dict[str, list[Sweep]]:
    return _sweep(browser, {"unchecked": (unchecked_site, UNCHECKED_PAGES), "checked": (checked_site, CHECKED_PAGES)})


def test_tooltips_run_nothing_from_content(sweeps: dict[str, list[Sweep]]) -> None:
    found = [item for sweep in sweeps["unchecked"] for item in sweep.found]
    # Every payload must have been pointed at or focused somewhere, or the test proves nothing about it.
    touched = {number for sweep in sweeps["unchecked"] for element in sweep.touched for number in numbers(element)}
    untouched = sorted(set(planted()) - touched, key=int)
    if found:
        ran = sorted({number for _, problem in found for number in numbers(problem)}, key=int)
        pytest.fail(f"{len(found)} problem(s) with tooltips; payloads that ran or reached out: {', '.join(ran)}\n"
                    + "\n".join(report(where, problem) for where, problem in found)
                    + (f"\n(payloads never pointed at or focused: {untouched})" if untouched else ""), pytrace=False)
    assert not untouched, "these payloads were never pointed at or focused:\n" + "\n".join(
        planted()[number] for number in untouched)


def test_tooltips_show_tricky_text_exactly(sweeps: dict[str, list[Sweep]]) -> None:
    failures = [report(where, problem) for sweep in sweeps["checked"] for where, problem in sweep.found]
    shown = {(sweep.page_path, sweep.viewport): sweep.shown for sweep in sweeps["checked"]}
    for (page, viewport), items in shown.items():
        failures += [f"{page} at {viewport} width, {element}: tooltip shows escaped text {text!r}"
                     for element, texts in items for text in texts if ESCAPE_LEFTOVER.search(text)]
    for page, only, text in EXPECTED_TEXTS:
        for viewport in [only] if only else list(VIEWPORTS):
            seen = list(dict.fromkeys(item for _, texts in shown[(page, viewport)] for item in texts))
            if text not in seen:
                failures.append(f"{page} at {viewport} width: no tooltip shows exactly {text!r}; "
                                f"tooltips shown: {seen}")
    if failures:
        pytest.fail(f"{len(failures)} problem(s) with tooltips:\n" + "\n".join(failures), pytrace=False)
