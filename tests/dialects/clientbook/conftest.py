"""Native API fixtures: a practice (tenant JSON, core tenant, bearer headers) and a way to act through the core."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import tenants
from clientbook.core.types import Tenant
from clientbook.store.models import Business
from tests.conftest import TenantFactory

T = TypeVar("T")


@dataclass
class Practice:
    context: Context
    data: dict[str, Any]
    tenant: Tenant

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.data['credentials']['clientbook']['token']}"}

    async def do(self, work: Callable[[AsyncSession, Tenant], Awaitable[T]]) -> T:
        """Run one core write in its own transaction, as a request would."""
        async with self.context.db.transaction() as session:
            return await work(session, self.tenant)


async def practice_of(context: Context, data: dict[str, Any]) -> Practice:
    async with context.db.transaction() as session:
        business = await session.get(Business, data["business"]["id"])
        assert business is not None
        return Practice(context, data, tenants.tenant_of(business, actor="test"))


@pytest.fixture
async def practice(context: Context, make_tenant: TenantFactory) -> Practice:
    return await practice_of(context, await make_tenant("Feed Practice"))


@pytest.fixture
async def other(context: Context, make_tenant: TenantFactory) -> Practice:
    return await practice_of(context, await make_tenant("Other Practice"))
