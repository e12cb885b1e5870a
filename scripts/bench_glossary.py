#!/usr/bin/env python3
"""Glossary benchmark: a site build with 400 glossary terms against the same build with today's glossary.

Target (issue 14): the glossary costs the same whatever its size, at most 1.2x the build time of today's glossary
at 400 terms. Both projects hold the real content/; the larger one gets extra terms whose forms are words that
really occur in the content (so they are found and marked on real pages, as real terms are), with a meaning
taken from the content too. The two builds run in turn (A B A B ...) in fresh processes, PDFs off, and the
median of the paired CPU-time ratios is reported. With --write the result replaces the glossary section of
BENCHMARKS.md.

    .venv/bin/python scripts/bench_glossary.py --terms 400 --runs 5 --write
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_site import write_section  # noqa: E402  (shared helper)

START, END = "<!-- glossary-results:start -->", "<!-- glossary-results:end -->"
WORD = re.compile(r"\b[a-zà-ÿ]{7,20}\b")


def extra_terms(content: Path, wanted: int) -> list[dict[str, object]]:
    """Terms made from words of the content itself: the most frequent words of 7+ letters not yet in the glossary."""
    taken = set()
    for file in (content / "glossary").glob("*.yml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        taken.update(form.casefold() for form in data.get("forms") or [data["title"]])
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.md")))
    counts = collections.Counter(WORD.findall(text))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 120
                 and re.fullmatch(r"[\w ,.'’()-]+", s.strip())]
    words = [w for w, _ in counts.most_common() if w.casefold() not in taken][:wanted]
    return [{"title": word, "meaning": sentences[i % len(sentences)].rstrip("."),
             "summary": f"Testbegrip {i} voor de benchmark.", "forms": [word]} for i, word in enumerate(words)]


def project(base: Path, name: str, terms: int) -> Path:
    folder = base / name
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    existing = len(list((folder / "content" / "glossary").glob("*.yml")))
    for index, term in enumerate(extra_terms(folder / "content", max(0, terms - existing))):
        target = folder / "content" / "glossary" / f"bench-{index:04d}.yml"
        target.write_text(yaml.safe_dump(term, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def cpu_seconds(folder: Path) -> float:
    """User + system CPU time of one `mkdocs build` in a fresh process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KENNISBANK_PDF": "never"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")], cwd=folder,
                         env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise SystemExit(f"build failed in {folder}:\n{run.stderr[-3000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="replace the glossary section of BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as temp:
        today = project(Path(temp), "today", 0)
        large = project(Path(temp), "large", args.terms)
        counts = {name: len(list((folder / "content" / "glossary").glob("*.yml")))
                  for name, folder in (("today", today), ("large", large))}
        cpu_seconds(today), cpu_seconds(large)  # warm-up: file caches, .pyc
        pairs = []
        for _ in range(args.runs):
            a, b = cpu_seconds(large), cpu_seconds(today)
            pairs.append((a, b))
            print(f"{counts['large']} terms {a:6.2f} s   {counts['today']} terms {b:6.2f} s   ratio {a / b:.3f}",
                  flush=True)
    ratio = statistics.median(a / b for a, b in pairs)
    row = (f"| {dt.date.today().isoformat()} | {counts['today']} | {statistics.median(b for _, b in pairs):.2f} s | "
           f"{counts['large']} | {statistics.median(a for a, _ in pairs):.2f} s | **{ratio:.3f}×** | "
           f"{args.runs} pairs, {platform.python_implementation()} {platform.python_version()} |")
    print(f"median ratio {ratio:.3f} (target: at most 1.2)")
    if args.write:
        header = ("| date | terms today | build CPU | terms | build CPU | median paired ratio | runs |\n"
                  "|---|---|---|---|---|---|---|")
        write_section(START, END, "Glossary", f"{header}\n{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
