from __future__ import annotations

from sqlalchemy import select

from clientbook.store.models.customer_data import ClientAddress, CustomerSource

from ._base import Repository


class CustomerSourceRepository(Repository):
    async def get(self, business_id: int, source_id: int) -> CustomerSource | None:
        return await self.session.get(CustomerSource, (business_id, source_id))

    async def list(self, business_id: int) -> list[CustomerSource]:
        rows = await self.session.scalars(
            select(CustomerSource).where(CustomerSource.business_id == business_id).order_by(CustomerSource.id)
        )
        return list(rows)


class ClientAddressRepository(Repository):
    async def get(self, business_id: int, address_id: int) -> ClientAddress | None:
        return await self.session.get(ClientAddress, (business_id, address_id))

    async def for_client(
        self, business_id: int, client_id: int, address_type: str | None = None
    ) -> list[ClientAddress]:
        query = select(ClientAddress).where(
            ClientAddress.business_id == business_id,
            ClientAddress.client_id == client_id,
            ClientAddress.deleted_at.is_(None),
        )
        if address_type is not None:
            query = query.where(ClientAddress.address_type == address_type)
        return list(await self.session.scalars(query.order_by(ClientAddress.id)))
