"""attendee side: the outbox carries the door QR code's URL

Revision ID: 0009_attendee_side
Revises: 580647baceee
Create Date: 2026-11-29 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_attendee_side'
down_revision = '580647baceee'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('door_code_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('door_code_url')
