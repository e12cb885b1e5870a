"""Real `mkdocs build` runs in a temp dir: the plugin adds every page, links work, bad content stops the build."""

from __future__ import annotations

import datetime
import logging
import os
import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from .conftest import GOLDEN, build_project, make_project


def run_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)  # some tests read what the build left relative to the project
    return build_project(project)


@pytest.fixture
def warnings_fail(caplog: pytest.LogCaptureFixture):
    """Any unexpected warning from MkDocs or the plugin fails the test."""
    yield
    bad = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("mkdocs")]
    assert bad == []


def test_builds_every_entry_with_links_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings_fail) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content")
    site = run_build(project, monkeypatch)
    practice = (site / "praktijk" / "voorlezen" / "index.html").read_text(encoding="utf-8")
    theme = (site / "themas" / "taal-centraal" / "index.html").read_text(encoding="utf-8")
    initiative = (site / "initiatieven" / "voorleesclub" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../themas/taal-centraal/"' in practice  # practice → theme
    assert 'href="../../praktijk/voorlezen/"' in theme  # theme → practice (backlink)
    assert 'href="../../initiatieven/voorleesclub/"' in practice  # practice ← initiative (backlink)
    assert 'href="../../praktijk/voorlezen/"' in initiative
    assert "Wie in jouw regio kan helpen" in practice  # {regio} filled for the web
    # "edit this page" opens the entry's own file under content/, not docs/
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/content/practices/voorlezen\.md"', practice)
    assert (site / "sitemap.xml").exists() and (site / "search" / "index.json").exists()
    assert not (site / "search" / "search_index.json").exists()  # Material's search is replaced by ours
    assert not (project / "docs" / "praktijk").exists()  # nothing generated lands in docs/
    assert "fonts.googleapis.com" not in practice and "fonts.gstatic.com" not in practice


def test_glossary_terms_get_tooltips_on_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    (project / "docs" / "over.md").write_text("# Over\n\nWat is VVE?\n", encoding="utf-8")
    site = run_build(project, monkeypatch)
    assert '<abbr title="voor- en vroegschoolse educatie">VVE</abbr>' in (site / "over" / "index.html").read_text(encoding="utf-8")
    glossary = (site / "begrippen" / "index.html").read_text(encoding="utf-8")
    assert 'id="vve"' in glossary and "Extra aandacht voor taal bij jonge kinderen." in glossary


def test_broken_entry_stops_build_without_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content", GOLDEN / "cases" / "unknown-reference" / "content")
    (project / "site").mkdir()
    (project / "site" / "oud.html").write_text("vorige versie")
    with pytest.raises((PluginError, Abort)):
        run_build(project, monkeypatch)
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("content/practices/lezen.md:4:10: error: onbekend thema 'taal-centrall'") for m in messages)
    assert sorted(p.name for p in (project / "site").iterdir()) == ["oud.html"]  # untouched, not half-built


def test_generated_page_may_not_collide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content")
    (project / "docs" / "praktijk").mkdir()
    (project / "docs" / "praktijk" / "voorlezen.md").write_text("# Handgeschreven\n")
    with pytest.raises((PluginError, Abort)):
        run_build(project, monkeypatch)
    assert any("bestaan ook in docs/: praktijk/voorlezen.md" in r.getMessage() for r in caplog.records)


def test_hostile_html_is_sanitised_even_if_it_slipped_through() -> None:
    from kennisbank.outputs.escape import sanitize_html

    dirty = '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a><iframe src="x"></iframe></p>'
    assert sanitize_html(dirty) == "<p>a<a>b</a></p>"


def test_warnings_under_strict_stop_before_site_is_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content", GOLDEN / "cases" / "warnings" / "content")
    (project / "site").mkdir()
    (project / "site" / "oud.html").write_text("vorige versie")
    with pytest.raises((PluginError, Abort)):
        run_build(project, monkeypatch)  # mkdocs.yml has strict: true
    assert any(": warning: " in r.getMessage() for r in caplog.records)
    assert sorted(p.name for p in (project / "site").iterdir()) == ["oud.html"]


def _git(project: Path, *args: str, day: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_rebuilds_are_byte_identical_on_another_day_and_in_another_clone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.structure.pages
    import mkdocs.utils

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "a").mkdir()
    project = make_project(tmp_path / "a", GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    _git(project, "init", "-q", "-b", "main", day="2026-01-01")
    _git(project, "add", "content", day="2026-01-01")
    _git(project, "commit", "-q", "-m", "inhoud", day="2026-01-01")
    _git(project, "add", ".", day="2026-02-03")
    _git(project, "commit", "-q", "-m", "site", day="2026-02-03")
    clone = tmp_path / "b"
    subprocess.run(["git", "clone", "-q", str(project), str(clone)], check=True, capture_output=True)
    builds = []
    for where, today in ((project, "2030-05-06"), (clone, "2031-07-08")):
        # The build's own clock: MkDocs dates pages and the sitemap's gzip header with it.
        fake = datetime.datetime.fromisoformat(f"{today}T10:00:00+00:00")
        monkeypatch.setattr(mkdocs.utils, "get_build_datetime", lambda fake=fake: fake)
        monkeypatch.setattr(mkdocs.structure.pages, "get_build_date", lambda today=today: today)
        builds.append(_snapshot(run_build(where, monkeypatch)))
    first, second = builds
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    sitemap = first["sitemap.xml"].decode()
    assert "<lastmod>2026-01-01</lastmod>" in sitemap and "<lastmod>2026-02-03</lastmod>" in sitemap
    assert "2030" not in sitemap


def test_adapter_emits_files_as_they_are_and_sanitises_only_content_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outputs other than pages (JSON, scripts, PDFs) reach site/ byte for byte; a trusted page made only from
    our own templates keeps its form controls; pages with entry content lose anything unsafe."""
    import kennisbank.outputs.build as site_contents
    from kennisbank.outputs.output import Output

    real = site_contents.search_outputs

    def with_extra_outputs(*args, **kwargs):  # type: ignore[no-untyped-def]
        return [*real(*args, **kwargs),
                Output("data/voorbeeld.json", b'{"a": "<b>"}\n'),
                Output("data/bestand.pdf", b"%PDF-1.7\x00\xff"),
                Output("verkennen.md", "# Verkennen\n\n<form><input name=\"q\"></form>\n", sanitise=False),
                Output("vuil.md", "# Vuil\n\n<form><input name=\"q\"></form><script>x()</script>\n")]

    monkeypatch.setattr(site_contents, "search_outputs", with_extra_outputs)
    project = make_project(tmp_path, GOLDEN / "base" / "content")
    config_text = (project / "mkdocs.yml").read_text().replace("strict: true", "strict: false")
    (project / "mkdocs.yml").write_text(config_text)  # the two extra pages are outside the nav
    site = run_build(project, monkeypatch)
    assert (site / "data" / "voorbeeld.json").read_bytes() == b'{"a": "<b>"}\n'
    assert (site / "data" / "bestand.pdf").read_bytes() == b"%PDF-1.7\x00\xff"
    assert '<input name="q"' in (site / "verkennen" / "index.html").read_text(encoding="utf-8")
    article = (site / "vuil" / "index.html").read_text(encoding="utf-8").split("<article")[1].split("</article>")[0]
    assert "<form" not in article and "<input" not in article and "<script" not in article


def test_an_abbr_in_a_body_is_not_wrapped_in_the_glossary_tooltip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    page = (run_build(project, monkeypatch) / "praktijk" / "feedback" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="voor- en vroegschoolse educatie">vve</abbr>' in page
    assert "<abbr title" not in page.split('<abbr title="voor- en vroegschoolse educatie">vve</abbr>')[0][-40:]


def test_explore_script_only_on_the_explore_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = run_build(make_project(tmp_path, GOLDEN / "base" / "content"), monkeypatch)
    with_script = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                         if "assets/kennisbank/explore.js" in p.read_text(encoding="utf-8"))
    assert with_script == ["verkennen/index.html"]
    assert (site / "assets" / "kennisbank" / "explore.js").is_file()
    with_script = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                         if "assets/kennisbank/compare.js" in p.read_text(encoding="utf-8"))
    assert with_script == ["vergelijk/index.html"]  # and so is the compare page's
    assert (site / "assets" / "kennisbank" / "compare.js").is_file() and (site / "vergelijk" / "kaarten.json").is_file()
