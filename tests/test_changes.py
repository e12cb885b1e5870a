"""`kennisbank changes BASE [HEAD]` on a small git repository made in the test: what a pull request adds, changes and
removes, with pages and problems, in text, Markdown and JSON; revisions are checked and nothing is written where it
should not be."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from kennisbank import cli
from kennisbank.contribute.changes import compare, render_changes
from kennisbank.core.problems import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError

from .conftest import GOLDEN, ROOT, overlay_content

SITE = "https://example.org/kb/"
NEW_INITIATIVE = """title: Taalhuis Huizen
summary: Een taalhuis in de bibliotheek.
scope: lokaal
places:
  - {provincie: Noord-Holland, gemeente: Huizen}
practices: [voorlezen]
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c",
                           "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the golden content in one commit, on branch main."""
    root = tmp_path / "repo"
    root.mkdir()
    overlay_content(root, GOLDEN / "base" / "content", GOLDEN / "pages" / "content")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "content")
    _git(root, "commit", "-q", "-m", "basis")
    return root


def _pull_request(repo: Path) -> None:
    """One card edited, an initiative added, a reading item removed: one commit on top of main."""
    card = repo / "content" / "practices" / "voorlezen.md"
    card.write_text(card.read_text(encoding="utf-8").replace("Voorlezen op school en thuis.",
                                                             "Voorlezen op school, thuis en in de bibliotheek."),
                    encoding="utf-8")
    (repo / "content" / "initiatives" / "taalhuis-huizen.yml").write_text(NEW_INITIATIVE, encoding="utf-8")
    _git(repo, "rm", "-q", "content/reading/podcast.yml")
    (repo / "content" / "practices" / "README.md").write_text("Uitleg voor wie deze map opent.\n", encoding="utf-8")
    _git(repo, "add", "content")
    _git(repo, "commit", "-q", "-m", "wijziging")


def test_a_card_edit_a_new_initiative_and_a_removed_reading_item(repo: Path) -> None:
    _pull_request(repo)
    changes = compare(repo / "content", "main~1", "main", SITE)
    found = {(c.status, c.kind.name, c.id): c for c in changes.entries}
    assert set(found) == {("changed", "practice", "voorlezen"), ("added", "initiative", "taalhuis-huizen"),
                          ("removed", "reading", "podcast")}
    card = found["changed", "practice", "voorlezen"]
    assert (card.title, card.path, card.page, card.url) == (
        "Zet in op (voor)lezen", "content/practices/voorlezen.md", "praktijk/voorlezen/", SITE + "praktijk/voorlezen/")
    added = found["added", "initiative", "taalhuis-huizen"]
    assert (added.title, added.url) == ("Taalhuis Huizen", SITE + "initiatieven/taalhuis-huizen/")
    removed = found["removed", "reading", "podcast"]
    assert (removed.title, removed.page) == ("Meertalige kinderen in de klas", "lezen/podcast/")
    assert not changes.errors and changes.code == EXIT_OK and changes.elsewhere == []
    assert changes.head == _git(repo, "rev-parse", "main")

    text = render_changes(changes, "text")
    assert "1 item toegevoegd, 1 gewijzigd, 1 verwijderd" in text
    assert "  + initiatief 'Taalhuis Huizen' (content/initiatives/taalhuis-huizen.yml)" in text
    assert "pagina verdwijnt: https://example.org/kb/lezen/podcast/" in text
    markdown = render_changes(changes, "markdown")
    assert "#### Toegevoegd (1)" in markdown and "#### Verwijderd (1)" in markdown
    assert "[Taalhuis Huizen](https://example.org/kb/initiatieven/taalhuis-huizen/)" in markdown
    assert r"Zet in op (voor)lezen" in markdown
    data = json.loads(render_changes(changes, "json"))
    assert [e["status"] for e in data["entries"]] == ["added", "changed", "removed"]
    assert data["entries"][0] | {"problems": []} == {
        "status": "added", "kind": "initiative", "id": "taalhuis-huizen", "title": "Taalhuis Huizen",
        "path": "content/initiatives/taalhuis-huizen.yml", "page": "initiatieven/taalhuis-huizen/",
        "url": SITE + "initiatieven/taalhuis-huizen/", "problems": []}


def test_without_head_the_working_tree_counts_uncommitted_and_untracked_files(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    card = repo / "content" / "practices" / "voorlezen.md"
    card.write_text(card.read_text(encoding="utf-8").replace("themes: [taal-centraal]", "themes: [taal-centrale]"),
                    encoding="utf-8")
    (repo / "content" / "initiatives" / "taalhuis-huizen.yml").write_text(NEW_INITIATIVE, encoding="utf-8")
    monkeypatch.chdir(repo)
    code = cli.main(["changes", "main", "--format", "json", "--site-url", SITE])
    data = json.loads(capsys.readouterr().out)
    assert code == EXIT_PROBLEMS and data["head"] is None
    entries = {e["id"]: e for e in data["entries"]}
    assert set(entries) == {"voorlezen", "taalhuis-huizen"}
    assert entries["voorlezen"]["status"] == "changed" and entries["voorlezen"]["page"] == "praktijk/voorlezen/"
    assert any("taal-centrale" in p["message"] and p["severity"] == "error" and p["line"] > 1
               for p in entries["voorlezen"]["problems"])
    # The working tree is read, never written: git sees only the two changes made above.
    assert _git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "M content/practices/voorlezen.md", "?? content/initiatives/taalhuis-huizen.yml"]


def test_a_removal_that_breaks_a_reference_elsewhere_is_reported_apart(repo: Path) -> None:
    _git(repo, "rm", "-q", "content/practices/feedback.md")  # the podcast refers to it
    _git(repo, "commit", "-q", "-m", "weg")
    changes = compare(repo / "content", "HEAD~1", "HEAD", SITE)
    assert [(c.status, c.id) for c in changes.entries] == [("removed", "feedback")]
    assert changes.errors and any(p.path == "content/reading/podcast.yml" and "feedback" in p.message
                                  for p in changes.elsewhere)
    assert "Nieuwe problemen in andere bestanden" in render_changes(changes, "markdown")


def test_markdown_keeps_titles_and_messages_text(repo: Path) -> None:
    card = repo / "content" / "practices" / "voorlezen.md"
    card.write_text(card.read_text(encoding="utf-8").replace("title: Zet in op (voor)lezen",
                                                             "title: '*Lees* [mee](https://example.org) | `nu`'"),
                    encoding="utf-8")
    markdown = render_changes(compare(repo / "content", "main", None, SITE), "markdown")
    assert r"\*Lees\* \[mee\](https://example.org) \| \`nu\`" in markdown


@pytest.mark.parametrize("revision", ["--output=/tmp/x", "-h", "main..HEAD", "main main", "bestaat-niet", "", "a;b",
                                      "main:content/practices/voorlezen.md"])
def test_revisions_are_checked_before_git_sees_them(repo: Path, revision: str) -> None:
    with pytest.raises(UsageError, match="revisie"):
        compare(repo / "content", revision, None, SITE)
    with pytest.raises(UsageError, match="revisie"):
        compare(repo / "content", "main", revision, SITE)


def test_cli_usage_errors_and_no_files_left_behind(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.chdir(repo)
    _pull_request(repo)
    before = _git(repo, "status", "--porcelain", "--ignored")
    with pytest.raises(SystemExit) as stopped:  # argparse: an unknown option
        cli.main(["changes", "--output=x", "HEAD"])
    assert stopped.value.code == EXIT_USAGE
    assert cli.main(["changes", "--", "--output=x"]) == EXIT_USAGE
    assert "geen geldige revisie" in capsys.readouterr().err
    assert cli.main(["changes", "HEAD~1", "HEAD", "--format", "markdown"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("### Wat verandert er op de site")
    assert list(temp.iterdir()) == []  # the two sides were laid out in a temporary folder, removed afterwards
    assert _git(repo, "status", "--porcelain", "--ignored") == before
    assert not (repo / "x").exists() and not Path("--output=x").exists()


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    content = overlay_content(tmp_path, GOLDEN / "base" / "content")
    with pytest.raises(UsageError, match="git"):
        compare(content, "main", None, SITE)


def test_the_site_workflow_summarises_pull_requests_and_keeps_the_built_site() -> None:
    import yaml

    [check] = [job for name, job in yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(
        encoding="utf-8"))["jobs"].items() if name == "check"]
    steps = check["steps"]
    summary = next(step for step in steps if "kennisbank changes" in step.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert "--format markdown" in summary["run"] and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert "${{" not in summary["run"]  # nothing from the pull request is pasted into the script
    build = next(i for i, step in enumerate(steps) if "dev.py build" in step.get("run", ""))
    [artifact] = [(i, step) for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert artifact[0] > build and artifact[1]["if"] == "github.event_name == 'pull_request'"
    assert re.fullmatch(r"actions/upload-artifact@[0-9a-f]{40}", artifact[1]["uses"])
    assert artifact[1]["with"]["path"] == "site" and artifact[1]["with"]["name"] == "site"
