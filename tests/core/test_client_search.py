"""core.client_search: every filter, ordering, paging and the true count, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import appointments, client_search, clients, tenants
from clientbook.core.appointments import AppointmentChanges
from clientbook.core.client_search import ClientFilter, Order
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store import ids
from clientbook.store.models import Branch, Client, ClientFieldValue, ClientTag, FieldDefinition, Note, Staff, Tag
from clientbook.store.repositories.tenancy import BusinessRepository

pytestmark = pytest.mark.asyncio


async def _tenant(context: Context, make_tenant: Any) -> tuple[Tenant, dict[str, Any]]:
    data = await make_tenant(branches=("North", "South"))
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(data["business"]["id"])
        assert business is not None
        return tenants.tenant_of(business, actor="test"), data


async def _client(session: AsyncSession, tenant: Tenant, **fields: Any) -> Client:
    return await clients.create(session, tenant, ClientChanges(**fields))


async def _tag(session: AsyncSession, tenant: Tenant, client: Client, name: str) -> None:
    tag = Tag(business_id=tenant.business_id, name=name, name_normalized=name.lower())
    await ids.add(session, tag)
    await session.flush()
    session.add(ClientTag(business_id=tenant.business_id, client_id=client.id, tag_id=tag.id))
    await session.flush()


@pytest.fixture
async def world(context: Context, make_tenant: Any) -> dict[str, Any]:
    """Four clients of one business, with appointments, a tag, a note and a custom field value; one of another."""
    tenant, data = await _tenant(context, make_tenant)
    other, _ = await _tenant(context, make_tenant)
    north, south = (b["id"] for b in data["branches"])
    async with context.db.transaction() as session:
        await session.execute(
            update(Branch)
            .where(Branch.business_id == tenant.business_id, Branch.id == north)
            .values(location_group_id=7)
        )
        staff = Staff(business_id=tenant.business_id, first_name="Sam", last_name="Staff", extra={})
        await ids.add(session, staff)
        await session.flush()
        ada = await _client(
            session,
            tenant,
            first_name="Ada",
            last_name="Lovelace",
            email="Ada@Example.com",
            mobile_phone="+1 415 555 0101",
            birth_date=date(1990, 1, 2),
        )
        bob = await _client(
            session,
            tenant,
            first_name="Bob",
            last_name="Builder",
            email="bob@example.com",
            mobile_phone="(415) 555-0102",
            status="blacklisted",
        )
        cyd = await _client(
            session,
            tenant,
            first_name="Cyd",
            last_name="Charisse",
            email="cyd@example.com",
            external_user_name="cyd.c",
            customer_source_id=3,
        )
        dee = await _client(session, tenant, first_name="Dee", last_name="Dee")
        gone = await _client(session, tenant, first_name="Gone", last_name="Away", email="gone@example.com")
        await clients.delete(session, tenant, gone.id)
        stranger = await _client(session, other, first_name="Ada", last_name="Lovelace", email="ada@example.com")
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)
        await appointments.create(
            session,
            tenant,
            AppointmentChanges(client_id=ada.id, staff_id=staff.id, branch_id=north, starts_at=start, reason_id=11),
        )
        await appointments.create(
            session, tenant, AppointmentChanges(client_id=bob.id, branch_id=south, starts_at=start, reason_id=12)
        )
        await _tag(session, tenant, cyd, "Excellent")
        note = Note(business_id=tenant.business_id, client_id=dee.id, body="Prefers the blue waiting room")
        await ids.add(session, note)
        field = FieldDefinition(business_id=tenant.business_id, code="UDF", label="Insurer", options={})
        await ids.add(session, field)
        await session.flush()
        session.add(
            ClientFieldValue(business_id=tenant.business_id, client_id=bob.id, field_id=field.id, value="Acme Mutual")
        )
        await session.flush()
        return {
            "tenant": tenant,
            "other": other,
            "ada": ada.id,
            "bob": bob.id,
            "cyd": cyd.id,
            "dee": dee.id,
            "gone": gone.id,
            "stranger": stranger.id,
            "staff": staff.id,
            "north": north,
            "south": south,
        }


async def _ids(context: Context, tenant: Tenant, f: ClientFilter, **kwargs: Any) -> list[int]:
    async with context.db.transaction() as session:
        return [c.id for c in await client_search.search(session, tenant, f, **kwargs)]


async def _count(context: Context, tenant: Tenant, f: ClientFilter) -> int:
    async with context.db.transaction() as session:
        return await client_search.count(session, tenant, f)


async def test_no_filter_lists_the_businesss_live_clients_only(context: Context, world: dict[str, Any]) -> None:
    w = world
    assert await _ids(context, w["tenant"], ClientFilter()) == [w["ada"], w["bob"], w["cyd"], w["dee"]]
    assert await _count(context, w["tenant"], ClientFilter()) == 4


async def test_include_deleted_adds_soft_deleted_clients(context: Context, world: dict[str, Any]) -> None:
    found = await _ids(context, world["tenant"], ClientFilter(include_deleted=True))
    assert world["gone"] in found
    assert await _count(context, world["tenant"], ClientFilter(include_deleted=True)) == 5


@pytest.mark.parametrize(
    ("filter_kwargs", "expected"),
    [
        ({"client_ids_of": ["ada", "cyd", "stranger"]}, ["ada", "cyd"]),
        ({"client_ids": []}, []),
        ({"statuses": ["blacklisted"]}, ["bob"]),
        ({"statuses": ["active"]}, ["ada", "cyd", "dee"]),
        ({"tags": ["EXCELLENT"]}, ["cyd"]),
        ({"tags": ["nope"]}, []),
        ({"staff_ids_of": ["staff"]}, ["ada"]),
        ({"branch_ids_of": ["south"]}, ["bob"]),
        ({"branch_ids_of": ["north", "south"]}, ["ada", "bob"]),
        ({"location_group_ids": [7]}, ["ada"]),
        ({"location_group_ids": [8]}, []),
        ({"reason_ids": [12]}, ["bob"]),
        ({"emails": ["ADA@example.COM"]}, ["ada"]),
        ({"phone": "4155550102"}, ["bob"]),
        ({"phone": "+1 (415) 555-0101"}, ["ada"]),
        ({"phone": "not a phone"}, []),
        ({"first_name": "cyd"}, ["cyd"]),
        ({"last_name": "LOVELACE"}, ["ada"]),
        ({"birth_date": date(1990, 1, 2)}, ["ada"]),
        ({"customer_source_ids": [3]}, ["cyd"]),
        ({"external_user_name": "cyd.c"}, ["cyd"]),
        ({"search_term": "lovelace"}, ["ada"]),
        ({"search_term": "ada lovel"}, ["ada"]),
        ({"search_term": "example.com"}, ["ada", "bob", "cyd"]),
        ({"search_term": "blue waiting"}, ["dee"]),
        ({"search_term": "acme"}, ["bob"]),
        ({"search_term": "555-0102"}, ["bob"]),
        ({"search_term": "4155550101"}, ["ada"]),
        ({"search_term": "zzz-nobody"}, []),
        ({"search_term": "   "}, ["ada", "bob", "cyd", "dee"]),
        ({"statuses": ["active"], "search_term": "example"}, ["ada", "cyd"]),
    ],
)
async def test_each_filter_selects_its_clients_and_counts_them(
    context: Context, world: dict[str, Any], filter_kwargs: dict[str, Any], expected: list[str]
) -> None:
    kwargs = dict(filter_kwargs)
    for key in ("client_ids", "staff_ids", "branch_ids"):
        names = kwargs.pop(f"{key}_of", None)
        if names is not None:
            kwargs[key] = [world[n] for n in names]
    f = ClientFilter(**kwargs)
    assert await _ids(context, world["tenant"], f) == [world[n] for n in expected]
    assert await _count(context, world["tenant"], f) == len(expected)
    async with context.db.transaction() as session:
        assert await client_search.ids(session, world["tenant"], f) == [world[n] for n in expected]


async def test_created_range_is_inclusive(context: Context, world: dict[str, Any]) -> None:
    async with context.db.transaction() as session:
        ada = await session.get(Client, (world["tenant"].business_id, world["ada"]))
        assert ada is not None
        created = ada.created_at
    tenant = world["tenant"]
    assert world["ada"] in await _ids(context, tenant, ClientFilter(created_from=created, created_to=created))
    later = created + timedelta(days=1)
    assert await _ids(context, tenant, ClientFilter(created_from=later)) == []


async def test_search_follows_later_edits_of_notes_and_names(context: Context, world: dict[str, Any]) -> None:
    tenant = world["tenant"]
    async with context.db.transaction() as session:
        await clients.update(session, tenant, world["dee"], ClientChanges(last_name="Zebedee"))
    assert await _ids(context, tenant, ClientFilter(search_term="zebedee")) == [world["dee"]]
    assert await _ids(context, tenant, ClientFilter(search_term="waiting room")) == [world["dee"]]


async def test_ordering_and_paging(context: Context, world: dict[str, Any]) -> None:
    tenant = world["tenant"]
    by_name = await _ids(context, tenant, ClientFilter(), order=Order("full_name"))
    assert by_name == [world[n] for n in ("ada", "bob", "cyd", "dee")]
    desc = await _ids(context, tenant, ClientFilter(), order=Order("full_name", descending=True))
    assert desc == list(reversed(by_name))
    assert await _ids(context, tenant, ClientFilter(), order=Order("full_name"), offset=1, limit=2) == by_name[1:3]
    assert await _ids(context, tenant, ClientFilter(), offset=10, limit=2) == []


async def test_unknown_order_field_is_refused_naming_order(context: Context, world: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await _ids(context, world["tenant"], ClientFilter(), order=Order("password_hash"))
    assert refused.value.field == "order"


async def test_three_words_with_a_short_one_find_the_client(context: Context, make_tenant: Any) -> None:
    """SQLite 3.40's trigram index crashed the process on three ANDed patterns, one under three characters."""
    tenant, _ = await _tenant(context, make_tenant)
    async with context.db.transaction() as session:
        wanted = await _client(session, tenant, first_name="Ünïcode", last_name="Last 7")
        await _client(session, tenant, first_name="Other", last_name="Last 8")
        found = await client_search.search(session, tenant, ClientFilter(search_term="Last 7 Ünïcode"))
    assert [c.id for c in found] == [wanted.id]
