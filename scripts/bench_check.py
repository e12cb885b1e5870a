#!/usr/bin/env python3
"""Checker benchmark: `kennisbank check` against the floor of parsing the same files with libyaml alone.

Each measurement runs in a fresh process, so imports and peak memory are counted honestly:
  floor  read every content file and yaml.load its front matter with CSafeLoader (nothing else);
  check  `python -m kennisbank check --content DIR` (read, validate, link, report).
Wall time is the best of --repeat runs. With --write the results replace the checker section of BENCHMARKS.md.

With --files it times what pre-commit runs instead, `python -m kennisbank check ONE_FILE` (one practice card,
only that file read, core/check_files.py), on the repository's own content and on synthetic sites of --sizes
entries: the median of --repeat fresh processes. With --write that replaces the "Check of named files" section.

    .venv/bin/python scripts/bench_check.py --sizes 1000 10000 --write
    .venv/bin/python scripts/bench_check.py --files --sizes 1000 3000 10000 --repeat 5 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import ROOT, machine, measure, write_section  # noqa: E402  (shared helpers)
from synthetic_corpus import generate  # noqa: E402

START, END = "<!-- check-results:start -->", "<!-- check-results:end -->"
FILES_START, FILES_END = "<!-- check-files-results:start -->", "<!-- check-files-results:end -->"
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
    """Floor, cold check (an empty cache folder each run) and warm check (the files checked before are
    remembered), interleaved A B C A B C so that all three see the same machine load."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-check-{size}-") as tmp:
            content = generate(Path(tmp), size)
            check = [sys.executable, "-m", "kennisbank", "check", "--content", str(content)]
            warm_home = str(Path(tmp) / "warm-cache")
            measure(check, ROOT, XDG_CACHE_HOME=warm_home)  # fills the warm cache
            runs: dict[str, list[tuple[float, float, float]]] = {"floor": [], "cold": [], "warm": []}
            for index in range(repeat):
                runs["floor"].append(measure([sys.executable, "-c", FLOOR, str(content)], ROOT))
                runs["cold"].append(measure(check, ROOT, XDG_CACHE_HOME=str(Path(tmp) / f"cold-{index}")))
                runs["warm"].append(measure(check, ROOT, XDG_CACHE_HOME=warm_home))
            row: dict = {"entries": size}
            for name, results in runs.items():
                row[f"{name}_s"] = statistics.median(r[0] for r in results)
                row[f"{name}_min_s"] = min(r[0] for r in results)
                row[f"{name}_cpu"] = statistics.median(r[2] for r in results)
                row[f"{name}_mb"] = max(r[1] for r in results)
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


TARGET_10000 = 2.0  # seconds for the whole check at 10,000 entries (issue 16)
TARGET_ONE_FILE = 0.4  # seconds for `check ONE_FILE`, at any size (issue 16)


def _verdict(value: float, target: float) -> str:
    return "yes" if value <= target else f"no, {value - target:+.2f} s"


def table(rows: list[dict]) -> str:
    lines = ["| entries | libyaml floor | check, cold cache | check, warm cache | CPU floor / cold / warm "
             "| peak RSS floor / check | target | met (warm; cold) |",
             "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        target = TARGET_10000 if r["entries"] == 10000 else None
        verdict = "—" if target is None else f"{_verdict(r['warm_s'], target)}; {_verdict(r['cold_s'], target)}"
        lines.append(f"| {r['entries']:,} | {r['floor_s']:.2f} s | {r['cold_s']:.2f} s (min {r['cold_min_s']:.2f}) "
                     f"| {r['warm_s']:.2f} s (min {r['warm_min_s']:.2f}) "
                     f"| {r['floor_cpu']:.2f} / {r['cold_cpu']:.2f} / {r['warm_cpu']:.2f} s "
                     f"| {r['floor_mb']:.0f} / {max(r['cold_mb'], r['warm_mb']):.0f} MB "
                     f"| {f'≤ {target:.0f} s' if target else '—'} | {verdict} |")
    return "\n".join(lines)


def write(rows: list[dict]) -> None:
    write_section(START, END, "Content check",
                  f"Measured {dt.date.today().isoformat()} on {machine()} with `scripts/bench_check.py`: median "
                  "wall time of fresh processes (min in brackets), floor, cold and warm check interleaved. Cold: "
                  "an empty cache folder (as on CI); warm: the files checked by an earlier run are remembered by "
                  "a digest of their bytes (core/check_cache.py; as on a contributor's machine). CPU: user + system "
                  "time of the measured process.\n\n" + table(rows))


def time_one_file(content: Path, repeat: int) -> dict:
    """Median wall time and peak memory of `kennisbank check` on the first practice card of a content folder."""
    files = sorted(content.glob("practices/*.md")) or sorted(p for p in content.rglob("*.md"))
    file = files[0]
    runs = [measure([sys.executable, "-m", "kennisbank", "check", "--content", str(content), str(file)], ROOT)
            for _ in range(repeat)]
    entries = sum(1 for p in content.rglob("*") if p.suffix in (".md", ".yml", ".yaml"))
    return {"entries": entries, "file": file.relative_to(content).as_posix(),
            "median_s": statistics.median(r[0] for r in runs), "mb": max(r[1] for r in runs)}


def run_files(sizes: list[int], repeat: int) -> list[dict]:
    rows = [{**time_one_file(ROOT / "content", repeat), "site": "content/ (real)"}]
    print(json.dumps(rows[0]), flush=True)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-check-files-{size}-") as tmp:
            rows.append({**time_one_file(generate(Path(tmp), size), repeat), "site": "synthetic"})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def files_table(rows: list[dict]) -> str:
    lines = ["| entries | site | `kennisbank check ONE_FILE` (median) | peak RSS | target | met |",
             "|---:|---|---:|---:|---:|---|"]
    for r in rows:
        met = "yes" if r["median_s"] <= TARGET_ONE_FILE else f"no, {r['median_s'] - TARGET_ONE_FILE:+.2f} s"
        lines.append(f"| {r['entries']:,} | {r['site']} | {r['median_s']:.2f} s | {r['mb']:.0f} MB "
                     f"| ≤ {TARGET_ONE_FILE} s | {met} |")
    return "\n".join(lines)


def write_files(rows: list[dict], repeat: int) -> None:
    write_section(FILES_START, FILES_END, "Check of named files",
                  f"Measured {dt.date.today().isoformat()} on {machine()} with `scripts/bench_check.py --files` "
                  f"(median of {repeat} fresh processes; one practice card named, as pre-commit does). Only the "
                  "named file is read; the other files are indexed by name (core/check_files.py).\n\n"
                  f"{files_table(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--files", action="store_true", help="time `kennisbank check ONE_FILE` instead")
    args = parser.parse_args()
    if args.files:
        file_rows = run_files(args.sizes, args.repeat)
        print(files_table(file_rows))
        if args.write:
            write_files(file_rows, args.repeat)
        return
    rows = run(args.sizes, args.repeat)
    print(table(rows))
    if args.write:
        write(rows)


if __name__ == "__main__":
    main()
