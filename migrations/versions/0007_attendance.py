"""Online attendance: people in an event's Zoom participant reports, and their joins.

Revision ID: 0007_attendance
Revises: 0011_recording_summary
"""

import sqlalchemy as sa
from alembic import op

import roundtable.db_types


# revision identifiers, used by Alembic.
revision = '0007_attendance'
down_revision = "0011_recording_summary"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('online_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('identity', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('is_guest', sa.Boolean(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('first_join_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_leave_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('matched_by', sa.String(length=10), nullable=True),
    sa.CheckConstraint("status IN ('unmatched', 'matched', 'unregistered', 'ignored')", name=op.f('ck_online_attendees_status_valid')),
    sa.CheckConstraint('minutes >= 0', name=op.f('ck_online_attendees_minutes_nonneg')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_online_attendees_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_online_attendees_registration_id_registrations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_attendees')),
    sa.UniqueConstraint('event_id', 'identity', name=op.f('uq_online_attendees_event_id'))
    )
    with op.batch_alter_table('online_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_attendees_registration_id'), ['registration_id'], unique=False)

    op.create_table('online_joins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('left_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes >= 0', name=op.f('ck_online_joins_minutes_nonneg')),
    sa.ForeignKeyConstraint(['attendee_id'], ['online_attendees.id'], name=op.f('fk_online_joins_attendee_id_online_attendees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_joins')),
    sa.UniqueConstraint('attendee_id', 'joined_at', 'left_at', name=op.f('uq_online_joins_attendee_id'))
    )


def downgrade():
    op.drop_table('online_joins')
    with op.batch_alter_table('online_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_attendees_registration_id'))

    op.drop_table('online_attendees')
