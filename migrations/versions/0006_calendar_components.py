"""Calendar content version, per-event calendar versions and stored VEVENTs.

Revision ID: 0006_calendar_components
Revises: 580647baceee
"""

import sqlalchemy as sa
from alembic import op

import roundtable.db_types

# revision identifiers, used by Alembic.
revision = '0006_calendar_components'
down_revision = '0004_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_state',
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changed_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_calendar_state')),
    )
    op.create_table(
        'calendar_components',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('build_key', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('stamp', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('tzid', sa.String(length=64), nullable=False),
        sa.Column('year_from', sa.Integer(), nullable=True),
        sa.Column('year_to', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['event_id'], ['events.id'],
            name=op.f('fk_calendar_components_event_id_events'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_components')),
    )
    op.create_index(
        'ix_calendar_components_lookup', 'calendar_components',
        ['event_id', 'kind', 'build_key'], unique=False,
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('calendar_version', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('calendar_version')
    op.drop_index('ix_calendar_components_lookup', table_name='calendar_components')
    op.drop_table('calendar_components')
    op.drop_table('calendar_state')
