"""Nothing a process keeps is kept in the language of whoever asked first.

Jinja folded ``'online'|mode_label`` into the compiled template, which every later
render reuses: once an English visitor had seen the event page, Spanish readers got
"In person" and "Online via Zoom". Each surface a process keeps something for (the
compiled templates, the event page's body and whole page, the reception answer, the
built calendars and their stored pieces, the invitation's agenda, the zone picker) is
asked in one language and then the other, in both orders, and must read exactly as a
process that only ever spoke the second language.
"""

import re

import pytest
from jinja2.utils import _PassArg
from sqlalchemy import select

from roundtable import create_app
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.mail.models import OutboxMessage
from tests.conftest import PASSWORD

# What changes from one request to the next whatever the language.
VOLATILE = re.compile(r"DTSTAMP:\S+|name=\"csrf_token\"[^>]*>")


def _slugs(app) -> dict:
    with app.app_context():
        events = db.session.scalars(select(Event).order_by(Event.edition)).all()
        upcoming = next(e for e in events if not e.is_past and e.status == "published")
        past = next(e for e in events if e.is_past)
        return {"next": upcoming.slug, "past": past.slug, "series": past.series.slug}


def _public_urls(slugs: dict) -> list[str]:
    return [
        "/", f"/events/{slugs['past']}", f"/events/{slugs['next']}",
        f"/events/{slugs['next']}/register", f"/series/{slugs['series']}",
        f"/events/{slugs['next']}.ics", f"/events/{slugs['next']}/agenda.ics",
        "/calendar.ics", f"/series/{slugs['series']}/calendar.ics",
    ]


def _get(client, url: str, lang: str) -> str:
    response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
    assert response.status_code == 200, url
    return VOLATILE.sub("", response.get_data(as_text=True).replace("\r\n ", ""))


def _fresh(app_config, url: str, lang: str) -> str:
    # A process that never spoke the other language (its own compiled templates, caches).
    other = create_app(app_config)
    try:
        return _get(other.test_client(), url, lang)
    finally:
        with other.app_context():
            db.engine.dispose()


def test_every_filter_the_app_adds_runs_at_render_time(app):
    """The mechanism: a filter Jinja may run while compiling is kept in the compiler's language."""
    from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS

    env = app.jinja_env
    for table, builtin in ((env.filters, DEFAULT_FILTERS), (env.tests, DEFAULT_TESTS)):
        for name, function in table.items():
            if builtin.get(name) is not function:
                assert _PassArg.from_obj(function) is _PassArg.context, name


def test_a_literal_label_follows_each_render_s_language(app):
    from flask_babel import force_locale

    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            "{{ 'in_person'|mode_label }}/{{ 'online'|mode_label }}")
        with force_locale("en"):
            assert template.render() == "In person/Online via Zoom"
        with force_locale("es"):
            assert template.render() == "Presencial/En línea por Zoom"


@pytest.mark.parametrize(("first", "then"), [("en", "es"), ("es", "en")])
def test_each_public_surface_reads_the_same_whatever_was_asked_before(
        app, app_config, client, demo, first, then):
    for url in _public_urls(_slugs(app)):
        _get(client, url, first)
        assert _get(client, url, then) == _fresh(app_config, url, then), (first, then, url)


@pytest.mark.parametrize(("first", "then"), [("en", "es"), ("es", "en")])
def test_the_organizer_s_pages_read_the_same_whatever_was_asked_before(
        app, app_config, client, demo, make_user, first, then):
    make_user(email="admin@example.org", is_admin=True)
    slugs = _slugs(app)
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slugs["next"]))
    urls = [f"/events/{slugs['next']}", "/manage/events/new", f"/manage/events/{event_id}/edit"]

    def signed_in(app_):
        client_ = app_.test_client()
        client_.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
        return client_

    mine = signed_in(app)
    for url in urls:
        _get(mine, url, first)
        other = create_app(app_config)
        try:
            assert _get(mine, url, then) == _get(signed_in(other), url, then), (first, url)
        finally:
            with other.app_context():
                db.engine.dispose()


@pytest.mark.parametrize(("first", "then"), [("en", "es"), ("es", "en")])
def test_invitations_are_written_in_each_registrant_s_language(app, client, demo, first, then):
    slug = _slugs(app)["next"]
    for n, lang in enumerate((first, then)):
        client.post(f"/events/{slug}/register?lang={lang}", data={
            "name": "Raúl Benítez Manaut", "email": f"r{n}@example.org", "mode": "in_person",
            "reception": "no"})
    with app.app_context():
        later = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == "r1@example.org")).one()
        text = later.body_text + (later.ics or "")
    if then == "es":
        assert "Presencial" in text and "In person" not in text
    else:
        assert "In person" in text and "Presencial" not in text
