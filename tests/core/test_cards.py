"""Cards in the core: a card number identifies its holder while the card is usable, is unique per business (also
under concurrent creates), and a free card is assigned at most once (also under concurrent assignments)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import card_types, cards, clients, customer_sessions, free_cards, merges, tenants
from clientbook.core.cards import CardFields
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import CardNotFound, ClientDeleted, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Card, Event, utcnow


async def _setup(context: Any, tenant_json: dict[str, Any], customers: int = 1) -> tuple[Tenant, int, list[int]]:
    """The tenant, its default card type and `customers` new customers."""
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        default = await card_types.ensure_defaults(session, who)
        made = [
            await clients.create(session, who, ClientChanges(first_name="Ada", last_name=f"K{n}"))
            for n in range(customers)
        ]
        return who, default.id, [c.id for c in made]


async def _card(context: Any, who: Tenant, card_type_id: int, number: str, **fields: Any) -> Card:
    async with context.db.transaction() as session:
        return await cards.create(session, who, CardFields(card_type_id=card_type_id, number=number, **fields))


async def _cards_of(context: Any, who: Tenant) -> int:
    async with context.db.transaction() as session:
        query = select(func.count()).select_from(Card).where(Card.business_id == who.business_id)
        return int(await session.scalar(query) or 0)


async def test_a_card_number_identifies_its_holder(context: Any, tenant: Any) -> None:
    who, card_type, (ada,) = await _setup(context, tenant)
    await _card(context, who, card_type, "1000000000016", client_id=ada)
    async with context.db.transaction() as session:
        holder = await cards.customer_of_card(session, who, " 1000000000016 ")
        assert holder.id == ada
        assert (await cards.holder_of(session, who, "1000000000016")) is not None
        events = await session.scalars(
            select(Event.action).where(Event.business_id == who.business_id, Event.entity == "card")
        )
        assert list(events) == ["created"]


async def test_a_card_that_identifies_nobody_is_refused_naming_the_field(context: Any, tenant: Any) -> None:
    who, card_type, (ada, bob) = await _setup(context, tenant, customers=2)
    now = utcnow()
    await _card(context, who, card_type, "B-1", client_id=ada, state=0)
    await _card(
        context,
        who,
        card_type,
        "E-1",
        client_id=ada,
        valid_to=now - timedelta(days=1),
        valid_from=now - timedelta(days=9),
    )
    await _card(context, who, card_type, "F-1")
    await _card(context, who, card_type, "D-1", client_id=bob)
    async with context.db.transaction() as session:
        await clients.delete(session, who, bob)
    async with context.db.transaction() as session:
        with pytest.raises(CardNotFound) as unknown:
            await cards.customer_of_card(session, who, "nope", field="card_number")
        assert unknown.value.field == "card_number"
        for number in ("B-1", "E-1", "F-1"):
            with pytest.raises(ValidationFailed) as refused:
                await cards.customer_of_card(session, who, number, field="card_number")
            assert refused.value.field == "card_number", number
            assert await cards.holder_of(session, who, number) is None
        with pytest.raises(ClientDeleted):
            await cards.customer_of_card(session, who, "D-1")


async def test_another_business_cannot_identify_by_our_card(context: Any, tenant: Any, make_tenant: Any) -> None:
    who, card_type, (ada,) = await _setup(context, tenant)
    await _card(context, who, card_type, "SHARED-1", client_id=ada)
    other, other_type, _ = await _setup(context, await make_tenant(name="Elsewhere"), customers=0)
    async with context.db.transaction() as session:
        with pytest.raises(CardNotFound):
            await cards.customer_of_card(session, other, "SHARED-1")
    # card numbers are unique per business, not across businesses
    await _card(context, other, other_type, "SHARED-1")


async def test_a_taken_number_is_refused_and_nothing_written(context: Any, tenant: Any) -> None:
    who, card_type, (ada,) = await _setup(context, tenant)
    await _card(context, who, card_type, "777", secondary_number="S-777")
    before = await _cards_of(context, who)
    for fields in ({"number": "777"}, {"number": "778", "secondary_number": "S-777"}):
        with pytest.raises(ValidationFailed) as refused:
            await _card(context, who, card_type, client_id=ada, **fields)
        assert refused.value.errors[0].reason == "already_exists"
    assert await _cards_of(context, who) == before


async def test_concurrent_creates_of_one_number_let_exactly_one_through(context: Any, tenant: Any) -> None:
    """Four transactions create the card 555 at once: one is written, three are refused naming `number`, none
    fails. On PostgreSQL all four pass the check before any commits: only the unique index stops them."""
    who, card_type, _ = await _setup(context, tenant, customers=0)

    async def create() -> str:
        try:
            await _card(context, who, card_type, "555")
        except ValidationFailed as refused:
            return f"refused {refused.field} {refused.errors[0].reason}"
        return "created"

    outcomes = await asyncio.gather(*(create() for _ in range(4)))
    assert sorted(outcomes) == ["created", *["refused number already_exists"] * 3]
    assert await _cards_of(context, who) == 1


async def test_a_free_card_is_assigned_once_and_a_customer_gets_one_per_type(context: Any, tenant: Any) -> None:
    who, card_type, (ada, bob) = await _setup(context, tenant, customers=2)
    await _card(context, who, card_type, "F-100")
    await _card(context, who, card_type, "F-101")
    async with context.db.transaction() as session:
        given = await free_cards.assign(session, who, ada, card_type)
        assert (given.number, given.client_id) == ("F-100", ada)
        assert await free_cards.is_free(session, who, "F-101")
        assert not await free_cards.is_free(session, who, "F-100")
        assert not await free_cards.is_free(session, who, "no-such-card")
    with pytest.raises(ValidationFailed) as twice:
        async with context.db.transaction() as session:
            await free_cards.assign(session, who, ada, card_type)
    assert (twice.value.field, twice.value.errors[0].reason) == ("card_type_id", "already_exists")
    with pytest.raises(ValidationFailed) as taken:
        async with context.db.transaction() as session:
            await free_cards.assign(session, who, bob, card_type, "F-100")
    assert taken.value.field == "card_number"
    async with context.db.transaction() as session:
        assert (await free_cards.assign(session, who, bob, card_type)).number == "F-101"
    async with context.db.transaction() as session:
        third = await clients.create(session, who, ClientChanges(first_name="Cy", last_name="D"))
    with pytest.raises(ValidationFailed) as none_left:
        async with context.db.transaction() as session:
            await free_cards.assign(session, who, third.id, card_type)
    assert none_left.value.field == "card_type_id"


async def test_concurrent_assignments_of_one_free_card_let_exactly_one_through(context: Any, tenant: Any) -> None:
    """Four customers ask for the free card F-1 at once: one gets it, three are refused naming `card_number`. On
    PostgreSQL all four find it free before any commits: only the guarded UPDATE stops them."""
    who, card_type, customers = await _setup(context, tenant, customers=4)
    await _card(context, who, card_type, "F-1")

    async def assign(client_id: int) -> str:
        try:
            async with context.db.transaction() as session:
                await free_cards.assign(session, who, client_id, card_type, "F-1")
        except ValidationFailed as refused:
            return f"refused {refused.field}"
        return "assigned"

    outcomes = await asyncio.gather(*(assign(c) for c in customers))
    assert sorted(outcomes) == ["assigned", *["refused card_number"] * 3]
    async with context.db.transaction() as session:
        holders = await session.scalars(select(Card.client_id).where(Card.business_id == who.business_id))
        assigned = await session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.business_id == who.business_id, Event.action == "assigned")
        )
    assert len([h for h in holders if h is not None]) == 1
    assert assigned == 1


async def test_concurrent_pool_assignments_give_each_customer_another_card(context: Any, tenant: Any) -> None:
    who, card_type, customers = await _setup(context, tenant, customers=3)
    for n in range(3):
        await _card(context, who, card_type, f"P-{n}")

    async def assign(client_id: int) -> str:
        async with context.db.transaction() as session:
            return (await free_cards.assign(session, who, client_id, card_type)).number

    numbers = await asyncio.gather(*(assign(c) for c in customers))
    assert sorted(numbers) == ["P-0", "P-1", "P-2"]


async def test_a_card_number_starts_with_its_type_prefix(context: Any, tenant: Any) -> None:
    who, _default, _ = await _setup(context, tenant, customers=0)
    async with context.db.transaction() as session:
        member = await card_types.create(session, who, "Členská karta", "42")
        again = await card_types.create(session, who, "Členská karta", "43")
    assert (member.text_id, again.text_id) == ("clenska_karta", "clenska_karta_2")
    with pytest.raises(ValidationFailed) as refused:
        await _card(context, who, member.id, "99001")
    assert (refused.value.field, refused.value.errors[0].reason) == ("number", "not_allowed_value")
    assert (await _card(context, who, member.id, "42001")).card_type_id == member.id


async def test_a_customer_logs_in_by_a_card_they_hold(context: Any, tenant: Any) -> None:
    who, card_type, (ada,) = await _setup(context, tenant)
    await _card(context, who, card_type, "L-1", client_id=ada)
    await _card(context, who, card_type, "L-2", client_id=ada, state=0)
    async with context.db.transaction() as session:
        await clients.update(session, who, ada, ClientChanges(password="Correct-Horse-9"))
        assert (await customer_sessions.find_client(session, who, "card", "L-1")) is not None
        assert await customer_sessions.find_client(session, who, "card", "L-2") is None  # blocked
        assert await customer_sessions.find_client(session, who, "card", "L-3") is None


async def test_a_merged_customers_card_identifies_the_survivor(context: Any, tenant: Any) -> None:
    who, card_type, (keep, twin) = await _setup(context, tenant, customers=2)
    await _card(context, who, card_type, "M-1", client_id=twin)
    async with context.db.transaction() as session:
        await merges.merge(session, who, keep, [twin])
    async with context.db.transaction() as session:
        assert (await cards.customer_of_card(session, who, "M-1")).id == keep
        listed, total = await cards.list_cards(session, who, cards.CardListing(client_id=keep))
    assert (total, [c.number for c in listed]) == (1, ["M-1"])
