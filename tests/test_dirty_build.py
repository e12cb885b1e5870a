"""The edit loop: files parsed again only when they change, outputs rewritten only when they change, and a dirty
rebuild under `serve` that renders the changed pages, all of them, and nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kennisbank.core.loader as loader
from kennisbank.core.loader import ParseCache, load_knowledge_base
from kennisbank.outputs.dirty_build import DirtyBuild, write_changed
from kennisbank.outputs.output import Output

from .conftest import GOLDEN, ROOT, make_project

OLD = 1_000_000_000_000_000_000  # a modification time (ns) long before any write in the test


def _age(path: Path) -> None:
    os.utime(path, ns=(OLD, OLD))


def test_write_changed_rewrites_only_what_changed(tmp_path: Path) -> None:
    first = [Output("a/index.md", "# A\n"), Output("b.md", "# B\n"), Output("data/x.json", b"{}")]
    files = write_changed(first, tmp_path)
    assert files["a/index.md"].read_text() == "# A\n" and files["data/x.json"].read_bytes() == b"{}"
    for path in files.values():
        _age(path)
    # a: new text; b: same text but new JSON-LD (the builder puts that in the page); x: unchanged; y: new
    second = [Output("a/index.md", "# A2\n"), Output("b.md", "# B\n", json_ld="{}"), Output("data/x.json", b"{}"),
              Output("y.md", "# Y\n")]
    files = write_changed(second, tmp_path)
    assert files["a/index.md"].read_text() == "# A2\n"
    assert files["a/index.md"].stat().st_mtime_ns != OLD
    assert files["b.md"].stat().st_mtime_ns != OLD
    assert files["data/x.json"].stat().st_mtime_ns == OLD
    assert files["y.md"].is_file()
    write_changed(second[1:], tmp_path)  # a is gone: its file too
    assert not files["a/index.md"].exists()


def test_write_changed_never_leaves_its_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for path in ("../uit.md", "/etc/passwd", "a/../../uit.md", ""):
        with pytest.raises(ValueError):
            write_changed([Output(path, "x")], cache)
    outside = tmp_path / "buiten.md"
    outside.write_text("blijft")
    # A tampered manifest names a file outside the cache: removing "gone" outputs must not touch it.
    (cache / "manifest.txt").write_text("0 ../buiten.md\n0 ../../buiten.md\n0 /etc/hostname\n")
    write_changed([Output("a.md", "x")], cache)
    assert outside.read_text() == "blijft"
    # A symbolic link inside the cache folder that leads out is not written through.
    target = tmp_path / "elders"
    target.mkdir()
    (cache / "files" / "link").symlink_to(target)
    with pytest.raises(ValueError):
        write_changed([Output("link/b.md", "x")], cache)
    assert not (target / "b.md").exists()


def test_cache_folders_of_gone_site_folders_are_removed(tmp_path: Path) -> None:
    gone, kept = tmp_path / "site-weg", tmp_path / "site-blijft"
    gone.mkdir()
    kept.mkdir()
    DirtyBuild().files([Output("a.md", "x")], tmp_path / "cache", gone)
    DirtyBuild().files([Output("a.md", "x")], tmp_path / "cache", kept)
    assert len(list((tmp_path / "cache" / "site").iterdir())) == 2
    gone.rmdir()
    DirtyBuild().files([Output("a.md", "x")], tmp_path / "cache", kept)
    assert len(list((tmp_path / "cache" / "site").iterdir())) == 1


def test_parse_cache_reads_only_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content")
    content = project / "content"
    reads: list[str] = []
    original = loader.read_candidate

    def counting(file: Path, *args: object) -> object:
        reads.append(file.name)
        return original(file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "read_candidate", counting)
    cache = ParseCache()
    first = load_knowledge_base(content, project, cache)
    assert len(reads) == 3 and not first.problems
    reads.clear()
    again = load_knowledge_base(content, project, cache)
    assert reads == [] and sorted(again.knowledge.entries) == sorted(first.knowledge.entries)
    card = content / "practices" / "voorlezen.md"
    card.write_text(card.read_text(encoding="utf-8").replace("theme", "themaa", 1), encoding="utf-8")
    reads.clear()
    changed = load_knowledge_base(content, project, cache)
    assert reads == ["voorlezen.md"]
    uncached = load_knowledge_base(content, project)
    assert [p.format() for p in changed.problems] == [p.format() for p in uncached.problems] != []
    (content / "initiatives" / "voorleesclub.yml").unlink()
    reads.clear()
    assert "voorleesclub" not in load_knowledge_base(content, project, cache).knowledge and reads == []


# Builds a project three times in one process as `mkdocs serve --dirty` does (one plugin instance), and prints
# which pages each rebuild rendered.
DRIVER = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

rendered = []
original = Page.render
def render(self, config, files):
    rendered.append(self.file.src_uri)
    return original(self, config, files)
Page.render = render

def config():
    c = load_config("mkdocs.yml", site_dir=sys.argv[1])
    c.site_url = "http://127.0.0.1:8000/"
    return c

first = config()
first.plugins.on_startup(command="serve", dirty=True)
runs = []
for step in sys.argv[2:]:
    if step == "card":
        card = Path("content/practices/voorlezen.md")
        card.write_text(card.read_text(encoding="utf-8") + "\\nEen nieuwe zin met proefwoord.\\n", encoding="utf-8")
    elif step == "theme":
        theme = Path("content/themes/taal-centraal.md")
        theme.write_text(theme.read_text(encoding="utf-8").replace("title: Taal centraal", "title: Taal voorop"),
                         encoding="utf-8")
    rendered.clear()
    build(first if not runs else config(), serve_url="http://127.0.0.1:8000/", dirty=True)
    runs.append(sorted(rendered))
print(json.dumps(runs))
"""


def test_dirty_serve_renders_exactly_the_pages_that_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path, GOLDEN / "base" / "content")
    site = tmp_path / "served"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KENNISBANK_PDF": "auto"}
    result = subprocess.run([sys.executable, "-c", DRIVER, str(site), "start", "card", "nothing", "theme"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    start, card, nothing, theme = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(start) > 10 and "praktijk/voorlezen.md" in start
    # The card, and the generated pages that show its text (theme overview, briefings): never the whole site.
    assert "praktijk/voorlezen.md" in card and len(card) < len(start) / 2
    assert "over.md" not in card and "initiatieven/voorleesclub.md" not in card
    assert "proefwoord" in (site / "praktijk" / "voorlezen" / "index.html").read_text(encoding="utf-8")
    assert nothing == []
    # A new theme title is in the navigation of every page (hand-written ones too): all pages again.
    assert sorted(theme) == sorted(start)
    assert "A 'dirty' build" not in result.stderr  # the plugin takes care of what MkDocs warns about
    assert not any(site.glob("**/*.pdf")), "no PDFs under serve"


def test_serve_command_is_dirty() -> None:
    text = (ROOT / "scripts" / "dev.py").read_text(encoding="utf-8")
    assert '"serve", "--dirty", "--strict"' in text


def test_caches_live_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kennisbank.core.cache import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "caches"))
    gone, kept = tmp_path / "weg", tmp_path / "blijft"
    gone.mkdir()
    kept.mkdir()
    folder = cache_dir(gone)
    assert folder.is_relative_to(tmp_path / "caches") and folder != cache_dir(kept)
    assert not any(p.is_relative_to(gone) for p in folder.parents)
    gone.rmdir()
    from kennisbank.core import cache

    cache._prune.cache_clear()
    cache_dir(kept)
    assert not folder.exists(), "the folder of a project that is gone is removed"


def test_bodies_within_bounds_are_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", GOLDEN / "base" / "content")
    content = project / "content"
    card = content / "practices" / "voorlezen.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nMet *nadruk* en [een link](https://example.org).\n",
                    encoding="utf-8")
    rendered: list[str] = []
    original = loader.render_problems

    def counting(body: str, md: object) -> object:
        rendered.append(body)
        return original(body, md)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "render_problems", counting)
    caches = tmp_path / "cache"
    caches.mkdir()
    first = load_knowledge_base(content, project, cache_dir=caches)
    assert rendered and not first.problems
    count = len(rendered)
    rendered.clear()
    assert [p.format() for p in load_knowledge_base(content, project, cache_dir=caches).problems] == []
    assert rendered == [], "nothing rendered again"
    # A changed body is rendered; one that fails is never remembered.
    monkeypatch.setattr(loader, "render_problems", lambda body, md: iter([(0, "too-slow", "te traag")]))
    card.write_text(card.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    assert "too-slow" in [p.code for p in load_knowledge_base(content, project, cache_dir=caches).problems]
    assert "too-slow" in [p.code for p in load_knowledge_base(content, project, cache_dir=caches).problems]
    # Without a cache folder every body is rendered, every time.
    monkeypatch.setattr(loader, "render_problems", counting)
    load_knowledge_base(content, project)
    assert len(rendered) == count


def test_serve_keeps_the_bodies_it_did_not_look_at_in_the_cache(tmp_path: Path) -> None:
    """Under serve only the saved file is checked again; the cache of bodies must not shrink to that one file."""
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    content, caches = project / "content", tmp_path / "cache"
    caches.mkdir()
    load_knowledge_base(content, project, cache_dir=caches)
    known = set((caches / loader.Bodies.CACHE_FILE).read_text(encoding="ascii").split())
    assert len(known) > 1
    parse_cache = ParseCache()
    load_knowledge_base(content, project, parse_cache, caches)
    card = content / "practices" / "voorlezen.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    load_knowledge_base(content, project, parse_cache, caches)
    after = set((caches / loader.Bodies.CACHE_FILE).read_text(encoding="ascii").split())
    assert known <= after and len(after) == len(known) + 1  # the edited body is new; nothing forgotten
