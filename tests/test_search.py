"""Search: the Python and JavaScript pipelines give the same terms, the vendored scripts are the pinned ones,
the index holds entries only, and the Dutch query set finds what it should in the top three."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from lunr.index import Index

from kennisbank.core.loader import load_knowledge_base
from kennisbank.outputs.search import ASSETS, analyse, query, search_data, verb_guess, words

from .conftest import ROOT

ASSETS_DIR = ROOT / "plugins" / "kennisbank" / "outputs" / "assets"
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
SOURCES = Path(os.environ.get("KENNISBANK_SOURCES", ROOT.parent / "shared" / "sources"))


def _required(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(reason + " (in CI verplicht)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(search_data(load_knowledge_base(ROOT / "content").knowledge))


def test_index_holds_entry_pages_only(data: dict) -> None:
    urls = [doc[0] for doc in data["docs"].values()]
    assert urls and all(re.fullmatch(r"(praktijk|themas|lezen|initiatieven|meetups|verzamelingen)/[a-z0-9-]+/", u)
                        for u in urls)
    assert not any(u.startswith(("bronnen/", "regio/", "begrippen/")) for u in urls)


def test_search_file_cannot_break_out_of_a_script_or_page() -> None:
    from kennisbank.core.loader import load_knowledge_base as load

    text = search_data(load(ROOT / "content").knowledge)
    assert "<" not in text and text.isascii()


@pytest.mark.parametrize("case", QUERIES, ids=[c["query"] for c in QUERIES])
def test_dutch_query_set_in_python(data: dict, case: dict) -> None:
    index = Index.load(data["index"])
    found = query(index, case["query"]).refs
    assert case["expect"] in found[:3], f"{case['query']!r} ({case['kind']}): top 3 was {found[:3]}"


def test_query_set_is_broad_enough() -> None:
    kinds = {case["kind"] for case in QUERIES}
    assert len(QUERIES) >= 40
    assert {"inflection", "compound", "diacritics", "typo", "words", "name", "place", "abbreviation"} <= kinds


def test_pipeline_examples() -> None:
    assert words("(Voor)lezen") == ["voor", "lezen", "voorlezen"]
    assert words("één-op-één") == ["een", "op", "een", "eenopeen"]
    assert analyse("Oriëntatie in Fryslân") == ["orientatie", "fryslan"]
    assert verb_guess("leest") == "lezen" and verb_guess("schrijft") == "schrijven" and verb_guess("werkt") == "werken"
    assert verb_guess("praat") is None


def test_vendored_scripts_are_the_pinned_packages() -> None:
    pairs = {"vendor/lunr.min.js": "lunr/lunr.min.js",
             "vendor/lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
             "vendor/lunr.nl.min.js": "lunr-languages/min/lunr.nl.min.js"}
    assert set(pairs) <= set(ASSETS)
    modules = ROOT / "node_modules"
    _required((modules / "lunr").is_dir(), "node_modules ontbreekt (npm ci)")
    for vendored, package in pairs.items():
        assert (ASSETS_DIR / vendored).read_bytes() == (modules / package).read_bytes(), vendored


def _corpus_words() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*")) if p.is_file()]
    if SOURCES.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    found = sorted({w for text in texts for w in re.findall(r"[\w'’()-]+", text)})
    return found


NODE = """
const path = process.argv[1];
const lunr = require(path + '/vendor/lunr.min.js');
require(path + '/vendor/lunr.stemmer.support.min.js')(lunr);
require(path + '/vendor/lunr.nl.min.js')(lunr);
const kb = require(path + '/search.js');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const analyser = kb.makeAnalyser(lunr, input.stopwords);
process.stdout.write(JSON.stringify(input.words.map(w => [analyser.analyse(w), kb.verbGuess(kb.fold(w))])));
"""


def test_python_and_javascript_give_the_same_terms(data: dict) -> None:
    node = shutil.which("node")
    _required(node is not None, "node ontbreekt")
    vocabulary = _corpus_words()
    assert len(vocabulary) >= 3000
    payload = json.dumps({"words": vocabulary, "stopwords": data["stopwords"]})
    out = subprocess.run([node, "-e", NODE, str(ASSETS_DIR)], input=payload, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    javascript = json.loads(out)
    differ = [(word, [analyse(word), verb_guess(word.lower())], js) for word, js in zip(vocabulary, javascript, strict=True)
              if [analyse(word), verb_guess(_fold(word))] != js]
    assert differ[:20] == []


def _fold(word: str) -> str:
    from kennisbank.outputs.search import fold

    return fold(word)


QUERY_NODE = """
const path = process.argv[1];
const lunr = require(path + '/vendor/lunr.min.js');
require(path + '/vendor/lunr.stemmer.support.min.js')(lunr);
require(path + '/vendor/lunr.nl.min.js')(lunr);
const kb = require(path + '/search.js');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const index = lunr.Index.load(input.data.index);
const analyser = kb.makeAnalyser(lunr, input.data.stopwords);
process.stdout.write(JSON.stringify(input.queries.map(q => kb.search(lunr, index, analyser, q).results.slice(0, 3))));
"""


def test_dutch_query_set_in_javascript(data: dict) -> None:
    """The same query rules in the browser's code, run by node (the browser test repeats this in Chromium)."""
    node = shutil.which("node")
    _required(node is not None, "node ontbreekt")
    payload = json.dumps({"data": data, "queries": [case["query"] for case in QUERIES]})
    out = subprocess.run([node, "-e", QUERY_NODE, str(ASSETS_DIR)], input=payload, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    misses = [(case["query"], top) for case, top in zip(QUERIES, json.loads(out), strict=True)
              if case["expect"] not in top]
    assert misses == []
