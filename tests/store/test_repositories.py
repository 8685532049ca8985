"""The repository base (store/repositories/_base.py): reads scoped to one business, the soft delete, and the write
path every record takes (one Core statement each, the record left as a flush would leave it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import instance_state

from clientbook.context import Context
from clientbook.store.models import Appointment, Client, ClientFieldValue, ClientTag, FieldDefinition, Tag
from clientbook.store.repositories.client_records import AccessRepository, FieldRepository, TagRepository
from clientbook.store.repositories.people import ClientRepository
from clientbook.store.repositories.scheduling import AppointmentRepository

Read = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]
TenantFactory = Callable[..., Awaitable[dict[str, Any]]]


async def _clients(context: Context, business_id: int, *names: str) -> list[Client]:
    async with context.db.transaction() as session:
        repository = ClientRepository(session)
        added = []
        for name in names:
            client = Client(business_id=business_id, last_name=name, full_name=name)
            await repository.add(client)
            added.append(client)
        return added


async def test_reads_with_another_business_id_find_nothing(context: Context, make_tenant: TenantFactory) -> None:
    ours = (await make_tenant(name="Ours"))["business"]["id"]
    theirs = (await make_tenant(name="Theirs"))["business"]["id"]
    first, second = await _clients(context, ours, "Ada", "Grace")
    async with context.db.transaction() as session:
        repository = ClientRepository(session)
        assert await repository.get(theirs, first.id) is None
        assert await repository.get_many(theirs, {first.id, second.id}) == {}
        assert await repository.list(theirs) == []
        found = await repository.get(ours, first.id)
        assert found is not None
        assert found.last_name == "Ada"
        assert set(await repository.get_many(ours, {first.id, second.id, 0})) == {first.id, second.id}
        assert [c.id for c in await repository.list(ours)] == [first.id, second.id]


async def test_get_many_of_no_ids_asks_nothing(context: Context, tenant: dict[str, Any]) -> None:
    async with context.db.transaction() as session:
        assert await ClientRepository(session).get_many(tenant["business"]["id"], set()) == {}


async def test_list_pages_in_the_repository_order(context: Context, tenant: dict[str, Any]) -> None:
    business_id = tenant["business"]["id"]
    (client,) = await _clients(context, business_id, "Booked")
    start = datetime(2030, 1, 1, 9, tzinfo=UTC)
    async with context.db.transaction() as session:
        repository = AppointmentRepository(session)
        for hours in (3, 1, 2):  # added out of order: the list is by start
            appointment = Appointment(
                business_id=business_id, client_id=client.id, starts_at=start + timedelta(hours=hours)
            )
            appointment.orig_starts_at = appointment.starts_at
            await repository.add(appointment)
    async with context.db.transaction() as session:
        repository = AppointmentRepository(session)
        every = [a.starts_at.hour for a in await repository.list(business_id)]
        page = [a.starts_at.hour for a in await repository.list(business_id, limit=1, offset=1)]
    assert every == [10, 11, 12]
    assert page == [11]


async def test_a_page_past_the_first_skips_deleted_records_and_other_businesses(
    context: Context, make_tenant: TenantFactory
) -> None:
    """A page at an offset is read ids first, then their rows (issue 15.2): it must be the same page the whole list
    holds there."""
    ours = (await make_tenant(name="Ours"))["business"]["id"]
    theirs = (await make_tenant(name="Theirs"))["business"]["id"]
    made = await _clients(context, ours, *(f"C{n}" for n in range(7)))
    await _clients(context, theirs, "Elsewhere")
    async with context.db.transaction() as session:
        repository = ClientRepository(session)
        for gone in (made[1], made[4]):
            record = await repository.get(ours, gone.id)
            assert record is not None
            await repository.soft_delete(record, "test")
    async with context.db.transaction() as session:
        repository = ClientRepository(session)
        whole = [c.last_name for c in await repository.list(ours)]
        pages = [[c.last_name for c in await repository.list(ours, limit=2, offset=n)] for n in (0, 2, 4, 6)]
        every = [c.last_name for c in await repository.list(ours, limit=3, offset=3, include_deleted=True)]
    assert whole == ["C0", "C2", "C3", "C5", "C6"]
    assert pages == [["C0", "C2"], ["C3", "C5"], ["C6"], []]
    assert every == ["C3", "C4", "C5"]


async def test_a_soft_deleted_record_leaves_the_list_and_stays_readable(
    context: Context, tenant: dict[str, Any], read: Read
) -> None:
    business_id = tenant["business"]["id"]
    kept, gone = await _clients(context, business_id, "Kept", "Gone")
    async with context.db.transaction() as session:
        repository = ClientRepository(session)
        record = await repository.get(business_id, gone.id)
        assert record is not None
        await repository.soft_delete(record, "test:delete")
        assert record.deleted_at is not None
        assert not instance_state(record).committed_state  # written at once: nothing left to flush
    stored = await read(lambda s: ClientRepository(s).get(business_id, gone.id))
    assert stored.deleted_at is not None
    assert stored.updated_by == "test:delete"
    assert stored.updated_at > gone.updated_at
    live = await read(lambda s: ClientRepository(s).list(business_id))
    every = await read(lambda s: ClientRepository(s).list(business_id, include_deleted=True))
    assert [c.id for c in live] == [kept.id]
    assert [c.id for c in every] == [kept.id, gone.id]


async def test_save_many_writes_each_record(context: Context, tenant: dict[str, Any], read: Read) -> None:
    business_id = tenant["business"]["id"]
    first, second, third = await _clients(context, business_id, "One", "Two", "Three")
    async with context.db.transaction() as session:
        found = await ClientRepository(session).get_many(business_id, {first.id, second.id, third.id})
        changes = [
            (found[first.id], {"city": "Delft"}),
            (found[second.id], {"city": "Leiden"}),
            (found[third.id], {"city": "Gouda", "first_name": "Drie"}),  # another set of columns
        ]
        await ClientRepository(session).save_many(changes)
        assert not any(instance_state(record).committed_state for record in found.values())
    stored = await read(lambda s: ClientRepository(s).get_many(business_id, {first.id, second.id, third.id}))
    assert [stored[c.id].city for c in (first, second, third)] == ["Delft", "Leiden", "Gouda"]
    assert stored[third.id].first_name == "Drie"


async def test_a_deleted_row_is_gone_from_the_session_too(context: Context, tenant: dict[str, Any], read: Read) -> None:
    business_id = tenant["business"]["id"]
    (client,) = await _clients(context, business_id, "Fields")
    async with context.db.transaction() as session:
        definitions = FieldRepository(session)
        definition = FieldDefinition(business_id=business_id, code="UDF", label="Colour", created_by="test")
        await definitions.add(definition)
        await definitions.set_value(business_id, client.id, definition.id, "blue")
        await definitions.set_value(business_id, client.id, definition.id, None)
        # Set again in the same transaction: the removed row's object must not linger in the session.
        await definitions.set_value(business_id, client.id, definition.id, "green")
        await definitions.set_value(business_id, client.id, definition.id, "red")
    value = await read(lambda s: s.get(ClientFieldValue, (business_id, client.id, definition.id)))
    assert value.value == "red"


async def test_links_are_added_as_rows(context: Context, tenant: dict[str, Any], read: Read) -> None:
    business_id = tenant["business"]["id"]
    (client,) = await _clients(context, business_id, "Tagged")
    async with context.db.transaction() as session:
        tags = TagRepository(session)
        made = [Tag(business_id=business_id, name=n, name_normalized=n.lower()) for n in ("VIP", "New")]
        for tag in made:
            await tags.add(tag)
        await tags.attach(business_id, client.id, [t.id for t in made])
        assert await tags.tag_ids_of(business_id, client.id) == {t.id for t in made}
    count = await read(
        lambda s: s.scalar(
            select(func.count()).where(ClientTag.business_id == business_id, ClientTag.client_id == client.id)
        )
    )
    assert count == 2


async def test_access_links_read_from_either_end_and_only_in_their_business(
    context: Context, make_tenant: TenantFactory
) -> None:
    ours = (await make_tenant(name="Ours"))["business"]["id"]
    theirs = (await make_tenant(name="Theirs"))["business"]["id"]
    parent, child, other = await _clients(context, ours, "Parent", "Child", "Other")
    async with context.db.transaction() as session:
        access = AccessRepository(session)
        await access.replace_viewers(ours, child.id, [parent.id, other.id, parent.id])  # repeated ids count once
        await access.replace_viewable(ours, other.id, [parent.id])  # replaces what `other` may view
        assert await access.viewers_of(ours, [child.id, parent.id]) == {child.id: [parent.id], parent.id: [other.id]}
        assert await access.viewable_by(ours, [parent.id, other.id]) == {parent.id: [child.id], other.id: [parent.id]}
        assert await access.viewers_of(theirs, [child.id, parent.id]) == {}
        assert await access.viewable_by(theirs, [parent.id, other.id]) == {}
