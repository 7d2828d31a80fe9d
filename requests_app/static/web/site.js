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
