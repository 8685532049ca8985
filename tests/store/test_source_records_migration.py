"""Migration 0023 gives every client registered through a customer source before it that source as its first
source record, with the external id it was registered with, and leaves the ids drawn after it unique."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import bindparam, select, text

from clientbook.core import customer_source_records, tenants
from clientbook.store import migrate
from clientbook.store.engine import Database
from clientbook.store.models import Business, CustomerSourceRecord
from clientbook.store.models._base import UTCDateTime
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.conftest import BACKENDS, POSTGRES_URL, _create_postgres_database


@pytest.fixture(params=BACKENDS)
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own, not migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before-source-records.db'}"
        return
    assert POSTGRES_URL
    url, drop = await _create_postgres_database(POSTGRES_URL)
    yield url
    await drop()


# Rows as revision 0022 holds them, written in SQL so later changes of the models cannot break the test.
_SOURCE = "INSERT INTO customer_sources (business_id, id, name, text_id, state, created_at, updated_at) "
_CLIENT = (
    "INSERT INTO clients (business_id, id, first_name, last_name, full_name, client_type, status, contact_method, "
    "guardian, customer_source_id, extra, created_at, updated_at) "
    "VALUES (:b, :id, 'Ada', 'King', 'Ada King', 'active', 'active', 'none', false, :source, :extra, :now, :now)"
)


async def test_clients_older_than_source_records_get_their_registration_source(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0022")
    database = Database(empty_url)
    try:
        async with database.transaction() as session:
            old = Business(name="Before records", account_number="00000000-0000-0000-0000-000000000023", extra={})
            await BusinessRepository(session).add(old)
            now = {"now": datetime(2026, 1, 1, tzinfo=UTC)}
            stamp = bindparam("now", type_=UTCDateTime())
            pos = text(_SOURCE + "VALUES (:b, 7, 'POS', 'pos', 1, :now, :now)").bindparams(stamp)
            await session.execute(pos, {"b": old.id, **now})
            for client_id, source, extra in (
                (101, 7, '{"carecloud": {"source_external_id": "POS-1"}}'),
                (102, None, "{}"),
                (103, 7, "{}"),
            ):
                values = {"b": old.id, "id": client_id, "source": source, "extra": extra, **now}
                await session.execute(text(_CLIENT).bindparams(stamp), values)
        await asyncio.to_thread(migrate.upgrade, empty_url)
        async with database.transaction() as session:
            query = select(CustomerSourceRecord).where(CustomerSourceRecord.business_id == old.id)
            found = list(await session.scalars(query.order_by(CustomerSourceRecord.client_id)))
            assert [(r.client_id, r.customer_source_id, r.external_id) for r in found] == [
                (101, 7, "POS-1"),
                (103, 7, None),
            ]
            business = await session.get(Business, old.id)
            assert business is not None
            later = await customer_source_records.add(session, tenants.tenant_of(business), 102, 7, "POS-2")
        assert later.id not in {r.id for r in found}
    finally:
        await database.dispose()
