"""Door actions applied once by their client-made id (the offline door's sync).

Revision ID: 0018_door_actions
Revises: 0017_webhooks
Create Date: 2026-12-07 04:30:00

"""
from alembic import op
import sqlalchemy as sa

from roundtable.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = "0018_door_actions"
down_revision = "0017_webhooks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "door_actions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("happened_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("applied_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_door_actions_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_door_actions_registration_id_registrations"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_actions")),
    )
    with op.batch_alter_table("door_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_door_actions_event_id"), ["event_id"], unique=False)


def downgrade():
    with op.batch_alter_table("door_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_door_actions_event_id"))
    op.drop_table("door_actions")
