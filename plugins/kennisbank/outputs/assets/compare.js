/* Kennisbank compare page ("Vergelijken"): two to four practice cards side by side, per criterion.
 *
 * templates/compare.md.j2 ships a hidden form and a static list of every card. This script reads the page's data
 * (outputs/compare.py, the address in data-kb-data), turns the form on and the list off, and draws one section
 * per criterion (effect, evidence, cost per toolkit, sectors and age groups, first steps, initiatives in the
 * chosen provincie) with one cell per card: side by side on a wide screen, stacked under each other on a phone,
 * so no column is ever cut off. The URL holds the state (?kaarten=a,b,c&provincie=utrecht); the table of all
 * cards sends ?kaart=a&kaart=b, which is read too and rewritten. Every text from the data is contributor input
 * and enters the page through textContent, never as markup.
 *
 * Only the compare page loads this script (its front matter names it; docs/overrides/main.html adds it). */
(function () {
  "use strict";

  var CARDS = "kaarten", CARD = "kaart", PROVINCE = "provincie";  // their home: urls.py (a unit test compares)

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function setup(root) {
    var form = root.querySelector(".kb-compare__form");
    var addBox = root.querySelector("#kb-compare-add");
    var provinceBox = root.querySelector("#kb-compare-province");
    var status = root.querySelector(".kb-compare__status");
    var view = root.querySelector(".kb-compare__view");
    var printButton = root.querySelector("[data-kb-print]");
    var staticParts = document.querySelectorAll(".kb-compare-static");
    // Both relative to the page. Links to the site's pages stay relative, so print shows no address after them.
    var dataUrl = new URL(root.getAttribute("data-kb-data") || "kaarten.json", document.baseURI);
    var siteRoot = (root.getAttribute("data-kb-root") || "../").replace(/\/?$/, "/");
    // On paper the controls are gone; this line says what was compared and where to find it again.
    var printNote = el("p", "kb-compare__print-note");
    view.parentNode.insertBefore(printNote, view);

    // Maps without a prototype: a word from the address such as 'constructor' must not find anything in them.
    var cards = Object.create(null), provinces = Object.create(null), regionPages = Object.create(null);
    var initiatives = Object.create(null), order = [], legends = {}, max = 4;
    var state = { cards: [], province: "" };

    function showStatic(show) { staticParts.forEach(function (node) { node.hidden = !show; }); }

    root.hidden = false;
    showStatic(false);
    status.textContent = "Bezig met laden…";

    function fail(error) {
      // Without the data the form is useless: give the list of cards back rather than an empty page.
      root.hidden = true;
      showStatic(true);
      if (window.console) window.console.error("Vergelijken:", error);
    }

    fetch(dataUrl.href)
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
      .then(function (data) {
        if (!data || !Array.isArray(data.cards)) throw new Error("kaarten.json has no cards");
        max = data.max || max;
        data.cards.forEach(function (card) { cards[card.id] = card; order.push(card.id); });
        Object.keys(data.initiatives || {}).forEach(function (id) { initiatives[id] = data.initiatives[id]; });
        legends = data.legends || {};  // the headings of the figures, worded as on the explore page
        (data.provinces || []).forEach(function (p) {
          provinces[p[0]] = p[1];
          regionPages[p[0]] = p[2];
          provinceBox.appendChild(option(p[0], p[1]));
        });
        order.forEach(function (id) { addBox.appendChild(option(id, title(cards[id]))); });
        var notes = readUrl();
        saveUrl("replace");
        draw(notes.join(" "));
        wire();
      })
      .catch(fail);

    function option(value, text) {
      var node = el("option", null, text);
      node.value = value;
      return node;
    }

    function title(card) { return (card.number ? card.number + " " : "") + card.title; }

    // -- state <-> URL ---------------------------------------------------------------------------------------
    function readUrl() {
      // The state of the address, with what had to be left out of it said in words.
      var params = new URLSearchParams(window.location.search);
      var asked = [];
      params.getAll(CARDS).forEach(function (value) { asked = asked.concat(value.split(",")); });
      asked = asked.concat(params.getAll(CARD));
      var chosen = [], unknown = 0;
      asked.forEach(function (id) {
        id = id.trim();
        if (!id || chosen.indexOf(id) >= 0) return;
        if (cards[id]) chosen.push(id); else unknown++;
      });
      var notes = [];
      if (unknown) notes.push(unknown === 1 ? "Eén kaart uit het adres bestaat niet (meer) en is weggelaten."
                                            : unknown + " kaarten uit het adres bestaan niet (meer) en zijn weggelaten.");
      if (chosen.length > max) {
        notes.push("Er passen " + max + " kaarten naast elkaar; de eerste " + max + " staan hieronder.");
        chosen = chosen.slice(0, max);
      }
      var province = params.get(PROVINCE) || "";
      state = { cards: chosen, province: provinces[province] ? province : "" };
      return notes;
    }

    function queryString() {
      // Built by hand: the ids are letters, digits and hyphens, and the commas stay readable in a shared link.
      var parts = [];
      if (state.cards.length) parts.push(CARDS + "=" + state.cards.map(encodeURIComponent).join(","));
      if (state.province) parts.push(PROVINCE + "=" + encodeURIComponent(state.province));
      return parts.length ? "?" + parts.join("&") : "";
    }

    function saveUrl(how) {
      var url = window.location.pathname + queryString() + window.location.hash;
      if (url === window.location.pathname + window.location.search + window.location.hash) return;
      if (how === "replace") window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    }

    // -- controls ------------------------------------------------------------------------------------------
    function wire() {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var id = addBox.value;
        if (!id || !cards[id]) {
          status.textContent = "Kies eerst een kaart in de lijst.";
          return;
        }
        if (state.cards.indexOf(id) >= 0) {
          status.textContent = title(cards[id]) + " staat er al bij.";
          return;
        }
        if (state.cards.length >= max) {
          status.textContent = "Er passen " + max + " kaarten naast elkaar. Verwijder er eerst één.";
          return;
        }
        state.cards.push(id);
        addBox.value = "";
        saveUrl("push");
        draw(title(cards[id]) + " toegevoegd.");
      });
      provinceBox.addEventListener("change", function () {
        state.province = provinceBox.value;
        saveUrl("push");
        draw(state.province ? "Initiatieven in " + provinces[state.province] + "." : "Initiatieven in alle provincies.");
      });
      window.addEventListener("popstate", function () {
        // A jump to a criterion changes only the hash: nothing to draw again, and the focus stays where it went.
        var before = queryString(), notes = readUrl();
        if (queryString() !== before) draw(notes.join(" "));
      });
      if (printButton) printButton.addEventListener("click", function () { window.print(); });
    }

    function remove(id) {
      state.cards = state.cards.filter(function (other) { return other !== id; });
      saveUrl("push");
      draw(title(cards[id]) + " verwijderd.");
      addBox.focus();  // the button that had the focus is gone
    }

    // -- drawing ---------------------------------------------------------------------------------------------
    function draw(note) {
      provinceBox.value = state.province;
      Array.prototype.forEach.call(addBox.options, function (o) {
        o.disabled = !!o.value && state.cards.indexOf(o.value) >= 0;
      });
      var count = state.cards.length;
      var summary = count === 0 ? "Nog geen kaarten gekozen. Kies er minstens twee."
        : count === 1 ? "1 kaart gekozen. Kies er nog een om te vergelijken."
        : count + " kaarten gekozen.";
      if (count >= max) summary += " Meer passen er niet naast elkaar.";
      status.textContent = (note ? note + " " : "") + summary;
      if (printButton) printButton.hidden = count === 0;

      printNote.textContent = "Vergelijking van " + count + (count === 1 ? " praktijkkaart" : " praktijkkaarten") +
        (state.province ? ", initiatieven in " + provinces[state.province] : "") + ". Online: " + window.location.href;
      view.textContent = "";
      view.className = "kb-compare__view kb-compare__view--" + Math.max(count, 1);
      if (!count) return;
      var chosen = state.cards.map(function (id) { return cards[id]; });
      section("kaarten", "Kaarten", chosen, cardCell, false);
      section("effect", legends.impact, chosen, figureCell("impact"), true);
      section("bewijskracht", legends.strength, chosen, figureCell("strength"), true);
      section("kosten", legends.cost, chosen, figureCell("cost"), true);
      section("voor-wie", "Sectoren en leeftijd", chosen, whoCell, true);
      section("hoe-begin-je", "Hoe begin je?", chosen, stepsCell, true);
      var initiativesPart = section("initiatieven", state.province ? "Initiatieven in " + provinces[state.province]
                                                                  : "Initiatieven", chosen, initiativesCell, true);
      if (state.province && regionPages[state.province]) {
        // The cards link to few initiatives; the region page has every one in the provincie, by gemeente.
        var more = el("p", "kb-compare__region");
        more.appendChild(link(siteRoot + regionPages[state.province], "Alle initiatieven in " + provinces[state.province]));
        more.appendChild(document.createTextNode(", ook die niet bij een van deze kaarten horen."));
        initiativesPart.appendChild(more);
      }
      section("bronnen", "Waar de cijfers vandaan komen", chosen, sourcesCell, true);
      view.insertBefore(jumpLinks(), view.firstChild);
    }

    function jumpLinks() {
      // On a phone the criteria stand far apart; these links go straight to one (the page has no table of contents).
      var nav = el("nav", "kb-compare__jump");
      nav.setAttribute("aria-label", "Onderdelen van de vergelijking");
      var list = el("ul");
      view.querySelectorAll(".kb-compare__heading").forEach(function (heading) {
        var item = el("li");
        item.appendChild(link("#" + heading.id, heading.textContent));
        list.appendChild(item);
      });
      nav.appendChild(list);
      return nav;
    }

    function section(key, heading, chosen, fill, labelled) {
      var part = el("section", "kb-compare__criterion kb-compare__criterion--" + key);
      var h = el("h2", "kb-compare__heading", heading);
      h.id = "kb-compare-" + key;
      part.setAttribute("aria-labelledby", h.id);
      part.appendChild(h);
      var row = el("ul", "kb-compare__row");
      chosen.forEach(function (card, i) {
        var cell = el("li", "kb-compare__cell kb-compare__cell--" + (i + 1));
        // Each cell names its card: on a phone the cells stand under each other, and a screen reader reads
        // them one by one, so the column alone cannot say which card a figure belongs to.
        if (labelled) cell.appendChild(el("p", "kb-compare__label", title(card)));
        fill(cell, card, i);
        row.appendChild(cell);
      });
      part.appendChild(row);
      view.appendChild(part);
      return part;
    }

    function cardCell(cell, card) {
      var name = el("p", "kb-compare__card");
      name.appendChild(link(siteRoot + card.url, title(card)));
      cell.appendChild(name);
      cell.appendChild(el("p", "kb-compare__summary", card.summary));
      if (card.themes.length) cell.appendChild(el("p", "kb-compare__meta", "Thema: " + card.themes.join(", ")));
      var button = el("button", "kb-compare__remove md-button", "Verwijder");
      button.type = "button";
      button.setAttribute("aria-label", "Verwijder " + card.title + " uit de vergelijking");
      button.addEventListener("click", function () { remove(card.id); });
      cell.appendChild(button);
    }

    function none(cell, text) { cell.appendChild(el("p", "kb-compare__none", text)); }

    function figureCell(field) {
      return function (cell, card) {
        if (!card.ratings.length) { none(cell, card.no_ratings); return; }
        var list = el("ul", "kb-compare__figures");
        card.ratings.forEach(function (r) {
          var item = el("li");
          item.appendChild(el("span", "kb-compare__toolkit", r.toolkit + ": "));
          var value = r[field];
          if (typeof value === "string") {
            item.appendChild(el("strong", null, value));
          } else {
            if (value.symbols) {
              var drawn = el("span", "kb-scale kb-scale--" + field, value.symbols);
              drawn.setAttribute("aria-hidden", "true");  // the words carry the figure for everyone
              item.appendChild(drawn);
              item.appendChild(document.createTextNode(" "));
            }
            item.appendChild(el("strong", null, value.text));
          }
          if (field === "strength" && r.strength_words) item.appendChild(el("span", "kb-compare__words", " (‘" + r.strength_words + "’)"));
          list.appendChild(item);
        });
        cell.appendChild(list);
      };
    }

    function whoCell(cell, card) {
      var list = el("dl", "kb-compare__who");
      list.appendChild(el("dt", null, "Sectoren"));
      list.appendChild(el("dd", null, card.sectors.length ? card.sectors.join(", ") : "niet genoemd"));
      list.appendChild(el("dt", null, "Leeftijd en leerjaar"));
      list.appendChild(el("dd", null, card.ages.length ? card.ages.join(", ") : "niet genoemd door de bron"));
      cell.appendChild(list);
    }

    function stepsCell(cell, card) {
      if (!card.first_steps.length) { none(cell, "De kaart noemt geen eerste stappen."); return; }
      var list = el("ul", "kb-compare__steps");
      card.first_steps.forEach(function (step) { list.appendChild(el("li", null, step)); });
      cell.appendChild(list);
    }

    function initiativesCell(cell, card) {
      var linked = card.initiatives.map(function (id) { return initiatives[id]; }).filter(Boolean);
      var here = state.province ? linked.filter(function (i) { return i.provinces.indexOf(state.province) >= 0; }) : linked;
      var national = state.province ? linked.filter(function (i) { return i.national; }) : [];
      if (!here.length && !national.length) {
        none(cell, state.province ? "Geen initiatieven bij deze kaart in " + provinces[state.province] + "."
                                  : "Geen initiatieven bij deze kaart.");
        return;
      }
      if (state.province && !here.length) none(cell, "Geen in " + provinces[state.province] + "; wel landelijk:");
      var list = el("ul", "kb-compare__initiatives");
      here.concat(national).forEach(function (i) {
        var item = el("li");
        item.appendChild(link(siteRoot + i.url, i.title));
        item.appendChild(el("span", "kb-compare__where", " (" + i.scope + (i.places ? ": " + i.places : "") + ")"));
        list.appendChild(item);
      });
      cell.appendChild(list);
    }

    function sourcesCell(cell, card) {
      if (!card.ratings.length) { none(cell, card.no_ratings); return; }
      var list = el("ul", "kb-compare__sources");
      card.ratings.forEach(function (r) {
        var item = el("li");
        item.appendChild(el("span", null, r.toolkit_label + ", onderdeel "));
        item.appendChild(link(r.url, r.strand));
        item.appendChild(el("span", null, (r.version ? ", " + r.version : "") + ": overgenomen op " + r.read_on + "."));
        list.appendChild(item);
      });
      cell.appendChild(list);
      var more = el("p", "kb-compare__more");
      more.appendChild(link(siteRoot + card.url + "#waarom-deze-score", "Uitleg bij de cijfers van deze kaart"));
      cell.appendChild(more);
    }
  }

  function start() {
    var root = document.querySelector("[data-kb-compare]");
    if (root && !root.getAttribute("data-kb-ready")) {
      root.setAttribute("data-kb-ready", "true");
      setup(root);
    }
  }
  // Material's instant navigation swaps pages without loading scripts again; it is off on this site, but the
  // guard keeps a second start from drawing twice.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}());
