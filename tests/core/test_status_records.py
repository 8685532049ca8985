"""The status rule in the core: after a purchase a customer earns the highest tier their purchase totals meet, moves
up (never down), renews the tier they hold by earning it again, and every change leaves a status record behind."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, text

from clientbook.core import clients, status_records, statuses, tenants
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import ValidationFailed
from clientbook.core.status_records import History, Turnover
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Event, utcnow
from clientbook.store.models.statuses import Status, StatusRecord
from tests.helpers import until_waiting_on_locks


async def _setup(context: Any, tenant_json: dict[str, Any]) -> tuple[Tenant, int]:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        client = await clients.create(session, who, ClientChanges(first_name="Ada", last_name="King"))
        return who, client.id


def spent(total: float, *, within_a_year: float | None = None) -> Turnover:
    """A customer's purchases: `total` ever, of which `within_a_year` (all of it by default) in the last 12 months."""

    async def turnover(currency: str, since: datetime | None) -> Decimal:
        if since is None or within_a_year is None:
            return Decimal(str(total))
        return Decimal(str(within_a_year))

    return turnover


async def _after_purchase(context: Any, who: Tenant, client_id: int, turnover: Turnover) -> str | None:
    async with context.db.transaction() as session:
        record = await status_records.recalculate(session, who, client_id, turnover)
        if record is None:
            return None
        status = await statuses.get(session, who, record.status_id)
        return status.text_id


async def _history(context: Any, who: Tenant, client_id: int) -> list[tuple[str, int]]:
    """(tier text id, state) of the customer's records, oldest first."""
    async with context.db.transaction() as session:
        rows, total = await status_records.history(session, who, History(client_id=client_id))
        tiers = {t.id: t.text_id for t in await statuses.list_all(session, who)}
    assert total == len(rows)
    return [(tiers[r.status_id], r.state) for r in rows]


async def test_a_first_purchase_gives_the_base_tier_and_totals_move_the_customer_up(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    assert await _after_purchase(context, who, client_id, spent(20)) == "basic"
    assert await _after_purchase(context, who, client_id, spent(499.99)) == "basic"
    assert await _after_purchase(context, who, client_id, spent(500)) == "silver"
    assert await _after_purchase(context, who, client_id, spent(2500)) == "gold"
    assert await _history(context, who, client_id) == [("basic", 2), ("silver", 2), ("gold", 1)]
    async with context.db.transaction() as session:
        rows = list(await session.scalars(select(StatusRecord).where(StatusRecord.client_id == client_id)))
        kinds = await session.scalars(
            select(Event.action).where(Event.business_id == who.business_id, Event.entity == "status_record")
        )
    assert all(r.reason == "purchases" for r in rows)
    replaced = [r for r in rows if r.state == 2]
    assert all(r.valid_to is not None and r.valid_to <= utcnow() for r in replaced)  # ended when replaced
    assert sorted(kinds) == ["created"] * 3 + ["updated"] * 2


async def test_only_purchases_within_the_qualification_period_count(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    assert await _after_purchase(context, who, client_id, spent(5000, within_a_year=600)) == "silver"


async def test_a_status_never_drops_on_a_purchase(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    assert await _after_purchase(context, who, client_id, spent(3000)) == "gold"
    assert await _after_purchase(context, who, client_id, spent(3000, within_a_year=10)) == "gold"
    assert await _history(context, who, client_id) == [("gold", 1)]


async def test_earning_the_tier_held_again_renews_it(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    await _after_purchase(context, who, client_id, spent(600))
    soon = utcnow() + timedelta(days=3)
    async with context.db.transaction() as session:
        record = await status_records.in_force(session, who, client_id)
        assert record is not None
        await session.execute(
            StatusRecord.__table__.update().where(StatusRecord.id == record.id).values(valid_to=soon)  # type: ignore[attr-defined]
        )
    await _after_purchase(context, who, client_id, spent(600))
    async with context.db.transaction() as session:
        renewed = await status_records.in_force(session, who, client_id)
    assert renewed is not None
    assert renewed.valid_to is not None
    assert renewed.valid_to > utcnow() + timedelta(days=360)
    assert await _history(context, who, client_id) == [("silver", 1)]


async def test_a_status_set_by_hand_above_what_purchases_earn_is_kept(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        gold = next(t for t in await statuses.list_all(session, who) if t.text_id == "gold")
        manual = await status_records.set_status(session, who, client_id, gold.id)
    assert manual.reason == "manual"
    assert await _after_purchase(context, who, client_id, spent(600)) == "gold"
    assert await _history(context, who, client_id) == [("gold", 1)]


async def test_an_operator_tunes_the_rule_by_changing_a_tier(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        changes = statuses.TierChanges(turnover=Decimal(100), validity_months=6)
        silver = await statuses.configure(session, who, "silver", changes)
    assert silver.qualification_turnover == 10000
    assert await _after_purchase(context, who, client_id, spent(150)) == "silver"
    async with context.db.transaction() as session:
        record = await status_records.in_force(session, who, client_id)
    assert record is not None
    assert record.valid_to is not None
    assert timedelta(days=180) < record.valid_to - utcnow() < timedelta(days=185)
    with pytest.raises(ValidationFailed) as refused:
        async with context.db.transaction() as session:
            await statuses.configure(session, who, "silver", statuses.TierChanges(qualification="sometimes"))
    assert refused.value.errors[0].field == "qualification"


async def test_a_business_founded_before_statuses_gets_the_default_tiers_on_first_use(
    context: Any, tenant: Any
) -> None:
    who, _ = await _setup(context, tenant)
    async with context.db.transaction() as session:
        await session.execute(Status.__table__.delete().where(Status.business_id == who.business_id))  # type: ignore[attr-defined]
    async with context.db.transaction() as session:
        tiers = await statuses.list_all(session, who)
    assert [t.text_id for t in tiers] == ["basic", "silver", "gold"]


def test_months_are_calendar_months_with_the_day_clamped() -> None:
    assert status_records.plus_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert status_records.plus_months(datetime(2026, 3, 15, tzinfo=UTC), -12) == datetime(2025, 3, 15, tzinfo=UTC)


def test_default_thresholds_are_in_the_currency_of_the_business_region() -> None:
    assert statuses.home_currency("CZ") == "CZK"
    assert statuses.home_currency("US") == "USD"
    assert statuses.home_currency("??") == statuses.FALLBACK_CURRENCY


async def test_concurrent_status_changes_leave_one_record_in_force(context: Any, tenant: Any) -> None:
    """Five transactions set a status at once: each ends the record in force before adding its own, so one record
    is in force afterwards and the other four are history (the customer's row lock orders them on PostgreSQL)."""
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        ids = [t.id for t in await statuses.list_all(session, who)]

    async def set_one(status_id: int) -> None:
        async with context.db.transaction() as session:
            await status_records.set_status(session, who, client_id, status_id)

    await asyncio.gather(*(set_one(ids[n % len(ids)]) for n in range(5)))
    async with context.db.transaction() as session:
        states = list(await session.scalars(select(StatusRecord.state).where(StatusRecord.client_id == client_id)))
    assert sorted(states) == [1, 2, 2, 2, 2]


async def test_status_changes_held_at_their_write_still_leave_one_record_in_force(
    context: Any, tenant: Any, backend: str
) -> None:
    """The race made certain: while a blocker holds status_records against writes, five changes start at once.
    With the customer's lock, one reads the record in force and waits to write while the other four wait for the
    lock, then each reads what the one before wrote. Without it all five read the same record in force (none) and
    all five records stay in force."""
    if backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time")
    who, client_id = await _setup(context, tenant)
    async with context.db.transaction() as session:
        status_id = (await statuses.list_all(session, who))[0].id

    async def set_one() -> None:
        async with context.db.transaction() as session:
            await status_records.set_status(session, who, client_id, status_id)

    async with context.db.transaction() as blocker:
        await blocker.execute(text("LOCK TABLE status_records IN EXCLUSIVE MODE"))  # reads pass, writes wait
        changes = [asyncio.create_task(set_one()) for _ in range(5)]
        await until_waiting_on_locks(context, 5)
    await asyncio.wait_for(asyncio.gather(*changes), timeout=30)
    async with context.db.transaction() as session:
        states = list(await session.scalars(select(StatusRecord.state).where(StatusRecord.client_id == client_id)))
    assert sorted(states) == [1, 2, 2, 2, 2]
