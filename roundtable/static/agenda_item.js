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
