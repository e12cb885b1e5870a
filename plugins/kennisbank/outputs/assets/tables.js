/* Wide tables that scroll sideways can be reached by keyboard (WCAG 2.1.1; axe: scrollable-region-focusable).
 *
 * Material wraps every plain table in a scroll box (.md-typeset__scrollwrap) that nothing can focus, so on a phone
 * a keyboard cannot scroll to the columns off screen. A box whose table is wider than it becomes a named region
 * in the tab order ("Tabel: De bestanden", after the heading above it); when the table fits again (a wider
 * window), the box is plain again, so screen readers do not meet a region for every small table.
 */
(function () {
  "use strict";

  var WRAP = ".md-typeset__scrollwrap";

  function headingText(heading) {
    // The heading's own text, without Material's permalink sign.
    var text = "";
    heading.childNodes.forEach(function (node) {
      if (!(node.classList && node.classList.contains("headerlink"))) text += node.textContent;
    });
    return text.replace(/\s+/g, " ").trim();
  }

  function name(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return "Tabel: " + caption.textContent.replace(/\s+/g, " ").trim();
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) {
        var text = headingText(el);
        if (text) return "Tabel: " + text;
      }
    }
    return "Tabel";
  }

  function scrolls(wrap) {
    return wrap.scrollWidth > wrap.clientWidth + 1;
  }

  function update(wrap, wide) {
    if (wide && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", name(wrap));
    } else if (!wide && wrap.hasAttribute("tabindex")) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  function mount() {
    var wraps = Array.prototype.slice.call(document.querySelectorAll(WRAP));
    if (!wraps.length) return;
    // Every width is read before any attribute is written: a write between two reads would make the browser
    // lay the page out again for each table (a briefing at 10,000 entries has dozens of them).
    var wide = wraps.map(scrolls);
    wraps.forEach(function (wrap, i) { update(wrap, wide[i]); });
    if (typeof ResizeObserver === "function") {
      var observer = new ResizeObserver(function (entries) {
        var targets = entries.map(function (entry) { return entry.target; });
        var now = targets.map(scrolls);
        targets.forEach(function (wrap, i) { update(wrap, now[i]); });
      });
      wraps.forEach(function (wrap) { observer.observe(wrap); });
    }
  }

  // Material wraps the tables when the page is ready (its document$); this script comes after Material's bundle,
  // so it sees the boxes. Without Material's bundle there are no boxes and nothing to do.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
