"""scripts/dev.py passes SIGTERM and SIGINT on to the server it started and waits for it: stopping dev.py by its
pid stops `mkdocs serve`, and nothing is left running or answering. Loopback only, every wait bounded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import GOLDEN, ROOT, make_project

START_TIMEOUT = 120.0  # mkdocs serve builds the (tiny) site before it answers; the machine may be busy
STOP_TIMEOUT = 30.0  # dev.py gives the server 10 s after SIGTERM, then kills it

# dev.py's own main(), with its install step left out: that step reinstalls .venv whenever the pins changed,
# which is not what this test is about (and it must not reach a registry).
DRIVER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("dev", sys.argv[1])
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)
dev.ensure_environment = lambda: None
sys.exit(dev.main(sys.argv[2:]))
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc (Linux)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # ended meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name in parentheses may hold spaces
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left to collect


def _until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return bool(condition())


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_dev_py_stops_the_server(stop: signal.Signals, tmp_path: Path) -> None:
    # The smallest real project: dev.py serves with --dirty --strict, which only the kennisbank plugin makes work
    # (it silences MkDocs' warning about dirty builds, since it rebuilds every page when the navigation changes).
    config = make_project(tmp_path, GOLDEN / "base" / "content") / "mkdocs.yml"
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        # A session of its own, so no terminal sends it signals and it is not in a terminal's foreground.
        dev = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(ROOT / "scripts" / "dev.py"), "serve", "-f", str(config),
             "-a", f"127.0.0.1:{port}"],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    started: set[int] = set()
    try:
        up = _until(lambda: dev.poll() is not None or _answers(port), START_TIMEOUT)
        assert up and dev.poll() is None, f"dev.py serve did not answer:\n{log.read_text(errors='replace')}"
        started = _descendants(dev.pid)
        assert started, "dev.py serve runs mkdocs in a child process"

        os.kill(dev.pid, stop)
        code = dev.wait(timeout=STOP_TIMEOUT)

        assert _until(lambda: not _listening(port), 10), f"port {port} still answers after dev.py stopped"
        left = [pid for pid in started if _alive(pid)]
        assert left == [], f"still running after dev.py stopped: {left}\n{log.read_text(errors='replace')}"
        assert code != 0 or stop == signal.SIGINT  # stopped by a signal, not finished on its own
    finally:
        for pid in [*started, dev.pid]:  # only the processes this test started
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        dev.wait(timeout=STOP_TIMEOUT)
