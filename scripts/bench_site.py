#!/usr/bin/env python3
"""Site build benchmark: the plugin build against a plain `mkdocs build` of the same pages, at several sizes.

For each size N a synthetic corpus is generated (scripts/synthetic_corpus.py). Then, each in a fresh process:
  plugin  `mkdocs build` of a project whose pages come from content/ through the kennisbank plugin;
  plain   `mkdocs build` of the very same pages written out as ordinary Markdown files in docs/, same theme,
          same nav, no kennisbank plugin.
Recorded: median wall and CPU time of --repeat interleaved runs, the paired CPU ratio, peak RSS, HTML bytes of entry pages
and the size of search_index.json. With --write the results replace the site section of BENCHMARKS.md.

    .venv/bin/python scripts/bench_site.py --sizes 100 1000 10000 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic_corpus import generate  # noqa: E402

from kennisbank.core.history import read_history  # noqa: E402
from kennisbank.core.loader import load_knowledge_base  # noqa: E402
from kennisbank.outputs.build import SiteSettings, build_site  # noqa: E402
from kennisbank.outputs.pages import expand_nav  # noqa: E402

START, END = "<!-- site-results:start -->", "<!-- site-results:end -->"
# Runs the command and reports its wall time and peak RSS; a fresh wrapper per run keeps RUSAGE_CHILDREN
# about that one command.
TIMER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, use.ru_maxrss, run.returncode, use.ru_utime + use.ru_stime)\n"
    "sys.stderr.write(run.stderr[-3000:])\n"
)


def measure(command: list[str], cwd: Path, **env_extra: str) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one run of the command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_extra}
    result = subprocess.run([sys.executable, "-c", TIMER, *command], cwd=cwd, env=env, capture_output=True, text=True,
                            check=True)
    out = result.stdout.split()
    seconds, rss_kb, code, cpu = float(out[0]), int(out[1]), int(out[2]), float(out[3])
    if code != 0:
        raise SystemExit(f"build failed in {cwd}: {' '.join(command)}\n{result.stderr}")
    return seconds, rss_kb / 1024, cpu


def plugin_project(work: Path, content: Path) -> Path:
    project = work / "plugin"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(content, project / "content")
    return project


def plain_project(work: Path, content: Path) -> Path:
    """Same pages as ordinary Markdown files; mkdocs.yml without the kennisbank plugin."""
    project = work / "plain"
    shutil.copytree(ROOT / "docs", project / "docs")
    knowledge = load_knowledge_base(content).knowledge
    site = build_site(knowledge, read_history(content), SiteSettings())
    for page in site.outputs:
        target = project / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.content if isinstance(page.content, bytes) else page.text.encode("utf-8"))
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "kennisbank" in p)]
    config["nav"] = expand_nav(config["nav"], site.nav)
    config["strict"] = False  # entry pages are outside the nav here; the plugin marks them NOT_IN_NAV instead
    config["validation"] = {"omitted_files": "info"}
    config["theme"]["custom_dir"] = "docs/overrides"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's !ENV tags as their default value."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def entry_html_bytes(site: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in (site / "praktijk").glob("*/index.html")]
    return int(statistics.median(sizes)), max(sizes)


def run(sizes: list[int], repeat: int) -> list[dict]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-site-{size}-") as tmp:
            work = Path(tmp)
            if size:
                generate(work / "corpus", size)
                content = work / "corpus" / "content"
            else:
                content = ROOT / "content"  # today's real content
            entries = len(load_knowledge_base(content).knowledge)
            projects = {"plugin": plugin_project(work, content), "plain": plain_project(work, content)}
            result: dict = {"size": size, "entries": entries}
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in ("plugin", "warm", "plain")}
            build = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]
            warm = str(work / "cache-warm")
            measure(build, projects["plugin"], XDG_CACHE_HOME=warm, KENNISBANK_PDF="never")  # fills the warm cache
            # Interleaved (A B C A B C), so all builds see the same machine load. "plugin" starts with an empty
            # cache folder, as on CI; "warm" with the cache of an earlier build, as on a contributor's machine
            # (checked bodies, compiled templates). No PDFs (KENNISBANK_PDF=never), as `plain` has none.
            for index in range(repeat if size < 10000 else 1):
                runs["plugin"].append(measure(build, projects["plugin"], XDG_CACHE_HOME=str(work / f"cache-{index}"),
                                              KENNISBANK_PDF="never"))
                runs["warm"].append(measure(build, projects["plugin"], XDG_CACHE_HOME=warm, KENNISBANK_PDF="never"))
                runs["plain"].append(measure(build, projects["plain"]))
            for name in runs:
                result[f"{name}_s"] = statistics.median(r[0] for r in runs[name])
                result[f"{name}_cpu"] = statistics.median(r[2] for r in runs[name])
                result[f"{name}_mb"] = max(r[1] for r in runs[name])
            for name in ("plugin", "warm"):
                ratios = [a[2] / b[2] for a, b in zip(runs[name], runs["plain"], strict=True)]
                prefix = "cpu_ratio" if name == "plugin" else "warm_ratio"
                result[f"{prefix}_median"], result[f"{prefix}_min"] = statistics.median(ratios), min(ratios)
            site = projects["plugin"] / "site"
            result["pages"] = sum(1 for _ in site.rglob("index.html"))
            result["entry_html_median"], result["entry_html_max"] = entry_html_bytes(site)
            result["search_bytes"] = sum(f.stat().st_size for f in (site / "search").rglob("*") if f.is_file()) \
                if (site / "search").is_dir() else 0
            result["per_entry_ms"] = 1000 * result["plugin_cpu"] / entries
            rows.append(result)
            print(json.dumps(result), flush=True)
    return rows


TARGET_RATIO = 1.3  # plugin build CPU ≤ 1.3× plain MkDocs + Material on the same pages (issue 16)


def table(rows: list[dict]) -> str:
    lines = [
        "| entries | pages | plain build: wall / CPU | plugin, empty cache: wall / CPU | CPU ratio: min / median "
        "| plugin, warm cache: CPU | CPU ratio: min / median | target | met (empty; warm) | per entry (CPU) "
        "| peak RSS plain / plugin | entry page HTML (median / max) | search files |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio, warm = r["cpu_ratio_median"], r["warm_ratio_median"]
        verdict = "; ".join("yes" if x <= TARGET_RATIO else f"no, {x - TARGET_RATIO:+.2f}×" for x in (ratio, warm))
        label = f"{r['entries']:,}" + (" (today's content)" if r["size"] == 0 else "")
        lines.append(
            f"| {label} | {r['pages']:,} | {r['plain_s']:.1f} / {r['plain_cpu']:.1f} s "
            f"| {r['plugin_s']:.1f} / {r['plugin_cpu']:.1f} s | {r['cpu_ratio_min']:.2f}× / {ratio:.2f}× "
            f"| {r['warm_cpu']:.1f} s | {r['warm_ratio_min']:.2f}× / {warm:.2f}× "
            f"| ≤ {TARGET_RATIO}× | {verdict} | {r['per_entry_ms']:.1f} ms | {r['plain_mb']:.0f} / {r['plugin_mb']:.0f} MB "
            f"| {r['entry_html_median'] / 1024:.1f} / {r['entry_html_max'] / 1024:.1f} KB "
            f"| {r['search_bytes'] / 1024 / 1024:.1f} MB |"
        )
    by_size = {r["size"]: r for r in rows}
    if 1000 in by_size and 10000 in by_size:
        ratio = by_size[10000]["per_entry_ms"] / by_size[1000]["per_entry_ms"]
        lines.append("")
        lines.append(f"Per-entry build CPU at 10,000 vs 1,000 entries: {ratio:.2f}× (target ≤ 1.3×).")
    return "\n".join(lines)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def write_section(start: str, end: str, heading: str, body: str) -> None:
    """Replace the text between two marker comments in BENCHMARKS.md (or append the section)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"{start}\n{body}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n{section}\n"
    path.write_text(text, encoding="utf-8")


def write(rows: list[dict]) -> None:
    write_section(START, END, "Site build",
                  f"Measured {dt.date.today().isoformat()} on {machine()} with `scripts/bench_site.py`: plugin and "
                  "plain builds interleaved, medians of fresh processes, CPU = user + system time of the build "
                  "(10,000 entries measured once), no PDFs; the plugin with an empty cache folder (as on CI) and "
                  f"with the cache of an earlier build (as on a contributor's machine).\n\n{table(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000], help="0 = today's content/")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    rows = run(args.sizes, args.repeat)
    print(table(rows))
    if args.write:
        write(rows)


if __name__ == "__main__":
    main()
