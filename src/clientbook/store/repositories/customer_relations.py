"""Customer relations: every relation one customer is part of, from either end."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import or_, select

from clientbook.store.models import Client, CustomerRelation

from ._base import RecordRepository


class CustomerRelationRepository(RecordRepository[CustomerRelation]):
    model = CustomerRelation

    async def lock_customers(self, business_id: int, client_ids: Collection[int]) -> None:
        """Hold both customers' rows, in id order (so two relations of one pair never deadlock), until the
        transaction ends (PostgreSQL): two adds of one relation take turns."""
        query = select(Client.id).where(Client.business_id == business_id, Client.id.in_(sorted(client_ids)))
        await self.session.execute(query.order_by(Client.id).with_for_update())

    async def of_client(self, business_id: int, client_id: int) -> list[CustomerRelation]:
        """Every relation the customer is part of, ended ones too, oldest first."""
        query = select(CustomerRelation).where(
            CustomerRelation.business_id == business_id,
            or_(CustomerRelation.client_id == client_id, CustomerRelation.related_client_id == client_id),
        )
        return list(await self.session.scalars(query.order_by(CustomerRelation.id)))
