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
