"""The points ledger in the core: balances derive from ledger entries, never go negative (also under concurrent
spends through separate transactions), reserved points are unavailable until freed."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from clientbook.core import clients, points, tenants
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import ValidationFailed
from clientbook.core.points import Listing
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Event, utcnow
from clientbook.store.models.loyalty import PointBalance, PointRecord


async def _setup(context: Any, tenant_json: dict[str, Any]) -> tuple[Tenant, int]:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        client = await clients.create(session, who, ClientChanges(first_name="Ada", last_name="King"))
        return who, client.id


async def _balance(context: Any, who: Tenant, client_id: int) -> tuple[float, float]:
    async with context.db.transaction() as session:
        found = await points.available(session, who, client_id)
    assert len(found) == 1
    return next(iter(found.values()))


async def _ledger_sum(context: Any, who: Tenant, client_id: int) -> float:
    async with context.db.transaction() as session:
        query = select(func.sum(PointRecord.amount)).where(
            PointRecord.business_id == who.business_id, PointRecord.client_id == client_id
        )
        return points.from_units(int(await session.scalar(query) or 0))


async def test_the_balance_is_the_sum_of_the_ledger_and_every_write_is_an_event(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, "25.50", note="welcome")
        await points.reduce(session, who, client_id, 5)
        await points.reserve(session, who, client_id, "basket-1", 10)
    assert await _balance(context, who, client_id) == (10.5, 10)
    assert await _ledger_sum(context, who, client_id) == 20.5  # reservations move nothing in the ledger
    async with context.db.transaction() as session:
        rows, total = await points.history(session, who, Listing(client_id=client_id))
        actions = await session.scalars(
            select(Event.action).where(Event.business_id == who.business_id, Event.entity == "point_record")
        )
    assert total == 3
    assert [r.operation for r in rows] == ["assign", "reduce", "reserve"]
    assert sorted(actions) == ["assign", "reduce", "reserve"]


async def test_a_spend_beyond_the_balance_is_refused_naming_amount_and_writes_nothing(
    context: Any, tenant: Any
) -> None:
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 10)
    for spend in (
        lambda s: points.reduce(s, who, client_id, "10.01"),
        lambda s: points.reserve(s, who, client_id, "too-big", 11),
    ):
        with pytest.raises(ValidationFailed) as caught:
            async with context.db.transaction() as session:
                await spend(session)
        assert caught.value.field == "amount"
    assert await _balance(context, who, client_id) == (10, 0)
    assert await _ledger_sum(context, who, client_id) == 10


async def test_reserved_points_are_unavailable_until_freed(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 100)
        await points.reserve(session, who, client_id, "order-7", 80)
    with pytest.raises(ValidationFailed):
        async with context.db.transaction() as session:
            await points.reduce(session, who, client_id, 21)
    async with context.db.transaction() as session:
        await points.free(session, who, "order-7")
        await points.reduce(session, who, client_id, 100)
    assert await _balance(context, who, client_id) == (0, 0)


async def test_concurrent_reduces_let_only_the_affordable_ones_through(context: Any, tenant: Any) -> None:
    """Five transactions at once each take 30 of 100 points: three go through, two are refused, the balance ends
    at 10 and never below zero (on PostgreSQL this fails without the guarded UPDATE: all five read 100)."""
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 100)

    async def spend() -> bool:
        try:
            async with context.db.transaction() as session:
                await points.reduce(session, who, client_id, 30)
        except ValidationFailed:
            return False
        return True

    outcomes = await asyncio.gather(*(spend() for _ in range(5)))
    assert sorted(outcomes) == [False, False, True, True, True]
    assert await _balance(context, who, client_id) == (10, 0)
    assert await _ledger_sum(context, who, client_id) == 10
    async with context.db.transaction() as session:
        available = await session.scalar(
            select(PointBalance.available).where(
                PointBalance.business_id == who.business_id, PointBalance.client_id == client_id
            )
        )
    assert available == 1000


async def test_crossing_transfers_both_go_through_without_deadlock(context: Any, tenant: Any) -> None:
    """Ada sends Bob 2 points while Bob sends Ada 2, five times each, in separate transactions: both balance rows are
    locked in one order, so neither waits on the other forever (PostgreSQL would abort one as a deadlock, a 500)."""
    who, ada = await _setup(context, tenant)
    async with context.db.transaction() as session:
        bob = (await clients.create(session, who, ClientChanges(first_name="Bob", last_name="Lee"))).id
        await points.assign(session, who, ada, 50)
        await points.assign(session, who, bob, 50)

    async def send(giver: int, taker: int) -> None:
        for _ in range(5):
            async with context.db.transaction() as session:
                await points.transfer(session, who, giver, taker, 2, point_type_id=None)

    await asyncio.gather(send(ada, bob), send(bob, ada))
    assert (await _balance(context, who, ada), await _balance(context, who, bob)) == ((50, 0), (50, 0))
    assert (await _ledger_sum(context, who, ada), await _ledger_sum(context, who, bob)) == (50, 50)


async def test_lapsed_points_are_written_off_by_the_next_write_and_cannot_be_spent(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        old = await points.assign(session, who, client_id, 40)
        await points.assign(session, who, client_id, 15)
        await session.execute(
            update(PointRecord)
            .where(PointRecord.business_id == who.business_id, PointRecord.id == old.id)
            .values(valid_to=utcnow() - timedelta(days=1))
        )
    with pytest.raises(ValidationFailed):
        async with context.db.transaction() as session:
            await points.reduce(session, who, client_id, 16)
    async with context.db.transaction() as session:
        await points.reduce(session, who, client_id, 15)
        rows, _total = await points.history(session, who, Listing(client_id=client_id))
    assert [(r.operation, points.from_units(r.amount)) for r in rows] == [
        ("assign", 40),
        ("assign", 15),
        ("expire", -40),
        ("reduce", -15),
    ]
    assert await _balance(context, who, client_id) == (0, 0)
    assert await _ledger_sum(context, who, client_id) == 0
