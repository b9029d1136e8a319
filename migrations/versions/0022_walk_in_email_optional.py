"""A walk-in's email is optional: registrations.email may be NULL.

The partial unique index (one live registration per event and email) stays as it
is: NULLs never collide in a unique index, on SQLite or PostgreSQL, so walk-ins
without an email may be many while two live registrations with one address are
still refused. SQLite rebuilds the table to drop NOT NULL; the index is dropped
first and made again after, so its WHERE clause is written out, not reflected.

Revision ID: 0022_walk_in_email_optional
Revises: 0021_reminder_note
Create Date: 2026-12-07 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0022_walk_in_email_optional"
down_revision = "0021_reminder_note"
branch_labels = None
depends_on = None

LIVE = sa.text("status != 'cancelled'")


def _drop_index():
    op.drop_index("uq_registrations_live_email", table_name="registrations")


def _create_index():
    op.create_index("uq_registrations_live_email", "registrations", ["event_id", "email"],
                    unique=True, sqlite_where=LIVE, postgresql_where=LIVE)


def upgrade():
    _drop_index()
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=True)
    _create_index()


def downgrade():
    # Walk-ins without an email cannot keep a NOT NULL column: give them an address
    # nobody receives (RFC 2606's .invalid), unique per registration.
    op.execute("UPDATE registrations SET email = 'walk-in-' || id || '@example.invalid' "
               "WHERE email IS NULL")
    _drop_index()
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=254), nullable=False)
    _create_index()
