"""Long overviews split into pages (outputs/paging.py): nothing lost, headings carried on, pages linked both ways."""

from __future__ import annotations

import posixpath
import re

from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.regions import PROVINCES
from kennisbank.outputs import paging, urls
from kennisbank.outputs.output import Output, fragment_placeholder
from kennisbank.outputs.pages import render_site
from kennisbank.outputs.paging import paginate

from .conftest import GOLDEN, overlay_content


def _overview(groups: int = 6, items: int = 40) -> Output:
    lines = ["---", 'title: "Initiatieven"', 'description: "Alle initiatieven."', "---", "# Initiatieven", "",
             "Inleiding bij het overzicht.", "", fragment_placeholder("kaart"), ""]
    for g in range(groups):
        lines += [f"## Provincie {g} {{ #p{g} }}", "", f"### Gemeente {g}", ""]
        lines += [f"- [**Initiatief {g}-{i}**](../initiatieven/i-{g}-{i}.md) — woorden {i * 7919 % 1000} en meer"
                  for i in range(items)]
        lines.append("")
    return Output("initiatieven/index.md", "\n".join(lines), in_nav=True, fragments={"kaart": "<svg></svg>"})


def _items(text: str) -> list[str]:
    return re.findall(r"^- \[\*\*(Initiatief [\d-]+)\*\*\]", text, re.M)


def test_a_page_that_fits_comes_back_as_it_is() -> None:
    page = _overview(groups=1, items=3)
    assert paginate(page) == ([page], {})


def test_a_long_overview_is_split_without_losing_or_repeating_an_item() -> None:
    page = _overview()
    parts, anchors = paginate(page, budget=600)
    assert len(parts) > 2
    assert [p.path for p in parts] == [page.path] + [urls.page_of(page.path, n) for n in range(2, len(parts) + 1)]
    assert [i for p in parts for i in _items(p.text)] == _items(page.text)
    # Page 1 keeps the introduction, the map and the nav entry; later pages repeat the h1 and no introduction.
    assert "Inleiding" in parts[0].text and parts[0].in_nav and parts[0].fragments == {"kaart": "<svg></svg>"}
    for part in parts[1:]:
        assert "Inleiding" not in part.text and not part.in_nav and not part.fragments
        assert "\n# Initiatieven\n" in part.text
    # Each anchor is on the page of its heading (not on the '(vervolg)' ones).
    for anchor, uri in anchors.items():
        assert f"{{ #{anchor} }}" in next(p for p in parts if p.path == uri).text
    assert sum(p.text.count("{ #p") for p in parts) == 6 and len(anchors) == 6


def test_a_page_that_starts_inside_a_section_repeats_its_headings() -> None:
    parts, _ = paginate(_overview(groups=1, items=200), budget=600)
    for part in parts[1:]:
        body = part.text.split("</div>", 1)[1]
        assert body.lstrip().startswith("## Provincie 0 (vervolg)\n\n### Gemeente 0 (vervolg)")


def test_pages_link_to_their_neighbours_and_list_every_page() -> None:
    parts, _ = paginate(_overview(), budget=600)
    total = len(parts)
    for n, part in enumerate(parts, start=1):
        front = part.text.split("---\n")[1]
        assert ("kennisbank_prev: " in front) == (n > 1) and ("kennisbank_next: " in front) == (n < total)
        if n > 1:
            assert f"kennisbank_prev: \"{urls.page_url(parts[n - 2].path)}\"" in front
        if n < total:
            assert f"kennisbank_next: \"{urls.page_url(parts[n].path)}\"" in front
        assert f"Pagina {n} van {total}" in part.text
        assert ("title: \"Initiatieven\"" in front) == (n == 1)
        if n > 1:
            assert f'title: "Initiatieven, pagina {n} van {total}"' in front
            assert f"[← Vorige pagina]({urls.relative(part.path, parts[n - 2].path)})" in part.text
        assert f"{n}. **" in part.text  # this page, in the list of all pages, is not a link


def test_a_table_is_split_between_rows_with_its_header_on_every_page() -> None:
    rows = [f"| [Kaart {i}](../praktijk/k-{i}.md) | thema {i * 31 % 97} | geen |" for i in range(300)]
    text = "\n".join(["---", 'title: "Tabel"', "---", "# Tabel", "", "Uitleg.", "",
                      "| Kaart | Thema | Toolkit |", "|---|---|---|", *rows, ""])
    parts, _ = paginate(Output("praktijk/op-titel.md", text), budget=500)
    assert len(parts) > 2
    assert parts[1].path == "praktijk/op-titel_pagina_2.md"
    assert [int(n) for p in parts for n in re.findall(r"^\| \[Kaart (\d+)\]", p.text, re.M)] == list(range(300))
    for part in parts:
        assert "| Kaart | Thema | Toolkit |\n|---|---|---|\n| [Kaart" in part.text


def test_with_a_small_budget_every_link_of_a_split_site_points_at_a_page_that_exists(monkeypatch, tmp_path) -> None:
    """The golden content, rendered with a budget small enough to split every overview and briefing: each
    Markdown link and each link of a map goes to a page of the site, and the anchors it names are there."""
    monkeypatch.setattr(paging, "PAGE_BUDGET", 150)
    content = overlay_content(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    kb = load_knowledge_base(content).knowledge
    pages = {page.path: page for page in render_site(kb)}
    assert urls.page_of(urls.SECTORS, 2) in pages and urls.page_of(urls.INITIATIVES, 2) in pages
    anchors = {path: set(re.findall(r"\{:? #([\w-]+) \}", page.text)) for path, page in pages.items()}
    for path, page in pages.items():
        for target in re.findall(r"\]\(([^)\s]+\.md(?:#[\w-]+)?)\)", page.text):
            file, _, anchor = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)).partition("#")
            if file.endswith(".md") and not file.startswith(("bijdragen", "over")):
                assert file in pages, (path, target)
                if anchor and file != urls.GLOSSARY:
                    assert anchor in anchors[file], (path, target)
    # A province's map links each gemeente to the page its heading landed on.
    checked = 0
    for province in PROVINCES:
        region = urls.region(province)
        parts = [p for p in pages if p == region or p.startswith(region.removesuffix(".md") + "_pagina_")]
        for part in parts:
            for href in re.findall(r'href="([^"]+)"', pages[part].fragments.get("kaart", "")):
                page_path, _, anchor = href.partition("#")
                target = part if not page_path else next(p for p in parts if urls.html_href(part, p) == page_path)
                assert anchor in anchors[target], (part, href)
                checked += 1
    assert checked


def test_a_page_of_many_short_lines_is_split_though_it_gzips_small() -> None:
    # A table of all cards gzips to little; its DOM would still be tens of thousands of elements on a phone.
    page = _overview(groups=1, items=1000)
    parts, _ = paginate(page, budget=10**6, max_lines=400)
    assert len(parts) == 3
    assert [i for p in parts for i in _items(p.text)] == _items(page.text)
    assert all(len(_items(p.text)) <= 400 for p in parts)


def test_no_page_ends_inside_a_code_block() -> None:
    lines = ["---", 'title: "B"', "---", "# B", "", "## Kaart", ""]
    for n in range(40):
        lines += [f"### Stap {n}", "", "```", *[f"- geen item {n}-{i}" for i in range(5)], "## geen kop", "```", ""]
    parts, _ = paginate(Output("meetups/m.md", "\n".join(lines)), budget=10**6, max_lines=30)
    assert len(parts) > 2
    for part in parts:
        assert part.text.count("```") % 2 == 0
        assert "geen kop (vervolg)" not in part.text and "geen item" not in part.text.split("\n")[-3]
