"""Markdown bodies are bounded: what could crash or stall a build is a problem at its line (timings: BENCHMARKS.md)."""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import example, given
from hypothesis import strategies as st

from kennisbank.core.markdown_bounds import (
    MAX_NESTING,
    body_problems,
    render_problems,
    renderer,
    site_extensions,
    structure_problems,
)

from .conftest import ROOT

SITE = renderer(ROOT)


def codes(body: str) -> list[str]:
    return [code for _, code, _ in body_problems(body, SITE)]


def test_the_site_configuration_comes_from_mkdocs_yml() -> None:
    names, _ = site_extensions(ROOT)
    assert {"abbr", "admonition", "md_in_html", "toc", "pymdownx.superfences"} <= set(names)
    assert site_extensions(Path("/nonexistent"))[0]  # without mkdocs.yml: Python-Markdown's usual extensions


def test_the_reproductions_of_the_issue_are_problems() -> None:
    # 290 nested list levels (about 170 KB) used to end the build with a RecursionError, 8,000 '[' to stall it.
    assert codes("\n".join("    " * i + "- a" for i in range(290))) == ["body-too-long"]
    assert codes("\n".join("    " * i + "- a" for i in range(MAX_NESTING + 3))) == ["too-deep"]
    assert set(codes("[" * 8000)) == {"too-many-brackets", "brackets-too-deep"}
    assert codes("# kop\n\n" * 250) == ["too-many-headings"]
    assert codes("*[a]: b\n\n" * 60) == ["too-many-abbreviations"]
    assert codes("**a " * 300 + "b" + " c**" * 300) == ["too-much-emphasis"]
    assert codes("\n".join(["regel"] * 300)) == ["block-too-long"]


def test_ordinary_markdown_passes() -> None:
    body = ("## Wat is het\n\nEen **kaart** met [een link](https://example.org) en *nadruk*.\n\n"
            "- punt\n    - dieper\n        - nog dieper\n\n> Een citaat\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "* * *\n\n!!! note \"Let op\"\n    Tekst.\n\n```python\n" + "    " * 20 + "code()\n```\n")
    assert codes(body) == []


def test_offsets_point_at_the_problem() -> None:
    body = "Tekst.\n\n" + "> " * 12 + "diep\n"
    [(offset, code, _)] = list(structure_problems(body))
    assert code == "too-deep" and body[offset:].startswith(">")


def test_rendering_catches_what_the_structure_pass_does_not_model() -> None:
    # Called directly, without the structure pass: 1,000 nested emphasis markers exhaust the stack.
    problems = list(render_problems("**" * 1000 + "a" + "**" * 1000, SITE))
    assert [code for _, code, _ in problems] == ["too-deep"]


TOKENS = st.sampled_from(["[", "]", "(", ")", "](", "*", "**", "_", "`", "<", ">", "> ", "- ", "1. ", "    ", "\t",
                          "#", "# ", "!!! note\n", "*[a]: b\n", "\n", "\n\n", "a", "woord ", "\\[", "&", "|", ":"])


@given(st.lists(TOKENS, max_size=400).map("".join))
@example("[" * 300)
@example(("- " * MAX_NESTING) + "a")
@example("**a " * 190 + "b" + " c**" * 190)
def test_bodies_within_the_bounds_render_within_the_stack_budget(body: str) -> None:
    if list(structure_problems(body)):
        return
    assert list(render_problems(body, SITE)) == [] or codes(body) != []
    markdown.markdown(body)  # and nothing raises with the default configuration either


def test_an_exception_while_rendering_is_a_problem_of_the_body() -> None:
    class Broken:
        def reset(self) -> None:
            pass

        def convert(self, text: str) -> str:
            raise ValueError("stuk")

    [(offset, code, message)] = list(render_problems("tekst", Broken()))  # type: ignore[arg-type]
    assert (offset, code) == (0, "unrenderable") and "ValueError" in message


def test_the_stack_limit_is_restored_before_a_problem_is_reported() -> None:
    import sys

    limit = sys.getrecursionlimit()
    problems = render_problems("**" * 1000 + "a" + "**" * 1000, SITE)
    next(problems)
    assert sys.getrecursionlimit() == limit
