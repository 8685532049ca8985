"""Reference records (core/reference.py): a business founded before a kind existed gets the kind's default on first
read, with its event, once even when two first reads race; operators add and rename records by the kind's rules."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import point_types, reference, reference_kinds, tenants
from clientbook.core.errors import ClientbookError, Duplicate, PointTypeNotFound, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Event, PointType
from clientbook.store.repositories.tenancy import BusinessRepository


async def _older_business(context: Any) -> Tenant:
    """A business as one founded before its reference kinds existed left it: the business row and nothing else."""
    async with context.db.transaction() as session:
        business = Business(name="Founded long ago", account_number=str(uuid.uuid4()), extra={})
        await BusinessRepository(session).add(business)
        return tenants.tenant_of(business, actor="test")


async def _created_events(context: Any, who: Tenant) -> list[str]:
    async with context.db.transaction() as session:
        query = select(Event.entity).where(Event.business_id == who.business_id, Event.action == "created")
        return sorted(await session.scalars(query))


async def test_an_older_business_gets_every_default_on_first_read(context: Any) -> None:
    who = await _older_business(context)
    async with context.db.transaction() as session:
        listed = {kind.name: await reference.list_all(session, who, kind) for kind in reference_kinds.KINDS}
    assert {name: [(r.name, r.is_default) for r in rows] for name, rows in listed.items()} == {
        kind.name: [(kind.default_name, True)] for kind in reference_kinds.KINDS
    }
    assert listed["point-types"][0].validity_days == 365
    assert listed["credit-types"][0].currency == "USD"
    assert await _created_events(context, who) == sorted(kind.entity for kind in reference_kinds.KINDS)


async def test_two_first_reads_at_once_create_the_default_once(context: Any) -> None:
    who = await _older_business(context)

    async def first_read() -> int:
        async with context.db.transaction() as session:
            return (await point_types.resolve(session, who, None)).id

    ids = await asyncio.gather(*(first_read() for _ in range(4)))
    assert len(set(ids)) == 1
    async with context.db.transaction() as session:
        count = await session.scalar(
            select(func.count()).select_from(PointType).where(PointType.business_id == who.business_id)
        )
    assert count == 1
    assert (await _created_events(context, who)).count("point_type") == 1


async def test_operators_add_and_rename_records_keeping_ids_and_text_ids(context: Any, tenant: Any) -> None:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        added = await reference.add(session, who, point_types.KIND, "  Gift points (Café) ")
        assert (added.name, added.text_id, added.is_default) == ("Gift points (Café)", "gift_points_cafe", False)
        await reference.rename(session, who, point_types.KIND, added.id, "Gifts")
    async with context.db.transaction() as session:
        names = [(t.name, t.text_id) for t in await point_types.list_all(session, who)]
    assert names == [("Loyalty points", "loyalty_points"), ("Gifts", "gift_points_cafe")]
    refusals: list[tuple[Any, type[ClientbookError], str]] = [
        (lambda s: reference.add(s, who, point_types.KIND, "Gift points cafe"), Duplicate, "text_id"),
        (lambda s: reference.add(s, who, point_types.KIND, " "), ValidationFailed, "name"),
        (lambda s: reference.add(s, who, point_types.KIND, "X", text_id="Not OK"), ValidationFailed, "text_id"),
        (lambda s: reference.add(s, who, point_types.KIND, "x" * 201), ValidationFailed, "name"),
        (lambda s: reference.rename(s, who, point_types.KIND, 999_999, "Y"), PointTypeNotFound, "id"),
    ]
    for attempt, error, field in refusals:
        with pytest.raises(error) as caught:
            async with context.db.transaction() as session:
                await attempt(session)
        assert caught.value.field == field
    async with context.db.transaction() as session:
        assert len(await point_types.list_all(session, who)) == 2
