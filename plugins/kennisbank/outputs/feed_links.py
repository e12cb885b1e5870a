"""Links to the site's feeds in the <head> of the home page and the overviews, so feed readers and browsers find them.

Material's JavaScript (bundle `ui({document$})`, mkdocs-material 9.x) selects `link[rel=alternate]` on every page,
takes each match for a language version of the site and fetches `sitemap.xml` beside its address (here
`data/sitemap.xml`, which does not exist). A CSS attribute selector `[rel=alternate]` matches only when the whole
value is exactly that word, so our links say `rel="alternate feed"`: the same `alternate` link type with an Atom or
JSON Feed `type` (a feed, per the HTML standard), plus the feed keyword that readers know from feed autodiscovery.
Material then skips them, and no request leaves the page for them.
"""

from __future__ import annotations

from . import urls
from .data.feeds import FEED_TITLE
from .escape import html_text

FEED_REL = "alternate feed"
"""Not just "alternate": see the module docstring (Material's language switch matches that exact value)."""

FEEDS = (
    (urls.ATOM_FEED, "application/atom+xml", f"{FEED_TITLE} (Atom)"),
    (urls.JSON_FEED, "application/feed+json", f"{FEED_TITLE} (JSON Feed)"),
)
"""Each feed: where it is, its media type, and the title a reader shows when it offers the feed."""

FEED_PAGES = frozenset({urls.HOME, urls.THEMES, urls.PRACTICES, urls.INITIATIVES, urls.READING_LIST, urls.MEETUPS,
                        urls.COLLECTIONS, urls.SECTORS, urls.EXPLORE, urls.OPEN_DATA_PAGE})
"""The pages whose <head> links the feeds: the home page and the overviews of what the feeds announce."""


def feed_links(page: str) -> str:
    """The <link> elements for a page source path ('index.md'), with addresses relative to that page; '' for a page
    that does not link the feeds."""
    if page not in FEED_PAGES:
        return ""
    return "".join(f'<link rel="{FEED_REL}" type="{media_type}" title="{html_text(title)}" '
                   f'href="{html_text(urls.html_href(page, path))}">\n' for path, media_type, title in FEEDS)
