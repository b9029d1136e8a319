"""spanish content: the institutions' own Spanish names and the rest of the shown text

Revision ID: 0015_spanish_content
Revises: 0014_event_history
Create Date: 2026-12-07 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_spanish_content'
down_revision = '0014_event_history'
branch_labels = None
depends_on = None

# table -> (column, type) pairs; every one nullable: Spanish falls back to English.
COLUMNS = {
    'organizations': [('name_es', sa.String(length=300)), ('short_name_es', sa.String(length=80))],
    'event_series': [('name_es', sa.String(length=300)), ('description_es', sa.Text())],
    'people': [('honorific_es', sa.String(length=40)), ('affiliation_es', sa.String(length=300))],
    'events': [('venue_name_es', sa.String(length=300)), ('venue_room_es', sa.String(length=200)),
               ('cancellation_reason_es', sa.Text())],
    'event_materials': [('title_es', sa.String(length=300))],
    'event_summaries': [('body_es', sa.Text()), ('takeaways_es', sa.Text())],
    'summary_quotes': [('text_es', sa.Text())],
}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade():
    for table, columns in reversed(COLUMNS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _type in reversed(columns):
                batch_op.drop_column(name)
