// Choosing the kind "Reception" ticks "In person only": receptions are not streamed.
// The organizer can still untick it; other kinds leave the box as it is.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var inPersonOnly = document.getElementById("in_person_only");
  if (!kind || !inPersonOnly) {
    return;
  }
  kind.addEventListener("change", function () {
    if (kind.value === "reception") {
      inPersonOnly.checked = true;
    }
  });
})();

// Changing the kind preselects the role it implies for the next person added (a
// keynote's keynote speaker, a panel's panelist) until the organizer picks a role.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var box = document.querySelector("[data-default-roles]");
  var role = document.getElementById("role");
  if (!kind || !box || !role) {
    return;
  }
  var defaults = JSON.parse(box.getAttribute("data-default-roles"));
  var touched = false;
  role.addEventListener("change", function () { touched = true; });
  kind.addEventListener("change", function () {
    if (!touched) {
      role.value = defaults[kind.value] || "speaker";
    }
  });
})();
