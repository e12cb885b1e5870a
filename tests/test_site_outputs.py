"""build_site, the one list of what a site contains, works without any site builder; briefings are made once."""

from __future__ import annotations

import json

import pytest

from kennisbank.core.history import History
from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import MEETUP
from kennisbank.outputs import briefing as briefing_module
from kennisbank.outputs import urls
from kennisbank.outputs.briefing import Briefings
from kennisbank.outputs.build import SiteSettings, build_site, finish_content, finish_document
from kennisbank.outputs.explore import EXPLORE_PATH
from kennisbank.outputs.output import Output, fragment_placeholder

from .conftest import GOLDEN, overlay_content


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("site-outputs")
    overlay_content(root, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    result = load_knowledge_base(root / "content")
    assert result.errors == []
    return result.knowledge


def test_every_kind_of_output_comes_from_one_function(kb) -> None:
    site = build_site(kb, History(), SiteSettings(site_url="https://example.org/kb/"))
    paths = {o.path for o in site.outputs}
    assert {urls.entry_uri(e).partition("#")[0] for e in kb.entries.values() if e.kind.name != "term"} <= paths
    assert {"index.md", urls.GLOSSARY, EXPLORE_PATH, "search/index.json"} <= paths
    assert any(p.startswith("data/") for p in paths) and any(p.startswith("assets/kennisbank/") for p in paths)
    assert len(paths) == len(site.outputs)  # no output twice
    assert not any(p.endswith(".pdf") for p in paths)  # none asked for
    described = [o for o in site.outputs if o.json_ld]
    assert described and all(o.is_page and json.loads(o.json_ld)["@context"] == "https://schema.org" for o in described)
    assert set(site.nav) >= {"theme", "meetup", "collection"}
    assert all(form and meaning for form, meaning in site.glossary.items())


def test_each_briefing_is_made_once_per_build(kb, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = briefing_module.meetup_briefing

    def counting(kb, meetup):  # type: ignore[no-untyped-def]
        made.append(meetup.id)
        return real(kb, meetup)

    monkeypatch.setattr(briefing_module, "meetup_briefing", counting)
    shared = Briefings(kb)
    for meetup in kb.of_kind(MEETUP):
        assert shared.meetup(meetup) is shared.meetup(meetup)
    assert sorted(made) == sorted(m.id for m in kb.of_kind(MEETUP))


def test_finishing_a_page_sanitises_entry_pages_and_keeps_trusted_fragments() -> None:
    entry = Output("praktijk/x.md", "", fragments={"kaart": "<svg><title>kaart</title></svg>"},
                   json_ld='{"@context": "https://schema.org"}')
    html = '<p onclick="x()">a</p>' + fragment_placeholder("kaart") + "<script>alert(1)</script>"
    assert finish_content(entry, html) == "<p>a</p><svg><title>kaart</title></svg>"
    assert "onclick" in finish_content(None, html)  # a hand-written page is the maintainers' own
    document = "<html><head><title>t</title></head><body></body></html>"
    assert '<script type="application/ld+json">{"@context": "https://schema.org"}</script>' in finish_document(entry, document)
    assert finish_document(None, document) == document


def test_home_and_overviews_link_the_feeds_in_a_form_materials_language_switch_skips() -> None:
    document = "<html><head><title>t</title></head><body></body></html>"
    home = finish_document(Output(urls.HOME, ""), document)
    overview = finish_document(Output(urls.PRACTICES, ""), document)
    assert home.count('<link rel="alternate feed"') == 2 and home.index("<link") < home.index("</head>")
    assert 'type="application/atom+xml"' in home and 'href="data/feed.atom"' in home
    assert 'type="application/feed+json"' in overview and 'href="../data/feed.json"' in overview
    assert 'rel="alternate"' not in home + overview  # Material would fetch data/sitemap.xml for that
    assert "<link" not in finish_document(Output("praktijk/x.md", ""), document)
