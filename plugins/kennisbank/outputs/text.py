"""Dutch formatting shared by the outputs: dates, months of extra learning, figures on a scale of five and a
practice card's first rating in a few words. The web pages, the print briefing and the explore data word them
alike because they all take them from here. Labels of a model's values live with the model (SECTOR_LABELS,
MEDIA_LABELS, SCOPE_LABELS), the names of the kinds in the kind registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup

from kennisbank.core.models.rating import SCHEME_SHORT, Rating

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
NOT_GIVEN = "niet gegeven"
"""What a missing figure says, so that it does not look like zero."""


def dutch_date(day: dt.date) -> str:
    """'3 maart 2025'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


_NUMBER_WORDS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf")


def number_word(n: int) -> str:
    """A small count as Dutch writes it in running text: 4 → 'vier'; from 13 on, digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def months(value: int | None) -> Markup:
    """'+6 maanden', '0 maanden', '-1 maand'; a missing figure says so instead of looking like zero."""
    if value is None:
        return Markup(NOT_GIVEN)
    return Markup(f"{value:+d} {'maand' if abs(value) == 1 else 'maanden'}" if value else "0 maanden")


def out_of_five(value: int) -> str:
    """A figure on the toolkits' scale of five: '3 van 5'."""
    return f"{value} van 5"


STRENGTH_SYMBOLS = ("●", "○")
COST_SYMBOLS = ("€", "·")
"""The full and empty symbol of each scale of five, as the card pages and the compare page draw them."""


def symbols(value: int, pair: tuple[str, str]) -> str:
    """A figure on the scale of five as symbols: 3 with STRENGTH_SYMBOLS is '●●●○○'."""
    full, empty = pair
    return full * value + empty * (5 - value)


def _scale(value: int | None, pair: tuple[str, str], kind: str) -> Markup:
    # The symbols are decoration for sighted readers; the words carry the figure for everyone.
    if value is None:
        return Markup(NOT_GIVEN)
    drawn = symbols(value, pair)
    return Markup(f'<span class="kb-scale kb-scale--{kind}" aria-hidden="true">{drawn}</span> {out_of_five(value)}')


def strength(value: int | None) -> Markup:
    """Strength of evidence as dots and words: '●●●○○ 3 van 5' (the dots hidden from screen readers)."""
    return _scale(value, STRENGTH_SYMBOLS, "strength")


def cost(value: int | None) -> Markup:
    """Cost as euro signs and words: '€€··· 2 van 5' (the signs hidden from screen readers)."""
    return _scale(value, COST_SYMBOLS, "cost")


def rating_summary(ratings: Sequence[Rating]) -> str:
    """A card's first rating in a few words, for lists: 'EEF: +6 maanden, bewijskracht 3 van 5, kosten 1 van 5',
    followed by '; en 1 andere toolkit' when more toolkits rate the card; '' for a card without ratings."""
    if not ratings:
        return ""
    first = ratings[0]
    parts = [f"{months(first.impact_months)}" if first.impact_months is not None else "",
             f"bewijskracht {out_of_five(first.strength)}" if first.strength is not None else "",
             f"kosten {out_of_five(first.cost)}" if first.cost is not None else ""]
    more = f"; en {len(ratings) - 1} andere toolkit{'s' if len(ratings) > 2 else ''}" if len(ratings) > 1 else ""
    return f"{SCHEME_SHORT[first.scheme]}: {', '.join(p for p in parts if p)}{more}"
