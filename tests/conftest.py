"""Shared fixtures: paths of the repository, its content and the golden cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def overlay_content(tmp_path: Path, *sources: Path) -> Path:
    """Copy content folders on top of each other into tmp_path/content and return it."""
    target = tmp_path / "content"
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copytree(source, target, dirs_exist_ok=True)
    return target
