"""The balance rows both ledgers keep (points: repositories/loyalty.py, credits: repositories/credits.py): one row per
(business, customer, point or credit type), created at zero on first use and locked before it changes.

The guard is the UPDATE that takes from it: `available >= :n` is in its WHERE, so its row count says whether the
balance covered the amount, and concurrent spends through separate transactions never take it below zero (the row
lock orders them; the second re-checks the WHERE against the first's committed result)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.exc import IntegrityError

from clientbook.store.models import Base, utcnow

from ._base import Repository

B = TypeVar("B", bound=Base)


class BalanceRepository(Repository, Generic[B]):
    """A subclass names its table, the column of its type and the zero a new row starts from:

    class CreditBalanceRepository(BalanceRepository[CreditBalance]):
        model, type_column, zero = CreditBalance, "credit_type_id", {"available": 0}
    """

    model: ClassVar[type[Any]]
    type_column: ClassVar[str]
    zero: ClassVar[dict[str, int]]

    def _key(self, business_id: int, client_id: int, type_id: int) -> list[ColumnElement[bool]]:
        return [
            self.model.business_id == business_id,
            self.model.client_id == client_id,
            getattr(self.model, self.type_column) == type_id,
        ]

    async def lock(self, business_id: int, client_id: int, type_id: int) -> B:
        """The balance row, created at zero on first use, locked until the transaction ends (PostgreSQL)."""
        key = self._key(business_id, client_id, type_id)
        query = select(self.model).where(*key).with_for_update().execution_options(populate_existing=True)
        row: B | None = await self.session.scalar(query)
        if row is not None:
            return row
        try:
            async with self.session.begin_nested():
                values = {"business_id": business_id, "client_id": client_id, self.type_column: type_id}
                await self.session.execute(insert(self.model).values(**self.zero, **values))
        except IntegrityError:  # a concurrent first use created it: lock theirs
            pass
        found: B | None = await self.session.scalar(query)
        assert found is not None
        return found

    async def lock_all(self, business_id: int, client_ids: Iterable[int], type_id: int) -> None:
        """Lock several customers' rows in one order (by id): two transfers crossing between the same customers
        then wait for each other instead of deadlocking."""
        for client_id in sorted(set(client_ids)):
            await self.lock(business_id, client_id, type_id)

    async def _move(
        self, business_id: int, client_id: int, type_id: int, values: dict[str, Any], *guard: ColumnElement[bool]
    ) -> bool:
        statement = (
            update(self.model)
            .where(*self._key(business_id, client_id, type_id), *guard)
            .values({**values, "updated_at": utcnow()})
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def take(self, business_id: int, client_id: int, type_id: int, amount: int) -> bool:
        """Take `amount` off the balance if it covers it: one guarded UPDATE, whose row count says whether it did."""
        available = self.model.available
        return await self._move(business_id, client_id, type_id, {"available": available - amount}, available >= amount)

    async def give(self, business_id: int, client_id: int, type_id: int, amount: int) -> None:
        await self._move(business_id, client_id, type_id, {"available": self.model.available + amount})

    async def of_client(self, business_id: int, client_id: int) -> list[B]:
        query = select(self.model).where(self.model.business_id == business_id, self.model.client_id == client_id)
        return list(await self.session.scalars(query.execution_options(populate_existing=True)))
