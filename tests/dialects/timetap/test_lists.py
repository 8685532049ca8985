"""Lists, reports, counts, id lists, searches: every parameter on every endpoint that takes it (seed 001 table)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from clientbook.core import appointments, tenants
from clientbook.core.appointments import AppointmentChanges
from clientbook.store import ids
from clientbook.store.models import Branch, Client, Staff
from clientbook.store.repositories.tenancy import BusinessRepository

from .conftest import MakeTimeTap, TimeTap

REPORTS = ("/clientList/reportWithCount", "/clientList/report", "/clientList/reportCount", "/clientIdList")


async def _ids_of(tt: TimeTap, path: str, params: Any = None) -> list[int] | int:
    """The client ids (or the count) an endpoint answers, whatever its shape."""
    response = await tt.get(path, params=params)
    assert response.status_code == 200, response.text
    data = response.json()
    if path.endswith("reportCount"):
        return int(data["count"])
    if path.endswith("reportWithCount"):
        return [c["clientId"] for c in data["clients"]]
    if path.endswith("clientIdList"):
        return list(data)
    return [c["clientId"] for c in data]


@pytest.fixture
async def practice(tt: TimeTap, context: Any) -> dict[str, Any]:
    """Five clients with appointments (staff, branch, location group, reason), tags, notes and statuses."""
    ann = await tt.create(
        firstName="Ann", lastName="Zed", emailAddress="ann@zed.example", tags=["VIP"], notes="Needs the ramp"
    )
    bea = await tt.create(firstName="Bea", lastName="Young", emailAddress="bea@young.example", status="Blacklisted")
    cat = await tt.create(firstName="Cat", lastName="Xu", emailAddress="cat@xu.example", tags=["vip", "New"])
    dan = await tt.create(
        firstName="Dan", lastName="Walker", emailAddress="zdan@walker.example", cellPhone="415-555-0199"
    )
    eve = await tt.create(firstName="Eve", lastName="Vance", emailAddress="eve@vance.example")
    north, south = (b["id"] for b in tt.tenant["branches"])
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(tt.business_id)
        assert business is not None
        tenant = tenants.tenant_of(business, actor="test")
        await session.execute(
            update(Branch).where(Branch.business_id == tt.business_id, Branch.id == north).values(location_group_id=77)
        )
        staff = Staff(business_id=tt.business_id, first_name="Sam", last_name="Staff", extra={})
        await ids.add(session, staff)
        await session.flush()
        start = datetime(2026, 3, 2, 9, tzinfo=UTC)
        for client, branch, staff_id, reason in (
            (ann, north, staff.id, 5),
            (bea, south, None, 6),
            (cat, south, staff.id, None),
        ):
            await appointments.create(
                session,
                tenant,
                AppointmentChanges(
                    client_id=client["clientId"], branch_id=branch, staff_id=staff_id, starts_at=start, reason_id=reason
                ),
            )
        # Dan was created "last year" (created-date range filters)
        await session.execute(
            update(Client)
            .where(Client.business_id == tt.business_id, Client.id == dan["clientId"])
            .values(created_at=datetime(2025, 6, 15, 12, tzinfo=UTC))
        )
        staff_id = staff.id
    return {
        "ann": ann["clientId"],
        "bea": bea["clientId"],
        "cat": cat["clientId"],
        "dan": dan["clientId"],
        "eve": eve["clientId"],
        "staff": staff_id,
        "north": north,
        "south": south,
    }


CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["ann", "bea", "cat", "dan", "eve"]),
    ({"clientIdList": "@ann,@cat"}, ["ann", "cat"]),
    ({"clientIdList": ["@ann", "@eve"]}, ["ann", "eve"]),
    ({"staffIdList": "@staff"}, ["ann", "cat"]),
    ({"locationIdList": "@south"}, ["bea", "cat"]),
    ({"locationIdList": ["@north", "@south"]}, ["ann", "bea", "cat"]),
    ({"locationGroupIdList": "77"}, ["ann"]),
    ({"reasonIdList": "5,6"}, ["ann", "bea"]),
    ({"statusList": "Blacklisted"}, ["bea"]),
    ({"statusList": "active"}, ["ann", "cat", "dan", "eve"]),
    ({"tagsList": "VIP"}, ["ann", "cat"]),
    ({"tagsList": ["new", "nope"]}, ["cat"]),
    ({"searchTerm": "ramp"}, ["ann"]),
    ({"searchTerm": "walker"}, ["dan"]),
    ({"searchTerm": "4155550199"}, ["dan"]),
    ({"startDate": "2025-06-15", "endDate": "2025-06-15"}, ["dan"]),
    ({"endDate": "2025-12-31"}, ["dan"]),
    ({"startDate": "2026-01-01"}, ["ann", "bea", "cat", "eve"]),
    ({"staffIdList": "@staff", "tagsList": "new"}, ["cat"]),
    ({"showClientForms": "true"}, ["ann", "bea", "cat", "dan", "eve"]),
]


def _params(practice: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    def resolve(value: str) -> str:
        return ",".join(str(practice[p[1:]]) if p.startswith("@") else p for p in value.split(","))

    return {
        k: [resolve(v) for v in value] if isinstance(value, list) else resolve(value) for k, value in params.items()
    }


@pytest.mark.parametrize("path", REPORTS)
@pytest.mark.parametrize(("params", "expected"), CASES)
async def test_report_parameters_select_their_clients(
    tt: TimeTap, practice: dict[str, Any], path: str, params: dict[str, Any], expected: list[str]
) -> None:
    found = await _ids_of(tt, path, _params(practice, params))
    wanted = [practice[n] for n in expected]
    assert found == (len(wanted) if path.endswith("reportCount") else wanted)


async def test_report_with_count_counts_all_matches_not_the_page(tt: TimeTap, practice: dict[str, Any]) -> None:
    data = (await tt.get("/clientList/reportWithCount", params={"pageSize": 2, "statusList": "Active"})).json()
    assert len(data["clients"]) == 2
    assert data["count"] == 4
    assert set(data) == {"clients", "count"}


async def test_show_client_forms_adds_the_form_list(tt: TimeTap, practice: dict[str, Any]) -> None:
    plain = (await tt.get("/clientList/report")).json()
    forms = (await tt.get("/clientList/report", params={"showClientForms": "true"})).json()
    assert all(c["formList"] is None for c in plain)
    assert all(c["formList"] == [] for c in forms)


@pytest.mark.parametrize("path", ["/clients", "/clientList/report", "/clientList/reportWithCount"])
async def test_order_and_pages(tt: TimeTap, practice: dict[str, Any], path: str) -> None:
    by_name = await _ids_of(tt, path, {"order_field": "fullName"})
    assert by_name == [practice[n] for n in ("ann", "bea", "cat", "dan", "eve")]
    desc = await _ids_of(tt, path, {"order_field": "fullName", "order_mode": "desc"})
    assert desc == list(reversed(by_name))
    by_email = await _ids_of(tt, path, {"order_field": "emailAddress"})
    assert by_email == [practice[n] for n in ("ann", "bea", "cat", "eve", "dan")]
    assert await _ids_of(tt, path, {"order_field": "fullName", "pageNumber": 2, "pageSize": 2}) == by_name[2:4]
    assert await _ids_of(tt, path, {"order_field": "fullName", "pageNumber": 3, "pageSize": 2}) == by_name[4:]
    assert await _ids_of(tt, path, {"order_field": "fullName", "pageNumber": 4, "pageSize": 2}) == []
    assert await _ids_of(tt, path, {"order_field": "fullName", "pageNumber": 0, "pageSize": 2}) == by_name[:2]
    assert await _ids_of(tt, path, {"order_field": "fullName", "pageNumber": 1}) == by_name  # no pageSize: all


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/clients", {"order_field": "password"}, "order_field"),
        ("/clients", {"order_mode": "sideways"}, "order_mode"),
        ("/clients", {"pageSize": "0"}, "pageSize"),
        ("/clients", {"pageSize": "100001"}, "pageSize"),
        ("/clients", {"pageNumber": "-1"}, "pageNumber"),
        ("/clientList/report", {"pageNumber": "two"}, "pageNumber"),
        ("/clientList/reportWithCount", {"staffIdList": "1,x"}, "staffIdList"),
        ("/clientList/reportCount", {"clientIdList": "abc"}, "clientIdList"),
        ("/clientIdList", {"locationIdList": "1.5"}, "locationIdList"),
        ("/clientIdList", {"locationGroupIdList": "a"}, "locationGroupIdList"),
        ("/clientIdList", {"reasonIdList": "a"}, "reasonIdList"),
        ("/clientList/report", {"startDate": "03/02/2026"}, "startDate"),
        ("/clientList/report", {"endDate": "2026-13-01"}, "endDate"),
        ("/clientList/report", {"statusList": "Sleeping"}, "statusList"),
        ("/clientList/report", {"showClientForms": "sometimes"}, "showClientForms"),
        ("/clientIdList", {"order_field": "ssn"}, "order_field"),
        ("/clients/filter", {"order_mode": "up"}, "order_mode"),
    ],
)
async def test_bad_parameter_is_400_naming_it(tt: TimeTap, path: str, params: dict[str, Any], field: str) -> None:
    method = "POST" if path == "/clients/filter" else "GET"
    response = await tt.call(method, path, params=params, content=b"x" if method == "POST" else None)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["field"] == field
    assert field in body["errorMessage"]


async def test_count_is_a_bare_number_of_live_clients(tt: TimeTap, practice: dict[str, Any]) -> None:
    response = await tt.get("/clients/count")
    assert response.json() == 5
    await tt.call("DELETE", f"/clients/{practice['eve']}")
    assert (await tt.get("/clients/count")).json() == 4


async def test_tags_lists_the_business_tags_and_filters_by_tag_string(tt: TimeTap, practice: dict[str, Any]) -> None:
    assert (await tt.get("/clients/tags")).json() == ["New", "VIP"]
    assert (await tt.get("/clients/tags", params={"tagString": "vi"})).json() == ["VIP"]
    assert (await tt.get("/clients/tags", params={"tagString": "nothing"})).json() == []


@pytest.mark.parametrize("body", [b"vip", b'"VIP"', b'{ "VIP" }'])
async def test_filter_tag_returns_the_clients_with_the_tag(tt: TimeTap, practice: dict[str, Any], body: bytes) -> None:
    found = (await tt.post("/clients/filterTag", content=body)).json()
    assert [c["clientId"] for c in found] == [practice["ann"], practice["cat"]]
    assert (await tt.post("/clients/filterTag", content=b"unknown")).json() == []


async def test_filter_searches_and_ends_with_the_add_new_client_row(tt: TimeTap, practice: dict[str, Any]) -> None:
    found = (await tt.post("/clients/filter", content=b"Ann Zed")).json()
    assert [c["clientId"] for c in found] == [practice["ann"], -1]
    assert found[-1]["fullName"] == "Add new client: Ann Zed"
    assert found[-1]["status"] == "Active"
    nothing = (await tt.post("/clients/filter", content=b"nobody-at-all")).json()
    assert [c["clientId"] for c in nothing] == [-1]
    by_mail = (
        await tt.post(
            "/clients/filter", content=b"example", params={"order_field": "emailAddress", "order_mode": "desc"}
        )
    ).json()
    assert [c["clientId"] for c in by_mail][:2] == [practice["dan"], practice["eve"]]


@pytest.mark.parametrize(
    "body", [b"ANN@zed.example", b'"ann@ZED.example"', b'{ "ann@zed.example" }', b'{"emailAddress": "ann@zed.example"}']
)
async def test_dupecheck_email_is_case_insensitive_and_lenient(
    tt: TimeTap, practice: dict[str, Any], body: bytes
) -> None:
    found = (await tt.post("/clients/dupecheck/email", content=body)).json()
    assert [c["clientId"] for c in found] == [practice["ann"]]


async def test_dupecheck_email_without_match_is_an_empty_array(tt: TimeTap, practice: dict[str, Any]) -> None:
    assert (await tt.post("/clients/dupecheck/email", content=b"nobody@example.com")).json() == []
    assert (await tt.post("/clients/dupecheck/email", content=b"")).json() == []


async def test_a_business_sees_only_its_own_clients(
    tt: TimeTap, practice: dict[str, Any], make_tt: MakeTimeTap
) -> None:
    other = await make_tt()
    theirs = await other.create(firstName="Ann", lastName="Zed", emailAddress="ann@zed.example", tags=["VIP"])
    mine = [practice[n] for n in ("ann", "bea", "cat", "dan", "eve")]
    assert await _ids_of(tt, "/clients") == mine
    assert await _ids_of(other, "/clients") == [theirs["clientId"]]
    assert (await other.get("/clients/count")).json() == 1
    assert await _ids_of(other, "/clientIdList", {"clientIdList": ",".join(map(str, mine))}) == []
    assert await _ids_of(other, "/clientIdList", {"searchTerm": "ramp"}) == []
    assert await _ids_of(other, "/clientIdList", {"staffIdList": str(practice["staff"])}) == []
    assert (await other.get("/clients/tags")).json() == ["VIP"]
    assert len((await other.post("/clients/dupecheck/email", content=b"ann@zed.example")).json()) == 1
    assert (await other.get(f"/clients/{practice['ann']}")).status_code == 404
    assert (await other.call("DELETE", f"/clients/{practice['ann']}")).status_code == 404
    assert (await tt.get(f"/clients/{practice['ann']}")).json()["deleted"] is False


async def test_clients_written_through_wired_client_are_listed_with_their_appointments(tt: TimeTap, http: Any) -> None:
    wired = tt.tenant["credentials"]["wiredclient"]
    branch = tt.tenant["branches"][1]
    staff = await http.post(
        "/wiredclient/api/v1/staff",
        json={
            **wired,
            "account_number": tt.tenant["business"]["account_number"],
            "id": 0,
            "first_name": "Wanda",
            "last_name": "Staff",
            "email_address1": "wanda@example.com",
        },
    )
    staff_id = staff.json()["id"]
    day = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d")
    created = await http.post(
        "/wiredclient/api/v1/client",
        json={
            **wired,
            "account_number": branch["account_number"],
            "id": 0,
            "first_name": "Wired",
            "last_name": "Person",
            "mobile_phone1": "+1 415 555 0142",
            "email_address1": "wired@example.com",
            "pending_appointments": [
                {
                    "appointment_staff_id": staff_id,
                    "appointment_date": day,
                    "appointment_time": "10:00:00",
                    "appointment_account_number": branch["account_number"],
                }
            ],
        },
    )
    assert created.json()["status"] == 0, created.text
    client_id = created.json()["id"]
    assert await _ids_of(tt, "/clientIdList", {"staffIdList": str(staff_id)}) == [client_id]
    assert await _ids_of(tt, "/clientIdList", {"locationIdList": str(branch["id"])}) == [client_id]
    assert await _ids_of(tt, "/clientIdList", {"searchTerm": "wired person"}) == [client_id]
    seen = (await tt.get(f"/clients/{client_id}")).json()
    assert (seen["firstName"], seen["lastName"], seen["emailAddress"]) == ("Wired", "Person", "wired@example.com")
    assert seen["cellPhone"] == "+1 415 555 0142"
