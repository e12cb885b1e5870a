"""KnowledgeBase → the split search index, with one Dutch pipeline, the same at build time (here) and in the browser.

The pipeline, mirrored line by line in assets/search.js (a test runs both over thousands of Dutch words):
fold (lower case, accents off) → words (letters and digits; '(voor)lezen' also as 'voorlezen') → stop words
(data/stopwoorden.txt) → Snowball 'dutch_porter' stemmer, which is the algorithm of lunr-languages' Dutch
stemmer. lunr's builder scores every stem per field (BM25 with the field boosts); the scores are then split by
term into shards of consecutive terms, with the result cards in small files of their own, so a search fetches
the manifest (every term, where its shard starts), the shards of the terms its words stand for and the cards
of the results shown: a few small files, whatever the size of the site. SearchIndex below is the reference
of the query rules that search.js runs in the browser.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from importlib import resources
from typing import Any

import snowballstemmer

from kennisbank.core import queries, reads
from kennisbank.core.folding import strip_accents
from kennisbank.core.knowledge import Entry, KnowledgeBase
from kennisbank.core.models import DOCUMENT, INITIATIVE, KINDS, PRACTICE, READING, SCAN, TERM
from kennisbank.core.models.common import SECTOR_LABELS
from kennisbank.core.models.rating import SCHEME_LABELS

from . import urls
from .escape import script_json
from .output import Output
from .text import rating_summary

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
    badge: str = ""  # a practice card's toolkit figures in a few words (text.rating_summary), '' for others


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


def documents(kb: KnowledgeBase, kept: reads.Keeper = reads.compute_now) -> list[SearchDocument]:
    """One search document per entry page (no overviews, meetup aggregates or provenance pages), in the order of
    their ids: a document's number is its place in that order, so equal scores rank by id, and the explore page
    finds its entries by number the same way (explore.js). `kept` may hand back a document from the last build."""
    return [kept(("zoeken", entry.id), partial(_document, kb, entry))
            for entry in sorted((e for kind in SEARCHED_KINDS for e in kb.of_kind(kind)), key=lambda e: e.id)]


def _document(kb: KnowledgeBase, entry: Entry[Any]) -> SearchDocument:
    summary = getattr(entry.data, "summary", None) or ""
    return SearchDocument(
        entry.id, urls.entry_url(entry), entry.kind.label, entry.title, summary,
        {"title": entry.title, "keywords": _keywords(kb, entry), "summary": summary, "body": _body_text(entry.body)},
        rating_summary(getattr(entry.data, "ratings", [])) if entry.kind is PRACTICE else "")


@lru_cache(maxsize=100_000)
def _frequencies(text: str) -> tuple[dict[str, int], int]:
    """How often each index term occurs in a field's text, and how many terms it has. Kept per text, so a
    rebuild after an edit analyses only the fields that changed."""
    counts: dict[str, int] = {}
    terms = analyse(text)
    for term in terms:
        counts[term] = counts.get(term, 0) + 1
    return counts, len(terms)


K1, B = 1.2, 0.75
"""lunr's BM25 parameters (its Builder's defaults), with which its search in the browser would score too."""


def _postings(docs: list[SearchDocument]) -> dict[str, list[list[int]]]:
    """Term → per field (in FIELDS order) the flat list [doc gap, score × 1000, …]: lunr's BM25 scores, computed
    as its Builder computes them (same parameters, boosts, document frequency over fields and rounding; a test
    compares the two), so each term can live in its own shard. Doc numbers are positions in `docs`, written as
    gaps from the previous one so the lists compress well."""
    fields = [[_frequencies(doc.fields[name]) for name, _ in FIELDS] for doc in docs]
    # lunr counts a document once per field that holds the term, and averages each field's length over all docs
    with_term: dict[str, int] = {}
    totals = [0] * len(FIELDS)
    for per_field in fields:
        for f, (counts, length) in enumerate(per_field):
            totals[f] += length
            for term in counts:
                with_term[term] = with_term.get(term, 0) + 1
    count = len(docs)
    average = [total / count if count else 0.0 for total in totals]
    idf = {term: math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for term, n in with_term.items()}
    found: dict[str, list[list[int]]] = {term: [[] for _ in FIELDS] for term in with_term}
    previous: dict[tuple[str, int], int] = {}
    for number, per_field in enumerate(fields):  # in doc order, so each list is sorted and gaps are simple
        for f, (counts, length) in enumerate(per_field):
            boost = FIELDS[f][1]
            norm = K1 * (1 - B + B * (length / average[f]))
            for term, tf in counts.items():
                score = round(idf[term] * ((K1 + 1) * tf) / (norm + tf) * boost, 3)
                key = (term, f)
                found[term][f] += [number - previous.get(key, 0), round(score * 1000)]
                previous[key] = number
    return found


SHARD_BYTES = 12_000
"""Roughly the most bytes of JSON one shard of postings holds before the next term starts a new one (a single
common term may hold more on its own): a first search fetches a few of these, whatever the size of the site."""
CARDS_PER_FILE = 8
"""Result cards per file: the 20 results shown come from at most 20 small files, never from one large one."""
PREFIX_TERMS = 64
"""At most this many index terms (shortest first) stand in for a typed beginning such as 'voo': a few letters
must not pull in every shard that starts with them."""
PREFIX_FROM = 3
"""A typed word is taken as the beginning of longer terms from this many letters on: 'vo' finds the sector
'vo' exactly, not every term that starts with it ('voorlezen', 'voorlees')."""
COST_WORDS = ("goedkoop", "goedkope", "goedkoper", "goedkopere", "goedkoopst", "goedkoopste", "betaalbaar",
              "betaalbare", "weinig geld", "weinig kosten", "lage kosten", "lagere kosten", "laag budget",
              "klein budget", "weinig budget", "zonder geld", "kost weinig", "kosten weinig", "niet duur",
              "gratis", "kosteloos", "kosteloze", "kostenarm", "kostenarme", "voordelig", "voordelige", "kosten")
"""Folded words and phrases of a query that ask what costs little: the search box then first offers the explore
page with the practice cards, lowest cost first (with the query's other words)."""


def _shards(postings: dict[str, list[list[int]]]) -> tuple[list[str], list[int], list[dict[str, Any]]]:
    """Sorted terms, where each shard starts in them, and the shards: consecutive terms up to SHARD_BYTES."""
    terms = sorted(postings)
    starts: list[int] = []
    shards: list[dict[str, Any]] = []
    size = SHARD_BYTES
    for i, term in enumerate(terms):
        # The bytes of its numbers and their commas; str() of a list of ints adds one ", " per number.
        cost = len(term) + sum(len(str(field)) - len(field) for field in postings[term] if field) + 12
        if size + cost > SHARD_BYTES and (not shards or shards[-1]):
            starts.append(i)
            shards.append({})
            size = 0
        shards[-1][term] = postings[term]
        size += cost
    return terms, starts, shards


def search_files(kb: KnowledgeBase, kept: reads.Keeper = reads.compute_now) -> dict[str, str]:
    """Every file of the search, by site path: the manifest (search/index.json: stop words, themes, every index
    term and where its shard starts), the shards of postings, the result cards and the title words for
    'bedoelde je …?'. All JSON from content goes through script_json: compact, ASCII, safe in any context."""
    docs = documents(kb, kept)
    terms, starts, shards = _shards(_postings(docs))
    manifest = {
        "version": 2,
        "stopwords": sorted(stop_words()),
        "themes": [[t.title, urls.entry_url(t)] for t in kb.of_kind(KINDS[0])],
        "terms": " ".join(terms),
        "shards": starts,
        "count": len(docs),
        "cardsPer": CARDS_PER_FILE,
        "prefixTerms": PREFIX_TERMS,
        "prefixFrom": PREFIX_FROM,
        "costWords": list(COST_WORDS),
        "paths": {"shard": urls.search_shard("{}"), "cards": urls.search_cards("{}"), "words": urls.SEARCH_WORDS,
                  "explore": urls.page_url(urls.EXPLORE), "cheapest": urls.explore_cheapest(),
                  "cheapestWith": f"{urls.explore_cheapest()}&{urls.EXPLORE_QUERY}={{}}"},
    }
    files = {urls.SEARCH_INDEX: script_json(manifest, sort_keys=True)}
    for n, shard in enumerate(shards):
        files[urls.search_shard(str(n))] = script_json(shard, sort_keys=True)
    for n in range(0, len(docs), CARDS_PER_FILE):
        # A practice card's figures ride along as a fifth item; other cards stay at four.
        cards = [[d.url, d.kind, d.title, d.summary[:240], *([d.badge] if d.badge else [])]
                 for d in docs[n:n + CARDS_PER_FILE]]
        files[urls.search_cards(str(n // CARDS_PER_FILE))] = script_json(cards)
    title_words = sorted({w for d in docs for w in words(d.title) if len(w) >= 4})
    files[urls.SEARCH_WORDS] = script_json(title_words)
    return files


# -- query rules, the same as in assets/search.js (the tests run the query set through both) ------------------

@dataclass(frozen=True)
class Found:
    refs: list[int]  # document numbers, best first
    partial: bool  # no entry has every query word; these have some
    # Query word → the index terms one edit away that stood in for it, for each word that found nothing as typed
    # when one-edit typos were used: the search box says "Resultaten voor …" then (corrected_text).
    corrected: dict[str, list[str]] = dataclasses.field(default_factory=dict)


def within_one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours apart: lunr's editDistance 1."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


class Vocabulary:
    """The sorted index terms of the manifest, and the terms a clause stands for."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.terms: list[str] = manifest["terms"].split(" ") if manifest["terms"] else []
        self.number = {term: i for i, term in enumerate(self.terms)}
        self.starts: list[int] = manifest["shards"]
        self.prefix_terms: int = manifest["prefixTerms"]

    def shard_of(self, term: str) -> int:
        return bisect.bisect_right(self.starts, self.number[term]) - 1

    def expand(self, term: str, how: str) -> list[str]:
        if how == "exact":
            return [term] if term in self.number else []
        if how == "prefix":
            first = bisect.bisect_left(self.terms, term)
            last = bisect.bisect_left(self.terms, term + "\uffff")
            return sorted(self.terms[first:last], key=lambda t: (len(t), t))[:self.prefix_terms]
        if how == "suffix":
            return [t for t in self.terms if t.endswith(term)]
        return [t for t in self.terms if abs(len(t) - len(term)) <= 1 and within_one_edit(t, term)]  # fuzzy


def clauses(word: str, fuzzy: bool) -> list[tuple[str, str, int]]:
    """Per query word: its stem (and the stem of a guessed infinitive), the word as a beginning while typing
    (from PREFIX_FROM letters), the stem as the tail of a compound ('achterstanden' in 'taalachterstanden'), and
    one-edit typos when asked: (term, how it matches, boost)."""
    term = stem(word)
    found = [(term, "exact", 10)]
    guess = verb_guess(word)
    if guess and stem(guess) != term:
        found.append((stem(guess), "exact", 8))
    if len(word) >= PREFIX_FROM:
        found.append((word, "prefix", 3))
    if len(term) >= 5:
        found.append((term, "suffix", 2))
    if fuzzy and len(word) >= 5:
        found.append((term, "fuzzy", 1))
    return found


def split_cost_words(found: list[str], cost_words: Sequence[str]) -> tuple[bool, list[str]]:
    """Whether the words of a query ask what costs little (a phrase of `cost_words`, longest first, matched at
    each place), and the words that are not part of such a phrase."""
    phrases = sorted((p.split(" ") for p in cost_words), key=lambda p: -len(p))
    rest: list[str] = []
    matched = False
    i = 0
    while i < len(found):
        phrase = next((p for p in phrases if found[i:i + len(p)] == p), None)
        if phrase:
            matched, i = True, i + len(phrase)
        else:
            rest.append(found[i])
            i += 1
    return matched, rest


def query_words(text: str, cost_words: Sequence[str] = COST_WORDS) -> list[str]:
    """The words a query searches: without stop words, and without its cost words when others remain
    ('goedkope feedback' searches 'feedback'; the search box's first option takes care of 'goedkope')."""
    found = words(text)
    asked, rest = split_cost_words(found, cost_words)
    rest = [w for w in rest if w not in stop_words()]
    if asked and rest:
        return rest
    kept = [w for w in found if w not in stop_words()]
    return kept or found  # a query of only stop words ('één') still searches them


class SearchIndex:
    """The split index read back through `read(path) -> parsed JSON`, searched the way the search box does:
    per word lunr's scoring (the sum over fields of the query vector's dot product with the document's field
    vector, over the query vector's length), then entries with every word first, and typos when little is found."""

    def __init__(self, read: Callable[[str], Any]) -> None:
        self.read = read
        self.manifest = read(urls.SEARCH_INDEX)
        self.vocabulary = Vocabulary(self.manifest)
        self.shards: dict[int, dict[str, list[list[int]]]] = {}

    def postings(self, term: str) -> list[list[int]]:
        n = self.vocabulary.shard_of(term)
        if n not in self.shards:
            self.shards[n] = self.read(self.manifest["paths"]["shard"].replace("{}", str(n)))
        return self.shards[n][term]

    def boosts(self, word: str, fuzzy: bool) -> dict[str, float]:
        """The index terms a query word stands for, with their boosts."""
        boosts: dict[str, float] = {}
        for term, how, clause_boost in clauses(word, fuzzy):
            for expanded in self.vocabulary.expand(term, how):
                boosts[expanded] = boosts.get(expanded, 0) + clause_boost
        return boosts

    def word_scores(self, word: str, fuzzy: bool) -> dict[int, float]:
        boosts = self.boosts(word, fuzzy)
        length = math.sqrt(sum(b * b for b in boosts.values()))
        scores: dict[int, float] = {}
        for field in range(len(FIELDS)):
            dots: dict[int, float] = {}
            for term, boost in boosts.items():
                flat, doc = self.postings(term)[field], 0
                for i in range(0, len(flat), 2):
                    doc += flat[i]
                    dots[doc] = dots.get(doc, 0) + boost * flat[i + 1] / 1000
            for doc, dot in dots.items():
                scores[doc] = scores.get(doc, 0) + dot / length
        return scores

    def query(self, text: str) -> Found:
        qwords = query_words(text, self.manifest["costWords"])
        if not qwords:
            return Found([], False)

        def attempt(fuzzy: bool) -> Found:
            total: dict[int, float] = {}
            count: dict[int, int] = {}
            for word in qwords:
                for doc, score in self.word_scores(word, fuzzy).items():
                    total[doc] = total.get(doc, 0) + score
                    count[doc] = count.get(doc, 0) + 1
            complete = [doc for doc in total if count[doc] == len(qwords)]
            chosen = complete or list(total)
            chosen.sort(key=lambda doc: (-count[doc], -total[doc], doc))
            return Found(chosen, not complete and bool(total))

        found = attempt(False)
        # Typos are tried when little is found, or when a word found nothing as typed ('feedbak geven'); the
        # wider results are taken when there are more, or when they hold every word where that word was missing.
        missing = [word for word in qwords if not self.boosts(word, False)]
        if len(found.refs) < 3 or missing:
            wider = attempt(True)
            if len(wider.refs) > len(found.refs) or (missing and wider.refs and not wider.partial):
                corrected = {word: sorted(terms) for word in missing if (terms := self.boosts(word, True))}
                found = Found(wider.refs, wider.partial, corrected)
        return found

    def shortcut(self, text: str) -> str | None:
        """For a query that asks what costs little ('goedkope taalaanpak', 'weinig geld'): the explore page with
        the practice cards, lowest cost first, searching the query's other words; else None. Site-relative."""
        matched, rest = split_cost_words(words(text), self.manifest["costWords"])
        if not matched:
            return None
        rest = [w for w in rest if w not in self.manifest["stopwords"]]
        paths = self.manifest["paths"]
        return paths["cheapestWith"].replace("{}", "%20".join(rest)) if rest else paths["cheapest"]

    @staticmethod
    def corrected_text(qwords: list[str], corrected: dict[str, list[str]], cards: list[list[str]]) -> str:
        """The query as it was searched after a typo's correction ("Resultaten voor …"): each corrected word as
        the first word, in the shown cards' titles and summaries, whose stem is a term it was corrected to (a
        word a reader knows, where the term may be a bare stem like 'zomerschol'); failing that, the term."""
        shown = []
        for word in qwords:
            terms = corrected.get(word)
            if terms is None:
                shown.append(word)
                continue
            seen = (w for card in cards for w in words(card[2] + " " + card[3]) if stem(w) in terms)
            shown.append(next(seen, terms[0]))
        return " ".join(shown)

    def card(self, doc: int) -> list[str]:
        per = self.manifest["cardsPer"]
        return list(self.read(self.manifest["paths"]["cards"].replace("{}", str(doc // per)))[doc % per])


ASSETS = ("search.js", "explore.js", "tooltips.js", "tables.js", "zelfscan.js", "vendor/lunr.min.js",
          "vendor/lunr.stemmer.support.min.js", "vendor/lunr.nl.min.js")


def search_outputs(kb: KnowledgeBase, kept: reads.Keeper = reads.compute_now) -> list[Output]:
    """The split search index and the scripts of the search box, as files of the site (`kept`: see documents)."""
    package = resources.files("kennisbank.outputs").joinpath("assets")
    outputs = [Output(urls.asset(name), package.joinpath(name).read_bytes()) for name in ASSETS]
    outputs += [Output(path, text) for path, text in search_files(kb, kept).items()]
    return outputs
