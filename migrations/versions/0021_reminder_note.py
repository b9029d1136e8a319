"""reminder note: the organizers' own words in every reminder, in English and Spanish

Revision ID: 0021_reminder_note
Revises: 0020_registration_revision
Create Date: 2026-12-07 05:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_reminder_note'
down_revision = '0020_registration_revision'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reminder_note_es', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('reminder_note_es')
        batch_op.drop_column('reminder_note')
