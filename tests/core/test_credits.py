"""The credits ledger in the core: balances derive from ledger entries and never go negative, also under concurrent
spends and crossing transfers through separate transactions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import clients, credits, tenants
from clientbook.core.clients import ClientChanges
from clientbook.core.credits import Change, Listing
from clientbook.core.errors import ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Event
from clientbook.store.models.credits import CreditRecord


async def _setup(context: Any, tenant_json: dict[str, Any], customers: int = 1) -> tuple[Tenant, list[int]]:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        made = [
            await clients.create(session, who, ClientChanges(first_name="Ada", last_name="King"))
            for _ in range(customers)
        ]
        return who, [c.id for c in made]


async def _balance(context: Any, who: Tenant, client_id: int) -> float:
    async with context.db.transaction() as session:
        found = await credits.balances(session, who, client_id)
    return sum(found.values())


async def _ledger_sum(context: Any, who: Tenant, client_id: int) -> float:
    async with context.db.transaction() as session:
        query = select(func.sum(CreditRecord.amount)).where(
            CreditRecord.business_id == who.business_id, CreditRecord.client_id == client_id
        )
        return int(await session.scalar(query) or 0) / 100


async def test_the_balance_is_the_sum_of_the_ledger_and_every_write_is_an_event(context: Any, tenant: Any) -> None:
    who, (client_id,) = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await credits.deposit(session, who, Change(client_id, "25.50", note="refund"))
        await credits.reduce(session, who, Change(client_id, 5))
    assert await _balance(context, who, client_id) == 20.5
    assert await _ledger_sum(context, who, client_id) == 20.5
    async with context.db.transaction() as session:
        rows, total = await credits.list_records(session, who, Listing(client_id=client_id))
        actions = await session.scalars(
            select(Event.action).where(Event.business_id == who.business_id, Event.entity == "credit_record")
        )
    assert (total, [r.operation for r in rows]) == (2, ["deposit", "reduce"])
    assert sorted(actions) == ["deposit", "reduce"]


async def test_a_spend_beyond_the_balance_is_refused_naming_amount_and_writes_nothing(
    context: Any, tenant: Any
) -> None:
    who, (client_id,) = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await credits.deposit(session, who, Change(client_id, 10))
    with pytest.raises(ValidationFailed) as caught:
        async with context.db.transaction() as session:
            await credits.reduce(session, who, Change(client_id, "10.01"))
    assert caught.value.field == "amount"
    assert await _balance(context, who, client_id) == 10
    assert await _ledger_sum(context, who, client_id) == 10


async def test_concurrent_reduces_let_only_the_affordable_ones_through(context: Any, tenant: Any) -> None:
    """Five transactions at once each take 30 of 100 credits: three go through, two are refused, the balance ends
    at 10 and never below zero (on PostgreSQL this fails without the guarded UPDATE: all five read 100)."""
    who, (client_id,) = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await credits.deposit(session, who, Change(client_id, 100))

    async def spend() -> bool:
        try:
            async with context.db.transaction() as session:
                await credits.reduce(session, who, Change(client_id, 30))
        except ValidationFailed:
            return False
        return True

    outcomes = await asyncio.gather(*(spend() for _ in range(5)))
    assert sorted(outcomes) == [False, False, True, True, True]
    assert await _balance(context, who, client_id) == 10
    assert await _ledger_sum(context, who, client_id) == 10


async def test_crossing_transfers_both_go_through_without_deadlock(context: Any, tenant: Any) -> None:
    """Ada sends Bob 10 while Bob sends Ada 10, in separate transactions: both balance rows are locked in one order,
    so neither waits on the other forever (PostgreSQL would abort one as a deadlock, a 500)."""
    who, (ada, bob) = await _setup(context, tenant, customers=2)
    async with context.db.transaction() as session:
        await credits.deposit(session, who, Change(ada, 50))
        await credits.deposit(session, who, Change(bob, 50))
        credit_type = (await credits.list_records(session, who, Listing(client_id=ada)))[0][0].credit_type_id

    async def send(giver: int, taker: int) -> None:
        for _ in range(5):
            async with context.db.transaction() as session:
                await credits.transfer(session, who, giver, taker, 2, credit_type_id=credit_type)

    await asyncio.gather(send(ada, bob), send(bob, ada))
    assert (await _balance(context, who, ada), await _balance(context, who, bob)) == (50, 50)
    assert await _ledger_sum(context, who, ada) == 50
