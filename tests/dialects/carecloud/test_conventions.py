"""The conventions on every endpoint (seed 003; vendors.md §2): versions, interfaces, the envelopes, paging, sorting,
filters, datetimes, Accept-Language, read-only and mandatory parameters, and every error form."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from clientbook.core import client_search
from clientbook.store.models import Client
from tests.conftest import TenantFactory
from tests.helpers import Read, row_counts

from .conftest import ENTERPRISE, Api, MakeApi, create_customer, customer_body, source_id


async def test_every_minor_version_of_v1_is_served(api: Api) -> None:
    for version in ("v1.0", "v1.5", "v1.12"):
        response = await api.http.get(f"/carecloud/enterprise-interface/{version}/stores", headers=api.headers)
        assert response.status_code == 200


async def test_another_major_version_is_404_in_the_error_envelope(api: Api) -> None:
    for version in ("v2.0", "v0.9", "1.0", "latest"):
        response = await api.http.get(f"/carecloud/enterprise-interface/{version}/stores", headers=api.headers)
        assert response.status_code == 404
        error = response.json()["error"]
        assert error["exception"] == "not_found_exception"
        assert error["error_data"]["resource_id"] == version


@pytest.mark.parametrize(
    ("interface", "method", "path", "resource"),
    [
        ("customer", "GET", "/users", "users"),
        ("customer", "POST", "/users/actions/verify-auth-token", "users"),
        ("enterprise", "POST", "/tokens", "tokens"),
        ("customer", "POST", "/messages/actions/send-message", "messages/actions/send-message"),
        ("customer", "POST", "/segments/1/actions/add-customer", "segments"),
        ("customer", "GET", "/customers/actions/search-customers", "customers/actions/search-customers"),
        ("customer", "POST", "/stores", "stores"),
    ],
)
async def test_a_resource_on_the_wrong_interface_is_403_interface_not_allowed(
    api: Api, customer_api: Api, interface: str, method: str, path: str, resource: str, read: Read
) -> None:
    client = api if interface == "enterprise" else customer_api
    before = await row_counts(read, api.tenant["business"]["id"])
    response = await client.request(method, path, json={})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["type"] == "interface_not_allowed_exception"
    assert error["error_data"] == {"invalid_resource_name": resource, "interface": interface.title()}
    assert await row_counts(read, api.tenant["business"]["id"]) == before


async def test_an_unsupported_method_is_405_naming_it(api: Api) -> None:
    response = await api.delete("/customers")
    assert response.status_code == 405
    assert response.json()["error"]["error_data"] == {"http_method": "DELETE"}
    assert (await api.request("PATCH", "/stores/1")).json()["error"]["error_data"] == {"http_method": "PATCH"}


async def test_an_unknown_resource_is_404_in_the_envelope(api: Api) -> None:
    response = await api.http.get(f"{ENTERPRISE}/no-such-resources", headers=api.headers)  # no vendor resource
    assert response.status_code == 404
    assert response.json()["error"]["exception"] == "not_found_exception"


async def test_lists_carry_the_true_total_and_page_with_count_and_offset(api: Api) -> None:
    ids = [await create_customer(api, first_name=f"P{i}") for i in range(5)]
    first = (await api.get("/customers?count=2")).json()["data"]
    assert [c["customer_id"] for c in first["customers"]] == ids[:2]
    assert first["total_items"] == 5
    last = (await api.get("/customers?count=2&offset=4")).json()["data"]
    assert [c["customer_id"] for c in last["customers"]] == ids[4:]
    assert last["total_items"] == 5
    default = (await api.get("/customers")).json()["data"]
    assert len(default["customers"]) == 5


@pytest.mark.parametrize(
    ("query", "name", "reason"),
    [
        ("count=0", "count", "not_allowed_value"),
        ("count=abc", "count", "invalid_value_format"),
        ("offset=-1", "offset", "not_allowed_value"),
        ("sort_field=password", "sort_field", "not_allowed_value"),
        ("sort_direction=UP", "sort_direction", "not_allowed_value"),
        ("customer_ids[]=x", "customer_ids", "invalid_value_format"),
        ("birthdate=1.1.1990", "birthdate", "invalid_value_format"),
    ],
)
async def test_bad_paging_sorting_or_filters_are_400_naming_the_parameter(
    api: Api, query: str, name: str, reason: str
) -> None:
    response = await api.get(f"/customers?{query}")
    assert response.status_code == 400
    param = response.json()["error"]["error_data"]["invalid_params"][0]
    assert (param["name"], param["reason"]) == (name, reason)


async def test_sort_field_and_direction_order_the_list(api: Api) -> None:
    ids = [await create_customer(api) for _ in range(3)]
    down = (await api.get("/customers?sort_field=customer_id&sort_direction=DESC")).json()["data"]["customers"]
    assert [c["customer_id"] for c in down] == ids[::-1]
    stores = (await api.get("/stores?sort_field=name&sort_direction=desc")).json()["data"]["stores"]
    assert [s["name"] for s in stores] == sorted((s["name"] for s in stores), reverse=True)


async def test_filters_are_anded_and_array_filters_ored(api: Api) -> None:
    a = await create_customer(api, first_name="Anna", email="anna@example.com")
    b = await create_customer(api, first_name="Bára", email="bara@example.com")
    await create_customer(api, first_name="Anna", email="anna2@example.com")
    either = (await api.get(f"/customers?customer_ids[]={a}&customer_ids[]={b}")).json()["data"]
    assert {c["customer_id"] for c in either["customers"]} == {a, b}
    assert either["total_items"] == 2
    both = (await api.get(f"/customers?customer_ids[]={a}&customer_ids[]={b}&first_name=Anna")).json()["data"]
    assert [c["customer_id"] for c in both["customers"]] == [a]
    emails = (await api.get("/customers?email_list[]=anna@example.com&email_list[]=BARA@example.com")).json()["data"]
    assert {c["customer_id"] for c in emails["customers"]} == {a, b}
    none = (await api.get("/customers?email=anna@example.com&email_list[]=bara@example.com")).json()["data"]
    assert none == {"customers": [], "total_items": 0}


async def test_datetimes_are_local_to_the_business_without_offset(make_tenant: TenantFactory, api_for: MakeApi) -> None:
    api = await api_for(await make_tenant("Prague", time_zone="Europe/Prague"))
    customer_id = await create_customer(api)
    response = await api.post(
        "/bookings",
        {
            "booking": {
                "customer_id": customer_id,
                "created_at": "2026-01-01 00:00:00",
                "booking_items": [{"time_slot_id": "2026-07-01T09:30:00/45", "created_at": "2026-01-01 00:00:00"}],
            }
        },
    )
    assert response.status_code == 201
    booking = (await api.get(f"/bookings/{response.json()['data']['booking_id']}")).json()["data"]
    item = booking["booking_items"][0]
    assert (item["valid_from"], item["valid_to"]) == ("2026-07-01 09:30:00", "2026-07-01 10:15:00")
    assert len(booking["last_change"]) == 19
    assert booking["last_change"][10] == " "


async def test_accept_language_names_countries_in_the_readers_language(api: Api) -> None:
    cs = await api.get("/countries?country_id=DE", headers={"Accept-Language": "cs, en-gb;q=0.8"})
    assert cs.json()["data"] == {"countries": [{"country_id": "de", "name": "Německo", "state": 1}], "total_items": 1}
    en = await api.get("/countries?country_id=DE", headers={"Accept-Language": "en"})
    assert en.json()["data"]["countries"][0]["name"] == "Germany"
    de = await api.get("/countries?country_name=deutsch", headers={"Accept-Language": "de"})
    assert de.json()["data"]["countries"][0]["country_id"] == "de"
    title = await api.get("/customers?count=0", headers={"Accept-Language": "cs"})
    assert title.json()["error"]["title"] == "Chybný požadavek"


async def test_read_only_parameters_in_a_request_are_ignored(api: Api, read: Read) -> None:
    body = customer_body(await source_id(api))
    body["customer"].update(customer_id="999999", state=0, last_change="2000-01-01 00:00:00")
    body["customer"]["personal_information"]["photo_url"] = "http://example.com/x.png"
    response = await api.post("/customers", body)
    assert response.status_code == 201
    customer_id = response.json()["data"]["customer_id"]
    assert customer_id != "999999"
    stored = (await api.get(f"/customers/{customer_id}")).json()["data"]
    assert stored["state"] == 1
    assert "photo_url" not in stored["personal_information"]


async def test_mandatory_parameters_are_enforced_children_only_with_their_parent(api: Api, read: Read) -> None:
    before = await row_counts(read, api.tenant["business"]["id"])
    body = customer_body(await source_id(api))
    del body["customer"]["personal_information"]["language_id"]
    missing = await api.post("/customers", body)
    assert missing.status_code == 400
    assert missing.json()["error"]["error_data"]["invalid_params"] == [
        {
            "name": "customer.personal_information.language_id",
            "reason": "required",
            "message": "customer.personal_information.language_id is required",
        }
    ]
    body = customer_body(await source_id(api), consents=[{"consent_id": "1"}])
    child = await api.post("/customers", body)
    assert child.status_code == 400
    assert child.json()["error"]["error_data"]["invalid_params"][0]["name"] == (
        "customer.personal_information.consents.0.consent_value"
    )
    assert await row_counts(read, api.tenant["business"]["id"]) == before
    body = customer_body(await source_id(api))  # no consents, no address: their children are not required
    assert (await api.post("/customers", body)).status_code == 201


async def test_malformed_json_is_400_not_a_crash(api: Api) -> None:
    response = await api.request("POST", "/customers", content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "invalid_value_format"


async def test_an_unexpected_failure_is_500_in_the_envelope(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(client_search, "count", broken)
    response = await api.get("/customers")
    assert response.status_code == 500
    assert response.json()["error"]["exception"] == "internal_server_error_exception"
    assert "boom" not in response.text


async def test_a_database_outage_is_503_with_retry_after(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    async def down(*args: Any, **kwargs: Any) -> int:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(client_search, "count", down)
    response = await api.get("/customers")
    assert response.status_code == 503
    assert response.json()["error"]["exception"] == "service_unavailable_exception"
    assert response.headers["Retry-After"] == "5"


async def test_ids_are_strings_everywhere(api: Api) -> None:
    customer_id = await create_customer(api)
    record = (await api.get(f"/customers/{customer_id}")).json()["data"]
    assert isinstance(record["customer_id"], str)
    assert (await api.get("/customers/abc")).status_code == 404
    assert (await api.get("/customers/99999999999999999999999")).status_code == 404


async def test_stored_customer_is_the_core_client(api: Api, read: Read, http: httpx.AsyncClient) -> None:
    customer_id = await create_customer(api, phone="420601999111")
    stored = await read(lambda s: s.get(Client, (api.tenant["business"]["id"], int(customer_id))))
    assert stored.mobile_phone == "+420601999111"


async def test_the_dialect_serves_its_openapi_document_and_docs_page(http: httpx.AsyncClient) -> None:
    document = await http.get("/carecloud/openapi.json")
    assert document.status_code == 200
    served = document.json()
    assert "/carecloud" not in served["paths"]
    # The vendor's own paths below a server whose variables are the interface and the version (issue 14: the
    # version parameter used to be undeclared).
    assert "/customers/{customer_id}" in served["paths"]
    assert served["servers"][0]["url"] == "/carecloud/{api_interface}/{version}"
    assert set(served["servers"][0]["variables"]) == {"api_interface", "version"}
    assert (await http.get("/carecloud/docs")).status_code == 200


async def test_accept_language_chooses_the_language_of_error_messages(api: Api) -> None:
    body = customer_body(await source_id(api))
    del body["customer"]["personal_information"]["language_id"]
    name = "customer.personal_information.language_id"
    for language, text in (
        ("cs", "je povinný údaj"),
        ("de-DE, en;q=0.5", "muss angegeben werden"),
        ("en", "is required"),
    ):
        response = await api.post("/customers", body, headers={"Accept-Language": language})
        assert (
            response.json()["error"]["error_data"]["invalid_params"][0]["message"]
            == f"{name}{':' if language[0] != 'e' else ''} {text}"
        )
