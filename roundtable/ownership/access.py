"""Who may change a shared record: its managers and admins.

Anyone else signed in is told who manages it, so they can ask (403, nothing changes);
a record that does not exist, or a visitor not signed in, gets 404, as for events.
"""

from flask import abort, make_response, render_template
from flask_login import current_user


def managed_or_404(record):
    """Return ``record`` if the signed-in user manages it; else who does (403), or 404."""
    if record is None or not getattr(current_user, "is_authenticated", False):
        abort(404)
    if not record.is_managed_by(current_user):
        page = render_template("ownership/not_manager.html", record=record,
                               name=getattr(record, "display_name", None) or record.name)
        abort(make_response(page, 403))
    return record
