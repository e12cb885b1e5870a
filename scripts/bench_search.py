#!/usr/bin/env python3
"""Search benchmark: our split, on-demand search against Pagefind (and, on request, Material's built-in search),
in Chromium, with each number next to its target.

For each size a site is built: the project's own content/ (size 0, "today's content") or a synthetic corpus of N
distinct realistic entries (scripts/synthetic_corpus.py). The setups:
  ours      the normal build (KENNISBANK_PDF=never): the header box loads lunr (for its Dutch stemmer) and the
            manifest search/index.json on first use, then per query the shards of the terms its words stand for
            and the result cards of the 20 results shown;
  pagefind  site `ours` indexed with `npx pagefind --site` (Pagefind installed on first use into
            .benchmarks-tmp/ with npm, exactly pinned, not in package.json: no browser or other binary is
            downloaded but the platform package from the npm registry), searched through Pagefind's JS API
            (/pagefind/pagefind.js, pagefind.search() and the data of the first 5 results, as its UI shows);
  material  (--setups ours,pagefind,material) the same site with our search box and search.js taken out and
            Material's `search` plugin (lang: nl) put back: its worker fetches search/search_index.json on every
            page view. Its 10,000-entry build takes another 5-15 minutes.
The sites are served from 127.0.0.1 by a static server that gzips text files (HTML, CSS, JS, JSON, SVG) when the
browser accepts gzip, as GitHub Pages does, and counts the response bodies it sends. Debian's Chromium, driven
by Playwright, opens an entry page (the first practice card's, see entry_page) in a fresh context (empty cache)
and then searches:
  page view     bytes until the page and everything it starts have loaded;
  first search  ours and material: press "/" and type the first query word into the real search box; time
                from the "/" keydown to the first result item in the DOM, and the bytes sent meanwhile;
                pagefind: time from importing pagefind.js to the data of the first results;
  later keys    the second query word typed one key at a time; time from keydown to the re-rendered results
                (UI) and, for ours, of the search call alone (kennisbankSearch.find, without the box's rendering).
Setups run interleaved (ours, pagefind, ours, pagefind, ...) so they share the machine's load; the report gives
the median and the minimum. Chromium may resolve no host but 127.0.0.1. With --write the results replace the
search section of BENCHMARKS.md (through bench_site.write_section).

    .venv/bin/python scripts/bench_search.py                       # today's content and 1,000 entries: ~5 minutes
    .venv/bin/python scripts/bench_search.py --sizes 0,1000,10000 --write
        # 10,000 entries add 10-20 minutes on 2 cores, most of it the mkdocs build
    .venv/bin/python scripts/bench_search.py --sizes 10000 --json big.json   # keep the numbers; then
    .venv/bin/python scripts/bench_search.py --from-json small.json big.json --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import ROOT, _EnvLoader, machine, plugin_project, write_section  # noqa: E402  (shared helpers)
from synthetic_corpus import generate  # noqa: E402

from kennisbank.outputs import urls  # noqa: E402

START, END = "<!-- search-results:start -->", "<!-- search-results:end -->"
CHROMIUM = Path(os.environ.get("KENNISBANK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PAGEFIND_VERSION = "1.6.0"
FIRST_WORD, MORE_KEYS = "voorlezen", " thuistaal"  # both words occur throughout the synthetic corpus
PAGEFIND_SHOWN = 5  # results whose data Pagefind's own UI loads before it shows anything
BUILD_TIMEOUT = 1800  # seconds per mkdocs build or pagefind run (a 10,000-entry build takes 5-15 minutes here)
LOAD_TIMEOUT = 300_000  # ms: a page view, or a first search (Material's worker at 10,000 entries is slow)
KEY_TIMEOUT = 60_000  # ms per later keystroke
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}
SETUPS = ("ours", "pagefind", "material")
DEFAULT_SETUPS = "ours,pagefind"
LABELS = {"ours": "ours (split index, on first use)", "material": "Material built-in search",
          "pagefind": f"Pagefind {PAGEFIND_VERSION} (JS API)"}
TARGET_FIRST_BYTES = 150 * 1024  # first search, transferred (gzip)
TARGET_FIRST_MS = 500  # first results, download included
TARGET_KEY_MS = 50  # a later keystroke to its re-rendered results
# Which responses are the search index (page view column) and, for Material, the search code and index its
# worker loads with every page view (counted towards its first search).
INDEX_PATHS = {"ours": ("/search/index.json", "/search/termen/", "/search/kaarten/", "/search/woorden.json"), "material": ("/search/search_index.json",),
               "pagefind": ("/pagefind/",)}
FIRST_PARTS = {"code": ("/assets/",), "manifest": ("/search/index.json",), "shards": ("/search/termen/",),
               "cards": ("/search/kaarten/",)}
"""What our first search fetched, by kind of file: bytes and files."""
MATERIAL_SEARCH = ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/")


# -- building ---------------------------------------------------------------------------------------------------

def corpus(out_dir: Path, size: int) -> Path:
    return generate(out_dir, size)


def run_command(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KENNISBANK_PDF": "never"}
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    if result.returncode != 0:
        raise SystemExit(f"failed in {cwd}: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def build(project: Path) -> float:
    return run_command([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], project)


def material_project(work: Path, content: Path) -> Path:
    """The same site with Material's search plugin instead of ours: no header override, no search.js."""
    project = work / "material"
    project.mkdir()
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "docs" / "overrides" / "partials" / "header.html").unlink()
    shutil.copytree(content, project / "content")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    plugins = []
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "kennisbank" in plugin:
            plugin = {"kennisbank": {**plugin["kennisbank"], "briefing_pdfs": "never"}}
        plugins.append(plugin)
    config["plugins"] = [*plugins, {"search": {"lang": "nl"}}]
    config["extra_javascript"] = [js for js in config.get("extra_javascript", [])
                                  if "kennisbank/search.js" not in (js["path"] if isinstance(js, dict) else js)]
    config["theme"]["custom_dir"] = "docs/overrides"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


PAGEFIND = f"pagefind@{PAGEFIND_VERSION}"
"""Benchmark-only: installed on demand into .benchmarks-tmp/, not in package.json, so the tests' `npm ci`
never needs Pagefind's platform binaries."""
PAGEFIND_DIR = ROOT / ".benchmarks-tmp" / "pagefind"


def install_pagefind() -> None:
    installed = PAGEFIND_DIR / "node_modules" / "pagefind" / "package.json"
    if installed.exists() and json.loads(installed.read_text(encoding="utf-8"))["version"] == PAGEFIND_VERSION:
        return
    PAGEFIND_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(PAGEFIND_DIR), PAGEFIND],
                   check=True, timeout=600)


def pagefind_index(site: Path) -> float:
    return run_command(["npx", "--no-install", "pagefind", "--site", str(site), "--quiet"], PAGEFIND_DIR)


def our_search_files(site: Path) -> list[Path]:
    """The files of our search (manifest, shards, cards, title words), not the explore page's data."""
    return [p for p in (site / "search").rglob("*.json") if p.name != "explore.json"]


def shard_sizes(site: Path) -> dict:
    """Count and served size (largest, median) of the shards and card files."""
    out = {}
    for name, folder in (("shards", "termen"), ("cards", "kaarten")):
        sizes = sorted(file_sizes([p])[1] for p in (site / "search" / folder).glob("*.json"))
        out[name] = {"count": len(sizes), "max": sizes[-1] if sizes else 0,
                     "median": statistics.median(sizes) if sizes else 0}
    out["manifest"] = file_sizes([site / "search" / "index.json"])[1]
    return out


def file_sizes(paths: list[Path]) -> tuple[int, int]:
    """Bytes on disk and as served (gzip level 6 for text files, as is for the rest)."""
    raw = served = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        served += len(gzip.compress(data, 6)) if path.suffix in COMPRESSED else len(data)
    return raw, served


# -- serving ----------------------------------------------------------------------------------------------------

class StaticServer:
    """A folder on 127.0.0.1: text files gzipped when the client accepts gzip, every response body counted."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self._gzipped: dict[Path, bytes] = {}
        for path in [*self.root.glob("**/*.json"), *self.root.glob("**/*.js")]:
            self.gzipped(path)  # compress the large files before anything is timed
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # TCP_NODELAY, as web servers set it: with Nagle's algorithm on, a small body written after its
            # headers waited for the client's delayed ACK, and about one small file in three took 40 ms more
            # from its first byte to its last, which no real host adds.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802 - name of the base class's hook
                owner.respond(self)

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def gzipped(self, path: Path) -> bytes:
        with self.lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(path.read_bytes(), 6)
            return self._gzipped[path]

    def respond(self, request: http.server.BaseHTTPRequestHandler) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(request.path).path)
        target = (self.root / url_path.lstrip("/")).resolve()
        if target.is_dir() and target.is_relative_to(self.root):
            if not url_path.endswith("/"):
                self._send(request, 301, b"", {"Location": url_path + "/"}, url_path)
                return
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            self._send(request, 404, b"not found", {"Content-Type": "text/plain"}, url_path)
            return
        headers = {"Content-Type": mimetypes.guess_type(target.name)[0] or "application/octet-stream",
                   "Cache-Control": "max-age=600", "Vary": "Accept-Encoding"}
        if target.suffix in COMPRESSED and "gzip" in request.headers.get("Accept-Encoding", ""):
            body = self.gzipped(target)
            headers["Content-Encoding"] = "gzip"
        else:
            body = target.read_bytes()
        self._send(request, 200, body, headers, url_path)

    def _send(self, request, status: int, body: bytes, headers: dict[str, str], url_path: str) -> None:
        try:
            request.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return
        with self.lock:
            self.log.append((url_path, len(body)))

    def settle(self, quiet: float = 1.0, need: str | None = None, timeout: float = LOAD_TIMEOUT / 1000) -> None:
        """Wait until no response has been sent for `quiet` seconds (and, if given, `need` has been sent)."""
        deadline = time.monotonic() + timeout
        seen, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            with self.lock:
                count = len(self.log)
                needed = need is None or any(path == need for path, _ in self.log)
            if count != seen:
                seen, since = count, time.monotonic()
            elif needed and time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)
        raise TimeoutError(f"the page kept loading for {timeout:.0f} s (waiting for {need or 'quiet'})")

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            taken, self.log = self.log, []
        return taken


def total(log: list[tuple[str, int]], prefixes: tuple[str, ...] = ("/",)) -> int:
    return sum(size for path, size in log if path.startswith(prefixes))


# -- measuring in the browser -----------------------------------------------------------------------------------

# Watches one results container: `first` ends at the first result item after the first keydown; `next` ends
# at the first re-render after a keydown (a mutation that removes nodes: both boxes clear their list and, in
# the same task, fill it again, so late additions from an earlier render do not count).
PROBE = """
(() => {
  if (window.__bench) return;
  const s = window.__bench = {mode: null, start: null, done: null, fired: null, observer: null};
  addEventListener("keydown", () => {
    if (s.mode && s.start === null) s.start = performance.now();
    if (s.mode && s.done === null) s.last = performance.now();  // the last key before the results
  }, true);
  s.arm = (container, item, mode) => {
    const el = document.querySelector(container);
    if (!s.observer) {
      s.observer = new MutationObserver(records => {
        if (!s.mode || s.start === null || s.done !== null) return;
        const ready = s.mode === "first" ? el.querySelector(item) !== null
                                         : records.some(r => r.removedNodes.length > 0);
        if (!ready) return;
        s.done = performance.now();
        s.fired = window.__benchTimerFired;  // read now: timers started by the keystroke may still fire later
      });
      s.observer.observe(el, {childList: true, subtree: true, characterData: true});
    }
    Object.assign(s, {mode, start: null, last: null, done: null, fired: null});
  };
})();
"""
# Installed before the page's scripts: remembers when the last timer created after the keydown fired, so that
# the time after a timer the box set (search and rendering) can be told from the wait for the timer itself.
TIMERS = """
(() => {
  const original = window.setTimeout;
  window.__benchTimerFired = null;
  window.setTimeout = function (callback, delay, ...rest) {
    if (typeof callback !== "function") return original.call(this, callback, delay, ...rest);
    const created = performance.now();
    return original.call(this, function (...args) {
      const probe = window.__bench;
      if (probe && probe.start !== null && created >= probe.start) window.__benchTimerFired = performance.now();
      return callback.apply(this, args);
    }, delay, ...rest);
  };
})();
"""
UI = {
    "ours": ("#kb-search-results", ".kb-search__result"),
    "material": (".md-search-result", ".md-search-result__item"),
}
# Our own search rules, called directly on the loaded index: the search alone, without the box or rendering.
OURS_SEARCH_ONLY = """
async ([first, more]) => {
  await window.kennisbankSearch.load();
  const times = [];
  let query = first;
  for (const key of more) {
    query += key;
    const t = performance.now();
    await window.kennisbankSearch.find(query);  // shards of these prefixes are cached by now
    times.push(performance.now() - t);
  }
  return times;
}
"""
PAGEFIND_FIRST = """
async ([word, shown, timeout]) => {
  const t = performance.now();
  const first = (async () => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = await pagefind.search(word);
    await Promise.all(found.results.slice(0, shown).map(r => r.data()));
    window.__pagefind = pagefind;
    return {ms: performance.now() - t, results: found.results.length};
  })();
  const late = new Promise(resolve => setTimeout(() => resolve({ms: null, results: 0}), timeout));
  return Promise.race([first, late]);
}
"""
PAGEFIND_MORE = """
async ([first, more, shown, timeout]) => {
  const times = [], start = performance.now();
  let query = first;
  for (const key of more) {
    if (performance.now() - start > timeout) break;  // bounded, like the UI's keys
    query += key;
    const t = performance.now();
    const found = await window.__pagefind.search(query);
    await Promise.all(found.results.slice(0, shown).map(r => r.data()));
    times.push(performance.now() - t);
  }
  return times;
}
"""


def ui_wait(page, timeout: int) -> tuple[float, float | None, float] | None:
    """Milliseconds from the keydown to the results, from the last timer fired after the keydown to them, and
    from the last keydown to them."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("window.__bench.done !== null", timeout=timeout, polling=10)
    except PlaywrightTimeout:
        return None
    return page.evaluate("""() => {
      const s = window.__bench;
      return [s.done - s.start, s.fired !== null && s.fired >= s.start ? s.done - s.fired : null, s.done - s.last];
    }""")


def entry_page(site: Path) -> str:
    """The page the browser opens: the first practice card's own page (cards in id order). Not the first folder
    under praktijk/ by name, which at 1,000 and more synthetic entries is the overview table 'op-bewijskracht'
    (up to 600 rows, 7,400 elements), where opening the modal dialog alone takes 80-120 ms of style recalculation
    to make the page behind it inert: the weight of that page, not the search."""
    n = 0
    while (cards := site / urls.search_cards(str(n))).is_file():
        for card in json.loads(cards.read_text(encoding="utf-8")):
            if card[0].startswith("praktijk/"):
                return "/" + card[0]
        n += 1
    raise SystemExit(f"no practice card in the search cards of {site}")


def measure_once(playwright, server: StaticServer, setup: str, entry_path: str) -> dict:
    """One page view and search in a fresh browser. A crash or error ends the run; what was measured is kept."""
    from playwright.sync_api import Error as PlaywrightError

    row: dict = {"first_parts": {}, "first_after_typing_ms": None, "view_total": 0, "view_index": 0, "view_search": 0, "first_ms": None, "first_bytes": 0, "results": 0,
                 "later_ui": [], "later_after_timer": [], "later_search": [], "later_bytes": 0, "error": None}
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    outside: list[str] = []  # requests for other hosts (Chromium cannot resolve them; listed in the output)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(TIMERS)
        context.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server.url, "data:")) else None)
        page = context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT)
        server.take()
        page.goto(server.url + entry_path, wait_until="load")
        server.settle(need=INDEX_PATHS["material"][0] if setup == "material" else None)
        view = server.take()
        row.update(view_total=total(view), view_index=total(view, INDEX_PATHS[setup]),
                   view_search=total(view, MATERIAL_SEARCH) if setup == "material" else 0)
        if setup == "pagefind":
            first = page.evaluate(PAGEFIND_FIRST, [FIRST_WORD, PAGEFIND_SHOWN, LOAD_TIMEOUT])
            row.update(first_ms=first["ms"], results=first["results"], first_bytes=total(server.take()))
            if first["ms"] is None:
                row["error"] = "timeout"
                return row
            row["later_ui"] = page.evaluate(PAGEFIND_MORE, [FIRST_WORD, MORE_KEYS, PAGEFIND_SHOWN, 2 * KEY_TIMEOUT])
            row["later_bytes"] = total(server.take())
        else:
            container, item = UI[setup]
            page.evaluate(PROBE)
            # Playwright compiles its injected script into the page at the first wait_for_function: done here,
            # so that its 5-20 ms on the page's main thread fall outside the timed first search.
            page.wait_for_function("true")
            page.evaluate("([c, i]) => window.__bench.arm(c, i, 'first')", [container, item])
            page.keyboard.press("/")
            page.keyboard.type(FIRST_WORD)
            first = ui_wait(page, LOAD_TIMEOUT)
            log = server.take()
            row["first_bytes"] = total(log)
            row["first_parts"] = {part: [total(log, prefixes), sum(1 for path, _ in log if path.startswith(prefixes))]
                                  for part, prefixes in FIRST_PARTS.items()}
            if first is None:
                row["error"] = "timeout"
                return row
            row["first_ms"], row["first_after_typing_ms"] = first[0], first[2]
            row["results"] = page.evaluate("s => document.querySelectorAll(s).length", item)
            page.wait_for_timeout(200)  # let the first render finish before timing single keys
            for key in MORE_KEYS:
                page.evaluate("([c, i]) => window.__bench.arm(c, i, 'next')", [container, item])
                page.keyboard.type(key)
                timed = ui_wait(page, KEY_TIMEOUT)
                row["later_ui"].append(timed and timed[0])
                if timed is None:
                    break  # one key that never showed results is enough; the rest would wait as long
                row["later_after_timer"].append(timed[1])
                page.wait_for_timeout(100)
            row["later_bytes"] = total(server.take())
            if setup == "ours":
                row["later_search"] = page.evaluate(OURS_SEARCH_ONLY, [FIRST_WORD, MORE_KEYS])
    except (PlaywrightError, TimeoutError) as error:
        row["error"] = str(error).splitlines()[0][:200]
        print(f"{setup}: {row['error']}", file=sys.stderr, flush=True)
    finally:
        row["outside_requests"] = outside
        browser.close()
    return row


# -- one size ---------------------------------------------------------------------------------------------------

def minimum(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return min(values) if values else None


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure_size(playwright, size: int, repeat: int, setups: tuple[str, ...]) -> dict:
    """One size (0: the project's own content) with every setup, interleaved."""
    with tempfile.TemporaryDirectory(prefix=f"bench-search-{size}-") as tmp:
        work = Path(tmp)
        content = ROOT / "content" if size == 0 else corpus(work / "corpus", size)
        ours = plugin_project(work, content)
        result: dict = {"date": dt.date.today().isoformat(), "own": size == 0, "setups": list(setups),
                        "build_s": {"ours": build(ours)}}
        site = ours / "site"
        result["entries"] = json.loads((site / "search" / "index.json").read_text())["count"] if size == 0 else size
        material_site = site
        if "material" in setups:
            material = material_project(work, content)
            result["build_s"]["material"] = build(material)
            material_site = material / "site"
        result["build_s"]["pagefind"] = pagefind_index(site)
        result["pages"] = sum(1 for _ in site.rglob("index.html"))
        result["files"] = {
            "ours": file_sizes(our_search_files(site)),
            "pagefind": file_sizes([p for p in (site / "pagefind").rglob("*") if p.is_file()]),
        }
        if "material" in setups:
            result["files"]["material"] = file_sizes([material_site / "search" / "search_index.json"])
        result["ours_files"] = len(our_search_files(site))
        result["ours_parts"] = shard_sizes(site)
        result["pagefind_files"] = sum(1 for p in (site / "pagefind").rglob("*") if p.is_file())
        entry_path = result["entry_path"] = entry_page(site)
        runs: dict[str, list[dict]] = {name: [] for name in setups}
        result["load_average"] = os.getloadavg()[0]  # other work on the machine when the browser runs start
        with StaticServer(site) as ours_server, StaticServer(material_site) as material_server:
            servers = {"ours": ours_server, "material": material_server, "pagefind": ours_server}
            # Interleaved (A B A B), so every setup sees the same machine load.
            for _ in range(repeat):
                for name in setups:
                    runs[name].append(measure_once(playwright, servers[name], name, entry_path))
        for name in setups:
            got = runs[name]
            result[name] = {
                "view_total": max(r["view_total"] for r in got), "view_index": max(r["view_index"] for r in got),
                "view_search": max(r["view_search"] for r in got),
                "first_bytes": max(r["first_bytes"] for r in got),
                "first_ms": median([r["first_ms"] for r in got]),
                "first_ms_min": minimum([r["first_ms"] for r in got]),
                "first_after_typing_ms": median([r["first_after_typing_ms"] for r in got]),
                "first_after_typing_ms_min": minimum([r["first_after_typing_ms"] for r in got]),
                "later_ui_ms_min": minimum([t for r in got for t in r["later_ui"]]),
                "later_search_ms_min": minimum([t for r in got for t in r["later_search"]]),
                "first_timeouts": sum(r["error"] == "timeout" for r in got),
                "errors": sorted({r["error"] for r in got if r["error"] and r["error"] != "timeout"}),
                "later_ui_ms": median([t for r in got for t in r["later_ui"]]),
                "later_timeouts": sum(t is None for r in got for t in r["later_ui"]),
                "later_search_ms": median([t for r in got for t in r["later_search"]]),
                # Only our box ever worked behind a timer (a debounce, until it searched at every key).
                "later_after_debounce_ms": median([t for r in got for t in r["later_after_timer"]])
                if name == "ours" else None,
                "later_bytes": max(r["later_bytes"] for r in got),
                "results": min(r["results"] for r in got),
                "first_parts": max((r["first_parts"] for r in got), key=lambda parts: sum(b for b, _ in parts.values())
                                   if parts else 0),
                "runs": len(got),
                "outside_requests": sorted({u for r in got for u in r["outside_requests"]}),
            }
        print(json.dumps(result), flush=True)
        return result


def run(sizes: list[int], repeat: int, setups: tuple[str, ...], save=None) -> list[dict]:
    """Measure every size; `save(rows)` is called after each, so a long run keeps what it has measured."""
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    install_pagefind()
    from playwright.sync_api import sync_playwright

    rows: list[dict] = []
    with sync_playwright() as playwright:
        for size in sizes:
            rows.append(measure_size(playwright, size, repeat, setups))
            if save:
                save(rows)
    return rows


# -- reporting --------------------------------------------------------------------------------------------------

def kb(size: float) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB" if size else "0"


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def spread(median_value: float | None, min_value: float | None) -> str:
    """Median and minimum, e.g. '212 ms (min 180 ms)'."""
    return ms(median_value) + (f" (min {ms(min_value)})" if min_value is not None else "")


def first_time(m: dict) -> str:
    if m["first_ms"] is not None:
        return spread(m["first_ms"], m.get("first_ms_min")) + (
            f", {m['first_timeouts']} of {m['runs']} runs timed out" if m["first_timeouts"] else "")
    if m.get("errors"):
        return "; ".join("the tab crashed before any result" if "crashed" in e else f"failed: {e}" for e in m["errors"])
    return f"none within {LOAD_TIMEOUT / 1000:.0f} s" if m["first_timeouts"] else "–"


def first_search_bytes(row: dict, name: str) -> int:
    """What a first search costs: for Material that includes the worker, lunr and index loaded with the page."""
    m = row[name]
    return m["first_bytes"] + (m["view_search"] if name == "material" else 0)


def keystroke(m: dict, name: str) -> str:
    text = spread(m["later_ui_ms"], m.get("later_ui_ms_min"))
    if m["later_timeouts"]:
        text += f" (a key without results after {KEY_TIMEOUT / 1000:.0f} s)"
    return text + (" ²" if name == "pagefind" and m["later_ui_ms"] is not None else "")


def size_name(row: dict) -> str:
    return f"today's content ({row['entries']:,})" if row.get("own") else f"{row['entries']:,}"


def table(rows: list[dict]) -> str:
    lines = [
        "| entries | setup | search files on disk / served | page view: search index "
        "| first search: transferred | first results: median (min) | later keystroke: median (min) "
        "| later keystroke: search only |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for name in row.get("setups", SETUPS):
            m = row[name]
            raw, served = row["files"][name]
            count = row["ours_files"] if name == "ours" else row["pagefind_files"] if name == "pagefind" else 1
            first = kb(first_search_bytes(row, name)) + (" ¹" if name == "material" else "")
            search_only = spread(m["later_search_ms"], m.get("later_search_ms_min")) if name == "ours" else "–"
            lines.append(
                f"| {size_name(row)} | {LABELS[name]} | {kb(raw)} / {kb(served)} ({count:,} files) | "
                f"{kb(m['view_index'])} | {first} | {first_time(m)} | {keystroke(m, name)} | {search_only} |"
            )
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> str:
    """Each target of our search against the measured value, per size."""
    def mark(ok: bool | None, value: str) -> str:
        return f"– ({value})" if ok is None else (f"met ({value})" if ok else f"**missed** ({value})")

    def fewer(row: dict) -> str:
        if "pagefind" not in row:
            return "–"
        ours, theirs = first_search_bytes(row, "ours"), first_search_bytes(row, "pagefind")
        return mark(ours < theirs, f"{kb(ours)} against {kb(theirs)}")

    def first_ok(row: dict) -> str:
        o = row["ours"]
        return mark(o["first_ms"] is not None and o["first_ms"] <= TARGET_FIRST_MS, first_time(o))

    def keys_ok(row: dict) -> str:
        o = row["ours"]
        return mark(None if o["later_ui_ms"] is None else o["later_ui_ms"] <= TARGET_KEY_MS, keystroke(o, "ours"))

    checks = [
        ("a page view loads none of the index", lambda r: mark(r["ours"]["view_index"] == 0, kb(r["ours"]["view_index"]))),
        (f"first search ≤ {TARGET_FIRST_BYTES // 1024} KB transferred (gzip)",
         lambda r: mark(first_search_bytes(r, "ours") <= TARGET_FIRST_BYTES, kb(first_search_bytes(r, "ours")))),
        ("first search: fewer bytes than Pagefind", fewer),
        (f"first results ≤ {TARGET_FIRST_MS / 1000:.1f} s, download included (median)", first_ok),
        (f"later keystrokes ≤ {TARGET_KEY_MS} ms (median)", keys_ok),
    ]
    lines = ["| target (ours) | " + " | ".join(size_name(r) for r in rows) + " |",
             "|---|" + "---|" * len(rows)]
    for label, cell in checks:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")
    return "\n".join(lines)


def section(saved: dict) -> str:
    rows = saved["rows"]
    runs = sorted({r["ours"]["runs"] for r in rows})
    parts = [
        f"Measured {', '.join(sorted({r['date'] for r in rows}))} on {saved['machine']} with "
        f"`scripts/bench_search.py`: {'/'.join(map(str, runs))} run(s) per setup and size, interleaved (ours, "
        "Pagefind, ours, Pagefind, …), median and minimum. Each run opens an entry page (the first practice "
        "card's) in a fresh Chromium (empty cache), served from 127.0.0.1 with HTML, CSS, JS and JSON gzipped as GitHub Pages does; bytes are response "
        f"bodies as sent. The query is *{FIRST_WORD}*, typed right after pressing `/`, then "
        f"*{MORE_KEYS.strip()}* one key at a time (each key waits for the results of the one before). Time to "
        "results runs from the `/` keydown (our box starts loading there) to the first result in the DOM; a later "
        "keystroke from its keydown to the re-rendered results. Synthetic sizes are distinct entries whose text "
        "is drawn from the source documents (`scripts/synthetic_corpus.py`).",
        "",
        "Targets:",
        "",
        verdicts(rows),
        "",
        table(rows),
        "",
        ("¹ Material's worker fetches its code, lunr and the whole index on every page view; that is counted as its "
         "first search's transfer. " if any("material" in r.get("setups", SETUPS) for r in rows) else "") +
        f"² Pagefind through its JS API, no UI: `pagefind.search()` and the data of the first {PAGEFIND_SHOWN} "
        "results (what its UI loads before it shows anything), including any index chunks and fragments fetched "
        "for the longer query. Our box searches at every key, one search at a time (no debounce; `search.js`); "
        "*search only* is `kennisbankSearch.find` on the loaded shards, without rendering.",
        "",
        notes(rows),
    ]
    return "\n".join(parts)


def notes(rows: list[dict]) -> str:
    """What the first search fetched and how the files grow, worked out from the numbers."""
    out = ["Notes:", ""]
    for row in rows:
        o, parts, files = row["ours"], row["ours"].get("first_parts") or {}, row.get("ours_parts")
        if not parts or not files:
            continue
        fetched = ", ".join(f"{part} {kb(b)} ({n} file{'s' if n != 1 else ''})" for part, (b, n) in parts.items())
        out.append(
            f"- **{size_name(row)}**"
            + (f" (page `{row['entry_path']}`)" if row.get("entry_path") else "") + ": "
            + (f"first results came {spread(o['first_after_typing_ms'], o.get('first_after_typing_ms_min'))} after "
               "the last of the nine keys (the rest of the time to results is typing into the page). "
               if o.get("first_after_typing_ms") is not None else "")
            + f"The first search fetched {fetched}. On disk: a manifest of "
            f"{kb(files['manifest'])} served (stop words, themes and every index term), "
            f"{files['shards']['count']:,} shards (served median {kb(files['shards']['median'])}, largest "
            f"{kb(files['shards']['max'])}) and {files['cards']['count']:,} card files (largest "
            f"{kb(files['cards']['max'])}). The later keys fetched {kb(o['later_bytes'])}"
            + (f"; Pagefind's first search {kb(row['pagefind']['first_bytes'])} and its later keys "
               f"{kb(row['pagefind']['later_bytes'])}." if "pagefind" in row else ".")
        )
    out.append(
        "- What grows with the site: the manifest with the vocabulary (the number of distinct stems, which "
        "levels off), and the shards of the typed words with the number of entries that contain them; the code "
        "(lunr for its Dutch stemmer) and the cards of 20 results stay the same. A very common word is one large "
        "shard on its own."
    )
    loads = [f"{size_name(r)}: {r['load_average']:.1f}" for r in rows if r.get("load_average") is not None]
    out.append("- Timings on this shared 2-core VM vary between runs, by up to a few times under load; bytes do not."
               + (f" Load average when the browser runs started ({', '.join(loads)})." if loads else ""))
    return "\n".join(out)


def parse_sizes(values: list[str]) -> list[int]:
    """'0,1000' → [0, 1000]; 0 is the project's own content."""
    return [int(part.replace("_", "")) for value in values for part in value.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["0,1000"],
                        help="entries per site, 0 for the project's own content: 0,1000 (default) or 0,1000,10000 "
                             "(10,000 adds 10-20 minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="browser runs per setup and size, interleaved")
    parser.add_argument("--setups", default=DEFAULT_SETUPS, help=f"comma-separated, of {', '.join(SETUPS)}")
    parser.add_argument("--json", type=Path, help="also save the measurements to this file")
    parser.add_argument("--from-json", type=Path, nargs="+", metavar="JSON",
                        help="report measurements saved with --json instead of measuring (several files: the rows "
                             "of later files replace those of the same size)")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()

    def save(rows: list[dict]) -> None:
        if args.json:
            args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1), encoding="utf-8")

    if args.from_json:
        by_size: dict[tuple[bool, int], dict] = {}
        for path in args.from_json:
            saved = json.loads(path.read_text(encoding="utf-8"))
            by_size.update({(not row.get("own"), row["entries"]): row for row in saved["rows"]})
        saved["rows"] = [by_size[key] for key in sorted(by_size)]  # today's content first, then by size
    else:
        saved = {"machine": machine(), "rows": run(parse_sizes(args.sizes), args.repeat,
                                                   tuple(args.setups.split(",")), save)}
    report = section(saved)
    print(report)
    if args.write:
        write_section(START, END, "Search", report)


if __name__ == "__main__":
    main()
