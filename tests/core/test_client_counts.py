"""Counts by status and deletion come from totals the database keeps (migration client_counts): they stay exactly
what a naive COUNT answers through every write, concurrent ones on PostgreSQL included."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, text, update

from clientbook.context import Context
from clientbook.core import appointments, client_search, clients, tenants
from clientbook.core.appointments import AppointmentChanges
from clientbook.core.client_search import ClientFilter
from clientbook.core.clients import ClientChanges
from clientbook.core.types import ClientStatus, Tenant
from clientbook.store import ids
from clientbook.store.models import Branch, Client, ClientTag, Staff, Tag
from clientbook.store.repositories import client_search as client_search_store
from clientbook.store.repositories.client_bulk import BulkRepository
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.helpers import until_waiting_on_locks

FILTERS = {
    "live": ClientFilter(),
    "live active": ClientFilter(statuses=["active"]),
    "live blacklisted": ClientFilter(statuses=["blacklisted"]),
    "live either": ClientFilter(statuses=["active", "blacklisted"]),
    "no status": ClientFilter(statuses=[]),
    "every": ClientFilter(include_deleted=True),
    "every blacklisted": ClientFilter(statuses=["blacklisted"], include_deleted=True),
}


async def _tenant(context: Context, make_tenant: Any) -> Tenant:
    data = await make_tenant()
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(data["business"]["id"])
        assert business is not None
        return tenants.tenant_of(business, actor="test")


async def _counts(context: Context, tenant: Tenant) -> dict[str, tuple[int, int]]:
    """Per filter: (the count the core answers, a naive COUNT of the clients table)."""
    found = {}
    async with context.db.transaction() as session:
        for name, f in FILTERS.items():
            where = [Client.business_id == tenant.business_id]
            if not f.include_deleted:
                where.append(Client.deleted_at.is_(None))
            if f.statuses is not None:
                where.append(Client.status.in_(f.statuses) if f.statuses else Client.id < 0)
            naive = await session.scalar(select(func.count()).select_from(Client).where(*where))
            found[name] = (await client_search.count(session, tenant, f), int(naive or 0))
    return found


def _exact(counts: dict[str, tuple[int, int]]) -> None:
    assert {name: core for name, (core, _) in counts.items()} == {name: naive for name, (_, naive) in counts.items()}


async def test_counts_follow_creates_deletes_restores_and_status_changes(context: Context, make_tenant: Any) -> None:
    tenant = await _tenant(context, make_tenant)
    other = await _tenant(context, make_tenant)
    async with context.db.transaction() as session:
        made = [await clients.create(session, tenant, ClientChanges(last_name=f"C{n}")) for n in range(6)]
        await clients.create(session, other, ClientChanges(last_name="Elsewhere"))
    assert await _counts(context, tenant) == {
        "live": (6, 6),
        "live active": (6, 6),
        "live blacklisted": (0, 0),
        "live either": (6, 6),
        "no status": (0, 0),
        "every": (6, 6),
        "every blacklisted": (0, 0),
    }
    async with context.db.transaction() as session:
        await clients.update(session, tenant, made[0].id, ClientChanges(status=ClientStatus.BLACKLISTED))
        await clients.update(session, tenant, made[1].id, ClientChanges(status=ClientStatus.BLACKLISTED))
        await clients.update(session, tenant, made[1].id, ClientChanges(first_name="Renamed"))  # counts unmoved
        await clients.delete(session, tenant, made[1].id)
        await clients.delete(session, tenant, made[2].id)
        await clients.delete(session, tenant, made[3].id)
    async with context.db.transaction() as session:
        await clients.restore(session, tenant, made[3].id)
    counts = await _counts(context, tenant)
    _exact(counts)
    assert counts["live"] == (4, 4)
    assert counts["live blacklisted"] == (1, 1)
    assert counts["every blacklisted"] == (2, 2)
    async with context.db.transaction() as session:
        assert await client_search.count(session, other, ClientFilter()) == 1


@pytest.mark.parametrize("load", ["insert_clients", "load_clients"])
async def test_a_bulk_load_is_counted(context: Context, make_tenant: Any, load: str) -> None:
    """Both bulk paths: multi-row INSERTs, and the import's COPY / executemany with SQLite's per-row triggers set
    aside. A second load adds to the counts the first one left."""
    tenant = await _tenant(context, make_tenant)
    for _ in range(2):
        async with context.db.transaction() as session:
            bulk = BulkRepository(session)
            first = await bulk.reserve_ids("clients", 30)
            rows: list[dict[str, Any]] = [
                {"id": first + n, "full_name": f"Bulk {n}", "status": "blacklisted" if n % 3 else "active", "extra": {}}
                for n in range(30)
            ]
            if load == "load_clients":  # the import's rows carry every column
                columns = [c.key for c in Client.__table__.columns if c.key != "business_id"]
                now = datetime.now(UTC)
                rows = [dict.fromkeys(columns) | {"created_at": now, "updated_at": now} | row for row in rows]
                rows = [row | {"client_type": "active", "contact_method": "none", "guardian": False} for row in rows]
            await getattr(bulk, load)(tenant.business_id, rows)
    counts = await _counts(context, tenant)
    _exact(counts)
    assert counts["live blacklisted"] == (40, 40)
    assert counts["live active"] == (20, 20)


async def test_a_rolled_back_write_is_not_counted(context: Context, make_tenant: Any) -> None:
    tenant = await _tenant(context, make_tenant)

    async def create_and_fail() -> None:
        async with context.db.transaction() as session:
            await clients.create(session, tenant, ClientChanges(last_name="Gone"))
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        await create_and_fail()
    assert (await _counts(context, tenant))["live"] == (0, 0)


async def test_counts_of_tags_appointments_and_words_leave_deleted_clients_out(
    context: Context, make_tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filters that are sets of ids read from other tables are counted from those tables' indexes, less the deleted
    clients among them: the same numbers as the list of ids the clients table gives (which checks each client)."""
    data = await make_tenant(branches=("North", "South"))
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(data["business"]["id"])
        assert business is not None
        tenant = tenants.tenant_of(business, actor="test")
        north, south = (b["id"] for b in data["branches"])
        await session.execute(update(Branch).where(Branch.id == north).values(location_group_id=5))
        staff = Staff(business_id=tenant.business_id, first_name="Sam", last_name="Staff", extra={})
        await ids.add(session, staff)
        vip = Tag(business_id=tenant.business_id, name="VIP", name_normalized="vip")
        new = Tag(business_id=tenant.business_id, name="New", name_normalized="new")
        await ids.add(session, vip)
        await ids.add(session, new)
        made = [await clients.create(session, tenant, ClientChanges(last_name=f"Zebra{n}")) for n in range(8)]
        for n, client in enumerate(made):
            tags = [vip] if n % 2 else [vip, new]
            session.add_all(ClientTag(business_id=tenant.business_id, client_id=client.id, tag_id=t.id) for t in tags)
            for branch in (north, south)[: 1 + n % 2]:  # two appointments for some: a client is counted once
                changes = AppointmentChanges(
                    client_id=client.id, staff_id=staff.id, branch_id=branch, starts_at=datetime(2030, 1, 1, tzinfo=UTC)
                )
                await appointments.create(session, tenant, changes)
        await session.flush()
        for client in made[:3]:
            await clients.delete(session, tenant, client.id)
    filters = [
        ClientFilter(tags=["VIP"]),
        ClientFilter(tags=["vip", "new"]),
        ClientFilter(tags=["nobody"]),
        ClientFilter(staff_ids=[staff.id]),
        ClientFilter(branch_ids=[south]),
        ClientFilter(location_group_ids=[5]),
        ClientFilter(location_group_ids=[]),
        ClientFilter(search_term="zebra"),
        ClientFilter(tags=["new"], branch_ids=[north]),
        ClientFilter(tags=["vip"], search_term="zebra", location_group_ids=[5]),
    ]

    async def both() -> list[tuple[int, int]]:
        async with context.db.transaction() as session:
            return [
                (await client_search.count(session, tenant, f), len(await client_search.ids(session, tenant, f)))
                for f in filters
            ]

    counted = await both()
    assert [core for core, _ in counted] == [naive for _, naive in counted]
    assert [core for core, _ in counted] == [5, 5, 0, 5, 3, 5, 0, 5, 2, 5]
    monkeypatch.setattr(client_search_store, "EXCLUDE_DELETED_UP_TO", 2)  # too many deleted: each one checked
    assert await both() == counted


WRITERS = 20  # more than the 16 slots the totals spread over, so some writers must share a row


async def test_concurrent_creates_held_at_their_count_are_all_counted(
    context: Context, make_tenant: Any, backend: str
) -> None:
    """While a blocker holds client_counts against writes, WRITERS transactions create a client each, so every one
    reaches its count's write with the others in flight. The totals add each change to the row's latest value under
    its lock; a trigger that read the total and wrote it back plus one would lose all but one of the writers that
    share a row, and the count would fall short of the naive COUNT."""
    if backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time")
    tenant = await _tenant(context, make_tenant)

    async def create(n: int) -> None:
        async with context.db.transaction() as session:
            await clients.create(session, tenant, ClientChanges(last_name=f"Racer{n}"))

    async with context.db.transaction() as blocker:
        await blocker.execute(text("LOCK TABLE client_counts IN EXCLUSIVE MODE"))  # reads pass, writes wait
        writes = [asyncio.create_task(create(n)) for n in range(WRITERS)]
        await until_waiting_on_locks(context, WRITERS)
    await asyncio.wait_for(asyncio.gather(*writes), timeout=60)
    counts = await _counts(context, tenant)
    _exact(counts)
    assert counts["live"] == (WRITERS, WRITERS)
