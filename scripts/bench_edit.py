#!/usr/bin/env python3
"""Edit-loop benchmark: a contributor saves one practice card under `mkdocs serve --dirty` (the README's serve
command); how long until the served page shows the change?

For each size (today's content, and synthetic corpora from scripts/synthetic_corpus.py) two servers run side by
side on loopback:
  plugin  the project with the kennisbank plugin (`serve --dirty`, as scripts/dev.py serve runs it);
  plain   the very same pages written out as ordinary Markdown files, plain MkDocs + Material `serve --dirty`
          (the anchor: what MkDocs itself needs to show an edited page).
Rounds alternate the two (A B A B): append a paragraph with a new word to the card (for plain: to its page),
then poll the page over HTTP every 10 ms until the word is there. Reported: min and median seconds per setup
and the median of the per-round ratios. Both servers notice the save through MkDocs' file watcher (polled every
0.5 s), so both times include up to half a second of waiting for it.

    .venv/bin/python scripts/bench_edit.py --sizes 0 1000 --rounds 5 --write   # 0: today's content/
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_site import machine, plain_project, plugin_project, write_section  # noqa: E402
from synthetic_corpus import generate  # noqa: E402

START, END = "<!-- edit-results:start -->", "<!-- edit-results:end -->"
TARGETS = {0: 1.0, 1000: 2.0}  # seconds from save to the changed page, per size (0: today's content)
READY_TIMEOUT = 900.0
CHANGE_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`mkdocs serve --dirty` of one project on a free loopback port."""

    def __init__(self, project: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KENNISBANK_SITE_URL": self.url}
        config = project / "mkdocs.yml"  # the plain project's copy spells its site_url out: serve at the root too
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {self.url}", config.read_text(encoding="utf-8")),
                          encoding="utf-8")
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{self.port}"],
            cwd=project, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError):
            return None

    def wait_for(self, path: str, text: str, timeout: float) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.process.poll() is not None:
                raise SystemExit(f"server stopped; see {self.log.name}")
            body = self.get(path)
            if body is not None and text in body:
                return time.perf_counter() - start
            time.sleep(0.01)
        raise SystemExit(f"'{text}' did not appear on {self.url}{path} within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def measure(size: int, rounds: int, work: Path) -> dict:
    if size:
        generate(work / "corpus", size)
        content = work / "corpus" / "content"
    else:
        content = ROOT / "content"
    projects = {"plugin": plugin_project(work, content), "plain": plain_project(work, content)}
    card = sorted((projects["plugin"] / "content" / "practices").glob("*.md"))[0]
    files = {"plugin": card, "plain": projects["plain"] / "docs" / "praktijk" / f"{card.stem}.md"}
    page = f"praktijk/{card.stem}/"
    servers = {name: Server(project, work / f"{name}.log") for name, project in projects.items()}
    times: dict[str, list[float]] = {name: [] for name in servers}
    try:
        for server in servers.values():
            server.wait_for(page, "</html>", READY_TIMEOUT)
        time.sleep(2)
        for round_ in range(rounds):
            order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
            for name in order:
                word = f"bewerkingsproef{name}{round_}x{time.monotonic_ns()}"
                with files[name].open("a", encoding="utf-8") as handle:
                    handle.write(f"\n\nDeze alinea bevat het woord {word}.\n")
                start = time.perf_counter()
                servers[name].wait_for(page, word, CHANGE_TIMEOUT)
                times[name].append(time.perf_counter() - start)
                time.sleep(1.5)  # let the server settle (livereload, the last file events)
    finally:
        for server in servers.values():
            server.stop()
    entries = sum(1 for _ in content.rglob("*.*"))
    ratios = [a / b for a, b in zip(times["plugin"], times["plain"], strict=True)]
    # MkDocs logs each build's own duration: the rebuilds after the first, without the watcher's delay.
    builds = {name: [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds",
                                                   (work / f"{name}.log").read_text(encoding="utf-8"))[1:]]
              for name in servers}
    return {"size": size, "entries": entries, "plugin": times["plugin"], "plain": times["plain"],
            "ratio_median": statistics.median(ratios), "ratio_min": min(ratios),
            "plugin_build": builds["plugin"], "plain_build": builds["plain"]}


def table(rows: list[dict]) -> str:
    lines = ["| entries | plugin `serve --dirty`: min / median | plain MkDocs `serve --dirty`: min / median "
             "| ratio: min / median | rebuild alone (server log), median: plugin / plain | target | met |",
             "|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        target = TARGETS.get(r["size"])
        median = statistics.median(r["plugin"])
        verdict = "—" if target is None else ("yes" if median <= target else f"no, {median - target:+.2f} s")
        label = f"{r['entries']:,}" + (" (today's content)" if r["size"] == 0 else "")
        lines.append(f"| {label} | {min(r['plugin']):.2f} / {median:.2f} s "
                     f"| {min(r['plain']):.2f} / {statistics.median(r['plain']):.2f} s "
                     f"| {r['ratio_min']:.2f}× / {r['ratio_median']:.2f}× "
                     f"| {_median(r['plugin_build'])} / {_median(r['plain_build'])} "
                     f"| {f'≤ {target:.0f} s' if target else '—'} | {verdict} |")
    return "\n".join(lines)


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s" if values else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000], help="0 = today's content/")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-edit-{size}-") as tmp:
            work = Path(tmp)
            rows.append(measure(size, args.rounds, work))
            print(rows[-1], flush=True)
            shutil.rmtree(work / "corpus", ignore_errors=True)
    print(table(rows))
    if args.write:
        write_section(START, END, "Edit loop",
                      f"Measured {dt.date.today().isoformat()} on {machine()} with `scripts/bench_edit.py`: "
                      f"{args.rounds} rounds per size, plugin and plain alternating (A B A B), seconds from "
                      "saving the card to the served page showing it (file watcher polling included).\n\n"
                      + table(rows))


if __name__ == "__main__":
    main()
