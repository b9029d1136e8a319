"""After the event: recording, materials, published summary and quotes.

Revision ID: 0011_recording_summary
Revises: 0005_record_managers
Create Date: 2026-11-29 05:42:05.018179

"""
from alembic import op
import sqlalchemy as sa
import roundtable.db_types


# revision identifiers, used by Alembic.
revision = '0011_recording_summary'
down_revision = "0005_record_managers"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_materials_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_materials'))
    )
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_materials_event_id'), ['event_id'], unique=False)

    op.create_table('event_recordings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('passcode', sa.String(length=64), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('updated_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_recordings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_recordings'))
    )
    op.create_table('event_summaries',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('takeaways', sa.Text(), nullable=True),
    sa.Column('updated_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_summaries_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_summaries'))
    )
    op.create_table('summary_quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', roundtable.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_summary_quotes_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_summary_quotes_person_id_people'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_quotes'))
    )
    with op.batch_alter_table('summary_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_quotes_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_quotes_person_id'), ['person_id'], unique=False)



def downgrade():
    with op.batch_alter_table('summary_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_quotes_person_id'))
        batch_op.drop_index(batch_op.f('ix_summary_quotes_event_id'))

    op.drop_table('summary_quotes')
    op.drop_table('event_summaries')
    op.drop_table('event_recordings')
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_materials_event_id'))

    op.drop_table('event_materials')
