"""A customer's partner records (partners themselves are reference records: repositories/reference.py)."""

from __future__ import annotations

from sqlalchemy import select

from clientbook.store.models.partners import PartnerRecord

from ._base import RecordRepository


class PartnerRecordRepository(RecordRepository[PartnerRecord]):
    model = PartnerRecord

    async def of_client(self, business_id: int, client_id: int) -> list[PartnerRecord]:
        query = select(PartnerRecord).where(
            PartnerRecord.business_id == business_id, PartnerRecord.client_id == client_id
        )
        return list(await self.session.scalars(query.order_by(PartnerRecord.id)))
