// Authority autocomplete: fills the <datalist> of the authority input as the user types.
// Progressive enhancement only: without it the server still resolves a typed name.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("list"));
  var note = document.getElementById("authority-regime");
  var regimes = { foia: "FOIA 2000", eir: "EIR 2004", foisa: "FOISA 2002", eisr: "EISR 2004" };
  var known = {};
  var timer = null;
  var latest = 0;

  function describe() {
    var match = known[input.value.trim().toLowerCase()];
    if (note) {
      note.textContent = match
        ? "This authority answers under " + (regimes[match.default_regime] || match.default_regime) + " unless you choose otherwise below."
        : "";
    }
  }

  function fetchSuggestions() {
    var term = input.value.trim();
    if (term.length < 2) return;
    var ticket = ++latest;
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(term), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (ticket !== latest) return; // an older answer arriving late
        list.textContent = "";
        (data.results || []).forEach(function (a) {
          known[a.name.toLowerCase()] = a;
          var option = document.createElement("option");
          option.value = a.name;
          list.appendChild(option);
        });
        describe();
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
    describe();
  });
  input.addEventListener("change", describe);
  // Typed before this script ran (it is deferred): catch up.
  if (input.value.trim()) fetchSuggestions();
})();
