// The door, online and offline: the event's door list kept on this device (IndexedDB),
// search as you type, check in / undo / admit / walk-ins done here at once and queued
// with a unique id and the time they happened, sent to the server when the network is
// there (each id applied once), conflicts shown; QR codes from the camera or a scanner.
// Words come from the page's data-l-* attributes, in the reader's language.
(function () {
  "use strict";
  var root = document.querySelector("[data-door]");
  if (!root || !window.indexedDB) return;
  var EVENT_ID = Number(root.dataset.eventId);
  var DATA_URL = root.dataset.dataUrl;
  var list = root.querySelector("[data-door-list]");
  var search = root.querySelector("[data-checkin-search]");
  var banner = root.querySelector("[data-door-offline]");
  var conflictsBox = root.querySelector("[data-door-conflicts]");
  var scanBox = root.querySelector("[data-door-scan]");
  var state = { event: null, people: [], urls: {}, csrf: root.dataset.csrf, syncing: false };

  function label(name, values) {
    var text = root.getAttribute("data-l-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  // Accents and case do not matter: "barcelo" finds "Barceló", as on the server.
  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }

  // ---- The device's store: the list (names, affiliation, status, code hash) and the queue.
  var STORED = ["id", "name", "affiliation", "status", "action", "question", "rule",
                "expected", "walk_in", "checked_in", "code_hash"];
  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open("roundtable-door", 1);
    request.onupgradeneeded = function () {
      var db = request.result;
      db.createObjectStore("lists", { keyPath: "event_id" });
      db.createObjectStore("queue", { keyPath: "id" });
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function tx(storeName, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(storeName, mode);
        var result = work(t.objectStore(storeName));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function saveList() {
    var people = state.people.map(function (p) {
      var kept = {};
      STORED.forEach(function (key) { kept[key] = p[key]; });
      return kept;
    });
    return tx("lists", "readwrite", function (store) {
      return store.put({ event_id: EVENT_ID, event: state.event, urls: state.urls,
                         people: people });
    });
  }

  function loadList() {
    return tx("lists", "readonly", function (store) { return store.get(EVENT_ID); });
  }

  function queued() {
    return tx("queue", "readonly", function (store) { return store.getAll(); })
      .then(function (all) {
        return all.filter(function (a) { return a.event_id === EVENT_ID; })
          .sort(function (a, b) { return a.seq - b.seq; });
      });
  }

  // ---- Showing the list and the counter.
  function rowFor(person) {
    var li = document.createElement("li");
    li.className = "checkin-row" + (person.checked_in ? " arrived" : "");
    li.dataset.person = person.id;
    var who = document.createElement("div");
    who.className = "who";
    var name = document.createElement("strong");
    name.textContent = person.name;
    who.appendChild(name);
    if (person.walk_in) {
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = label("walk-in");
      who.appendChild(document.createTextNode(" "));
      who.appendChild(badge);
    }
    if (person.affiliation) {
      who.appendChild(document.createElement("br"));
      var small = document.createElement("small");
      small.textContent = person.affiliation;
      who.appendChild(small);
    }
    who.appendChild(document.createElement("br"));
    var status = document.createElement("span");
    status.className = "door-status";
    status.textContent = person.status;
    who.appendChild(status);
    if (person.rule && person.action === "admit") {
      var rule = document.createElement("small");
      rule.className = "door-rule";
      rule.textContent = " · " + ruleFor(person);
      who.appendChild(rule);
    }
    li.appendChild(who);
    var button = actionButton(person, false);
    if (button) li.appendChild(button);
    return li;
  }

  function actionButton(person, big) {
    if (!person.action) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = (person.action === "undo" ? "undo" : "primary") + (big ? " big" : "");
    button.textContent = label(person.action);
    button.setAttribute("aria-label", label(person.action) + ": " + person.name);
    button.dataset.doorAction = person.action;
    button.dataset.personId = person.id;
    return button;
  }

  function seatsTaken() {
    return state.people.filter(function (p) { return p.expected; }).length;
  }

  function overBy() {
    var capacity = state.event && state.event.capacity;
    if (capacity === null || capacity === undefined) return 0;
    return Math.max(0, seatsTaken() + 1 - capacity);
  }

  function ruleFor(person) {
    var over = overBy();
    if (over) return label("over-rule", { num: over });
    return person.rule;
  }

  function render() {
    var needle = fold(search ? search.value.trim() : "");
    var shown = state.people.filter(function (p) {
      if (!needle) return p.expected;
      return fold([p.name, p.affiliation, p.email].join(" ")).indexOf(needle) !== -1;
    });
    shown.sort(function (a, b) {
      if (a.expected !== b.expected) return a.expected ? -1 : 1;
      return fold(a.name) < fold(b.name) ? -1 : fold(a.name) > fold(b.name) ? 1 : 0;
    });
    list.textContent = "";
    shown.forEach(function (p) { list.appendChild(rowFor(p)); });
    if (!shown.length) {
      var empty = document.createElement("li");
      empty.textContent = needle ? label("no-match") : label("nobody");
      list.appendChild(empty);
    }
    var others = root.querySelector("[data-door-others]");
    if (others) others.hidden = true;
    renderCounter();
  }

  function renderCounter() {
    var room = state.people.filter(function (p) { return p.expected; });
    var set = function (sel, value) {
      var el = root.querySelector(sel);
      if (el) el.textContent = value;
    };
    set("[data-arrived]", room.filter(function (p) { return p.checked_in; }).length);
    set("[data-expected]", room.length);
    set("[data-seats]", room.length);
    set("[data-walk-ins]", room.filter(function (p) { return p.walk_in; }).length);
    var box = root.querySelector("[data-door-warnings]");
    var capacity = state.event && state.event.capacity;
    if (!box) return;
    box.textContent = "";
    if (capacity !== null && capacity !== undefined && room.length > capacity) {
      var p = document.createElement("p");
      p.className = "flash flash-warning";
      p.setAttribute("role", "alert");
      p.textContent = label("over-warning", { num: room.length - capacity,
                                              taken: room.length, capacity: capacity });
      box.appendChild(p);
    }
  }

  function showQueueState(count) {
    var offline = !navigator.onLine;
    banner.hidden = !offline && !count;
    banner.classList.toggle("flash-warning", offline);
    banner.classList.toggle("flash-info", !offline);
    var parts = [];
    if (offline) parts.push(label("offline"));
    if (count) parts.push(label("waiting", { count: count }));
    banner.textContent = parts.join(" ");
    root.classList.toggle("door-is-offline", offline);
  }

  function refreshBanner() {
    return queued().then(function (q) { showQueueState(q.length); });
  }

  // ---- Doing something at the door: applied here at once, queued, sent when possible.
  function ask(person, kind) {
    var questions = [];
    if (kind === "admit" && overBy()) questions.push(label("over-question", { num: overBy() }));
    if ((kind === "admit" || kind === "check_in") && isEarly()) {
      questions.push(state.event.early_question);
    }
    return !questions.length || window.confirm(questions.join(" "));
  }

  // Before the event's own day in its zone (the list may have been loaded days ago).
  function isEarly() {
    var event = state.event;
    if (!event || !event.early_question || !event.local_day) return false;
    var today;
    try {
      today = new Intl.DateTimeFormat("en-CA", { timeZone: event.timezone, year: "numeric",
                                                 month: "2-digit", day: "2-digit" })
        .format(new Date());
    } catch (err) { return true; }
    return today < event.local_day;
  }

  function act(kind, person) {
    if (!ask(person, kind)) return Promise.resolve(false);
    var action = { id: uuid(), event_id: EVENT_ID, kind: kind, at: new Date().toISOString(),
                   seq: Date.now() + Math.random() };
    if (kind === "walk_in") {
      action.name = person.name; action.email = person.email;
      action.affiliation = person.affiliation;
      // Said to be someone else after seeing similar names (no email): never "kept once".
      if (person.anyway) action.anyway = true;
    } else {
      action.registration_id = person.id;
    }
    applyLocally(kind, person);
    return tx("queue", "readwrite", function (store) { return store.put(action); })
      .then(saveList).then(function () { render(); return refreshBanner(); })
      .then(function () { sync(); return true; });
  }

  function applyLocally(kind, person) {
    if (kind === "undo") {
      person.checked_in = false; person.action = "check_in";
      person.status = label("pending-undo");
    } else {
      person.checked_in = true; person.expected = true; person.action = "undo";
      person.status = label("pending-" + kind);
    }
    if (kind === "walk_in") {
      // Not on the server yet, so nothing to undo there: the undo waits for the sync.
      person.walk_in = true; person.action = "";
      state.people.push(person);
    }
  }

  function personById(id) {
    return state.people.filter(function (p) { return String(p.id) === String(id); })[0];
  }

  root.addEventListener("click", function (e) {
    var button = e.target.closest("[data-door-action]");
    if (!button) return;
    var person = personById(button.dataset.personId);
    if (!person) return;
    act(button.dataset.doorAction, person).then(function (done) {
      if (done && scanBox && !scanBox.hidden) showScanned(person);
    });
  });

  // ---- Sending the queue: each action once by its id; conflicts kept on the page.
  function sync() {
    if (state.syncing || !navigator.onLine) return Promise.resolve();
    state.syncing = true;
    return queued().then(function (actions) {
      if (!actions.length) return refreshFromServer();
      // A fresh token first: the page may have been open, offline, for hours.
      return fetchData().then(function (data) {
        state.csrf = data.csrf_token;
        return fetch(state.urls.sync || data.urls.sync, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "application/json",
                     "X-CSRFToken": state.csrf },
          body: JSON.stringify({ actions: actions.map(function (a) {
            return { id: a.id, kind: a.kind, at: a.at, registration_id: a.registration_id,
                     name: a.name, email: a.email, affiliation: a.affiliation,
                     anyway: a.anyway === true };
          }) })
        });
      }).then(function (response) {
        if (!response.ok) throw new Error("sync " + response.status);
        return response.json();
      }).then(function (answer) {
        var done = answer.results.map(function (r) { return r.id; });
        answer.results.forEach(function (r) {
          if (r.outcome !== "applied") showConflict(r);
        });
        return tx("queue", "readwrite", function (store) {
          done.forEach(function (id) { if (id) store.delete(id); });
        }).then(refreshFromServer);
      });
    }).catch(function () { /* still offline, or the server is away: kept for next time */ })
      .finally(function () { state.syncing = false; refreshBanner(); });
  }

  function showConflict(result) {
    conflictsBox.hidden = false;
    var item = document.createElement("li");
    item.className = "flash flash-warning";
    item.textContent = result.message;
    conflictsBox.querySelector("ul").appendChild(item);
  }

  function fetchData() {
    return fetch(DATA_URL, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("door data " + response.status);
        return response.json();
      });
  }

  function useData(data) {
    state.event = data.event;
    state.urls = data.urls;
    state.people = data.people;
    if (data.csrf_token) state.csrf = data.csrf_token;
  }

  function refreshFromServer() {
    return fetchData().then(function (data) {
      return queued().then(function (pending) {
        useData(data);
        // What is still waiting to be sent stays applied on this device.
        pending.forEach(function (a) {
          var person = a.kind === "walk_in"
            ? { id: "local-" + a.id, name: a.name, email: a.email, affiliation: a.affiliation }
            : personById(a.registration_id);
          if (person) applyLocally(a.kind, person);
        });
        return saveList();
      });
    }).then(function () { render(); cacheShell(); });
  }

  function loadFromDevice() {
    return loadList().then(function (saved) {
      if (!saved) return;
      state.event = saved.event;
      state.urls = saved.urls;
      state.people = saved.people;
      render();
    });
  }

  // The page without anyone on it, its script and style, for opening the door offline.
  function cacheShell() {
    if (!window.caches || !state.urls.shell) return;
    var assets = [state.urls.shell].concat(
      Array.prototype.map.call(document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=manifest]"),
        function (el) { return el.getAttribute("src") || el.getAttribute("href"); }));
    caches.open("roundtable-door").then(function (cache) { return cache.addAll(assets); })
      .catch(function () { /* offline use is a bonus; the page works without it */ });
  }

  // ---- Walk-ins typed on the door page. The email is optional; without one, people
  // already on the list with a similar name are shown first: the server compares
  // names with rapidfuzz while the network is there, the device compares them itself
  // offline (same words, accents, case, titles and initials aside).
  var HONORIFICS = ["dr", "dra", "mr", "mrs", "ms", "sr", "sra", "srta", "don", "dona",
                    "prof", "profa", "lic", "ing", "mtro", "mtra", "gen", "col", "amb"];
  function nameWords(name) {
    return fold(name).replace(/[^\p{L}\p{N}]+/gu, " ").split(" ").filter(function (w) {
      return w.length > 1 && HONORIFICS.indexOf(w) === -1;
    }).sort().join(" ");
  }

  function similarHere(name) {
    var wanted = nameWords(name);
    return state.people.filter(function (p) { return wanted && nameWords(p.name) === wanted; });
  }

  function similarPeople(name) {
    var url = root.dataset.similarUrl;
    if (!navigator.onLine || !url) return Promise.resolve(similarHere(name));
    var asked = fetch(url + "?name=" + encodeURIComponent(name), {
      credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("similar " + response.status);
        return response.json();
      }).then(function (answer) {
        // Walk-ins added here and not yet sent are known to this device only.
        var found = answer.people.map(function (p) { return personById(p.id) || p; });
        similarHere(name).forEach(function (p) { if (found.indexOf(p) === -1) found.push(p); });
        return found;
      });
    // A venue's Wi-Fi that answers slowly must not hold up the queue at the door.
    var late = new Promise(function (resolve) {
      setTimeout(function () { resolve(null); }, 3000);
    });
    return Promise.race([asked, late]).then(function (found) {
      return found || similarHere(name);
    }, function () { return similarHere(name); });
  }

  var walkIn = root.querySelector("[data-door-walk-in]");
  if (walkIn) {
    walkIn.addEventListener("submit", function (e) {
      e.preventDefault();
      var field = function (name) { return walkIn.elements[name].value.trim(); };
      var error = walkIn.querySelector("[data-walk-in-error]");
      if (!field("name") || (field("email") && field("email").indexOf("@") < 1)) {
        error.hidden = false;
        return;
      }
      error.hidden = true;
      var person = { name: field("name"), email: field("email"),
                     affiliation: field("affiliation"), id: "local-" + uuid() };
      var checked = person.email ? Promise.resolve([]) : similarPeople(person.name);
      checked.then(function (likely) {
        if (likely.length) {
          var names = likely.map(function (p) {
            return p.name + (p.status ? " (" + p.status + ")" : "");
          }).join("; ");
          if (!window.confirm(label("similar", { names: names, name: person.name }))) {
            // Show them in the list, with their buttons: admit or check in the right one.
            if (search) { search.value = person.name; render(); search.focus(); }
            return;
          }
          person.anyway = true;
        }
        return act("walk_in", person).then(function () {
          walkIn.reset();
          walkIn.closest("details").open = false;
        });
      });
    });
  }

  // ---- QR codes: a scanner types the code (or its URL) and Enter; or the camera.
  function codeOf(text) {
    text = (text || "").trim();
    var at = text.lastIndexOf("/checkin/scan/");
    var code = at === -1 ? text : text.slice(at + "/checkin/scan/".length);
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(code) ? code : null;
  }

  function sha256(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function scanned(text) {
    var code = codeOf(text);
    if (!code) return Promise.resolve(false);
    return sha256(code).then(function (hash) {
      var person = state.people.filter(function (p) { return p.code_hash === hash; })[0];
      if (person) showScanned(person);
      else showScanMessage(label("not-found"));
      return true;
    });
  }

  function showScanned(person) {
    scanBox.hidden = false;
    scanBox.querySelector("[data-scan-name]").textContent = person.name;
    scanBox.querySelector("[data-scan-affiliation]").textContent = person.affiliation || "";
    scanBox.querySelector("[data-scan-status]").textContent =
      person.status + (person.action === "admit" ? " · " + ruleFor(person) : "");
    var slot = scanBox.querySelector("[data-scan-button]");
    slot.textContent = "";
    var button = actionButton(person, true);
    if (button) slot.appendChild(button);
    scanBox.scrollIntoView({ block: "nearest" });
    (button || scanBox.querySelector("h2")).focus();
  }

  function showScanMessage(message) {
    scanBox.hidden = false;
    scanBox.querySelector("[data-scan-name]").textContent = message;
    ["[data-scan-affiliation]", "[data-scan-status]", "[data-scan-button]"].forEach(function (s) {
      scanBox.querySelector(s).textContent = "";
    });
  }

  if (search) {
    search.addEventListener("input", render);
    search.form.addEventListener("submit", function (e) {
      e.preventDefault();
      scanned(search.value).then(function (wasCode) {
        if (wasCode) { search.value = ""; render(); }
      });
    });
  }

  var camera = { stream: null, timer: null };
  var video = root.querySelector("[data-door-video]");
  var startButton = root.querySelector("[data-door-camera]");
  var stopButton = root.querySelector("[data-door-camera-stop]");

  function detector() {
    if ("BarcodeDetector" in window) {
      var native = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function (source) {
        return native.detect(source).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    }
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return function (source) {
      var width = source.videoWidth || source.naturalWidth || source.width;
      var height = source.videoHeight || source.naturalHeight || source.height;
      if (!width || !height || !window.jsQR) return Promise.resolve(null);
      canvas.width = width; canvas.height = height;
      context.drawImage(source, 0, 0, width, height);
      var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height);
      return Promise.resolve(found ? found.data : null);
    };
  }

  function stopCamera() {
    if (camera.timer) clearTimeout(camera.timer);
    if (camera.stream) camera.stream.getTracks().forEach(function (t) { t.stop(); });
    camera.stream = null;
    video.hidden = true; stopButton.hidden = true; startButton.hidden = false;
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      showScanMessage(label("no-camera"));
      return;
    }
    var detect;
    try { detect = detector(); } catch (err) { showScanMessage(label("no-camera")); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        camera.stream = stream;
        video.srcObject = stream;
        video.hidden = false; stopButton.hidden = false; startButton.hidden = true;
        return video.play();
      }).then(function look() {
        if (!camera.stream) return;
        detect(video).then(function (text) {
          if (text && codeOf(text)) {
            stopCamera();
            scanned(text);
          } else {
            camera.timer = setTimeout(look, 200);
          }
        }, function () { camera.timer = setTimeout(look, 500); });
      }).catch(function () { stopCamera(); showScanMessage(label("no-camera")); });
  }

  if (startButton) {
    startButton.hidden = false;
    startButton.addEventListener("click", startCamera);
    stopButton.addEventListener("click", stopCamera);
  }

  // For tests and tools: decode a QR code from an image or canvas as the camera would.
  window.roundtableDoor = { decode: function (source) { return detector()(source); },
                            scanned: scanned, sync: sync };

  // ---- Signing out clears the device: the list and the queue go with the volunteer.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("[data-sign-out]") || form.dataset.cleared) return;
    e.preventDefault();
    var done = function () { form.dataset.cleared = "1"; form.submit(); };
    dbPromise.then(function (db) { db.close(); }).finally(function () {
      var request = indexedDB.deleteDatabase("roundtable-door");
      request.onsuccess = request.onerror = request.onblocked = done;
    });
  }, true);

  // ---- Going offline and back.
  window.addEventListener("offline", refreshBanner);
  window.addEventListener("online", function () { refreshBanner(); sync(); });

  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker, { scope: root.dataset.swScope })
      .catch(function () { /* the door works online without it */ });
  }

  root.classList.add("door-live");
  loadFromDevice().then(function () {
    return navigator.onLine ? sync() : null;
  }).finally(refreshBanner);
})();
