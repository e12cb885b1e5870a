"""The build output type: one file of the site, as text or bytes, and whether it must be sanitised."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Output:
    """One file the core hands to the site builder.

    A path ending in '.md' is a page: the builder renders its Markdown inside the theme. Anything else
    (JSON, JavaScript, a PDF) is written as it is, so the module that makes it escapes for its own format.
    `sanitise` says whether the page's HTML must pass through the sanitiser, which is the case for every
    page that carries entry content; a trusted page with form controls (made only from our own templates)
    may opt out, since the sanitiser would strip its controls."""

    path: str  # site path, posix, e.g. 'praktijk/voorlezen.md' or 'data/entries.json'
    content: str | bytes
    sanitise: bool = True
    source: str | None = None  # the entry's file, for "edit this page"
    in_nav: bool = False
    fragments: Mapping[str, str] = field(default_factory=dict)
    """Trusted HTML made by our own code (an SVG map) that the sanitiser would strip: the page holds a
    placeholder (fragment_placeholder(name)) and the builder puts the fragment there after sanitising."""
    json_ld: str | None = None
    """schema.org data for the page's <head>: script-safe JSON made by jsonld.py, put in its script element when
    the page is finished."""

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")

    @property
    def text(self) -> str:
        """The content as text (pages and other text outputs)."""
        return self.content if isinstance(self.content, str) else self.content.decode("utf-8")


def fragment_placeholder(name: str) -> str:
    """An empty element the sanitiser keeps (a div with an id), replaced by the fragment after sanitising."""
    return f'<div id="kb-fragment-{name}"></div>'
