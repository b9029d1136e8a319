// Check-in at the door without the offline door script: filter as you type over everyone
// registered (without a search, only the people expected in the room are shown).
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) return;
  var search = root.querySelector("[data-checkin-search]");
  var rows = Array.prototype.slice.call(root.querySelectorAll(".checkin-row"));
  var empty = root.querySelector("[data-door-empty]");

  // Accents and case do not matter: "barcelo" finds "Barceló", as on the server.
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function filter() {
    var needle = fold(search.value.trim());
    var shown = 0;
    rows.forEach(function (row) {
      row.hidden = needle === "" ? row.hasAttribute("data-other")
        : fold(row.querySelector(".who").textContent).indexOf(needle) === -1;
      if (!row.hidden) shown += 1;
    });
    if (empty) empty.hidden = shown > 0;
  }
  if (search) search.addEventListener("input", filter);
})();
