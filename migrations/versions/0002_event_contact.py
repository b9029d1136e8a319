"""event contact, Reply-To on outbox messages, walk-in flag on registrations

Revision ID: 0002_event_contact
Revises: 580647baceee
Create Date: 2026-11-29 01:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0002_event_contact'
down_revision = '0009_attendee_side'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('reply_to_name', sa.String(length=200), nullable=True))
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('is_walk_in', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Existing events: the contact is the organizer who was added first.
    first_organizer = (
        "(SELECT MIN(eo.user_id) FROM event_organizers eo WHERE eo.event_id = events.id)"
    )
    op.execute(
        "UPDATE events SET "
        f"contact_name = (SELECT u.name FROM users u WHERE u.id = {first_organizer}), "
        f"contact_email = (SELECT u.email FROM users u WHERE u.id = {first_organizer}) "
        "WHERE contact_email IS NULL"
    )


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('is_walk_in')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('reply_to_name')
        batch_op.drop_column('reply_to')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
