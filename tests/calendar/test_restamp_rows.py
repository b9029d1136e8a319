"""``stamps.restamp`` digests the events an edit may have changed from rows (``rows.py``)
and one ``ics.Batch``, as a build does: the same digests as the models, byte for byte,
and a fixed number of queries however many events show what was edited.
"""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roundtable.agenda.models import AgendaRole, Person
from roundtable.calendar import ics, stamps
from roundtable.calendar.rows import load_rows
from roundtable.events.models import Event
from roundtable.events.services import event_content_options
from roundtable.extensions import db
from roundtable.i18n import LANGUAGES, in_language
from roundtable.orgs.models import Organization
from tests.calendar.test_build_queries import _events
from tests.dbutil import recorded_statements as recorded

# One-line values (names, titles refuse line breaks), folded at awkward places.
HOSTILE = ("Zoë; \\N, a\\b \U0001f600 \u0301e ñandú " + "x" * 70 + "é" * 40,
           "Ä, B; C:\\ «dïacrítico» " + "^" * 80 + " \\")
TEXT = "Línea uno;\r\nline two, \\N\u2028\n\n- ñ\n- \U0001f600 " + "ü" * 90


def _models(ids):
    """The events as the ORM path loaded them (the reference)."""
    return list(db.session.scalars(
        select(Event).where(Event.id.in_(ids)).order_by(Event.starts_at, Event.id)
        .options(*event_content_options(), selectinload(Event.summary_record))).unique())


def _assert_same_digests(app):
    site = app.config["SITE_URL"].rstrip("/")
    with app.test_request_context():
        ids = list(db.session.scalars(select(Event.id)))
        assert ids
        models = _models(ids)
        rows = load_rows(Event.id.in_(ids))
        assert [row.id for row in rows] == [model.id for model in models]
        batch = ics.Batch()
        for model, row in zip(models, rows, strict=True):
            for language in LANGUAGES:  # each piece, in each language
                with in_language(language):
                    for build in (ics.event_piece, ics.agenda_piece):
                        assert build(row, site_url=site, stamp=stamps.FIXED_STAMP,
                                     batch=batch).body == \
                            build(model, site_url=site, stamp=stamps.FIXED_STAMP).body
            assert stamps.calendar_digest(row, site, batch) == stamps.calendar_digest(model, site)
        db.session.remove()


def test_rows_and_models_give_the_same_digests_on_the_demo(app, demo):
    _assert_same_digests(app)


def test_rows_and_models_give_the_same_digests_on_hostile_text(
    app, make_full_event, make_person, make_org
):
    ids = _events(app, make_full_event, make_person, 5, 0)
    hostile_org = make_org(name=HOSTILE[0], name_es=HOSTILE[1], short_name_es="Ñ;,")
    speaker = make_person(name=HOSTILE[1], honorific="Dr.\\;", position=HOSTILE[0],
                          position_es=HOSTILE[1], affiliation=HOSTILE[1],
                          affiliation_es=HOSTILE[0])
    ids.append(make_full_event(
        org_ids=[hostile_org], title=HOSTILE[0], title_es=HOSTILE[1],
        description=TEXT, description_es=TEXT[::-1],
        status="draft", zoom_join_url="https://zoom.example/j/1?pwd=a;b",
        zoom_meeting_id="123 456", zoom_passcode="ñ;,"))
    ids.append(make_full_event(org_ids=[], agenda_items=0, title=HOSTILE[1]))
    with app.app_context():
        for event_id in ids[-2:]:
            event = db.session.get(Event, event_id)
            for item in event.agenda_items:
                item.title, item.title_es = HOSTILE
                item.roles.append(AgendaRole(person_id=speaker, role="moderator", sort_order=3))
        db.session.commit()
    _assert_same_digests(app)


def _org_shown_by(app, make_event, make_org, make_person, count):
    from roundtable.agenda.models import AgendaItem
    from roundtable.orgs.models import EventSponsor

    org = make_org()
    person = make_person()
    event_ids = [make_event() for _ in range(count)]
    with app.app_context():
        for event_id in event_ids:
            db.session.add(EventSponsor(event_id=event_id, organization_id=org,
                                        role="co_sponsor", sort_order=0))
            item = AgendaItem(event_id=event_id, kind="panel", title="Panel", sort_order=0,
                              starts_at=db.session.get(Event, event_id).starts_at,
                              ends_at=db.session.get(Event, event_id).ends_at)
            item.roles = [AgendaRole(person_id=person, role="speaker", sort_order=0)]
            db.session.add(item)
        db.session.commit()
        # Adding the sponsors recorded every event's digest: an edit compares with it.
        assert db.session.scalar(select(db.func.count()).select_from(Event).where(
            Event.id.in_(event_ids), Event.calendar_digest.is_(None))) == 0
    return org, person


def _digests(app):
    with app.app_context():
        return dict(db.session.execute(select(Event.id, Event.calendar_digest)).all())


@pytest.mark.parametrize("model", [Organization, Person])
def test_an_edit_shown_by_many_events_costs_the_same_queries(
    app, make_event, make_org, make_person, monkeypatch, model
):
    """restamp's queries: seven for the rows, one UPDATE, whatever the events' number.

    (Other listeners of the same flush, e.g. ``public_text.py``'s check of an
    organization's events, are not counted here.)"""
    counts, runs = [], []
    restamp = stamps.restamp

    def counted(session, event_ids):
        with recorded(db.engine) as statements:
            changed = restamp(session, event_ids)
        counts.append(len(statements))
        return changed

    monkeypatch.setattr(stamps, "restamp", counted)
    for count in (2, 12):
        org, person = _org_shown_by(app, make_event, make_org, make_person, count)
        before = _digests(app)
        counts.clear()
        with app.test_request_context():
            edited = db.session.get(model, org if model is Organization else person)
            edited.name = f"Renamed ñ {count}"
            db.session.commit()
            db.session.remove()
        assert len(counts) == 1, counts  # one flush
        runs.append(counts[0])
        after = _digests(app)
        assert sum(before[key] != after[key] for key in after) == count
        # What restamp recorded is what the models give.
        with app.test_request_context():
            site = app.config["SITE_URL"].rstrip("/")
            for event in _models(list(after)):
                assert after[event.id] == stamps.calendar_digest(event, site)
            db.session.remove()
    assert runs[0] == runs[1] == 8, runs



def test_the_digest_keys_the_zoom_details(app, make_event):
    """The meeting moves the digest (registrants' copies show it), but only through a keyed
    hash: a stored or leaked digest cannot be checked against a guessed passcode."""
    event_id = make_event(zoom_passcode="481516")
    site = app.config["SITE_URL"]
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        first = stamps.calendar_digest(event, site)
        event.zoom_passcode = "481517"
        assert stamps.calendar_digest(event, site) != first
        event.zoom_passcode = "481516"
        assert stamps.calendar_digest(event, site) == first
        app.config["SECRET_KEY"] = "another-key"
        assert stamps.calendar_digest(event, site) != first
        db.session.rollback()
