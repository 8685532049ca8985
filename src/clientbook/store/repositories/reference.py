"""Reference records the vendor APIs only read (point types, credit types, partners, …): one repository for every
such table, each keyed (business_id, id) with a `name`, a `text_id` unique per business and one `is_default` row."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Base

from ._base import RecordRepository

R = TypeVar("R", bound=Base)


class ReferenceRepository(RecordRepository[R]):
    def __init__(self, session: AsyncSession, model: type[R]) -> None:
        super().__init__(session)
        self.model = model

    async def default(self, business_id: int) -> R | None:
        table = self._table
        query = select(self.model).where(table.c.business_id == business_id, table.c.is_default.is_(True))
        found: R | None = await self.session.scalar(query.order_by(table.c.id).limit(1))
        return found

    async def by_text_id(self, business_id: int, text_id: str) -> R | None:
        table = self._table
        query = select(self.model).where(table.c.business_id == business_id, table.c.text_id == text_id)
        found: R | None = await self.session.scalar(query)
        return found
