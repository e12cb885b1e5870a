"""Search: the Python and JavaScript pipelines give the same terms and the same ranked results, the vendored
scripts are the pinned ones, the index holds entries only, a query reads only a few small files, and the Dutch
query set finds what it should in the top three; the box can tell what a query would fetch."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kennisbank.core.loader import load_knowledge_base
from kennisbank.core.models import PRACTICE
from kennisbank.outputs import urls
from kennisbank.outputs.search import (
    ASSETS,
    FIELDS,
    PREFIX_FROM,
    SHARD_BYTES,
    SearchIndex,
    _postings,
    analyse,
    documents,
    query_words,
    search_files,
    stem,
    verb_guess,
    within_one_edit,
    words,
)
from kennisbank.outputs.text import rating_summary

from .conftest import ROOT

ASSETS_DIR = ROOT / "plugins" / "kennisbank" / "outputs" / "assets"
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
RANKED = [case for case in QUERIES if "expect" in case]
FIRST_CARDS = 6
"""The cards search.js shows first (FIRST_CARDS there), from which "Resultaten voor …" takes its words."""
SOURCES = Path(os.environ.get("KENNISBANK_SOURCES", ROOT.parent / "shared" / "sources"))


def _required(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(reason + " (in CI verplicht)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return search_files(load_knowledge_base(ROOT / "content").knowledge)


@pytest.fixture(scope="module")
def data(files: dict[str, str]) -> dict:
    """The manifest."""
    return json.loads(files[urls.SEARCH_INDEX])


def _index(files: dict[str, str], read: list[str] | None = None) -> SearchIndex:
    def reader(path: str) -> object:
        if read is not None:
            read.append(path)
        return json.loads(files[path])

    return SearchIndex(reader)


def _cards(files: dict[str, str]) -> list[list[str]]:
    pattern = re.compile(re.escape(urls.search_cards("@")).replace("@", "([0-9]+)"))
    numbered = sorted((int(m.group(1)), path) for path in files if (m := pattern.fullmatch(path)))
    return [card for _, path in numbered for card in json.loads(files[path])]


def _lunr_postings(docs: list) -> dict[str, list[list[int]]]:
    """The postings as lunr's own Builder scores them: the reference that search.py's BM25 must give exactly."""
    from lunr.builder import Builder

    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("n")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for n, doc in enumerate(docs):
        builder.add({"n": str(n), **{name: " ".join(analyse(doc.fields[name])) for name, _ in FIELDS}})
    builder._calculate_average_field_lengths()
    builder._create_field_vectors()
    term_of = {posting["_index"]: term for term, posting in builder.inverted_index.items()}
    number = {name: i for i, (name, _) in enumerate(FIELDS)}
    found: dict[str, list[list[tuple[int, int]]]] = {term: [[] for _ in FIELDS] for term in builder.inverted_index}
    for field_ref, vector in builder.field_vectors.items():
        field_name, _, ref = str(field_ref).partition("/")
        for i in range(0, len(vector.elements), 2):
            found[term_of[vector.elements[i]]][number[field_name]].append(
                (int(ref), round(vector.elements[i + 1] * 1000)))
    postings = {}
    for term, per_field in found.items():
        encoded = []
        for pairs in per_field:
            flat: list[int] = []
            previous = 0
            for n, score in sorted(pairs):
                flat += [n - previous, score]
                previous = n
            encoded.append(flat)
        postings[term] = encoded
    return postings


def test_scores_are_lunrs() -> None:
    docs = documents(load_knowledge_base(ROOT / "content").knowledge)
    assert _postings(docs) == _lunr_postings(docs)


def test_index_holds_entry_pages_only(files: dict[str, str], data: dict) -> None:
    found = [card[0] for card in _cards(files)]
    assert len(found) == data["count"]
    assert found and all(re.fullmatch(r"(praktijk|themas|lezen|initiatieven|meetups|verzamelingen)/[a-z0-9-]+/", u)
                         for u in found)
    assert not any(u.startswith(("bronnen/", "regio/", "begrippen/")) for u in found)
    ids = [u.rstrip("/").rsplit("/", 1)[1] for u in found]
    assert ids == sorted(ids)  # a document's number is its place among the ids: explore.js relies on it


def test_search_files_cannot_break_out_of_a_script_or_page(files: dict[str, str]) -> None:
    assert all("<" not in text and text.isascii() for text in files.values())
    assert all(path.startswith("search/") and path.endswith(".json") for path in files)


def test_a_query_reads_the_manifest_and_a_few_shards(files: dict[str, str]) -> None:
    read: list[str] = []
    index = _index(files, read)
    assert index.query("voorlezen").refs
    shards = [p for p in read if p != urls.SEARCH_INDEX]
    assert read[0] == urls.SEARCH_INDEX and 1 <= len(shards) <= 3, read
    assert all(len(files[p]) <= 2 * SHARD_BYTES for p in shards)


def test_one_edit_apart() -> None:
    assert within_one_edit("feedbak", "feedback") and within_one_edit("feedback", "feedbak")
    assert within_one_edit("zomerscholn", "zomerscholen") and within_one_edit("abcd", "abdc")
    assert within_one_edit("abcd", "axcd") and not within_one_edit("abcd", "badc") and not within_one_edit("ab", "abcd")


def _cheapest(words_left: str) -> str:
    """The explore page's address that a cost query's first option opens, with the query's other words."""
    return urls.explore_cheapest() + (f"&{urls.EXPLORE_QUERY}={words_left.replace(' ', '%20')}" if words_left else "")


def _shown(index: SearchIndex, query: str) -> dict:
    """What the search box shows for a query: every result's address, the words of "Resultaten voor …" ('' when
    no typo was corrected) and the address of the cost option (None when there is none)."""
    found = index.query(query)
    cards = [index.card(doc) for doc in found.refs[:FIRST_CARDS]]
    said = SearchIndex.corrected_text(query_words(query), found.corrected, cards) if found.corrected and cards else ""
    return {"urls": [index.card(doc)[0] for doc in found.refs], "corrected": said, "cheapest": index.shortcut(query)}


def _case_failures(case: dict, shown: dict) -> list[str]:
    failures = []
    if "expect" in case and not any(u.endswith(f"/{case['expect']}/") for u in shown["urls"][:3]):
        failures.append(f"top 3 was {shown['urls'][:3]}")
    if case.get("corrected", "") != shown["corrected"]:
        failures.append(f"resultaten voor {shown['corrected']!r}")
    if "absent" in case and any(u.endswith(f"/{case['absent']}/") for u in shown["urls"]):
        failures.append(f"{case['absent']} found")
    if (_cheapest(case["cheapest"]) if "cheapest" in case else None) != shown["cheapest"]:
        failures.append(f"cost option {shown['cheapest']}")
    return failures


@pytest.mark.parametrize("case", QUERIES, ids=[c["query"] for c in QUERIES])
def test_dutch_query_set_in_python(files: dict[str, str], case: dict) -> None:
    assert _case_failures(case, _shown(_index(files), case["query"])) == [], case


def test_short_words_match_exactly_not_as_beginnings(files: dict[str, str]) -> None:
    """'vo' is the sector, not every term that starts with it; from PREFIX_FROM letters a word is a beginning."""
    index = _index(files)
    assert PREFIX_FROM == 3 and index.manifest["prefixFrom"] == PREFIX_FROM
    for word in ("po", "vo", "so", "mb", "x"):
        assert set(index.boosts(word, False)) <= {stem(word)}, word
    assert len(index.boosts("voo", False)) > 1


def test_a_corrected_typo_says_what_was_searched(files: dict[str, str]) -> None:
    index = _index(files)
    assert _shown(index, "feedbak geven")["corrected"] == "feedback geven"
    assert index.query("feedbak").corrected == {"feedbak": ["feedback"]}
    assert index.query("feedback").corrected == {} and index.query("xyzzyq").corrected == {}


def test_practice_cards_carry_their_toolkit_figures(files: dict[str, str]) -> None:
    kb = load_knowledge_base(ROOT / "content").knowledge
    cards = {card[0]: card for card in _cards(files)}
    rated = [p for p in kb.of_kind(PRACTICE) if p.data.ratings]
    assert rated
    for practice in kb.of_kind(PRACTICE):
        card = cards[urls.entry_url(practice)]
        assert card[4:] == ([rating_summary(practice.data.ratings)] if practice.data.ratings else [])
    assert all(len(card) == 4 for url, card in cards.items() if not url.startswith(PRACTICE.site_folder + "/"))


def test_cost_words_lead_to_the_explore_page_by_cost(files: dict[str, str]) -> None:
    index = _index(files)
    assert index.shortcut("Goedkope taalaanpak") == _cheapest("taalaanpak")
    assert index.shortcut("weinig geld") == index.shortcut("lage kosten") == _cheapest("")
    assert index.shortcut("feedback") is None and index.shortcut("geld") is None
    # The results below the option search the other words; a query of cost words only still searches them.
    assert query_words("goedkope feedback geven") == ["feedback", "geven"] and query_words("goedkoop") == ["goedkoop"]
    # The parameters are the explore page's own: its kind facet, its sort box and the cost order.
    explore = (ASSETS_DIR / "explore.js").read_text(encoding="utf-8")
    assert f'param: "{urls.EXPLORE_KIND}"' in explore and f'params.get("{urls.EXPLORE_SORT}")' in explore
    assert re.search(r'var SORTS = \[[^]]*"cost"', explore) and f"?{urls.EXPLORE_KIND}={PRACTICE.name}&" in _cheapest("")


def test_query_set_is_broad_enough() -> None:
    kinds = {case["kind"] for case in QUERIES}
    assert len(RANKED) >= 40
    assert {"inflection", "compound", "diacritics", "typo", "words", "name", "place", "abbreviation", "short",
            "cost"} <= kinds


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
    payload = json.dumps({"words": vocabulary, "stopwords": data["stopwords"]})  # data: the manifest
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
const fetchJson = p => p in input.files ? Promise.resolve(JSON.parse(input.files[p])) : Promise.reject(new Error(p));
const searcher = kb.makeSearcher(lunr, JSON.parse(input.files[input.manifest]), fetchJson);
(async () => {
  const out = [];
  for (const q of input.queries) {
    const found = await searcher.search(q);
    const shown = await searcher.cards(found.results.slice(0, 6));
    const corrected = Object.keys(found.corrected).length && shown.length ? searcher.correctedText(searcher.queryWords(q), found.corrected, shown) : "";
    out.push({results: found.results, partial: found.partial, corrected: found.corrected, said: corrected,
              cheapest: searcher.shortcut(q), urls: (await searcher.cards(found.results)).map(c => c[0])});
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def _node_queries(files: dict[str, str], queries: list[str]) -> list[dict]:
    node = shutil.which("node")
    _required(node is not None, "node ontbreekt")
    payload = json.dumps({"files": files, "manifest": urls.SEARCH_INDEX, "queries": queries})
    out = subprocess.run([node, "-e", QUERY_NODE, str(ASSETS_DIR)], input=payload, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return json.loads(out)


def test_dutch_query_set_in_javascript(files: dict[str, str]) -> None:
    """The same query rules in the browser's code, run by node (the browser test repeats this in Chromium)."""
    found = _node_queries(files, [case["query"] for case in QUERIES])
    misses = [(case["query"], failures) for case, got in zip(QUERIES, found, strict=True)
              if (failures := _case_failures(case, {"urls": got["urls"], "corrected": got["said"], "cheapest": got["cheapest"]}))]
    assert misses == []


def test_python_and_javascript_rank_alike(files: dict[str, str]) -> None:
    """Every result in the same order, for the query set and for words, beginnings and typos of the content."""
    vocabulary = sorted({w for card in _cards(files) for w in words(card[2] + " " + card[3]) if len(w) >= 3})
    queries = [case["query"] for case in QUERIES] + vocabulary[::7] + [w[:2] for w in vocabulary[::31]] + [w[:3] for w in vocabulary[::23]] + \
        [w[:-1] + "x" for w in vocabulary[::19]] + [" ".join(vocabulary[i:i + 2]) for i in range(0, len(vocabulary), 41)]
    index = _index(files)
    queries += [f"goedkope {w}" for w in vocabulary[::53]] + [f"{w[:-1]}x {w}" for w in vocabulary[::67]]
    expected = [(q, index.query(q).refs, index.query(q).partial, index.query(q).corrected, _shown(index, q)["corrected"],
                 index.shortcut(q)) for q in queries]
    got = [(q, r["results"], r["partial"], r["corrected"], r["said"], r["cheapest"])
           for q, r in zip(queries, _node_queries(files, queries), strict=True)]
    assert [e for e, g in zip(expected, got, strict=True) if e != g][:5] == []


BOX_NODE = """
const path = process.argv[1];
const lunr = require(path + '/vendor/lunr.min.js');
require(path + '/vendor/lunr.stemmer.support.min.js')(lunr);
require(path + '/vendor/lunr.nl.min.js')(lunr);
const kb = require(path + '/search.js');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const read = [];
const fetchJson = p => { read.push(p); return Promise.resolve(JSON.parse(input.files[p])); };
const searcher = kb.makeSearcher(lunr, JSON.parse(input.files[input.manifest]), fetchJson);
(async () => {
  const before = searcher.fetches('voorlezen');
  await searcher.search('voorlezen');
  const after = searcher.fetches('voorlezen');
  const stale = await searcher.search('feedbak', () => false);
  const wanted = await searcher.search('feedbak', () => true);
  process.stdout.write(JSON.stringify({before, after, stale: stale.corrected, wanted: wanted.corrected}));
})();
"""


def test_the_box_knows_what_a_query_would_fetch_and_a_replaced_query_tries_no_typos(files: dict[str, str]) -> None:
    """What search.js's box relies on to search at every key: whether a query still needs shards, and that a
    query the box no longer wants stops before the typo attempt (its ranking is that of the first attempt)."""
    node = shutil.which("node")
    _required(node is not None, "node ontbreekt")
    payload = json.dumps({"files": files, "manifest": urls.SEARCH_INDEX})
    out = json.loads(subprocess.run([node, "-e", BOX_NODE, str(ASSETS_DIR)], input=payload, capture_output=True,
                                    text=True, check=True, timeout=120).stdout)
    assert out["before"] is True and out["after"] is False
    assert out["stale"] == {} and out["wanted"].get("feedbak")
