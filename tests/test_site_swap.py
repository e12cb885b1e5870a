"""A build that fails at any stage leaves the previous site/ byte for byte as it was; one that succeeds replaces it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from .conftest import GOLDEN, make_project
from .test_build import run_build

# A hooks file that fails the build at the event named in KB_FAIL_AT (MkDocs runs hooks like plugins).
HOOKS = '''
import os


def _fail(event):
    if os.environ.get("KB_FAIL_AT") == event:
        raise RuntimeError(f"test: afgebroken in {event}")


def on_pre_build(config):
    _fail("on_pre_build")


def on_files(files, config):
    _fail("on_files")
    return files


def on_nav(nav, config, files):
    _fail("on_nav")
    return nav


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.startswith("praktijk/"):
        _fail("on_page_markdown")
    return markdown


def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith("themas/"):
        _fail("on_page_content")
    return html


def on_env(env, config, files):
    _fail("on_env")
    return env


def on_post_page(output, page, config):
    if page.file.src_uri == "index.md":
        _fail("on_post_page")
    return output


def on_post_build(config):
    _fail("on_post_build")
'''
STAGES = ["on_pre_build", "on_files", "on_nav", "on_page_markdown", "on_page_content", "on_env", "on_post_page",
          "on_post_build"]


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    project = make_project(tmp_path_factory.mktemp("swap"), GOLDEN / "base" / "content")
    (project / "hooks.py").write_text(HOOKS, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hooks.py\n")
    with pytest.MonkeyPatch.context() as patch:
        site = run_build(project, patch)
    assert (site / "praktijk" / "voorlezen" / "index.html").exists()
    return project, snapshot(site)


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if "kennisbank-" in p.name)


@pytest.mark.parametrize("stage", STAGES)
def test_a_failure_at_any_stage_leaves_the_site_untouched(stage: str, built: tuple[Path, dict[str, bytes]],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built
    monkeypatch.setenv("KB_FAIL_AT", stage)
    with pytest.raises(RuntimeError, match=stage):
        run_build(project, monkeypatch)
    assert snapshot(project / "site") == before
    assert _leftovers(project) == []


def test_content_errors_leave_the_site_untouched(built: tuple[Path, dict[str, bytes]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built
    broken = project / "content" / "practices" / "kapot.md"
    broken.write_text("---\ntitle: [niet afgesloten\n---\n", encoding="utf-8")
    try:
        with pytest.raises((PluginError, Abort)):
            run_build(project, monkeypatch)
    finally:
        broken.unlink()
    assert snapshot(project / "site") == before
    assert _leftovers(project) == []


def test_warnings_under_strict_leave_the_site_untouched(built: tuple[Path, dict[str, bytes]],
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    project, before = built
    page = project / "docs" / "kapotte-link.md"
    page.write_text("# Pagina\n\nNaar [nergens](bestaat-niet.md).\n", encoding="utf-8")
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="strict"):
            run_build(project, monkeypatch)
    finally:
        page.unlink()
    assert snapshot(project / "site") == before
    assert _leftovers(project) == []
    assert any("ongewijzigd" in r.getMessage() for r in caplog.records)


def test_a_good_build_replaces_the_site(built: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built
    stale = project / "site" / "oud.html"
    stale.write_text("vorige versie", encoding="utf-8")
    run_build(project, monkeypatch)
    assert not stale.exists()
    assert snapshot(project / "site") == before
    assert _leftovers(project) == []
