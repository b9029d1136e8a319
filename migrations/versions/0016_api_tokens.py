"""Personal API tokens and the answers kept for Idempotency-Key.

Revision ID: 0016_api_tokens
Revises: 0015_spanish_content
Create Date: 2026-12-07 04:40:00

"""
from alembic import op
import sqlalchemy as sa

import roundtable.db_types


# revision identifiers, used by Alembic.
revision = "0016_api_tokens"
down_revision = "0015_spanish_content"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("created_at", roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", roundtable.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", roundtable.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", roundtable.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "api_idempotent_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["token_id"], ["api_tokens.id"],
                                name=op.f("fk_api_idempotent_answers_token_id_api_tokens"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotent_answers")),
        sa.UniqueConstraint("token_id", "key", name=op.f("uq_api_idempotent_answers_token_id")),
    )
    with op.batch_alter_table("api_idempotent_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_idempotent_answers_created_at"), ["created_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_api_idempotent_answers_token_id"), ["token_id"],
                              unique=False)


def downgrade():
    op.drop_table("api_idempotent_answers")
    op.drop_table("api_tokens")
