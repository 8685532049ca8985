"""Writes that check a key before inserting it, run at once in separate transactions: the catalogue's batches take
turns, and a customer's partner record is added once; no race ends in a 500 (an IntegrityError)."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from clientbook.core import clients, partners, product_catalogue, products, tenants
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import ValidationFailed
from clientbook.core.product_catalogue import BrandItem
from clientbook.core.products import ProductItem
from clientbook.core.types import Tenant
from clientbook.store.models import Business, PartnerRecord, Product, ProductBrand


async def _tenant(context: Any, tenant_json: dict[str, Any]) -> Tenant:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        return tenants.tenant_of(business, actor="test")


async def _count(context: Any, model: Any, who: Tenant) -> int:
    async with context.db.transaction() as session:
        query = select(func.count()).select_from(model).where(model.business_id == who.business_id)
        return int(await session.scalar(query) or 0)


async def test_two_loads_of_one_new_catalogue_at_once_create_each_record_once(context: Any, tenant: Any) -> None:
    """Two POS terminals load the same new brand and product at once: on PostgreSQL both would find no record and
    both insert it (a unique violation, a 500) without the catalogue lock; with it the second updates the first's."""
    who = await _tenant(context, tenant)

    async def load(name: str) -> None:
        async with context.db.transaction() as session:
            await product_catalogue.load_brands(session, who, [BrandItem(name=name, external_id="B1")])
            await products.load(session, who, [ProductItem(name=name, codes=[("EAN", "8590000000017")])])

    await asyncio.gather(load("Acme"), load("Acme Foods"))
    assert (await _count(context, ProductBrand, who), await _count(context, Product, who)) == (1, 1)


async def test_a_partner_record_added_twice_at_once_is_added_once(context: Any, tenant: Any) -> None:
    who = await _tenant(context, tenant)
    async with context.db.transaction() as session:
        client = await clients.create(session, who, ClientChanges(first_name="Ada", last_name="King"))
        partner = (await partners.list_all(session, who))[0]

    async def add() -> str | None:
        """None when added, else the field the refusal names."""
        try:
            async with context.db.transaction() as session:
                await partners.add_record(session, who, client.id, partner.id)
        except ValidationFailed as refused:
            return refused.field
        return None

    assert sorted(str(outcome) for outcome in await asyncio.gather(add(), add())) == ["None", "partner_id"]
    assert await _count(context, PartnerRecord, who) == 1
