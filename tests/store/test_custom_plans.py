"""PostgreSQL plans every execution of a statement for its own values (store.engine.POSTGRESQL_SETTINGS).

asyncpg prepares each statement once per connection; from the sixth execution PostgreSQL may keep a generic plan,
made from the tables as they were then. bench.growth (tables growing through the API, no ANALYZE) found such plans
walking every client: a search probing each client's document, an e-mail lookup filtering each client. A plan made
for the values it runs with shows them as constants; a generic plan shows its parameters ($1)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clientbook.context import Context
from clientbook.store.engine import Database
from clientbook.store.models import Client

from .auto_explain import collect_plans


async def test_a_statement_run_many_times_is_planned_for_its_values_every_time(
    context: Context, make_tenant: Any
) -> None:
    if context.db.backend != "postgresql":
        pytest.skip("SQLite has no plan cache across executions to keep a stale plan in")
    business_id = (await make_tenant())["business"]["id"]
    plans: list[str] = []
    database = Database(context.db.url, pool_size=1)  # one connection: every execution reuses its prepared statement
    try:
        async with database.transaction() as session:
            await collect_plans(session, plans)
            for client_id in range(1, 11):
                await session.scalars(select(Client).where(Client.business_id == business_id, Client.id == client_id))
    finally:
        await database.dispose()
    lookups = [plan for plan in plans if "FROM clients" in plan]
    assert len(lookups) == 10
    conditions = [line for plan in lookups for line in plan.splitlines() if "Cond:" in line or "Filter:" in line]
    assert len(conditions) >= 10
    assert [line for line in conditions if "$" in line] == []  # constants, not parameters, in every plan
