"""A customer's partner records (partners themselves are reference records: repositories/reference.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clientbook.store.models.partners import PartnerRecord

from ._base import RecordRepository


class PartnerRecordRepository(RecordRepository[PartnerRecord]):
    model = PartnerRecord

    async def of_client(self, business_id: int, client_id: int) -> list[PartnerRecord]:
        query = select(PartnerRecord).where(
            PartnerRecord.business_id == business_id, PartnerRecord.client_id == client_id
        )
        return list(await self.session.scalars(query.order_by(PartnerRecord.id)))

    async def add_unless_taken(self, record: PartnerRecord) -> bool:
        """Insert the record unless the pair exists (a concurrent writer's too): True when it was inserted."""
        try:
            async with self.session.begin_nested():
                await self.add(record)
        except IntegrityError:  # the savepoint is rolled back; the record never joined the session
            return False
        return True
