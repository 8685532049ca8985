"""What every repository shares: the one write path (store.writes) and, for a table of tenant records keyed
(business_id, id), the reads every resource needs. A new resource's repository is a subclass naming its model:

    class NoteRepository(RecordRepository[Note]):
        model = Note

and adds only its own queries. A filtered list is a `PageQuery` subclass (its filters), a `_where` built with
`matching` / `in_range`, its sort columns from `sort_keys`, and `page_where` for the page and its total.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar, cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, func, literal, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store import writes
from clientbook.store.models import Base, utcnow

M = TypeVar("M", bound=Base)

# Per table: whether a row of the key exists (`RecordRepository.has`), built once.
_HAS: dict[str, Select[int]] = {}


async def rows_in_order(session: AsyncSession, model: type[M], business_id: int, ids: Iterable[int]) -> list[M]:
    """The business's `model` rows of `ids`, in the order of `ids` (those gone since are left out).

    A deep page is read as its ids, then this: two statements that each have one plan whatever the statistics say.
    As one statement joining the page's ids back to the table, PostgreSQL planned a table it had never ANALYZEd (a
    new deployment growing through the API, autovacuum off or behind) as a nested loop walking the ids again for
    every row of the business: 1.1 s for TimeTap's page 20 at 6,000 clients, against 2 ms with statistics."""
    wanted = builtins.list(ids)
    if not wanted:
        return []
    table = cast(Table, cast(Any, model).__table__)
    found = await session.scalars(select(model).where(table.c.business_id == business_id, table.c.id.in_(wanted)))
    by_id = {cast(Any, record).id: record for record in found}
    return [by_id[i] for i in wanted if i in by_id]


def sort_keys(model: type[Base], names: str) -> dict[str, Any]:
    """The columns a list may be sorted on, by the core's names: the model's attributes named in `names` (separated
    by spaces)."""
    return {name: getattr(model, name) for name in names.split()}


def matching(model: type[Base], q: object, names: str) -> builtins.list[ColumnElement[bool]]:
    """`model.<name> == q.<name>` for each of `names` (separated by spaces) that the query gives (not None)."""
    return [getattr(model, name) == getattr(q, name) for name in names.split() if getattr(q, name) is not None]


def in_range(column: Any, start: Any, end: Any) -> builtins.list[ColumnElement[bool]]:
    """`start <= column <= end`, each bound only when given (not None)."""
    return [*([column >= start] if start is not None else []), *([column <= end] if end is not None else [])]


@dataclass(frozen=True, kw_only=True)
class PageQuery:
    """What every filtered list asks besides its filters: a sort key (of its `sort_keys`), the direction and the
    page. A list's query is a frozen dataclass adding its filters."""

    sort: str = "id"
    descending: bool = False
    offset: int = 0
    count: int = 100


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, record: Base) -> None:
        """Insert a new record now (its id assigned, constraints checked) and keep it in the session."""
        await writes.insert_record(self.session, record)

    async def add_unless_taken(self, record: Base) -> bool:
        """Insert `record` unless a unique key of its table is taken, by a concurrent writer too: True when it was
        inserted (the unique constraint decides, not a read before it)."""
        try:
            async with self.session.begin_nested():
                await self.add(record)
        except IntegrityError:  # the savepoint is rolled back; the record never joined the session
            return False
        return True

    async def save(self, record: Base, values: dict[str, Any]) -> None:
        """Write `values` to a record read in this session now (with `updated_at`), and to the record itself."""
        await writes.update_record(self.session, record, values)

    async def save_many(self, changes: Iterable[tuple[Base, dict[str, Any]]]) -> None:
        """`save` for many records, one executemany per set of columns written."""
        await writes.update_records(self.session, changes)

    async def delete_row(self, record: Base) -> None:
        """Delete the record's row now (link rows and values; records with `deleted_at` are soft-deleted instead)."""
        await writes.delete_record(self.session, record)

    async def add_rows(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows nothing reads back as objects in this transaction (links between records), in one statement."""
        await writes.insert_rows(self.session, table, rows)

    async def update_where(
        self, model: type[Base], values: dict[str, Any], *where: ColumnElement[bool], synchronize: bool = True
    ) -> int:
        """One set-based UPDATE of the rows `where` selects (`updated_at` too, where the table has it); how many rows.
        `synchronize=False` leaves records of this session as they are (for rows none of them holds)."""
        statement = update(model).where(*where).values(**values)
        if not synchronize:
            statement = statement.execution_options(synchronize_session=False)
        result = await self.session.execute(statement)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class RecordRepository(Repository, Generic[M]):
    """Reads and the soft delete of one model whose primary key is (business_id, id). Every read takes the business
    id first, so another business's id finds nothing (DESIGN rule 3)."""

    model: type[M]
    # `list` order: column names, ending with a unique one so pages never overlap.
    order: ClassVar[tuple[str, ...]] = ("id",)

    @property
    def _table(self) -> Table:
        return cast(Table, self.model.__table__)

    async def get(self, business_id: int, id: int) -> M | None:
        """The business's record `id`, deleted or not (callers decide what deleted means to them)."""
        record: M | None = await self.session.get(self.model, (business_id, id))
        return record

    async def has(self, business_id: int, id: int) -> bool:
        """Whether the business has record `id` (deleted or not): one cached Core select, for a check that needs no
        record (an ORM `get` builds and loads the object: about as much CPU again as the rest of the statement)."""
        table = self._table
        query = _HAS.get(table.name)
        if query is None:
            key = (table.c.business_id == bindparam("business_id"), table.c.id == bindparam("id"))
            query = select(literal(1)).where(*key)
            _HAS[table.name] = query
        return await self.session.scalar(query, {"business_id": business_id, "id": id}) is not None

    async def get_many(self, business_id: int, ids: Collection[int]) -> dict[int, M]:
        """The business's records among `ids` (deleted or not), by id; ids it does not have are left out."""
        found = await rows_in_order(self.session, self.model, business_id, ids)
        return {cast(Any, record).id: record for record in found}

    def _live(self, business_id: int, include_deleted: bool) -> builtins.list[ColumnElement[bool]]:
        table = self._table
        where: builtins.list[ColumnElement[bool]] = [table.c.business_id == business_id]
        if not include_deleted and "deleted_at" in table.c:
            where.append(table.c.deleted_at.is_(None))
        return where

    async def list(
        self, business_id: int, *, limit: int | None = None, offset: int = 0, include_deleted: bool = False
    ) -> builtins.list[M]:
        """The business's records in `order` (live ones unless `include_deleted`); `limit` and `offset` page."""
        table = self._table
        order = [table.c[name] for name in self.order]
        where = self._live(business_id, include_deleted)
        if not offset:
            query = select(self.model).where(*where).order_by(*order).limit(limit)
            return builtins.list(await self.session.scalars(query))
        # A deep page reads its ids first, the offset walking an index of the order (read alone where the visibility
        # map allows), then only those rows (issue 15.2): see `rows_in_order`.
        page = select(table.c.id).where(*where).order_by(*order).offset(offset).limit(limit)
        return await rows_in_order(self.session, self.model, business_id, await self.session.scalars(page))

    async def list_after(self, business_id: int, last: tuple[Any, ...] | None, limit: int) -> builtins.list[M]:
        """The next `limit` live records in `order` after the one whose `order` values are `last` (from the start when
        None): keyset paging, so the thousandth batch costs what the first does."""
        table = self._table
        columns = [table.c[name] for name in self.order]
        query = select(self.model).where(*self._live(business_id, False))
        if last is not None:
            query = query.where(tuple_(*columns) > tuple_(*last))
        return builtins.list(await self.session.scalars(query.order_by(*columns).limit(limit)))

    def order_of(self, record: M) -> tuple[Any, ...]:
        """The record's place in `order`: what `list_after` continues from."""
        return tuple(getattr(record, name) for name in self.order)

    async def page_where(
        self, where: Sequence[ColumnElement[bool]], column: Any, q: PageQuery, *, fresh: bool = False
    ) -> tuple[builtins.list[M], int]:
        """One page of the records `where` selects, by `column` in `q`'s direction (ties broken by id), and the exact
        number of them. `fresh`: the rows as stored now, over this session's copies."""
        key = self._table.c.id
        order = [column.desc(), key.desc()] if q.descending else [column.asc(), key.asc()]
        query = select(self.model).where(*where).order_by(*order).offset(q.offset).limit(q.count)
        if fresh:
            query = query.execution_options(populate_existing=True)
        rows = builtins.list(await self.session.scalars(query))
        total = await self.session.scalar(select(func.count()).select_from(self.model).where(*where))
        return rows, int(total or 0)

    async def soft_delete(self, record: M, actor: str | None, *, at: datetime | None = None) -> None:
        """Mark the record deleted (it stays, for history and for reads that ask for deleted records)."""
        await self.save(record, {"deleted_at": at or utcnow(), "updated_by": actor})
