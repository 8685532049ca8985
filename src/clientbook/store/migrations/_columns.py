"""The pieces every tenant table of the migrations repeats: the business id leading every key, the record id, the
timestamps, soft delete, the key constraints named as the models' naming convention names them, and the plain
`ix_<table>_<columns>` indexes.

Each helper builds exactly what the revisions spelled out by hand before (same columns, types, names and order), so
a revision using them emits the same DDL. Constraints are built where they are called: CREATE TABLE lists a table's
constraints in the order their objects were created, not the order they are passed in (SQLite keeps that order), so
a helper that adds constraints of its own takes the caller's as `(column, target table)` pairs and builds them all,
in the order the revision always had.
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


def strings(*, nullable: bool = True, **lengths: int) -> list[sa.Column[Any]]:
    """String columns, one per `name=length` in the order given; nullable unless told (as SQLAlchemy's default)."""
    return [sa.Column(name, sa.String(length=length), nullable=nullable) for name, length in lengths.items()]


def datetimes(*names: str, nullable: bool = True) -> list[sa.Column[Any]]:
    """Timezone-aware timestamp columns (the moments a record passes through)."""
    return [sa.Column(name, sa.DateTime(timezone=True), nullable=nullable) for name in names]


def dates(*names: str, nullable: bool = True) -> list[sa.Column[Any]]:
    return [sa.Column(name, sa.Date(), nullable=nullable) for name in names]


def integers(*names: str, nullable: bool = True) -> list[sa.Column[Any]]:
    return [sa.Column(name, sa.Integer(), nullable=nullable) for name in names]


def bigints(*names: str, nullable: bool = True) -> list[sa.Column[Any]]:
    """BIGINT columns: amounts, counters, cursors (a column naming another record is a `ref`)."""
    return [sa.Column(name, sa.BigInteger(), nullable=nullable) for name in names]


def flags(*names: str, nullable: bool = True) -> list[sa.Column[Any]]:
    return [sa.Column(name, sa.Boolean(), nullable=nullable) for name in names]


def ref(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    """A column holding another record's id (the second half of a tenant foreign key)."""
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def note() -> sa.Column[Any]:
    """The free-text note many records carry."""
    return sa.Column("note", sa.String(length=2000), nullable=True)


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


def create_named_table(
    table: str,
    *columns: sa.Column[Any],
    key: str = "text_id",
    key_nullable: bool = False,
    leading: Sequence[sa.Column[Any]] = (),
    references: Sequence[tuple[str, str]] = (),
) -> None:
    """A business's named list (point types, statuses, partners…): a `create_table_with_id` table whose columns are
    `leading`, `name`, the business-unique `key` (`text_id` unless named), then its own; its constraints the business
    foreign key, a tenant foreign key per `(column, target table)` of `references`, then the key's uniqueness."""
    create_table_with_id(
        table,
        *leading,
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(key, sa.String(length=100), nullable=key_nullable),
        *columns,
        business_fk(table),
        *(tenant_fk(table, column, target) for column, target in references),
        unique(table, "business_id", key),
    )


def create_link_table(
    table: str,
    *links: tuple[str, str],
    columns: Sequence[sa.Column[Any]] = (),
    key: Columns = (),
    foreign_keys: Columns = (),
) -> sa.Table:
    """A table keyed by the records it links: `business_id`, one id column per `(column, target table)` link, then
    `columns`; a tenant foreign key per link, in `foreign_keys`' order (by column name unless given), and the primary
    key `(business_id, *links, *key)`."""
    targets = dict(links)
    return op.create_table(
        table,
        business_id(),
        *(ref(column) for column in targets),
        *columns,
        *(tenant_fk(table, column, targets[column]) for column in (foreign_keys or sorted(targets))),
        primary_key(table, "business_id", *targets, *key),
    )


def ledger_columns(type_column: str) -> list[sa.Column[Any]]:
    """The first columns of a ledger row (points, credits): whose balance, of which type, what changed it, by how
    much, and what of it remains."""
    return [
        ref("client_id"),
        ref(type_column),
        sa.Column("operation", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("remaining", sa.BigInteger(), nullable=False),
    ]


def create_ledger_table(
    table: str,
    type_column: str,
    type_table: str,
    *columns: sa.Column[Any],
    references: Sequence[tuple[str, str]] = (),
) -> None:
    """An append-only ledger: `ledger_columns`, the table's own columns, `created()`; the client's and the type's
    foreign keys, then one per `(column, target table)` of `references`; indexed for a client's history of a type
    and for the business's feed."""
    create_table_with_id(
        table,
        *ledger_columns(type_column),
        *columns,
        *created(),
        tenant_fk(table, "client_id", "clients"),
        tenant_fk(table, type_column, type_table),
        *(tenant_fk(table, column, target) for column, target in references),
        stamped=False,
    )
    create_indexes(table, ("business_id", "client_id", type_column, "created_at"), ("business_id", "created_at"))


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
