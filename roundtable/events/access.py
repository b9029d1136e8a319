"""Who may manage an event: its organizers and admins; everyone else gets 404."""

from flask import abort
from flask_login import current_user

from roundtable.events import services
from roundtable.events.models import Event


def get_managed_event_or_404(event_id: int) -> Event:
    """Return the event, details loaded, if the signed-in user manages it; else 404.

    404 rather than 403 so that other organizers cannot learn which ids exist.
    Use after @login_required, so anonymous visitors are sent to sign in first.
    """
    event = services.get_event_with_details(event_id)
    if event is None or not event.is_organized_by(current_user):
        abort(404)
    return event
