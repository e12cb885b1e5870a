"""The self-scan page's data: every scan with its statements, themes and cards, as script-safe JSON for zelfscan.js."""

from __future__ import annotations

from typing import Any

from kennisbank.core import queries as q
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.scan import ROLE_PARAMETER, SECTOR_PARAMETER

from . import escape, urls

VERSION = 1
"""Layout of the data; zelfscan.js is shipped with the page, so the two always match."""

ANSWERS = (("ja", "Klopt"), ("deels", "Klopt deels"), ("nee", "Klopt (nog) niet"))
"""The answers to a statement as they appear in the page's address, with the label visitors see; the last ones
point to themes and cards most strongly."""

ELEMENT_ID = "kb-zelfscan"
"""The id of the element the script fills; the data sits in '<ELEMENT_ID>-data'."""


def _link(entry: Entry[Any]) -> str:
    """An entry's address relative to the self-scan page, for raw HTML and the script (MkDocs rewrites neither)."""
    return urls.html_href(urls.ZELFSCAN, urls.entry_uri(entry))


def scan_data(kb: KnowledgeBase) -> dict[str, Any]:
    """Every scan in page order, with what its statements point to. Texts are plain: the script sets them
    with textContent."""
    scans = []
    for scan in q.scans(kb):
        statements = []
        for statement, theme, practices in q.scan_statements(kb, scan):
            statements.append({
                "key": statement.key,
                "text": statement.text,
                "reason": statement.reason,
                "sectors": list(statement.sectors or scan.data.sectors),
                "theme": {"title": theme.title, "url": _link(theme)},
                "practices": [{"title": p.title, "url": _link(p), "sectors": list(p.data.sectors)}
                              for p in practices],
            })
        scans.append({"id": scan.id, "role": scan.data.role, "title": scan.title, "summary": scan.data.summary,
                      "sectors": list(scan.data.sectors), "statements": statements})
    sectors = {s for scan in scans for s in scan["sectors"]}
    return {
        "version": VERSION,
        "parameters": {"role": ROLE_PARAMETER, "sector": SECTOR_PARAMETER},
        "answers": [list(answer) for answer in ANSWERS],
        "sectors": [[key, label] for key, label in SECTOR_LABELS.items() if key in sectors],
        "scans": scans,
    }


def scan_fragment(kb: KnowledgeBase) -> str:
    """The trusted HTML the script works with: an empty, hidden element for the form and results, and the data
    in a JSON script element (never run). It goes in after the sanitiser, which would strip both."""
    return (f'<div id="{ELEMENT_ID}" class="kb-zelfscan" hidden></div>\n'
            f'<script type="application/json" id="{ELEMENT_ID}-data">{escape.script_json(scan_data(kb))}</script>')
