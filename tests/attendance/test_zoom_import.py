"""Uploading a Zoom report: matching, rejoins summed, idempotent, warnings, errors store nothing."""

from sqlalchemy import func, select

from roundtable.attendance.models import OnlineAttendee, OnlineJoin
from roundtable.extensions import db
from tests.attendance.conftest import upload, zoom_file


def _people(app, event_id):
    with app.app_context():
        rows = db.session.scalars(select(OnlineAttendee).where(
            OnlineAttendee.event_id == event_id).order_by(OnlineAttendee.name))
        return {a.name: (a.status, a.registration_id, a.matched_by, a.minutes) for a in rows}


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_upload_matches_by_email_then_name_and_sums_rejoins(app, client, roundtable):
    response = upload(client, roundtable["event_id"], zoom_file("zoom_participants_bom.csv"))
    assert response.status_code == 302
    people = _people(app, roundtable["event_id"])
    # Two rows for Raúl, matched by email whatever its case: 31 + 55 minutes.
    assert people["Raúl Benítez"] == ("matched", roundtable["raul"], "email", 86)
    # No email on Zoom: "Dra. María José Ortíz" is the registrant "María José Ortiz".
    assert people["Dra. María José Ortíz"] == ("matched", roundtable["maria"], "name", 93)
    # Lupe's Zoom email is not her registration's; "Correa, Guadalupe" is no name match.
    assert people["Correa, Guadalupe"][0] == "unmatched"
    assert people["iPhone de Luis"][0] == "unmatched"
    assert people["Ana Barceló Durazo"][0] == "unmatched"
    page = client.get(f"/manage/events/{roundtable['event_id']}/attendance").get_data(True)
    assert "3 participants matched no registration" in page
    assert "Raúl Benítez Manaut" in page


def test_reimporting_the_same_file_changes_nothing(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    before = (_people(app, event_id), _count(app, OnlineJoin))
    response = upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    assert response.status_code == 302
    assert (_people(app, event_id), _count(app, OnlineJoin)) == before
    assert before[1] == 6


def test_hand_decisions_survive_a_reimport(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    with app.app_context():
        ids = {a.name: a.id for a in db.session.scalars(select(OnlineAttendee))}
    url = f"/manage/events/{event_id}/attendance/online/"
    client.post(url + str(ids["Correa, Guadalupe"]),
                data={"decision": "match", "registration_id": roundtable["lupe"]})
    client.post(url + str(ids["iPhone de Luis"]), data={"decision": "unregistered"})
    client.post(url + str(ids["Ana Barceló Durazo"]), data={"decision": "ignored"})
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    people = _people(app, event_id)
    assert people["Correa, Guadalupe"][:3] == ("matched", roundtable["lupe"], "hand")
    assert people["iPhone de Luis"][0] == "unregistered"
    assert people["Ana Barceló Durazo"][0] == "ignored"


def test_one_registration_is_matched_to_one_participant(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    with app.app_context():
        luis = db.session.scalar(select(OnlineAttendee.id).where(
            OnlineAttendee.name == "iPhone de Luis"))
    response = client.post(f"/manage/events/{event_id}/attendance/online/{luis}",
                           data={"decision": "match", "registration_id": roundtable["raul"]},
                           follow_redirects=True)
    assert "already matched" in response.get_data(True)
    assert _people(app, event_id)["iPhone de Luis"][0] == "unmatched"


def test_another_events_registration_cannot_be_matched(app, client, roundtable, make_event,
                                                        add_registration):
    other = add_registration(make_event(), "Raúl Benítez Manaut", "raul@example.org")
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    with app.app_context():
        luis = db.session.scalar(select(OnlineAttendee.id).where(
            OnlineAttendee.name == "iPhone de Luis"))
    response = client.post(f"/manage/events/{event_id}/attendance/online/{luis}",
                           data={"decision": "match", "registration_id": other},
                           follow_redirects=True)
    assert "Choose one of this event" in response.get_data(True)
    assert _people(app, event_id)["iPhone de Luis"][1] is None


def test_latin1_file_matches_accented_names(app, client, roundtable):
    upload(client, roundtable["event_id"], zoom_file("zoom_participants_latin1.csv"))
    people = _people(app, roundtable["event_id"])
    assert people["Raúl Benítez Manaut"] == ("matched", roundtable["raul"], "email", 86)
    assert people["José Ángel Peña"][0] == "unmatched"


def test_another_meeting_id_warns_and_stores_nothing_until_confirmed(app, client, roundtable):
    data = zoom_file("zoom_participants_bom.csv").replace(b"855 1234 5678", b"811 0000 1111")
    response = upload(client, roundtable["event_id"], data)
    assert response.status_code == 200
    assert "for Zoom meeting 811 0000 1111" in response.get_data(True)
    assert _count(app, OnlineAttendee) == 0
    response = upload(client, roundtable["event_id"], data, other_meeting="y")
    assert response.status_code == 302
    assert _count(app, OnlineAttendee) == 6 - 1  # Raúl's two rows are one person


def test_malformed_file_names_the_line_and_stores_nothing(app, client, roundtable):
    data = zoom_file("zoom_participants_bom.csv").replace(b"11/21/2024 04:10:00 PM", b"soon")
    response = upload(client, roundtable["event_id"], data)
    assert response.status_code == 200
    assert "Line 10: the join time" in response.get_data(True)
    assert _count(app, OnlineAttendee) == 0 and _count(app, OnlineJoin) == 0


def test_too_large_a_file_is_refused(app, client, roundtable):
    from roundtable.attendance import zoom

    header = b"Name,Join Time,Leave Time\n"
    row = b"Luz,11/21/2024 16:00:00,11/21/2024 16:10:00\n"
    data = header + row * (zoom.MAX_BYTES // len(row) + 1)
    response = upload(client, roundtable["event_id"], data)
    assert response.status_code == 200
    assert "larger than" in response.get_data(True)
    assert _count(app, OnlineAttendee) == 0


def test_only_the_events_organizers_may_upload(app, client, roundtable, make_user):
    from tests.managing import sign_in

    client.post("/logout")
    sign_in(client, make_user)
    response = upload(client, roundtable["event_id"], zoom_file("zoom_participants_bom.csv"))
    assert response.status_code == 404
    assert client.get(f"/manage/events/{roundtable['event_id']}/attendance").status_code == 404
    assert _count(app, OnlineAttendee) == 0


def test_upload_and_decisions_need_a_csrf_token(app, csrf_app, roundtable):
    client = csrf_app.test_client()
    response = upload(client, roundtable["event_id"], zoom_file("zoom_participants_bom.csv"))
    assert response.status_code == 400
    response = client.post(f"/manage/events/{roundtable['event_id']}/attendance/online/1",
                           data={"decision": "ignored"})
    assert response.status_code == 400
    assert _count(app, OnlineAttendee) == 0


def test_a_wrong_import_can_be_removed_and_redone(app, client, roundtable):
    event_id = roundtable["event_id"]
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    page = client.get(f"/manage/events/{event_id}/attendance").get_data(True)
    assert "Remove the imported Zoom data" in page
    response = client.post(f"/manage/events/{event_id}/attendance/zoom/clear",
                           follow_redirects=True)
    assert "Removed 5 Zoom participants" in response.get_data(True)
    assert _count(app, OnlineAttendee) == 0 and _count(app, OnlineJoin) == 0
    upload(client, event_id, zoom_file("zoom_participants_latin1.csv"))
    assert set(_people(app, event_id)) == {"Raúl Benítez Manaut", "José Ángel Peña"}


def test_only_the_report_field_takes_a_file(app, client, roundtable):
    import io

    event_id = roundtable["event_id"]
    response = client.post(
        f"/manage/events/{event_id}/attendance/zoom", content_type="multipart/form-data",
        data={"report": (io.BytesIO(zoom_file("zoom_participants_bom.csv")), "p.csv"),
              "confirm_meeting": (io.BytesIO(b"y"), "x.txt")})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(OnlineJoin.id))) == 0


def test_a_spanish_zoom_report_imports_like_the_english_one(app, client, roundtable):
    response = upload(client, roundtable["event_id"], zoom_file("zoom_participants_es.csv"))
    assert response.status_code == 302
    people = _people(app, roundtable["event_id"])
    assert people["Raúl Benítez"] == ("matched", roundtable["raul"], "email", 86)
    assert people["Dra. María José Ortíz"] == ("matched", roundtable["maria"], "name", 93)
    assert "José Ángel Peña" not in people  # only in the waiting room


def test_a_spanish_reports_error_quotes_its_own_column_in_spanish(app, client, roundtable):
    data = zoom_file("zoom_participants_es.csv").replace(b"21/11/2024 16:35:02", b"pronto")
    client.set_cookie("lang", "es")
    response = upload(client, roundtable["event_id"], data)
    assert response.status_code == 200
    page = response.get_data(True)
    assert "Línea 7: la hora de entrada “pronto” (columna “Hora de entrada”)" in page
    assert "21/11/2024 16:01:23" in page
    assert _count(app, OnlineAttendee) == 0 and _count(app, OnlineJoin) == 0


def test_unmatched_rows_offer_likely_registrations_first_and_preselect_nothing(
        app, client, roundtable, add_registration):
    from roundtable.attendance import services
    from roundtable.events.models import Event

    event_id = roundtable["event_id"]
    # Many registrants sort before the likely one: "Ana Lucía Acuña" must not be chosen.
    for n in range(5):
        add_registration(event_id, f"Ana Lucía Acuña {n}", mode="in_person")
    lupe_too = add_registration(event_id, "Guadalupe Correa", "gcorrea@example.org",
                                mode="in_person")
    waiting = add_registration(event_id, "Tony Payan", "payan@example.org")  # online, no Zoom
    upload(client, event_id, zoom_file("zoom_participants_bom.csv"))
    html = client.get(f"/manage/events/{event_id}/attendance").get_data(as_text=True)
    with app.app_context():
        correa = db.session.scalar(select(OnlineAttendee).where(
            OnlineAttendee.name == "Correa, Guadalupe"))
        event = db.session.get(Event, event_id)
        found = services.suggestions(correa, services.matchable_registrations(event),
                                     services.matched_registration_ids(event))
        assert [r.id for r in found.likely] == [roundtable["lupe"], lupe_too]  # online first
        # Online registrants with no attendance yet come next; those matched do not.
        assert [r.id for r in found.online_waiting] == [waiting]
        correa_id = correa.id
    select_html = html.split(f'id="match-{correa_id}"')[1].split("</select>")[0]
    assert select_html.count(" selected") == 1 and '<option value="" selected>' in select_html
    assert select_html.index("Likely") < select_html.index("Guadalupe Correa-Cabrera")
    assert select_html.index("Guadalupe Correa-Cabrera") < select_html.index("Ana Lucía Acuña")
    # "Match" with nothing chosen changes nothing; the other buttons need no choice.
    url = f"/manage/events/{event_id}/attendance/online/{correa_id}"
    client.post(url, data={"decision": "match", "registration_id": ""})
    assert _people(app, event_id)["Correa, Guadalupe"][0] == "unmatched"
    client.post(url, data={"decision": "unregistered", "registration_id": ""})
    assert _people(app, event_id)["Correa, Guadalupe"][0] == "unregistered"
