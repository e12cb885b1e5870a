#!/usr/bin/env python3
"""Page weight benchmark: the largest page of each page type (gzipped, as served) and Lighthouse mobile performance.

Two sites are built (`mkdocs build`, no PDFs): today's (the project's own content/) and one of 10,000 synthetic
entries (scripts/synthetic_corpus.py). Each is served from 127.0.0.1 by bench_search's static server, which gzips
HTML, CSS, JS and JSON as GitHub Pages does. Recorded per site:
  page weight  every HTML page gzipped (level 6, as the server sends it), grouped by page type; the largest of
               each type. Target at 10,000 entries: no page above about 100 KB gzipped.
  Lighthouse   mobile performance (Lighthouse's default: an emulated phone, simulated slow 4G and a 4x slower
               CPU) of the home page, a practice card, the explore page, a meetup page and the initiatives
               overview: the median of 3 runs of the performance score, Cumulative Layout Shift and Total
               Blocking Time. Targets: score at least 95, CLS 0, TBT at most 200 ms.
Lighthouse is the npm package pinned in package.json (`npm ci --ignore-scripts`), run on Debian's Chromium
(CHROME_PATH, never a downloaded browser). With --write the results replace the "Page weight" section of
BENCHMARKS.md.

    .venv/bin/python scripts/bench_pages.py --write              # both sites: about 15-25 minutes on 2 cores
    .venv/bin/python scripts/bench_pages.py --sizes today        # today's site only: a few minutes
    .venv/bin/python scripts/bench_pages.py --json run.json      # keep the numbers; --from-json run.json --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import StaticServer, run_command  # noqa: E402  (the same server as the search benchmark)
from bench_site import ROOT, machine, plugin_project, write_section  # noqa: E402
from synthetic_corpus import generate  # noqa: E402

from kennisbank.core.models import KINDS, MEETUP, PRACTICE  # noqa: E402
from kennisbank.outputs import urls  # noqa: E402

START, END = "<!-- pages-results:start -->", "<!-- pages-results:end -->"
CHROMIUM = os.environ.get("KENNISBANK_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_TIMEOUT = 240  # seconds per run
# `mkdocs build` with the checker's time bound on rendering one body raised from 0.5 s: on a busy shared machine
# an ordinary synthetic body took 1.3 s and stopped the build. The bound guards content, not page weight.
BUILD = ("import sys; import kennisbank.core.markdown_bounds as bounds; bounds.MAX_RENDER_SECONDS = 30; "
         "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '-q', '-d', 'site']; cli()")
RUNS = 3
LOADS: list[float] = []  # the machine's 1-minute load average after each Lighthouse run (other work slows TBT)
TARGET_KB, TARGET_SCORE, TARGET_TBT = 100, 95, 200

# The overview pages, by the address of their first page (later pages of a split overview count with it).
OVERVIEWS = {
    urls.THEMES: "overview: themes", urls.PRACTICES: "overview: practice cards",
    **{path: "overview: all cards in one table" for path in urls.PRACTICE_TABLES.values()},
    urls.INITIATIVES: "overview: initiatives", urls.READING_LIST: "overview: reading tips",
    urls.SECTORS: "overview: per sector", urls.MEETUPS: "overview: meetups", urls.COLLECTIONS: "overview: collections",
    urls.PROVENANCE: "overview: sources (verantwoording)", urls.REGIONS: "overview: regions",
    urls.GLOSSARY: "glossary", urls.EXPLORE: "explore", urls.HOME: "home", urls.FIELDS: "field reference",
    urls.OPEN_DATA_PAGE: "open data",
}


def page_types(site: Path) -> dict[str, str]:
    """The type of every page, by its address relative to the site root ('praktijk/voorlezen/'): overviews and
    their later pages (urls.page_of), region pages and briefings, and entry pages by the kind's folder."""
    types: dict[str, str] = {}
    for uri, name in OVERVIEWS.items():
        types[urls.page_url(uri)] = name
        n = 2
        while (site / urls.page_url(urls.page_of(uri, n)) / "index.html").is_file():
            types[urls.page_url(urls.page_of(uri, n))] = name
            n += 1
    for path in site.rglob("index.html"):
        address = path.relative_to(site).as_posix().removesuffix("index.html")
        if address in types:
            continue
        folder, _, rest = address.partition("/")
        if folder == "regio":
            types[address] = "region briefing" if "-briefing" in rest else "region page"
            continue
        kind = next((k for k in KINDS if k.site_folder == folder and rest), None)
        types[address] = f"{kind.name} page" + (" (meetup briefing)" if kind is MEETUP else "") if kind else "other page"
    return types


def page_weights(site: Path) -> dict[str, dict]:
    """The largest page of each type, gzipped: {type: {bytes, path, pages}}."""
    types = page_types(site)
    weights: dict[str, dict] = {}
    for path in sorted(site.rglob("*.html")):
        address = path.relative_to(site).as_posix().removesuffix("index.html")
        served = len(gzip.compress(path.read_bytes(), 6))
        row = weights.setdefault(types.get(address, "other page"), {"bytes": 0, "path": "", "pages": 0})
        row["pages"] += 1
        if served > row["bytes"]:
            row.update(bytes=served, path="/" + address)
    return weights


# -- Lighthouse -------------------------------------------------------------------------------------------------

def lighthouse_pages(site: Path) -> dict[str, str]:
    """The addresses to measure: the first practice card and meetup page by address, and three fixed pages."""
    types = page_types(site)

    def first(kind: str) -> str:
        return "/" + sorted(address for address, name in types.items() if name == kind)[0]

    return {"home": "/", "practice card": first(f"{PRACTICE.name} page"),
            "explore": "/" + urls.page_url(urls.EXPLORE),
            "meetup page": first(f"{MEETUP.name} page (meetup briefing)"),
            "initiatives overview": "/" + urls.page_url(urls.INITIATIVES)}


def lighthouse(url: str) -> dict:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `npm ci --ignore-scripts` (package.json pins it)")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}"],
        env=env, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    audits = report["audits"]
    return {"score": round(100 * (report["categories"]["performance"]["score"] or 0)),
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "opportunities": sorted(key for key, audit in audits.items()
                                    if audit.get("details", {}).get("type") == "opportunity"
                                    and (audit.get("score") if audit.get("score") is not None else 1) < 0.9)}


def measure_lighthouse(server: StaticServer, pages: dict[str, str], runs: int) -> dict[str, dict]:
    results = {}
    for name, path in pages.items():
        got = []
        for _ in range(runs):
            got.append(lighthouse(server.url + path))
            LOADS.append(os.getloadavg()[0])
        results[name] = {"path": path, "runs": runs,
                         **{key: statistics.median(r[key] for r in got) for key in ("score", "cls", "tbt", "lcp", "fcp")},
                         "opportunities": sorted({o for r in got for o in r["opportunities"]})}
        print(name, json.dumps(results[name]), flush=True)
    return results


# -- one site ---------------------------------------------------------------------------------------------------

def measure_site(size: str, runs: int, with_lighthouse: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-pages-{size}-") as tmp:
        work = Path(tmp)
        content = ROOT / "content" if size == "today" else generate(work / "corpus", int(size))
        project = plugin_project(work, content)
        seconds = run_command([sys.executable, "-c", BUILD], project)
        site = project / "site"
        row: dict = {"size": size, "date": dt.date.today().isoformat(), "build_s": seconds,
                     "entries": sum(1 for kind in KINDS for _ in (content / kind.folder).glob("*.*")),
                     "pages": sum(1 for _ in site.rglob("*.html")), "weights": page_weights(site)}
        if with_lighthouse:
            with StaticServer(site) as server:
                LOADS.clear()
                row["lighthouse"] = measure_lighthouse(server, lighthouse_pages(site), runs)
                row["load"] = [min(LOADS), statistics.median(LOADS), max(LOADS)]
        print(json.dumps({k: v for k, v in row.items() if k != "lighthouse"}), flush=True)
        return row


# -- reporting --------------------------------------------------------------------------------------------------

def verdict(met: bool, miss: str) -> str:
    return "met" if met else f"**missed** by {miss}"


def weights_table(rows: list[dict]) -> str:
    sizes = [r["size"] for r in rows]
    header = "| page type | " + " | ".join(f"largest at {label(s)} (gz)" for s in sizes) + " | target at 10,000 |"
    lines = [header, "|---|" + "---:|" * len(sizes) + "---|"]
    types = sorted({t for r in rows for t in r["weights"]})
    for kind in types:
        cells = []
        for r in rows:
            w = r["weights"].get(kind)
            pages = f"{w['pages']:,} page{'s' if w['pages'] != 1 else ''}" if w else ""
            cells.append(f"{w['bytes'] / 1024:.1f} KB ({pages})" if w else "–")
        big = next((r["weights"].get(kind) for r in rows if r["size"] == "10000"), None)
        target = "–" if big is None else verdict(big["bytes"] <= TARGET_KB * 1024,
                                                 f"{big['bytes'] / 1024 - TARGET_KB:.1f} KB ({big['path']})")
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def label(size: str) -> str:
    return "today" if size == "today" else f"{int(size):,} entries"


def lighthouse_table(rows: list[dict]) -> str:
    lines = ["| site | page | performance (≥ 95) | CLS (0) | TBT (≤ 200 ms) | LCP | FCP |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        for name, m in (r.get("lighthouse") or {}).items():
            score, cls, tbt = m["score"], m["cls"], m["tbt"]
            score_cell = f"{score:.0f} ({verdict(score >= TARGET_SCORE, f'{TARGET_SCORE - score:.0f}')})"
            cls_cell = f"{cls:.3f} ({verdict(cls < 0.0005, f'{cls:.3f}')})"
            tbt_cell = f"{tbt:.0f} ms ({verdict(tbt <= TARGET_TBT, f'{tbt - TARGET_TBT:.0f} ms')})"
            lines.append(f"| {label(r['size'])} | {name} (`{m['path']}`) | {score_cell} | {cls_cell} | {tbt_cell} "
                         f"| {m['lcp'] / 1000:.1f} s | {m['fcp'] / 1000:.1f} s |")
    return "\n".join(lines)


def report(rows: list[dict], saved: dict) -> str:
    version = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["lighthouse"]
    parts = [
        f"Measured {', '.join(sorted({r['date'] for r in rows}))} on {saved['machine']} with `scripts/bench_pages.py`. "
        "Page weight: every HTML page of the site gzipped (level 6, as the benchmark's server and GitHub Pages send "
        "it), the largest of each type; a split overview's later pages count with its first. Sites: "
        + "; ".join(f"{label(r['size'])}: {r['entries']:,} entries, {r['pages']:,} HTML pages" for r in rows)
        + f". Target: no page above about {TARGET_KB} KB gzipped at 10,000 entries.",
        "",
        weights_table(rows),
    ]
    if any(r.get("lighthouse") for r in rows):
        runs = max(m["runs"] for r in rows for m in (r.get("lighthouse") or {}).values())
        parts += [
            "",
            f"Lighthouse {version} (npm, pinned in package.json), mobile (its default: emulated phone, simulated "
            f"slow 4G, 4× CPU slowdown), performance only, on Debian's Chromium from 127.0.0.1 with gzip; the median "
            f"of {runs} runs. Targets: performance ≥ {TARGET_SCORE}, CLS 0, TBT ≤ {TARGET_TBT} ms.",
            "",
            lighthouse_table(rows),
        ]
        loads = [f"{label(r['size'])} {r['load'][0]:.1f}–{r['load'][2]:.1f} (median {r['load'][1]:.1f})"
                 for r in rows if r.get("load")]
        if loads:
            parts += ["", f"Load average of this {saved['machine'].split(',')[0]} machine during the Lighthouse runs "
                      f"(1 minute): {'; '.join(loads)}. Lighthouse simulates a slow phone from the tasks it observes, "
                      "so other work on the machine lengthens them and raises TBT; the page weights do not vary."]
        flagged = sorted({o for r in rows for m in (r.get("lighthouse") or {}).values() for o in m["opportunities"]})
        parts += ["", "Lighthouse opportunities still flagged (score below 0.9 in some run): "
                  + (", ".join(f"`{o}`" for o in flagged) if flagged else "none") + "."]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["today", "10000"], help="'today' and/or a number of entries")
    parser.add_argument("--runs", type=int, default=RUNS, help="Lighthouse runs per page (the median is kept)")
    parser.add_argument("--no-lighthouse", action="store_true", help="page weights only")
    parser.add_argument("--json", type=Path, help="save the measurements")
    parser.add_argument("--from-json", type=Path, help="report saved measurements instead of measuring")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        saved = {"machine": machine(), "rows": []}
        for size in args.sizes:
            saved["rows"].append(measure_site(size, args.runs, not args.no_lighthouse))
            if args.json:
                args.json.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    text = report(saved["rows"], saved)
    print(text)
    if args.write:
        write_section(START, END, "Page weight", text)


if __name__ == "__main__":
    main()
