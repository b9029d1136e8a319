"""Who may change a shared record: its managers and admins; everyone else gets 404."""

from flask import abort
from flask_login import current_user


def managed_or_404(record):
    """Return ``record`` if the signed-in user manages it; else 404, as for events."""
    if record is None or not record.is_managed_by(current_user):
        abort(404)
    return record
