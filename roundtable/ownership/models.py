"""Managers of shared records: their creator, whom they add, and admins always."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Table

from roundtable.extensions import db


def managers_table(name: str, record_table: str, record_column: str) -> Table:
    """The association table of one kind of record and the users who manage it."""
    return Table(
        name,
        db.metadata,
        Column(record_column, ForeignKey(f"{record_table}.id", ondelete="CASCADE"),
               primary_key=True),
        Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
               index=True),
    )


class Managed:
    """Mixin for records with a ``managers`` relationship to users."""

    def is_managed_by(self, user) -> bool:
        """Whether ``user`` may change or delete this record (and, for a series, add to it)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return user.is_admin or any(u.id == user.id for u in self.managers)
