// The campaign desk: a "tick every row on this page" box, shown only when JavaScript runs
// (without it, each row is ticked by hand and the page works the same).
(function () {
  "use strict";
  var all = document.getElementById("tick-all");
  var wrap = document.getElementById("tick-all-wrap");
  if (!all || !wrap) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".row-tick"));
  wrap.hidden = false;
  function sync() {
    var ticked = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = ticked === boxes.length && ticked > 0;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
  });
  boxes.forEach(function (b) { b.addEventListener("change", sync); });
  sync();
})();
