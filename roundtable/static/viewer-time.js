// The event's time in the viewer's own zone, for events with an online audience.
// Static file (the CSP allows no inline script). The server renders the event's own
// time and zone; only the browser knows the viewer's zone, so this line is filled
// here and stays hidden when the viewer's clock reads the same as the event's.
(function () {
  function viewerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch (e) {
      return null;
    }
  }

  function wallClock(date, zone) {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(date);
  }

  function clock(date, zone, locale) {
    var spanish = locale.indexOf("es") === 0;
    return new Intl.DateTimeFormat(locale, {
      timeZone: zone, hour: spanish ? "2-digit" : "numeric", minute: "2-digit",
      hourCycle: spanish ? "h23" : "h12"
    }).format(date).replace(/\u202f/g, " ");
  }

  function day(date, zone, locale) {
    var text = new Intl.DateTimeFormat(locale, {
      timeZone: zone, weekday: "long", day: "numeric", month: "long"
    }).format(date);
    // Spanish running text has no comma after the weekday ("viernes 22 de noviembre").
    return locale.indexOf("es") === 0 ? text.replace(",", "") : text;
  }

  function zoneName(date, zone, locale, names) {
    if (names[zone]) return names[zone];
    var parts;
    try {
      parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" })
        .formatToParts(date);
    } catch (e) {
      parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "long" })
        .formatToParts(date);
    }
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].type === "timeZoneName") return parts[i].value;
    }
    return zone;
  }

  function fill(el) {
    var zone = viewerZone();
    var eventZone = el.getAttribute("data-zone");
    var start = new Date(el.getAttribute("data-start"));
    var end = new Date(el.getAttribute("data-end"));
    if (!zone || zone === eventZone || isNaN(start) || isNaN(end)) return;
    if (wallClock(start, zone) === wallClock(start, eventZone) &&
        wallClock(end, zone) === wallClock(end, eventZone)) return;
    var locale = el.getAttribute("data-locale");
    var names = JSON.parse(el.getAttribute("data-names") || "{}");
    var dash = el.getAttribute("data-dash");
    var when = clock(start, zone, locale) + dash + clock(end, zone, locale) + ", " +
      zoneName(start, zone, locale, names);
    // Another day there: say which ("viernes 22 de noviembre, 00:00–01:30, …").
    if (wallClock(start, zone).slice(0, 10) !== wallClock(start, eventZone).slice(0, 10)) {
      when = day(start, zone, locale) + ", " + when;
    }
    el.textContent = el.getAttribute("data-label").replace("{when}", when);
    el.hidden = false;
  }

  function setUp() {
    var lines = document.querySelectorAll("[data-viewer-time]");
    for (var i = 0; i < lines.length; i++) fill(lines[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
