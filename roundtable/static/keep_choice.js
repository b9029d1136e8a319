// A link marked data-keep-field="role" leaves the page for another task (such as
// "New organization…") and comes back: carry the field's current choice in the link's
// return address (its ?next=), so the choice is still made when the page comes back.
(function () {
  function update(link) {
    var field = document.getElementsByName(link.getAttribute("data-keep-field"))[0];
    if (!field) return;
    var url = new URL(link.href, window.location.href);
    var back = new URL(url.searchParams.get("next") || window.location.pathname,
                       window.location.href);
    back.searchParams.set(field.name, field.value);
    url.searchParams.set("next", back.pathname + back.search);
    link.href = url.pathname + url.search;
  }
  document.querySelectorAll("a[data-keep-field]").forEach(function (link) {
    update(link);
    var field = document.getElementsByName(link.getAttribute("data-keep-field"))[0];
    if (field) field.addEventListener("change", function () { update(link); });
  });
})();
