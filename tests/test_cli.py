"""`flask roundtable ...` commands."""

import pytest
from sqlalchemy import func, select

from roundtable.agenda.models import AgendaItem, AgendaRole, Person
from roundtable.auth.models import User
from roundtable.events.models import Event, EventSeries
from roundtable.extensions import db
from roundtable.orgs.models import EventSponsor, Organization
from tests.dbutil import own_instance_folder


@pytest.fixture(autouse=True)
def _own_instance_folder(app, monkeypatch, tmp_path):
    own_instance_folder(app, monkeypatch, tmp_path)


def _counts():
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (User, Event, EventSeries, Organization, EventSponsor, AgendaItem,
                  AgendaRole, Person)
    }


def test_create_organizer_from_stdin(app, runner):
    result = runner.invoke(
        args=["roundtable", "create-organizer", "Ana@Example.org", "--name", "Ana Barceló",
              "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "ana@example.org" and user.name == "Ana Barceló"
        assert user.check_password("a long password") and not user.is_admin
        assert "a long password" not in user.password_hash


def test_create_organizer_prompts_twice(app, runner):
    result = runner.invoke(
        args=["roundtable", "create-organizer", "admin@example.org", "--name", "Admin", "--admin"],
        input="secret-password\nsecret-password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User)).is_admin


def test_create_organizer_refuses_bad_input(app, runner):
    cases = [
        (["not-an-email"], "long enough pw\n", "needs an @"),
        (["a@example.org"], "short\n", "at least 12"),
        (["a@example.org"], "passwordpassword\n", "too common"),
    ]
    for args, password, message in cases:
        result = runner.invoke(
            args=["roundtable", "create-organizer", *args, "--name", "X", "--password-stdin"],
            input=password,
        )
        assert result.exit_code != 0 and message in result.output
    runner.invoke(args=["roundtable", "create-organizer", "dup@example.org", "--name", "X",
                        "--password-stdin"], input="long enough pw\n")
    result = runner.invoke(args=["roundtable", "create-organizer", "DUP@example.org", "--name",
                                 "Y", "--password-stdin"], input="long enough pw\n")
    assert result.exit_code != 0 and "already exists" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_demo_loads_the_model_case(app, runner):
    result = runner.invoke(args=["roundtable", "demo"])
    assert result.exit_code == 0, result.output
    assert "password:" in result.output
    with app.app_context():
        third = db.session.scalar(select(Event).where(Event.edition == 3))
        assert third.title == "3rd Annual U.S.–Mexico Defense & Security Roundtable"
        assert third.timezone == "America/Phoenix" and third.format == "hybrid"
        assert third.local_start.date().isoformat() == "2024-11-21"
        assert (third.ends_at - third.starts_at).total_seconds() == 90 * 60
        assert [s.organization.short_name for s in third.sponsors] == [
            "UA", "TCFR", "UNAM Binational Consortium"]
        kinds = [item.kind for item in third.agenda_items]
        assert kinds == ["opening_remarks", "keynote", "panel", "reception"]
        reception = third.agenda_items[-1]
        assert reception.in_person_only and reception.starts_at >= third.ends_at
        panel = third.agenda_items[2]
        assert [r.person.display_name for r in panel.roles] == [
            "Dr. Raúl Benítez Manaut", "Dr. Guadalupe Correa-Cabrera"]
        assert third.agenda_items[0].roles[0].person.display_name == "Consul Rafael Barceló Durazo"
        assert third.agenda_items[1].roles[0].person.honorific == "General"
        fourth = db.session.scalar(select(Event).where(Event.edition == 4))
        assert fourth.is_published and fourth.zoom_join_url
        assert fourth.title_es.startswith("4.ª") and third.title_es.startswith("3.ª")
        assert fourth.starts_at > fourth.registration_opens_at
        assert third.organizers[0].email == "organizer@roundtable.example"


def test_demo_twice_changes_nothing(app, runner):
    runner.invoke(args=["roundtable", "demo"])
    with app.app_context():
        before = _counts()
    result = runner.invoke(args=["roundtable", "demo"])
    assert result.exit_code == 0 and "nothing changed" in result.output
    with app.app_context():
        assert _counts() == before


def test_demo_if_empty_skips_a_used_database(app, runner, make_event):
    make_event()
    result = runner.invoke(args=["roundtable", "demo", "--if-empty"])
    assert "not loaded" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 1


def test_demo_organizer_can_sign_in(app, runner, client):
    result = runner.invoke(args=["roundtable", "demo"])
    password = result.output.split("password: ")[1].split()[0]
    response = client.post("/login", data={"email": "organizer@roundtable.example",
                                           "password": password})
    assert response.status_code == 302 and response.location.endswith("/manage/")


def test_demo_past_edition_has_attendance_in_the_room_and_on_zoom(app, runner):
    from roundtable.attendance.models import OnlineAttendee, OnlineJoin
    from roundtable.attendance.report import build
    from roundtable.registration.models import Registration

    runner.invoke(args=["roundtable", "demo"])
    with app.app_context():
        third = db.session.scalar(select(Event).where(Event.edition == 3))
        registrations = db.session.scalars(third.registrations.select()).all()
        assert {r.mode for r in registrations} == {"in_person", "online"}
        assert any(r.is_walk_in and r.checked_in_at for r in registrations)
        assert any("ñ" in r.name or "á" in r.name for r in registrations)
        # The Zoom report went through the real import: rejoins are several joins of one person.
        joins = db.session.scalar(select(func.count(OnlineJoin.id)))
        people = db.session.scalar(select(func.count(OnlineAttendee.id)))
        assert joins > people > 30
        figures = {f.mode: f for f in build(third).modes}
        assert figures["online"].attended > 0 and figures["in_person"].no_shows > 0
        assert db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id != third.id)) == 0


def test_demo_keeps_its_password_in_the_apps_instance_folder(app, runner, tmp_path):
    """Here the test's own folder (the fixture above): a test run never rewrites the
    developer's instance/demo-credentials.txt with the password of a test database."""
    from pathlib import Path

    mine = Path(__file__).resolve().parent.parent / "instance" / "demo-credentials.txt"
    before = mine.read_bytes() if mine.exists() else None
    result = runner.invoke(args=["roundtable", "demo"])
    password = result.output.split("password: ")[1].split()[0]
    assert (tmp_path / "demo-credentials.txt").read_text().endswith(f"password: {password}\n")
    assert (mine.read_bytes() if mine.exists() else None) == before
