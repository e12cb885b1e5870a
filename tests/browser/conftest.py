"""Fixtures for browser tests: build a small site once, serve it on 127.0.0.1, drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from ..conftest import GOLDEN, ROOT, build_project, make_project
from ..conftest import require as _require  # the browser tests' own name for it

CHROMIUM = Path(os.environ.get("KENNISBANK_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
"""The rules axe runs on every page: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (what the
toegankelijkheidsverklaring says is tested)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("browser-site"), GOLDEN / "base" / "content",
                           GOLDEN / "pages" / "content")
    return build_project(project)


@pytest.fixture(scope="session")
def base_url(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def browser():
    _require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    _require(AXE.exists(), "axe-core not installed (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page that records console errors and every request, and blocks anything not on the local server."""

    def __init__(self, browser, base_url: str, viewport: dict | None = None) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route("**/*", self._only_local)

    def _only_local(self, route) -> None:
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}/{path}")
        self.page.wait_for_load_state("networkidle")

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")]

    def axe_violations(self) -> list[str]:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "async tags => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} → "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    opened: list[Visit] = []

    def open_visit(viewport: dict | None = None) -> Visit:
        opened.append(Visit(browser, base_url, viewport))
        return opened[-1]

    yield open_visit
    for item in opened:
        item.close()
