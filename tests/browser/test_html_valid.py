"""Every HTML file of the built site is valid HTML by the Nu Html Checker (vnu.jar, the W3C validator, pinned in
package.json), checked in one run (about 5 s for the ~55 pages of the small site). vnu also reports a heading that
skips a level as an error, so this guards the briefings' heading levels too. The only errors let through come from
Material's own templates, each listed below with the markup it comes from and why it does no harm."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from ..conftest import ROOT
from .conftest import _require

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (exact message, a piece of the offending markup, why it is Material's and harmless). The markup piece keeps
# the same message from our own templates from slipping through.
MATERIAL = [
    ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
     "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
     'class="md-toggle" data-md-toggle=',
     "Material's base.html puts autocomplete=off on its drawer and search checkboxes so Firefox does not restore "
     "them as ticked on reload; other browsers ignore it."),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
     'for="__toc"',
     "Material's partials/toc.html always labels the __toc toggle, which its nav renders only for pages in the "
     "nav; on other pages the label (the table of contents' title) simply toggles nothing."),
]


def _allowed(message: dict) -> bool:
    return any(message.get("message") == text and markup in message.get("extract", "")
               for text, markup, _why in MATERIAL)


def _where(message: dict, site: Path) -> str:
    """The file, relative to the site, and line of a message."""
    url = message.get("url", "")
    path = Path(url.removeprefix("file:"))
    name = str(path.relative_to(site)) if path.is_relative_to(site) else url or "?"
    return f"{name}:{message.get('lastLine', '?')}"


def drawn_page_errors(html: str, file: Path) -> list[str]:
    """vnu's errors (Material's known ones left out) in a page as a script left it: `html` is the document's
    outerHTML, written to `file` for the check. Skips (fails under CI) without Java or vnu-jar."""
    java = shutil.which("java")
    _require(java is not None, "Java not found (apt-get install default-jre-headless)")
    _require(VNU.exists(), "vnu-jar not installed (npm ci)")
    assert java is not None
    file.write_text("<!doctype html>\n" + html, encoding="utf-8")
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", str(file)],
                            capture_output=True, text=True, check=False, timeout=120)
    report = json.loads(result.stderr or result.stdout)
    return [f"{m.get('lastLine')}: {m.get('message')}" for m in report["messages"]
            if m.get("type") in ("error", "non-document-error") and not _allowed(m)]


def test_every_page_is_valid_html(site: Path) -> None:
    java = shutil.which("java")
    _require(java is not None, "Java not found (apt-get install default-jre-headless)")
    _require(VNU.exists(), "vnu-jar not installed (npm ci)")
    assert java is not None
    pages = sorted(site.rglob("*.html"))
    # every page type is in there: home, themes, practices, reading, initiatives, meetups, collections, sources,
    # the glossary, each overview, the regions, explore, compare, open data, the hand-written pages and the 404 page
    assert len(pages) > 40 and (site / "404.html") in pages and (site / "meetups" / "meetup-gooi" / "index.html") in pages
    assert (site / "vergelijk" / "index.html") in pages and (site / "praktijk" / "op-effect" / "index.html") in pages
    assert site / "zelfscan" / "index.html" in pages
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
                            capture_output=True, text=True, check=False, timeout=300)
    # vnu writes its JSON report to stderr and exits non-zero when it found errors
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    remaining = [f"{_where(m, site)}: {m.get('message')}" for m in errors if not _allowed(m)]
    assert remaining == [], f"{len(remaining)} HTML-fouten:\n" + "\n".join(remaining)
