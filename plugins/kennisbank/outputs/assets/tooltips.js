/* Glossary tooltips: the meaning of an <abbr> shown as text on hover, keyboard focus and tap.
 *
 * This replaces Material's "content.tooltips" feature, which takes the decoded title attribute of every element
 * (and the text of every shortened navigation label) and inserts it into the page as HTML: a title such as
 * "&lt;img src=x onerror=…&gt;" would then run a script. Here the meaning only ever goes in as textContent.
 * WCAG 1.4.13: the tooltip stays while the pointer is on the term or on the tooltip itself, and Escape hides it.
 */
(function () {
  "use strict";

  var tip = null;
  var host = null;
  var hideTimer = 0;
  var SELECTOR = "abbr[title], abbr[data-kb-title]";

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "kb-tooltip";
      tip.className = "kb-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("pointerleave", hideSoon);
      document.body.appendChild(tip);
    }
    return tip;
  }

  function meaning(el) {
    // The title moves to a data attribute on first use, so the browser does not show it a second time.
    if (el.hasAttribute("title")) {
      el.setAttribute("data-kb-title", el.getAttribute("title"));
      el.removeAttribute("title");
    }
    return el.getAttribute("data-kb-title") || "";
  }

  function place(el, box) {
    var rect = el.getBoundingClientRect();
    var viewport = document.documentElement.clientWidth;
    box.style.maxWidth = Math.min(320, viewport - 16) + "px";
    var left = rect.left + rect.width / 2 - box.offsetWidth / 2;
    left = Math.max(8, Math.min(left, viewport - box.offsetWidth - 8));
    var top = rect.bottom + 6;
    if (top + box.offsetHeight > window.innerHeight && rect.top > box.offsetHeight + 12) {
      top = rect.top - box.offsetHeight - 6;
    }
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(el) {
    clearTimeout(hideTimer);
    var text = meaning(el);
    if (!text) return;
    if (host && host !== el) host.removeAttribute("aria-describedby");
    host = el;
    var box = tooltip();
    box.textContent = text;
    box.hidden = false;
    el.setAttribute("aria-describedby", box.id);
    place(el, box);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (host) host.removeAttribute("aria-describedby");
    host = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function term(event) {
    return event.target instanceof Element ? event.target.closest(SELECTOR) : null;
  }

  function prepare() {
    // An abbr cannot take focus by itself: make each term reachable by keyboard (and by a tap on a phone).
    var terms = document.querySelectorAll(".md-content " + SELECTOR);
    for (var i = 0; i < terms.length; i++) {
      if (!terms[i].hasAttribute("tabindex")) terms[i].tabIndex = 0;
    }
  }

  document.addEventListener("pointerover", function (e) { var el = term(e); if (el) show(el); });
  document.addEventListener("pointerout", function (e) {
    var el = term(e);
    if (el && !(e.relatedTarget instanceof Node && el.contains(e.relatedTarget))) hideSoon();
  });
  document.addEventListener("focusin", function (e) { var el = term(e); if (el) show(el); });
  document.addEventListener("focusout", function (e) { if (term(e)) hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && host) hide(); });
  window.addEventListener("resize", function () { if (host && tip && !tip.hidden) place(host, tip); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
