"""Every one of the 44 operations of carecloud-openapi.yaml answers successfully, and every answer — success or
error — validates against the spec (the check runs inside `Api.request` for every test of this package)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import staff
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from clientbook.store.engine import Database

from . import openapi
from .conftest import CUSTOMER, ENTERPRISE, SEEN, Api, creds, customer_body, login, own_partner, source_id


async def test_the_spec_holds_the_44_operations_we_serve() -> None:
    assert len(openapi.operations()) == 44


@pytest.mark.skipif(not openapi.SHARED_SPEC.exists(), reason="no ../shared/reference beside this checkout")
def test_the_copy_of_the_spec_is_the_shared_reference() -> None:
    assert openapi.SPEC_PATH.read_bytes() == openapi.SHARED_SPEC.read_bytes()


async def test_every_operation_answers_in_the_documented_form(
    api: Api, http: httpx.AsyncClient, context: Context
) -> None:
    tenant = api.tenant
    async with context.db.transaction() as session:
        member = await staff.create(
            session, Tenant(tenant["business"]["id"]), StaffChanges(first_name="Ada", last_name="L", email="a@b.cz")
        )
    staff_id = member.id
    source = await source_id(api)
    partner = await own_partner(api)
    body = customer_body(source)
    body["password"] = "Walk1234x"
    customer_id = (await api.post("/customers", body)).json()["data"]["customer_id"]
    email = body["customer"]["personal_information"]["email"]
    calls: list[tuple[str, str, object]] = [
        ("GET", "/customers?count=10", None),
        ("GET", f"/customers/{customer_id}", None),
        ("PUT", f"/customers/{customer_id}", {"customer": body["customer"]}),
        ("GET", "/customers/actions/search-customers?first_name=Jana", None),
        (
            "POST",
            f"/customers/{customer_id}/addresses",
            {"additional_address": {"address_type": "home", "address": {"city": "Praha"}}},
        ),
        ("GET", f"/customers/{customer_id}/addresses", None),
        ("GET", "/customer-sources", None),
        ("GET", f"/customer-sources/{source}", None),
        ("POST", "/segments", {"name": "Walk"}),
        ("GET", "/segments", None),
        ("GET", "/segment-groups", None),
        ("POST", "/stores", {"store": {"store_code": "W", "name": "Walk", "partner_id": partner, "system_id": "s"}}),
        ("GET", "/stores", None),
        (
            "POST",
            "/bookings",
            {
                "booking": {
                    "customer_id": customer_id,
                    "created_at": "2026-01-01 00:00:00",
                    "booking_items": [{"time_slot_id": "2026-12-24T10:00:00", "created_at": "2026-01-01 00:00:00"}],
                }
            },
        ),
        ("GET", "/bookings?add_booking_items=full", None),
        ("GET", "/countries", None),
        ("GET", "/currencies", None),
        ("GET", "/currencies/EUR", None),
        ("GET", "/languages", None),
        (
            "POST",
            "/messages/actions/send-message",
            {
                "message": {
                    "message_template_id": "t",
                    "customer_id": customer_id,
                    "communication_channel_id": 2,
                    "message_data": [{"parameter_name": "text", "value": "Hello"}],
                }
            },
        ),
        ("GET", "/messages", None),
        ("GET", "/users", None),
        ("POST", "/users/actions/verify-auth-token", {"auth_token": api.headers["Authorization"][7:]}),
    ]
    answers = {}
    for method, path, payload in calls:
        response = await api.request(method, path, json=payload)
        assert response.status_code < 300, (method, path, response.text)
        answers[path.split("?")[0]] = response
    address_id = answers[f"/customers/{customer_id}/addresses"].json()["data"]["addresses"][0]["additional_address_id"]
    segment_id = answers["/segments"].json()["data"]["segments"][0]["segment_id"]
    group_id = answers["/segment-groups"].json()["data"]["segment_groups"][0]["segment_group_id"]
    store_id = answers["/stores"].json()["data"]["stores"][0]["store_id"]
    booking_id = answers["/bookings"].json()["data"]["bookings"][0]["booking_id"]
    message_id = answers["/messages"].json()["data"]["messages"][0]["message_id"]
    later: list[tuple[str, str, object]] = [
        ("GET", f"/customers/{customer_id}/addresses/{address_id}", None),
        (
            "PUT",
            f"/customers/{customer_id}/addresses/{address_id}",
            {"additional_address": {"address_type": "home", "address": {"city": "Brno"}}},
        ),
        ("GET", f"/segments/{segment_id}", None),
        ("POST", f"/segments/{segment_id}/actions/add-customer", {"customer_id": customer_id}),
        ("GET", f"/segments/{segment_id}/segment-records", None),
        ("GET", f"/customers/{customer_id}/segment-records", None),
        ("POST", f"/segments/{segment_id}/actions/remove-customer", {"customer_id": customer_id}),
        ("GET", f"/segment-groups/{group_id}", None),
        ("GET", f"/stores/{store_id}", None),
        (
            "PUT",
            f"/stores/{store_id}",
            {"store": {"store_code": "W", "name": "Walk 2", "partner_id": partner, "system_id": "s"}},
        ),
        ("GET", f"/bookings/{booking_id}", None),
        ("PUT", f"/bookings/{booking_id}", {"booking": {"booking_status": "confirmed"}}),
        ("DELETE", f"/bookings/{booking_id}", None),
        ("GET", f"/messages/{message_id}", None),
        ("GET", f"/users/{staff_id}", None),
    ]
    for method, path, payload in later:
        response = await api.request(method, path, json=payload)
        assert response.status_code < 300, (method, path, response.text)
    customer = Api(http, CUSTOMER, {}, tenant)
    token = (
        await customer.post(
            "/tokens",
            {
                "device": {"device_id": "walk", "device_system": "s", "device_name": "n", "device_type": "t"},
                "setup": {"language_id": "cs", "allowed_gps": True, "allowed_notifications": False},
                "external_application_id": creds(tenant)["external_application_id"],
            },
        )
    ).json()["data"]["token_id"]
    customer.headers = {"Authorization": f"Bearer {token}"}
    login = await customer.post(
        f"/tokens/{token}/actions/login", {"login_type": "email", "login_value": email, "password": "Walk1234x"}
    )
    assert login.status_code == 200
    assert (await customer.post(f"/tokens/{token}/actions/logout")).status_code == 204
    bearer = api.headers["Authorization"][7:]
    logout = await api.post(
        "/users/actions/logout",
        {"user_external_application_id": creds(tenant)["external_application_id"], "bearer_token": bearer},
    )
    assert logout.status_code == 204
    fresh = await http.post(
        f"{api.base}/users/actions/login",
        json={
            "user_external_application_id": creds(tenant)["external_application_id"],
            "login": creds(tenant)["login"],
            "password": creds(tenant)["password"],
        },
    )
    assert not openapi.problems("POST", "/users/actions/login", fresh.status_code, fresh.content)
    SEEN.add(("POST", "/users/actions/login", fresh.status_code))
    succeeded = {(method, template) for method, template, status in SEEN if status < 300}
    missing = openapi.operations() - succeeded
    assert not missing, sorted(missing)


async def test_the_served_document_is_valid_and_documents_every_operation_we_route(http: httpx.AsyncClient) -> None:
    from openapi_spec_validator import validate

    from clientbook.dialects.carecloud import openapi as served

    document = (await http.get("/carecloud/openapi.json")).json()
    validate(document)
    documented = {
        (method, served.template_key(path))
        for path, item in document["paths"].items()
        for method in item
        if method in served.METHODS
    }
    routed = served.served_operations(_carecloud_app(http))
    assert routed - documented == set()  # every operation we serve, with the vendor's parameters and schemas
    assert documented - routed == set()  # and nothing we do not serve


def _carecloud_app(http: httpx.AsyncClient) -> FastAPI:
    transport = http._transport
    assert isinstance(transport, httpx.ASGITransport)
    root = transport.app
    assert isinstance(root, FastAPI)
    mounted = next(getattr(route, "app", None) for route in root.routes if getattr(route, "path", None) == "/carecloud")
    assert isinstance(mounted, FastAPI)
    return mounted


@pytest.mark.skipif(not openapi.SHARED_SPEC.exists(), reason="no ../shared/reference beside this checkout")
def test_the_served_vendor_document_is_the_shared_full_reference() -> None:
    import yaml

    from clientbook.dialects.carecloud import openapi as served

    full = openapi.SHARED_SPEC.with_name("carecloud-openapi-full.yaml")
    assert served.vendor() == yaml.load(full.read_text(), Loader=yaml.CSafeLoader)


async def test_the_served_document_gives_429_the_body_we_answer_it_with(
    http: httpx.AsyncClient, settings: Settings, database: Database, tenant: dict[str, object]
) -> None:
    """The vendor documents no body on 429 (nor 503); ours carry its error envelope, and the served document says so
    (issue 14.14: every response schema the server really uses)."""
    document = (await http.get("/carecloud/openapi.json")).json()
    responses = document["components"]["responses"]
    schema = responses["TooManyRequests"]["content"]["application/json"]["schema"]
    assert schema == responses["ServiceUnavailable"]["content"]["application/json"]["schema"]
    assert "Retry-After" in responses["TooManyRequests"]["headers"]
    limited = create_app(settings.model_copy(update={"rate_limit": "1/day"}), database)
    headers = {"Authorization": f"Bearer {await login(http, tenant)}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limited), base_url="http://clientbook.test") as api:
        answers = [await api.get(f"{ENTERPRISE}/stores", headers=headers) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 429]
    required = document["components"]["schemas"][schema["properties"]["error"]["$ref"].rsplit("/", 1)[1]]["required"]
    assert set(required) <= set(answers[1].json()["error"])
