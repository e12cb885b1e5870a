"""KnowledgeBase → the data of the compare page: per practice card the fields a school leader weighs side by side
(figures per toolkit, sectors, age groups, first steps, linked initiatives with their provincies), as plain text.

assets/compare.js reads the file and puts every value into the page with textContent, so everything here is
plain text: the first steps lose their Markdown, figures are worded by text.py as on the card pages.
"""

from __future__ import annotations

import html
import re
from functools import partial
from importlib import resources
from typing import Any

from kennisbank.core import queries as q
from kennisbank.core import reads
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import PRACTICE
from kennisbank.core.models.common import SECTOR_LABELS, slugify
from kennisbank.core.models.initiative import SCOPE_LABELS
from kennisbank.core.models.practice import AGE_GROUP_LABELS
from kennisbank.core.models.rating import SCHEMES, Rating
from kennisbank.core.regions import PROVINCES

from . import urls
from .briefing import body_sections
from .escape import script_json
from .explore import figure_legends
from .output import Output
from .text import COST_SYMBOLS, NOT_GIVEN, STRENGTH_SYMBOLS, dutch_date, months, out_of_five, symbols

VERSION = 1
"""Version of the file's layout; compare.js is shipped with the file, so the two always match."""
FIRST_STEPS = "Hoe begin je?"
"""The heading of a card's body whose points the page shows as first steps."""
MAX_CARDS = 4
"""How many cards the page puts side by side: more would not fit a phone's width per criterion, nor a printed A4."""

_ITEM_START = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Asterisks make emphasis anywhere; underscores only around whole words, as in Python-Markdown (snake_case stays).
_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_TAG = re.compile(r"<[^>]*>")
_BACKSLASH = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """One line of inline Markdown as the text a reader sees: links as their text, no emphasis, code marks or
    tags, entities and backslash escapes resolved."""
    text = _LINK.sub(r"\1", markdown)
    text = _TAG.sub("", text).replace("`", "")
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
    text = _BACKSLASH.sub(r"\1", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()


def plain_points(markdown: str) -> list[str]:
    """The points of a Markdown section as plain text: each list item, or each paragraph where there is no list."""
    points: list[list[str]] = []
    fresh = True  # a blank line ends a paragraph; a list item starts a point of its own
    for line in markdown.splitlines():
        if not line.strip():
            fresh = True
            continue
        start = _ITEM_START.match(line)
        if start or fresh:
            points.append([line[start.end():] if start else line])
        else:
            points[-1].append(line)
        fresh = False
    return [text for text in (plain_text(" ".join(lines)) for lines in points) if text]


def _figure(value: int | None, pair: tuple[str, str]) -> dict[str, Any]:
    """A figure on a scale of five: its words, and the symbols the card pages draw for sighted readers."""
    if value is None:
        return {"text": NOT_GIVEN, "symbols": ""}
    return {"text": out_of_five(value), "symbols": symbols(value, pair)}


def _rating(rating: Rating) -> dict[str, Any]:
    info = SCHEMES[rating.scheme]
    return {
        "toolkit": info.short,
        "toolkit_label": info.label,
        "strand": rating.strand,
        "url": rating.url,
        "read_on": dutch_date(rating.read_on),
        "version": rating.version,
        "impact": str(months(rating.impact_months)),
        "strength": _figure(rating.strength, STRENGTH_SYMBOLS),
        "strength_words": rating.strength_text,
        "cost": _figure(rating.cost, COST_SYMBOLS),
    }


def _no_ratings(card: Entry[Any]) -> str:
    """What the card page says when a card carries no figures, in one sentence."""
    checked = card.data.ratings_checked
    if checked:
        return f"Geen cijfers: bij het nakijken van de toolkits op {dutch_date(checked)} zat er geen passend onderdeel bij."
    return "Nog geen cijfers uit een toolkit."


def _card(kb: KnowledgeBase, card: Entry[Any]) -> dict[str, Any]:
    data = card.data
    return {
        "id": card.id,
        "url": urls.entry_url(card),
        "title": card.title,
        "number": data.number,
        "summary": data.summary,
        "themes": [theme.title for theme in q.themes_of_practice(kb, card)],
        "sectors": [SECTOR_LABELS[s] for s in data.sectors],
        "ages": [AGE_GROUP_LABELS[a] for a in data.age_groups],
        "ratings": [_rating(r) for r in data.ratings],
        "no_ratings": None if data.ratings else _no_ratings(card),
        "first_steps": plain_points(body_sections(card.body).get(FIRST_STEPS, "")),
        "initiatives": [i.id for i in q.initiatives_for_practice(kb, card)],
    }


def _initiative(entry: Entry[Any]) -> dict[str, Any]:
    data = entry.data
    return {
        "title": entry.title,
        "url": urls.entry_url(entry),
        "scope": SCOPE_LABELS[data.scope],
        "places": "; ".join(p.label for p in data.places),
        "provinces": sorted({slugify(p.provincie) for p in data.places}),
        "national": not data.places and not data.unplaced,
    }


def compare_payload(kb: KnowledgeBase, kept: reads.Keeper = reads.compute_now) -> dict[str, Any]:
    """Every practice card (by title) with its comparable fields, the initiatives they link to, by id, the
    provincies to choose from ([value in the URL, name, region page], in the official order) and the headings of
    the figures. `kept` may hand back a card's fields from the last build (core/reads.py)."""
    cards = q.by_title(kb.of_kind(PRACTICE))
    linked = {i.id: i for card in cards for i in q.initiatives_for_practice(kb, card)}
    return {
        "version": VERSION,
        "max": MAX_CARDS,
        "cards": [kept(("vergelijken", card.id), partial(_card, kb, card)) for card in cards],
        "initiatives": {key: _initiative(entry) for key, entry in sorted(linked.items())},
        "provinces": [[slugify(p), p, urls.page_url(urls.region(p))] for p in PROVINCES],
        "legends": figure_legends(),
    }


def compare_data(kb: KnowledgeBase, kept: reads.Keeper = reads.compute_now) -> str:
    """compare_payload as JSON for the browser: compact and script-safe."""
    return script_json(compare_payload(kb, kept), sort_keys=True)


SCRIPT = "compare.js"


def compare_outputs(kb: KnowledgeBase, kept: reads.Keeper = reads.compute_now) -> list[Output]:
    """The compare page's data and its script (which only that page loads: its front matter names it)."""
    script = resources.files("kennisbank.outputs").joinpath("assets", SCRIPT).read_bytes()
    return [Output(urls.COMPARE_DATA, compare_data(kb, kept)), Output(urls.asset(SCRIPT), script)]
