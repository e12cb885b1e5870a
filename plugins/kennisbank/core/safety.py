"""Unsafe-content policy: plain-text fields, Markdown bodies and links checked before anything is built.

Policy (documented for contributors in CONTRIBUTING.md):
- Front-matter fields are plain text (URL fields are web addresses). Plain text carries no markup at all:
  tags, HTML comments, character references such as '&lt;' and control characters are errors there. Every
  output escapes plain text for its own context anyway (HTML, attributes, JSON, XML, PDF).
- The body below the front matter is Markdown. Raw HTML is rejected, except a short allowlist of harmless
  inline tags without attributes (ALLOWED_TAGS); <abbr> may carry a title, which must be text also after its
  character references are decoded (scripts such as a theme's tooltips may read it back as HTML). Scripts,
  frames, embeds, styles, forms, event-handler attributes (in tags and in attr_list's '{: … }') and
  javascript:/data:/vbscript: links are errors with their own message.
  Images come from the site itself only: an image on another host would tell that host who reads the page.
- Defence in depth: every output escapes for its own sink, and the HTML of every page built from entries also
  passes through nh3 (a maintained Rust sanitiser; outputs/escape.py has both) with an allowlist of what our
  templates and Markdown produce, images off the site dropped there too (with `off_site` from here), so a gap
  in this scanner cannot become an XSS or a request to another host.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

ALLOWED_TAGS = {"br", "abbr", "sup", "sub", "kbd", "mark", "small", "s", "del", "ins", "wbr"}
ALLOWED_ATTRIBUTES = {"abbr": {"title"}}
DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form", "input", "button",
    "textarea", "select", "base", "meta", "link", "svg", "math", "template", "noscript", "portal",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9:-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)(/?)\s*>?", re.S)
_ATTR = re.compile(r"([^\s=/\"'>]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?", re.S)
# A harmless comment: no markup inside, and not one of the forms ('<!-->', '<!--->') that HTML ends at once.
_SAFE_COMMENT = re.compile(r"<!--(?!-?>)(?:(?!--|[<>]).)*-->", re.S)
_MARKUP_START = re.compile(r"<\s*[a-zA-Z!/?]")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")
_INLINE_CODE = re.compile(r"(?<![\\`])(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_IMAGE_TARGET = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)>\s]*)")
_IMAGE_REFERENCE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[((?:[^\]\\]|\\.)*)\])?")
_DEFINITION = re.compile(r"^\s{0,3}\[((?:[^\]\\]|\\.)+)\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^)>\s]*)"),  # [text](target) and ![alt](target)
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+)", re.M),  # [ref]: target
    re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>"),  # <scheme:autolink>
)


def _blank(match: re.Match[str]) -> str:
    """Replace text by spaces of the same length, keeping newlines, so offsets stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _strip_code(text: str) -> str:
    """Code is shown as code, never run: blank out fenced blocks and inline code before scanning."""
    return _INLINE_CODE.sub(_blank, blank_fenced_code(text))


def blank_fenced_code(text: str) -> str:
    """Fenced code blocks (fences included) replaced by spaces, line breaks and offsets kept: what is in them is
    shown as it is, never parsed as Markdown or HTML."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * len(opening.group(1))
            lines[index] = " " * len(line)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines[index] = " " * len(line)
    return "\n".join(lines)


def dangerous_url(target: str) -> str | None:
    """The dangerous scheme a link target uses, seeing through entities, case and whitespace tricks."""
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(target)).lower()
    for scheme in DANGEROUS_SCHEMES:
        if cleaned.startswith(scheme):
            return scheme
    return None


def off_site(target: str) -> bool:
    """True for an address on another host (a scheme or '//'), after the same tricks as dangerous_url."""
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(target)).lower().replace("\\", "/")
    return cleaned.startswith("//") or bool(re.match(r"[a-z][a-z0-9+.-]*:", cleaned))


def scan(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield (offset, code, Dutch message) for every unsafe or disallowed construct in a Markdown body."""
    text = _strip_code(text)
    for match in re.finditer(r"<!--", text):
        if not _SAFE_COMMENT.match(text, match.start()):
            yield match.start(), "raw-html", (
                "dit HTML-commentaar is niet toegestaan: het is niet afgesloten met '-->' of bevat '<', '>' of "
                "'--'. Haal het weg; commentaar wordt op de site toch niet getoond."
            )
    text = _SAFE_COMMENT.sub(_blank, text)
    yield from _tag_problems(text)
    yield from _link_problems(text)
    yield from _image_problems(text)
    yield from _attribute_list_problems(text)


# Python-Markdown's attr_list: '{: #id .class key="value" }' after a block or inline element sets its attributes.
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")


def _attribute_list_problems(text: str) -> Iterator[tuple[int, str, str]]:
    for match in _ATTRIBUTE_LIST.finditer(text):
        for attr in _ATTR.finditer(match.group(1)):
            name = attr.group(1).lower()
            value = (attr.group(2) or "").strip("\"'")
            offset = match.start(1) + attr.start()
            if name.startswith("on"):
                yield offset, "unsafe-html", (
                    f"attribuut '{name}=' is niet toegestaan: het voert code uit. Verwijder het uit '{{: … }}'.")
            elif dangerous_url(value):
                yield offset, "unsafe-link", (
                    f"een '{dangerous_url(value)}'-adres is niet toegestaan (onveilig). Gebruik een gewone https://-link.")
            elif name in ("href", "src", "style", "srcdoc", "formaction", "action"):
                yield offset, "raw-html", (
                    f"attribuut '{name}=' in '{{: … }}' is niet toegestaan; schrijf een link als [tekst](https://…).")


def _link_problems(text: str) -> Iterator[tuple[int, str, str]]:
    for pattern in _LINK_TARGETS:
        for match in pattern.finditer(text):
            scheme = dangerous_url(match.group(1))
            if scheme:
                yield match.start(1), "unsafe-link", (
                    f"een link met '{scheme}' is niet toegestaan (onveilig). Gebruik een gewone https://-link."
                )


_OFF_SITE_IMAGE = ("een afbeelding van een andere website is niet toegestaan: die website zou zien wie de pagina "
                   "leest. Zet de afbeelding in docs/ of gebruik een gewone link naar de afbeelding.")


def _image_problems(text: str) -> Iterator[tuple[int, str, str]]:
    for match in _IMAGE_TARGET.finditer(text):
        if off_site(match.group(1)) and not dangerous_url(match.group(1)):  # those have their own message
            yield match.start(1), "off-site-image", _OFF_SITE_IMAGE
    if "]:" not in text:
        return
    definitions = {m.group(1).strip().casefold(): m.group(2) for m in _DEFINITION.finditer(text)}
    for match in _IMAGE_REFERENCE.finditer(text):
        if text.startswith("(", match.end()):
            continue  # an inline image, checked above
        label = (match.group(2) or match.group(1)).strip().casefold()
        target = definitions.get(label)
        if target is not None and off_site(target):
            yield match.start(), "off-site-image", _OFF_SITE_IMAGE


def _tag_problems(text: str) -> Iterator[tuple[int, str, str]]:
    opened = {m.group(2).lower() for m in _TAG.finditer(text) if not m.group(1)}
    for match in _TAG.finditer(text):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if ":" in name:
            continue  # <scheme:...> is an autolink, checked with the other link targets
        if closing:
            if name not in ALLOWED_TAGS and name not in opened:  # else its opening tag is reported already
                yield match.start(), "raw-html", (
                    f"HTML-tag </{name}> is niet toegestaan; schrijf de opmaak in Markdown."
                )
            continue
        if name in DANGEROUS_TAGS:
            yield match.start(), "unsafe-html", (
                f"HTML-tag <{name}> is niet toegestaan: die kan code uitvoeren of de pagina ontregelen. "
                "Verwijder de tag; wil je een video of formulier tonen, zet er dan een gewone link naar in."
            )
            continue
        for attr in _ATTR.finditer(attributes):
            attr_name = attr.group(1).lower()
            value = (attr.group(2) or "").strip("\"'")
            if attr_name.startswith("on"):
                yield match.start() + attr.start(), "unsafe-html", (
                    f"HTML-attribuut '{attr_name}=' is niet toegestaan: het voert code uit. Verwijder het."
                )
            elif dangerous_url(value):
                yield match.start() + attr.start(), "unsafe-link", (
                    f"een '{dangerous_url(value)}'-adres is niet toegestaan (onveilig). Gebruik een gewone https://-link."
                )
        if name not in ALLOWED_TAGS:
            yield match.start(), "raw-html", (
                f"HTML-tag <{name}> is niet toegestaan; schrijf de opmaak in Markdown "
                f"(toegestaan zijn alleen: {', '.join(sorted(ALLOWED_TAGS))})."
            )
            continue
        extra = [a.group(1) for a in _ATTR.finditer(attributes)
                 if a.group(1).lower() not in ALLOWED_ATTRIBUTES.get(name, set())
                 and not a.group(1).lower().startswith("on") and a.group(1) != "/"]
        if extra:
            yield match.start(), "raw-html", f"HTML-attribuut '{extra[0]}' op <{name}> is niet toegestaan; laat het weg."
        for attr in _ATTR.finditer(attributes):
            # Browsers decode '&lt;' in an attribute, and scripts (Material's tooltips, for one) may put the value
            # back into the page as HTML: what an allowed attribute says must be text after decoding too.
            if attr.group(1).lower() in ALLOWED_ATTRIBUTES.get(name, set()):
                decoded = html.unescape((attr.group(2) or "").strip("\"'"))
                if "<" in decoded:
                    yield match.start() + attr.start(), "unsafe-html", (
                        f"de tekst van '{attr.group(1)}=' op <{name}> bevat HTML (ook '&lt;' telt als '<'); dat is "
                        "niet toegestaan. Schrijf de uitleg als gewone tekst; '<' schrijf je als 'kleiner dan'.")


_PLAIN_MARKUP = ("dit veld is gewone tekst: HTML-tags en -commentaar ('<…>') horen er niet in, en opmaak ook niet. "
                 "Schrijf de tekst zonder opmaak; een kleiner-dan-teken schrijf je als 'kleiner dan'.")


def scan_plain(text: str, *, url: bool = False) -> Iterator[tuple[int, str, str]]:
    """Yield (offset, code, Dutch message) for markup in a plain-text field. Nothing is skipped as code or
    comment here: plain text is never Markdown, so backticks and comments hide nothing. The messages never
    suggest Markdown, which a plain-text field does not take."""
    dangerous = False
    for offset, code, message in _tag_problems(text):
        dangerous = True
        yield offset, code, _PLAIN_MARKUP if code == "raw-html" else message
    if not dangerous:
        for match in _MARKUP_START.finditer(text):
            yield match.start(), "markup-in-text", _PLAIN_MARKUP
            break
    if not url:  # '&' in a web address separates parameters, and '&copy=1' is not meant as '©'
        for match in _CHARACTER_REFERENCE.finditer(text):
            if html.unescape(match.group(0)) != match.group(0):
                yield match.start(), "markup-in-text", (
                    f"HTML-code '{match.group(0)}' hoort niet in gewone tekst; typ het teken zelf "
                    f"('{html.unescape(match.group(0))}')."
                )
                break
    yield from _link_problems(text)


def strings(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text value in front-matter data, with its field path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, path + (index,))

