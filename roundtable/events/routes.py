"""Public event pages and the organizer dashboard."""

from flask import abort, render_template
from flask_login import current_user, login_required

from roundtable.events import bp, services


@bp.route("/")
def index():
    """List upcoming and past public events."""
    upcoming, past = services.upcoming_and_past()
    return render_template("events/index.html", upcoming=upcoming, past=past)


@bp.route("/events/<slug>")
def event_page(slug: str):
    """Show one event: when, where, how to attend, sponsors and agenda."""
    event = services.get_public_event(slug)
    if event is None:
        abort(404)
    return render_template("events/event.html", event=event)


@bp.route("/series/<slug>")
def series_page(slug: str):
    """List a series' editions."""
    series = services.get_series_by_slug(slug)
    if series is None:
        abort(404)
    return render_template(
        "events/series.html", series=series, editions=services.public_editions(series)
    )


@bp.route("/manage/")
@login_required
def dashboard():
    """List the signed-in organizer's events."""
    events = services.events_managed_by(current_user)
    return render_template("manage/dashboard.html", events=events)
