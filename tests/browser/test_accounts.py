"""Accounts in a real browser: an admin invites, the invitee joins; cookies stay out of scripts."""

import re

import pytest
from sqlalchemy import select

from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _latest_link(live_server, kind: str) -> str:
    with live_server.app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text).where(
            OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"(/account/[a-z-]+/[A-Za-z0-9_\-]+)", body).group(1)


def test_admin_invites_and_invitee_joins(live_server, page, sign_in, browser):
    live_server.make_organizer(email="admin@example.org", name="Ana Admin", is_admin=True)
    sign_in("admin@example.org")
    page.get_by_role("link", name="Organizers").click()
    page.get_by_label("Email of the new organizer").fill("raul@example.org")
    page.get_by_role("button", name="Send invitation").click()
    assert "emailed an invitation to raul@example.org" in page.content()
    assert "raul@example.org" in page.locator("#invitations").inner_text()

    invitee = browser.new_context().new_page()
    invitee.goto(live_server.url(_latest_link(live_server, "account_invitation")))
    invitee.get_by_label("Your full name").fill("Raúl Benítez Manaut")
    invitee.get_by_label("Password", exact=True).fill("sonoran desert sunrise")
    invitee.get_by_label("Repeat the password").fill("sonoran desert sunrise")
    invitee.get_by_role("button", name="Create my account").click()
    invitee.wait_for_url(re.compile(r"/manage/$"))
    assert "Raúl Benítez Manaut" in invitee.locator("header").inner_text()
    invitee.context.close()

    page.reload()
    assert "Raúl Benítez Manaut" in page.locator("#accounts").inner_text()


def test_session_cookies_are_invisible_to_scripts_and_end_on_sign_out(live_server, page, browser):
    live_server.make_organizer()
    page.goto(live_server.url("/login"))
    page.get_by_label("Email").fill("organizer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Keep me signed in").check()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/manage/"))
    names = {c["name"]: c for c in page.context.cookies()}
    assert names["remember_token"]["httpOnly"] and names["remember_token"]["sameSite"] == "Lax"
    assert "remember_token" not in page.evaluate("document.cookie")

    copy = browser.new_context()
    copy.add_cookies([names["remember_token"]])
    thief = copy.new_page()
    thief.goto(live_server.url("/manage/"))
    assert "/manage/" in thief.url and "/login" not in thief.url
    page.get_by_role("button", name="Sign out").click()
    thief.goto(live_server.url("/manage/"))
    assert "/login" in thief.url
    copy.close()
