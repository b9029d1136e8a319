"""A past hybrid roundtable (21 Nov 2024, 16:00–17:30 in Phoenix), its registrants, Zoom files."""

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roundtable.extensions import db
from tests.managing import sign_in

FILES = Path(__file__).parent / "files"
START = datetime(2024, 11, 21, 23, 0, tzinfo=UTC)   # 16:00 in Phoenix (UTC-7)
END = datetime(2024, 11, 22, 0, 30, tzinfo=UTC)
_n = itertools.count(1)


def zoom_file(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def add_registration(app):
    """Create a registration with the model; return its id."""
    from roundtable.registration.models import Registration
    from roundtable.registration.tokens import issue_token

    def factory(event_id, name, email=None, mode="online", status="confirmed", **values):
        with app.app_context():
            registration = Registration(event_id=event_id, name=name, mode=mode, status=status,
                                        email=email or f"person{next(_n)}@example.org", **values)
            issue_token(registration)
            db.session.add(registration)
            db.session.commit()
            return registration.id

    return factory


@pytest.fixture
def roundtable(client, make_user, make_event, add_registration):
    """Sign in an organizer of the past event; return ids of the event and its registrants."""
    user_id = sign_in(client, make_user, name="Ana Barceló Durazo")
    event_id = make_event(organizer_ids=[user_id], starts_at=START, ends_at=END,
                          zoom_meeting_id="855 1234 5678", title="3rd Annual Roundtable")
    ids = {
        "raul": add_registration(event_id, "Raúl Benítez Manaut", "raul.benitez@unam.mx"),
        "maria": add_registration(event_id, "María José Ortiz", "mjortiz@example.mx"),
        "lupe": add_registration(event_id, "Guadalupe Correa-Cabrera", "lupe@example.edu"),
        "room": add_registration(event_id, "Arturo Sarukhán", "arturo@example.org",
                                 mode="in_person", attends_reception=True,
                                 checked_in_at=datetime(2024, 11, 21, 22, 57, tzinfo=UTC)),
        "away": add_registration(event_id, "Sergio Aguayo", "sergio@example.org",
                                 mode="in_person", attends_reception=True),
    }
    return {"event_id": event_id, "user_id": user_id, **ids}


def upload(client, event_id, data: bytes, filename="participants.csv", **extra):
    import io

    form = {"report": (io.BytesIO(data), filename), **extra}
    return client.post(f"/manage/events/{event_id}/attendance/zoom", data=form,
                       content_type="multipart/form-data")
