"""Webhook delivery connects to exactly the addresses it checked (no DNS rebinding)."""

import socket
import ssl
import threading

from sqlalchemy import select

from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.services import register
from roundtable.webhooks import delivery, pinned
from roundtable.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.webhooks.test_webhooks import Receiver, _endpoint

PUBLIC = "93.184.216.34"


def _queue_one(app, event_id):
    with app.app_context():
        register(db.session.get(Event, event_id), name="A", email="a@example.org",
                 mode="online")
        db.session.commit()


def test_a_rebinding_dns_answer_never_reaches_a_local_server(app, make_user, make_event,
                                                             monkeypatch):
    receiver = Receiver()
    try:
        port = receiver.server.server_address[1]
        user = make_user()
        event_id = make_event(organizer_ids=[user])
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # saved before the hostile DNS answers
        _endpoint(app, user, f"http://rebind.test:{port}/hook")
        app.config["WEBHOOK_ALLOW_PRIVATE"] = False
        _queue_one(app, event_id)

        real_lookup, real_connect = socket.getaddrinfo, socket.create_connection
        lookups, connects = [], []

        def hostile_dns(host, *args, **kwargs):
            if host != "rebind.test":
                return real_lookup(host, *args, **kwargs)
            lookups.append(host)
            answer = PUBLIC if len(lookups) == 1 else "127.0.0.1"
            return real_lookup(answer, *args, **kwargs)

        def connect(address, *args, **kwargs):
            connects.append(address)
            if address[0] == PUBLIC:  # not reachable from tests; a name is resolved
                raise ConnectionRefusedError("refused")  # by the hostile DNS as usual
            return real_connect(address, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", hostile_dns)
        monkeypatch.setattr(socket, "create_connection", connect)
        with app.app_context():
            report = delivery.deliver_due()
            row = db.session.scalar(select(WebhookDelivery))
            assert report.retrying == 1 and row.status == DeliveryStatus.PENDING
            assert row.last_error == "ConnectError"
        assert lookups == ["rebind.test"]  # resolved once, for the check
        assert connects == [(PUBLIC, port)]  # and connected to what was checked
        assert receiver.requests == []
    finally:
        receiver.close()


def test_a_delivery_by_host_name_keeps_the_name_in_the_host_header(app, make_user,
                                                                   make_event):
    receiver = Receiver()
    try:
        port = receiver.server.server_address[1]
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the tests' switch for local receivers
        user = make_user()
        event_id = make_event(organizer_ids=[user])
        _endpoint(app, user, f"http://localhost:{port}/hook")
        _queue_one(app, event_id)
        with app.app_context():
            assert delivery.deliver_due().delivered == 1
        headers, _body = receiver.requests[0]
        assert headers["Host"] == f"localhost:{port}"
    finally:
        receiver.close()


def test_tls_is_verified_for_the_host_name_not_the_address():
    transport = pinned.PinnedTransport(["127.0.0.1"])
    assert transport.ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert transport.ssl_context.check_hostname
    assert transport._pool._ssl_context is transport.ssl_context
    client = pinned.client(["127.0.0.1"], 2)
    assert client.follow_redirects is False

    # The TLS hello sent to the pinned address names the endpoint's host (SNI), so the
    # certificate is checked against it.
    listener = socket.create_server(("127.0.0.1", 0))
    hello = []

    def accept():
        conn, _ = listener.accept()
        hello.append(conn.recv(4096))
        conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    import httpx
    import pytest

    with client, pytest.raises(httpx.HTTPError):
        client.post(f"https://hooks.example.org:{port}/hook", content=b"{}")
    thread.join(5)
    listener.close()
    assert b"hooks.example.org" in hello[0]


def test_a_redirect_is_not_followed(app, make_user, make_event):
    receiver = Receiver(statuses=(307,))
    try:
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
        user = make_user()
        event_id = make_event(organizer_ids=[user])
        _endpoint(app, user, receiver.url)
        _queue_one(app, event_id)
        with app.app_context():
            assert delivery.deliver_due().retrying == 1
            assert db.session.scalar(select(WebhookDelivery)).last_error == "HTTP 307"
        assert len(receiver.requests) == 1
    finally:
        receiver.close()
