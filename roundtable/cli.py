"""`flask roundtable ...` commands."""

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from roundtable.extensions import db

roundtable_cli = AppGroup("roundtable", help="Roundtable administration.")


@roundtable_cli.command("create-organizer")
@click.argument("email")
@click.option("--name", required=True, help="The organizer's full name.")
@click.option("--admin", is_flag=True, help="May manage every event.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_organizer_command(email: str, name: str, admin: bool, password_stdin: bool) -> None:
    """Create an organizer account."""
    from roundtable.auth.services import AccountError, create_organizer

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_organizer(email, name, password, is_admin=admin)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {'admin ' if admin else ''}organizer {user.email}.")


@roundtable_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no events yet.")
def demo_command(if_empty: bool) -> None:
    """Load the demo events, sponsors, speakers and organizer (idempotent)."""
    from sqlalchemy import select

    from roundtable.demo import DEMO_EMAIL, load_demo
    from roundtable.events.models import Event

    if if_empty and db.session.scalar(select(Event.id).limit(1)) is not None:
        click.echo("Events exist already; demo data not loaded.")
        return
    created = load_demo()
    db.session.commit()
    for title in created["events"]:
        click.echo(f"Created event: {title}")
    if not created["events"]:
        click.echo("Demo data already loaded; nothing changed.")
    if created["password"]:
        creds = os.path.join(current_app.instance_path, "demo-credentials.txt")
        fd = os.open(creds, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"email: {DEMO_EMAIL}\npassword: {created['password']}\n")
        click.echo(f"Demo organizer: {DEMO_EMAIL}  password: {created['password']}")
        click.echo(f"(also saved in {creds})")
    else:
        click.echo(f"Demo organizer: {DEMO_EMAIL} (password in instance/demo-credentials.txt)")


@roundtable_cli.command("revoke-links")
@click.option("--event", "slug", default=None, help="Only this event's registrations (its slug).")
def revoke_links_command(slug: str | None) -> None:
    """Invalidate manage links and email registrants fresh ones (after a leak or key change)."""
    from sqlalchemy import select

    from roundtable.events.models import Event
    from roundtable.registration.links import revoke_links

    event = None
    if slug is not None:
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None:
            raise click.ClickException(f"No event has the slug {slug!r}; nothing was changed.")
    result = revoke_links(event)
    db.session.commit()
    click.echo(f"Replaced {result.revoked} manage link{'' if result.revoked == 1 else 's'}; "
               f"queued {result.emailed} email{'' if result.emailed == 1 else 's'} with the "
               "new link (run `flask roundtable mail deliver` to send them).")


mail_cli = AppGroup("mail", help="Deliver the outbox and queue reminders.")
roundtable_cli.add_command(mail_cli)


def _log_mail_to_console() -> None:
    import logging

    current_app.logger  # noqa: B018  (installs Flask's stderr handler on first use)
    logger = logging.getLogger("roundtable.mail")
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)


@mail_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep delivering until stopped (Ctrl-C or SIGTERM).")
@click.option("--batch", default=50, show_default=True, help="Messages claimed at a time.")
@click.option("--interval", default=5.0, show_default=True,
              help="Seconds between looks at the outbox with --watch.")
def deliver_command(watch: bool, batch: int, interval: float) -> None:
    """Send the messages that are due (SMTP, or .eml files without MAIL_SERVER)."""
    import signal
    import threading

    from sqlalchemy.exc import OperationalError

    from roundtable.mail.delivery import DeliveryReport, deliver_due

    _log_mail_to_console()
    stop = threading.Event()
    if watch:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        where = current_app.config["MAIL_SERVER"] or current_app.config["MAIL_OUTBOX_DIR"]
        click.echo(f"Delivering the outbox to {where}; Ctrl-C to stop.")
    total = DeliveryReport()
    while not stop.is_set():
        try:
            report = deliver_due(batch)
        except OperationalError as exc:
            # The database went away: keep watching, or report it and stop.
            db.session.rollback()
            if not watch:
                raise click.ClickException(f"database unavailable: {exc.orig}") from None
            click.echo(f"Database unavailable, retrying in {interval:g}s.", err=True)
            stop.wait(interval)
            continue
        for name in ("sent", "retrying", "failed"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        if report.claimed < batch:
            if not watch:
                break
            stop.wait(interval)
    click.echo(f"Sent {total.sent}, to retry {total.retrying}, failed {total.failed}.")


@mail_cli.command("reminders")
@click.option("--hours", type=int, default=None,
              help="Remind of events starting within this many hours (default REMINDER_HOURS).")
def reminders_command(hours: int | None) -> None:
    """Queue one reminder per confirmed registrant of events starting soon (never twice)."""
    from roundtable.mail.notices import queue_reminders

    queued = queue_reminders(hours=hours)
    db.session.commit()
    click.echo(f"Queued {queued} reminder{'' if queued == 1 else 's'}.")


zoom_cli = AppGroup("zoom", help="Zoom: check the credentials, do the queued Zoom work.")
roundtable_cli.add_command(zoom_cli)


@zoom_cli.command("check")
def zoom_check_command() -> None:
    """Say whether the Zoom credentials work and which user hosts."""
    from roundtable.zoom.client import NotConfigured, ZoomClient, ZoomError

    try:
        client = ZoomClient.from_app()
    except NotConfigured:
        raise click.ClickException(
            "Zoom is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and "
            "ZOOM_CLIENT_SECRET (events keep pasted links until then).") from None
    try:
        user = client.user("me")
    except ZoomError as exc:
        raise click.ClickException(f"Zoom refused the credentials: {exc}") from None
    finally:
        client.close()
    name = " ".join(filter(None, (user.get("first_name"), user.get("last_name"))))
    click.echo(f"Zoom credentials work. Meetings are hosted by {name} <{user.get('email')}>"
               f" (the account's own user; set a host email per event to use another).")
    if not current_app.config.get("ZOOM_WEBHOOK_SECRET_TOKEN"):
        click.echo("ZOOM_WEBHOOK_SECRET_TOKEN is not set: webhooks will be refused.")


calendar_cli = AppGroup("calendar", help="Calendar feeds and files.")
roundtable_cli.add_command(calendar_cli)


@calendar_cli.command("build")
def calendar_build_command() -> None:
    """Store every public calendar's pieces in every language (run after `flask db upgrade`)."""
    from roundtable.calendar import store

    counts = store.fill(site_url=current_app.config["SITE_URL"].rstrip("/"))
    db.session.commit()
    click.echo(f"Calendar pieces: {counts['built']} built, {counts['stored']} already stored.")


webhooks_cli = AppGroup("webhooks", help="Deliver queued webhooks.")
roundtable_cli.add_command(webhooks_cli)


@webhooks_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep delivering until stopped (Ctrl-C or SIGTERM).")
@click.option("--batch", default=20, show_default=True, help="Deliveries claimed at a time.")
@click.option("--interval", default=5.0, show_default=True,
              help="Seconds between looks at the queue with --watch.")
def webhooks_deliver_command(watch: bool, batch: int, interval: float) -> None:
    """POST the webhook deliveries that are due, signed; retry or give up as they answer."""
    import signal
    import threading

    from roundtable.webhooks.delivery import deliver_due

    stop = threading.Event()
    if watch:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    delivered = retrying = failed = 0
    while not stop.is_set():
        report = deliver_due(batch)
        delivered += report.delivered
        retrying += report.retrying
        failed += report.failed
        if report.claimed < batch:
            if not watch:
                break
            stop.wait(interval)
    click.echo(f"Delivered {delivered}, to retry {retrying}, failed {failed}.")


@zoom_cli.command("sync")
@click.option("--watch", is_flag=True, help="Keep doing Zoom work until stopped.")
@click.option("--batch", default=100, show_default=True, help="Tasks claimed at a time.")
@click.option("--interval", default=5.0, show_default=True,
              help="Seconds between looks at the queue with --watch.")
def zoom_sync_command(watch: bool, batch: int, interval: float) -> None:
    """Do the queued Zoom work (meetings, registrants, webhooks, reports) once, or keep at it.

    Without Zoom credentials there is nothing to do: it says so and, with
    --watch, waits quietly (``make run`` starts it either way).
    """
    import logging
    import signal
    import threading

    from sqlalchemy.exc import OperationalError

    from roundtable.zoom.client import configured
    from roundtable.zoom.worker import SyncReport, sync_due

    current_app.logger  # noqa: B018  (installs Flask's stderr handler)
    logger = logging.getLogger("roundtable.zoom")
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    stop = threading.Event()
    if watch:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    if not configured(current_app.config):
        click.echo("Zoom is not configured (no ZOOM_* credentials): nothing to do.")
        if watch:
            stop.wait()
        return
    total = SyncReport()
    while not stop.is_set():
        try:
            report = sync_due(batch)
        except OperationalError as exc:
            db.session.rollback()
            if not watch:
                raise click.ClickException(f"database unavailable: {exc.orig}") from None
            stop.wait(interval)
            continue
        for name in ("done", "retrying", "failed"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        if report.claimed < batch:
            if not watch:
                break
            stop.wait(interval)
    click.echo(f"Zoom tasks done {total.done}, to retry {total.retrying}, "
               f"failed {total.failed}.")
