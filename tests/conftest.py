"""Shared fixtures: paths of the repository, its content and the golden cases; Hypothesis profiles."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

# "ci" is the default everywhere, so a failure on CI reproduces locally with the same examples and a local run
# never depends on what an earlier run stored. HYPOTHESIS_PROFILE=dev explores new random examples instead and
# keeps failures in .hypothesis/ to replay them. The tests use tmp_path_factory, not a function-scoped fixture,
# but the health check is suppressed so a future tmp_path does not turn into a confusing error.
_COMMON = dict(
    max_examples=150,
    deadline=None,  # file-system work varies in duration between machines; a deadline would make runs flaky
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile("ci", derandomize=True, database=None, **_COMMON)
settings.register_profile("dev", derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.hookimpl(trylast=True)  # after Hypothesis' own plugin has applied --hypothesis-profile
def pytest_configure(config: pytest.Config) -> None:
    # Builds keep caches (checked bodies, PDFs, serve's pages) in the user's cache folder; a test run starts with
    # none and leaves none behind, in this process and the builds it starts.
    caches = tempfile.mkdtemp(prefix="kennisbank-test-cache-")
    os.environ["XDG_CACHE_HOME"] = caches
    config.add_cleanup(lambda: shutil.rmtree(caches, ignore_errors=True))
    # Even without an example database Hypothesis caches Unicode tables and source constants in .hypothesis/.
    # A deterministic run must not leave files in the working tree, so that cache goes to a throwaway directory.
    if settings.default.database is not None or os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    storage = tempfile.mkdtemp(prefix="kennisbank-hypothesis-")
    set_hypothesis_home_dir(storage)
    config.add_cleanup(lambda: shutil.rmtree(storage, ignore_errors=True))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def assert_golden(path: Path, actual: str, update: bool) -> None:
    """Compare output with its golden file; only --update-golden (re)writes it, so a missing file never passes."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        try:
            shown = path.relative_to(ROOT).as_posix()
        except ValueError:  # not under the repository; the full path still tells which file
            shown = str(path)
        pytest.fail(f"Golden-bestand {shown} ontbreekt. Controleer de uitvoer en schrijf het bestand met: "
                    "pytest --update-golden", pytrace=False)
    assert actual == path.read_text(encoding="utf-8")


def overlay_content(tmp_path: Path, *sources: Path) -> Path:
    """Copy content folders on top of each other into tmp_path/content and return it."""
    target = tmp_path / "content"
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def require(condition: bool, reason: str) -> None:
    """A tool a test needs (Chromium, Java, WeasyPrint, ProperDocs): without it the test is skipped locally, and
    fails in CI (CI is set), where .ci/run installs it, so it can never pass unnoticed."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI; .ci/run installs it)")
    pytest.skip(reason)


def make_project(root: Path, *content: Path) -> Path:
    """A site project in root: the repository's mkdocs.yml and docs/, and the given content folders on top of
    each other as content/."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    overlay_content(root, *content)
    return root


def build_project(project: Path, *, checker: bool = True) -> Path:
    """`mkdocs build` of a project into project/site, the one way every test builds a site: in the project folder,
    without the MkDocs 2 banner, without PDFs unless KENNISBANK_PDF says otherwise (tests/test_briefing.py and
    tests/test_pdf_structure.py make those). With checker=False the content checker is switched off, so that only
    the escaping and sanitising of the outputs stand between hostile content and the reader."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import kennisbank.core.loader

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        if "KENNISBANK_PDF" not in os.environ:
            patch.setenv("KENNISBANK_PDF", "never")
        if not checker:
            patch.setattr(kennisbank.core.loader, "content_safety_problems", lambda *args, **kwargs: [])
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    return project / "site"
