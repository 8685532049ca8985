from __future__ import annotations

import builtins

from sqlalchemy import select

from clientbook.store.models.customer_data import ClientAddress, CustomerSource

from ._base import RecordRepository


class CustomerSourceRepository(RecordRepository[CustomerSource]):
    model = CustomerSource


class ClientAddressRepository(RecordRepository[ClientAddress]):
    model = ClientAddress

    async def for_client(
        self, business_id: int, client_id: int, address_type: str | None = None
    ) -> builtins.list[ClientAddress]:
        query = select(ClientAddress).where(
            ClientAddress.business_id == business_id,
            ClientAddress.client_id == client_id,
            ClientAddress.deleted_at.is_(None),
        )
        if address_type is not None:
            query = query.where(ClientAddress.address_type == address_type)
        return builtins.list(await self.session.scalars(query.order_by(ClientAddress.id)))
