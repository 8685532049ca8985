"""PostgreSQL's search triggers (migration 0033) join nothing, so no statistics can make a bulk load quadratic.

Migration 0005's trigger joined each statement's transition table back to `clients`; on a table never ANALYZEd the
planner took `clients` for one row and ran a nested loop over the whole table for every new client (a 100,000-row
COPY ran for over ten minutes), and 0033's delete still joined the deleted rows to `client_search` (migration 0034
deletes by key). Here hash and merge joins are turned off, so any join left in a trigger is planned as
that nested loop, and auto_explain hands every nested statement's plan to the test: none may hold a join, and the
documents stay exactly the view's."""

from __future__ import annotations

from typing import Any

import pytest
from bench.timetap import load
from sqlalchemy import text

from clientbook.context import Context
from clientbook.store.engine import Database

from .auto_explain import collect_plans

# What the planner does with statistics that call every table tiny: every join a nested loop.
NESTED_LOOPS_ONLY = ["SET enable_hashjoin = off", "SET enable_mergejoin = off"]
CHILD_WRITES = [
    "UPDATE notes SET body = body || ' revisited' WHERE business_id = :b AND id % 2 = 0",
    "DELETE FROM notes WHERE business_id = :b AND id % 3 = 0",
    # The first four and the last three of the ten clients with a field value (a modulus of ids can miss them all).
    "UPDATE client_field_values SET value = 'Other Mutual' WHERE business_id = :b AND client_id IN"
    " (SELECT client_id FROM client_field_values WHERE business_id = :b ORDER BY client_id LIMIT 4)",
    "UPDATE clients SET last_name = 'Renamed' WHERE business_id = :b AND id % 5 = 0",
    "DELETE FROM client_field_values WHERE business_id = :b AND client_id IN"
    " (SELECT client_id FROM client_field_values WHERE business_id = :b ORDER BY client_id DESC LIMIT 3)",
    # Clients with nothing referring to them (no tag, appointment, note or field value), hard-deleted.
    "DELETE FROM clients c WHERE business_id = :b"
    " AND NOT EXISTS (SELECT 1 FROM client_tags t WHERE t.business_id = c.business_id AND t.client_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.business_id = c.business_id AND a.client_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.business_id = c.business_id AND n.client_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM client_field_values v WHERE v.business_id = c.business_id AND v.client_id = c.id)",
]


async def test_the_search_triggers_plan_no_join_and_keep_the_views_documents(
    context: Context, make_tenant: Any
) -> None:
    if context.db.backend != "postgresql":
        pytest.skip("SQLite's search triggers are row triggers that look the view up by rowid")
    business_id = (await make_tenant())["business"]["id"]
    plans: list[str] = []
    database = Database(context.db.url, pool_size=1)
    try:
        async with database.transaction() as session:
            await collect_plans(session, plans, *NESTED_LOOPS_ONLY)
        await load(database, business_id, 500)  # clients by COPY, then field values and notes in multi-row INSERTs
        async with database.transaction() as session:
            written = [(await session.execute(text(s), {"b": business_id})).rowcount for s in CHILD_WRITES]  # type: ignore[attr-defined]
            differing = await session.scalar(
                text(
                    "SELECT count(*) FROM (SELECT * FROM client_search_documents WHERE business_id = :b) d "
                    "FULL JOIN (SELECT * FROM client_search WHERE business_id = :b) s USING (business_id, client_id) "
                    "WHERE s.document IS DISTINCT FROM d.document"
                ),
                {"b": business_id},
            )
    finally:
        await database.dispose()
    triggers = [plan for plan in plans if "INTO client_search" in plan or "DELETE FROM client_search" in plan]
    assert len(triggers) >= 1 + 2 + len(CHILD_WRITES)  # the COPY, the field values, the notes, each change
    assert any("DELETE FROM client_search" in plan for plan in triggers)  # the deleted clients' documents
    assert [plan for plan in triggers if "Nested Loop" in plan or "Join" in plan] == []
    assert differing == 0
    assert 0 not in written  # every change wrote rows (the deletes too), so every trigger branch ran
