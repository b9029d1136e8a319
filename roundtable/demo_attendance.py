"""Demo attendance for the past 3rd edition: registrants, door check-ins and a Zoom report.

The people are invented (no real attendee is named); the Zoom report is written as
Zoom exports it and goes through the real parser and import, so the attendance
page shows what an organizer would see after uploading their own file.
"""

import random
from datetime import timedelta

from sqlalchemy import func, select

from roundtable.attendance import services as attendance
from roundtable.attendance import zoom
from roundtable.events.models import Event
from roundtable.extensions import db
from roundtable.registration.models import Registration
from roundtable.registration.tokens import issue_token

FIRST = ["Ana Lucía", "José Ángel", "María Fernanda", "Jesús", "Sofía", "Héctor", "Ximena",
         "Raúl", "Guadalupe", "Andrés", "Elena", "Tomás", "Daniela", "Iñaki", "Mónica",
         "Emily", "Michael", "Sarah", "David", "Laura", "James", "Olivia", "Robert", "Grace"]
LAST = ["Ortega", "Núñez", "Ibáñez", "Peña", "Rodríguez", "Gómez", "Zúñiga", "Treviño",
        "Villaseñor", "Durán", "Miller", "Carter", "Nguyen", "Walsh", "Reyes", "Acuña"]
IN_PERSON, ONLINE = 34, 46
ZOOM_TIME = "%m/%d/%Y %I:%M:%S %p"


def _people(rng: random.Random, count: int, used: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            names.append(name)
    return names


def _email(name: str, n: int) -> str:
    ascii_name = name.lower().translate(str.maketrans("áéíóúñü ", "aeiounu."))
    return f"{ascii_name}.{n}@example.org"


def _register(event: Event, name: str, n: int, mode: str, rng: random.Random) -> Registration:
    registration = Registration(
        event=event, name=name, email=_email(name, n), mode=mode, status="confirmed",
        language="es" if rng.random() < 0.4 else "en",
        attends_reception=(rng.random() < 0.6) if mode == "in_person" else None,
        created_at=event.starts_at - timedelta(days=rng.randint(2, 30)),
    )
    issue_token(registration)
    db.session.add(registration)
    return registration


def _check_in(registration: Registration, rng: random.Random) -> None:
    registration.checked_in_at = registration.event.starts_at + timedelta(
        minutes=rng.randint(-25, 20), seconds=rng.randint(0, 59))


def _zoom_csv(event: Event, online: list[Registration], rng: random.Random) -> bytes:
    """A participant report as Zoom writes it: meeting block, blank line, one row per join."""
    zone = event.tz
    local = lambda moment: moment.astimezone(zone).strftime(ZOOM_TIME)  # noqa: E731
    lines = ["Meeting ID,Topic,Start Time,End Time,Duration (Minutes),Participants",
             f'{event.zoom_meeting_id or ""},"{event.title}",{local(event.starts_at)},'
             f"{local(event.ends_at)},{(event.ends_at - event.starts_at).seconds // 60},"
             f"{len(online)}", "",
             "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    for registration in online:
        joined = event.starts_at + timedelta(minutes=rng.randint(-5, 25))
        left = min(event.ends_at, joined + timedelta(minutes=rng.randint(15, 95)))
        spans = [(joined, left)]
        if rng.random() < 0.2:  # dropped and rejoined
            back = left + timedelta(minutes=2)
            if back < event.ends_at:
                spans.append((back, event.ends_at))
        email = registration.email if rng.random() < 0.8 else ""
        for start, end in spans:
            minutes = max(1, round((end - start).total_seconds() / 60))
            lines.append(f'"{registration.name}",{email},{local(start)},{local(end)},'
                         f"{minutes},Yes")
    lines.append(f"iPad de Invitado,,{local(event.starts_at)},"
                 f"{local(event.starts_at + timedelta(minutes=40))},40,Yes")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def load_attendance(event: Event) -> bool:
    """Give the past edition its attendance once; False when it already has registrations."""
    if db.session.scalar(select(func.count(Registration.id))
                         .where(Registration.event_id == event.id)):
        return False
    rng = random.Random(20241121)
    used: set[str] = set()
    in_room = [_register(event, name, n, "in_person", rng)
               for n, name in enumerate(_people(rng, IN_PERSON, used))]
    online = [_register(event, name, n + IN_PERSON, "online", rng)
              for n, name in enumerate(_people(rng, ONLINE, used))]
    for registration in in_room[:27]:
        _check_in(registration, rng)
    walk_in = _register(event, "Rosa Elvira Quiñones", 99, "in_person", rng)
    walk_in.is_walk_in = True
    walk_in.email = None  # she gave none at the door: every page copes with that
    _check_in(walk_in, rng)
    db.session.flush()
    came_online = online[:31]
    report = zoom.parse(_zoom_csv(event, came_online, rng), event.timezone)
    attendance.import_report(event, report)
    return True
