// Keyboard access to what scrolls sideways (WCAG 2.1.1): a wide table (Material wraps each
// Markdown table in .md-typeset__scrollwrap) or a chart that does not fit the screen becomes a
// focusable, named region while, and only while, it actually scrolls, so arrow keys can scroll
// it and a screen reader says what it is. Nothing is fetched; without JavaScript the page works
// as before.
(function () {
  "use strict";
  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset > table:not([class]), .warmth-figure";
  var MARK = "data-warmth-scroll";

  // The name of a region: the table's caption, the chart's title, or the nearest heading (or
  // the summary of the collapsible block it sits in) above it.
  function subject(el) {
    var cap = el.querySelector("caption, figcaption, svg > title");
    if (cap && cap.textContent.trim()) return cap.textContent.trim();
    for (var n = el; n && !n.matches("article"); n = n.parentElement) {
      for (var s = n.previousElementSibling; s; s = s.previousElementSibling) {
        if (/^(H[1-6]|SUMMARY)$/.test(s.tagName)) {
          var h = s.cloneNode(true);
          h.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
          return h.textContent.trim();
        }
      }
    }
    return document.title;
  }

  function update(el) {
    var scrolls = el.scrollWidth > el.clientWidth + 1;
    if (scrolls && !el.hasAttribute(MARK)) {
      var kind = el.classList.contains("warmth-figure") ? "图表" : "表格";
      el.setAttribute(MARK, "");
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", kind + "（可左右滚动）：" + subject(el));
    } else if (!scrolls && el.hasAttribute(MARK)) {
      ["tabindex", "role", "aria-label", MARK].forEach(function (a) { el.removeAttribute(a); });
    }
  }

  var watched = new WeakSet();
  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (e) {
      var el = e.target.matches(SCROLLERS) ? e.target : e.target.parentElement.closest(SCROLLERS);
      if (el) update(el);
    });
  }) : null;

  function scan() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      update(el);
      if (observer && !watched.has(el)) {
        watched.add(el);
        observer.observe(el);
        if (el.firstElementChild) observer.observe(el.firstElementChild);
      }
    });
  }

  // Material wraps tables once its bundle has run; document$ announces each new page (also
  // with instant navigation). Scan again on load, when fonts may have changed widths.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setTimeout(scan, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", scan);
  }
  window.addEventListener("load", scan);
  window.addEventListener("resize", scan);
})();
