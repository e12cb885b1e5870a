"""Feeds people can find: the home page and the overviews link the Atom and JSON feeds in their <head>, and
Material's language switch does not take those links for language versions (it would fetch a sitemap beside them)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from kennisbank.outputs import urls
from kennisbank.outputs.feed_links import FEED_PAGES

FEED_TYPES = {"application/atom+xml": urls.ATOM_FEED, "application/feed+json": urls.JSON_FEED}
OWN_ASSETS = ("script[src]", "src"), ("link[rel=stylesheet]", "href"), ("link[rel=icon]", "href"), ("img[src]", "src")


def _own_assets(page) -> set[str]:
    """Every address the page's markup itself loads: its scripts, style sheets, icon and images."""
    found: set[str] = set()
    for selector, attribute in OWN_ASSETS:
        found.update(page.eval_on_selector_all(selector, f"els => els.map(e => e['{attribute}'])"))
    return found


@pytest.mark.parametrize("path", sorted(urls.page_url(p) for p in FEED_PAGES), ids=lambda p: p or "home")
def test_page_links_both_feeds_and_requests_only_its_own_assets(visit, base_url: str, path: str) -> None:
    v = visit()
    v.goto(path)
    links = v.page.eval_on_selector_all(
        "head link[rel~=alternate]", "els => els.map(e => [e.type, e.href, e.title, e.rel])")
    assert {media_type: urlsplit(href).path.lstrip("/") for media_type, href, _title, _rel in links} == FEED_TYPES
    assert all(title and rel == "alternate feed" for _type, _href, title, rel in links)
    for href in (href for _type, href, _title, _rel in links):
        assert v.page.request.get(href).ok  # the feed is really there
    page_url = urljoin(base_url + "/", path)
    requested = set(v.requests) - {page_url}
    assets = _own_assets(v.page)
    # Scripts and style sheets load more of the site's own files (fonts, the explore page's search/explore.json);
    # nothing may go to data/ (the feeds, a sitemap beside them) or to any other host.
    beyond = {u for u in requested - assets if not urlsplit(u).path.startswith(("/assets/", "/search/"))}
    assert beyond == set()
    assert not any("/data/" in u or u.endswith("sitemap.xml") for u in requested)
    assert v.errors == [] and v.external_requests() == []


def test_a_plain_alternate_link_would_fetch_a_sitemap(visit) -> None:
    """The reason for rel="alternate feed": the same link with rel="alternate" alone makes Material fetch a sitemap
    beside it. If Material stops doing that, this test fails and the workaround can go."""
    v = visit()
    v.page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => document.querySelectorAll('link[rel~=alternate]')"
        ".forEach(l => l.setAttribute('rel', 'alternate')));")
    v.goto("")
    assert any(u.endswith("/data/sitemap.xml") for u in v.requests)
