#!/usr/bin/env python3
"""Developer entry point: create .venv with the pinned dependencies, then serve, build, check or test.

Works on a fresh machine with nothing but Python 3.11+:
    python3 scripts/dev.py serve     # build the site and serve it on http://127.0.0.1:8000
    python3 scripts/dev.py test      # run the whole test suite
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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
        sys.exit("Python 3.11 of nieuwer is nodig (gevonden: %s)." % sys.version.split()[0])
    if not PYTHON.exists():
        print("==> virtuele omgeving maken in .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print("==> afhankelijkheden installeren (vaste versies uit constraints.txt)", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["install", "-c", "constraints.txt", "-e", ".[site,test,browser]"], cwd=ROOT, check=True)
    STAMP.write_text(fingerprint)


def run(*args: str, **extra_env: str) -> int:
    # Material prints a banner about MkDocs 2 on every build; we know, and it hides real warnings.
    env = {"NO_MKDOCS_2_WARNING": "1", **extra_env, **os.environ}
    return subprocess.call([str(PYTHON), *args], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    commands = {
        # Locally the site lives at the server's root, not under the GitHub Pages project path.
        "serve": lambda rest: run("-m", "mkdocs", "serve", "--strict", *rest,
                                  KENNISBANK_SITE_URL="http://127.0.0.1:8000/"),
        "build": lambda rest: run("-m", "mkdocs", "build", "--strict", *rest),
        "check": lambda rest: run("-m", "kennisbank", "check", *rest),
        "test": lambda rest: run("-m", "pytest", *rest),
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
