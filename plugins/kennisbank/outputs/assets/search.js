/* Kennisbank search: the Dutch pipeline of search.py in the browser, the query rules, and the search box.
 *
 * Nothing of the index is fetched until someone uses the search box. Then lunr, its Dutch stemmer and
 * search/index.json (all from this site) are loaded once. The analyser below must stay equal to
 * analyse() in plugins/kennisbank/search.py; tests/test_search.py runs both over thousands of words. */
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

  // -- query rules -----------------------------------------------------------------------------
  // Per query word: its stem (and the stem of a guessed infinitive), the word as a prefix while typing,
  // and as the tail of a compound ('achterstanden' in 'taalachterstanden'). Entries with every word come
  // first; only when none has them all, entries with some. One-edit typos are tried when little is found.
  function wordClauses(analyser, word, fuzzy) {
    var clauses = [], stem = analyser.stem(word);
    clauses.push({ term: stem, boost: 10 });
    var guess = verbGuess(word);
    if (guess && analyser.stem(guess) !== stem) clauses.push({ term: analyser.stem(guess), boost: 8 });
    clauses.push({ term: word, boost: 3, wildcard: "trailing" });
    if (stem.length >= 5) clauses.push({ term: stem, boost: 2, wildcard: "leading" });
    if (fuzzy && word.length >= 5) clauses.push({ term: stem, boost: 1, editDistance: 1 });
    return clauses;
  }

  function runWord(lunr, index, clauses) {
    var scores = {};
    var results = index.query(function (q) {
      clauses.forEach(function (c) {
        var wildcard = c.wildcard === "trailing" ? lunr.Query.wildcard.TRAILING
          : c.wildcard === "leading" ? lunr.Query.wildcard.LEADING : lunr.Query.wildcard.NONE;
        var options = { boost: c.boost, wildcard: wildcard, usePipeline: false };
        // Only when asked for: lunr treats any editDistance (even 0) as fuzzy and then reads '*' literally.
        if (c.editDistance) options.editDistance = c.editDistance;
        q.term(c.term, options);
      });
    });
    results.forEach(function (r) { scores[r.ref] = r.score; });
    return scores;
  }

  function queryWords(analyser, query) {
    var all = words(query);
    var kept = all.filter(function (w) { return !analyser.stops.has(w); });
    return kept.length ? kept : all;  // a query of only stop words ('één') still searches them
  }

  function search(lunr, index, analyser, query) {
    var qwords = queryWords(analyser, query);
    if (!qwords.length) return { results: [], partial: false };
    function attempt(fuzzy) {
      var perWord = qwords.map(function (w) { return runWord(lunr, index, wordClauses(analyser, w, fuzzy)); });
      var total = {}, count = {};
      perWord.forEach(function (scores) {
        Object.keys(scores).forEach(function (ref) {
          total[ref] = (total[ref] || 0) + scores[ref];
          count[ref] = (count[ref] || 0) + 1;
        });
      });
      var refs = Object.keys(total);
      var complete = refs.filter(function (ref) { return count[ref] === qwords.length; });
      var partial = !complete.length;
      var chosen = partial ? refs : complete;
      chosen.sort(function (a, b) { return (count[b] - count[a]) || (total[b] - total[a]) || (a < b ? -1 : 1); });
      return { results: chosen, partial: partial && refs.length > 0 };
    }
    var found = attempt(false);
    if (found.results.length < 3) {
      var wider = attempt(true);
      if (wider.results.length > found.results.length) found = wider;
    }
    return found;
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

  var api = { fold: fold, words: words, makeAnalyser: makeAnalyser, verbGuess: verbGuess, search: search, wordClauses: wordClauses, runWord: runWord,
              suggestion: suggestion, editDistance: editDistance };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  root.kennisbankSearch = api;

  // -- the search box --------------------------------------------------------------------------
  var state = { loading: null, data: null, lunr: null, analyser: null, index: null, vocabulary: null };

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

  function load() {
    if (state.loading) return state.loading;
    var base = rootUrl() + "assets/kennisbank/";
    state.loading = loadScript(base + "vendor/lunr.min.js")
      .then(function () { return loadScript(base + "vendor/lunr.stemmer.support.min.js"); })
      .then(function () { return loadScript(base + "vendor/lunr.nl.min.js"); })
      .then(function () { return fetch(rootUrl() + "search/index.json"); })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        state.data = data;
        state.lunr = root.lunr;
        state.analyser = makeAnalyser(root.lunr, data.stopwords);
        state.index = root.lunr.Index.load(data.index);
        state.vocabulary = new Set();
        Object.keys(data.docs).forEach(function (id) {
          words(data.docs[id][2]).forEach(function (w) { if (w.length >= 4) state.vocabulary.add(w); });
        });
      });
    return state.loading;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function highlight(text, qwords) {
    // Escape first, then mark the words the query matched: same stem, the typed beginning, or a compound
    // that ends in the query word. Words are compared folded, like the index does.
    var escaped = escapeHtml(text);
    if (!qwords.length || !state.analyser) return escaped;
    var stems = new Set();
    qwords.forEach(function (w) {
      stems.add(state.analyser.stem(w));
      var guess = verbGuess(w);
      if (guess) stems.add(state.analyser.stem(guess));
    });
    return escaped.replace(/[\p{L}\p{N}]+/gu, function (word) {
      var folded = fold(word), stem = state.analyser.stem(folded);
      for (var i = 0; i < qwords.length; i++) {
        var q = qwords[i];
        if (stems.has(stem) || (q.length >= 3 && folded.indexOf(q) === 0) ||
            (q.length >= 5 && stem.length > q.length && stems.has(stem.slice(-state.analyser.stem(q).length)))) {
          return "<mark>" + word + "</mark>";
        }
      }
      return word;
    });
  }

  function setup(widget) {
    var dialog = widget.querySelector("dialog");
    var input = widget.querySelector("input");
    var list = widget.querySelector("[role=listbox]");
    var status = widget.querySelector("[role=status]");
    var help = widget.querySelector(".kb-search__help");
    var opener = widget.querySelector(".kb-search__open");
    var closer = widget.querySelector(".kb-search__close");
    var active = -1, timer = null;
    // "Nothing found" with its links sits after the listbox, not in it: a listbox holds options only.
    var empty = document.createElement("p");
    empty.className = "kb-search__empty";
    empty.hidden = true;
    list.parentNode.insertBefore(empty, list.nextSibling);

    function open() {
      // Reopened with a query still in the box: show its results again, so aria-expanded tells the truth.
      var again = !dialog.open && input.value.trim() !== "";
      if (!dialog.open) dialog.showModal();
      input.focus();
      load().then(function () { if (again) render(input.value); })
        .catch(function () { status.textContent = "Zoeken is nu niet beschikbaar. Probeer het later opnieuw."; });
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

    function render(query) {
      var data = state.data;
      list.textContent = "";
      empty.textContent = "";
      empty.hidden = true;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!query.trim()) { input.setAttribute("aria-expanded", "false"); status.textContent = ""; help.hidden = false; return; }
      help.hidden = true;
      var found = search(state.lunr, state.index, state.analyser, query);
      var qwords = queryWords(state.analyser, query);
      var shown = found.results.slice(0, 20);
      shown.forEach(function (ref, n) {
        var doc = data.docs[ref];
        var li = document.createElement("li");
        li.id = "kb-search-option-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "kb-search__result";
        // The option itself is what is chosen (Enter or a click): no link inside it, as an option may not
        // contain another interactive element.
        li.setAttribute("data-href", rootUrl() + doc[0]);
        li.innerHTML = "<span class=\"kb-search__kind\">" + escapeHtml(doc[1]) + "</span> " +
          "<strong class=\"kb-search__title\">" + highlight(doc[2], qwords) + "</strong>" +
          (doc[3] ? "<span class=\"kb-search__summary\">" + highlight(doc[3], qwords) + "</span>" : "");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { window.location.href = li.getAttribute("data-href"); });
        list.appendChild(li);
      });
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      if (!shown.length) {
        var hint = suggestion(state.vocabulary, query);
        empty.innerHTML = "Niets gevonden voor <strong>" + escapeHtml(query) + "</strong>." +
          (hint ? " Bedoelde je <button type=\"button\" class=\"kb-search__suggest\">" + escapeHtml(hint) + "</button>?" : "") +
          " Kijk bij de thema's: " + data.themes.map(function (t) {
            return "<a href=\"" + rootUrl() + t[1] + "\">" + escapeHtml(t[0]) + "</a>";
          }).join(", ") + ", of <a href=\"" + rootUrl() + "verkennen/\">verken alles met filters</a>.";
        empty.hidden = false;
        var button = empty.querySelector(".kb-search__suggest");
        if (button) button.addEventListener("click", function () { input.value = hint; render(hint); input.focus(); });
        status.textContent = "Geen resultaten." + (hint ? " Bedoelde je " + hint + "?" : "");
      } else {
        status.textContent = found.results.length + (found.results.length === 1 ? " resultaat" : " resultaten") +
          (found.partial ? ", met niet al je zoekwoorden" : "") + ". Gebruik de pijltjestoetsen om te kiezen.";
      }
    }

    opener.addEventListener("click", open);
    closer.addEventListener("click", close);
    dialog.addEventListener("click", function (e) { if (e.target === dialog) close(); });
    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        load().then(function () { render(input.value); }).catch(function () {
          status.textContent = "Zoeken is nu niet beschikbaar. Probeer het later opnieuw.";
        });
      }, 60);
    });
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

  // For the explore page: the same index and rules, loaded once for the whole page.
  api.load = function () {
    return load().then(function () {
      return { lunr: state.lunr, index: state.index, analyser: state.analyser, data: state.data };
    });
  };
  api.queryWords = function (query) { return state.analyser ? queryWords(state.analyser, query) : words(query); };

  function start() {
    document.querySelectorAll("[data-kb-search]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})(this);
