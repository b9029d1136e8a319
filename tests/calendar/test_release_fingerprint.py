"""Stored calendar pieces and validators carry what built them (issue 21, item 7)."""

import shutil
import time

from roundtable.calendar import fingerprint, store


def _serve(client, **headers):
    return client.get("/calendar.ics?lang=es", headers=headers)


def _wait_a_second():
    time.sleep(1.1)  # HTTP dates have whole seconds: a new Last-Modified must be later


def test_the_fingerprint_follows_catalogs_and_calendar_code(tmp_path, app):
    root = tmp_path / "translations"
    shutil.copytree(app.config["BABEL_TRANSLATION_DIRECTORIES"], root)
    first = fingerprint._fingerprint(str(root))
    assert fingerprint._fingerprint(str(root)) == first  # the same release, the same print
    [catalog] = fingerprint._catalogs(root)
    catalog.write_bytes(catalog.read_bytes().replace(b"Agregar", b"Anadir", 1))
    fingerprint._fingerprint.cache_clear()
    assert fingerprint._fingerprint(str(root)) != first
    assert any(p.name == "ics.py" for p in fingerprint._sources())
    assert any(p.name == "labels.py" for p in fingerprint._sources())


def test_a_release_gives_new_bytes_etag_and_last_modified(app, client, make_full_event,
                                                          settled_clock, monkeypatch):
    make_full_event()
    before = _serve(client)
    assert before.status_code == 200 and before.last_modified
    etag, modified = before.headers["ETag"], before.headers["Last-Modified"]
    assert _serve(client, **{"If-None-Match": etag}).status_code == 304
    _wait_a_second()
    # A release that changes a Spanish label or the calendar code: a new fingerprint.
    monkeypatch.setattr(store, "calendar_fingerprint", lambda: "next-release")
    assert _serve(client, **{"If-None-Match": etag}).status_code == 200
    after = _serve(client, **{"If-Modified-Since": modified})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.last_modified > before.last_modified


def test_a_new_sender_moves_last_modified(app, client, make_full_event, settled_clock):
    make_full_event()
    before = client.get("/calendar.ics")
    assert b"ORGANIZER" in before.data
    modified = before.headers["Last-Modified"]
    _wait_a_second()
    app.config["MAIL_DEFAULT_SENDER"] = "Roundtable Tucson <events@tucson.example>"
    after = client.get("/calendar.ics", headers={"If-Modified-Since": modified})
    assert after.status_code == 200
    assert after.last_modified > before.last_modified
    # Every worker reads the same first-served time: it is stored, not per process.
    app.extensions.pop("roundtable.build_since")
    assert client.get("/calendar.ics").headers["Last-Modified"] == after.headers["Last-Modified"]
