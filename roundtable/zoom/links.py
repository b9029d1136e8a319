"""Which Zoom link a registrant gets: their personal one, or that it follows, or the shared one.

The one place that decides, for every output that shows a join link (emails,
the manage page, the private calendar feed, reminders, organizer messages'
``{zoom_link}``). A personal link is a secret like the pasted one: only the
registrant and the event's organizers ever see it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JoinLink:
    url: str | None         # None while a personal link is on its way
    meeting_id: str | None
    passcode: str | None
    personal: bool = False

    @property
    def follows(self) -> bool:
        """The personal link is not there yet: a short email will bring it."""
        return self.url is None


def managed_meeting(event):
    """The live Zoom meeting Roundtable created for the event, or None (pasted link)."""
    meeting = getattr(event, "zoom_meeting", None)
    return meeting if meeting is not None and meeting.is_live else None


def join_link(registration) -> JoinLink | None:
    """What ``registration`` may use to join, or None if they may not see Zoom at all."""
    if not getattr(registration, "may_see_zoom", False):
        return None
    event = registration.event
    zoom = getattr(registration, "zoom", None)
    managed = managed_meeting(event) is not None
    # A personal link belongs to the managed meeting: once the organizer pasted their own
    # link instead (or the meeting is gone), it is never served again.
    if managed and zoom is not None and zoom.state == "registered" and zoom.join_url:
        return JoinLink(zoom.join_url, event.zoom_meeting_id, event.zoom_passcode, True)
    refused = zoom is not None and zoom.state == "refused"
    if managed and not refused:
        return JoinLink(None, event.zoom_meeting_id, event.zoom_passcode)
    if not event.zoom_join_url:
        return None
    return JoinLink(event.zoom_join_url, event.zoom_meeting_id, event.zoom_passcode)
