"""Organizers correct a registration; a mode change follows the capacity rules."""

import pytest


@pytest.fixture
def setup(organized_event):
    return organized_event([
        ("Raul Benitez", "raul@example.org", "in_person"),
        ("Rafael Barceló Durazo", "rafael@example.org", "in_person"),
        ("Waiting Person", "wait@example.org", "in_person"),
        ("Guadalupe Correa-Cabrera", "gcc@example.org", "online"),
    ])


def _by_email(registrations):
    return {r["email"]: r for r in registrations()}


def _url(event_id, registration_id):
    return f"/manage/events/{event_id}/registrations/{registration_id}/edit"


def test_correct_name_email_and_affiliation(client, setup, registrations, outbox):
    raul = _by_email(registrations)["raul@example.org"]
    before = len(outbox())
    response = client.post(_url(setup, raul["id"]), data={
        "name": "Raúl Benítez Manaut", "email": "RBM@unam.mx", "affiliation": "UNAM",
        "mode": "in_person"})
    assert response.status_code == 302
    fixed = _by_email(registrations)["rbm@unam.mx"]
    assert fixed["name"] == "Raúl Benítez Manaut" and fixed["status"] == "confirmed"
    [told] = outbox("registration_corrected")
    assert told["to"] == "rbm@unam.mx" and "name, email address, and affiliation" in told["text"]
    assert len(outbox()) == before + 1


def test_mode_change_moves_the_seat_and_promotes_the_waitlist(client, setup, registrations,
                                                              outbox):
    people = _by_email(registrations)
    assert people["wait@example.org"]["status"] == "waitlisted"
    client.post(_url(setup, people["raul@example.org"]["id"]), data={
        "name": "Raul Benitez", "email": "raul@example.org", "mode": "online"})
    people = _by_email(registrations)
    assert (people["raul@example.org"]["mode"], people["raul@example.org"]["status"]) == (
        "online", "confirmed")
    assert people["wait@example.org"]["status"] == "confirmed"
    assert [m["to"] for m in outbox("registration_promoted")] == ["wait@example.org"]


def test_mode_change_to_a_full_mode_is_refused(client, setup, registrations, outbox):
    gcc = _by_email(registrations)["gcc@example.org"]
    html = client.post(_url(setup, gcc["id"]), data={
        "name": "Guadalupe Correa-Cabrera", "email": "gcc@example.org",
        "mode": "in_person"}).get_data(as_text=True)
    assert "no seat left in person" in html
    assert _by_email(registrations)["gcc@example.org"]["mode"] == "online"
    assert outbox("registration_corrected") == []


def test_email_of_another_registration_is_refused(client, setup, registrations, outbox):
    raul = _by_email(registrations)["raul@example.org"]
    html = client.post(_url(setup, raul["id"]), data={
        "name": "Raul Benitez", "email": "rafael@example.org",
        "mode": "in_person"}).get_data(as_text=True)
    assert "already has a registration" in html
    assert "raul@example.org" in _by_email(registrations)
    assert outbox("registration_corrected") == []


def test_only_the_event_organizers_correct(client, auth, setup, registrations):
    raul = _by_email(registrations)["raul@example.org"]
    assert 'aria-label="Edit Raul Benitez"' in client.get(
        f"/manage/events/{setup}/registrations").get_data(as_text=True)
    auth.logout()
    auth.login("other@example.org")
    assert client.get(_url(setup, raul["id"])).status_code == 404
    assert client.post(_url(setup, raul["id"]), data={
        "name": "X", "email": "x@example.org", "mode": "online"}).status_code == 404
