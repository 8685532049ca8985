"""The front desk's appointments (`/appointments`): day and week views per branch and staff member (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from clientbook.context import Context
from clientbook.core import appointments
from clientbook.core.appointments import AppointmentChanges
from tests.web.factories import Login, make_client, make_staff, tenant_of


def words(response: httpx.Response) -> str:
    """The page's text with its whitespace collapsed (the templates break lines where they like)."""
    return " ".join(response.text.split())


async def book(context: Context, tenant: dict[str, Any], client_id: int, starts_at: datetime, **values: Any) -> int:
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        changes = AppointmentChanges(client_id=client_id, starts_at=starts_at, **values)
        return (await appointments.create(session, acting, changes)).id


@pytest.fixture
async def toronto(make_tenant: Any) -> dict[str, Any]:
    made: dict[str, Any] = await make_tenant(
        name="Toronto Physio", branches=("North", "South"), time_zone="America/Toronto"
    )
    return made


@pytest.fixture
async def toronto_login(http: httpx.AsyncClient, context: Context, toronto: dict[str, Any]) -> Login:
    from tests.web.conftest import sign_in
    from tests.web.factories import make_login

    login = await make_login(context, toronto)
    await sign_in(http, context, toronto, login)
    return login


class TestDayAndWeek:
    async def test_a_day_shows_its_appointments_in_the_business_s_zone_with_client_links(
        self, http: httpx.AsyncClient, context: Context, toronto: dict[str, Any], toronto_login: Login
    ) -> None:
        client = await make_client(context, toronto, "Ada", "Lovelace")
        staff = await make_staff(context, toronto, "Kim", "Lee")
        north = toronto["branches"][0]["id"]
        # Thursday 10:30 in Toronto (EST, UTC-5) is 15:30 UTC; 02:00 UTC on Friday is still Thursday evening there.
        await book(context, toronto, client, datetime(2026, 12, 3, 15, 30, tzinfo=UTC), staff_id=staff, branch_id=north)
        await book(context, toronto, client, datetime(2026, 12, 4, 2, 0, tzinfo=UTC))
        await book(context, toronto, client, datetime(2026, 12, 4, 15, 0, tzinfo=UTC))
        page = await http.get("/appointments", params={"date": "2026-12-03"})
        assert page.status_code == 200
        assert "2 appointments" in words(page)
        assert "10:30 EST" in words(page)
        assert "21:00 EST" in words(page)
        assert f'href="/clients/{client}">Ada Lovelace' in words(page)
        assert f'href="/staff/{staff}">Kim Lee' in words(page)
        assert "times in America/Toronto" in words(page)

    async def test_a_week_runs_monday_to_sunday_and_filters_by_branch_and_staff(
        self, http: httpx.AsyncClient, context: Context, toronto: dict[str, Any], toronto_login: Login
    ) -> None:
        client = await make_client(context, toronto)
        kim = await make_staff(context, toronto, "Kim", "Lee")
        north, south = (b["id"] for b in toronto["branches"])
        await book(context, toronto, client, datetime(2026, 11, 30, 14, 0, tzinfo=UTC), staff_id=kim, branch_id=north)
        await book(context, toronto, client, datetime(2026, 12, 6, 14, 0, tzinfo=UTC), branch_id=south)
        await book(context, toronto, client, datetime(2026, 12, 7, 14, 0, tzinfo=UTC), branch_id=north)  # next week
        week = await http.get("/appointments", params={"view": "week", "date": "2026-12-03"})
        assert "2 appointments" in words(week)
        assert "in the week of Mon 2026-11-30" in words(week)
        by_branch = await http.get("/appointments", params={"view": "week", "date": "2026-12-03", "branch": south})
        assert "1 appointment " in words(by_branch)
        by_staff = await http.get("/appointments", params={"view": "week", "date": "2026-12-01", "staff": kim})
        assert "1 appointment " in words(by_staff)
        assert "Kim Lee" in words(by_staff)

    async def test_another_business_s_branch_or_staff_is_not_found(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        foreign_staff = await make_staff(context, other)
        foreign_client = await make_client(context, other, "Foreign", "Client")
        await book(context, other, foreign_client, datetime(2026, 12, 3, 15, 0, tzinfo=UTC))
        assert (await http.get("/appointments", params={"branch": other["branches"][0]["id"]})).status_code == 404
        assert (await http.get("/appointments", params={"staff": foreign_staff})).status_code == 404
        page = await http.get("/appointments", params={"date": "2026-12-03", "view": "week"})
        assert "Foreign" not in words(page)

    async def test_a_date_that_is_no_day_is_refused(self, http: httpx.AsyncClient, signed_in: Login) -> None:
        page = await http.get("/appointments", params={"date": "Thursday"})
        assert page.status_code == 400
        assert "date must be a day" in words(page)


async def test_the_day_and_week_queries_use_the_live_start_indexes(
    http: httpx.AsyncClient, context: Context, toronto: dict[str, Any], toronto_login: Login
) -> None:
    """Each filter of the calendar reads the live (business, branch or staff, start) index of migration 0010, never
    the whole appointments table (SQLite's plan; PostgreSQL plans tiny tables as scans, the 100k test covers it)."""
    if context.db.backend != "sqlite":
        pytest.skip("SQLite's EXPLAIN QUERY PLAN")
    kim = await make_staff(context, toronto)
    north = toronto["branches"][0]["id"]
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "FROM appointments" in statement:
            statements.append((statement, parameters))

    engine = context.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for params in ({"branch": north}, {"staff": kim}, {}):
            assert (await http.get("/appointments", params={"view": "week", **params})).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements
    async with context.db.engine.connect() as connection:
        for statement, parameters in statements:
            plan = [str(r[-1]) for r in await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            assert not [line for line in plan if line.startswith("SCAN appointments")], (statement, plan)
