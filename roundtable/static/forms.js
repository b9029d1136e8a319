// Form helpers for every page (static file: the CSP allows no inline script).
(function () {
  // After a failed submit, put the keyboard where the first problem is.
  function focusFirstInvalid() {
    var invalid = document.querySelector("main [aria-invalid=true], main .has-error input, main .has-error select, main .has-error textarea");
    if (invalid && typeof invalid.focus === "function") invalid.focus();
  }

  // A fieldset marked data-for-mode="in_person" only applies to that way of attending:
  // hide it (and keep it out of the tab order) while another mode is chosen.
  function syncModeSections(form) {
    var chosen = form.querySelector("input[name=mode]:checked");
    var sections = form.querySelectorAll("[data-for-mode]");
    for (var i = 0; i < sections.length; i++) {
      var section = sections[i];
      section.hidden = chosen !== null && chosen.value !== section.getAttribute("data-for-mode");
    }
  }

  function setUp() {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      if (!forms[i].querySelector("[data-for-mode]")) continue;
      syncModeSections(forms[i]);
      forms[i].addEventListener("change", function (e) {
        if (e.target.name === "mode") syncModeSections(e.currentTarget);
      });
    }
    focusFirstInvalid();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
