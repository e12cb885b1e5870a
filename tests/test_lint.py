"""Static checks in the test suite: ruff and mypy, pinned, with the settings in pyproject.toml."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # Through this interpreter, so the pinned tools in the project's environment run, not whatever is on PATH.
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff() -> None:
    # --no-cache: the suite must not leave .ruff_cache/ in the working tree.
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", "plugins", "scripts", "tests")
    # pytest.fail without a traceback: the tool's own report is what helps, not the source of this test.
    if result.returncode:
        pytest.fail(f"ruff vond problemen (deels op te lossen met `ruff check --fix`):\n{result.stdout}{result.stderr}",
                    pytrace=False)


def test_mypy() -> None:
    # mypy's documented way to skip its cache, so no .mypy_cache/ appears; checking this small package is fast.
    result = _run("mypy", "--cache-dir", os.devnull)
    if result.returncode:
        pytest.fail(f"mypy vond problemen:\n{result.stdout}{result.stderr}", pytrace=False)
