"""The one accent fold: 'Fryslân' → 'Fryslan', 'Oriëntatie' → 'Orientatie'. Callers add their own case handling."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """Text without its accents and other combining marks (Unicode NFKD, marks dropped); case and every other
    character are left as they are, so each caller keeps its own rule for those (lower, casefold, ASCII only)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
