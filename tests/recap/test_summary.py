"""The published summary: sanitized Markdown, takeaways, quotes linked to agenda people,
shown on the event and series pages, and linked from the event's calendar DESCRIPTION."""

from roundtable.extensions import db
from tests.calendar.conftest import unfold
from tests.dbutil import own_instance_folder
from tests.managing import field_error

BODY = ("The panel took up **migration** and [the report](https://example.org/r).\n\n"
        "<script>alert(1)</script> [click](javascript:alert(2))")


def _save(client, event_id, body=BODY, takeaways="Cooperation is standing.\n\nCrime is shared."):
    return client.post(f"/manage/events/{event_id}/after/summary",
                       data={"summary-body": body, "summary-takeaways": takeaways})


def _quote(client, event_id, person_id, text="Security needs democracy on both sides."):
    return client.post(f"/manage/events/{event_id}/after/quotes",
                       data={"quote-person_id": str(person_id), "quote-text": text})


def _version(app, event_id):
    from roundtable.events.models import Event

    with app.app_context():
        db.session.expire_all()
        return db.session.get(Event, event_id).calendar_version


def _series(app, event_id):
    from roundtable.events.models import Event

    with app.app_context():
        return db.session.get(Event, event_id).series.slug


def test_summary_shows_sanitized_on_event_and_series_pages(app, client, event_id, slug,
                                                           person_ids):
    assert _save(client, event_id).status_code == 302
    _quote(client, event_id, person_ids[0])
    public = app.test_client()
    for url in (f"/events/{slug}", f"/series/{_series(app, event_id)}"):
        html = public.get(url).get_data(as_text=True)
        assert "<strong>migration</strong>" in html, url
        assert '<a href="https://example.org/r" rel="noopener noreferrer">the report</a>' in html
        assert "<script>alert(1)" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)" in html  # shown as text, never run
        assert "<li>Cooperation is standing.</li>" in html and "<li>Crime is shared.</li>" in html
        assert "Security needs democracy on both sides." in html
        # The quote links to the person's record on the event page's agenda.
        assert f'/events/{slug}#person-{person_ids[0]}">Dr. Raúl Benítez Manaut</a>' in html
    page = public.get(f"/events/{slug}").get_data(as_text=True)
    assert page.count(f'id="person-{person_ids[0]}"') == 1


def test_quote_must_be_from_someone_on_the_agenda(app, client, event_id, person_ids):
    from roundtable.recap.models import SummaryQuote

    _save(client, event_id)
    html = _quote(client, event_id, person_ids[1]).get_data(as_text=True)
    assert "on this event’s agenda" in field_error(html, "quote-person_id")
    html = _quote(client, event_id, person_ids[0], text="  ").get_data(as_text=True)
    assert field_error(html, "quote-text")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SummaryQuote.id))) == 0


def test_quotes_wait_for_the_summary(app, client, event_id, person_ids):
    html = _quote(client, event_id, person_ids[0]).get_data(as_text=True)
    assert "Write the summary first" in field_error(html, "quote-text")


def test_calendar_description_links_to_the_summary_and_changes_bump_the_version(
        app, client, event_id, slug, person_ids):
    public = app.test_client()
    link = f"/events/{slug}#summary"
    assert link not in unfold(public.get(f"/events/{slug}.ics").data)
    before = _version(app, event_id)
    _save(client, event_id)
    after_summary = _version(app, event_id)
    assert after_summary > before
    for url in (f"/events/{slug}.ics", "/calendar.ics",
                f"/series/{_series(app, event_id)}/calendar.ics"):
        assert "Summary of the event: http" in unfold(public.get(url).data), url
        assert link in unfold(public.get(url).data), url
    _save(client, event_id, body="Rewritten.")
    assert _version(app, event_id) > after_summary
    edited = _version(app, event_id)
    _quote(client, event_id, person_ids[0])
    assert _version(app, event_id) > edited
    withdrawn = client.post(f"/manage/events/{event_id}/after/summary",
                            data={"summary-body": "", "summary-takeaways": ""})
    assert withdrawn.status_code == 302
    assert link not in unfold(public.get(f"/events/{slug}.ics").data)


def test_withdrawing_removes_summary_and_quotes(app, client, event_id, slug, person_ids):
    from roundtable.recap.models import EventSummary, SummaryQuote

    _save(client, event_id)
    _quote(client, event_id, person_ids[0])
    client.post(f"/manage/events/{event_id}/after/summary",
                data={"summary-body": "", "summary-takeaways": ""})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(EventSummary.event_id))) == 0
        assert db.session.scalar(db.select(db.func.count(SummaryQuote.id))) == 0
    assert 'id="summary"' not in app.test_client().get(f"/events/{slug}").get_data(as_text=True)


def test_takeaways_without_a_summary_are_refused(app, client, event_id):
    from roundtable.recap.models import EventSummary

    html = _save(client, event_id, body="").get_data(as_text=True)
    assert "Write the summary" in field_error(html, "summary-body")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(EventSummary.event_id))) == 0


def test_removing_a_quote(app, client, event_id, person_ids):
    from roundtable.recap.models import SummaryQuote

    _save(client, event_id)
    _quote(client, event_id, person_ids[0])
    with app.app_context():
        quote_id = db.session.scalar(db.select(SummaryQuote.id))
    before = _version(app, event_id)
    assert client.post(f"/manage/events/{event_id}/after/quotes/{quote_id}/remove"
                       ).status_code == 302
    with app.app_context():
        assert db.session.get(SummaryQuote, quote_id) is None
    assert _version(app, event_id) > before


def test_demo_third_edition_ships_its_own_summary(app, runner, monkeypatch, tmp_path):
    from roundtable import demo_data
    from roundtable.events.models import Event

    own_instance_folder(app, monkeypatch, tmp_path)
    runner.invoke(args=["roundtable", "demo"])
    runner.invoke(args=["roundtable", "demo"])  # twice: still one summary
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.edition == 3))
        slug, series = event.slug, event.series.slug
    public = app.test_client()
    html = public.get(f"/events/{slug}").get_data(as_text=True)
    assert 'id="summary"' in html and "Key takeaways" in html
    for name in ("Rafael Barceló Durazo", "Gregory M. Guillot", "Raúl Benítez Manaut",
                 "Guadalupe Correa-Cabrera"):
        assert demo_data.THIRD_EDITION_SUMMARY["body"].count(name) == 1, name
    assert "keynote" in demo_data.THIRD_EDITION_SUMMARY["body"]
    series_html = public.get(f"/series/{series}").get_data(as_text=True)
    assert series_html.count('class="card summary"') == 1
    assert f'/events/{slug}#summary">Summary of the 3rd Annual</a>' in series_html
    assert f"/events/{slug}#summary" in unfold(public.get(f"/events/{slug}.ics").data)
