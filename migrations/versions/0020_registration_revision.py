"""registration revision: raised with every change of a registrant's own calendar copy

Revision ID: 0020_registration_revision
Revises: 0019_account_language
Create Date: 2026-12-07 05:42:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_registration_revision'
down_revision = '0019_account_language'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('revision')
