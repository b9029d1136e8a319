"""registrations.search_text: name, email and affiliation folded (accents, case)

What the organizer's registrations list, the attendance search and the API search with
LIKE, so "ramirez" finds "Ramírez" on SQLite and on PostgreSQL (``roundtable.folding``;
the model keeps it at every flush). Existing rows are filled here.

Revision ID: 0025_registration_search_text
Revises: 0024_calendar_stamp
Create Date: 2026-12-07 08:05:00
"""
from alembic import op
import sqlalchemy as sa

from roundtable.folding import search_text


# revision identifiers, used by Alembic.
revision = '0025_registration_search_text'
down_revision = '0024_calendar_stamp'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (not batch): SQLite adds it in place.
    op.add_column('registrations', sa.Column('search_text', sa.Text(), server_default='',
                                             nullable=False))
    conn = op.get_bind()
    registrations = sa.table('registrations', sa.column('id', sa.Integer),
                             sa.column('search_text', sa.Text))
    rows = conn.execute(sa.text("SELECT id, name, email, affiliation FROM registrations"))
    values = [{"rid": rid, "folded": search_text(name, email, affiliation)}
              for rid, name, email, affiliation in rows]
    if values:
        conn.execute(registrations.update()
                     .where(registrations.c.id == sa.bindparam("rid"))
                     .values(search_text=sa.bindparam("folded")), values)


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('search_text')
