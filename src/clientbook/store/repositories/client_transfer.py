"""Client export and import: keyset batches of plain rows, and the lookups an import makes once per batch."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, select

from clientbook.store.models import Branch, Client, Staff
from clientbook.store.models.customer_data import CustomerSource

from ._base import Repository

_CLIENTS = cast(Table, Client.__table__)


class ClientTransferRepository(Repository):
    async def count_live(self, business_id: int) -> int:
        query = select(func.count()).where(_CLIENTS.c.business_id == business_id, _CLIENTS.c.deleted_at.is_(None))
        return int(await self.session.scalar(query) or 0)

    async def live_after(self, business_id: int, after_id: int, limit: int, columns: Sequence[str]) -> list[Row[Any]]:
        """Up to `limit` live clients with ids above `after_id`, by id: the named columns as plain rows (keyset
        pagination on (business_id, deleted_at, id): each batch is one index range, however far into the table)."""
        query = (
            select(*[_CLIENTS.c[name] for name in columns])
            .where(
                _CLIENTS.c.business_id == business_id,
                _CLIENTS.c.deleted_at.is_(None),
                _CLIENTS.c.id > bindparam("after"),
            )
            .order_by(_CLIENTS.c.id)
            .limit(limit)
        )
        return list(await self.session.execute(query, {"after": after_id}))

    async def live_client_ids(self, business_id: int, ids: Collection[int]) -> set[int]:
        if not ids:
            return set()
        query = select(_CLIENTS.c.id).where(
            _CLIENTS.c.business_id == business_id, _CLIENTS.c.id.in_(list(ids)), _CLIENTS.c.deleted_at.is_(None)
        )
        return set(await self.session.scalars(query))

    async def live_ids_by(self, business_id: int, column: str, values: Collection[str]) -> dict[str, list[int]]:
        """The live clients whose `column` (email_normalized or mobile_phone, both indexed) is one of `values`."""
        if not values:
            return {}
        key = _CLIENTS.c[column]
        query = select(key, _CLIENTS.c.id).where(
            _CLIENTS.c.business_id == business_id, key.in_(list(values)), _CLIENTS.c.deleted_at.is_(None)
        )
        found: dict[str, list[int]] = {}
        for row in await self.session.execute(query.order_by(_CLIENTS.c.id)):
            found.setdefault(cast(str, row[0]), []).append(cast(int, row[1]))
        return found

    async def live_staff_ids(self, business_id: int, ids: Collection[int]) -> set[int]:
        return await self._live(Staff, business_id, ids, soft_deleted=True)

    async def live_branch_ids(self, business_id: int, ids: Collection[int]) -> set[int]:
        return await self._live(Branch, business_id, ids, soft_deleted=True)

    async def customer_source_ids(self, business_id: int, ids: Collection[int]) -> set[int]:
        return await self._live(CustomerSource, business_id, ids, soft_deleted=False)

    async def _live(self, model: Any, business_id: int, ids: Collection[int], *, soft_deleted: bool) -> set[int]:
        if not ids:
            return set()
        query = select(model.id).where(model.business_id == business_id, model.id.in_(list(ids)))
        if soft_deleted:
            query = query.where(model.deleted_at.is_(None))
        return set(await self.session.scalars(query))
