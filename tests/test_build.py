"""Real `mkdocs build` runs in a temp dir: the plugin adds every page, links work, bad content stops the build."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from .conftest import GOLDEN, ROOT, overlay_content


def make_project(tmp_path: Path, *content: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    overlay_content(tmp_path, *content)
    return tmp_path


def run_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    return project / "site"


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
    assert (site / "sitemap.xml").exists() and (site / "search" / "search_index.json").exists()
    assert not (project / "docs" / "praktijk").exists()  # nothing generated lands in docs/
    assert "fonts.googleapis.com" not in practice and "fonts.gstatic.com" not in practice


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
    from kennisbank.safety import sanitize_html

    dirty = '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a><iframe src="x"></iframe></p>'
    assert sanitize_html(dirty) == "<p>a<a>b</a></p>"
