"""Every way content leaves the build: one escaping function per output sink, and the HTML sanitiser.

Content is untrusted (architecture: "escape at the output"). The checker in core/safety.py rejects unsafe
content first; these functions make whatever gets past it inert in the place it lands, so both lines of
defence hold on their own. Each sink has exactly one function here, and no other module of outputs/ escapes
by itself (tests/test_escape.py keeps it so):

- Markdown that becomes HTML (page bodies, lists, tables): `markdown_text`, and `markdown_href` for an address;
- HTML outside Markdown (page head, nav, the print HTML's attributes): `html_text`;
- the front matter of a generated page: `front_matter`;
- JSON, also where it sits in a <script> or is fetched by a script: `script_json`;
- XML (the Atom feed, the maps' SVG): `xml_text`, `xml_attribute`, and `xml_legal` for a serialiser that
  escapes markup itself;
- a CSV cell: `csv_text`;
- rendered HTML of pages built from entries: `sanitize_html` (nh3).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import nh3

from kennisbank.core.safety import off_site

_SPACE = re.compile(r"\s+")


def one_line(text: Any) -> str:
    """Plain text as one line: every run of whitespace (newlines, U+2028 too) one space, none at the ends."""
    return _SPACE.sub(" ", str(text)).strip()


# --- Markdown and HTML --------------------------------------------------------------------------------------

# Python-Markdown honours a backslash before these characters (the tables extension adds '|'); before any
# other character the backslash would show, so only these are escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|!])")
# What starts a block (heading, list, setext underline, fence) only at the start of a line.
_LINE_START = re.compile(r"^(?:#|[+-](?=\s)|-(?=-)|\d+\.(?=\s|$))")


def markdown_text(text: Any) -> str:
    """Plain text made inert inside Markdown: one line, Markdown syntax escaped, HTML characters as entities.

    Whatever a field holds (tags, comments, link or image syntax, attribute lists, a heading or a fence),
    it renders as the same visible text and can never become markup."""
    line = html_text(_MD_SPECIAL.sub(r"\\\1", one_line(text)))
    if line[:1] in ("=", "~"):  # no backslash escape exists for these; an entity works everywhere
        return f"&#{ord(line[0])};{line[1:]}"
    return _LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], line)


def html_text(text: Any) -> str:
    """Plain text for HTML outside Markdown (page head, nav, a double-quoted attribute): one line, every
    special character escaped, double quotes included, so it can close neither an element nor an attribute."""
    # Apostrophes stay: every attribute we and the theme write is quoted with ", and Dutch has many ("thema's").
    return html.escape(one_line(text), quote=False).replace('"', "&quot;")


def front_matter(text: Any) -> str:
    """A value for a generated page's front matter (title, description): HTML-escaped, since the theme puts it
    into <title>, meta tags, the header and the nav as it is; then JSON, which YAML reads, in pure ASCII so no
    line or paragraph separator can end the front matter early."""
    # Not script_json: its \u0026 for the '&' of every entity would be the same to YAML but change each page.
    # Escaped by hand, as json.dumps' ASCII would escape it, except beyond U+FFFF (an emoji): there JSON writes
    # two \u escapes, which PyYAML reads as two lone surrogates, and MkDocs dropped the whole front matter.
    # YAML's own \U escape keeps it one character.
    return "".join(char if " " <= char <= "~" else f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF
                   else f"\\U{ord(char):08x}" for char in json.dumps(html_text(text), ensure_ascii=False))


# Markdown's inline patterns (images, links, emphasis, code) also run over the attributes of inline HTML, so
# these characters are percent-encoded in an address: the same address for a server, inert for Markdown.
_HREF_UNSAFE = re.compile(r"[\[\]()!*_`\\{}|<>\"'\s\x00-\x1f\x7f]")


def markdown_href(url: str) -> str:
    """An address for an href inside Markdown: percent-encoded where Markdown or HTML could act."""
    return html_text(_HREF_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url))


# --- JSON ---------------------------------------------------------------------------------------------------

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def script_json(value: Any, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """JSON in pure ASCII with '<', '>' and '&' escaped: safe in a script element, an HTML attribute or a file
    served with any charset, and without a raw U+2028 or U+2029. Compact unless indented.

    The HTML parser ends a <script> at the first '</script' whatever the JSON means; outside strings JSON
    never holds these three characters, so replacing them everywhere only ever touches string contents, where
    the \\u escape means the same character to every JSON reader."""
    text = json.dumps(value, ensure_ascii=True, indent=indent, sort_keys=sort_keys,
                      separators=(",", ": ") if indent else (",", ":"))
    for char, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


# --- XML ----------------------------------------------------------------------------------------------------

# Characters XML 1.0 does not allow at all (lone surrogates among them): one would make the whole feed or SVG
# unparsable, and a serialiser writes them as they are or as a reference no parser accepts.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])


def xml_legal(text: str) -> str:
    """Text without the characters XML forbids, for a serialiser that escapes markup itself (ElementTree).
    The checker rejects control characters in content; this keeps the file well-formed regardless."""
    return text.translate(_NOT_XML)


def _xml_escape(text: str) -> str:
    # What xml.sax.saxutils.escape does; that module pulls in urllib.request, ssl and http.client (13 ms of
    # every build's start) for these three replacements.
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _quoteattr(text: str) -> str:
    # xml.sax.saxutils.quoteattr: newlines and tabs as references, and the quote the value does not hold.
    text = _xml_escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def xml_text(text: str) -> str:
    """Text for XML written by hand (the maps' SVG): forbidden characters dropped, '&', '<' and '>' escaped."""
    return _xml_escape(xml_legal(text))


def xml_attribute(text: str) -> str:
    """An XML attribute value with its quotes: forbidden characters dropped, markup and the quote escaped, and
    newlines and tabs as character references (an XML parser would turn them into spaces)."""
    return _quoteattr(xml_legal(text))


# --- CSV ----------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel or LibreOffice treat a cell as a formula (OWASP's list for CSV injection)."""


def csv_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe stops it from being run as a formula. (The csv
    module quotes separators, quotes and newlines; numbers are not text and do not come here.)"""
    return "'" + text if text.startswith(_FORMULA_START) else text


# --- rendered HTML ------------------------------------------------------------------------------------------

_SAFE_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "nav", "ol", "p", "pre", "s", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul", "wbr",
}
_SAFE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "role", "aria-label", "aria-hidden", "aria-labelledby", "aria-describedby",
          "aria-current"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "details": {"open"},
}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images from other hosts would report every visitor to that host; only the site's own images stay.
    if tag == "img" and attribute == "src" and off_site(value):
        return None
    return value


def sanitize_html(fragment: str, *, images: bool = True) -> str:
    """Defence in depth for rendered entry pages: keep only what our Markdown and templates produce.
    Without images (for a PDF, which loads nothing) img elements go too."""
    return nh3.clean(
        fragment,
        tags=_SAFE_TAGS if images else _SAFE_TAGS - {"img"},
        attributes=_SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )
