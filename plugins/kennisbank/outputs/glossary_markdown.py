"""A Markdown extension that marks the glossary's terms as <abbr title="meaning"> on every page, set up once per build.

Appending '*[term]: meaning' lines to every page made each page pay for the whole glossary twice: the
abbreviation block parser is quadratic in the number of definitions, and the abbr extension compiles one
alternation of all terms per page. Here the terms become one regular expression, built once per build as a
trie (so matching costs about the same for 20 or 2,000 terms), and the abbr extension's own tree walk marks them.
Definitions a page makes itself ('*[term]: …') run first and win.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor

# After the abbr extension (priority 7), so that a page's own definitions are applied first; before toc (5).
PRIORITY = 6.9


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for a set of literal words that branches per character, like a trie."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


class _GlossaryTreeprocessor(AbbrTreeprocessor):
    def __init__(self, md: Markdown, meanings: Mapping[str, str], pattern: re.Pattern[str] | None) -> None:
        super().__init__(md, meanings)  # read only here: no copy per page
        self.RE = pattern

    def run(self, root: etree.Element) -> None:
        if self.RE is not None:
            self.iter_element(root)


class GlossaryExtension(Extension):
    """Mark every form of every glossary term with its meaning; the regular expression is compiled here, once."""

    def __init__(self, meanings: Mapping[str, str]) -> None:
        super().__init__()
        self.meanings = {form: meaning for form, meaning in meanings.items() if form and meaning}
        forms = sorted(self.meanings, key=len, reverse=True)
        self.pattern = re.compile(rf"\b{_trie_pattern(forms)}\b") if forms else None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_GlossaryTreeprocessor(md, self.meanings, self.pattern), "kennisbank-glossary",
                                   PRIORITY)
