// Check-in at the door: filter as you type, check in with one tap without reloading.
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) return;
  var search = root.querySelector("[data-checkin-search]");
  var rows = Array.prototype.slice.call(root.querySelectorAll(".checkin-row"));
  var arrived = root.querySelector("[data-arrived]");
  var expected = root.querySelector("[data-expected]");

  // Accents and case do not matter: "barcelo" finds "Barceló", as on the server.
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filter() {
    var needle = fold(search.value.trim());
    rows.forEach(function (row) {
      row.hidden = needle !== "" && row.getAttribute("data-search").indexOf(needle) === -1;
    });
  }
  if (search) {
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (e) { e.preventDefault(); filter(); });
  }

  function render(form, checkedIn) {
    var row = form.closest(".checkin-row");
    var button = form.querySelector("button");
    row.classList.toggle("arrived", checkedIn);
    // The words come from the page, in the reader's language.
    button.textContent = checkedIn ? root.dataset.labelUndo : root.dataset.labelCheckIn;
    button.className = checkedIn ? "undo" : "primary";
    button.removeAttribute("formaction");
    form.setAttribute("action", checkedIn ? form.dataset.undoUrl : form.dataset.checkinUrl);
  }

  root.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-checkin-form")) return;
    e.preventDefault();
    var button = form.querySelector("button");
    var url = button.getAttribute("formaction") || form.getAttribute("action");
    button.disabled = true;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        render(form, result.data.checked_in);
        arrived.textContent = result.data.arrived;
        expected.textContent = result.data.expected;
      } else {
        form.submit();
      }
    }).catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; });
  });
  filter();
})();
