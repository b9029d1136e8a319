"""Test databases: a temporary SQLite file, or a private schema on PostgreSQL.

Creating tables costs far more than copying them, so each pytest worker creates its
tables once (a SQLite template file, or its PostgreSQL schema) and every test starts
from a copy of that file or from an emptied schema. The demo is loaded once per worker
as well and copied the same way (``DemoSnapshot``).
"""

import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

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


def copy_sqlite(source: Path, target: Path) -> None:
    """Put a copy of a closed SQLite database (no -wal or -shm beside it) at ``target``.

    The copy replaces ``target`` whole (a new file, not overwritten in place), so a
    connection an earlier test left open keeps reading its own file, not a torn one.
    """
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    partial = Path(f"{target}.copying")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _serial_sequences(conn, metadata) -> dict[str, tuple[str, str]]:
    """Each table's sequence behind an integer key, as {table: (sequence, column)}."""
    found = {}
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": _quoted(table.name), "c": column.name},
            ).scalar()
            if sequence:
                found[table.name] = (sequence, column.name)
    return found


class PostgresReset:
    """Statements that empty a schema (or fill it from another) in one round trip.

    DELETE and setval() are several times cheaper than TRUNCATE … RESTART IDENTITY on
    tables of a few rows, and sending them as one script saves a round trip per table.
    Keys restart at 1 as they would after TRUNCATE.
    """

    def __init__(self, conn, metadata) -> None:
        self._tables = [t.name for t in metadata.sorted_tables]
        self._columns = {t.name: [c.name for c in t.columns] for t in metadata.sorted_tables}
        self._sequences = _serial_sequences(conn, metadata)

    def empty_script(self) -> str:
        deletes = [f"DELETE FROM {_quoted(t)};" for t in reversed(self._tables)]
        restarts = [f"SELECT setval('{seq}', 1, false);" for seq, _ in self._sequences.values()]
        return "\n".join(deletes + restarts)

    def copy_script(self, source_schema: str) -> str:
        """Fill the emptied schema with the rows of ``source_schema``; keys go on after them."""
        inserts = []
        for table in self._tables:
            columns = ", ".join(_quoted(c) for c in self._columns[table])
            inserts.append(f"INSERT INTO {_quoted(table)} ({columns}) SELECT {columns} "
                           f"FROM {_quoted(source_schema)}.{_quoted(table)};")
        restarts = [
            f"SELECT setval('{seq}', COALESCE((SELECT max({_quoted(col)}) FROM {_quoted(t)}), 0)"
            " + 1, false);"
            for t, (seq, col) in self._sequences.items()
        ]
        return "\n".join(inserts + restarts)


_resets: dict[str, PostgresReset] = {}


def _reset_for(engine, metadata) -> PostgresReset:
    key = engine.url.render_as_string(hide_password=False)
    if key not in _resets:
        with engine.connect() as conn:
            _resets[key] = PostgresReset(conn, metadata)
    return _resets[key]


def empty_postgres(engine, metadata) -> None:
    """Delete every row of ``metadata``'s tables; keys restart at 1."""
    run_script(engine, _reset_for(engine, metadata).empty_script())


def copy_postgres(engine, metadata, source_schema: str) -> None:
    """Replace every row with those of ``source_schema`` (same tables)."""
    reset = _reset_for(engine, metadata)
    run_script(engine, reset.empty_script() + "\n" + reset.copy_script(source_schema))


def run_script(engine, script: str) -> None:
    """Send several statements at once (psycopg takes them as one simple query)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(script)
        raw.commit()
    finally:
        raw.close()


def own_instance_folder(app, monkeypatch, folder) -> None:
    """Point ``app``'s instance folder at ``folder`` for one test: ``flask roundtable demo``
    writes demo-credentials.txt there, and the developer's own (instance/, which
    ``make run`` and README point to) must keep the password of their own database."""
    monkeypatch.setattr(app, "instance_path", str(folder))
