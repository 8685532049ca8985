"""A TimeTap client view loads everything beside the client row in a fixed number of statements (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from clientbook.store.engine import Database

from .conftest import TimeTap

# the session-token and tenant lookups, the client, and every related row (tags, values, notes, viewers, viewable) with
# the field definitions at once; it was 9 when each kind of related row had its own query, 5 with the definitions apart
MAX_STATEMENTS_PER_GET = 4


@contextmanager
def counting(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)


async def test_a_client_get_runs_a_fixed_number_of_statements(tt: TimeTap, database: Database) -> None:
    client = await tt.create()
    await tt.get(f"/clients/{client['clientId']}")  # warm: the built-in field definitions exist from here on
    with counting(database) as statements:
        response = await tt.get(f"/clients/{client['clientId']}")
    assert response.status_code == 200
    assert response.json()["clientId"] == client["clientId"]
    assert len(statements) <= MAX_STATEMENTS_PER_GET, statements


async def test_a_page_of_twenty_clients_runs_as_many_statements_as_a_page_of_one(
    tt: TimeTap, database: Database
) -> None:
    for _ in range(20):
        await tt.create()
    await tt.get("/clients", params={"pageNumber": 1, "pageSize": 1})
    with counting(database) as one:
        small = await tt.get("/clients", params={"pageNumber": 1, "pageSize": 1})
    with counting(database) as twenty:
        page = await tt.get("/clients", params={"pageNumber": 1, "pageSize": 20})
    assert small.status_code == page.status_code == 200
    assert (len(small.json()), len(page.json())) == (1, 20)
    assert len(twenty) == len(one), (one, twenty)
