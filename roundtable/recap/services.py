"""Recording, materials and summary: who may see what, and the organizer's changes."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from roundtable.agenda.models import Person
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.recap.models import EventMaterial, EventRecording, EventSummary, SummaryQuote
from roundtable.validation import FieldErrors

URL_MESSAGE = _l("Enter a full web address starting with https:// or http://.")


@dataclass(frozen=True)
class RecordingLink:
    """What a message or page needs to point someone at the recording."""

    url: str
    passcode: str | None
    is_public: bool


@dataclass(frozen=True)
class Recap:
    """What one viewer may see of an event's aftermath."""

    recording: RecordingLink | None
    materials: list[EventMaterial]

    def __bool__(self) -> bool:
        return self.recording is not None or bool(self.materials)


def check_url(url: str | None, field: str) -> str:
    """The URL if it is http(s) with a host; else FieldErrors on ``field``."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise FieldErrors({field: URL_MESSAGE})
    return url


# Reading


def recording_for(event: Event) -> RecordingLink | None:
    """The event's recording link and passcode, or None: a secret unless marked public.

    For registrants' pages and messages (the no-show follow-up); never for public output
    unless ``is_public``.
    """
    return _link(db.session.get(EventRecording, event.id))


def materials_of(event: Event) -> list[EventMaterial]:
    """All the event's materials, in the organizer's order."""
    return list(db.session.scalars(
        select(EventMaterial).where(EventMaterial.event_id == event.id)
        .order_by(EventMaterial.sort_order, EventMaterial.id)
    ))


def _recording_and_materials(event: Event) -> tuple[EventRecording | None, list[EventMaterial]]:
    """Both in one query (outer joins from the event), so a page costs one statement."""
    rows = db.session.execute(
        select(EventRecording, EventMaterial)
        .select_from(Event)
        .outerjoin(EventRecording, EventRecording.event_id == Event.id)
        .outerjoin(EventMaterial, EventMaterial.event_id == Event.id)
        .where(Event.id == event.id)
        .order_by(EventMaterial.sort_order, EventMaterial.id)
    ).all()
    recording = rows[0][0] if rows else None
    return recording, [material for _, material in rows if material is not None]


def _link(row: EventRecording | None) -> RecordingLink | None:
    return RecordingLink(row.url, row.passcode, row.is_public) if row else None


def public_recap(event: Event) -> Recap:
    """What anyone may see: public materials, and the recording only if marked public."""
    recording, materials = _recording_and_materials(event)
    return Recap(_link(recording) if recording and recording.is_public else None,
                 [m for m in materials if m.is_public])


def registrant_recap(registration) -> Recap:
    """What a registrant sees on their manage page: everything, unless they cancelled."""
    if registration.is_cancelled:
        return public_recap(registration.event)
    recording, materials = _recording_and_materials(registration.event)
    return Recap(_link(recording), materials)


def summary_of(event: Event) -> EventSummary | None:
    """The event's summary with its quotes and their people loaded, or None."""
    return summaries_for([event.id]).get(event.id)


def summaries_for(event_ids: list[int]) -> dict[int, EventSummary]:
    """Summaries of these events by event id, with quotes and people, in one query."""
    if not event_ids:
        return {}
    rows = db.session.scalars(
        select(EventSummary).where(EventSummary.event_id.in_(event_ids))
        .options(joinedload(EventSummary.quotes).joinedload(SummaryQuote.person))
    ).unique()
    return {s.event_id: s for s in rows}


def quotable_people(event: Event) -> list[Person]:
    """People with a role in the event's agenda, in agenda order, each once."""
    seen: dict[int, Person] = {}
    for item in event.agenda_items:
        for role in item.roles:
            seen.setdefault(role.person_id, role.person)
    return list(seen.values())


# Changing (flush, never commit)


def save_recording(event: Event, url: str | None, passcode: str | None, is_public: bool) -> None:
    """Set the recording, or remove it when the link is blank."""
    row = db.session.get(EventRecording, event.id)
    if not (url or "").strip():
        if row is not None:
            db.session.delete(row)
        db.session.flush()
        return
    url = check_url(url, "url")
    passcode = (passcode or "").strip() or None
    if row is None:
        row = EventRecording(event_id=event.id, url=url)
        db.session.add(row)
    row.url, row.passcode, row.is_public = url, passcode, bool(is_public)
    db.session.flush()


def add_material(event: Event, title: str, url: str, is_public: bool,
                 title_es: str | None = None) -> EventMaterial:
    """Add a link at the end of the event's materials (its Spanish title is optional)."""
    title = (title or "").strip()
    if not title:
        raise FieldErrors({"title": _("Give the material a title, such as “Slides”.")})
    url = check_url(url, "url")
    material = EventMaterial(event_id=event.id, title=title, url=url, is_public=bool(is_public),
                             title_es=(title_es or "").strip() or None,
                             sort_order=_next_order(EventMaterial, event))
    db.session.add(material)
    db.session.flush()
    return material


def _next_order(model, event: Event) -> int:
    """The sort order after the last of the event's rows of ``model``."""
    last = db.session.scalar(select(func.max(model.sort_order)).where(model.event_id == event.id))
    return (last or 0) + 1


def _remove_own(model, event: Event, row_id: int):
    """Delete the event's row of ``model`` with this id; None if it is not the event's."""
    row = db.session.get(model, row_id)
    if row is None or row.event_id != event.id:
        return None
    db.session.delete(row)
    db.session.flush()
    return row


def remove_material(event: Event, material_id: int) -> EventMaterial | None:
    """Remove one of the event's materials; None if it is not the event's."""
    return _remove_own(EventMaterial, event, material_id)


def _lines(text: str | None) -> str | None:
    """One takeaway per line, blank lines and edges dropped; None if nothing is left."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip()) or None


def save_summary(event: Event, body: str | None, takeaways: str | None,
                 body_es: str | None = None, takeaways_es: str | None = None
                 ) -> EventSummary | None:
    """Write the summary in English, Spanish or both; withdraw it (and its quotes) when blank.

    Each language's takeaways need that language's summary. Spanish readers see the
    Spanish text where there is one, else the English (and the other way round).
    """
    body, body_es = (body or "").strip(), (body_es or "").strip() or None
    takeaways, takeaways_es = _lines(takeaways), _lines(takeaways_es)
    errors = {}
    if takeaways and not body:
        errors["body"] = _("Write the summary before its takeaways.")
    if takeaways_es and not body_es:
        errors["body_es"] = _("Write the summary in Spanish before its takeaways in Spanish.")
    if errors:
        raise FieldErrors(errors)
    summary = event.summary_record
    if not body and not body_es:
        if summary is not None:
            event.summary_record = None
            db.session.execute(delete(SummaryQuote).where(SummaryQuote.event_id == event.id))
        db.session.flush()
        return None
    if summary is None:
        summary = EventSummary(body=body)
        event.summary_record = summary
    summary.body, summary.takeaways = body, takeaways
    summary.body_es, summary.takeaways_es = body_es, takeaways_es
    db.session.flush()
    return summary


def add_quote(event: Event, person_id: int | None, text: str | None,
              text_es: str | None = None) -> SummaryQuote:
    """Attribute a quote, in English, Spanish or both, to one of the event's agenda people."""
    errors = {}
    text, text_es = (text or "").strip(), (text_es or "").strip() or None
    if event.summary_record is None:
        errors["text"] = _("Write the summary first; quotes are shown with it.")
    elif not text and not text_es:
        errors["text"] = _("Enter the words quoted.")
    if person_id not in {p.id for p in quotable_people(event)}:
        errors["person_id"] = _("Choose someone on this event’s agenda.")
    if errors:
        raise FieldErrors(errors)
    quote = SummaryQuote(event_id=event.id, person_id=person_id, text=text, text_es=text_es,
                         sort_order=_next_order(SummaryQuote, event))
    db.session.add(quote)
    db.session.flush()
    return quote


def remove_quote(event: Event, quote_id: int) -> SummaryQuote | None:
    """Remove one of the event's quotes; None if it is not the event's."""
    return _remove_own(SummaryQuote, event, quote_id)

