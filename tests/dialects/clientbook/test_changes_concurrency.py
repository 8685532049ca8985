"""The feed under concurrent writers on PostgreSQL: transaction ids are assigned at the first write, not at commit,
so a transaction holding a smaller event id can commit after a larger one. A feed reading `id > cursor` would hand
out the later one first and then skip the earlier one for good; ours holds back until every older writer has ended.
SQLite serializes its writers, so there this cannot happen (and cannot be staged: one connection)."""

from __future__ import annotations

import httpx
import pytest

from clientbook.core import clients, events
from clientbook.core.clients import ClientChanges
from tests.dialects.clientbook.conftest import Practice
from tests.dialects.clientbook.test_changes import URL, read_all


async def test_a_transaction_committing_late_is_neither_skipped_nor_repeated(
    http: httpx.AsyncClient, practice: Practice, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("needs concurrent writers")
    start = (await read_all(http, practice, 1))[-1]["cursor"]  # past business.created
    db = practice.context.db
    early = await db.sessions().__aenter__()
    await early.begin()
    try:
        # The early transaction writes first (the smaller event id) and stays open...
        await events.record(early, practice.tenant, "client", 1001, "updated", {"note": "early"})
        # ...while a later one writes and commits.
        late = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Late")))
        seen = (await http.get(URL, params={"after": start}, headers=practice.headers)).json()
        await early.commit()
    finally:
        await early.close()
    # Other sessions' transactions on the server may hold the horizon back for a moment: read until both are in.
    rest = await read_all(http, practice, 2 - len(seen["data"]), after=seen["next_cursor"])
    listed = [(c["entity_id"], c["type"]) for c in seen["data"] + rest]
    assert sorted(listed) == sorted([(1001, "client.updated"), (late.id, "client.created")])
