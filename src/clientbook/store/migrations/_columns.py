"""The pieces every tenant table of the migrations repeats: the business id leading every key, the record id, the
timestamps, soft delete, the key constraints named as the models' naming convention names them, and the plain
`ix_<table>_<columns>` indexes.

Each helper builds exactly what the revisions spelled out by hand before (same columns, types, names and order), so
a revision using them emits the same DDL. Constraints are built where they are called: SQLite keeps a table's
foreign keys and unique constraints in the order they were created, so a revision lists them in its own order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

Columns = Sequence[str]


def json_type() -> Any:
    """JSON, stored as JSONB on PostgreSQL."""
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def json_column(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, json_type(), nullable=nullable)


def business_id() -> sa.Column[Any]:
    return sa.Column("business_id", sa.BigInteger(), nullable=False)


def record_id() -> list[sa.Column[Any]]:
    """`business_id`, `id`: the key of every table with an id sequence."""
    return [business_id(), sa.Column("id", sa.BigInteger(), nullable=False)]


def timestamps() -> list[sa.Column[Any]]:
    """When and by whom a record was created and last changed (models' `Timestamped`)."""
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def created() -> list[sa.Column[Any]]:
    """When and by whom an append-only row (a history record) was written."""
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
    ]


def soft_deleted() -> sa.Column[Any]:
    """The models' `SoftDeleted`: a deleted record keeps its row."""
    return sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True)


def business_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f(f"fk_{table}_business_id_businesses"))


def tenant_fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """`(business_id, column)` → `target`'s key: a reference never crosses businesses."""
    return sa.ForeignKeyConstraint(
        ["business_id", column],
        [f"{target}.business_id", f"{target}.id"],
        name=op.f(f"fk_{table}_business_id_{column}_{target}"),
    )


def primary_key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """The table's primary key, `(business_id, id)` unless other columns are named."""
    return sa.PrimaryKeyConstraint(*(columns or ("business_id", "id")), name=op.f(f"pk_{table}"))


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def create_table_with_id(
    table: str, *elements: sa.Column[Any] | sa.Constraint, stamped: bool = True, soft_delete: bool = False
) -> None:
    """A table keyed `(business_id, id)`: those two columns first, then the table's own columns, its timestamps
    (`stamped`) and `deleted_at` (`soft_delete`), then the constraints given, in their order."""
    columns = [element for element in elements if isinstance(element, sa.Column)]
    constraints = [element for element in elements if not isinstance(element, sa.Column)]
    op.create_table(
        table,
        *record_id(),
        *columns,
        *(timestamps() if stamped else []),
        *([soft_deleted()] if soft_delete else []),
        *constraints,
        primary_key(table),
    )


def create_indexes(table: str, *indexes: Columns) -> None:
    """Plain indexes named `ix_<table>_<columns>`, created in the order given."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for columns in indexes:
            batch_op.create_index(batch_op.f(f"ix_{table}_{'_'.join(columns)}"), list(columns), unique=False)


def drop_indexes(table: str, *indexes: Columns) -> None:
    """Drop what `create_indexes(table, *indexes)` created, the last first."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for columns in reversed(indexes):
            batch_op.drop_index(batch_op.f(f"ix_{table}_{'_'.join(columns)}"))
