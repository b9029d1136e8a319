// Ask before buttons marked data-confirm (no inline scripts: CSP forbids them).
// A button also marked data-confirm-anyway sends anyway=1 once the person said yes,
// so the server, which asks the same question to pages without script, goes ahead.
document.addEventListener("submit", function (e) {
  var button = e.submitter || e.target.querySelector("[data-confirm]");
  var message = button && button.getAttribute("data-confirm");
  if (!message) return;
  if (!window.confirm(message)) { e.preventDefault(); return; }
  if (button.hasAttribute("data-confirm-anyway") && !e.target.querySelector("input[name=anyway]")) {
    var anyway = document.createElement("input");
    anyway.type = "hidden"; anyway.name = "anyway"; anyway.value = "1";
    e.target.appendChild(anyway);
  }
});
