"""spanish descriptions: an organization's description and an agenda item's location in Spanish

Revision ID: 0023_spanish_descriptions
Revises: 0022_walk_in_email_optional
Create Date: 2026-12-07 07:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_spanish_descriptions'
down_revision = '0022_walk_in_email_optional'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_es', sa.Text(), nullable=True))
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('location_es', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('location_es')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('description_es')
