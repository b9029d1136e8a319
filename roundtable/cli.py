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
