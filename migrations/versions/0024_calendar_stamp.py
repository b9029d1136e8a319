"""calendar stamp: when what an event's calendars show last changed, and its digest

Revision ID: 0024_calendar_stamp
Revises: 0023_spanish_descriptions
Create Date: 2026-12-07 07:55:00

Existing events get the stamp their VEVENTs carry today (the newest update of the
event, its agenda items, their people and its sponsors), so the upgrade re-stamps
nothing; their digest is computed by the next change or `flask roundtable calendar build`.
"""
from alembic import op
import sqlalchemy as sa

import roundtable.db_types


# revision identifiers, used by Alembic.
revision = '0024_calendar_stamp'
down_revision = '0023_spanish_descriptions'
branch_labels = None
depends_on = None


def upgrade():
    # NOT NULL with a placeholder default, replaced below; plain ADD COLUMN (not batch):
    # SQLite adds such a column in place, where a batch would copy the events table
    # (and trip the foreign keys that point at it).
    op.add_column('events', sa.Column('calendar_changed_at',
                                      roundtable.db_types.UTCDateTime(timezone=True),
                                      server_default=sa.text("'2000-01-01 00:00:00'"),
                                      nullable=False))
    op.add_column('events', sa.Column('calendar_digest', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    stamp = roundtable.db_types.UTCDateTime(timezone=True)
    events = sa.table('events', sa.column('id', sa.Integer),
                      sa.column('updated_at', stamp), sa.column('calendar_changed_at', stamp))
    newest = {}

    def see(rows):
        for event_id, when in rows:
            if when is not None and (newest.get(event_id) is None or when > newest[event_id]):
                newest[event_id] = when

    typed = sa.column('t', stamp)
    for query in (
        "SELECT id, updated_at AS t FROM events",
        "SELECT event_id, updated_at AS t FROM agenda_items",
        "SELECT a.event_id, p.updated_at AS t FROM agenda_items a "
        "JOIN agenda_roles r ON r.agenda_item_id = a.id JOIN people p ON p.id = r.person_id",
        "SELECT s.event_id, o.updated_at AS t FROM event_sponsors s "
        "JOIN organizations o ON o.id = s.organization_id",
    ):
        see(conn.execute(sa.text(query).columns(sa.column('id', sa.Integer), typed)))
    for event_id, when in newest.items():
        conn.execute(events.update().where(events.c.id == event_id)
                     .values(calendar_changed_at=when))
    # The feeds' own version row starts where the site's content version is.
    conn.execute(sa.text(
        "INSERT INTO calendar_state (scope, version, changed_at) "
        "SELECT 'calendars', version, changed_at FROM calendar_state WHERE scope = 'site'"))


def downgrade():
    op.execute("DELETE FROM calendar_state WHERE scope = 'calendars'")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('calendar_digest')
        batch_op.drop_column('calendar_changed_at')
