#!/usr/bin/env python3
"""Worst bodies within the Markdown bounds: how long the site's Markdown takes on each, and what the checker says.

Each case fills a body up to MAX_BODY_CHARS with one construct that Python-Markdown handles slowly (headings,
rules, abbreviation definitions, unclosed '[' and '(' , emphasis, nesting), kept just inside the structural
bounds of kennisbank.core.markdown_bounds. The checker's render step reports any that takes longer than
MAX_RENDER_SECONDS, so the table shows what the worst accepted body costs one render. With --write the results
replace the bodies section of BENCHMARKS.md.

    .venv/bin/python scripts/bench_markdown_bounds.py --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_site import write_section  # noqa: E402  (shared helper)

from kennisbank.core import markdown_bounds as mb  # noqa: E402

START, END = "<!-- bodies-results:start -->", "<!-- bodies-results:end -->"


def cases() -> dict[str, str]:
    lines = mb.MAX_BLOCK_LINES - 1
    return {
        "headings, 199 per block": "\n".join(["# kop"] * lines),
        "abbreviation lines": "\n".join(f"*[a{i}]: betekenis" for i in range(mb.MAX_ABBREVIATIONS)),
        "unclosed '[', 10 deep": (" ".join(["["] * mb.MAX_BRACKET_DEPTH) + " " + "woord " * 40 + "\n") * 19,
        "unclosed '(' after links": ("[a](" + "woord " * 15 + "\n") * lines,
        "emphasis markers": "**a " * (mb.MAX_EMPHASIS // 4) + "b" + " c**" * (mb.MAX_EMPHASIS // 4),
        "lists 10 deep": "\n".join("    " * i + "- punt" for i in range(mb.MAX_NESTING)),
        "quotes 10 deep": "\n".join("> " * mb.MAX_NESTING + "citaat" for _ in range(lines)),
        "plain paragraphs": "Een gewone alinea met woorden.",
    }


def fill(block: str) -> str:
    count = max(1, (mb.MAX_BODY_CHARS - 1) // (len(block) + 2))
    return "\n\n".join([block] * count)[: mb.MAX_BODY_CHARS - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    md = mb.renderer(ROOT)
    rows = []
    for name, block in cases().items():
        body = fill(block)
        structure = [code for _, code, _ in mb.structure_problems(body)]
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            md.reset()
            md.convert(body)
            times.append(time.perf_counter() - started)
        rendered = [code for _, code, _ in mb.render_problems(body, md)] if not structure else []
        verdict = ", ".join(structure) or (", ".join(rendered) if rendered else "accepted")
        rows.append(f"| {name} | {len(body):,} | {statistics.median(times):.2f} s | {verdict} |")
        print(rows[-1], flush=True)
    if args.write:
        write_section(START, END, "Markdown bodies at the bounds", "\n".join([
            f"Measured {dt.date.today().isoformat()}, median of {args.runs} renders, one process.", "",
            "| body (filled to the size cap) | characters | one render | checker |", "|---|---|---|---|", *rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
