"""CareCloud customer statuses: the tiers (`statuses`), setting one by hand (`set-status-record`) and a customer's
history of them (`status-records`), each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event
from clientbook.store.models.statuses import StatusRecord
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer, customer_body, source_id

SET = "/customers/actions/set-status-record"


async def _written(read: Read, business_id: int) -> tuple[int, int]:
    """(status records, events) of the business: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, int]:
        records = select(func.count()).select_from(StatusRecord).where(StatusRecord.business_id == business_id)
        changes = select(func.count()).select_from(Event).where(Event.business_id == business_id)
        return int(await session.scalar(records) or 0), int(await session.scalar(changes) or 0)

    result: tuple[int, int] = await read(count)
    return result


def _business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def _tiers(api: Api) -> dict[str, str]:
    """text id → status id of the business's tiers."""
    listed = (await api.get("/statuses")).json()["data"]
    return {s["text_id"]: s["status_id"] for s in listed["statuses"]}


async def test_a_new_business_has_basic_silver_and_gold_in_rank_order(api: Api) -> None:
    listed = (await api.get("/statuses")).json()["data"]
    assert listed["total_items"] == 3
    basic, silver, gold = listed["statuses"]
    assert [basic["name"], silver["name"], gold["name"]] == ["Basic", "Silver", "Gold"]
    assert (basic["qualification_type"], silver["qualification_type"]) == (0, 2)
    assert silver["qualification_turnover"][0]["value"] == 500
    assert (silver["previous_status"], silver["next_status"]) == (basic["status_id"], gold["status_id"])
    assert (silver["validity_period"], basic["validity_period"]) == ("1 year", "unlimited")
    one = (await api.get(f"/statuses/{gold['status_id']}")).json()["data"]
    assert one == gold
    by_text = (await api.get("/statuses?text_id=silver")).json()["data"]
    assert [s["status_id"] for s in by_text["statuses"]] == [silver["status_id"]]
    newest_first = (await api.get("/statuses?sort_field=discount&sort_direction=DESC&count=1")).json()["data"]
    assert (newest_first["total_items"], newest_first["statuses"][0]["text_id"]) == (3, "gold")
    assert (await api.get("/statuses/999999")).status_code == 404


async def test_setting_a_status_ends_the_one_in_force_and_both_stay_in_the_history(api: Api) -> None:
    customer = await create_customer(api)
    tiers = await _tiers(api)
    first = await api.post(SET, {"status_id": tiers["silver"], "customer_id": customer})
    assert first.status_code == 200, first.text
    body = {"status_id": tiers["gold"], "customer_id": customer, "valid_to": "2099-12-31 23:59:59"}
    second = await api.post(SET, body)
    assert second.status_code == 200
    history = (await api.get(f"/customers/{customer}/status-records?sort_field=status_record_id")).json()["data"]
    assert history["total_items"] == 2
    old, new = history["status_records"]
    assert (old["status_id"], old["state"]) == (tiers["silver"], 2)
    assert (new["status_record_id"], new["status_id"], new["state"]) == (
        second.json()["data"]["status_record_id"],
        tiers["gold"],
        1,
    )
    assert new["valid_to"] == "2099-12-31 23:59:59"
    assert "purchase_conditions" not in new  # gold is the top tier
    assert old["purchase_conditions"] == {"next_status_id": tiers["gold"]}
    now = (await api.get(f"/customers/{customer}/status-records?valid_now=true")).json()["data"]
    assert [r["status_id"] for r in now["status_records"]] == [tiers["gold"]]
    past = (await api.get(f"/customers/{customer}/status-records?valid_now=false")).json()["data"]
    assert [r["status_id"] for r in past["status_records"]] == [tiers["silver"]]
    page = await api.get(f"/customers/{customer}/status-records?count=1&offset=1&sort_field=state&sort_direction=DESC")
    assert [r["state"] for r in page.json()["data"]["status_records"]] == [1]
    assert page.json()["data"]["total_items"] == 2


async def test_a_status_with_no_end_given_is_held_for_its_validity(api: Api) -> None:
    customer = await create_customer(api)
    tiers = await _tiers(api)
    body = {"status_id": tiers["silver"], "customer_id": customer, "valid_from": "2030-01-31 10:00:00"}
    assert (await api.post(SET, body)).status_code == 200
    record = (await api.get(f"/customers/{customer}/status-records")).json()["data"]["status_records"][0]
    assert (record["valid_from"], record["valid_to"]) == ("2030-01-31 10:00:00", "2031-01-31 10:00:00")
    basic = {"status_id": tiers["basic"], "customer_id": customer}
    assert (await api.post(SET, basic)).status_code == 200
    unlimited = (await api.get(f"/customers/{customer}/status-records?valid_now=true")).json()["data"]
    assert "valid_to" not in unlimited["status_records"][0]


async def test_bad_input_is_refused_naming_the_field_and_writes_nothing(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    tiers = await _tiers(api)
    before = await _written(read, _business(api))
    cases = [
        ({"status_id": tiers["gold"]}, "customer_id"),
        ({"customer_id": customer}, "status_id"),
        ({"status_id": "999999", "customer_id": customer}, "status_id"),
        ({"status_id": tiers["gold"], "customer_id": "999999"}, "customer_id"),
        ({"status_id": tiers["gold"], "customer_id": customer, "valid_to": "2001-01-01 00:00:00"}, "valid_to"),
        ({"status_id": tiers["gold"], "customer_id": customer, "valid_from": "tomorrow"}, "valid_from"),
    ]
    for body, field in cases:
        response = await api.post(SET, body)
        assert response.status_code == 400, (body, response.text)
        assert [p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]] == [field], body
    assert await _written(read, _business(api)) == before
    assert (await api.get(f"/customers/{customer}/status-records?sort_field=nope")).status_code == 400
    assert (await api.get(f"/customers/{customer}/status-records?valid_now=maybe")).status_code == 400


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer = await create_customer(api)
    tiers = await _tiers(api)
    assert (await api.post(SET, {"status_id": tiers["gold"], "customer_id": customer})).status_code == 200
    other = await api_for(await make_tenant(name="Elsewhere"))
    own_tiers = await _tiers(other)
    before = await _written(read, _business(api))
    assert (await other.get(f"/statuses/{tiers['gold']}")).status_code == 404
    assert (await other.get(f"/customers/{customer}/status-records")).status_code == 404
    theirs = await other.post(SET, {"status_id": own_tiers["gold"], "customer_id": customer})
    assert theirs.status_code == 400
    assert theirs.json()["error"]["error_data"]["invalid_params"][0]["name"] == "customer_id"
    mine = await api.post(SET, {"status_id": own_tiers["gold"], "customer_id": customer})
    assert mine.status_code == 400
    assert mine.json()["error"]["error_data"]["invalid_params"][0]["name"] == "status_id"
    assert await _written(read, _business(api)) == before


async def test_setting_a_status_is_refused_on_the_customer_interface(customer_api: Api, read: Read) -> None:
    before = await _written(read, _business(customer_api))
    response = await customer_api.post(SET, {"status_id": "1", "customer_id": "1"})
    assert response.status_code == 403
    assert response.json()["error"]["exception"] == "interface_not_allowed_exception"
    assert await _written(read, _business(customer_api)) == before


async def test_a_logged_in_customer_reads_only_their_own_status_records(api: Api, customer_api: Api) -> None:
    body = customer_body(await source_id(api))
    body["password"] = "Secret123x"
    mine = (await api.post("/customers", body)).json()["data"]["customer_id"]
    theirs = await create_customer(api)
    tiers = await _tiers(api)
    for customer in (mine, theirs):
        assert (await api.post(SET, {"status_id": tiers["silver"], "customer_id": customer})).status_code == 200
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    login = {"login_type": "email", "login_value": body["customer"]["personal_information"]["email"]}
    assert (
        await customer_api.post(f"/tokens/{token}/actions/login", {**login, "password": "Secret123x"})
    ).status_code == 200
    own = (await customer_api.get(f"/customers/{mine}/status-records")).json()["data"]
    assert [r["status_id"] for r in own["status_records"]] == [tiers["silver"]]
    other = await customer_api.get(f"/customers/{theirs}/status-records")
    assert other.status_code == 403
    assert (await customer_api.get("/statuses")).json()["data"]["total_items"] == 3
