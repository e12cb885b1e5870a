/* Kennisbank self-scan ("Zelfscan"): statements answered with radio buttons, results with their reasons.
 *
 * templates/zelfscan.md.j2 ships static lists (each statement with its theme) and, after the sanitiser, an empty
 * hidden element with the data in a JSON script element (outputs/zelfscan.py). This script builds the form there
 * and hides the lists, so readers without JavaScript keep them. Nothing is stored or sent and no cookie is set:
 * the answers live only in the page address, after the '#' (which browsers never send to a server), so a team
 * can share and compare them. Statements, reasons and titles are contributor input: every text enters the page
 * through textContent, never as markup.
 *
 * The page's front matter loads this script on the self-scan page only. */
(function () {
  "use strict";

  var ID = "kb-zelfscan";
  var WEIGHT = Object.assign(Object.create(null), { nee: 2, deels: 1 });  // how strongly an answer points to a statement's theme and cards

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(url, text) {
    var a = el("a", null, text);
    a.href = url;
    return a;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // Lookups keyed by values from the address or the content ('constructor' is a valid statement key): without
  // a prototype, a missing key is undefined and never an inherited property.
  function map() { return Object.create(null); }

  function start() {
    var root = document.getElementById(ID);
    var source = document.getElementById(ID + "-data");
    if (!root || !source) return;
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      if (window.console) window.console.error("Zelfscan:", error);
      return;  // the static lists stay
    }
    if (!data || !data.scans || !data.scans.length) return;

    var params = data.parameters;
    var answerLabel = map();
    data.answers.forEach(function (a) { answerLabel[a[0]] = a[1]; });
    var sectorLabel = map();
    data.sectors.forEach(function (s) { sectorLabel[s[0]] = s[1]; });
    var scanById = map();
    data.scans.forEach(function (scan) { scanById[scan.id] = scan; });

    // -- state, read from and written to the address --------------------------------------------------
    var state = { scan: data.scans[0], sector: data.scans[0].sectors[0], answers: map() };

    function readAddress() {
      var hash = window.location.hash.replace(/^#/, "");
      var query = new URLSearchParams(hash.indexOf("=") < 0 && scanById[hash] ? params.role + "=" + hash : hash);
      var scan = scanById[query.get(params.role)] || data.scans[0];
      var sector = query.get(params.sector);
      if (scan.sectors.indexOf(sector) < 0) sector = scan.sectors[0];
      var answers = map();
      scan.statements.forEach(function (s) {
        var value = query.get(s.key);
        if (value && answerLabel[value] && s.sectors.indexOf(sector) >= 0) answers[s.key] = value;
      });
      state = { scan: scan, sector: sector, answers: answers };
    }

    function address() {
      var query = new URLSearchParams();
      query.set(params.role, state.scan.id);
      query.set(params.sector, state.sector);
      visibleStatements().forEach(function (s) {
        if (state.answers[s.key]) query.set(s.key, state.answers[s.key]);
      });
      return window.location.pathname + window.location.search + "#" + query.toString();
    }

    function writeAddress() {
      // replaceState: each click is not a step of the back button, and changing the hash this way neither
      // scrolls nor fires hashchange.
      window.history.replaceState(null, "", address());
      shareField.value = window.location.href;
    }

    function visibleStatements() {
      return state.scan.statements.filter(function (s) { return s.sectors.indexOf(state.sector) >= 0; });
    }

    // -- the form --------------------------------------------------------------------------------------
    var uid = 0;
    function radioGroup(legendText, name, options, checked, onChange, className) {
      var fieldset = el("fieldset", className);
      fieldset.appendChild(el("legend", null, legendText));
      var group = el("div", "kb-zelfscan__options");
      options.forEach(function (option) {
        var id = ID + "-" + (++uid);
        var input = el("input");
        input.type = "radio";
        input.name = name;
        input.id = id;
        input.value = option[0];
        input.checked = option[0] === checked;
        input.addEventListener("change", function () { if (input.checked) onChange(option[0]); });
        var label = el("label", null, option[1]);
        label.htmlFor = id;
        var item = el("span", "kb-zelfscan__option");
        item.appendChild(input);
        item.appendChild(label);
        group.appendChild(item);
      });
      fieldset.appendChild(group);
      return fieldset;
    }

    var form = el("form", "kb-zelfscan__form");
    form.setAttribute("aria-labelledby", ID + "-title");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var choices = el("div", "kb-zelfscan__choices");
    var scanIntro = el("div", "kb-zelfscan__intro");
    var statementsBox = el("div", "kb-zelfscan__statements");
    var clearButton = el("button", "md-button", "Wis mijn antwoorden");
    clearButton.type = "button";
    clearButton.addEventListener("click", function () {
      state.answers = map();
      writeAddress();
      drawStatements();
      drawResults();
    });

    var resultsBox = el("section", "kb-zelfscan__results");
    resultsBox.setAttribute("aria-labelledby", ID + "-results-title");
    var resultsTitle = el("h2", null, "Wat bij je antwoorden past");
    resultsTitle.id = ID + "-results-title";
    var status = el("p", "kb-zelfscan__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var resultList = el("div", "kb-zelfscan__list");

    var share = el("p", "kb-zelfscan__share");
    var shareLabel = el("label", null, "Link naar deze antwoorden, om te delen met je team");
    var shareField = el("input");
    shareField.type = "text";
    shareField.readOnly = true;
    shareField.id = ID + "-link";
    shareLabel.htmlFor = shareField.id;
    var copyButton = el("button", "md-button", "Kopieer de link");
    copyButton.type = "button";
    var copied = el("span", "kb-zelfscan__copied");
    copied.setAttribute("role", "status");
    copyButton.addEventListener("click", function () {
      shareField.select();
      var done = function () { copied.textContent = "De link is gekopieerd."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(shareField.value).then(done, function () {
          copied.textContent = "Kopiëren lukte niet; de link is geselecteerd, kopieer hem zelf.";
        });
      } else {
        copied.textContent = "De link is geselecteerd; kopieer hem met Ctrl+C of Cmd+C.";
      }
    });
    share.appendChild(shareLabel);
    share.appendChild(shareField);
    share.appendChild(copyButton);
    share.appendChild(copied);

    // -- comparing with colleagues: their links, read here and kept only in this page ------------------------
    var colleagues = [];  // [{name, answers}], for the scan and sector on screen
    var compareBox = el("section", "kb-zelfscan__compare");
    compareBox.setAttribute("aria-labelledby", ID + "-compare-title");
    var compareTitle = el("h3", null, "Vergelijk met je team");
    compareTitle.id = ID + "-compare-title";
    var compareIntro = el("p", null, "Plak de link van een collega die dezelfde scan invulde. De antwoorden komen " +
      "hier naast de jouwe; ook dat gebeurt alleen in je eigen browser.");
    var compareField = el("input");
    compareField.type = "text";
    compareField.id = ID + "-colleague";
    compareField.autocomplete = "off";
    compareField.spellcheck = false;
    var compareLabel = el("label", null, "Link van een collega");
    compareLabel.htmlFor = compareField.id;
    var compareButton = el("button", "md-button", "Zet ernaast");
    compareButton.type = "button";
    var compareStatus = el("p", "kb-zelfscan__compare-status");
    compareStatus.setAttribute("role", "status");
    var compareTable = el("div", "kb-zelfscan__table");
    var compareRow = el("p", "kb-zelfscan__compare-field");
    compareRow.appendChild(compareLabel);
    compareRow.appendChild(compareField);
    compareRow.appendChild(compareButton);
    compareBox.appendChild(compareTitle);
    compareBox.appendChild(compareIntro);
    compareBox.appendChild(compareRow);
    compareBox.appendChild(compareStatus);
    compareBox.appendChild(compareTable);

    function addColleague() {
      var text = compareField.value.trim();
      var query = new URLSearchParams(text.indexOf("#") >= 0 ? text.slice(text.indexOf("#") + 1) : text);
      if (query.get(params.role) !== state.scan.id || query.get(params.sector) !== state.sector) {
        var scan = scanById[query.get(params.role)];
        compareStatus.textContent = scan
          ? "Die link hoort bij de " + scan.title.toLowerCase() + " (" + (sectorLabel[query.get(params.sector)] ||
            "onbekende sector").toLowerCase() + "). Kies eerst dezelfde scan en sector, of plak een andere link."
          : "Dat lijkt geen link van deze zelfscan. Kopieer de link onder de uitkomsten van je collega.";
        return;
      }
      var answers = map();
      visibleStatements().forEach(function (s) {
        var value = query.get(s.key);
        if (value && answerLabel[value]) answers[s.key] = value;
      });
      colleagues.push({ name: "Collega " + (colleagues.length + 1), answers: answers });
      compareField.value = "";
      drawComparison();
      compareStatus.textContent = colleagues[colleagues.length - 1].name + " staat in de tabel, met " +
        plural(Object.keys(answers).length, "antwoord", "antwoorden") + ".";
    }
    compareButton.addEventListener("click", addColleague);
    compareField.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); addColleague(); }
    });

    function drawComparison() {
      compareTable.textContent = "";
      if (!colleagues.length) return;
      var wrap = el("div", "kb-zelfscan__table-wrap");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Antwoorden naast elkaar");
      wrap.tabIndex = 0;  // a region that scrolls sideways on a phone must be reachable with the keyboard
      var table = el("table", "kb-zelfscan__compare-table");  // a class: Material's table styles stay away
      table.appendChild(el("caption", null, "Jouw antwoorden naast die van je collega's"));
      var head = el("tr");
      ["Stelling", "Jij"].concat(colleagues.map(function (c) { return c.name; })).concat(["Verschil"])
        .forEach(function (text) {
          var th = el("th", null, text);
          th.scope = "col";
          head.appendChild(th);
        });
      var thead = el("thead");
      thead.appendChild(head);
      table.appendChild(thead);
      var body = el("tbody");
      visibleStatements().forEach(function (s, index) {
        var row = el("tr");
        var th = el("th", null, (index + 1) + ". " + s.text);
        th.scope = "row";
        row.appendChild(th);
        var given = [state.answers[s.key]].concat(colleagues.map(function (c) { return c.answers[s.key]; }));
        given.forEach(function (value) { row.appendChild(el("td", null, value ? answerLabel[value] : "–")); });
        var differs = given.filter(Boolean).some(function (value, i, all) { return value !== all[0]; });
        if (differs) row.className = "kb-zelfscan__differs";
        row.appendChild(el("td", null, differs ? "ja" : ""));
        body.appendChild(row);
      });
      table.appendChild(body);
      wrap.appendChild(table);
      compareTable.appendChild(wrap);
      var clear = el("button", "md-button", "Haal de collega's weg");
      clear.type = "button";
      clear.addEventListener("click", function () {
        colleagues = [];
        drawComparison();
        compareStatus.textContent = "De tabel is leeg.";
        compareField.focus();
      });
      compareTable.appendChild(clear);
    }

    // The role and sector choices are made once, so a keyboard user stepping through them keeps the focus;
    // syncChoices sets them from the state.
    var roleInputs = [], sectorInputs = [];
    function buildChoices() {
      if (data.scans.length > 1) {
        choices.appendChild(radioGroup("Ik vul de scan in als", "kb-zelfscan-rol",
          data.scans.map(function (scan) { return [scan.id, scan.role]; }), state.scan.id, function (value) {
            var scan = scanById[value];
            state = { scan: scan, sector: scan.sectors.indexOf(state.sector) >= 0 ? state.sector : scan.sectors[0],
                      answers: map() };
            writeAddress();
            changedScan();
            drawAll();
          }, "kb-zelfscan__choice"));
        roleInputs = Array.prototype.slice.call(choices.querySelectorAll("input[name='kb-zelfscan-rol']"));
      }
      if (data.sectors.length > 1) {
        choices.appendChild(radioGroup("Sector", "kb-zelfscan-sector", data.sectors, state.sector, function (value) {
          state.sector = value;
          var keep = map();
          visibleStatements().forEach(function (s) { if (state.answers[s.key]) keep[s.key] = state.answers[s.key]; });
          state.answers = keep;
          writeAddress();
          changedScan();
          drawStatements();
          drawResults();
        }, "kb-zelfscan__choice"));
        sectorInputs = Array.prototype.slice.call(choices.querySelectorAll("input[name='kb-zelfscan-sector']"));
      }
    }

    function syncChoices() {
      roleInputs.forEach(function (input) { input.checked = input.value === state.scan.id; });
      sectorInputs.forEach(function (input) {
        input.checked = input.value === state.sector;
        input.disabled = state.scan.sectors.indexOf(input.value) < 0;
      });
    }

    function drawStatements() {
      scanIntro.textContent = "";
      var title = el("h2", null, state.scan.title);
      title.id = ID + "-title";
      scanIntro.appendChild(title);
      scanIntro.appendChild(el("p", null, state.scan.summary));
      statementsBox.textContent = "";
      visibleStatements().forEach(function (statement, index) {
        statementsBox.appendChild(radioGroup((index + 1) + ". " + statement.text, "kb-zelfscan-" + statement.key,
          data.answers, state.answers[statement.key] || null, function (value) {
            state.answers[statement.key] = value;
            writeAddress();
            drawResults();
          }, "kb-zelfscan__statement"));
      });
    }

    // -- the results -----------------------------------------------------------------------------------
    function drawResults() {
      resultList.textContent = "";
      var statements = visibleStatements();
      var answered = statements.filter(function (s) { return state.answers[s.key]; });
      var pointing = statements.filter(function (s) { return WEIGHT[state.answers[s.key]]; });
      pointing.sort(function (a, b) { return WEIGHT[state.answers[b.key]] - WEIGHT[state.answers[a.key]]; });
      var strong = statements.filter(function (s) { return state.answers[s.key] === "ja"; });

      // Themes, strongest first: the sum of the weights of the statements that point to them.
      var themes = [], byUrl = map();
      pointing.forEach(function (s) {
        var theme = byUrl[s.theme.url];
        if (!theme) {
          theme = byUrl[s.theme.url] = { title: s.theme.title, url: s.theme.url, score: 0, statements: 0 };
          themes.push(theme);
        }
        theme.score += WEIGHT[state.answers[s.key]];
        theme.statements += 1;
      });
      themes.sort(function (a, b) { return b.score - a.score; });
      var cards = map();
      pointing.forEach(function (s) { cardsFor(s).forEach(function (c) { cards[c.url] = true; }); });
      var cardCount = Object.keys(cards).length;

      if (!answered.length) {
        status.textContent = "Je hebt nog geen stellingen beantwoord. Er " + (statements.length === 1 ? "is " : "zijn ") +
          plural(statements.length, "stelling", "stellingen") + ".";
      } else {
        status.textContent = plural(answered.length, "stelling", "stellingen") + " van " + statements.length +
          " beantwoord. " + (pointing.length
            ? plural(themes.length, "thema", "thema's") + " en " + plural(cardCount, "praktijkkaart", "praktijkkaarten") +
              " passen bij je antwoorden."
            : "Alles wat je beantwoordde klopt al; daar hoeft de scan niets bij aan te raden.");
      }

      if (themes.length) {
        resultList.appendChild(el("h3", null, "Begin bij deze thema's"));
        var list = el("ol", "kb-zelfscan__themes");
        themes.forEach(function (theme) {
          var item = el("li");
          item.appendChild(link(theme.url, theme.title));
          item.appendChild(document.createTextNode(" (" + plural(theme.statements, "stelling", "stellingen") + ")"));
          list.appendChild(item);
        });
        resultList.appendChild(list);
        resultList.appendChild(el("h3", null, "Per stelling: waarom en waar je verder kunt"));
        var details = el("ul", "kb-zelfscan__reasons");
        pointing.forEach(function (s) { details.appendChild(reasonItem(s)); });
        resultList.appendChild(details);
      }
      drawComparison();
      if (strong.length) {
        resultList.appendChild(el("h3", null, "Wat al klopt"));
        var good = el("ul", "kb-zelfscan__strong");
        strong.forEach(function (s) { good.appendChild(el("li", null, s.text)); });
        resultList.appendChild(good);
      }
    }

    function cardsFor(statement) {
      return statement.practices.filter(function (p) { return p.sectors.indexOf(state.sector) >= 0; });
    }

    function reasonItem(statement) {
      var item = el("li", "kb-zelfscan__reason");
      var said = el("p");
      said.appendChild(el("strong", null, answerLabel[state.answers[statement.key]] + ": "));
      said.appendChild(document.createTextNode(statement.text));
      item.appendChild(said);
      item.appendChild(el("p", null, statement.reason));
      var where = el("p");
      where.appendChild(document.createTextNode("Thema: "));
      where.appendChild(link(statement.theme.url, statement.theme.title));
      item.appendChild(where);
      var cards = cardsFor(statement);
      if (cards.length) {
        var list = el("ul");
        list.setAttribute("aria-label", "Praktijkkaarten bij deze stelling");
        cards.forEach(function (card) {
          var li = el("li");
          li.appendChild(link(card.url, card.title));
          list.appendChild(li);
        });
        item.appendChild(list);
      }
      return item;
    }

    function drawAll() {
      syncChoices();
      drawStatements();
      drawResults();
    }

    function changedScan() {
      // Colleagues' answers belong to one scan and sector.
      if (colleagues.length) compareStatus.textContent = "De vergelijking is gewist: die hoort bij een andere scan of sector.";
      colleagues = [];
      drawComparison();
    }

    form.appendChild(choices);
    form.appendChild(scanIntro);
    form.appendChild(statementsBox);
    form.appendChild(clearButton);
    resultsBox.appendChild(resultsTitle);
    resultsBox.appendChild(status);
    resultsBox.appendChild(resultList);
    resultsBox.appendChild(share);
    resultsBox.appendChild(compareBox);
    root.appendChild(form);
    root.appendChild(resultsBox);

    // The static lists and their entries in the table of contents make way for the form; a table of contents
    // left empty goes too.
    var statics = Array.prototype.slice.call(document.querySelectorAll(".kb-zelfscan-static"));
    statics.forEach(function (node) { node.hidden = true; });
    document.querySelectorAll(".md-nav--secondary").forEach(function (nav) {
      var kept = 0;
      nav.querySelectorAll("a[href^='#']").forEach(function (a) {
        var target = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
        var item = a.closest("li");
        var inside = statics.some(function (node) { return target && node.contains(target); });
        if (inside && item) item.hidden = true; else kept++;
      });
      if (!kept) nav.hidden = true;
    });
    root.hidden = false;

    readAddress();
    buildChoices();
    drawAll();
    shareField.value = window.location.href;
    if (window.location.hash) writeAddress();  // '#leraar' (a link to one scan) becomes the full address
    window.addEventListener("hashchange", function () {
      // Someone pasted a colleague's link into this tab, or followed a link to one scan: show those answers.
      var before = state.scan.id + "/" + state.sector;
      readAddress();
      if (state.scan.id + "/" + state.sector !== before) changedScan();
      drawAll();
      writeAddress();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
