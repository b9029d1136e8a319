// Ask before destructive buttons marked data-confirm (no inline scripts: CSP forbids them).
document.addEventListener("submit", function (e) {
  var button = e.submitter || e.target.querySelector("[data-confirm]");
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) e.preventDefault();
});
