"""'Bedoelde je …?' hints: the closest known name, id, field or choice to what a contributor wrote."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .folding import strip_accents


def fold(text: str) -> str:
    """Case- and accent-insensitive key, so 'Fryslan' finds 'Fryslân'."""
    return strip_accents(text).casefold().strip()


def suggest(value: str, options: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The closest option, or None when nothing is close enough."""
    if len(value) > 100:  # difflib is quadratic; nobody mistypes a name by a hundred characters
        return None
    folded = {fold(option): option for option in options}
    if fold(value) in folded:
        return folded[fold(value)]
    match = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def did_you_mean(value: str, options: Iterable[str], cutoff: float = 0.75) -> str:
    """' Bedoelde je 'x'?' to append to a message, or '' when there is no good suggestion."""
    best = suggest(value, options, cutoff)
    return f" Bedoelde je '{best}'?" if best else ""
