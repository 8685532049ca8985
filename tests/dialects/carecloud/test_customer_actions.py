"""customers/actions/check-registration-ability: an identifier no live customer of the business has."""

from __future__ import annotations

from typing import Any

from .conftest import Api, MakeApi, create_customer


async def _ability(api: Api, kind: str, value: str) -> Any:
    response = await api.post("/customers/actions/check-registration-ability", {"type": kind, "value": value})
    assert response.status_code == 200, response.text
    return response.json()["data"]["registration_ability"]


async def test_a_taken_email_or_phone_cannot_register_and_a_free_one_can(api: Api, customer_api: Api) -> None:
    await create_customer(api, email="Jana@Example.com", phone="420603444555")
    assert await _ability(api, "email", "jana@example.com") is False
    assert await _ability(api, "phone", "420603444555") is False
    assert await _ability(api, "email", "petr@example.com") is True
    assert await _ability(api, "phone", "420603444556") is True
    assert await _ability(customer_api, "email", "jana@example.com") is False  # before any customer login


async def test_another_business_customers_leave_the_identifier_free(
    api: Api, api_for: MakeApi, make_tenant: Any
) -> None:
    await create_customer(api, email="shared@example.com")
    other = await api_for(await make_tenant())
    assert await _ability(other, "email", "shared@example.com") is True


async def test_a_malformed_identifier_is_refused_naming_the_field(api: Api) -> None:
    for kind, value in (("email", "not-an-address"), ("phone", "12"), ("fax", "1")):
        response = await api.post("/customers/actions/check-registration-ability", {"type": kind, "value": value})
        assert response.status_code == 400, (kind, value)
        assert response.json()["error"]["error_data"]["invalid_params"][0]["name"] in ("value", "type")
