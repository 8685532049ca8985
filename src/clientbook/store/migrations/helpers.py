"""Shared migration steps: every table with an id gets a sequence (PostgreSQL) or an `id_sequences` row (SQLite)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_id_sequences(*names: str) -> None:
    """Create the id sequence of each table name given (`clients` → `clients_id_seq`)."""
    bind = op.get_bind()
    for name in names:
        if bind.dialect.name == "postgresql":
            op.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}_id_seq")
        else:
            op.execute(
                sa.text("INSERT INTO id_sequences (name, next_value) VALUES (:n, 1)").bindparams(n=f"{name}_id_seq")
            )


def drop_id_sequences(*names: str) -> None:
    bind = op.get_bind()
    for name in names:
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP SEQUENCE IF EXISTS {name}_id_seq")
        else:
            op.execute(sa.text("DELETE FROM id_sequences WHERE name = :n").bindparams(n=f"{name}_id_seq"))
