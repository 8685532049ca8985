"""The front desk's client search at 100,000 clients (issue 17): a phone number in any format, a name, an e-mail
address and the unfiltered first and last pages answer right, and no statement reads a large table whole (SQLite
`EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN (FORMAT JSON)` after ANALYZE)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from bench.timetap import NEEDLE_NAME, Dataset
from sqlalchemy import event

from clientbook.context import Context
from clientbook.core import client_search, tenants
from clientbook.core.types import Tenant
from clientbook.store.repositories.tenancy import BusinessRepository

pytestmark = pytest.mark.slow

LARGE = 10_000
SQLITE_FULL_SCAN = re.compile(r"^SCAN (\w+)(?! USING)(?! VIRTUAL)")


@pytest.fixture(scope="module")
async def big(context: Context, timetap_100k: dict[str, Any]) -> tuple[Tenant, Dataset]:
    data: Dataset = timetap_100k["data"]
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(data.business_id)
        assert business is not None
        return tenants.tenant_of(business), data


@contextmanager
def selects(context: Context) -> Iterator[list[tuple[str, Any]]]:
    found: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            found.append((statement, parameters))

    engine = context.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _pg_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _pg_nodes(child)


async def full_scans(context: Context, statement: str, parameters: Any, used: set[str]) -> list[str]:
    """The plan lines that read a whole large table (or the whole text index) instead of using an index; the
    indexes the plan reads are added to `used` (the test prints them: the figure a reviewer asks for)."""
    async with context.db.engine.connect() as connection:
        if context.db.backend == "sqlite":
            rows = (await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)).all()
            details = [str(row[-1]) for row in rows]
            used.update(m.group(1) for d in details if (m := re.search(r"USING (?:COVERING )?INDEX (\S+)", d)))
            # FTS5 names no index: `SCAN client_search_fts VIRTUAL TABLE INDEX 0:L0` is its trigram index.
            used.update(f"{m.group(1)} trigram" for d in details if (m := re.match(r"SCAN (\w+) VIRTUAL TABLE", d)))
            large = {"clients", "appointments", "notes", "client_field_values", "client_tags"}
            bad = [d for d in details if (m := SQLITE_FULL_SCAN.match(d)) and m.group(1) in large]
            return bad + [
                d for d in details if "VIRTUAL TABLE INDEX 0:" in d and not re.search(r"INDEX \d+:\S*[LM]", d)
            ]
        plan = (await connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)).scalar_one()
        used.update(n["Index Name"] for n in _pg_nodes(plan[0]["Plan"]) if "Index Name" in n)
        return [
            f"Seq Scan on {n['Relation Name']}"
            for n in _pg_nodes(plan[0]["Plan"])
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in {"clients", "client_search"}
        ]


async def test_front_desk_search_at_100k_is_right_and_uses_indexes(
    big: tuple[Tenant, Dataset], context: Context
) -> None:
    tenant, data = big
    middle = data.clients // 2 + 1  # an ordinary client: +1415{i:07d}, client{i:06d}@example{i % 7}.com
    phone = f"{middle:07d}"
    expected: dict[str, set[int] | None] = {
        f"(415) {phone[:3]}-{phone[3:]}": {middle},
        f"+1 415 {phone[:3]} {phone[3:]}": {middle},
        f"415{phone}": {middle},
        f"client{middle:06d}@example{middle % 7}.com": {middle},
        NEEDLE_NAME.lower(): {data.clients // 2},
        "": None,
    }
    first_id = data.needle_id - data.clients // 2
    problems, timings, indexes_used = {}, {}, {}
    for q, indexes in expected.items():
        async with context.db.transaction() as session:
            with selects(context) as statements:
                started = time.perf_counter()
                result = await client_search.front_desk(session, tenant, q, offset=0, limit=25)
                timings[q or "(all)"] = (time.perf_counter() - started) * 1000
        if indexes is not None:
            assert {c.id - first_id for c in result.clients} == indexes, q
            assert result.total == 1, q
        else:
            assert result.total == data.clients
            assert len(result.clients) == 25
        used: set[str] = set()
        for statement, parameters in statements:
            bad = await full_scans(context, statement, parameters, used)
            if bad:
                problems[q] = (bad, statement)
        indexes_used[q or "(all)"] = sorted(used)
    async with context.db.transaction() as session:
        last = await client_search.front_desk(session, tenant, "", offset=data.clients - 5, limit=25)
    assert len(last.clients) == 5
    assert problems == {}, problems
    print(f"\n{context.db.backend}: " + "; ".join(f"{k}: {v:.0f} ms" for k, v in timings.items()))  # noqa: T201
    print("indexes read: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in indexes_used.items()))  # noqa: T201
