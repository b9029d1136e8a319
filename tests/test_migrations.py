"""Migrations build an empty database from scratch and match the models."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from roundtable import create_app
from roundtable.extensions import db
from tests import dbutil


def _check_no_drift(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def _upgrade_and_check(url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "k"})
    with app.app_context():
        upgrade()
        tables = set(db.inspect(db.engine).get_table_names())
    assert {"events", "registrations", "outbox_messages", "alembic_version"} <= tables
    _check_no_drift(app)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()


def test_upgrade_empty_sqlite(tmp_path):
    _upgrade_and_check(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.mark.postgres
@pytest.mark.skipif(not dbutil.on_postgres(), reason="TEST_DATABASE_URL is not PostgreSQL")
def test_upgrade_empty_postgres():
    schema = dbutil.new_schema_name("mig")
    try:
        _upgrade_and_check(dbutil.create_schema(schema))
    finally:
        dbutil.drop_schema(schema)


def test_event_contact_migration_fills_in_the_first_organizer(tmp_path):
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
                      "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="580647baceee")
        stamp = "2030-01-01 00:00:00+00:00"
        with db.engine.begin() as conn:
            for uid, name in ((2, "Ana Barceló Durazo"), (1, "First Organizer")):
                conn.execute(text(
                    "INSERT INTO users (id, email, name, password_hash, is_admin, created_at)"
                    " VALUES (:id, :email, :name, 'x', 0, :at)"),
                    {"id": uid, "email": f"u{uid}@example.org", "name": name, "at": stamp})
            conn.execute(text(
                "INSERT INTO events (id, title, slug, format, starts_at, ends_at, timezone,"
                " status, sequence, created_at, updated_at) VALUES (1, 'T', 't', 'hybrid',"
                " :s, :e, 'America/Phoenix', 'draft', 0, :s, :s)"),
                {"s": stamp, "e": "2030-01-01 02:00:00+00:00"})
            conn.execute(text("INSERT INTO event_organizers VALUES (1, 2), (1, 1)"))
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT contact_name, contact_email FROM events")).one()
        db.engine.dispose()
    assert tuple(row) == ("First Organizer", "u1@example.org")


def test_record_managers_migration_gives_records_to_the_organizers_who_use_them(tmp_path):
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
                      "SECRET_KEY": "k"})
    stamp = "2030-01-01 00:00:00+00:00"
    with app.app_context():
        upgrade(revision="0006_calendar_components")
        with db.engine.begin() as conn:
            for uid in (1, 2):
                conn.execute(text(
                    "INSERT INTO users (id, email, name, password_hash, is_admin, created_at)"
                    " VALUES (:id, :email, 'Barceló Durazo', 'x', 0, :at)"),
                    {"id": uid, "email": f"u{uid}@example.org", "at": stamp})
            conn.execute(text("INSERT INTO event_series (id, name, slug, created_at, updated_at)"
                              " VALUES (1, 'S', 's', :s, :s)"), {"s": stamp})
            conn.execute(text(
                "INSERT INTO events (id, series_id, title, slug, format, starts_at, ends_at,"
                " timezone, status, sequence, created_at, updated_at) VALUES (1, 1, 'T', 't',"
                " 'hybrid', :s, :e, 'America/Phoenix', 'draft', 0, :s, :s)"),
                {"s": stamp, "e": "2030-01-01 02:00:00+00:00"})
            conn.execute(text("INSERT INTO event_organizers VALUES (1, 2)"))
            for sql in (
                "INSERT INTO organizations (id, name, slug, created_at, updated_at)"
                " VALUES (1, 'Used', 'used', :s, :s), (2, 'Unused', 'unused', :s, :s)",
                "INSERT INTO event_sponsors (id, event_id, organization_id, role, sort_order)"
                " VALUES (1, 1, 1, 'host', 0)",
                "INSERT INTO people (id, name, created_at, updated_at)"
                " VALUES (1, 'Raúl Benítez Manaut', :s, :s)",
                "INSERT INTO agenda_items (id, event_id, kind, title, starts_at, ends_at,"
                " in_person_only, sort_order, created_at, updated_at)"
                " VALUES (1, 1, 'panel', 'P', :s, :s, 0, 0, :s, :s)",
                "INSERT INTO agenda_roles (id, agenda_item_id, person_id, role, sort_order)"
                " VALUES (1, 1, 1, 'panelist', 0)",
            ):
                conn.execute(text(sql), {"s": stamp})
        upgrade()
        with db.engine.connect() as conn:
            managers = {table: conn.execute(text(f"SELECT * FROM {table}")).all()
                        for table in ("organization_managers", "person_managers",
                                      "series_managers")}
        db.engine.dispose()
    assert {t: [tuple(r) for r in rows] for t, rows in managers.items()} == {
        "organization_managers": [(1, 2)], "person_managers": [(1, 2)],
        "series_managers": [(1, 2)]}


STAMP, END = "2030-01-01 00:00:00+00:00", "2030-01-01 02:00:00+00:00"


@contextmanager
def _database_at(tmp_path, revision: str):
    """An SQLite database migrated up to ``revision``, holding one draft event (id 1)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
                      "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision=revision)
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO events (id, title, slug, format, starts_at, ends_at, timezone,"
                " status, sequence, created_at, updated_at) VALUES (1, 'T', 't', 'hybrid',"
                " :s, :e, 'America/Phoenix', 'draft', 0, :s, :s)"), {"s": STAMP, "e": END})
        try:
            yield app
        finally:
            db.engine.dispose()


def test_walk_in_email_migration_keeps_every_link_to_a_registration(tmp_path):
    """SQLite rebuilds the table to drop NOT NULL; the rows that point at it stay linked."""
    from sqlalchemy import text

    stamp = STAMP
    with _database_at(tmp_path, "0021_reminder_note"):
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO registrations (id, event_id, name, email, mode, status,"
                " manage_token_hash, token_nonce, created_at, updated_at)"
                " VALUES (1, 1, 'A', 'a@example.org', 'in_person', 'confirmed', 'h', 'n',"
                " :s, :s)"), {"s": stamp})
            conn.execute(text(
                "INSERT INTO door_actions (id, event_id, kind, registration_id, outcome,"
                " message, happened_at, applied_at) VALUES ('action-1', 1, 'walk_in', 1,"
                " 'applied', '', :s, :s)"), {"s": stamp})
        upgrade()
        with db.engine.begin() as conn:
            linked = conn.execute(text("SELECT registration_id FROM door_actions")).scalar()
            for n in (2, 3):  # walk-ins without an email: as many as come
                conn.execute(text(
                    "INSERT INTO registrations (id, event_id, name, email, mode, status,"
                    " manage_token_hash, token_nonce, created_at, updated_at, is_walk_in)"
                    f" VALUES ({n}, 1, 'W', NULL, 'in_person', 'confirmed', 'h{n}', 'n',"
                    " :s, :s, 1)"), {"s": stamp})
            enforced = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
        import sqlalchemy.exc

        with pytest.raises(sqlalchemy.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO registrations (id, event_id, name, email, mode, status,"
                " manage_token_hash, token_nonce, created_at, updated_at)"
                " VALUES (4, 1, 'A', 'a@example.org', 'online', 'waitlisted', 'h4', 'n',"
                " :s, :s)"), {"s": stamp})
    assert linked == 1 and enforced == 1


def test_search_text_migration_folds_existing_registrations(tmp_path):
    """0025 fills registrations.search_text for rows made before it, as the model would."""
    from sqlalchemy import text

    from roundtable.folding import search_text

    stamp = STAMP
    with _database_at(tmp_path, "0024_calendar_stamp"):
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO registrations (id, event_id, name, email, affiliation, mode,"
                " status, manage_token_hash, token_nonce, created_at, updated_at)"
                " VALUES (1, 1, 'Raúl Benítez Manaut', 'rbm@example.org', 'CISAN, UNAM',"
                " 'in_person', 'confirmed', 'h', 'n', :s, :s),"
                " (2, 1, 'Rosa Elvira Quiñones', NULL, NULL, 'in_person', 'confirmed',"
                " 'h2', 'n', :s, :s)"), {"s": stamp})
        upgrade()
        with db.engine.begin() as conn:
            folded = dict(conn.execute(text("SELECT id, search_text FROM registrations")).all())
    assert folded == {1: "raul benitez manaut rbm@example.org cisan, unam",
                      2: "rosa elvira quinones"}
    assert folded[1] == search_text("Raúl Benítez Manaut", "rbm@example.org", "CISAN, UNAM")
