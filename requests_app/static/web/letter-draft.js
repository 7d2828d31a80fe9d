// Drafted letters: copy the (edited) text, or download it as a .txt file. Without this
// script the download link still serves the unedited draft from the server.
(function () {
  "use strict";
  var text = document.getElementById("letter-text");
  var status = document.getElementById("letter-status");
  if (!text) return;
  function say(message) { if (status) status.textContent = message; }

  var copy = document.getElementById("copy-letter");
  function selectForCopy() {
    text.focus();
    text.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    say(copied ? "Copied. Paste it into your email." : "The letter is selected: press Ctrl+C (or Cmd+C) to copy it.");
  }
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      if (!navigator.clipboard) { selectForCopy(); return; }
      navigator.clipboard.writeText(text.value).then(
        function () { say("Copied. Paste it into your email."); },
        selectForCopy
      );
    });
  }

  var download = document.getElementById("download-letter");
  if (download) {
    download.addEventListener("click", function (event) {
      event.preventDefault();
      var blob = new Blob([text.value], { type: "text/plain;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = download.getAttribute("download") || "letter.txt";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      say("Downloaded, with your changes.");
    });
  }
})();
