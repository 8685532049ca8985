"""Vouchers in the core: a reward that costs points issues a voucher only when the customer has them (taken through
the ledger, in the same transaction); a voucher is applied at most once, a gift card down to its value; of concurrent
applications of one voucher exactly one goes through; a purchase redeems its vouchers with `vouchers.redeem`."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import clients, points, reward_types, rewards, tenants, voucher_claims, vouchers
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import ValidationFailed, VoucherNotFound
from clientbook.core.rewards import NewReward
from clientbook.core.types import Tenant
from clientbook.core.voucher_claims import Claim
from clientbook.core.vouchers import Redemption, VoucherQuery
from clientbook.store.models import Business, Event, utcnow
from clientbook.store.models.loyalty import PointRecord
from clientbook.store.models.vouchers import Voucher, VoucherRedemption


async def _setup(context: Any, tenant_json: dict[str, Any]) -> tuple[Tenant, int]:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        client = await clients.create(session, who, ClientChanges(first_name="Ada", last_name="King"))
        return who, client.id


async def _reward(context: Any, who: Tenant, behaviour: str = reward_types.FIXED_DISCOUNT, **given: Any) -> int:
    async with context.db.transaction() as session:
        types = {t.behaviour: t.id for t in await reward_types.list_all(session, who)}
        new = NewReward(
            code=given.pop("code", f"R{utcnow().timestamp():.6f}".replace(".", "")),
            names={"en": "Coffee"},
            reward_type_id=types[behaviour],
            type_value=given.pop("type_value", 50),
            voucher_validity=given.pop("voucher_validity", "interval"),
            voucher_validity_value=given.pop("voucher_validity_value", "7 days"),
            **given,
        )
        return (await rewards.create_simple(session, who, new)).id


async def _claim(context: Any, who: Tenant, reward_id: int, client_id: int, **given: Any) -> Voucher:
    async with context.db.transaction() as session:
        return await voucher_claims.claim(session, who, Claim(reward_id=reward_id, client_id=client_id, **given))


async def _counts(context: Any, who: Tenant) -> tuple[int, int, int, int]:
    """(vouchers, redemptions, point records, events) of the business: what a refusal must leave as it was."""
    async with context.db.transaction() as session:
        counts = []
        for model in (Voucher, VoucherRedemption, PointRecord, Event):
            query = select(func.count()).select_from(model).where(model.business_id == who.business_id)
            counts.append(int(await session.scalar(query) or 0))
    return counts[0], counts[1], counts[2], counts[3]


async def _available(context: Any, who: Tenant, client_id: int) -> float:
    async with context.db.transaction() as session:
        found = await points.available(session, who, client_id)
    return sum(a for a, _reserved in found.values())


async def test_a_points_reward_takes_its_cost_from_the_ledger(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    reward_id = await _reward(context, who, points_cost=30)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 40)
    voucher = await _claim(context, who, reward_id, client_id)
    assert voucher.points_spent == 3000
    assert await _available(context, who, client_id) == 10
    async with context.db.transaction() as session:
        reduce = await session.scalar(
            select(PointRecord).where(PointRecord.business_id == who.business_id, PointRecord.operation == "reduce")
        )
    assert reduce is not None
    assert reduce.amount == -3000
    assert voucher.code in (reduce.note or "")
    assert voucher.valid_to is not None
    assert timedelta(days=6, hours=23) < voucher.valid_to - utcnow() <= timedelta(days=7)


async def test_without_the_points_no_voucher_is_issued_and_nothing_is_written(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    reward_id = await _reward(context, who, points_cost=30)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 29.99)
    before = await _counts(context, who)
    with pytest.raises(ValidationFailed) as refused:
        await _claim(context, who, reward_id, client_id)
    assert [e.field for e in refused.value.errors] == ["client_id"]
    assert await _counts(context, who) == before
    assert await _available(context, who, client_id) == 29.99


async def test_a_voucher_is_applied_once(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    voucher = await _claim(context, who, await _reward(context, who), client_id)
    async with context.db.transaction() as session:
        applied = await vouchers.apply(session, who, voucher.id)
    assert applied.applied_at is not None
    before = await _counts(context, who)
    with pytest.raises(ValidationFailed) as refused:
        async with context.db.transaction() as session:
            await vouchers.apply(session, who, voucher.id)
    assert [e.field for e in refused.value.errors] == ["voucher_id"]
    assert await _counts(context, who) == before


async def test_concurrent_applications_of_one_voucher_let_exactly_one_through(context: Any, tenant: Any) -> None:
    """Five transactions apply one voucher at once: one goes through, four are refused, one redemption is written
    (on PostgreSQL this fails without the guarded UPDATE: each transaction reads the voucher unapplied)."""
    who, client_id = await _setup(context, tenant)
    voucher = await _claim(context, who, await _reward(context, who), client_id)

    async def use() -> bool:
        try:
            async with context.db.transaction() as session:
                await vouchers.apply(session, who, voucher.id)
        except ValidationFailed:
            return False
        return True

    outcomes = await asyncio.gather(*(use() for _ in range(5)))
    assert sorted(outcomes) == [False, False, False, False, True]
    assert (await _counts(context, who))[1] == 1


async def test_concurrent_purchases_draw_a_gift_card_only_down_to_its_value(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    card = await _claim(context, who, await _reward(context, who, reward_types.GIFT_CARD, type_value=100), client_id)

    async def pay(purchase_id: int) -> bool:
        try:
            async with context.db.transaction() as session:
                uses = [Redemption(card.code, 40)]
                await vouchers.redeem(session, who, uses, purchase_id=purchase_id, client_id=client_id)
        except ValidationFailed:
            return False
        return True

    outcomes = await asyncio.gather(*(pay(p) for p in range(1, 5)))
    assert sorted(outcomes) == [False, False, True, True]
    async with context.db.transaction() as session:
        found = await vouchers.get(session, who, card.id)
        assert await vouchers.gift_card_balance(session, who, found, "voucher_id") == (20, 100)
        assert found.applied_at is None
        last = await vouchers.redeem(session, who, [Redemption(card.code)], purchase_id=9, client_id=client_id)
    assert last[0].balance == 0
    assert last[0].applied_at is not None
    async with context.db.transaction() as session:
        for purchase_id in (*(p for p, through in zip(range(1, 5), outcomes, strict=True) if through), 9):
            paid, total = await vouchers.list(session, who, VoucherQuery(purchase_id=purchase_id))
            assert ([v.id for v in paid], total) == ([card.id], 1)
        assert (await vouchers.list(session, who, VoucherQuery(purchase_id=10)))[1] == 0


async def test_redeem_refuses_a_voucher_of_another_customer_or_an_unknown_code_naming_it(
    context: Any, tenant: Any
) -> None:
    who, client_id = await _setup(context, tenant)
    voucher = await _claim(context, who, await _reward(context, who), client_id)
    before = await _counts(context, who)
    uses = [Redemption(voucher.code)]
    with pytest.raises(ValidationFailed) as refused:
        async with context.db.transaction() as session:
            await vouchers.redeem(session, who, uses, purchase_id=1, client_id=client_id + 1, field="payment.vouchers")
    assert [e.field for e in refused.value.errors] == ["payment.vouchers.0.code"]
    with pytest.raises(VoucherNotFound) as unknown:
        async with context.db.transaction() as session:
            await vouchers.redeem(session, who, [Redemption("NOPE")], purchase_id=1, client_id=client_id)
    assert unknown.value.field == "vouchers.0.code"
    assert await _counts(context, who) == before


async def test_deleting_an_unused_voucher_gives_its_points_back_and_a_used_one_stays(context: Any, tenant: Any) -> None:
    who, client_id = await _setup(context, tenant)
    reward_id = await _reward(context, who, points_cost=10)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 20)
    unused, used = await _claim(context, who, reward_id, client_id), await _claim(context, who, reward_id, client_id)
    assert await _available(context, who, client_id) == 0
    async with context.db.transaction() as session:
        await vouchers.delete(session, who, unused.id)
        await vouchers.apply(session, who, used.id)
    assert await _available(context, who, client_id) == 10
    with pytest.raises(ValidationFailed):
        async with context.db.transaction() as session:
            await vouchers.delete(session, who, used.id)


async def test_two_claims_racing_for_one_code_issue_one_voucher_and_refuse_the_other(context: Any, tenant: Any) -> None:
    """Both check the code is free before either writes; the unique code decides, and the loser is refused naming
    `code` (never a 5xx), its points given back with its rolled-back transaction."""
    who, client_id = await _setup(context, tenant)
    reward_id = await _reward(context, who, points_cost=5)
    async with context.db.transaction() as session:
        await points.assign(session, who, client_id, 10)

    async def claim() -> str:
        try:
            await _claim(context, who, reward_id, client_id, code="SUMMER")
        except ValidationFailed as refused:
            return refused.errors[0].field
        return "issued"

    assert sorted(await asyncio.gather(claim(), claim())) == ["code", "issued"]
    assert await _available(context, who, client_id) == 5
