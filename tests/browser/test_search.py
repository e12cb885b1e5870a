"""The search box in Chromium: nothing of the index on a plain page view, a first search that fetches the
manifest, a few shards and the cards it shows, the Dutch query set through the real box on a site built from the
real content, keyboard use, and no axe violations with the search open."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from kennisbank.outputs import urls

from ..conftest import ROOT, build_project, make_project
from .conftest import Visit, _QuietHandler

QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
RESULTS = ".kb-search__result:not(.kb-search__shortcut)"
"""The options that are results: the cost option ('goedkoop') is an option too, ahead of them."""


def _cheapest(words_left: str) -> str:
    return urls.explore_cheapest() + (f"&{urls.EXPLORE_QUERY}={words_left.replace(' ', '%20')}" if words_left else "")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("real-site"), ROOT / "content"))


@pytest.fixture(scope="session")
def real_url(real_site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(real_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _open_search(v: Visit) -> None:
    v.page.locator(".kb-search__open").click()
    v.page.locator("#kb-search-input").wait_for(state="visible")


def test_a_page_view_fetches_nothing_of_the_index(visit) -> None:
    v = visit()
    v.goto("praktijk/feedback/")
    assert not [u for u in v.requests if "/search/" in u or "lunr" in u]
    with v.page.expect_response(lambda response: response.url.endswith("search/index.json")):
        _open_search(v)  # fetched on first use only
    assert not [u for u in v.requests if "/search/termen/" in u or "/search/kaarten/" in u]  # nothing typed yet
    v.page.locator("#kb-search-input").fill("voorlezen")  # one input event: one search
    v.page.locator(".kb-search__result").first.wait_for()
    shown = v.page.locator(".kb-search__result").count()
    shards = [u for u in v.requests if "/search/termen/" in u]
    cards = [u for u in v.requests if "/search/kaarten/" in u]
    assert 1 <= len(shards) <= 3 and 1 <= len(cards) <= shown, (shards, cards)
    assert v.external_requests() == [] and v.errors == []


def test_keyboard_opens_moves_and_closes(visit) -> None:
    v = visit()
    v.goto("")
    v.page.keyboard.press("/")
    box = v.page.locator("#kb-search-input")
    box.wait_for(state="visible")
    assert v.page.evaluate("document.activeElement.id") == "kb-search-input"
    box.press_sequentially("voorlezen", delay=20)
    v.page.locator(".kb-search__result").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    v.page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and v.page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    v.page.keyboard.press("Escape")
    assert not v.page.locator("dialog.kb-search__dialog").evaluate("d => d.open")
    assert v.page.evaluate("document.activeElement.classList.contains('kb-search__open')")


def test_no_results_never_dead_end(visit) -> None:
    v = visit()
    v.goto("")
    _open_search(v)
    v.page.locator("#kb-search-input").press_sequentially("xyzzyq", delay=10)
    empty = v.page.locator(".kb-search__empty")
    empty.wait_for()
    assert empty.locator("a").count() >= 2  # the themes and the explore page
    assert "Geen resultaten" in v.page.locator(".kb-search__status").inner_text()
    assert v.axe_violations() == []  # the message sits after the listbox, which holds options only


def test_search_open_is_accessible(visit) -> None:
    v = visit()
    v.goto("")
    _open_search(v)
    v.page.locator("#kb-search-input").press_sequentially("feedback", delay=10)
    v.page.locator(".kb-search__result").first.wait_for()
    assert v.axe_violations() == []


def test_dutch_query_set_through_the_search_box(browser, real_url) -> None:
    v = Visit(browser, real_url)
    try:
        v.goto("")
        _open_search(v)
        box = v.page.locator("#kb-search-input")
        failures = []
        for case in QUERIES:
            box.fill("")
            box.fill(case["query"])
            v.page.wait_for_function("() => document.querySelector('.kb-search__status').textContent.length > 0")
            hrefs = v.page.eval_on_selector_all(RESULTS, "items => items.map(li => li.dataset.href)")
            corrected = v.page.locator(".kb-search__corrected")
            said = corrected.inner_text() if corrected.count() else ""
            cheapest = v.page.locator(".kb-search__shortcut")
            shortcut = cheapest.get_attribute("data-href") if cheapest.count() else None
            if "expect" in case and not any(f"/{case['expect']}/" in href for href in hrefs[:3]):
                failures.append((case["query"], case["expect"], hrefs[:3]))
            if said != case.get("corrected", ""):
                failures.append((case["query"], "resultaten voor", said))
            if "absent" in case and any(f"/{case['absent']}/" in href for href in hrefs):
                failures.append((case["query"], "absent", case["absent"]))
            if ("cheapest" in case) != (shortcut is not None) or (shortcut and not shortcut.endswith(_cheapest(case["cheapest"]))):
                failures.append((case["query"], "cost option", shortcut))
            box.fill("")
            v.page.wait_for_function("() => document.querySelector('.kb-search__status').textContent === ''")
        assert failures == [], "\n".join(map(str, failures))
        assert v.errors == [] and v.external_requests() == []
    finally:
        v.close()


def test_a_teacher_sees_the_correction_the_figures_and_the_cost_route(browser, real_url) -> None:
    """As a teacher would: a typo ('feedbak geven') says what was searched instead, the practice card shows its
    toolkit figures, two letters ('vo') give the sector and not Voorlees Express, and 'goedkoop' followed by
    Enter opens the explore page with the practice cards, lowest cost first."""
    v = Visit(browser, real_url)
    try:
        v.goto("")
        _open_search(v)
        box = v.page.locator("#kb-search-input")
        box.fill("feedbak geven")  # one input event: typed key by key, the box may show 'feedbak ge' first
        v.page.wait_for_function("() => document.querySelector('.kb-search__status').textContent.startsWith("
                                 "'Resultaten voor feedback geven. ')")  # in the status, above the results
        assert v.page.locator(".kb-search__corrected").inner_text() == "feedback geven"
        first = v.page.locator(RESULTS).first
        assert "/praktijk/menukaart-feedback/" in (first.get_attribute("data-href") or "")
        assert first.locator(".kb-search__badge").inner_text().startswith("EEF: +6 maanden")
        assert first.locator("mark").first.inner_text().lower() == "feedback"  # the corrected word is marked
        assert v.axe_violations() == []

        box.fill("vo")
        v.page.wait_for_function("() => !document.querySelector('.kb-search__corrected')")
        v.page.locator(RESULTS).first.wait_for()
        titles = v.page.eval_on_selector_all(RESULTS, "items => items.map(li => li.textContent)")
        assert titles and not any("Voorlees Express" in t for t in titles)

        box.fill("")
        box.press_sequentially("goedkoop", delay=10)
        option = v.page.locator(".kb-search__shortcut")
        option.wait_for()
        assert v.page.locator("[role=option]").first.get_attribute("id") == option.get_attribute("id")
        assert v.axe_violations() == []
        with v.page.expect_navigation():
            box.press("Enter")
        assert v.page.url.endswith(urls.explore_cheapest())
        # The explore page reads the URL once its data is there: its sort box then says 'cost'.
        v.page.wait_for_function("() => document.querySelector('#kb-explore-sort').value === 'cost'")
        v.page.go_back()
        _open_search(v)
        box.fill("goedkope feedback")
        v.page.locator(RESULTS).first.wait_for()
        assert "praktijkkaarten over \u2018feedback\u2019 in Verkennen" in option.inner_text()
        assert (option.get_attribute("data-href") or "").endswith(f"&{urls.EXPLORE_QUERY}=feedback")
        assert "/praktijk/menukaart-feedback/" in (v.page.locator(RESULTS).first.get_attribute("data-href") or "")
        box.fill("goedkope feedbak")
        v.page.wait_for_function("() => document.querySelector('.kb-search__corrected')")
        assert "praktijkkaarten over \u2018feedback\u2019 in Verkennen" in option.inner_text()
        assert v.errors == [] and v.external_requests() == []
    finally:
        v.close()
