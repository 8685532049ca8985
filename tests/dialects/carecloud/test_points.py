"""CareCloud points: point types, assign/reduce/transfer, reservations, history and a customer's points, each
answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event
from clientbook.store.models.loyalty import PointBalance, PointRecord, PointReservation
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer, own_partner


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def _ledger(read: Read, business_id: int) -> tuple[int, int, int]:
    """(point records, reservations, events) the business has: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, int, int]:
        counts = []
        for model in (PointRecord, PointReservation, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            counts.append(int(await session.scalar(query) or 0))
        return counts[0], counts[1], counts[2]

    result: tuple[int, int, int] = await read(count)
    return result


async def _default_type(api: Api) -> str:
    types = (await api.get("/point-types")).json()["data"]
    assert types["total_items"] == 1
    point_type_id: str = types["point_types"][0]["point_type_id"]
    return point_type_id


async def _assign(api: Api, customer: str, amount: float, **extra: Any) -> str:
    body = {"amount": amount, "customer_id": customer, "partner_id": await own_partner(api), **extra}
    response = await api.post("/points/actions/assign-points", body)
    assert response.status_code == 201, response.text
    point_id: str = response.json()["data"]["point_id"]
    return point_id


async def test_a_new_business_has_a_default_point_type(api: Api) -> None:
    point_type_id = await _default_type(api)
    one = await api.get(f"/point-types/{point_type_id}")
    assert one.status_code == 200
    assert one.json()["data"]["name"] == "Loyalty points"
    assert (await api.get("/point-types/999999")).status_code == 404


async def test_assigned_points_are_a_record_and_reduce_spends_them(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    point_id = await _assign(api, customer, 100.5, note="welcome")
    record = (await api.get(f"/points/{point_id}")).json()["data"]
    assert (record["assigned_points"], record["available_points"], record["state"]) == (100.5, 100.5, 1)
    assert record["note"] == "welcome"
    assert "valid_to" in record
    reduced = await api.post(
        "/points/actions/reduce-points", {"amount": 40, "customer_id": customer, "partner_id": await own_partner(api)}
    )
    assert reduced.status_code == 201
    mine = (await api.get(f"/customers/{customer}/points")).json()["data"]
    assert mine["total_items"] == 2
    by_id = {p["point_id"]: p for p in mine["points"]}
    assert by_id[point_id]["available_points"] == 60.5
    assert by_id[reduced.json()["data"]["point_id"]]["assigned_points"] == -40
    balance = await read(
        lambda s: s.scalar(select(PointBalance.available).where(PointBalance.business_id == business(api)))
    )
    assert balance == 6050


async def test_a_reduce_beyond_the_balance_is_refused_naming_amount_and_writes_nothing(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    await _assign(api, customer, 10)
    before = await _ledger(read, business(api))
    response = await api.post(
        "/points/actions/reduce-points",
        {"amount": 10.01, "customer_id": customer, "partner_id": await own_partner(api)},
    )
    assert response.status_code == 400
    params = response.json()["error"]["error_data"]["invalid_params"]
    assert [p["name"] for p in params] == ["amount"]
    assert await _ledger(read, business(api)) == before


async def test_transfer_moves_points_and_history_derives_from_the_ledger(api: Api) -> None:
    giver, taker = await create_customer(api), await create_customer(api)
    point_type = await _default_type(api)
    await _assign(api, giver, 30)
    body = {"original_customer_id": giver, "new_customer_id": taker, "amount": 12, "point_type_id": point_type}
    assert (await api.post("/points/actions/transfer-points", body)).status_code == 204
    history = (await api.get(f"/point-history?customer_id={giver}&sort_field=point_history_record_time")).json()["data"]
    assert [(h["point_operation_type"], h["point_amount"]) for h in history["point_history"]] == [
        ("assign", 30),
        ("transfer_out", -12),
    ]
    taken = (await api.get(f"/points?customer_id={taker}")).json()["data"]
    assert [(p["assigned_points"], p["available_points"]) for p in taken["points"]] == [(12, 12)]
    too_much = await api.post("/points/actions/transfer-points", {**body, "amount": 19})
    assert too_much.status_code == 400


async def test_reserved_points_are_unavailable_until_freed(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    await _assign(api, customer, 50)
    reserve = {
        "external_id": "order-1",
        "customer_id": customer,
        "amount": 45,
        "expiration_time": "2099-01-01 12:00:00",
    }
    assert (await api.post("/point-reservations/actions/reserve-points", reserve)).status_code == 204
    refused = await api.post(
        "/points/actions/reduce-points", {"amount": 6, "customer_id": customer, "partner_id": await own_partner(api)}
    )
    assert refused.status_code == 400
    again = await api.post("/point-reservations/actions/reserve-points", {**reserve, "amount": 1})
    assert again.status_code == 400
    assert again.json()["error"]["error_data"]["invalid_params"][0]["name"] == "external_id"
    listed = (await api.get("/point-reservations?external_id=order-1")).json()["data"]
    assert listed["total_items"] == 1
    reservation = listed["point_reservations"][0]
    assert (reservation["quantity"], reservation["state"]) == (45, 1)
    one = await api.get(f"/point-reservations/{reservation['points_reservation_id']}")
    assert one.json()["data"]["expiration"] == "2099-01-01 12:00:00"
    assert (await api.post("/point-reservations/actions/free-points", {"external_id": "order-1"})).status_code == 204
    freed = (await api.get(f"/point-reservations?customer_id={customer}")).json()["data"]["point_reservations"]
    assert freed[0]["state"] == 0
    assert (await api.post("/point-reservations/actions/free-points", {"external_id": "order-1"})).status_code == 400
    spent = await api.post(
        "/points/actions/reduce-points", {"amount": 50, "customer_id": customer, "partner_id": await own_partner(api)}
    )
    assert spent.status_code == 201
    kinds = await read(
        lambda s: s.scalars(
            select(PointRecord.operation).where(PointRecord.business_id == business(api)).order_by(PointRecord.id)
        )
    )
    assert list(kinds) == ["assign", "reserve", "free", "reduce"]


async def test_lists_page_with_exact_totals(api: Api) -> None:
    customer = await create_customer(api)
    for amount in (1, 2, 3):
        await _assign(api, customer, amount)
    page = (
        await api.get(f"/points?customer_id={customer}&count=2&offset=1&sort_field=assigned_points&sort_direction=DESC")
    ).json()
    assert page["data"]["total_items"] == 3
    assert [p["assigned_points"] for p in page["data"]["points"]] == [2, 1]
    assert (await api.get("/points?sort_field=nope")).status_code == 400


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer = await create_customer(api)
    point_id = await _assign(api, customer, 5)
    point_type = await _default_type(api)
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await _ledger(read, business(api))
    assert (await other.get(f"/points/{point_id}")).status_code == 404
    assert (await other.get(f"/point-types/{point_type}")).status_code == 404
    assert (await other.get(f"/customers/{customer}/points")).status_code == 404
    assigned = await other.post(
        "/points/actions/assign-points", {"amount": 5, "customer_id": customer, "partner_id": await own_partner(api)}
    )
    assert assigned.status_code == 400
    assert assigned.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "not_found"
    reduced = await other.post(
        "/points/actions/reduce-points", {"amount": 1, "customer_id": customer, "partner_id": await own_partner(api)}
    )
    assert reduced.status_code == 400
    assert await _ledger(read, business(api)) == before
    assert (await other.get("/points")).json()["data"]["total_items"] == 0


async def test_bad_amounts_are_refused_naming_the_field(api: Api) -> None:
    customer = await create_customer(api)
    for amount in (0, -5, 1.005, "ten"):
        response = await api.post(
            "/points/actions/assign-points",
            {"amount": amount, "customer_id": customer, "partner_id": await own_partner(api)},
        )
        assert response.status_code == 400, amount
        assert response.json()["error"]["error_data"]["invalid_params"][0]["name"] == "amount"


async def test_the_points_actions_are_refused_on_the_customer_interface(customer_api: Api, read: Read) -> None:
    before = await _ledger(read, business(customer_api))
    body = {"amount": 5, "customer_id": "1", "partner_id": "p"}
    response = await customer_api.post("/points/actions/assign-points", body)
    assert response.status_code == 403
    reserve = {"external_id": "x", "customer_id": "1", "amount": 1}
    assert (await customer_api.post("/point-reservations/actions/reserve-points", reserve)).status_code == 403
    assert await _ledger(read, business(customer_api)) == before


async def test_a_body_wrong_in_every_field_is_refused_field_by_field_in_the_spec_order(api: Api, read: Read) -> None:
    before = await _ledger(read, business(api))
    change = {"amount": "5", "customer_id": [], "partner_id": [], "point_type_id": [], "note": 2}
    transfer = {"original_customer_id": [], "new_customer_id": [], "amount": "5", "point_type_id": [], "note": 2}
    for path, body in (("assign-points", change), ("transfer-points", transfer)):
        response = await api.post(f"/points/actions/{path}", body)
        assert response.status_code == 400, response.text
        refused = response.json()["error"]["error_data"]["invalid_params"]
        assert [p["name"] for p in refused] == list(body), path
    assert await _ledger(read, business(api)) == before
