"""Writing records with one cached Core statement each, instead of the ORM unit of work.

Every API write used to pay the unit of work's flush: it sorts the session's changes, collects parameters column by
column and post-fetches, which costs about as much again as the statement itself. A write here is one statement built
once per table (SQLAlchemy caches its compiled form), and the record stays in the session as it would after a flush:
persistent, its attributes committed, later changes to it tracked as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Delete, Insert, Table, Update, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from . import ids
from .models import Base

_INSERTS: dict[tuple[str, bool, ColumnElement[bool] | None], Insert] = {}
_UPDATES: dict[str, Update] = {}
_DELETES: dict[str, Delete] = {}
# Primary-key parameters of an UPDATE or DELETE, named apart from the columns it sets (no column name starts with an
# underscore; "key_" did not do: `credentials.key_id` is a column and `key_` + `id` its primary key's parameter).
_KEY_PREFIX = "_pk_"


def table_of(record: Base) -> Table:
    return cast(Table, record.__table__)


def _default_of(default: Any) -> Any:
    """A column's Python-side default (a value, or a function SQLAlchemy wrapped to take a context); else None."""
    if isinstance(default, ScalarElementColumnDefault):
        return default.arg
    if isinstance(default, CallableColumnDefault):
        return default.arg(cast(Any, None))
    return None  # no default, or one the database applies (a sequence)


# Per table, each column's key with its Python-side default: a value, or a function to call per row (the clients
# table has 45 columns, and looking at each one's default object on every insert cost more than the rest of _row_of).
_DEFAULTS: dict[str, list[tuple[str, Any, Any]]] = {}


def _defaults(table: Table) -> list[tuple[str, Any, Any]]:
    found = _DEFAULTS.get(table.name)
    if found is None:
        found = _DEFAULTS[table.name] = [
            (
                column.key,
                column.default.arg if isinstance(column.default, ScalarElementColumnDefault) else None,
                column.default.arg if isinstance(column.default, CallableColumnDefault) else None,
            )
            for column in table.columns
        ]
    return found


def _row_of(record: Base) -> dict[str, Any]:
    """Every column's value for the new row of `record`, defaults filled in where it was given none.

    They are written into the record's own state as well: once persistent, an attribute it lacked would count as
    expired, and reading an expired attribute means I/O the async session cannot do implicitly.
    """
    state = record.__dict__
    row = {}
    for key, value, function in _defaults(table_of(record)):
        if key not in state:  # as the unit of work does: a None given explicitly stays None
            state[key] = function(None) if function is not None else value
        row[key] = state[key]
    return row


def _insert_statement(table: Table, with_id: bool, unless: ColumnElement[bool] | None) -> Insert:
    """INSERT of every column of `table` (but a sequence-drawn `id`), returning the id: built once per shape.

    With `unless`, the row's values are selected WHERE NOT `unless`, so the condition is checked by the statement that
    inserts (its bind parameters are named after the row's columns).
    """
    key = (table.name, with_id, unless)
    statement = _INSERTS.get(key)
    if statement is None:
        statement = insert(table)
        if unless is not None:
            columns = [c for c in table.columns if with_id or c.key != "id"]
            row = select(*[bindparam(c.key, type_=c.type) for c in columns]).where(~unless)
            statement = statement.from_select(columns, row)
        if "id" in table.c:
            statement = statement.returning(table.c.id)
        _INSERTS[key] = statement
    return statement


async def insert_record(session: AsyncSession, record: Base, *, unless: ColumnElement[bool] | None = None) -> bool:
    """INSERT `record` now (constraints fail here, not at commit) and keep it in the session as persistent.

    With `unless` (a condition built once, its bind parameters named after the record's columns), nothing is inserted
    when it holds: False. Changes already pending in the session are flushed first, so rows reach the database in the
    order they were written (a record may refer to one added before it).
    """
    if session.new or session.dirty or session.deleted:
        await session.flush()
    await ids.assign(session, record)
    row = _row_of(record)
    table = table_of(record)
    with_id = row.get("id") is not None or "id" not in table.c
    if not with_id:
        del row["id"]
    result = await session.execute(_insert_statement(table, with_id, unless), row)
    if "id" in table.c:
        inserted = result.scalar_one_or_none()
        if inserted is None:
            return False
        record.__dict__["id"] = inserted
    make_transient_to_detached(record)
    session.add(record)
    return True


async def insert_row(session: AsyncSession, table: Table, values: dict[str, Any]) -> None:
    """INSERT one row that nothing reads back as an object in this transaction (an event)."""
    if "id" in table.c and "id" not in values:
        allocated = await ids.next_id(session, table.name)
        if allocated is not None:
            values = {**values, "id": allocated}
    await session.execute(_insert_statement(table, "id" in values, None), values)


def _primary_key(table: Table) -> list[ColumnElement[bool]]:
    if any(column.key.startswith(_KEY_PREFIX) for column in table.columns):
        raise ValueError(f"a column of {table.name} is named like a primary-key parameter ({_KEY_PREFIX}…)")
    return [column == bindparam(_KEY_PREFIX + column.key) for column in table.primary_key.columns]


def _update_statement(table: Table) -> Update:
    """UPDATE of one row by its primary key; the columns it sets are those named in the parameters."""
    statement = _UPDATES.get(table.name)
    if statement is None:
        statement = _UPDATES[table.name] = update(table).where(*_primary_key(table))
    return statement


def _update_params(table: Table, record: Base, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values to write (with the columns that change on every update, like `updated_at`, unless given) and the
    statement's parameters (those values and the record's primary key)."""
    values = dict(values)
    for column in table.columns:
        if column.onupdate is not None and column.key not in values:
            values[column.key] = _default_of(column.onupdate)
    params = dict(values)
    for column in table.primary_key.columns:
        params[_KEY_PREFIX + column.key] = getattr(record, column.key)
    return values, params


def mark_committed(record: Base, values: dict[str, Any]) -> None:
    """Set `values` on the record as committed: it is left as a flush would leave it, nothing to flush at commit
    (for a record whose row a set-based statement has just written)."""
    for key, value in values.items():
        set_committed_value(record, key, value)


async def update_record(session: AsyncSession, record: Base, values: dict[str, Any]) -> None:
    """UPDATE persistent `record` with `values` (and `updated_at`, unless given), and set them on the record."""
    table = table_of(record)
    values, params = _update_params(table, record, values)
    await session.execute(_update_statement(table), params)
    mark_committed(record, values)


async def update_records(session: AsyncSession, changes: Iterable[tuple[Base, dict[str, Any]]]) -> None:
    """`update_record` for many records: one executemany per table and set of columns."""
    batches: dict[tuple[str, tuple[str, ...]], list[tuple[Base, dict[str, Any], dict[str, Any]]]] = {}
    for record, given in changes:
        table = table_of(record)
        values, params = _update_params(table, record, given)
        batches.setdefault((table.name, tuple(sorted(params))), []).append((record, values, params))
    for batch in batches.values():
        await session.execute(_update_statement(table_of(batch[0][0])), [params for _, _, params in batch])
        for record, values, _ in batch:
            mark_committed(record, values)


async def delete_record(session: AsyncSession, record: Base) -> None:
    """DELETE the row of persistent `record` now, and take the record out of the session (a later read of the same
    key finds the row, or nothing, instead of the stale object)."""
    table = table_of(record)
    statement = _DELETES.get(table.name)
    if statement is None:
        statement = _DELETES[table.name] = delete(table).where(*_primary_key(table))
    params = {_KEY_PREFIX + column.key: getattr(record, column.key) for column in table.primary_key.columns}
    await session.execute(statement, params)
    if record in session:
        session.expunge(record)


async def insert_rows(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows that nothing reads back as objects in this transaction (links between records), in one
    executemany; each row names every column it sets (ids are not drawn here: for tables keyed without one)."""
    if not rows:
        return
    if session.new or session.dirty or session.deleted:
        await session.flush()
    await session.execute(insert(table), list(rows))
