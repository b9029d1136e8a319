"""Events remember a public start and format they changed from (schema.org status).

Revision ID: 0014_event_history
Revises: 0013_zoom
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa

import roundtable.db_types


# revision identifiers, used by Alembic.
revision = "0014_event_history"
down_revision = "0013_zoom"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_starts_at", roundtable.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("previous_format", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("previous_format")
        batch_op.drop_column("previous_starts_at")
