"""The briefing on paper in Chromium's print emulation: no site chrome, link addresses after their text."""

from __future__ import annotations


def test_meetup_page_prints_without_chrome_and_with_addresses(visit) -> None:
    v = visit()
    v.goto("meetups/meetup-gooi/")
    v.page.emulate_media(media="print")
    hidden = v.page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.kb-no-print']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(el => getComputedStyle(el).display)""")
    assert hidden and set(hidden) == {"none"}
    after = v.page.evaluate("""() => [...document.querySelectorAll('.md-content a[href^="http"]')]
        .map(a => getComputedStyle(a, '::after').content)""")
    assert after and all("http" in content for content in after)
    v.page.emulate_media(media="screen")  # and on screen nothing of this shows
    assert v.page.evaluate("""() => getComputedStyle(document.querySelector('.md-content a[href^="http"]'), '::after').content""") in ("none", "normal", "")


def test_printed_headings_are_dark_and_the_figures_stay_with_their_label(visit) -> None:
    v = visit()
    v.goto("meetups/meetup-gooi/")
    v.page.emulate_media(media="print")
    colours = v.page.evaluate("""() => [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3')]
        .map(h => getComputedStyle(h).color)""")
    assert colours and set(colours) == {"rgb(0, 0, 0)"}, colours
    glance = v.page.evaluate("""() => [...document.querySelectorAll('.md-content .kb-glance')].map(block => [
        getComputedStyle(block).breakInside, block.querySelector('p strong')?.textContent,
        Boolean(block.querySelector('table'))])""")
    assert glance and all(item == ["avoid", "In één oogopslag", True] for item in glance), glance
