"""A rebuild under `serve` that makes again only the parts of the site an edit touched (outputs/build.py, with the
reads recorded by core/reads.py) gives exactly what a build from scratch gives, for edits of every kind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kennisbank.core import reads
from kennisbank.core.history import History
from kennisbank.core.loader import ParseCache, load_knowledge_base
from kennisbank.outputs.build import Site, SiteSettings, build_site

from .conftest import ROOT

HISTORY = History()  # no git dates: the same for every build of the test
SETTINGS = SiteSettings(site_url="https://voorbeeld.nl/kennisbank/")


def _append(relative: str, text: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        file = content / relative
        file.write_text(file.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return edit


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        file = content / relative
        text = file.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


CARD = "practices/benut-meertaligheid.md"
EDITS: dict[str, tuple[Callable[[Path], None], bool]] = {
    # name: (the edit, whether the rebuild may reuse parts: False where it must make everything again)
    "card body": (_append(CARD, "Een nieuwe alinea met het woord zonnebloemveld."), True),
    "card summary": (_replace(CARD, "Zie de thuistaal", "Zie de eigen thuistaal"), True),
    "card sector": (_replace(CARD, "sectors: [po, vo]", "sectors: [po, vo, mbo]"), True),
    "card reference": (_replace(CARD, "related: [zet-in-op-voorlezen]", "related: []"), False),
    "card title": (_replace(CARD, "title: Maak gebruik", "title: Zo maak je gebruik"), False),
    "initiative body": (_append("initiatives/de-breede-hei.md", "Een extra alinea over de school."), True),
    "initiative summary": (_replace("initiatives/de-breede-hei.md", "Basisschool die", "Een basisschool die"), True),
    "theme body": (_append("themes/taal-centraal.md", "Nog een zin over taal in de klas."), True),
    "meetup body": (_append("meetups/meetup-hilversum.md", "Nog een zin over de meetup."), True),
    "glossary meaning": (_replace("glossary/eef.yml", 'meaning: "Education Endowment Foundation"',
                                  'meaning: "de Education Endowment Foundation"'), True),
    "reading summary": (_replace("reading/groepsdynamiek.yml", "Blog voor leraren", "Een blog voor leraren"), True),
    "document summary": (_replace("documents/briefing-meetup-hilversum.yml", "De voorbereidende briefing",
                                  "De briefing ter voorbereiding"), True),
}


def _build(content: Path, root: Path, cache: ParseCache | None, earlier: Site | None = None) -> Site:
    result = load_knowledge_base(content, root, cache)
    assert not result.errors, [p.format() for p in result.errors]
    return build_site(result.knowledge, HISTORY, SETTINGS, earlier)


def _files(site: Site) -> dict[str, object]:
    return {o.path: (o.content, o.sanitise, o.source, o.in_nav, dict(o.fragments), o.json_ld) for o in site.outputs}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "content", root / "content")
    return root


@pytest.mark.parametrize("name", EDITS)
def test_rebuild_after_an_edit_equals_a_build_from_scratch(project: Path, tmp_path: Path, name: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root)
    content = root / "content"
    cache = ParseCache()
    before = _build(content, root, cache)
    edit, reusable = EDITS[name]
    edit(content)
    again = _build(content, root, cache, before)
    fresh = _build(content, root, None)
    assert _files(again) == _files(fresh)
    assert _files(again) != _files(before), "the edit must show somewhere"
    parts = [name for name in before.kept.computed if isinstance(name, str)]  # the site's parts, by name
    remade = [name for name in parts if name in again.kept.computed]
    if reusable:
        assert len(remade) < len(parts), "an edit of one entry's content keeps the parts that never read it"
    else:
        assert remade == parts


def test_a_body_edit_makes_the_card_again_but_not_the_overviews(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(project, root)
    cache = ParseCache()
    before = _build(root / "content", root, cache)
    EDITS["card body"][0](root / "content")
    again = _build(root / "content", root, cache, before)
    remade = again.kept.computed
    assert "practice:benut-meertaligheid" in remade and "zoeken" in remade
    assert ("zoeken", "benut-meertaligheid") in remade
    assert "json-ld" not in remade  # the JSON-LD of a card does not hold its body
    # Neither pages nor the search documents or JSON-LD of other entries are made again.
    assert not remade & {"home", "overviews", "practice:zet-in-op-voorlezen", "regio's",
                         ("zoeken", "zet-in-op-voorlezen"), ("json-ld", "zet-in-op-voorlezen"),
                         ("open-data", "zet-in-op-voorlezen"), ("vergelijken", "zet-in-op-voorlezen")}
    assert ("open-data", "benut-meertaligheid") in remade  # its record holds the body


def test_kept_parts_are_used_again_until_a_read_changes() -> None:
    calls: list[str] = []

    def part(name: str, read: reads.Read) -> Callable[[], str]:
        def compute() -> str:
            calls.append(name)
            reads.OPEN[-1].add(read)
            return name
        return compute

    first = reads.Kept()
    assert first.get("a", part("a", ("x", reads.DATA))) == "a" and first.get("b", part("b", ("y", reads.BODY))) == "b"
    second = reads.Kept(first, {("y", reads.BODY)})
    assert second.get("a", part("a", ("x", reads.DATA))) == "a" and second.get("b", part("b", ("y", reads.BODY))) == "b"
    assert calls == ["a", "b", "b"] and second.computed == {"b"}
    assert reads.Kept(second, None).get("a", part("a", ("x", reads.DATA))) == "a" and calls[-1] == "a"


def test_kept_results_count_their_reads_on_every_use() -> None:
    store: dict[str, tuple[int, frozenset[reads.Read]]] = {}

    def compute() -> int:
        reads.OPEN[-1].add(("a", reads.DATA))
        return 1

    with reads.recording() as first:
        assert reads.remember(store, "k", compute) == 1
    with reads.recording() as second:
        assert reads.remember(store, "k", lambda: 2) == 1  # kept, not computed again
    assert first == second == {("a", reads.DATA)}
