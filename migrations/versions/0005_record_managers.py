"""Managers of shared records: organizations, people and series.

Existing records get as managers the organizers of the events that use them
(sponsor, speak at, or belong to the series), so nobody loses what they
could edit before; records no event uses are left to admins.

Revision ID: 0005_record_managers
Revises: 0006_calendar_components
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005_record_managers'
down_revision = '0006_calendar_components'
branch_labels = None
depends_on = None

# (table, record column, record table, query of (record id, user id) pairs to backfill)
TABLES = (
    ('organization_managers', 'organization_id', 'organizations',
     'SELECT DISTINCT s.organization_id, o.user_id FROM event_sponsors s '
     'JOIN event_organizers o ON o.event_id = s.event_id'),
    ('person_managers', 'person_id', 'people',
     'SELECT DISTINCT r.person_id, o.user_id FROM agenda_roles r '
     'JOIN agenda_items i ON i.id = r.agenda_item_id '
     'JOIN event_organizers o ON o.event_id = i.event_id'),
    ('series_managers', 'series_id', 'event_series',
     'SELECT DISTINCT e.series_id, o.user_id FROM events e '
     'JOIN event_organizers o ON o.event_id = e.id WHERE e.series_id IS NOT NULL'),
)


def upgrade():
    for table, column, records, backfill in TABLES:
        op.create_table(
            table,
            sa.Column(column, sa.Integer(), nullable=False),
            sa.Column('user_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint([column], [f'{records}.id'],
                                    name=op.f(f'fk_{table}_{column}_{records}'),
                                    ondelete='CASCADE'),
            sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                    name=op.f(f'fk_{table}_user_id_users'), ondelete='CASCADE'),
            sa.PrimaryKeyConstraint(column, 'user_id', name=op.f(f'pk_{table}')),
        )
        op.create_index(op.f(f'ix_{table}_user_id'), table, ['user_id'], unique=False)
        op.execute(f'INSERT INTO {table} ({column}, user_id) {backfill}')


def downgrade():
    for table, _column, _records, _backfill in reversed(TABLES):
        op.drop_index(op.f(f'ix_{table}_user_id'), table_name=table)
        op.drop_table(table)
