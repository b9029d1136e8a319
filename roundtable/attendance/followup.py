"""Follow-up messages after the event: who gets them, and the drafts organizers start from.

The organizer previews, tests and sends them on the event's Message page
(``mail/routes.py``), like any organizer message; this module only says who
attended, who did not, and what the first draft says.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from roundtable.attendance import report
from roundtable.events.models import Event
from roundtable.i18n import in_language, localized
from roundtable.registration.models import Registration


@dataclass(frozen=True)
class Draft:
    audience: str
    label: str
    subject: str
    body: str
    # The same draft in Spanish: each registrant gets their language's version.
    subject_es: str = ""
    body_es: str = ""


def attended(event: Event, regs: list[Registration] | None = None,
             online: list | None = None) -> list[Registration]:
    """Registrants who came, in the room or on Zoom (walk-ins added at the door too).

    ``regs`` and ``online``: the event's ``report.registrations`` and
    ``report.counted_online`` when the caller has read them already."""
    regs = report.registrations(event) if regs is None else regs
    came = report.attended_ids(regs, report.counted_online(event) if online is None else online)
    return sorted((r for r in regs if r.id in came), key=lambda r: r.id)


def no_shows(event: Event, regs: list[Registration] | None = None,
             online: list | None = None) -> list[Registration]:
    """Confirmed registrants who came neither to the room nor to Zoom.

    Only in a mode whose attendance was taken: before the Zoom report is imported,
    nobody registered online is told they were missed.
    """
    regs = report.registrations(event) if regs is None else regs
    online = report.counted_online(event) if online is None else online
    came = report.attended_ids(regs, online)
    recorded = report.recorded_modes(regs, online)
    return sorted((r for r in regs if r.is_confirmed and not r.is_walk_in
                   and r.mode in recorded and r.id not in came), key=lambda r: r.id)


def recording(event: Event) -> tuple[str, str | None] | None:
    """The event's recording link and passcode, if the organizers have added one."""
    from roundtable.recap.services import recording_for

    found = recording_for(event)
    return (found.url, found.passcode) if found else None


def _recording_paragraph(event: Event) -> str:
    found = recording(event)
    if found is None:
        return _("We will send you the link to the recording as soon as it is ready.")
    url, passcode = found
    link = f"[{url}]({url})"
    if passcode:
        return _("You can watch the recording here: %(link)s (passcode: %(passcode)s).",
                 link=link, passcode=passcode)
    return _("You can watch the recording here: %(link)s.", link=link)


def drafts(event: Event) -> dict[str, Draft]:
    """The two follow-up drafts, keyed as the compose page's ``draft``, in both languages.

    The label is in the organizer's language; the English and Spanish texts are
    each written in their own language, with the event's title in it.
    """
    with in_language("en"):
        english = _drafts(event)
    with in_language("es"):
        spanish = _drafts(event)
    return {key: Draft(draft.audience, str(DRAFTS[key]), draft.subject, draft.body,
                       spanish[key].subject, spanish[key].body)
            for key, draft in english.items()}


def _drafts(event: Event) -> dict[str, Draft]:
    title = localized(event, "title")
    return {
        "thanks": Draft(
            "attended", str(DRAFTS["thanks"]),
            _("Thank you for coming: %(title)s", title=title),
            _("Thank you for joining us at %(title)s. We hope the conversation was worth "
              "your time, and we would be glad to hear what you thought of it: just reply "
              "to this message.", title=title)
            + "\n\n" + _("We look forward to seeing you at the next one."),
        ),
        "no_show": Draft(
            "no_show", str(DRAFTS["no_show"]),
            _("Sorry we missed you: %(title)s", title=title),
            _("We are sorry we missed you at %(title)s.", title=title)
            + f"\n\n{_recording_paragraph(event)}\n\n"
            + _("We hope to see you at the next one."),
        ),
    }


# The draft's name on the attendance page (and the compose page's label).
DRAFTS = {"thanks": _l("Thank you for coming"), "no_show": _l("Sorry we missed you")}
