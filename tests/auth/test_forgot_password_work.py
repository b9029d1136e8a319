"""Forgot password: the same work for any address, and its cap holds under a rush."""

import threading

import pytest
from sqlalchemy import func, select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from tests.auth.mailbox import messages


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_WRITE_LATER": True}




def test_forgot_password_does_the_same_work_for_any_address(app, client, make_user):
    """One queued row either way; the deliverer writes the link or gives the row up."""
    make_user(email="organizer@example.org")
    from roundtable.mail.delivery import deliver_due

    for email in ("organizer@example.org", "nobody@example.org"):
        assert client.post("/login/forgot", data={"email": email}).status_code == 200
    queued = messages(app, "password_reset")
    assert [m.recipient for m in queued] == ["organizer@example.org", "nobody@example.org"]
    assert all(m.to_write and not m.body_text for m in queued)
    with app.app_context():
        deliver_due()
    written = {m.recipient: m for m in messages(app, "password_reset")}
    assert "/account/reset/" in written["organizer@example.org"].body_text
    assert written["organizer@example.org"].status == "sent"
    assert written["nobody@example.org"].status == "failed"
    assert "/account/reset/" not in written["nobody@example.org"].body_text


def test_the_cap_holds_under_simultaneous_requests(app, make_user):
    """12 requests at once for one address queue at most RESETS_PER_HOUR emails."""
    from roundtable.auth import links

    make_user(email="organizer@example.org")
    start = threading.Barrier(12)
    failures = []

    def ask():
        with app.test_request_context():
            try:
                start.wait()
                links.request_reset("Organizer@example.org")
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with app.app_context():
        queued = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "password_reset"))
    assert queued == links.RESETS_PER_HOUR
