/* Kennisbank explore page ("Verkennen"): faceted filters, sorting and free text over search/explore.json.
 *
 * templates/explore.md.j2 ships a form and static lists; the stylesheet shows the form when this script will run
 * (html.kb-js, set in the page head) and the lists otherwise, so readers without JavaScript keep the lists and
 * nothing swaps after the first paint. If the data cannot be loaded, the script gives the lists back. The URL
 * holds the whole state (?thema=…&q=…&sorteer=…): a link can be shared, and the back button steps through
 * earlier selections. Titles and summaries are contributor input, so every text from the data enters the page
 * through textContent, never as markup.
 *
 * Only the explore page loads the script (its front matter asks for it); it does nothing without #kb-explore. */
(function () {
  "use strict";

  // -- settings of this page ----------------------------------------------------------------------------
  // The vocabulary of the facets (kinds, sectors, age groups, scopes, the wording of figures, each in its order) is not
  // here: explore.json carries it under "labels", from its one home in Python (outputs/explore.py).
  var SORTS = ["relevance", "impact", "strength", "cost", "title", "newest"];  // the options of the template
  var PAGE_SIZE = 50;       // results drawn at a time: a long list stays quick on a phone
  var GEMEENTE_TOP = 6;     // gemeenten shown while no provincie is chosen: the full list would be hundreds
  var LONG_FACET = 7;       // a facet with more options than this shows SHORT_FACET of them until asked for all,
  var SHORT_FACET = 5;      // so the filters do not push the results far down the page
  var TYPING_DELAY = 150;   // ms of quiet before the text box filters, so each key press does not redraw
  var SORT_STEP = 1000;     // entries put in title order per task while the page loads (see sortInTasks)
  var collator = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

  // -- small helpers -------------------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // The first view is made in pieces, each a task of its own (a timer between them), so that with thousands of
  // entries no task holds up the page for long: it can paint and answer input in between (Total Blocking Time).
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
  function inTasks(list, size, work) {
    var i = 0;
    function step() {
      var end = Math.min(i + size, list.length);
      for (; i < end; i++) work(list[i]);
      return i < list.length ? nextTask().then(step) : undefined;
    }
    return nextTask().then(step);
  }

  function sortInTasks(list, compare, size) {
    // Sorts the list in place, `size` elements per task: each element moves back to its place among those
    // before it, found by halving. explore.json comes nearly in order (outputs/explore.py, _title_order), so
    // mostly that is one comparison per element, and a title the file placed differently costs a few more.
    var i = 1;
    function step() {
      var end = Math.min(i + size, list.length);
      for (; i < end; i++) {
        var item = list[i];
        if (compare(list[i - 1], item) <= 0) continue;
        var low = 0, high = i - 1;  // the first element after `item` is in list[low..high]
        while (low < high) {
          var middle = (low + high) >> 1;
          if (compare(list[middle], item) <= 0) low = middle + 1; else high = middle;
        }
        list.splice(i, 1);
        list.splice(low, 0, item);
      }
      return i < list.length ? nextTask().then(step) : list;
    }
    return nextTask().then(step);
  }

  function fromList(list) {
    // An order for facet values: those in the list first, in its order; any others after, by label.
    return function (a, b) {
      var i = list.indexOf(a.value), j = list.indexOf(b.value);
      if (i < 0) i = list.length;
      if (j < 0) j = list.length;
      return (i - j) || collator.compare(a.label, b.label);
    };
  }
  function byLabel(a, b) { return collator.compare(a.label, b.label); }
  function lookup(map) { return function (value) { return (map && map[value]) || value; }; }

  function pairs(list) {
    // [[value, label, …], …] from explore.json: the values in their order, and the label of each value.
    var order = [], label = {};
    (list || []).forEach(function (item) { order.push(item[0]); label[item[0]] = item[1]; });
    return { order: order, label: label };
  }

  function vocabulary(labels) {
    // explore.json's "labels", read into orders and lookups. Kinds are [name, plural, singular]: the facet
    // counts a kind (plural), a result names one entry (singular). Figures have a name, a legend, the wording
    // of each value (best first; cost lowest first) and, for the effect, the ranges the facet offers.
    function figure(f) {
      f = f || {};
      var values = pairs(f.values);
      values.name = f.name;
      values.legend = f.legend;
      values.buckets = (f.buckets || []).map(function (b) { return { value: b[0], label: b[1], low: b[2], high: b[3] }; });
      return values;
    }
    var figures = labels.figures || {}, none = labels.none || [];
    var singular = {};
    (labels.kinds || []).forEach(function (item) { singular[item[0]] = item[2]; });
    return {
      kinds: pairs(labels.kinds), singular: singular, themes: pairs(labels.themes), sectors: pairs(labels.sectors),
      ages: pairs(labels.ages), provinces: pairs(labels.provinces), media: pairs(labels.media), scopes: pairs(labels.scopes),
      impact: figure(figures.impact), strength: figure(figures.strength), cost: figure(figures.cost),
      none: { value: none[0], label: none[1] }
    };
  }

  function isPractice(entry) { return entry.kind === "practice"; }

  function facetDefinitions(words) {
    var none = words.none.value;
    function figure(entry, value, asValue) {
      // The evidence facets describe practice cards only: another kind has no figure to filter on, whereas a
      // practice card without one is findable as 'geen cijfers'.
      if (!isPractice(entry)) return [];
      return [value === null || value === undefined ? none : asValue(value)];
    }
    function impactBucket(n) {
      var buckets = words.impact.buckets;
      for (var i = 0; i < buckets.length; i++) {
        var b = buckets[i];
        if ((b.low === null || n >= b.low) && (b.high === null || n <= b.high)) return b.value;
      }
      return none;
    }
    function figureLabel(labelOf) {
      return function (v) { return v === none ? words.none.label : labelOf(v); };
    }
    var buckets = pairs(words.impact.buckets.map(function (b) { return [b.value, b.label]; }));
    return [
      { param: "soort", legend: "Soort", short: "Soort", values: function (e) { return [e.kind]; },
        label: lookup(words.kinds.label), order: fromList(words.kinds.order) },
      { param: "thema", legend: "Thema", short: "Thema", values: function (e) { return e.themes || []; },
        label: lookup(words.themes.label), order: byLabel },
      { param: "sector", legend: "Sector", short: "Sector", values: function (e) { return e.sectors || []; },
        label: lookup(words.sectors.label), order: fromList(words.sectors.order) },
      { param: "leeftijd", legend: "Leeftijd en leerjaar (praktijkkaarten)", short: "Leeftijd",
        values: function (e) { return e.ages || []; }, label: lookup(words.ages.label),
        order: fromList(words.ages.order) },
      { param: "provincie", legend: "Provincie", short: "Provincie", values: function (e) { return e.provinces || []; },
        label: lookup(words.provinces.label), order: byLabel },
      { param: "gemeente", legend: "Gemeente", short: "Gemeente", values: function (e) { return e.gemeenten || []; },
        label: lookup(null), order: byLabel, gemeente: true },
      { param: "effect", legend: words.impact.legend, short: words.impact.name,
        values: function (e) { return figure(e, e.impact, impactBucket); },
        label: figureLabel(lookup(buckets.label)), order: fromList(buckets.order.concat([none])) },
      { param: "bewijskracht", legend: words.strength.legend, short: words.strength.name,
        values: function (e) { return figure(e, e.strength, String); },
        label: figureLabel(lookup(words.strength.label)), order: fromList(words.strength.order.concat([none])) },
      { param: "kosten", legend: words.cost.legend, short: words.cost.name,
        values: function (e) { return figure(e, e.cost, String); },
        label: figureLabel(lookup(words.cost.label)), order: fromList(words.cost.order.concat([none])) },
      { param: "media", legend: "Vorm (lezen, kijken, luisteren)", short: "Vorm",
        values: function (e) { return e.media ? [e.media] : []; }, label: lookup(words.media.label), order: byLabel },
      { param: "bereik", legend: "Bereik (initiatieven)", short: "Bereik",
        values: function (e) { return e.scope ? [e.scope] : []; }, label: lookup(words.scopes.label),
        order: fromList(words.scopes.order) }
    ];
  }

  // -- reading explore.json ----------------------------------------------------------------------------
  // The file is one JSON array with an element per line (outputs/explore.py, explore_data): a header, then
  // slices of entries in columns ({field: [value of each entry]}). The loader parses a line per task.
  function lineOf(text, at) {
    // The element on the line that starts at `at`, without the array's '[' before the first and the ',' or ']'
    // after each; and where the next line starts (-1 after the last).
    var end = text.indexOf("\n", at);
    var next = end < 0 ? -1 : end + 1;
    if (end < 0) end = text.length;
    return { json: text.slice(at === 0 ? 1 : at, end - 1), next: next };
  }

  var NONE = [];  // shared by every entry without a value in a list field: thousands of empty lists are garbage
  function decoder(header) {
    // Coded fields hold positions in a list of the header: the values of a label list, or a list of its own
    // (header.values). The decoder turns a slice's columns back into one object per entry. Nothing changes
    // these lists once made, so entries may share them.
    var lists = {}, coded = header.coded || {}, own = header.values || {}, labels = header.labels || {};
    Object.keys(coded).forEach(function (field) {
      var name = coded[field];
      lists[field] = own[name] || (labels[name] || []).map(function (item) { return item[0]; });
    });
    return function (columns, into) {
      var fields = Object.keys(columns), n = fields.length ? columns[fields[0]].length : 0;
      for (var i = 0; i < n; i++) {
        var entry = {};
        for (var f = 0; f < fields.length; f++) {
          var field = fields[f], value = columns[field][i], list = lists[field];
          if (Array.isArray(value)) value = !value.length ? NONE : list ? value.map(function (p) { return list[p]; }) : value;
          else if (list && value !== null) value = list[value];
          entry[field] = value;
        }
        into.push(entry);
      }
    };
  }

  // -- sorting -------------------------------------------------------------------------------------------
  // Titles are compared with the Dutch collator only while the page loads (sortInTasks gives each entry its
  // rank); every sort after that compares the rank, a number, which keeps a re-sort of thousands quick.
  function collateTitles(a, b) { return collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); }
  function byTitle(a, b) { return a.rank - b.rank; }
  function missingLast(field, direction) {
    return function (a, b) {
      var x = a[field], y = b[field];
      var xm = x === null || x === undefined, ym = y === null || y === undefined;
      if (xm || ym) return xm - ym;
      return x < y ? -direction : x > y ? direction : 0;
    };
  }
  function chain(list) {
    return function (a, b) {
      for (var i = 0; i < list.length; i++) { var r = list[i](a, b); if (r) return r; }
      return 0;
    };
  }
  var kindOrder = [];  // the site's order of kinds, from explore.json
  function kindRank(entry) {
    var i = kindOrder.indexOf(entry.kind);
    return i < 0 ? kindOrder.length : i;
  }
  // Ties on one figure fall back to the other figures before the title: among cards with +6 months, the
  // better-founded one first.
  var COMPARE = {
    impact: chain([missingLast("impact", -1), missingLast("strength", -1), byTitle]),
    strength: chain([missingLast("strength", -1), missingLast("impact", -1), byTitle]),
    cost: chain([missingLast("cost", 1), missingLast("impact", -1), byTitle]),
    title: byTitle,
    newest: chain([missingLast("added", -1), byTitle]),
    kind: chain([function (a, b) { return kindRank(a) - kindRank(b); }, byTitle])
  };

  // -- the page ------------------------------------------------------------------------------------------
  function setup(root) {
    var form = root.querySelector(".kb-explore__form");
    var textBox = root.querySelector("#kb-explore-text");
    var sortBox = root.querySelector("#kb-explore-sort");
    var facetHolder = root.querySelector(".kb-explore__facets");
    var status = root.querySelector(".kb-explore__count");
    var list = root.querySelector(".kb-explore__results");
    var staticLists = document.querySelectorAll(".kb-explore-static");
    var base = (root.getAttribute("data-kb-root") || ".").replace(/\/?$/, "/");

    var entries = [], facets = [], words = vocabulary({});
    var state = { selected: {}, text: "", sort: "relevance" };
    var found = { query: null, asked: null, ranks: null, partial: false };  // the last free-text search, kept for reuse
    var searching = { promise: null, api: null, failed: false };
    var shown = PAGE_SIZE, typing = false, timer = null, filtersSummary = null;

    // The page's table of contents points at headings of the static lists; while those are hidden, so are
    // their entries, else they would be links that go nowhere.
    var tocItems = [];
    document.querySelectorAll(".md-nav--secondary").forEach(function (nav) {
      var kept = 0;
      nav.querySelectorAll("a[href^='#']").forEach(function (link) {
        var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
        var item = link.closest("li");
        var inside = false;
        staticLists.forEach(function (node) { inside = inside || (target && node.contains(target)); });
        if (inside && item) tocItems.push(item); else kept++;
      });
      if (!kept) tocItems.push(nav);
    });
    function showStatic(show) {
      staticLists.forEach(function (node) { node.hidden = !show; });
      tocItems.forEach(function (node) { node.hidden = !show; });
    }

    // The page shows the form and its "Bezig met laden…" from the first paint (html.kb-js, extra.css); the
    // status stays empty until the results come, so that nothing on screen moves when the filters arrive.
    root.hidden = false;
    showStatic(false);

    // Parts the template leaves to the script: the active filters, the way out of an empty result, more results.
    var active = el("div", "kb-explore__active");
    var activeLabel = el("p", "kb-explore__active-label", "Gekozen filters:");
    activeLabel.id = "kb-explore-active-label";
    var chips = el("ul", "kb-explore__chips");
    chips.setAttribute("aria-labelledby", activeLabel.id);
    active.appendChild(activeLabel);
    active.appendChild(chips);
    active.hidden = true;
    var empty = el("div", "kb-explore__empty");
    var clearButton = el("button", "kb-explore__clear md-button");
    clearButton.type = "button";
    empty.appendChild(clearButton);
    empty.hidden = true;
    var more = el("button", "kb-explore__more md-button");
    more.type = "button";
    more.hidden = true;
    status.parentNode.insertBefore(active, status);
    status.parentNode.insertBefore(empty, status.nextSibling);
    list.parentNode.insertBefore(more, list.nextSibling);

    function fail(error) {
      // Without the data the form is useless; give the static lists back rather than an empty page, and
      // leave the reason in the console for whoever maintains the site.
      root.hidden = true;
      document.documentElement.classList.remove("kb-js");
      showStatic(true);
      if (window.console) window.console.error("Verkennen:", error);
    }

    fetch(new URL(base + "search/explore.json", document.baseURI).href)
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
      .then(function (text) {
        var first = lineOf(text, 0), header = JSON.parse(first.json);
        if (!header || !header.labels || typeof header.count !== "number") throw new Error("explore.json has no header");
        var decode = decoder(header), starts = [];
        for (var at = first.next; at > 0; at = lineOf(text, at).next) starts.push(at);
        words = vocabulary(header.labels);
        kindOrder = words.kinds.order;
        facets = facetDefinitions(words);
        var seen = {};  // per facet, every value an entry has: the facet's options
        var single = {};  // per facet, one shared list per value: most entries have one value in a facet
        facets.forEach(function (f) { seen[f.param] = {}; single[f.param] = {}; });
        return inTasks(starts, 1, function (at) {
          var slice = [];
          decode(JSON.parse(lineOf(text, at).json), slice);
          slice.forEach(function (entry) {
            entry.facetValues = {};
            facets.forEach(function (f) {
              var values = f.values(entry), shared = single[f.param];
              if (!values.length) values = NONE;
              else if (values.length === 1) values = shared[values[0]] || (shared[values[0]] = values);
              entry.facetValues[f.param] = values;
              for (var i = 0; i < values.length; i++) seen[f.param][values[i]] = true;
            });
            entries.push(entry);
          });
        }).then(function () {
          if (entries.length !== header.count) throw new Error("explore.json has " + entries.length + " of " + header.count + " entries");
          return sortInTasks(entries.slice(), collateTitles, SORT_STEP);
        }).then(function (titled) {
          // Each entry's place by title; the entries are then kept in the first view's order (kind, then title),
          // so that view needs no sort at all.
          var byKind = kindOrder.map(function () { return []; }).concat([[]]);
          titled.forEach(function (entry, i) {
            entry.rank = i;
            byKind[kindRank(entry)].push(entry);
          });
          entries = [].concat.apply([], byKind);
          return buildFacets(seen);
        });
      })
      .then(function (panel) {
        readUrl();
        syncControls();
        return firstCounts().then(function (counts) {
          // The filters (in place of the loading line), their counts and the results join the page in one task,
          // so that nothing drawn moves again when the rest arrives.
          facetHolder.textContent = "";
          facetHolder.appendChild(panel);
          update(counts);
          wire();
        });
      })
      .catch(fail);

    // -- facets: built once, so that a checkbox keeps focus while counts around it change -----------------
    function buildFacets(seen) {
      var details = el("details", "kb-explore__filters");
      var summary = el("summary", "kb-explore__summary-toggle", "Filters");
      details.appendChild(summary);
      var grid = el("div", "kb-explore__grid");
      details.appendChild(grid);
      // Open beside a wide screen's results; on a phone the filters would push every result far down.
      details.open = !window.matchMedia || window.matchMedia("(min-width: 45em)").matches;
      var kept = [];
      function buildFacet(facet) {
        facet.options = Object.keys(seen[facet.param]).map(function (v) { return { value: v, label: facet.label(v) }; });
        if (!facet.options.length) return false;  // nothing in the data has this facet: no empty fieldset
        facet.options.sort(facet.order);
        state.selected[facet.param] = new Set();
        var fieldset = el("fieldset", "kb-explore__facet");
        fieldset.appendChild(el("legend", "kb-explore__legend", facet.legend));
        if (facet.gemeente) {
          facet.hint = el("p", "kb-explore__hint");
          fieldset.appendChild(facet.hint);
        }
        var ul = el("ul", "kb-explore__options");
        facet.options.forEach(function (option, i) {
          var li = el("li", "kb-explore__option");
          var box = el("input");
          box.type = "checkbox";
          box.id = "kb-explore-" + facet.param + "-" + i;  // values may hold spaces or quotes: ids use a number
          box.name = facet.param;
          box.value = option.value;
          box.addEventListener("change", function () {
            if (box.checked) state.selected[facet.param].add(option.value);
            else state.selected[facet.param].delete(option.value);
            commit("push");
          });
          var label = el("label", null, option.label + " ");
          label.htmlFor = box.id;
          var count = el("span", "kb-explore__n");
          label.appendChild(count);
          li.appendChild(box);
          li.appendChild(label);
          ul.appendChild(li);
          option.item = li;
          option.box = box;
          option.count = count;
        });
        fieldset.appendChild(ul);
        if (!facet.gemeente && facet.options.length > LONG_FACET) {
          facet.toggle = el("button", "kb-explore__toggle");
          facet.toggle.type = "button";
          facet.toggle.setAttribute("aria-expanded", "false");
          facet.expanded = false;
          facet.toggle.addEventListener("click", function () {
            var before = facet.options.filter(function (o) { return !o.item.hidden; });
            facet.expanded = !facet.expanded;
            update();
            // Opened: go to the first option that just appeared, as it sits above this button in tab order.
            if (facet.expanded) {
              var first = facet.options.filter(function (o) { return !o.item.hidden && before.indexOf(o) < 0; })[0];
              if (first) first.box.focus();
            }
          });
          fieldset.appendChild(facet.toggle);
        }
        facet.fieldset = fieldset;
        grid.appendChild(fieldset);
        return true;
      }
      // One facet per task (the gemeenten alone can be hundreds of options); the panel joins the page at the end.
      return inTasks(facets, 1, function (facet) { if (buildFacet(facet)) kept.push(facet); }).then(function () {
        facets = kept;
        filtersSummary = summary;
        return details;
      });
    }

    // -- state <-> URL -------------------------------------------------------------------------------------
    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        var known = {};
        facet.options.forEach(function (o) { known[o.value] = true; });
        // A value this build does not know (an old link, a typo) is dropped: it could not be unticked.
        state.selected[facet.param] = new Set(params.getAll(facet.param).filter(function (v) { return known[v]; }));
      });
      state.text = params.get("q") || "";
      var sort = params.get("sorteer");
      state.sort = SORTS.indexOf(sort) >= 0 ? sort : "relevance";
    }

    function queryString() {
      var params = new URLSearchParams();
      facets.forEach(function (facet) {
        facet.options.forEach(function (o) { if (state.selected[facet.param].has(o.value)) params.append(facet.param, o.value); });
      });
      if (state.text.trim()) params.set("q", state.text);
      if (state.sort !== "relevance") params.set("sorteer", state.sort);
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function saveUrl(how) {
      var url = window.location.pathname + queryString() + window.location.hash;
      if (url === window.location.pathname + window.location.search + window.location.hash) return;
      if (how === "replace") window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    }

    function syncControls() {
      facets.forEach(function (facet) {
        facet.options.forEach(function (o) { o.box.checked = state.selected[facet.param].has(o.value); });
      });
      if (textBox.value !== state.text) textBox.value = state.text;
      sortBox.value = state.sort;
    }

    function commit(how) {
      // One history entry per deliberate change; a burst of typing is one entry, replaced as it grows.
      if (how !== "typing") typing = false;
      saveUrl(how === "typing" ? (typing ? "replace" : "push") : how);
      if (how === "typing") typing = true;
      shown = PAGE_SIZE;
      update();
    }

    function selectedCount() {
      var n = 0;
      facets.forEach(function (f) { n += state.selected[f.param].size; });
      return n;
    }

    function clearAll() {
      facets.forEach(function (f) { state.selected[f.param].clear(); });
      state.text = "";
      clearTimeout(timer);
      syncControls();
      commit("push");
    }

    // -- free text -------------------------------------------------------------------------------------------
    function hasWords(text) {
      var api = window.kennisbankSearch;
      if (api && api.words) return api.words(text).length > 0;
      return /[a-z0-9]/i.test(text);
    }

    function ensureSearch() {
      if (!searching.promise) {
        var api = window.kennisbankSearch;
        searching.promise = (api && api.load ? api.load() : Promise.reject(new Error("no search")))
          .then(function () { searching.api = api; }, function () { searching.failed = true; });
      }
      return searching.promise;
    }

    function textRanks() {
      // null: no text filter; false: the results are still on their way; otherwise a map of id → rank.
      var query = state.text.trim();
      if (!query || !hasWords(query) || searching.failed) return null;
      if (!searching.api) {
        ensureSearch().then(function () { update(); });
        return false;
      }
      if (found.query === query) return found.ranks;
      if (found.asked !== query) {
        found.asked = query;
        // The search gives document numbers: a document's number is its place among the ids in order.
        var byNumber = entries.map(function (e) { return e.id; }).sort();
        searching.api.find(query).then(function (result) {
          if (found.asked !== query) return;  // a later query replaced this one
          found.query = query;
          found.partial = result.partial;
          found.ranks = new Map();
          result.results.forEach(function (doc, i) { found.ranks.set(byNumber[doc], i); });
          update();
        }, function () { searching.failed = true; update(); });
      }
      return false;
    }

    // -- filtering and counting --------------------------------------------------------------------------------
    function matches(entry, ranks, skip) {
      if (ranks && !ranks.has(entry.id)) return false;
      for (var i = 0; i < facets.length; i++) {
        var facet = facets[i], chosen = state.selected[facet.param];
        if (facet === skip || !chosen.size) continue;
        var values = entry.facetValues[facet.param], hit = false;
        for (var j = 0; j < values.length && !hit; j++) hit = chosen.has(values[j]);
        if (!hit) return false;
      }
      return true;
    }

    function update(precounted) {
      // precounted: the facets' counts worked out beforehand (firstCounts), else they are counted here.
      var ranks = textRanks();
      if (ranks === false) { status.textContent = "Bezig met zoeken…"; return; }
      var results = entries.filter(function (e) { return matches(e, ranks, null); });
      var compare = COMPARE[state.sort] ||
        (ranks ? function (a, b) { return ranks.get(a.id) - ranks.get(b.id); } : COMPARE.kind);
      if (compare !== COMPARE.kind) results.sort(compare);  // else already in order: entries are kept in it
      updateFacets(ranks, precounted);
      updateChips();
      updateStatus(results.length, ranks);
      drawResults(results);
    }

    function countFacet(facet, ranks) {
      // Standard faceted counts: what ticking this value would add, given every other facet's choice.
      var counts = {};
      entries.forEach(function (entry) {
        if (!matches(entry, ranks, facet)) return;
        entry.facetValues[facet.param].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      return counts;
    }

    function firstCounts() {
      // The counts of the first view, one facet per task. Without them (a text search that must load first)
      // update() counts when the results are there.
      var ranks = textRanks();
      if (ranks === false) return Promise.resolve(null);
      var counts = {};
      return inTasks(facets, 1, function (facet) { counts[facet.param] = countFacet(facet, ranks); })
        .then(function () { return counts; });
    }

    function updateFacets(ranks, precounted) {
      var provinceChosen = state.selected.provincie && state.selected.provincie.size > 0;
      facets.forEach(function (facet) {
        var counts = (precounted && precounted[facet.param]) || countFacet(facet, ranks);
        var chosen = state.selected[facet.param];
        var visible = facet.options.filter(function (o) { return chosen.has(o.value) || counts[o.value]; });
        if (facet.gemeente && !provinceChosen) {
          var top = visible.slice().sort(function (a, b) { return (counts[b.value] || 0) - (counts[a.value] || 0) || byLabel(a, b); })
            .slice(0, GEMEENTE_TOP);
          var hidden = visible.length - top.length;
          visible = visible.filter(function (o) { return chosen.has(o.value) || top.indexOf(o) >= 0; });
          facet.hint.textContent = hidden > 0
            ? "De gemeenten met de meeste resultaten. Kies een provincie om alle gemeenten daar te zien." : "";
        } else if (facet.gemeente) {
          facet.hint.textContent = "";
        }
        if (facet.toggle) {
          var total = visible.length, long = total > LONG_FACET;
          if (long && !facet.expanded) {
            var first = visible.slice(0, SHORT_FACET);
            visible = visible.filter(function (o) { return chosen.has(o.value) || first.indexOf(o) >= 0; });
          }
          facet.toggle.hidden = !long;
          facet.toggle.setAttribute("aria-expanded", facet.expanded ? "true" : "false");
          facet.toggle.textContent = facet.expanded ? "Toon minder" : "Toon alle " + total;
          // Several facets have this button: the hidden words tell a screen reader's list of buttons apart.
          facet.toggle.appendChild(el("span", "kb-visually-hidden", " bij " + facet.short));
        }
        if (facet.hint) facet.hint.hidden = !facet.hint.textContent;
        var shownNow = new Set(visible);
        facet.options.forEach(function (o) {
          // Never hide the box that has focus (a value just unticked beyond the short list): the keyboard
          // would fall back to the top of the page.
          o.item.hidden = !shownNow.has(o) && document.activeElement !== o.box;
          o.count.textContent = "(" + (counts[o.value] || 0) + ")";
        });
        facet.fieldset.hidden = !visible.length;
      });
      var n = selectedCount();
      filtersSummary.textContent = n ? "Filters (" + n + " gekozen)" : "Filters";
    }

    function updateChips() {
      chips.textContent = "";
      facets.forEach(function (facet) {
        facet.options.forEach(function (o) {
          if (!state.selected[facet.param].has(o.value)) return;
          var li = el("li");
          var button = el("button", "kb-explore__chip", facet.short + ": " + o.label);
          button.type = "button";
          // The visible text stays the start of the name (WCAG 2.5.3); the cross is decoration.
          button.appendChild(el("span", "kb-visually-hidden", " weghalen"));
          var cross = el("span", "kb-explore__cross", "×");
          cross.setAttribute("aria-hidden", "true");
          button.appendChild(cross);
          button.addEventListener("click", function () {
            var all = Array.prototype.slice.call(chips.querySelectorAll("button"));
            var at = all.indexOf(button);
            state.selected[facet.param].delete(o.value);
            syncControls();
            commit("push");
            // The pressed button is gone: keep the keyboard nearby instead of dropping focus to the page top.
            var left = chips.querySelectorAll("button");
            if (left.length) left[Math.min(at, left.length - 1)].focus();
            else textBox.focus();
          });
          li.appendChild(button);
          chips.appendChild(li);
        });
      });
      active.hidden = !chips.children.length;
    }

    function updateStatus(count, ranks) {
      var filters = selectedCount() > 0, text = !!state.text.trim();
      if (!count) {
        status.textContent = "Geen resultaten. Wis een filter of kies een ander woord.";
        clearButton.textContent = filters && text ? "Wis alle filters en de zoekwoorden"
          : text ? "Wis de zoekwoorden" : "Wis alle filters";
        empty.hidden = !(filters || text);
      } else {
        var message = plural(count, "resultaat", "resultaten");
        if (ranks && found.partial) message += ", met niet al je zoekwoorden";
        if (text && searching.failed) message += ". Zoeken op woorden werkt nu niet; de filters wel";
        status.textContent = message;
        empty.hidden = true;
      }
    }

    // -- results ------------------------------------------------------------------------------------------------
    function resultItem(entry) {
      var li = el("li", "kb-explore__result");
      var heading = el("h2", "kb-explore__title");
      var link = el("a", null, entry.title);
      link.href = base + entry.url;
      heading.appendChild(link);
      li.appendChild(heading);

      var meta = [words.singular[entry.kind] || entry.kind];
      if (entry.media) meta.push(entry.media);
      if (entry.scope) meta.push(lookup(words.scopes.label)(entry.scope));
      var places = (entry.gemeenten && entry.gemeenten.length) ? entry.gemeenten : entry.provinces || [];
      if (places.length) meta.push(places.slice(0, 3).join(", ") + (places.length > 3 ? " en meer" : ""));
      li.appendChild(el("p", "kb-explore__meta", meta.join(" · ")));

      if (entry.summary) {
        // explore.json cuts summaries at 240 characters; say so rather than end mid-word without a sign.
        li.appendChild(el("p", "kb-explore__summary", entry.summary.length >= 240 ? entry.summary + "…" : entry.summary));
      }
      if (isPractice(entry)) {
        // The same wording as on the card itself ('+6 maanden', 'bewijskracht 3 van 5'), from explore.json.
        var figures = [];
        var add = function (figure, value, named) {
          if (value === null || value === undefined) return;
          var text = lookup(figure.label)(String(value));
          figures.push(named ? String(figure.name).toLowerCase() + " " + text : text);
        };
        add(words.impact, entry.impact, false);
        add(words.strength, entry.strength, true);
        add(words.cost, entry.cost, true);
        li.appendChild(el("p", "kb-explore__figures", figures.length ? figures.join(" · ") : "Nog geen cijfers uit een toolkit"));
        if (compareUrl) li.appendChild(compareBox(entry));
      }
      return li;
    }

    // -- choosing cards for the compare page (its address and parameter come from the template's data-kb-compare)
    var compareUrl = root.getAttribute("data-kb-compare"), comparing = [], COMPARE_MAX = 4;
    var compareBar = el("p", "kb-explore__compare");
    compareBar.setAttribute("aria-live", "polite");
    compareBar.hidden = true;
    status.parentNode.insertBefore(compareBar, status.nextSibling);
    function compareBox(entry) {
      var label = el("label", "kb-explore__pick");
      var box = el("input");
      box.type = "checkbox";
      box.checked = comparing.indexOf(entry.id) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" Vergelijk"));
      label.appendChild(el("span", "kb-visually-hidden", " " + entry.title));
      box.addEventListener("change", function () {
        if (box.checked && comparing.length >= COMPARE_MAX) {
          box.checked = false;
          drawCompareBar("Er passen " + COMPARE_MAX + " kaarten naast elkaar; haal er eerst een weg.");
          return;
        }
        comparing = comparing.filter(function (id) { return id !== entry.id; }).concat(box.checked ? [entry.id] : []);
        drawCompareBar("");
      });
      return label;
    }
    function drawCompareBar(note) {
      compareBar.textContent = note ? note + " " : "";
      compareBar.hidden = !comparing.length && !note;
      if (comparing.length === 1) compareBar.appendChild(document.createTextNode("1 kaart gekozen om te vergelijken; kies er nog een."));
      if (comparing.length > 1) {
        var go = el("a", "md-button md-button--primary", "Vergelijk de " + comparing.length + " gekozen kaarten");
        go.href = compareUrl + comparing.map(encodeURIComponent).join(",");
        compareBar.appendChild(go);
      }
    }

    var lastResults = [];
    function drawResults(results) {
      lastResults = results;
      list.textContent = "";
      results.slice(0, shown).forEach(function (entry) { list.appendChild(resultItem(entry)); });
      var rest = results.length - Math.min(shown, results.length);
      more.hidden = rest <= 0;
      more.textContent = "Toon meer resultaten (nog " + rest + ")";
    }

    function showMore() {
      var first = shown;
      shown += PAGE_SIZE;
      drawResults(lastResults);
      // Focus the first new result, so a keyboard user goes on reading where the list grew.
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    }

    // -- events ---------------------------------------------------------------------------------------------------
    function wire() {
      textBox.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          state.text = textBox.value;
          commit("typing");
        }, TYPING_DELAY);
      });
      sortBox.addEventListener("change", function () {
        state.sort = SORTS.indexOf(sortBox.value) >= 0 ? sortBox.value : "relevance";
        commit("push");
      });
      form.addEventListener("submit", function (e) {
        // Enter in the text box: filter at once instead of reloading the page with the form's own fields.
        e.preventDefault();
        clearTimeout(timer);
        if (state.text !== textBox.value) { state.text = textBox.value; commit("typing"); }
      });
      form.addEventListener("reset", function (e) {
        // The browser's own reset would also put the sort back; the button promises to clear filters only.
        e.preventDefault();
        clearAll();
      });
      clearButton.addEventListener("click", function () {
        clearAll();
        textBox.focus();
      });
      more.addEventListener("click", showMore);
      window.addEventListener("popstate", function () {
        clearTimeout(timer);
        typing = false;
        readUrl();
        syncControls();
        shown = PAGE_SIZE;
        update();
      });
    }
  }

  function start() {
    var root = document.getElementById("kb-explore");
    if (root) setup(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
