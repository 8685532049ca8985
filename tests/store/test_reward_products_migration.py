"""Migration 0028 turns the reward products set-products stored as text into links to the product catalogue: a row
naming a product by id or by a (list code, code) pair keeps that product, a row naming none is dropped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from clientbook.store import migrate
from clientbook.store.engine import Database
from clientbook.store.models import Business
from clientbook.store.models.products import Product, ProductCode
from clientbook.store.models.rewards import Reward, RewardProduct, RewardType
from clientbook.store.repositories._base import Repository
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.conftest import BACKENDS, POSTGRES_URL, _create_postgres_database


@pytest.fixture(params=BACKENDS)
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before-catalogue-links.db'}"
        return
    assert POSTGRES_URL
    url, drop = await _create_postgres_database(POSTGRES_URL)
    yield url
    await drop()


async def test_reward_products_named_as_text_become_catalogue_links(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0027")
    database = Database(empty_url)
    try:
        async with database.transaction() as session:
            business = Business(name="Cafe", account_number="00000000-0000-0000-0000-000000000027", extra={})
            await BusinessRepository(session).add(business)
            b = business.id
            store = Repository(session)
            kind = RewardType(business_id=b, behaviour="fixed_discount", name="Fixed")
            await store.add(kind)
            reward = Reward(
                business_id=b, code="CAKE", name="Cake", reward_type_id=kind.id, type_value=100, voucher_validity="x"
            )
            cake, tea = Product(business_id=b, name="Cake", prices={}), Product(business_id=b, name="Tea", prices={})
            for record in (reward, cake, tea):
                await store.add(record)
            await store.add(ProductCode(business_id=b, list_code="EAN", code="859", product_id=tea.id))
            old = [
                (0, "condition", str(cake.id), None, None),
                (1, "bonus", None, "EAN", "859"),
                (2, "bonus", "sku-unknown", None, None),
            ]
            for position, relation, ref, list_code, code in old:
                await session.execute(
                    text(
                        "INSERT INTO reward_products (business_id, reward_id, position, relation, product_ref,"
                        " list_code, list_item_code) VALUES (:b, :r, :p, :rel, :ref, :list, :code)"
                    ),
                    {
                        "b": b,
                        "r": reward.id,
                        "p": position,
                        "rel": relation,
                        "ref": ref,
                        "list": list_code,
                        "code": code,
                    },
                )
        await asyncio.to_thread(migrate.upgrade, empty_url)
        async with database.transaction() as session:
            rows = await session.scalars(select(RewardProduct).where(RewardProduct.business_id == b))
            found = sorted((r.product_id, r.relation) for r in rows)
        assert found == sorted([(cake.id, "condition"), (tea.id, "bonus")])
    finally:
        await database.dispose()
