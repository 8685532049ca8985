"""100,000 clients: the list, report and count endpoints answer correctly and every query they run uses indexes
(SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN (FORMAT JSON)` after ANALYZE). Loaded in one transaction."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from bench.timetap import LOCATION_GROUP, NEEDLE_NAME, Dataset, created_at, requests_for
from sqlalchemy import event

from clientbook.context import Context

from .conftest import open_session

pytestmark = pytest.mark.slow

BIG_TABLES = {"clients", "appointments", "client_tags", "notes", "client_field_values", "client_search"}
LARGE = 10_000
SQLITE_FULL_SCAN = re.compile(r"^SCAN (\w+)(?! USING)(?! VIRTUAL)")


@pytest.fixture(scope="module")
def big(timetap_100k: dict[str, Any]) -> dict[str, Any]:
    return timetap_100k


@contextmanager
def captured(context: Context) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT the app runs while the block is open, with its parameters."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    engine = context.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _pg_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _pg_nodes(child)


async def _large(connection: Any, backend: str) -> set[str]:
    """The tables holding more than LARGE rows (a full scan of a small table is the right plan)."""
    found = set()
    for table in BIG_TABLES - {"client_search"}:
        rows = (await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar_one()
        if rows > LARGE:
            found.add(table)
    if backend == "postgresql":
        found.add("client_search")
    return found


async def full_scans(context: Context, statement: str, parameters: Any) -> list[str]:
    """The plan lines that read a whole large table instead of using an index."""
    async with context.db.engine.connect() as connection:
        large = await _large(connection, context.db.backend)
        if context.db.backend == "sqlite":
            rows = (await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)).all()
            details = [str(row[-1]) for row in rows]
            bad = [d for d in details if (m := SQLITE_FULL_SCAN.match(d)) and m.group(1) in large]
            bad += [d for d in details if "VIRTUAL TABLE INDEX 0:" in d and not re.search(r"INDEX \d+:\S*[LM]", d)]
            return bad
        result = await connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        plan = result.scalar_one()
        nodes = _pg_nodes(plan[0]["Plan"])
        return [
            f"Seq Scan on {n['Relation Name']}"
            for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in large
        ]


@pytest.fixture(scope="module")
async def session_token(big: dict[str, Any], app: Any) -> str:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as http:
        return await open_session(http, big["tenant"])


def _expected(data: Dataset) -> dict[str, Any]:
    """What each timed call must answer at this size (count or number of rows)."""
    blacklisted = len(range(0, data.clients, 50))
    return {
        "GET /clients page 1 (25, by fullName)": 25,
        "GET /clients page 2000 (25, by fullName)": 25,
        "GET /clients/count": data.clients,
        "reportWithCount (50, by emailAddress)": data.clients,
        "reportWithCount staffIdList": data.with_first_staff,
        "reportWithCount tagsList=VIP": data.vip,
        "report searchTerm=needlemeyer": 1,
        "report searchTerm=zebrafish (note)": 1,
        "reportWithCount searchTerm=smith (1 in 11)": sum(
            1 for i in range(0, data.clients, 11) if i != data.clients // 2
        ),
        "reportCount statusList=Active": data.clients - blacklisted,
        "reportCount locationGroupIdList": len(range(0, data.clients // 5, len(data.branch_ids))),
        "reportCount startDate/endDate": sum(
            1
            for i in range(data.clients)
            if datetime(2024, 3, 1, tzinfo=UTC) <= created_at(i) < datetime(2024, 4, 1, tzinfo=UTC)
        ),
    }


def _size(body: Any) -> int:
    if isinstance(body, int):
        return body
    if isinstance(body, dict):
        return int(body["count"])
    return len(body)


async def test_lists_reports_and_counts_at_100k_are_right_and_use_indexes(
    big: dict[str, Any], session_token: str, http: httpx.AsyncClient, context: Context
) -> None:
    data: Dataset = big["data"]
    expected = _expected(data)
    problems = {}
    timings = {}
    for name, (path, params) in requests_for(data).items():
        with captured(context) as statements:
            started = time.perf_counter()
            response = await http.get(
                f"/timetap/live{path}", params=params, headers={"Authorization": f"Bearer {session_token}"}
            )
            timings[name] = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (name, response.text)
        assert _size(response.json()) == expected[name], name
        for statement, parameters in statements:
            bad = await full_scans(context, statement, parameters)
            if bad:
                problems[name] = (bad, statement)
    assert problems == {}, "\n".join(f"{name}: {bad} in {sql}" for name, (bad, sql) in problems.items())
    print(  # noqa: T201 (the figures, with -s)
        f"\n{context.db.backend}: load {big['load_seconds']:.1f} s; "
        + "; ".join(f"{k}: {v:.0f} ms" for k, v in timings.items())
    )


async def test_search_finds_the_one_client_by_name_and_by_note(
    big: dict[str, Any], session_token: str, http: httpx.AsyncClient
) -> None:
    data: Dataset = big["data"]
    headers = {"Authorization": f"Bearer {session_token}"}
    by_name = await http.get("/timetap/live/clientIdList", params={"searchTerm": NEEDLE_NAME}, headers=headers)
    assert by_name.json() == [data.needle_id]
    by_note = await http.get("/timetap/live/clientIdList", params={"searchTerm": "ZEBRAFISH"}, headers=headers)
    assert by_note.json() == [data.noted_id]
    grouped = await http.get(
        "/timetap/live/clientList/reportCount",
        params={"locationGroupIdList": LOCATION_GROUP, "searchTerm": "needlemeyer"},
        headers=headers,
    )
    assert grouped.json() == {"count": 1 if (data.clients // 2) % 5 == 0 and (data.clients // 2 // 5) % 3 == 0 else 0}


async def test_paging_is_stable_across_pages_at_100k(
    big: dict[str, Any], session_token: str, http: httpx.AsyncClient
) -> None:
    headers = {"Authorization": f"Bearer {session_token}"}
    pages = []
    for number in (1, 2, 3):
        response = await http.get(
            "/timetap/live/clients",
            headers=headers,
            params={"pageSize": 100, "pageNumber": number, "order_field": "fullName"},
        )
        pages.append([(c["fullName"], c["clientId"]) for c in response.json()])
    flat = [row for page in pages for row in page]
    assert len(flat) == len(set(flat)) == 300
    assert flat == sorted(flat)
