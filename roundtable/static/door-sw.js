// The door's service worker. Online it stays out of the way; when the network is down,
// the door page opens from the copy its script cached (the page without anyone on it:
// the people come from the device's IndexedDB), with its script, style and manifest.
"use strict";
var CACHE = "roundtable-door";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var scope = new URL(self.registration.scope).pathname;  // ".../manage/events/"
  var rest = url.pathname.indexOf(scope) === 0 ? url.pathname.slice(scope.length) : "";
  var door = rest.match(/^(\d+)\/checkin$/);
  if (request.mode === "navigate" && door) {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(scope + door[1] + "/checkin/offline", { ignoreVary: true });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") !== -1 || /\/door\.webmanifest$/.test(url.pathname)) {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreVary: true, ignoreSearch: true });
      });
    }));
  }
});
