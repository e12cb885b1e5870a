#!/usr/bin/env python3
"""Developer entry point: create .venv with the pinned dependencies, then serve, build, check or test.

Works on a fresh machine with nothing but Python 3.11+:
    python3 scripts/dev.py serve     # build the site and serve it on http://127.0.0.1:8000
    python3 scripts/dev.py test      # run the whole test suite, lint included (axe-core via npm if present)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".kennisbank-installed"
INPUTS = ("pyproject.toml", "constraints.txt")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Install the project and its pinned dependencies into .venv, only when the pins changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 of nieuwer is nodig (gevonden: {sys.version.split()[0]}).")
    if not PYTHON.exists():
        print("==> virtuele omgeving maken in .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print("==> afhankelijkheden installeren (vaste versies uit constraints.txt)", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["install", "-c", "constraints.txt", "-e", ".[site,pdf,test,browser]"], cwd=ROOT, check=True)
    STAMP.write_text(fingerprint)


STOP_GRACE = 10.0
"""Seconds a child has to stop after SIGTERM is passed on, before it is killed."""
CTRL_C_GRACE = 10.0
"""Seconds to wait after a SIGINT that the terminal may have sent to the child as well, before passing it on."""


def run(*args: str, **extra_env: str) -> int:
    """Run the project's Python with these arguments and wait for it. SIGINT and SIGTERM sent to this script are
    passed on to the child, and the script waits until the child has stopped: stopping dev.py by its pid stops
    `mkdocs serve` too, instead of leaving it running and answering."""
    # Material prints a banner about MkDocs 2 on every build; we know, and it hides real warnings.
    env = {"NO_MKDOCS_2_WARNING": "1", **extra_env, **os.environ}
    command = [str(PYTHON), *args]
    if os.name == "nt":  # no POSIX signals to pass on; Ctrl-C reaches the child through the console
        return subprocess.call(command, cwd=ROOT, env=env)
    received: list[int] = []
    handlers = {signum: signal.signal(signum, lambda signum, _frame: received.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        with subprocess.Popen(command, cwd=ROOT, env=env) as child:
            code = _wait(child, received)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    # A child stopped by a signal: exit as shells report it (128 + the signal), not with a negative number.
    return 128 - code if code < 0 else code


def _wait(child: subprocess.Popen[bytes], received: list[int]) -> int:
    """Wait for the child, passing on the signals this script receives meanwhile (see run)."""
    kill_at: float | None = None  # after SIGTERM: when the child is killed if it has not stopped
    interrupt_at: float | None = None  # after a SIGINT the child may have had from the terminal already
    while True:
        try:
            return child.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        while received:
            signum = received.pop(0)
            if signum == signal.SIGTERM:
                child.send_signal(signal.SIGTERM)
                kill_at = kill_at or now + STOP_GRACE
            elif _in_terminal_foreground():
                # Ctrl-C in the terminal goes to the child too; passing it on at once would interrupt its
                # clean-up. Only if it is still running after a moment was the signal meant for this script alone.
                interrupt_at = interrupt_at or now + CTRL_C_GRACE
            else:
                child.send_signal(signal.SIGINT)
        if interrupt_at is not None and now >= interrupt_at:
            child.send_signal(signal.SIGINT)
            interrupt_at = None
        if kill_at is not None and now >= kill_at:
            child.kill()
            kill_at = None


def _in_terminal_foreground() -> bool:
    """Whether this script runs in the foreground of a terminal, where Ctrl-C reaches its child as well."""
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except (OSError, ValueError, AttributeError):  # no terminal, or stdin closed
        return False


def _newer(path: Path, than: Path) -> bool:
    # Like the shell's `-nt`: a missing reference counts as older, so a half-finished install is redone.
    return path.exists() and (not than.exists() or path.stat().st_mtime > than.stat().st_mtime)


def prepare_browser_tests() -> None:
    """Install axe-core and vnu-jar when npm can, then say up front which tests will not run, instead of hiding it
    in -ra."""
    npm = shutil.which("npm")
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if npm and (not axe.exists() or not vnu.exists()
                or _newer(ROOT / "package-lock.json", ROOT / "node_modules" / ".package-lock.json")):
        print("==> axe-core en vnu-jar installeren met npm ci (toegankelijkheids- en HTML-tests)", flush=True)
        # A failed install (offline, say) should not stop the other tests; the lines below then name what is missing.
        # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the test uses the system's java.
        if subprocess.call([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"],
                           cwd=ROOT) != 0:
            print("==> npm ci is mislukt", flush=True)

    chromium = Path(os.environ.get("KENNISBANK_CHROMIUM", "/usr/bin/chromium"))
    missing: list[str] = []
    if not chromium.exists():
        missing.append(f"Chromium ontbreekt in {chromium} (installeer met: apt-get install chromium, "
                       "of zet KENNISBANK_CHROMIUM)")
    if not axe.exists():
        missing.append("axe-core ontbreekt (installeer Node.js met npm, daarna: npm ci)" if npm is None
                       else "axe-core ontbreekt (npm ci)")
    if missing:
        # tests/browser/conftest.py fails instead of skipping when CI is set, so say that here too.
        outcome = "zullen falen (CI is gezet)" if os.environ.get("CI") else "worden overgeslagen"
        print(f"==> browsertests (tests/browser) {outcome}: " + "; ".join(missing), flush=True)
    html_missing: list[str] = []
    if shutil.which("java") is None:
        html_missing.append("Java ontbreekt (installeer met: apt-get install default-jre-headless)")
    if not vnu.exists():
        html_missing.append("vnu-jar ontbreekt (installeer Node.js met npm, daarna: npm ci)" if npm is None
                            else "vnu-jar ontbreekt (npm ci)")
    if html_missing:
        outcome = "zal falen (CI is gezet)" if os.environ.get("CI") else "wordt overgeslagen"
        print(f"==> HTML-validatietest (tests/browser/test_html_valid.py) {outcome}: " + "; ".join(html_missing),
              flush=True)


def test(rest: list[str]) -> int:
    prepare_browser_tests()
    return run("-m", "pytest", *rest)


def main(argv: list[str]) -> int:
    commands = {
        # Locally the site lives at the server's root, not under the GitHub Pages project path.
        "serve": lambda rest: run("-m", "mkdocs", "serve", "--dirty", "--strict", *rest,
                                  KENNISBANK_SITE_URL="http://127.0.0.1:8000/"),
        "build": lambda rest: run("-m", "mkdocs", "build", "--strict", *rest),
        "check": lambda rest: run("-m", "kennisbank", "check", *rest),
        "test": test,
        "setup": lambda rest: 0,
    }
    if not argv or argv[0] not in commands:
        print(__doc__.strip())
        print("\nCommando's: " + ", ".join(commands))
        return 2
    ensure_environment()
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
