"""ProperDocs, a drop-in fork of MkDocs 1.x, builds the same site as MkDocs from the real content.

MkDocs 1.x is frozen and Material for MkDocs supports it until 2027-05-05; ProperDocs continues MkDocs 1.x under
its own package name (`properdocs`, CLI `properdocs`, `python -m properdocs`). It installs next to MkDocs without
touching it: `python -m properdocs` redirects every `mkdocs.*` import (Material's, our plugin's) to `properdocs.*`
in its own process only, and reads plugins from the `mkdocs.plugins` entry points, so our plugin runs unchanged.

Both builders run once per module, as subprocesses of this interpreter, on one temporary copy of mkdocs.yml,
docs/ and content/ with the same environment, each into its own folder. The copy is a git repository of one commit
dated like the checkout's HEAD, so the dates the plugin reads from git are there, and a commit or an edit in the
working tree during the run cannot make the two builds differ. SOURCE_DATE_EPOCH is set to that date as well:
MkDocs and ProperDocs date the sitemap by the build day, and two builds either side of midnight would differ.

What may differ, and is normalised, is exactly one thing:

- `<meta name="generator" content="mkdocs-{version}, mkdocs-material-…">`, which Material writes into every
  page from the builder's `mkdocs_version`: "1.6.1" under MkDocs, "ProperDocs 1.6.7" under ProperDocs. Only that
  builder name and version are replaced, and only inside that tag; Material's version is compared as it is.

Everything else is compared byte for byte: the file list, every HTML page after that one replacement, and every
other file (search/index.json, search/explore.json, data/*, sitemap.xml and .gz, the assets).

ProperDocs comes with the `test` extra. Without it this module is skipped locally and fails in CI (`CI` set).
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from kennisbank.core.models import KINDS, SCAN, TERM

from .conftest import ROOT, require

BUILDERS = ("mkdocs", "properdocs")
GENERATOR_TAG = '<meta name="generator" content="mkdocs-{}, '
"""The start of Material's generator tag; the builder's name and version go where the braces are."""
GENERATOR = {"mkdocs": version("mkdocs")}
"""What each builder gives Material as `mkdocs_version` (ProperDocs: properdocs/commands/build.py)."""
if importlib.util.find_spec("properdocs"):
    GENERATOR["properdocs"] = f"ProperDocs {version('properdocs')}"
FALLBACK_EPOCH = 1767225600  # 2026-01-01 UTC, for a copy of the repository without git
BUILD_TIMEOUT = 600

# Pages whose path does not depend on the content.
FIXED_PAGES = {
    "home": "index.html",
    "not found": "404.html",
    "glossary": "begrippen/index.html",
    "explore": "verkennen/index.html",
    "open data": "data/index.html",
    "hand-written page": "over/index.html",
    "practice table": "praktijk/op-effect/index.html",
    "self-scan": "zelfscan/index.html",
}
OVERVIEWS = ("themas", "praktijk", "verzamelingen", "initiatieven", "lezen", "sectoren", "meetups", "regio",
             "begrippen", "verantwoording", "verkennen", "data", "bijdragen")
# Entry pages: the first entry of each kind in content/ (the file name is the id), at <section>/<id>/.
# Terms and scans have no page of their own (the glossary, the self-scan page).
ENTRY_SECTIONS = {kind.name: (kind.folder, kind.site_folder) for kind in KINDS if kind not in (TERM, SCAN)}
PAGE_TYPES = [*FIXED_PAGES, *(f"overview {name}" for name in OVERVIEWS), *ENTRY_SECTIONS, "region", "region briefing"]


def _clean_env() -> dict[str, str]:
    # No GIT_DIR or GIT_WORK_TREE from a hook or a wrapper: git must act on the temporary copy, never on this
    # repository, and no global or system git configuration (signing, hooks, templates) may get in the way.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return env | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _head_epoch() -> int | None:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, env=_clean_env(),
                                capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return int(result.stdout.strip()) if result.stdout.strip() else None


def _make_project(project: Path) -> int:
    """Copy what the build reads into project, commit it once if git is there, and return the build epoch."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "content", project / "content")
    epoch = _head_epoch()
    if epoch is None:
        return FALLBACK_EPOCH
    date = f"@{epoch} +0000"
    env = _clean_env() | {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
                          "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
                          "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for command in (["init", "-q"], ["add", "mkdocs.yml", "docs", "content"],
                    ["commit", "-q", "--no-verify", "--no-gpg-sign", "-m", "content"]):
        subprocess.run(["git", *command], cwd=project, env=env, capture_output=True, timeout=120, check=True)
    return epoch


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require("properdocs" in GENERATOR, "ProperDocs is not installed (the test extra brings it)")
    project = tmp_path_factory.mktemp("properdocs-project")
    epoch = _make_project(project)
    out = tmp_path_factory.mktemp("properdocs-builds")
    env = _clean_env() | {"KENNISBANK_PDF": "never", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}
    sites = {builder: out / builder for builder in BUILDERS}
    logs = {builder: out / f"{builder}.log" for builder in BUILDERS}
    # Both at once: each waits mostly for itself, and the module takes the time of one build, not two.
    running = {}
    for builder in BUILDERS:
        with logs[builder].open("wb") as log:
            command = [sys.executable, "-m", builder, "build", "-q", "-f", "mkdocs.yml", "-d", str(sites[builder])]
            running[builder] = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    failed = []
    for builder, process in running.items():
        try:
            code = process.wait(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = None
        if code != 0:
            failed.append(f"{builder} build: exit {code}\n{logs[builder].read_text(errors='replace')}")
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
    return sites


def _files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def _normalised(site: Path, builder: str, page: str) -> tuple[str, int]:
    """The page with the builder's name and version in the generator tag replaced, and how often it was."""
    html = (site / page).read_text(encoding="utf-8")
    tag = GENERATOR_TAG.format(GENERATOR[builder])
    return html.replace(tag, GENERATOR_TAG.format("GENERATOR")), html.count(tag)


def _diff(page: str, builds: dict[str, Path]) -> str | None:
    """None when the page is the same in both builds after normalising, else the start of a diff."""
    (mkdocs, _), (properdocs, _) = (_normalised(builds[builder], builder, page) for builder in BUILDERS)
    if mkdocs == properdocs:
        return None
    lines = difflib.unified_diff(mkdocs.splitlines(), properdocs.splitlines(), f"mkdocs/{page}",
                                 f"properdocs/{page}", lineterm="", n=1)
    return "\n".join(list(lines)[:40])


def _page(site: Path, page_type: str) -> str:
    """The page of this type in a build, chosen from the content so the test follows it."""
    if page_type in FIXED_PAGES:
        return FIXED_PAGES[page_type]
    if page_type.startswith("overview "):
        return f"{page_type.removeprefix('overview ')}/index.html"
    if page_type in ENTRY_SECTIONS:
        folder, section = ENTRY_SECTIONS[page_type]
        ids = sorted(path.stem for path in (ROOT / "content" / folder).iterdir() if path.suffix in {".md", ".yml"})
        assert ids, f"content/{folder} has no entries"
        return f"{section}/{ids[0]}/index.html"
    briefings = sorted(path.name for path in (site / "regio").iterdir() if path.name.endswith("-briefing"))
    assert briefings, "no region pages built"
    name = briefings[0] if page_type == "region briefing" else briefings[0].removesuffix("-briefing")
    return f"regio/{name}/index.html"


def test_same_file_list(builds: dict[str, Path]) -> None:
    mkdocs, properdocs = (_files(builds[builder]) for builder in BUILDERS)
    assert "index.html" in mkdocs and "search/index.json" in mkdocs
    assert mkdocs == properdocs, (f"only MkDocs: {sorted(set(mkdocs) - set(properdocs))}; "
                                  f"only ProperDocs: {sorted(set(properdocs) - set(mkdocs))}")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_same_page_of_every_type(builds: dict[str, Path], page_type: str) -> None:
    page = _page(builds["mkdocs"], page_type)
    for builder in BUILDERS:
        assert (builds[builder] / page).is_file(), f"{builder} did not build {page}"
        # The normalisation must be what the module docstring says, not a no-op that hides a changed tag.
        assert _normalised(builds[builder], builder, page)[1] == 1, f"{builder}: generator tag not found in {page}"
    difference = _diff(page, builds)
    if difference:
        pytest.fail(difference, pytrace=False)


def test_every_html_page_same(builds: dict[str, Path]) -> None:
    pages = [name for name in _files(builds["mkdocs"]) if name.endswith(".html")]
    assert len(pages) > 100
    differences = [diff for diff in (_diff(page, builds) for page in pages) if diff]
    if differences:
        pytest.fail(f"{len(differences)} of {len(pages)} pages differ:\n" + "\n".join(differences[:3]),
                    pytrace=False)


def test_every_other_file_byte_identical(builds: dict[str, Path]) -> None:
    # The search index, the explore data, the open data (JSON, CSV, GeoJSON, feeds, schemas), the sitemap and
    # the assets: none of them names the builder, so nothing is normalised.
    others = [name for name in _files(builds["mkdocs"]) if not name.endswith(".html")]
    for expected in ("search/index.json", "search/explore.json", "data/alles.json", "data/feed.atom",
                     "sitemap.xml", "sitemap.xml.gz"):
        assert expected in others
    different = [name for name in others
                 if (builds["mkdocs"] / name).read_bytes() != (builds["properdocs"] / name).read_bytes()]
    assert not different, f"differ between MkDocs and ProperDocs: {different}"
