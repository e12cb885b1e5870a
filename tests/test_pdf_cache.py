"""The briefing PDF cache and the choice of when to make PDFs: unchanged briefings are not rendered again, a
damaged cache file is made anew, and `serve` makes no PDFs unless asked ('always')."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from kennisbank.core.loader import load_knowledge_base
from kennisbank.outputs import pdf
from kennisbank.outputs.pdf import PdfEngineMissing, briefing_outputs, cached_pdfs, pdfs_wanted

from .conftest import GOLDEN, overlay_content

SITE = "https://kennisbank.example.org/"
MADE_ON = dt.date(2000, 1, 1)  # before every meetup, so the golden meetup gets its briefing too


def _fake_pdf(page_html: str) -> bytes:
    """Stands in for WeasyPrint (a second a briefing): deterministic bytes that differ per document."""
    return b"%PDF-fake " + hashlib.sha256(page_html.encode()).hexdigest().encode()


class CountingRenderer:
    """render_pdfs replaced: records every document it is asked to render."""

    def __init__(self) -> None:
        self.rendered: list[str] = []

    def __call__(self, documents: Sequence[str]) -> list[bytes]:
        self.rendered += documents
        return [_fake_pdf(document) for document in documents]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory):
    content = overlay_content(tmp_path_factory.mktemp("golden"), GOLDEN / "base" / "content",
                              GOLDEN / "pages" / "content")
    result = load_knowledge_base(content)
    assert result.errors == []
    return result.knowledge


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> CountingRenderer:
    counting = CountingRenderer()
    monkeypatch.setattr(pdf, "render_pdfs", counting)
    return counting


def _files(outputs) -> dict[str, bytes]:
    return {output.path: output.content for output in outputs}


def test_a_second_build_with_the_same_cache_renders_nothing(kb, renderer: CountingRenderer, tmp_path: Path) -> None:
    first = _files(briefing_outputs(kb, SITE, MADE_ON, cache_dir=tmp_path))
    assert len(renderer.rendered) == len(first) > 1
    renderer.rendered.clear()

    second = _files(briefing_outputs(kb, SITE, MADE_ON, cache_dir=tmp_path))

    assert renderer.rendered == []
    assert second == first  # same paths, same order of making, same bytes
    assert list(second) == list(first)


def test_without_a_cache_folder_everything_is_rendered(kb, renderer: CountingRenderer) -> None:
    first = briefing_outputs(kb, SITE, MADE_ON)
    briefing_outputs(kb, SITE, MADE_ON)
    assert len(renderer.rendered) == 2 * len(first)


def test_a_changed_briefing_is_the_only_one_rendered_again(renderer: CountingRenderer, tmp_path: Path) -> None:
    documents = [f"<html><p>briefing {n}</p></html>" for n in range(4)]
    cached_pdfs(documents, tmp_path)
    renderer.rendered.clear()

    documents[2] = "<html><p>briefing 2, bijgewerkt</p></html>"
    made = cached_pdfs(documents, tmp_path)

    assert renderer.rendered == [documents[2]]
    assert made == [_fake_pdf(document) for document in documents]
    # Only the current briefings are kept: the old version of the changed one is gone.
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == len(documents)


@pytest.mark.parametrize("damage", [lambda b: b[: len(b) // 2], lambda b: b"", lambda b: b[:40] + b"X" + b[41:]])
def test_a_damaged_cache_file_is_ignored_and_replaced(renderer: CountingRenderer, tmp_path: Path, damage) -> None:
    documents = ["<html><p>een</p></html>", "<html><p>twee</p></html>"]
    cached_pdfs(documents, tmp_path)
    renderer.rendered.clear()
    first, second = sorted((tmp_path / "pdf").glob("*.pdf"))
    first.write_bytes(damage(first.read_bytes()))

    made = cached_pdfs(documents, tmp_path)

    assert made == [_fake_pdf(document) for document in documents]
    assert len(renderer.rendered) == 1  # only the damaged one
    renderer.rendered.clear()
    assert cached_pdfs(documents, tmp_path) == made and renderer.rendered == []  # and it was written anew
    assert not [p for p in (tmp_path / "pdf").iterdir() if p.name.startswith(".tmp-")]  # no temporary left


def test_an_unwritable_cache_still_gives_every_pdf(renderer: CountingRenderer, tmp_path: Path) -> None:
    (tmp_path / "pdf").write_text("een bestand waar de map zou moeten staan")
    documents = ["<html><p>een</p></html>"]
    assert cached_pdfs(documents, tmp_path) == [_fake_pdf(documents[0])]


def test_without_process_pools_the_pdfs_are_made_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("geen processen hier")

    monkeypatch.setattr(pdf, "ProcessPoolExecutor", no_pool)
    monkeypatch.setattr(pdf, "briefing_pdf", _fake_pdf)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    documents = ["<p>een</p>", "<p>twee</p>", "<p>drie</p>"]
    assert pdf.render_pdfs(documents) == [_fake_pdf(document) for document in documents]


def test_parallel_and_cached_pdfs_are_the_bytes_of_a_plain_render(tmp_path: Path) -> None:
    """With the real engine, on tiny documents (a few hundredths of a second each): the process pool keeps the
    order, and the cache gives back exactly what WeasyPrint made."""
    if not pdf.engine_available():
        if os.environ.get("CI"):
            pytest.fail("WeasyPrint ontbreekt of kan Pango niet laden (in CI verplicht)")
        pytest.skip("WeasyPrint ontbreekt of kan Pango niet laden (python3 scripts/dev.py setup)")
    documents = [f'<html lang="nl"><head><title>Briefing {n}</title></head><body><p>Deel {n}</p></body></html>'
                 for n in range(3)]
    plain = [pdf.briefing_pdf(document) for document in documents]
    assert len(set(plain)) == len(plain)

    assert pdf.render_pdfs(documents) == plain
    assert cached_pdfs(documents, tmp_path) == plain  # rendered, in parallel, and stored
    assert cached_pdfs(documents, tmp_path) == plain  # from the cache


def test_serve_makes_no_pdfs_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "engine_available", lambda: True)
    messages: list[str] = []
    assert pdfs_wanted("auto", messages.append, serving=True) is False
    assert pdfs_wanted("always", messages.append, serving=True) is True
    assert pdfs_wanted("never", messages.append, serving=True) is False
    assert pdfs_wanted("auto", messages.append) is True
    assert messages == []  # leaving them out under serve is the default, not news


def test_always_under_serve_still_needs_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "engine_available", lambda: False)
    with pytest.raises(PdfEngineMissing):
        pdfs_wanted("always", print, serving=True)
    assert pdfs_wanted("auto", print, serving=True) is False
