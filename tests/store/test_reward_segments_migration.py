"""Migration 0030 moves the segments a reward is for from its `extra` to reward_segments (the ones that exist)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.store import migrate
from clientbook.store.engine import Database
from clientbook.store.models import Business
from clientbook.store.models.rewards import Reward, RewardSegment, RewardType
from clientbook.store.models.segments import Segment
from clientbook.store.repositories._base import Repository
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.conftest import BACKENDS, POSTGRES_URL, _create_postgres_database


@pytest.fixture(params=BACKENDS)
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before-reward-segments.db'}"
        return
    assert POSTGRES_URL
    url, drop = await _create_postgres_database(POSTGRES_URL)
    yield url
    await drop()


async def test_a_rewards_segments_move_out_of_its_extra(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0029")
    database = Database(empty_url)
    try:
        async with database.transaction() as session:
            business = Business(name="Cafe", account_number="00000000-0000-0000-0000-000000000029", extra={})
            await BusinessRepository(session).add(business)
            store, b = Repository(session), business.id
            kind = RewardType(business_id=b, behaviour="fixed_discount", name="Fixed")
            regulars = Segment(business_id=b, name="Regulars")
            await store.add(kind)
            await store.add(regulars)
            extra = {"names": {"en": "Cake"}, "segment_ids": [regulars.id, 999_999]}
            reward = Reward(
                business_id=b,
                code="C",
                name="Cake",
                reward_type_id=kind.id,
                type_value=1,
                voucher_validity="x",
                extra=extra,
            )
            everyone = Reward(
                business_id=b,
                code="E",
                name="Tea",
                reward_type_id=kind.id,
                type_value=1,
                voucher_validity="x",
                extra={},
            )
            await store.add(reward)
            await store.add(everyone)
        await asyncio.to_thread(migrate.upgrade, empty_url)
        async with database.transaction() as session:
            targets = list(await session.scalars(select(RewardSegment).where(RewardSegment.business_id == b)))
            after = await session.scalar(select(Reward).where(Reward.business_id == b, Reward.id == reward.id))
        assert [(t.reward_id, t.segment_id) for t in targets] == [(reward.id, regulars.id)]
        assert after is not None
        assert after.extra == {"names": {"en": "Cake"}}
    finally:
        await database.dispose()
