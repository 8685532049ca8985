"""Migration 0018 gives every business that existed before it the default card type `tenant create` gives a new
one, with its event, so old and new businesses read the same reference records."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.core import card_types
from clientbook.store import migrate
from clientbook.store.engine import Database
from clientbook.store.models import Business, CardType, Event
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.conftest import BACKENDS, POSTGRES_URL, _create_postgres_database


@pytest.fixture(params=BACKENDS)
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own, not migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before-cards.db'}"
        return
    assert POSTGRES_URL
    url, drop = await _create_postgres_database(POSTGRES_URL)
    yield url
    await drop()


async def test_a_business_older_than_cards_gets_the_default_card_type_with_its_event(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0017")
    database = Database(empty_url)
    try:
        async with database.transaction() as session:
            old = Business(name="Before cards", account_number="00000000-0000-0000-0000-000000000015", extra={})
            await BusinessRepository(session).add(old)
        await asyncio.to_thread(migrate.upgrade, empty_url)
        async with database.transaction() as session:
            found = list(await session.scalars(select(CardType).where(CardType.business_id == old.id)))
            created = list(
                await session.scalars(select(Event).where(Event.business_id == old.id, Event.entity == "card_type"))
            )
        assert [(t.name, t.text_id, t.prefix, t.is_default) for t in found] == [
            (card_types.DEFAULT_NAME, card_types.DEFAULT_TEXT_ID, card_types.DEFAULT_PREFIX, True)
        ]
        assert [(e.entity_id, e.action, e.changes) for e in created] == [
            (found[0].id, "created", {"name": card_types.DEFAULT_NAME, "is_default": True})
        ]
    finally:
        await database.dispose()
