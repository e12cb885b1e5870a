"""KnowledgeBase → prebuilt lunr index with one Dutch pipeline, the same at build time (here) and in the browser.

The pipeline, mirrored line by line in assets/search.js (a test runs both over thousands of Dutch words):
fold (lower case, accents off) → words (letters and digits; '(voor)lezen' also as 'voorlezen') → stop words
(data/stopwoorden.txt) → Snowball 'dutch_porter' stemmer, which is the algorithm of lunr-languages' Dutch
stemmer. The index holds stems only and has an empty lunr pipeline: both sides analyse text themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import snowballstemmer
from lunr.builder import Builder

from kennisbank.core import queries
from kennisbank.core.folding import strip_accents
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import DOCUMENT, INITIATIVE, KINDS, PRACTICE, READING, SCAN, TERM
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.rating import SCHEME_LABELS

from . import urls
from .escape import script_json
from .output import Output

FIELDS = (("title", 10), ("keywords", 5), ("summary", 3), ("body", 1))
"""Indexed fields and their boosts: a page about a term beats one that mentions it in passing."""
# Scans are questions to answer on the self-scan page, not something to look up.
SEARCHED_KINDS = tuple(kind for kind in KINDS if kind not in (DOCUMENT, TERM, SCAN))
_WORD = re.compile(r"[a-z0-9]+")
_BRACKETED = re.compile(r"\(([a-z0-9]+)\)([a-z0-9]+)")
_HYPHENATED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_MARKDOWN = re.compile(r"[#>*_`|\[\]()!-]+|<[^>]*>|\{[^}]*\}")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def fold(text: str) -> str:
    """Lower case without accents: 'Oriëntatie' and 'orientatie' are the same word to the search."""
    return strip_accents(text.lower())


def words(text: str) -> list[str]:
    """The words of a text after folding. A bracketed prefix and a hyphenated word also give the joined word:
    '(voor)lezen' → 'voor', 'lezen', 'voorlezen'; 'een-op-een' → 'een', 'op', 'een', 'eenopeen'."""
    folded = fold(text)
    found = _WORD.findall(folded)
    found += [a + b for a, b in _BRACKETED.findall(folded)]
    found += [match.replace("-", "") for match in _HYPHENATED.findall(folded)]
    return found


@cache
def stop_words() -> frozenset[str]:
    source = resources.files("kennisbank").joinpath("data/stopwoorden.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in source.splitlines() if line.strip() and not line.startswith("#"))


_STEMMER = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a folded word, each distinct word stemmed once per process: a build meets a few
    thousand distinct words a hundred thousand times, and the stemmer is most of the search index's cost."""
    return str(_STEMMER.stemWord(word))


def analyse(text: str) -> list[str]:
    """Text → index terms: folded words, stop words out, stemmed."""
    stops = stop_words()
    return [stem(word) for word in words(text) if word not in stops]


def verb_guess(word: str) -> str | None:
    """For a query word that looks like a present-tense verb ('leest', 'schrijft', 'werkt'), the infinitive it
    probably comes from ('lezen', 'schrijven', 'werken'), so that the stemmer meets the indexed form. Only used
    as an extra alternative at query time, never when indexing."""
    if len(word) < 4 or not word.endswith("t") or word[-2] in "aeiou":
        return None
    root = word[:-1]
    if len(root) >= 3 and root[-3] == root[-2] and root[-3] in "aeou":  # lees → lez-en, loop → lop-en
        consonant = {"s": "z", "f": "v"}.get(root[-1], root[-1])
        return root[:-2] + consonant + "en"
    if root.endswith(("f", "s")) and len(root) >= 4 and root[-2] in "ijeu" and root[-3] in "ieu":  # schrijf → schrijven
        return root[:-1] + {"s": "z", "f": "v"}[root[-1]] + "en"
    return root + "en"  # werk → werken


@dataclass(frozen=True)
class SearchDocument:
    """What the index knows of one entry, and what a result shows."""

    id: str
    url: str  # site-relative, e.g. 'praktijk/voorlezen/'
    kind: str  # Dutch label, e.g. 'praktijkkaart'
    title: str
    summary: str
    fields: dict[str, str]


def _body_text(markdown: str) -> str:
    return _MARKDOWN.sub(" ", _LINK_TARGET.sub("] ", markdown))


def _keywords(kb: KnowledgeBase, entry: Entry[Any]) -> str:
    data = entry.data
    parts: list[str] = [entry.kind.label]
    parts += [SECTOR_LABELS[s] + " " + s for s in getattr(data, "sectors", [])]
    parts += [t.title for t in queries.themes_of(kb, entry)]
    for place in getattr(data, "places", []) or []:
        parts += [place.provincie, place.gemeente or "", place.plaats or ""]
    parts += [f"{r.strand} {SCHEME_LABELS[r.scheme]}" for r in getattr(data, "ratings", [])]
    if entry.kind is READING:
        parts += [data.media_type, *data.authors, data.outlet or ""]
    if entry.kind is INITIATIVE:
        parts += [data.organisation or "", data.scope]
    if entry.kind is PRACTICE and data.number:
        parts.append(data.number)
    return " ".join(p for p in parts if p)


def documents(kb: KnowledgeBase) -> list[SearchDocument]:
    """One search document per entry page (no overviews, meetup aggregates or provenance pages)."""
    found = []
    for kind in SEARCHED_KINDS:
        for entry in kb.of_kind(kind):
            summary = getattr(entry.data, "summary", None) or ""
            found.append(SearchDocument(
                entry.id, urls.entry_url(entry), entry.kind.label, entry.title, summary,
                {"title": entry.title, "keywords": _keywords(kb, entry), "summary": summary,
                 "body": _body_text(entry.body)}))
    return found


def build_index(docs: Iterable[SearchDocument]) -> dict[str, Any]:
    """The serialised lunr index over analysed text (empty lunr pipelines: terms are stems already)."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for doc in docs:
        builder.add({"id": doc.id, **{name: " ".join(analyse(doc.fields[name])) for name, _ in FIELDS}})
    return dict(builder.build().serialize())


def search_data(kb: KnowledgeBase) -> str:
    """The one file the browser fetches on first search: index, result cards and the stop words, as JSON."""
    docs = documents(kb)
    payload = {
        "version": 1,
        "index": build_index(docs),
        "docs": {d.id: [d.url, d.kind, d.title, d.summary[:240]] for d in docs},
        "stopwords": sorted(stop_words()),
        "themes": [[t.title, urls.entry_url(t)] for t in kb.of_kind(KINDS[0])],
    }
    return script_json(payload, sort_keys=True)  # compact, ASCII: safe however it is served or embedded


# -- query rules, the same as in assets/search.js (the browser test runs the query set through both) --------

@dataclass(frozen=True)
class Found:
    refs: list[str]
    partial: bool  # no entry has every query word; these have some


def _clauses(word: str, fuzzy: bool) -> list[dict[str, Any]]:
    from lunr.query import Query

    term = stem(word)
    clauses: list[dict[str, Any]] = [{"term": term, "boost": 10}]
    guess = verb_guess(word)
    if guess and stem(guess) != term:
        clauses.append({"term": stem(guess), "boost": 8})
    clauses.append({"term": word, "boost": 3, "wildcard": Query.WILDCARD_TRAILING})
    if len(term) >= 5:
        clauses.append({"term": term, "boost": 2, "wildcard": Query.WILDCARD_LEADING})
    if fuzzy and len(word) >= 5:
        clauses.append({"term": term, "boost": 1, "edit_distance": 1})
    return clauses


def query_words(text: str) -> list[str]:
    found = words(text)
    kept = [w for w in found if w not in stop_words()]
    return kept or found  # a query of only stop words ('één') still searches them


def query(index: Any, text: str) -> Found:
    """Search a loaded lunr index (lunr.Index.load(...)) the way the search box does."""
    qwords = query_words(text)
    if not qwords:
        return Found([], False)

    def attempt(fuzzy: bool) -> Found:
        total: dict[str, float] = {}
        count: dict[str, int] = {}
        for word in qwords:
            q = index.create_query()
            for clause in _clauses(word, fuzzy):
                q.term(clause.pop("term"), use_pipeline=False, **clause)
            for result in index.query(q):
                total[result["ref"]] = total.get(result["ref"], 0) + result["score"]
                count[result["ref"]] = count.get(result["ref"], 0) + 1
        complete = [ref for ref in total if count[ref] == len(qwords)]
        chosen = complete or list(total)
        chosen.sort(key=lambda ref: (-count[ref], -total[ref], ref))
        return Found(chosen, not complete and bool(total))

    found = attempt(False)
    if len(found.refs) < 3:
        wider = attempt(True)
        if len(wider.refs) > len(found.refs):
            found = wider
    return found


ASSETS = ("search.js", "explore.js", "tooltips.js", "zelfscan.js", "vendor/lunr.min.js", "vendor/lunr.stemmer.support.min.js", "vendor/lunr.nl.min.js")
INDEX_PATH = "search/index.json"


def search_outputs(kb: KnowledgeBase) -> list[Output]:
    """The search index and the scripts of the search box, as files of the site."""
    package = resources.files("kennisbank.outputs").joinpath("assets")
    outputs = [Output(urls.asset(name), package.joinpath(name).read_bytes()) for name in ASSETS]
    outputs.append(Output(INDEX_PATH, search_data(kb)))
    return outputs
