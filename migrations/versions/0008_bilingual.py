"""bilingual: Spanish event content and each registrant's language

Revision ID: 0008_bilingual
Revises: 0007_attendance
Create Date: 2026-11-29 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_bilingual'
down_revision = "0007_attendance"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_es', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('summary_es', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('description_es', sa.Text(), nullable=True))
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_es', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('description_es', sa.Text(), nullable=True))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position_es', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('bio_es', sa.Text(), nullable=True))
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='en',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('bio_es')
        batch_op.drop_column('position_es')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('description_es')
        batch_op.drop_column('title_es')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('description_es')
        batch_op.drop_column('summary_es')
        batch_op.drop_column('title_es')
