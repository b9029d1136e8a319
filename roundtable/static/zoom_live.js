// Who is on Zoom now: polls the organizer-only JSON and fills the section in place.
(function () {
  "use strict";
  var section = document.querySelector("[data-zoom-live]");
  if (!section || !window.fetch) { return; }
  var count = section.querySelector("[data-zoom-count]");
  var list = section.querySelector("[data-zoom-people]");

  function show(data) {
    count.textContent = String(data.count);
    list.replaceChildren();
    if (!data.people.length) {
      var none = document.createElement("li");
      none.textContent = section.dataset.labelNone;
      list.appendChild(none);
    }
    data.people.forEach(function (person) {
      var item = document.createElement("li");
      item.textContent = person.name;
      if (!person.registered) {
        var note = document.createElement("small");
        note.className = "hint";
        note.textContent = " (" + section.dataset.labelGuest + ")";
        item.appendChild(note);
      }
      list.appendChild(item);
    });
  }

  function poll() {
    fetch(section.dataset.zoomLive, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { show(data); } })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, 15000); });
  }
  poll();
}());
