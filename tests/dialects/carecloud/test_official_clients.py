"""What the vendor's official clients call first and send (issue 13): each mismatch found with them, fixed."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from clientbook.store.models import Message

from .conftest import CUSTOMER, ENTERPRISE, Api, MakeApi, create_customer, creds, own_partner
from .test_resources import STORE

VENDOR_ID = "8ea2591121e636086a4a9c0992"  # the spec's example customer id


async def test_the_connection_test_answers_the_string_reversed_without_authentication(
    http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    for base in (ENTERPRISE, CUSTOMER):
        api = Api(http, base, {}, tenant)
        response = await api.get("/tests/connection?test_string=Hello%20World!")
        assert response.status_code == 200
        assert response.json() == {"data": {"test_string": "!dlroW olleH"}}
        assert (await api.get("/tests/connection")).json() == {"data": {"test_string": ""}}


async def test_the_user_id_our_login_answers_reads_the_user(api: Api) -> None:
    login = creds(api.tenant)["login"]
    response = await api.get(f"/users/{login}")
    assert response.status_code == 200
    assert response.json()["data"]["user_id"] == login
    assert response.json()["data"]["login"] == login


async def test_another_business_login_is_no_user_here(api: Api, api_for: MakeApi, make_tenant: Any) -> None:
    other = await make_tenant()
    response = await api.get(f"/users/{creds(other)['login']}")
    assert response.status_code == 404
    assert response.json()["error"]["error_data"]["resource_name"] == "users"


async def test_verify_auth_token_reads_the_official_clients_application_id_and_token(api: Api) -> None:
    token = api.headers["Authorization"].removeprefix("Bearer ")
    app_id = creds(api.tenant)["external_application_id"]
    response = await api.post("/users/actions/verify-auth-token", {"application_id": app_id, "token": token})
    assert response.status_code == 200
    assert response.json()["data"]["user_id"] == creds(api.tenant)["login"]
    missing = await api.post("/users/actions/verify-auth-token", {"application_id": app_id})
    assert missing.status_code == 400
    assert missing.json()["error"]["error_data"]["invalid_params"][0]["name"] == "auth_token"


async def test_country_ids_are_lowercase_and_upper_case_is_accepted(api: Api) -> None:
    for asked in ("cz", "CZ"):
        response = await api.get(f"/countries?country_id={asked}", headers={"Accept-Language": "en"})
        assert response.json()["data"]["countries"] == [{"country_id": "cz", "name": "Czechia", "state": 1}]
    listed = (await api.get("/countries?count=1000")).json()["data"]["countries"]
    assert all(c["country_id"] == c["country_id"].lower() for c in listed)
    customer_id = await create_customer(api, address={"address1": "Dlouhá 5", "city": "Brno", "country_code": "SK"})
    read = (await api.get(f"/customers/{customer_id}")).json()["data"]
    assert read["personal_information"]["address"]["country_code"] == "sk"


async def test_an_id_in_the_vendors_format_matching_nothing_is_a_404(api: Api, read: Any) -> None:
    tenant_id = api.tenant["business"]["id"]
    for path in (f"/customers/{VENDOR_ID}", f"/bookings?customer_id={VENDOR_ID}", f"/messages?customer_id={VENDOR_ID}"):
        response = await api.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["error_data"]["resource_id"] == VENDOR_ID
    message = {
        "communication_channel_id": 2,
        "customer_id": VENDOR_ID,
        "message_data": [{"parameter_name": "text", "value": "Hi"}],
        "message_template_id": "t1",
    }
    sent = await api.post("/messages/actions/send-message", {"message": message})
    assert sent.status_code == 404
    assert sent.json()["error"]["error_data"] == {"resource_name": "customers", "resource_id": VENDOR_ID}
    stored = await read(
        lambda s: s.scalar(select(func.count()).select_from(Message).where(Message.business_id == tenant_id))
    )
    assert stored == 0


async def test_a_messages_template_id_reads_back_as_written(api: Api, read: Any) -> None:
    customer_id = await create_customer(api, phone="420603111333")
    message = {
        "message_template_id": "8bf3397ab62d3ffd876fc9ae16",
        "customer_id": customer_id,
        "communication_channel_id": 2,
        "message_data": [{"parameter_name": "text", "value": "Hi"}],
    }
    assert (await api.post("/messages/actions/send-message", {"message": message})).status_code == 204
    listed = (await api.get(f"/messages?customer_id={customer_id}")).json()["data"]["messages"]
    assert [m["message_template_id"] for m in listed] == ["8bf3397ab62d3ffd876fc9ae16"]
    one = (await api.get(f"/messages/{listed[0]['message_id']}")).json()["data"]
    assert one["message_template_id"] == "8bf3397ab62d3ffd876fc9ae16"
    stored = await read(
        lambda s: s.scalar(select(Message.template_id).where(Message.business_id == api.tenant["business"]["id"]))
    )
    assert stored == "8bf3397ab62d3ffd876fc9ae16"


async def test_sort_field_takes_any_first_level_field_of_a_small_list(api: Api) -> None:
    partner = await own_partner(api)
    for name in ("Brno", "Aš", "Cheb"):
        store = {**STORE, "partner_id": partner, "store_code": name.lower(), "name": name, "manager_name": f"M {name}"}
        created = await api.post("/stores", {"store": store})
        assert created.status_code == 201, created.text
    names = await api.get("/stores?sort_field=manager_name&sort_direction=DESC")
    assert names.status_code == 200
    managers = [s.get("manager_name") for s in names.json()["data"]["stores"] if s.get("manager_name")]
    assert managers == ["M Cheb", "M Brno", "M Aš"]
    assert (await api.get("/countries?sort_field=country_id&sort_direction=DESC&count=1")).json()["data"]["countries"][
        0
    ]["country_id"] == "zw"
    assert (await api.get("/users?sort_field=last_login")).status_code == 200


async def test_sort_field_refuses_objects_and_fields_a_database_list_cannot_order_by(api: Api) -> None:
    for path, field in (("/stores", "store_address"), ("/customers", "personal_information"), ("/stores", "nope")):
        response = await api.get(f"{path}?sort_field={field}")
        assert response.status_code == 400, path
        param = response.json()["error"]["error_data"]["invalid_params"][0]
        assert (param["name"], param["reason"], param["value"]) == ("sort_field", "not_allowed_value", field)
    ordered = await api.get("/customers?sort_field=last_change&sort_direction=DESC")
    assert ordered.status_code == 200
