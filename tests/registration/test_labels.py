"""One place names modes and statuses for people."""

from roundtable import labels
from roundtable.registration.models import AttendanceMode


def test_labels_keep_proper_nouns_and_never_show_codes():
    assert labels.mode_label("online") == "Online via Zoom"
    assert labels.mode_phrase("online") == "online via Zoom"
    assert labels.mode_phrase("in_person") == "in person"
    assert labels.mode_audience("online") == "Zoom"
    assert labels.status_label("waitlisted") == "Waitlisted"
    assert labels.event_status_label("draft") == "Draft"
    assert labels.reception_label(None) == "" and labels.reception_label(True) == "Yes"
    assert AttendanceMode.ONLINE.label == labels.mode_label("online")


def test_unknown_codes_show_as_themselves():
    assert labels.status_label("frozen") == "frozen"


def test_labels_are_template_filters(app):
    with app.app_context():
        template = app.jinja_env.from_string(
            "{{ 'in_person'|mode_label }} / {{ 'online'|mode_phrase }} / "
            "{{ 'cancelled'|status_label }}")
        assert template.render() == "In person / online via Zoom / Cancelled"


def test_waitlist_email_names_the_audience_properly(client, make_event, outbox):
    make_event(slug="rt", capacity_online=0)
    client.post("/events/rt/register", data={"name": "Raúl Benítez Manaut",
                                             "email": "raul@example.org", "mode": "online"})
    [message] = outbox()
    assert "The Zoom audience is full" in message["text"]
    assert "Your registration: Online via Zoom, waitlisted" in message["text"]
    assert "online via zoom" not in message["text"]
