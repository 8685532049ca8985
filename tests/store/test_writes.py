"""Writes through one Core statement (store.writes): the row and the record agree, and the session is left as a
flush would leave it, so nothing is written twice and later changes still reach the database."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import event, exists, func, select
from sqlalchemy.orm.attributes import instance_state

from clientbook.store import writes
from clientbook.store.models import Client, Event, utcnow
from clientbook.store.repositories.events import EventRepository


def _client(business_id: int, **values: Any) -> Client:
    return Client(business_id=business_id, last_name="Writes", **values)


async def test_insert_fills_the_defaults_into_the_row_and_the_record(context: Any, tenant: Any, read: Any) -> None:
    business_id = tenant["business"]["id"]
    async with context.db.transaction() as session:
        client = _client(business_id, first_name="Ada")
        assert await writes.insert_record(session, client)
        # Every column is loaded: reading one the caller never set needs no I/O (which would fail here).
        assert (client.status, client.guardian, client.extra, client.city) == ("active", False, {}, None)
        assert client.created_at is not None
        assert client in session
        assert not session.new
        assert not session.dirty
    stored = await read(lambda s: s.get(Client, (business_id, client.id)))
    assert (stored.first_name, stored.status, stored.guardian, stored.extra) == ("Ada", "active", False, {})
    assert stored.created_at == client.created_at


async def test_a_record_changed_after_its_insert_is_updated_at_commit(context: Any, tenant: Any, read: Any) -> None:
    async with context.db.transaction() as session:
        client = _client(tenant["business"]["id"], first_name="Before")
        await writes.insert_record(session, client)
        client.first_name = "After"
    stored = await read(lambda s: s.get(Client, (tenant["business"]["id"], client.id)))
    assert stored.first_name == "After"


async def test_pending_changes_are_written_before_the_insert(context: Any, tenant: Any, read: Any) -> None:
    business_id = tenant["business"]["id"]
    async with context.db.transaction() as session:
        first = _client(business_id, first_name="Older")
        await writes.insert_record(session, first)
        first.city = "Leiden"  # pending in the session
        second = _client(business_id, first_name="Newer")
        await writes.insert_record(session, second)
        assert not session.dirty
    stored = await read(lambda s: s.get(Client, (business_id, first.id)))
    assert stored.city == "Leiden"
    assert second.id > first.id


async def test_an_insert_unless_a_condition_holds_writes_nothing_when_it_does(
    context: Any, tenant: Any, read: Any
) -> None:
    business_id = tenant["business"]["id"]
    named_ada = exists().where(Client.business_id == business_id, Client.first_name == "Unique Ada")
    async with context.db.transaction() as session:
        assert await writes.insert_record(session, _client(business_id, first_name="Unique Ada"), unless=named_ada)
    async with context.db.transaction() as session:
        twin = _client(business_id, first_name="Unique Ada")
        assert not await writes.insert_record(session, twin, unless=named_ada)
        assert twin not in session
    count = await read(
        lambda s: s.scalar(
            select(func.count()).where(Client.business_id == business_id, Client.first_name == "Unique Ada")
        )
    )
    assert count == 1


async def test_an_update_writes_the_values_and_updated_at_and_leaves_nothing_to_flush(
    context: Any, tenant: Any, read: Any
) -> None:
    business_id = tenant["business"]["id"]
    async with context.db.transaction() as session:
        client = _client(business_id, first_name="Old", birth_date=date(1990, 1, 1))
        await writes.insert_record(session, client)
    created_at, updated_before = client.created_at, client.updated_at
    async with context.db.transaction() as session:
        loaded = await session.get(Client, (business_id, client.id))
        assert loaded is not None
        await writes.update_record(session, loaded, {"first_name": "New", "extra": {"vip": True}})
        assert (loaded.first_name, loaded.extra) == ("New", {"vip": True})
        assert loaded.updated_at > updated_before
        assert not instance_state(loaded).committed_state  # no history left: commit flushes nothing
    stored = await read(lambda s: s.get(Client, (business_id, client.id)))
    assert (stored.first_name, stored.extra, stored.birth_date) == ("New", {"vip": True}, date(1990, 1, 1))
    assert stored.created_at == created_at
    assert stored.updated_at > updated_before


async def test_an_event_row_is_written_at_once(context: Any, tenant: Any, read: Any) -> None:
    business_id = tenant["business"]["id"]
    started = utcnow()
    async with context.db.transaction() as session:
        await EventRepository(session).add(business_id, "client", 42, "updated", {"city": "Delft"}, "test:writes")
        written = await session.scalar(select(Event).where(Event.business_id == business_id, Event.entity_id == 42))
        assert written is not None
    assert (written.action, written.changes, written.actor) == ("updated", {"city": "Delft"}, "test:writes")
    assert written.created_at >= started


async def test_a_batch_of_events_draws_its_ids_at_once_in_order_and_later_ids_follow(context: Any, tenant: Any) -> None:
    business_id = tenant["business"]["id"]
    rows = [(business_id, "client", 4200 + n, "created", {"n": n}, "test:batch") for n in range(3)]
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's transaction begins with the first statement
            statements.append(statement)

    async with context.db.transaction() as session:
        repository = EventRepository(session)
        event.listen(context.db.engine.sync_engine, "before_cursor_execute", count)
        try:
            await repository.add_many(rows)
        finally:
            event.remove(context.db.engine.sync_engine, "before_cursor_execute", count)
        # the INSERT, and on SQLite one draw of the three ids from id_sequences (PostgreSQL draws them inline)
        assert len(statements) == (2 if context.db.backend == "sqlite" else 1), statements
        await repository.add(business_id, "client", 4299, "updated", {}, "test:batch")
        found = (
            await session.execute(
                select(Event.entity_id, Event.id)
                .where(Event.business_id == business_id, Event.actor == "test:batch")
                .order_by(Event.id)
            )
        ).all()
    assert [entity_id for entity_id, _ in found] == [4200, 4201, 4202, 4299]
    assert len({event_id for _, event_id in found}) == 4
