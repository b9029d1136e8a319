"""What the API reads and writes, as marshmallow schemas: they also write the OpenAPI document."""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

LANGS = ("en", "es")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={
        "description": "Stable, machine-readable: not_found, invalid_input, invalid_cursor, "
                       "unauthorized, forbidden, rate_limited, conflict, registration_refused…"})
    message = fields.String(required=True, metadata={"description": "For people, in `lang`."})
    fields = fields.Dict(keys=fields.String(), metadata={
        "description": "Per input field, what is wrong with it."})


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class LanguageArgs(Schema):
    lang = fields.String(validate=validate.OneOf(LANGS), metadata={
        "description": "Language of labels and of content that has a Spanish version "
                       "(falls back to the other language). Default: en."})


class PageArgs(LanguageArgs):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    cursor = fields.String(validate=validate.Length(max=200), metadata={
        "description": "Opaque: copy it from a page's `next` link."})


class EventListArgs(PageArgs):
    from_ = fields.Date(data_key="from", validate=validate.Range(FIRST_DAY, LAST_DAY),
                        metadata={"description": "Events ending on or after this day (UTC)."})
    to = fields.Date(validate=validate.Range(FIRST_DAY, LAST_DAY),
                     metadata={"description": "Events starting on or before this day (UTC)."})
    series = fields.String(validate=validate.Length(max=120),
                           metadata={"description": "A series' slug."})
    organization = fields.String(validate=validate.Length(max=120),
                                 metadata={"description": "An organization's slug."})


class Links(Schema):
    self_ = fields.String(data_key="self", required=True)
    next = fields.String(allow_none=True, required=True)


class SeriesRef(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "The public page."})
    api_url = fields.String(required=True)


class OrganizationRef(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    short_name = fields.String(allow_none=True, required=True)
    website = fields.String(allow_none=True, required=True)
    url = fields.String(required=True)
    api_url = fields.String(required=True)


class Sponsorship(OrganizationRef):
    role = fields.String(required=True, validate=validate.OneOf(("host", "co_sponsor", "partner")))
    role_label = fields.String(required=True)


class Venue(Schema):
    name = fields.String(allow_none=True, required=True)
    room = fields.String(allow_none=True, required=True)
    address = fields.String(allow_none=True, required=True)


class EventSummary(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(allow_none=True, required=True)
    language = fields.String(required=True, metadata={"description": "Language of `title`."})
    status = fields.String(required=True, validate=validate.OneOf(("published", "cancelled")))
    format = fields.String(required=True, validate=validate.OneOf(
        ("in_person", "online", "hybrid")))
    format_label = fields.String(required=True)
    starts_at = fields.String(required=True, metadata={
        "format": "date-time", "description": "ISO 8601 with the event's UTC offset."})
    ends_at = fields.String(required=True, metadata={"format": "date-time"})
    timezone = fields.String(required=True, metadata={"description": "IANA zone."})
    edition = fields.Integer(allow_none=True, required=True)
    series = fields.Nested(SeriesRef, allow_none=True, required=True)
    organizations = fields.List(fields.Nested(Sponsorship), required=True)
    url = fields.String(required=True)
    api_url = fields.String(required=True)


class EventPage(Schema):
    data = fields.List(fields.Nested(EventSummary), required=True)
    links = fields.Nested(Links, required=True)


class Audience(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(("in_person", "online")))
    label = fields.String(required=True)
    capacity = fields.Integer(allow_none=True, required=True,
                              metadata={"description": "null: no limit."})
    seats_left = fields.Integer(allow_none=True, required=True,
                                metadata={"description": "null: no limit."})
    waitlisted = fields.Integer(required=True)
    full = fields.Boolean(required=True)


class RegistrationState(Schema):
    state = fields.String(required=True, validate=validate.OneOf(
        ("open", "not_yet_open", "closed", "under_way", "past", "cancelled")))
    message = fields.String(allow_none=True, required=True,
                            metadata={"description": "Why it is closed, in `lang`."})
    opens_at = fields.String(allow_none=True, required=True, metadata={"format": "date-time"})
    closes_at = fields.String(allow_none=True, required=True, metadata={"format": "date-time"})
    url = fields.String(required=True, metadata={"description": "The public form."})


class AgendaPerson(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    honorific = fields.String(allow_none=True, required=True)
    display_name = fields.String(required=True)
    position = fields.String(allow_none=True, required=True)
    affiliation = fields.String(allow_none=True, required=True)
    role = fields.String(required=True, validate=validate.OneOf(
        ("keynote_speaker", "speaker", "panelist", "moderator", "host")))
    role_label = fields.String(required=True)


class AgendaItem(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    starts_at = fields.String(required=True, metadata={"format": "date-time"})
    ends_at = fields.String(required=True, metadata={"format": "date-time"})
    location = fields.String(allow_none=True, required=True)
    in_person_only = fields.Boolean(required=True)
    people = fields.List(fields.Nested(AgendaPerson), required=True)


class EventDetail(EventSummary):
    description = fields.String(allow_none=True, required=True)
    cancellation_reason = fields.String(allow_none=True, required=True)
    venue = fields.Nested(Venue, allow_none=True, required=True)
    registration = fields.Nested(RegistrationState, required=True)
    audiences = fields.List(fields.Nested(Audience), required=True, metadata={
        "description": "Seats per offered audience."})
    agenda = fields.List(fields.Nested(AgendaItem), required=True)
    calendar_url = fields.String(required=True, metadata={"description": "iCalendar file."})


class SeriesSummary(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    url = fields.String(required=True)
    api_url = fields.String(required=True)
    events_url = fields.String(required=True, metadata={"description": "Its public editions."})


class SeriesPage(Schema):
    data = fields.List(fields.Nested(SeriesSummary), required=True)
    links = fields.Nested(Links, required=True)


class OrganizationSummary(OrganizationRef):
    description = fields.String(allow_none=True, required=True)
    events_url = fields.String(required=True)


class OrganizationPage(Schema):
    data = fields.List(fields.Nested(OrganizationSummary), required=True)
    links = fields.Nested(Links, required=True)


class Root(Schema):
    events = fields.String(required=True)
    series = fields.String(required=True)
    organizations = fields.String(required=True)
    openapi = fields.String(required=True)
    docs = fields.String(required=True)



# --- the organizer API -------------------------------------------------------------------

MODES = ("in_person", "online")


class TokenInfo(Schema):
    name = fields.String(required=True)
    scopes = fields.List(fields.String(), required=True)
    organizer = fields.String(required=True, metadata={"description": "The owner's name."})
    expires_at = fields.String(allow_none=True, required=True, metadata={"format": "date-time"})


class ManagedEvent(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(
        ("draft", "published", "cancelled")))
    format = fields.String(required=True)
    starts_at = fields.String(required=True, metadata={"format": "date-time"})
    ends_at = fields.String(required=True, metadata={"format": "date-time"})
    timezone = fields.String(required=True)
    registrations_url = fields.String(required=True)


class ManagedEventList(Schema):
    data = fields.List(fields.Nested(ManagedEvent), required=True)


class RegistrationOut(Schema):
    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True, required=True, metadata={
        "description": "null for a walk-in who gave no email at the door (they get no "
                       "email); every other registration has one."})
    affiliation = fields.String(allow_none=True, required=True)
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    mode_label = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(
        ("confirmed", "waitlisted", "cancelled")))
    status_label = fields.String(required=True)
    waitlist_position = fields.Integer(allow_none=True, required=True)
    is_walk_in = fields.Boolean(required=True)
    attends_reception = fields.Boolean(allow_none=True, required=True)
    language = fields.String(required=True)
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    updated_at = fields.String(required=True, metadata={"format": "date-time"})
    checked_in_at = fields.String(allow_none=True, required=True,
                                  metadata={"format": "date-time"})
    cancelled_at = fields.String(allow_none=True, required=True,
                                 metadata={"format": "date-time"})


class RegistrationPage(Schema):
    data = fields.List(fields.Nested(RegistrationOut), required=True)
    links = fields.Nested(Links, required=True)


class RegistrationListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(("confirmed", "waitlisted", "cancelled")))
    mode = fields.String(validate=validate.OneOf(MODES))
    checked_in = fields.Boolean()
    search = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "Part of a name or email."})


class RegistrationIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    affiliation = fields.String(allow_none=True, validate=validate.Length(max=300))
    attends_reception = fields.Boolean(allow_none=True)
    language = fields.String(load_default="en", validate=validate.OneOf(LANGS),
                             metadata={"description": "Language of the emails they get."})


class RegistrationCreated(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(
        ("confirmed", "waitlisted", "existing")), metadata={
        "description": "existing: this email already has a live registration (it is "
                       "returned, and its manage link is emailed again, as on the form)."})
    registration = fields.Nested(RegistrationOut, required=True)


class ModeIn(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(MODES))


class DoorActionIn(Schema):
    action_id = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9-]{8,64}$"), metadata={
        "description": "The device's own id for this action (8–64 letters, digits, dashes; "
                       "a UUID): the same id is applied once, whether it comes through "
                       "this API or the door page's offline sync. Default: a new one."})
    at = fields.AwareDateTime(metadata={
        "description": "When it happened at the door (a device syncing later), with its "
                       "offset; a time in the future counts as now. Default: now."})


class CheckInIn(DoorActionIn):
    anyway = fields.Boolean(load_default=False, metadata={
        "description": "Check in even before the event's day (otherwise 409 "
                       "needs_confirmation with the question)."})


class CheckInOut(Schema):
    changed = fields.Boolean(required=True, metadata={
        "description": "false: nothing changed (already so, or an action id seen before)."})
    outcome = fields.String(required=True, validate=validate.OneOf(("applied", "conflict")),
                            metadata={"description": "conflict: already done, on another "
                                                     "device or at the desk; not doubled."})
    message = fields.String(required=True)
    action_id = fields.String(required=True)
    replayed = fields.Boolean(required=True, metadata={
        "description": "This action id was applied before: this is its first answer."})
    registration = fields.Nested(RegistrationOut, required=True)


class CancelOut(Schema):
    registration = fields.Nested(RegistrationOut, required=True)
    promoted = fields.List(fields.Integer(), required=True, metadata={
        "description": "Ids of waitlisted registrations confirmed into the freed seat."})


class ModeFigures(Schema):
    mode = fields.String(required=True)
    label = fields.String(required=True)
    registered = fields.Integer(required=True)
    confirmed = fields.Integer(required=True)
    attended = fields.Integer(required=True)
    no_shows = fields.Integer(allow_none=True, required=True, metadata={
        "description": "null until attendance in this mode was recorded."})
    no_show_rate = fields.Integer(allow_none=True, required=True)
    walk_ins = fields.Integer(required=True)
    reception_yes = fields.Integer(required=True)
    reception_came = fields.Integer(required=True)


class AttendanceOut(Schema):
    event_id = fields.Integer(required=True)
    modes = fields.List(fields.Nested(ModeFigures), required=True)
    online_people = fields.Integer(required=True)
    median_minutes = fields.Float(allow_none=True, required=True)
    stayed_past_keynote = fields.Integer(allow_none=True, required=True)
