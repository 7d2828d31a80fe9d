// After a failed submission, move focus to the error summary so keyboard and screen reader
// users land on what needs fixing (the server marks it with role="alert").
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    var section = summary.closest("details");
    if (section) section.open = true;
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
})();

// "Add another exemption": clone the formset's empty row, as Django's admin does.
(function () {
  "use strict";
  var button = document.getElementById("add-citation");
  var template = document.getElementById("citation-template");
  var rows = document.getElementById("citation-rows");
  if (!button || !template || !rows) return;
  var total = document.getElementById("id_" + button.dataset.prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + button.dataset.prefix + "-MAX_NUM_FORMS");
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var select = rows.lastElementChild.querySelector("select");
    if (select) select.focus();
  });
})();

// Phones: a reflowed table (class "reflow") shows each cell under its column's name, so each
// cell carries that name; and a region that scrolls (a wide table, a long letter) must be
// reachable from the keyboard (WCAG 2.1.1, axe "scrollable-region-focusable"), so it gets a
// tab stop and a name, only while it actually scrolls.
(function () {
  "use strict";
  document.querySelectorAll("table.reflow").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName === "TD" && heads[i] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", heads[i].textContent.trim());
        }
      });
    });
  });

  function nameOf(region) {
    var caption = region.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var label = region.getAttribute("data-region-label");
    if (label) return label;
    var summary = region.closest("details") && region.closest("details").querySelector("summary");
    if (summary) return summary.textContent.trim();
    return "Scrollable content";
  }

  function markScrollers() {
    document.querySelectorAll(".table-wrap, .letter, [data-scroll-region]").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-made-focusable", "");
        if (!el.hasAttribute("role")) el.setAttribute("role", "region");
        if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", nameOf(el));
      } else if (!scrolls && el.hasAttribute("data-made-focusable")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-made-focusable");
      }
    });
  }
  markScrollers();
  window.addEventListener("resize", markScrollers);
  // A <details> opened later reveals a letter that may scroll.
  document.addEventListener("toggle", markScrollers, true);
})();
