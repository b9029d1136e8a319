"""Test databases: a temporary SQLite file, or a private schema on PostgreSQL."""

import os
import uuid
from contextlib import contextmanager

import sqlalchemy as sa

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


def on_postgres() -> bool:
    return TEST_DATABASE_URL.startswith("postgresql")


def schema_url(base_url: str, schema: str) -> str:
    """Return ``base_url`` with every connection's search_path set to ``schema``."""
    url = sa.engine.make_url(base_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def new_schema_name(prefix: str = "rt") -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def create_schema(schema: str) -> str:
    """Create an empty PostgreSQL schema and return a URL that uses it."""
    engine = sa.create_engine(schema_url(TEST_DATABASE_URL, "public"))
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return schema_url(TEST_DATABASE_URL, schema)


def drop_schema(schema: str) -> None:
    """Drop a schema made by create_schema, with everything in it."""
    engine = sa.create_engine(schema_url(TEST_DATABASE_URL, "public"))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@contextmanager
def recorded_statements(engine):
    """Yield the list of SQL statements ``engine`` runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
