#!/usr/bin/env python3
"""Checker benchmark: `kennisbank check` against the floor of parsing the same files with libyaml alone.

Each measurement runs in a fresh process, so imports and peak memory are counted honestly:
  floor  read every content file and yaml.load its front matter with CSafeLoader (nothing else);
  check  `python -m kennisbank check --content DIR` (read, validate, link, report).
Wall time is the best of --repeat runs. With --write the results replace the checker section of BENCHMARKS.md.

    .venv/bin/python scripts/bench_check.py --sizes 1000 10000 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import ROOT, machine, measure, write_section  # noqa: E402  (shared helpers)
from synthetic_corpus import generate  # noqa: E402

START, END = "<!-- check-results:start -->", "<!-- check-results:end -->"
FLOOR = """
import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*")):
    if path.suffix == ".yml":
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    elif path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        yaml.load(text.split("\\n---", 1)[0].removeprefix("---\\n"), Loader=yaml.CSafeLoader)
"""


def run(sizes: list[int], repeat: int) -> list[dict]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-check-{size}-") as tmp:
            content = generate(Path(tmp), size)
            floor = [measure([sys.executable, "-c", FLOOR, str(content)], ROOT) for _ in range(repeat)]
            check = [measure([sys.executable, "-m", "kennisbank", "check", "--content", str(content)], ROOT)
                     for _ in range(repeat)]
            row = {
                "entries": size,
                "floor_s": min(r[0] for r in floor), "floor_mb": max(r[1] for r in floor),
                "check_s": min(r[0] for r in check), "check_mb": max(r[1] for r in check),
            }
            row["ratio"] = row["check_s"] / row["floor_s"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| entries | libyaml floor | kennisbank check | ratio | peak RSS floor / check |",
             "|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['entries']:,} | {r['floor_s']:.2f} s | {r['check_s']:.2f} s | {r['ratio']:.2f}× "
                     f"| {r['floor_mb']:.0f} / {r['check_mb']:.0f} MB |")
    return "\n".join(lines)


def write(rows: list[dict]) -> None:
    write_section(START, END, "Content check",
                  f"Measured {dt.date.today().isoformat()} on {machine()} with `scripts/bench_check.py` "
                  f"(best of runs, each in a fresh process).\n\n{table(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    rows = run(args.sizes, args.repeat)
    print(table(rows))
    if args.write:
        write(rows)


if __name__ == "__main__":
    main()
