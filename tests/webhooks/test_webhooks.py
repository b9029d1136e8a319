"""Outgoing webhooks: safe URLs only, queued in the change's transaction, signed, retried."""

import json
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from roundtable.db_types import utcnow
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.services import register
from roundtable.validation import FieldErrors
from roundtable.webhooks import delivery, services
from roundtable.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.managing import sign_in


def _documented_verify():
    """The verification snippet of docs/api.md, run as a receiver would copy it."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    snippet = re.search(r"```python\n(import hashlib.*?def verify.*?)```", text, re.S).group(1)
    namespace: dict = {}
    exec(snippet, namespace)  # noqa: S102  (our own documentation)
    return namespace["verify"]


verify = _documented_verify()


class Receiver:
    """A local HTTP server answering each POST with the next status code given."""

    def __init__(self, statuses=(200,)):
        self.requests, self.statuses = [], list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 \
                    else receiver.statuses[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def hooks_app(app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    return app


def _endpoint(app, user_id, url, kinds=("registration.created",), event_id=None):
    from roundtable.auth.models import User

    with app.app_context():
        user = db.session.get(User, user_id)
        event = db.session.get(Event, event_id) if event_id else None
        endpoint, secret = services.create_endpoint(user, url, list(kinds), event)
        db.session.commit()
        return endpoint.id, secret


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost:8080/", "http://169.254.169.254/latest/",
    "http://10.1.2.3/", "http://192.168.0.10/", "http://[::1]/", "http://[fe80::1]/",
    "http://100.64.0.1/", "ftp://example.org/", "https://user:pw@93.184.216.34/", "not a url",
])
def test_unsafe_urls_are_refused(app, make_user, url):
    with pytest.raises(FieldErrors) as refused:
        _endpoint(app, make_user(), url)
    assert "url" in refused.value.errors
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint)) is None


def test_a_public_address_is_accepted_and_private_ones_only_when_allowed(app, make_user):
    user = make_user()
    _endpoint(app, user, "https://93.184.216.34/hook")
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    _endpoint(app, user, "http://127.0.0.1:9/hook")


def test_registration_queues_and_never_calls_out(hooks_app, make_user, make_event, receiver):
    app = hooks_app
    user = make_user()
    event_id = make_event(organizer_ids=[user])
    other_event = make_event(organizer_ids=[make_user()])
    _endpoint(app, user, receiver.url)
    with app.app_context():
        result = register(db.session.get(Event, event_id), name="Raúl Benítez Manaut",
                          email="raul@example.org", mode="online")
        db.session.commit()
        registration_id = result.registration.id
        register(db.session.get(Event, other_event), name="Ana", email="ana@example.org",
                 mode="online")
        db.session.commit()
        # A registration that rolls back queues nothing.
        register(db.session.get(Event, event_id), name="Gone", email="gone@example.org",
                 mode="online")
        db.session.rollback()
        queued = db.session.scalars(select(WebhookDelivery)).all()
        assert len(queued) == 1 and queued[0].status == DeliveryStatus.PENDING
        body = json.loads(queued[0].body)
    assert receiver.requests == []  # the registration itself called nobody
    assert body["kind"] == "registration.created"
    assert body["data"]["registration_id"] == registration_id
    assert body["links"]["registration"].endswith(
        f"/api/v1/manage/events/{event_id}/registrations/{registration_id}")
    assert "raul@example.org" not in queued[0].body and "Raúl" not in queued[0].body


def test_delivery_is_signed_and_logged(hooks_app, make_user, make_event, receiver):
    app = hooks_app
    user = make_user()
    event_id = make_event(organizer_ids=[user])
    endpoint_id, secret = _endpoint(app, user, receiver.url, event_id=event_id)
    with app.app_context():
        register(db.session.get(Event, event_id), name="A", email="a@example.org",
                 mode="online")
        db.session.commit()
        report = delivery.deliver_due()
        assert report.delivered == 1
        sent = db.session.scalar(select(WebhookDelivery))
        assert sent.status == DeliveryStatus.DELIVERED and sent.last_status_code == 200
    headers, body = receiver.requests[0]
    assert verify(secret, headers["Roundtable-Signature"], body)
    assert not verify("whsec_wrong", headers["Roundtable-Signature"], body)
    assert not verify(secret, headers["Roundtable-Signature"], body + b" ")
    assert headers["Roundtable-Event"] == "registration.created"
    assert json.loads(body)["kind"] == "registration.created"


def test_failures_retry_then_410_disables(hooks_app, make_user, make_event):
    app = hooks_app
    failing = Receiver(statuses=(500, 410))
    try:
        user = make_user()
        event_id = make_event(organizer_ids=[user])
        endpoint_id, _ = _endpoint(app, user, failing.url)
        with app.app_context():
            register(db.session.get(Event, event_id), name="A", email="a@example.org",
                     mode="online")
            db.session.commit()
            assert delivery.deliver_due().retrying == 1
            row = db.session.scalar(select(WebhookDelivery))
            assert row.status == DeliveryStatus.PENDING and row.attempts == 1
            assert row.next_attempt_at > utcnow() and row.last_status_code == 500
            # Nothing is due before its back-off.
            assert delivery.deliver_due().claimed == 0
            row.next_attempt_at = utcnow()
            db.session.commit()
            assert delivery.deliver_due().failed == 1
            db.session.expire_all()
            endpoint = db.session.get(WebhookEndpoint, endpoint_id)
            assert not endpoint.active and "410" in endpoint.disabled_reason
            assert db.session.scalar(select(WebhookDelivery)).status == DeliveryStatus.FAILED
            # A disabled endpoint is sent nothing more.
            register(db.session.get(Event, event_id), name="B", email="b@example.org",
                     mode="online")
            db.session.commit()
            assert db.session.query(WebhookDelivery).count() == 1
    finally:
        failing.close()


def test_given_up_after_a_day_and_disabled_after_repeated_failures(hooks_app, make_user,
                                                                   make_event):
    app = hooks_app
    app.config["WEBHOOK_DISABLE_AFTER"] = 2
    failing = Receiver(statuses=(503,))
    try:
        user = make_user()
        event_id = make_event(organizer_ids=[user])
        endpoint_id, _ = _endpoint(app, user, failing.url)
        with app.app_context():
            for name in ("a", "b"):
                register(db.session.get(Event, event_id), name=name,
                         email=f"{name}@example.org", mode="online")
            db.session.commit()
            old = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)
                                     ).first()
            old.created_at = utcnow() - timedelta(hours=24)
            db.session.commit()
            report = delivery.deliver_due()
            assert report.failed == 2  # the day-old one given up, then the endpoint disabled
            db.session.expire_all()
            assert not db.session.get(WebhookEndpoint, endpoint_id).active
    finally:
        failing.close()


def test_pages_show_the_secret_once_and_send_a_test(hooks_app, client, make_user, receiver):
    app = hooks_app
    sign_in(client, make_user)
    response = client.post("/manage/webhooks", data={
        "url": receiver.url, "event_id": "0", "kinds": ["registration.created"]})
    assert response.status_code == 200
    secret = re.search(r'id="new-secret" type="text" readonly value="(whsec_[^"]+)"',
                       response.get_data(as_text=True)).group(1)
    with app.app_context():
        endpoint_id = db.session.scalar(select(WebhookEndpoint.id))
    page = client.get(f"/manage/webhooks/{endpoint_id}").get_data(as_text=True)
    assert secret not in page and secret not in client.get("/manage/webhooks").get_data(True)
    assert client.post(f"/manage/webhooks/{endpoint_id}/test").status_code == 302
    with app.app_context():
        assert delivery.deliver_due().delivered == 1
    headers, body = receiver.requests[0]
    assert headers["Roundtable-Event"] == "ping" and verify(secret, headers[
        "Roundtable-Signature"], body)
    log = client.get(f"/manage/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "Delivered" in log and "HTTP 200" in log
    refused = client.post("/manage/webhooks", data={
        "url": "http://169.254.169.254/", "event_id": "0", "kinds": ["event.updated"]})
    assert refused.status_code == 200 or refused.status_code == 400
    other = app.test_client()
    sign_in(other, make_user)
    assert other.get(f"/manage/webhooks/{endpoint_id}").status_code == 404
    assert other.post(f"/manage/webhooks/{endpoint_id}/delete").status_code == 404


def test_unsafe_url_in_the_form_saves_nothing(app, client, make_user):
    sign_in(client, make_user)
    response = client.post("/manage/webhooks", data={
        "url": "http://169.254.169.254/", "event_id": "0", "kinds": ["event.updated"]})
    assert response.status_code == 200
    assert "not a public address" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint)) is None


def test_event_changes_go_to_that_event_only(hooks_app, client, make_user, make_event):
    from roundtable.events import management

    app = hooks_app
    user = make_user()
    mine = make_event(organizer_ids=[user])
    other = make_event(organizer_ids=[user])
    _endpoint(app, user, "http://127.0.0.1:9/hook", kinds=("event.cancelled",), event_id=mine)
    with app.app_context():
        management.cancel(db.session.get(Event, other), "Storm")
        management.cancel(db.session.get(Event, mine), "Storm")
        db.session.commit()
        rows = db.session.scalars(select(WebhookDelivery)).all()
        assert [json.loads(r.body)["data"]["event_id"] for r in rows] == [mine]
        assert rows[0].kind == "event.cancelled"


def test_claims_do_not_overlap(hooks_app, make_user, make_event):
    app = hooks_app
    user = make_user()
    event_id = make_event(organizer_ids=[user])
    _endpoint(app, user, "http://127.0.0.1:9/hook")
    with app.app_context():
        for n in range(3):
            register(db.session.get(Event, event_id), name=f"P{n}", email=f"p{n}@example.org",
                     mode="online")
        db.session.commit()
        now = utcnow()
        first = delivery.claim_due(2, now)
        second = delivery.claim_due(5, now)
        assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)


def test_finished_deliveries_are_kept_thirty_days(hooks_app, make_user, make_event):
    app = hooks_app
    user = make_user()
    event_id = make_event(organizer_ids=[user])
    _endpoint(app, user, "http://127.0.0.1:9/hook")
    with app.app_context():
        for name in ("old", "recent", "waiting"):
            register(db.session.get(Event, event_id), name=name, email=f"{name}@example.org",
                     mode="online")
        db.session.commit()
        old, recent, waiting = db.session.scalars(
            select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        old.status = recent.status = DeliveryStatus.DELIVERED
        old.created_at = waiting.created_at = utcnow() - timedelta(days=31)
        waiting.next_attempt_at = utcnow() + timedelta(hours=1)
        db.session.commit()
        delivery.deliver_due()
        left = set(db.session.scalars(select(WebhookDelivery.id)))
        assert left == {recent.id, waiting.id}


def test_a_walk_in_without_an_email_is_announced_like_any_other(hooks_app, make_user,
                                                                make_event, receiver):
    from roundtable.registration.services import add_walk_in

    app = hooks_app
    user = make_user()
    event_id = make_event(organizer_ids=[user])
    _endpoint(app, user, receiver.url, kinds=("registration.created", "checkin.created"))
    with app.app_context():
        walk_in_id = add_walk_in(db.session.get(Event, event_id), name="Luis Ramírez").id
        db.session.commit()
        bodies = [json.loads(d.body) for d in db.session.scalars(
            select(WebhookDelivery).order_by(WebhookDelivery.id))]
    assert [b["kind"] for b in bodies] == ["registration.created", "checkin.created"]
    assert all(b["data"]["registration_id"] == walk_in_id for b in bodies)
    assert all("email" not in json.dumps(b) and "None" not in json.dumps(b) for b in bodies)
