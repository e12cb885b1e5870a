/* Kennisbank search: the Dutch pipeline of search.py in the browser, the query rules, and the search box.
 *
 * Nothing of the index is fetched until someone uses the search box. Then lunr (for its Dutch stemmer) and
 * the manifest search/index.json are loaded once, and each query fetches the shards of the terms its words
 * stand for and the cards of the results it shows (all from this site; shards and cards are kept). The analyser
 * and query rules below must stay equal to analyse() and SearchIndex in plugins/kennisbank/outputs/search.py;
 * tests/test_search.py runs both over thousands of words and the Dutch query set. */
(function (root) {
  "use strict";

  // -- the Dutch pipeline ------------------------------------------------------------------------
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(text) {
    var folded = fold(text);
    var found = folded.match(/[a-z0-9]+/g) || [];
    var bracketed = /\(([a-z0-9]+)\)([a-z0-9]+)/g, m;
    while ((m = bracketed.exec(folded)) !== null) found.push(m[1] + m[2]);
    var hyphenated = folded.match(/[a-z0-9]+(?:-[a-z0-9]+)+/g) || [];
    for (var i = 0; i < hyphenated.length; i++) found.push(hyphenated[i].replace(/-/g, ""));
    return found;
  }

  function makeAnalyser(lunr, stopwords) {
    var stops = new Set(stopwords);
    function stem(word) { return lunr.nl.stemmer(new lunr.Token(word)).toString(); }
    function analyse(text) {
      return words(text).filter(function (w) { return !stops.has(w); }).map(stem);
    }
    return { stem: stem, analyse: analyse, stops: stops };
  }

  function verbGuess(word) {
    if (word.length < 4 || word.charAt(word.length - 1) !== "t" || "aeiou".indexOf(word.charAt(word.length - 2)) >= 0) return null;
    var root = word.slice(0, -1), voiced = { s: "z", f: "v" };
    var last = root.charAt(root.length - 1);
    if (root.length >= 3 && root.charAt(root.length - 3) === root.charAt(root.length - 2) && "aeou".indexOf(root.charAt(root.length - 3)) >= 0) {
      return root.slice(0, -2) + (voiced[last] || last) + "en";
    }
    if ((last === "f" || last === "s") && root.length >= 4 && "ijeu".indexOf(root.charAt(root.length - 2)) >= 0 && "ieu".indexOf(root.charAt(root.length - 3)) >= 0) {
      return root.slice(0, -1) + voiced[last] + "en";
    }
    return root + "en";
  }

  // -- query rules (the same as SearchIndex in search.py; the tests run the query set through both) ------------
  // Per query word: its stem (and the stem of a guessed infinitive), the word as a beginning while typing (from
  // prefixFrom letters on: 'vo' is the sector, not every word that starts with it), and the stem as the tail of
  // a compound ('achterstanden' in 'taalachterstanden'). Entries with every word come first; only when none has
  // them all, entries with some. One-edit typos are tried when little is found or a word found nothing as typed.
  function wordClauses(analyser, word, fuzzy, prefixFrom) {
    var stem = analyser.stem(word), clauses = [[stem, "exact", 10]];
    var guess = verbGuess(word);
    if (guess && analyser.stem(guess) !== stem) clauses.push([analyser.stem(guess), "exact", 8]);
    if (word.length >= prefixFrom) clauses.push([word, "prefix", 3]);
    if (stem.length >= 5) clauses.push([stem, "suffix", 2]);
    if (fuzzy && word.length >= 5) clauses.push([stem, "fuzzy", 1]);
    return clauses;
  }

  function withinOneEdit(a, b) {
    // At most one insertion, deletion, substitution or swap of neighbours apart: lunr's editDistance 1.
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < Math.min(a.length, b.length) && a.charAt(i) === b.charAt(i)) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a.slice(i + 2) === b.slice(i + 2) && a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i));
    }
    var longer = a.length > b.length ? a : b, shorter = a.length > b.length ? b : a;
    return longer.slice(i + 1) === shorter.slice(i);
  }

  function splitCostWords(found, costWords) {
    // Whether the words of a query ask what costs little (a phrase of costWords, longest first, matched at each
    // place), and the words that are not part of such a phrase.
    var phrases = costWords.map(function (p) { return p.split(" "); }), rest = [], matched = false, i = 0;
    phrases.sort(function (a, b) { return b.length - a.length; });
    while (i < found.length) {
      var phrase = null;
      for (var p = 0; p < phrases.length && !phrase; p++) {
        if (phrases[p].every(function (w, j) { return found[i + j] === w; })) phrase = phrases[p];
      }
      if (phrase) { matched = true; i += phrase.length; } else { rest.push(found[i]); i++; }
    }
    return { matched: matched, rest: rest };
  }

  function queryWords(analyser, query, costWords) {
    // Without stop words, and without the cost words when others remain ('goedkope feedback' searches
    // 'feedback'; the search box's first option takes care of 'goedkope').
    var all = words(query);
    var cost = splitCostWords(all, costWords);
    var rest = cost.rest.filter(function (w) { return !analyser.stops.has(w); });
    if (cost.matched && rest.length) return rest;
    var kept = all.filter(function (w) { return !analyser.stops.has(w); });
    return kept.length ? kept : all;  // a query of only stop words ('één') still searches them
  }

  // The split index: the manifest (every term, where each shard starts, the paths) is loaded once; shards and
  // result cards are fetched the first time a query needs them and kept. fetchJson(path) gives parsed JSON.
  function makeSearcher(lunr, manifest, fetchJson) {
    var analyser = makeAnalyser(lunr, manifest.stopwords);
    var terms = manifest.terms ? manifest.terms.split(" ") : [];
    var number = new Map();
    terms.forEach(function (t, i) { number.set(t, i); });
    var starts = manifest.shards, shards = new Map(), loading = new Map(), cardFiles = new Map(), titleWords = null;
    var fieldCount = 4;

    function lowerBound(x) {
      var lo = 0, hi = terms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < x) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function shardOf(term) {
      var n = number.get(term), lo = 0, hi = starts.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (starts[mid] <= n) lo = mid + 1; else hi = mid; }
      return lo - 1;
    }
    function expand(term, how) {
      if (how === "exact") return number.has(term) ? [term] : [];
      if (how === "prefix") {
        var found = terms.slice(lowerBound(term), lowerBound(term + "\uffff"));
        found.sort(function (a, b) { return (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0); });
        return found.slice(0, manifest.prefixTerms);
      }
      if (how === "suffix") return terms.filter(function (t) { return t.slice(-term.length) === term; });
      return terms.filter(function (t) { return Math.abs(t.length - term.length) <= 1 && withinOneEdit(t, term); });
    }
    function boostsOf(word, fuzzy) {
      var boosts = new Map();
      wordClauses(analyser, word, fuzzy, manifest.prefixFrom).forEach(function (c) {
        expand(c[0], c[1]).forEach(function (t) { boosts.set(t, (boosts.get(t) || 0) + c[2]); });
      });
      return boosts;
    }
    function path(kind, n) { return manifest.paths[kind].replace("{}", String(n)); }
    function wantedShards(allBoosts) {
      var wanted = new Set();
      allBoosts.forEach(function (boosts) { boosts.forEach(function (b, t) { wanted.add(shardOf(t)); }); });
      return wanted;
    }
    function fetches(query) {
      // Whether searching this query would fetch a shard that is neither here nor on its way (typos aside).
      var wanted = wantedShards(queryWords(analyser, query, manifest.costWords).map(function (w) { return boostsOf(w, false); }));
      return Array.from(wanted).some(function (n) { return !shards.has(n) && !loading.has(n); });
    }
    function loadShards(allBoosts) {
      var wanted = wantedShards(allBoosts);
      return Promise.all(Array.from(wanted).filter(function (n) { return !shards.has(n); }).map(function (n) {
        if (!loading.has(n)) {
          loading.set(n, fetchJson(path("shard", n)).then(function (shard) { shards.set(n, shard); },
            function (error) { loading.delete(n); throw error; }));
        }
        return loading.get(n);
      }));
    }
    function wordScores(boosts) {
      // lunr's score: per field the query vector's dot product with the document's field vector over the
      // query vector's length, summed over the fields.
      var length = 0, scores = new Map();
      boosts.forEach(function (b) { length += b * b; });
      length = Math.sqrt(length);
      for (var field = 0; field < fieldCount; field++) {
        var dots = new Map();
        boosts.forEach(function (boost, term) {
          var flat = shards.get(shardOf(term))[term][field], doc = 0;
          for (var i = 0; i < flat.length; i += 2) {
            doc += flat[i];
            dots.set(doc, (dots.get(doc) || 0) + boost * flat[i + 1] / 1000);
          }
        });
        dots.forEach(function (dot, doc) { scores.set(doc, (scores.get(doc) || 0) + dot / length); });
      }
      return scores;
    }
    function attempt(qwords, fuzzy) {
      var allBoosts = qwords.map(function (w) { return boostsOf(w, fuzzy); });
      return loadShards(allBoosts).then(function () {
        var total = new Map(), count = new Map();
        allBoosts.forEach(function (boosts) {
          wordScores(boosts).forEach(function (score, doc) {
            total.set(doc, (total.get(doc) || 0) + score);
            count.set(doc, (count.get(doc) || 0) + 1);
          });
        });
        var docs = Array.from(total.keys());
        var complete = docs.filter(function (doc) { return count.get(doc) === qwords.length; });
        var partial = !complete.length, chosen = partial ? docs : complete;
        chosen.sort(function (a, b) { return (count.get(b) - count.get(a)) || (total.get(b) - total.get(a)) || (a - b); });
        return { results: chosen, partial: partial && docs.length > 0, corrected: {} };
      });
    }
    function search(query, wanted) {
      // wanted(), if given, says whether the caller still wants this query's results: a box whose query has
      // changed in the meantime fetches no typo shards for it (what it fetched so far is kept for the next).
      var qwords = queryWords(analyser, query, manifest.costWords);
      if (!qwords.length) return Promise.resolve({ results: [], partial: false, corrected: {} });
      return attempt(qwords, false).then(function (found) {
        // Typos are tried when little is found, or when a word found nothing as typed ('feedbak geven'); the
        // wider results are taken when there are more, or when they hold every word where that word was missing.
        var missing = qwords.filter(function (w) { return boostsOf(w, false).size === 0; });
        if ((found.results.length >= 3 && !missing.length) || (wanted && !wanted())) return found;
        return attempt(qwords, true).then(function (wider) {
          if (!(wider.results.length > found.results.length || (missing.length && wider.results.length && !wider.partial))) return found;
          missing.forEach(function (w) {
            var terms = Array.from(boostsOf(w, true).keys()).sort();
            if (terms.length) wider.corrected[w] = terms;
          });
          return wider;
        });
      });
    }
    function correctedText(qwords, corrected, shown) {
      // The query as it was searched after a typo's correction ("Resultaten voor …"): each corrected word as the
      // first word, in the shown cards' titles and summaries, whose stem is a term it was corrected to; failing
      // that, the term.
      return qwords.map(function (w) {
        var terms = corrected[w];
        if (!terms) return w;
        for (var c = 0; c < shown.length; c++) {
          var found = words(shown[c][2] + " " + shown[c][3]);
          for (var i = 0; i < found.length; i++) if (terms.indexOf(analyser.stem(found[i])) >= 0) return found[i];
        }
        return terms[0];
      }).join(" ");
    }
    function shortcut(query) {
      // For a query that asks what costs little: the explore page with the practice cards, lowest cost first,
      // searching the query's other words; else null. Site-relative.
      var cost = splitCostWords(words(query), manifest.costWords);
      if (!cost.matched) return null;
      var rest = cost.rest.filter(function (w) { return !analyser.stops.has(w); });
      return rest.length ? manifest.paths.cheapestWith.replace("{}", rest.join("%20")) : manifest.paths.cheapest;
    }
    function cards(docs) {
      // The cards of these documents ([address, kind, title, summary] and, for a rated practice card, its
      // figures in a few words), from the few files that hold them.
      var per = manifest.cardsPer;
      return Promise.all(docs.map(function (doc) {
        var n = Math.floor(doc / per);
        if (!cardFiles.has(n)) {
          cardFiles.set(n, fetchJson(path("cards", n)).catch(function (error) { cardFiles.delete(n); throw error; }));
        }
        return cardFiles.get(n).then(function (file) { return file[doc - n * per]; });
      }));
    }
    function vocabulary() {
      if (!titleWords) {
        titleWords = fetchJson(manifest.paths.words).then(function (list) { return new Set(list); },
          function (error) { titleWords = null; throw error; });
      }
      return titleWords;
    }
    return { analyser: analyser, search: search, fetches: fetches, cards: cards, correctedText: correctedText, shortcut: shortcut,
             vocabulary: vocabulary, count: manifest.count, themes: manifest.themes, explore: manifest.paths.explore,
             cheapest: manifest.paths.cheapest,
             queryWords: function (q) { return queryWords(analyser, q, manifest.costWords); } };
  }

  function editDistance(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  function suggestion(vocabulary, query) {
    var qwords = words(query), changed = false;
    var better = qwords.map(function (w) {
      if (vocabulary.has(w) || w.length < 4) return w;
      var best = null, bestDistance = 3;
      vocabulary.forEach(function (candidate) {
        if (Math.abs(candidate.length - w.length) > 2) return;
        var d = editDistance(w, candidate);
        if (d < bestDistance) { best = candidate; bestDistance = d; }
      });
      if (best) { changed = true; return best; }
      return w;
    });
    return changed ? better.join(" ") : null;
  }

  var api = { fold: fold, words: words, makeAnalyser: makeAnalyser, verbGuess: verbGuess, wordClauses: wordClauses,
              withinOneEdit: withinOneEdit, makeSearcher: makeSearcher, suggestion: suggestion, editDistance: editDistance };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  root.kennisbankSearch = api;

  // -- the search box --------------------------------------------------------------------------
  var state = { loading: null, searcher: null };
  var FIRST_CARDS = 6;  // results shown before the cards of the rest of the 20 have come

  function rootUrl() {
    var holder = document.querySelector("[data-kb-root]");
    var base = holder ? holder.getAttribute("data-kb-root") : ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI).href;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src; s.async = false; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function fetchJson(path) {
    return fetch(rootUrl() + path).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function load() {
    if (state.loading) return state.loading;
    var base = rootUrl() + "assets/kennisbank/";
    // The three scripts are requested at once and run in order (async = false); the manifest comes alongside.
    var scripts = ["vendor/lunr.min.js", "vendor/lunr.stemmer.support.min.js", "vendor/lunr.nl.min.js"]
      .map(function (name) { return loadScript(base + name); });
    state.loading = Promise.all(scripts.concat([fetchJson("search/index.json")]))
      .then(function (got) { state.searcher = makeSearcher(root.lunr, got[3], fetchJson); return state.searcher; });
    state.loading.catch(function () { state.loading = null; });  // a failed load may be tried again
    return state.loading;
  }

  function highlighted(text, qwords) {
    // Text nodes with <mark> around the words the query matched: same stem, the typed beginning, or a compound
    // that ends in the query word. Words are compared folded, like the index does. Content only ever lands
    // in text nodes, never in markup.
    var out = document.createDocumentFragment(), analyser = state.searcher.analyser;
    var stems = new Set();
    qwords.forEach(function (w) {
      stems.add(analyser.stem(w));
      var guess = verbGuess(w);
      if (guess) stems.add(analyser.stem(guess));
    });
    var pattern = /[\p{L}\p{N}]+/gu, at = 0, m;
    while ((m = pattern.exec(text)) !== null) {
      var word = m[0], folded = fold(word), stem = analyser.stem(folded), hit = false;
      for (var i = 0; i < qwords.length && !hit; i++) {
        var q = qwords[i];
        hit = stems.has(stem) || (q.length >= 3 && folded.indexOf(q) === 0) ||
          (q.length >= 5 && stem.length > q.length && stems.has(stem.slice(-analyser.stem(q).length)));
      }
      if (!hit) continue;
      if (m.index > at) out.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      out.appendChild(mark);
      at = m.index + word.length;
    }
    if (at < text.length) out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  function element(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (typeof content === "string") el.textContent = content; else if (content) el.appendChild(content);
    return el;
  }

  function setup(widget) {
    var dialog = widget.querySelector("dialog");
    var input = widget.querySelector("input");
    var list = widget.querySelector("[role=listbox]");
    var status = widget.querySelector("[role=status]");
    var help = widget.querySelector(".kb-search__help");
    var opener = widget.querySelector(".kb-search__open");
    var closer = widget.querySelector(".kb-search__close");
    var active = -1, asked = 0, marked = [], searching = null;
    // "Nothing found" with its links sits after the listbox, not in it: a listbox holds options only.
    var empty = document.createElement("p");
    empty.className = "kb-search__empty";
    empty.hidden = true;
    list.parentNode.insertBefore(empty, list.nextSibling);

    function unavailable() { status.textContent = "Zoeken is nu niet beschikbaar. Probeer het later opnieuw."; }

    function open() {
      // Reopened with a query still in the box: show its results again, so aria-expanded tells the truth.
      var again = !dialog.open && input.value.trim() !== "";
      var loading = load();  // requested before the dialog's layout, which takes long on a large page
      if (!dialog.open) dialog.showModal();
      input.focus();
      loading.then(function () { if (again) run(input.value); }).catch(unavailable);
    }
    function close() { if (dialog.open) dialog.close(); opener.focus(); }
    // However the dialog closes (our Escape, the close button, the browser's own Escape), the combobox's popup
    // is gone with it: ARIA 1.2 wants aria-expanded false and no active option then.
    dialog.addEventListener("close", function () {
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    });

    function options() { return list.querySelectorAll("[role=option]"); }
    function select(i) {
      var items = options();
      if (!items.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (i + items.length) % items.length;
      items.forEach(function (el, n) { el.setAttribute("aria-selected", n === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function run(query) {
      // Searches (fetching what the words need) and renders, unless a later query was asked in the meantime.
      // Every key searches at once, without a debounce, but a key whose words need shards that are not on their
      // way yet waits while an earlier search fetches its own; then only the last of the keys that waited
      // searches. So a word typed fast fetches the shards of a beginning or two on the way ('voo' stands for
      // 'voorlezen' too), not of every beginning, and what its last key needs is often there by then. A query
      // replaced by a later one fetches nothing more once what it waits for has come: no typo shards, no cards.
      var ticket = ++asked;
      if (!query.trim()) { render(query, null, [], null); return Promise.resolve(); }
      function current() { return ticket === asked; }
      return load().then(function (searcher) {
        if (ticket !== asked || !searching || !searcher.fetches(query)) return searcher;
        return searching.then(function () { return searcher; });
      }).then(function (searcher) {
        if (ticket !== asked) return null;
        var searched = searcher.search(query, current), mine = searched.then(function () {}, function () {});
        searching = mine;
        mine.then(function () { if (searching === mine) searching = null; });
        return searched.then(function (found) {
          if (ticket !== asked) return null;
          // The first few cards are shown as soon as they are there, the rest of the 20 follow: each card may
          // come from a file of its own.
          var first = found.results.slice(0, FIRST_CARDS), more = found.results.slice(FIRST_CARDS, 20);
          return Promise.all([searcher.cards(first), first.length ? null : searcher.vocabulary().catch(function () { return null; })])
            .then(function (got) {
              if (ticket !== asked) return null;
              render(query, found, got[0], got[1]);
              if (!more.length) return null;
              return searcher.cards(more).then(function (cards) { if (ticket === asked) append(cards, first.length, marked); });
            });
        });
      }).catch(function () { if (ticket === asked) unavailable(); });
    }

    function qwordsOf(query) { return state.searcher.queryWords(query); }

    function append(cards, from, qwords) {
      // One option per card, numbered on from the options already shown.
      cards.forEach(function (card, i) {
        var li = document.createElement("li");
        li.id = "kb-search-option-" + (from + i);
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "kb-search__result";
        // The option itself is what is chosen (Enter or a click): no link inside it, as an option may not
        // contain another interactive element.
        li.setAttribute("data-href", rootUrl() + card[0]);
        li.appendChild(element("span", "kb-search__kind", card[1]));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(element("strong", "kb-search__title", highlighted(card[2], qwords)));
        if (card[3]) li.appendChild(element("span", "kb-search__summary", highlighted(card[3], qwords)));
        // A practice card's toolkit figures in a few words ("EEF: +6 maanden, …"), as the card lists word them.
        if (card[4]) li.appendChild(element("span", "kb-search__badge", card[4]));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { window.location.href = li.getAttribute("data-href"); });
        list.appendChild(li);
      });
    }

    function render(query, found, cards, vocabulary) {
      list.textContent = "";
      empty.textContent = "";
      empty.hidden = true;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!found) { input.setAttribute("aria-expanded", "false"); status.textContent = ""; help.hidden = false; return; }
      help.hidden = true;
      var searcher = state.searcher, qwords = qwordsOf(query), said = null;
      marked = qwords;
      if (cards.length && Object.keys(found.corrected).length) {
        said = searcher.correctedText(qwords, found.corrected, cards);
        marked = qwords.concat(said.split(" "));
      }
      // Words that ask what costs little: first, the practice cards on the explore page, lowest cost first.
      var cheapest = searcher.shortcut(query);
      if (cheapest) {
        // With other words the option searches those ('goedkope feedback' → 'feedback'), which the query words
        // are then; named as corrected when a typo was ('goedkope feedbak': the explore page corrects it alike).
        var about = cheapest !== searcher.cheapest ? " over \u2018" + (said || qwords.join(" ")) + "\u2019" : "";
        var li = element("li", "kb-search__result kb-search__shortcut",
          "Laagste kosten eerst: de praktijkkaarten" + about + " in Verkennen, gesorteerd op kosten");
        li.id = "kb-search-option-kosten";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-href", rootUrl() + cheapest);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { window.location.href = li.getAttribute("data-href"); });
        list.appendChild(li);
      }
      append(cards, 0, marked);
      input.setAttribute("aria-expanded", cards.length || cheapest ? "true" : "false");
      if (!cards.length) {
        var hint = vocabulary ? suggestion(vocabulary, query) : null;
        empty.appendChild(document.createTextNode("Niets gevonden voor "));
        empty.appendChild(element("strong", null, query));
        empty.appendChild(document.createTextNode("."));
        if (hint) {
          var button = element("button", "kb-search__suggest", hint);
          button.type = "button";
          button.addEventListener("click", function () { input.value = hint; run(hint); input.focus(); });
          empty.appendChild(document.createTextNode(" Bedoelde je "));
          empty.appendChild(button);
          empty.appendChild(document.createTextNode("?"));
        }
        empty.appendChild(document.createTextNode(" Kijk bij de thema's: "));
        searcher.themes.forEach(function (theme, n) {
          if (n) empty.appendChild(document.createTextNode(", "));
          var link = element("a", null, theme[0]);
          link.href = rootUrl() + theme[1];
          empty.appendChild(link);
        });
        empty.appendChild(document.createTextNode(", of "));
        var explore = element("a", null, "verken alles met filters");
        explore.href = rootUrl() + searcher.explore;
        empty.appendChild(explore);
        empty.appendChild(document.createTextNode("."));
        empty.hidden = false;
        status.textContent = "Geen resultaten." + (hint ? " Bedoelde je " + hint + "?" : "") +
          (cheapest ? " Eerste keuze: de praktijkkaarten op kosten." : "");
      } else {
        // After a typo's correction the status, above the results, starts with what was searched instead.
        status.textContent = "";
        if (said) {
          status.appendChild(document.createTextNode("Resultaten voor "));
          status.appendChild(element("strong", "kb-search__corrected", said));
          status.appendChild(document.createTextNode(". "));
        }
        status.appendChild(document.createTextNode(found.results.length + (found.results.length === 1 ? " resultaat" : " resultaten") +
          (found.partial ? ", met niet al je zoekwoorden" : "") + ". Gebruik de pijltjestoetsen om te kiezen."));
      }
    }

    opener.addEventListener("click", open);
    closer.addEventListener("click", close);
    dialog.addEventListener("click", function (e) { if (e.target === dialog) close(); });
    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("input", function () { run(input.value); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
      else if (e.key === "Enter") {
        e.preventDefault();
        var items = options();
        var chosen = items[active >= 0 ? active : 0];
        if (chosen) window.location.href = chosen.getAttribute("data-href");
      } else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    widget.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
    document.addEventListener("keydown", function (e) {
      var typing = /^(input|textarea|select)$/i.test((e.target && e.target.tagName) || "") || (e.target && e.target.isContentEditable);
      if (!typing && (e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); open(); }
    });
  }

  // For the explore page and the benchmark: the same index and rules, loaded once for the whole page.
  // find(query) gives document numbers, best first; a document's number is its place among the ids in order.
  api.load = load;
  api.find = function (query) { return load().then(function (searcher) { return searcher.search(query); }); };
  api.queryWords = function (query) { return state.searcher ? state.searcher.queryWords(query) : words(query); };

  function start() {
    document.querySelectorAll("[data-kb-search]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})(this);
