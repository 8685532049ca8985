"""Vocabularies of the customer account: customer-address-types, customer-types, customer-relation-types."""

from __future__ import annotations

from .conftest import Api, create_customer


async def test_address_types_list_in_the_readers_language_and_name_what_addresses_take(api: Api) -> None:
    response = await api.get("/customer-address-types?sort_field=address_type_id", headers={"Accept-Language": "cs"})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["total_items"] == 3
    assert [t["address_type_id"] for t in data["customer_address_types"]] == ["billing", "delivery", "mailing"]
    one = await api.get("/customer-address-types/delivery", headers={"Accept-Language": "en"})
    assert one.json() == {"data": {"address_type_id": "delivery", "name": "Delivery address"}}
    paged = (await api.get("/customer-address-types?count=1&offset=2")).json()["data"]
    assert (len(paged["customer_address_types"]), paged["total_items"]) == (1, 3)
    customer_id = await create_customer(api)
    address = {"additional_address": {"address_type": "delivery", "address": {"address1": "Dlouhá 5", "city": "Brno"}}}
    assert (await api.post(f"/customers/{customer_id}/addresses", address)).status_code == 201


async def test_unknown_vocabulary_ids_are_404_and_customer_types_are_empty(api: Api) -> None:
    for path, resource in (
        ("/customer-address-types/nope", "customer-address-types"),
        ("/customer-types/8ea2591121e636086a4a9c0992", "customer-types"),
        ("/customer-relation-types/99", "customer-relation-types"),
        ("/customer-relation-types/²", "customer-relation-types"),
    ):
        response = await api.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["error_data"]["resource_name"] == resource
    assert (await api.get("/customer-types")).json() == {"data": {"customer_types": [], "total_items": 0}}
    bad = await api.get("/customer-types?sort_field=nope")
    assert bad.status_code == 400
