"""Light and dark scheme in real Chromium: the site follows the system setting and stores nothing, the header's
toggle switches and remembers, axe (WCAG 2.1 and 2.2 A/AA, best practice) is clean in both, and keyboard focus
shows a ring of at least 2 px with 3:1 against what is behind it."""

from __future__ import annotations

import re

import pytest

from .conftest import AXE

SCHEMES = {"light": "default", "dark": "slate"}  # the system setting → Material's scheme on <body>
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _open(visit, path: str, system: str, viewport: dict | None = None):
    v = visit(viewport)
    v.page.emulate_media(color_scheme=system)
    v.goto(path)
    return v


def _scheme(v) -> str:
    return v.page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def _axe(v) -> list[str]:
    v.page.add_script_tag(path=str(AXE))
    result = v.page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                             AXE_TAGS)
    return [f"{r['id']}: " + "; ".join(" ".join(n["target"]) for n in r["nodes"][:5]) for r in result["violations"]]


def _rgb(css: str) -> tuple[float, float, float]:
    r, g, b = (float(x) for x in re.findall(r"[\d.]+", css)[:3])
    return r, g, b


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("system", SCHEMES)
def test_the_scheme_follows_the_system_and_the_toggle_switches_and_is_remembered(visit, system: str) -> None:
    v = _open(visit, "themas/taal-centraal/", system)
    assert _scheme(v) == SCHEMES[system]
    # nothing stored while the system decides (Material would store the scheme on every page view)
    assert v.page.evaluate("localStorage.length + sessionStorage.length") == 0
    toggle = v.page.locator("[data-md-component=palette] label:not([hidden])")
    other = "dark" if system == "light" else "light"
    assert toggle.get_attribute("title") == ("Donkere" if other == "dark" else "Lichte") + " weergave aanzetten"
    toggle.click()
    assert _scheme(v) == SCHEMES[other]
    v.goto("praktijk/feedback/")  # the choice holds on the next page, against the system setting
    assert _scheme(v) == SCHEMES[other]
    assert v.page.evaluate("localStorage.length") == 1  # the choice, and only once it was made
    assert v.errors == [] and v.external_requests() == []


@pytest.mark.parametrize("system", SCHEMES)
@pytest.mark.parametrize("path", ["", "themas/taal-centraal/", "praktijk/feedback/", "initiatieven/", "verkennen/",
                                  "zelfscan/", "vergelijk/?kaarten=feedback,voorlezen"],
                         ids=["home", "theme", "card", "initiatives", "explore", "self-scan", "compare"])
@pytest.mark.parametrize("width", [1280, 390])
def test_both_schemes_are_accessible(visit, system: str, path: str, width: int) -> None:
    v = _open(visit, path, system, {"width": width, "height": 844})
    assert _scheme(v) == SCHEMES[system]
    assert _axe(v) == []


def _tab_to(v, selector: str, limit: int = 80) -> dict:
    """Press Tab until the focused element matches `selector`; its ring and what lies behind it."""
    for _ in range(limit):
        v.page.keyboard.press("Tab")
        found = v.page.evaluate("""(selector) => {
            const e = document.activeElement;
            if (!e || !e.matches(selector)) return null;
            // a hidden radio button (the scheme toggle) shows its focus on the label that shows
            const shown = e.matches('.md-option') ? e.form.querySelector('label:not([hidden])') : e;
            const style = getComputedStyle(shown);
            let behind = shown.parentElement, background = 'rgba(0, 0, 0, 0)';
            while (behind) {
                background = getComputedStyle(behind).backgroundColor;
                if (!/rgba\\(.*, 0\\)$/.test(background) && background !== 'transparent') break;
                behind = behind.parentElement;
            }
            return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
                    background: background || getComputedStyle(document.body).backgroundColor};
        }""", selector)
        if found:
            return found
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("system", SCHEMES)
@pytest.mark.parametrize("selector", ["article a[href*='praktijk/']", ".md-option", ".md-nav__link"],
                         ids=["link in the text", "scheme toggle in the header", "navigation"])
def test_keyboard_focus_shows_a_clear_ring(visit, system: str, selector: str) -> None:
    v = _open(visit, "themas/taal-centraal/", system)
    ring = _tab_to(v, selector)
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert _contrast(ring["colour"], ring["background"]) >= 3, ring


@pytest.mark.parametrize("system", SCHEMES)
def test_the_search_box_in_the_header_shows_a_clear_ring_on_its_dialog(visit, system: str) -> None:
    # The dialog is part of the header's markup, whose ring is white or amber for the dark header; the dialog
    # itself has the page's background, so it gets the page's ring.
    v = _open(visit, "", system)
    v.page.keyboard.press("/")
    v.page.locator("#kb-search-input").wait_for(state="visible")
    ring = v.page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
                background: getComputedStyle(document.querySelector('.kb-search__dialog')).backgroundColor};
    }""")
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert _contrast(ring["colour"], ring["background"]) >= 3, ring


@pytest.mark.parametrize("system", SCHEMES)
def test_the_search_results_follow_the_scheme_and_are_accessible(visit, system: str) -> None:
    v = _open(visit, "", system, {"width": 1280, "height": 844})
    v.page.keyboard.press("/")
    query = v.page.locator("#kb-search-input")
    query.wait_for(state="visible")
    query.press_sequentially("feedback", delay=30)
    v.page.locator(".kb-search__result").first.wait_for(timeout=10_000)
    query.press("ArrowDown")  # a chosen result: its tint, ring and highlighted words are checked too
    v.page.locator(".kb-search__result[aria-selected=true]").wait_for()
    colours = v.page.evaluate("""() => ({
        dialog: getComputedStyle(document.querySelector('.kb-search__dialog')).backgroundColor,
        page: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.querySelector('.kb-search__title')).color})""")
    assert colours["dialog"] == colours["page"], colours  # dark on the dark scheme, light on the light one
    assert _contrast(colours["text"], colours["dialog"]) >= 4.5, colours
    assert v.page.locator(".kb-search__results mark").count() > 0  # the highlighted words are in what axe checks
    assert _axe(v) == []  # colour-contrast among the rest, on the open dialog and its results
    assert v.errors == []
