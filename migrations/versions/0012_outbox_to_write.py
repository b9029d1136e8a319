"""Outbox messages the deliverer writes: a registration's confirmation.

Revision ID: 0012_outbox_to_write
Revises: 0008_bilingual
Create Date: 2026-11-29 10:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_outbox_to_write"
down_revision = "0008_bilingual"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("to_write", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("to_write")
