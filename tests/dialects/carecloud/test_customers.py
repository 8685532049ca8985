"""Customers: create, read, replace, search, addresses, segment records; what is stored in the core."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import clients
from clientbook.core.clients import ClientChanges
from clientbook.core.types import ClientType, Gender, Tenant
from clientbook.store.models import Client
from clientbook.store.models.customer_data import ClientAddress
from tests.helpers import Read, row_counts

from .conftest import Api, create_customer, customer_body, source_id


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def test_create_stores_every_field_in_the_core_and_reads_back_the_same(api: Api, read: Read) -> None:
    stores = (await api.get("/stores")).json()["data"]["stores"]
    address = {
        "address1": "Vinohradská 1",
        "address2": "Byt 4",
        "address3": "Patro 2",
        "address7": "x",
        "zip": "12000",
        "city": "Praha",
        "country_code": "cz",
    }
    customer_id = await create_customer(
        api,
        salutation="Paní",
        gender=3,
        pre_nominals="Ing.",
        post_nominals="Ph.D.",
        birthdate="1990-04-05",
        phone="420601222333",
        store_id=stores[0]["store_id"],
        address=address,
        consents=[{"consent_id": "7", "consent_value": 1}],
    )
    stored = await read(lambda s: s.get(Client, (business(api), int(customer_id))))
    assert (stored.first_name, stored.last_name, stored.gender) == ("Jana", "Nováková", Gender.FEMALE)
    assert (stored.titles, stored.post_nominals, stored.salutation) == ("Ing.", "Ph.D.", "Paní")
    assert (stored.mobile_phone, stored.language, stored.country) == ("+420601222333", "cs", "CZ")
    assert (stored.street, stored.street2, stored.city, stored.postal_code) == (
        "Vinohradská 1",
        "Byt 4",
        "Praha",
        "12000",
    )
    assert stored.branch_id == int(stores[0]["store_id"])
    info = (await api.get(f"/customers/{customer_id}")).json()["data"]["personal_information"]
    assert info["gender"] == 3  # "Miss" survives although the core knows only female
    assert info["address"] == {**address, "country_code": "cz"}
    assert info["consents"] == [{"consent_id": "7", "consent_value": 1}]
    assert info["birthdate"] == "1990-04-05"
    assert info["phone"] == "420601222333"


async def test_put_replaces_the_customer_and_clears_what_is_left_out(api: Api, read: Read) -> None:
    customer_id = await create_customer(api, salutation="Paní", birthdate="1990-04-05")
    response = await api.put(
        f"/customers/{customer_id}",
        {
            "customer": {
                "personal_information": {
                    "first_name": "Jana",
                    "last_name": "Svobodová",
                    "language_id": "en",
                    "gender": 2,
                }
            }
        },
    )
    assert response.status_code == 204
    assert response.content == b""
    stored = await read(lambda s: s.get(Client, (business(api), int(customer_id))))
    assert (stored.last_name, stored.language, stored.salutation, stored.birth_date, stored.email) == (
        "Svobodová",
        "en",
        None,
        None,
        None,
    )


async def test_put_keeps_the_password_unless_one_is_sent(api: Api, read: Read) -> None:
    body = customer_body(await source_id(api))
    body["password"] = "First1234"
    customer_id = (await api.post("/customers", body)).json()["data"]["customer_id"]
    first = (await read(lambda s: s.get(Client, (business(api), int(customer_id))))).password_hash
    info = body["customer"]["personal_information"]
    await api.put(f"/customers/{customer_id}", {"customer": {"personal_information": info}})
    kept = (await read(lambda s: s.get(Client, (business(api), int(customer_id))))).password_hash
    assert kept == first
    await api.put(f"/customers/{customer_id}", {"customer": {"personal_information": info}, "password": "Second123"})
    changed = (await read(lambda s: s.get(Client, (business(api), int(customer_id))))).password_hash
    assert changed != first


async def test_a_taken_email_is_400_already_exists_and_nothing_is_written(api: Api, read: Read) -> None:
    await create_customer(api, email="taken@example.com")
    before = await row_counts(read, business(api))
    body = customer_body(await source_id(api), email="TAKEN@example.com")
    response = await api.post("/customers", body)
    assert response.status_code == 400
    assert response.json()["error"]["error_data"]["invalid_params"] == [
        {
            "name": "personal_information.email",
            "reason": "already_exists",
            "value": "TAKEN@example.com",
            "message": "personal_information.email is already taken",
        }
    ]
    assert await row_counts(read, business(api)) == before


async def test_concurrent_creates_of_one_email_let_exactly_one_through(api: Api, read: Read) -> None:
    source = await source_id(api)
    answers = await asyncio.gather(
        *(api.post("/customers", customer_body(source, email="RACE@example.com", first_name=f"R{i}")) for i in range(6))
    )
    assert sorted(a.status_code for a in answers) == [201, 400, 400, 400, 400, 400]
    refused = [a.json()["error"]["error_data"]["invalid_params"] for a in answers if a.status_code == 400]
    assert {(p[0]["name"], p[0]["reason"]) for p in refused} == {("personal_information.email", "already_exists")}
    stored = await read(
        lambda s: s.scalars(
            select(Client.id).where(Client.business_id == business(api), Client.email_normalized == "race@example.com")
        )
    )
    assert len(list(stored)) == 1


async def test_a_customer_may_keep_its_email_but_not_take_another_ones(api: Api, read: Read) -> None:
    await create_customer(api, email="first@example.com")
    customer_id = await create_customer(api, email="second@example.com")
    info = {"first_name": "Jana", "last_name": "Nováková", "language_id": "cs"}
    kept = await api.put(
        f"/customers/{customer_id}", {"customer": {"personal_information": {**info, "email": "Second@example.com"}}}
    )
    assert kept.status_code == 204
    taken = await api.put(
        f"/customers/{customer_id}", {"customer": {"personal_information": {**info, "email": "FIRST@example.com"}}}
    )
    assert taken.status_code == 400
    assert taken.json()["error"]["error_data"]["invalid_params"] == [
        {
            "name": "personal_information.email",
            "reason": "already_exists",
            "value": "FIRST@example.com",
            "message": "personal_information.email is already taken",
        }
    ]
    stored = await read(lambda s: s.get(Client, (business(api), int(customer_id))))
    assert stored.email == "Second@example.com"


async def test_bad_fields_are_400_naming_each_on_the_wire(api: Api, read: Read) -> None:
    before = await row_counts(read, business(api))
    body = customer_body(
        await source_id(api), phone="+420 601", language_id="xx", birthdate="05.04.1990", address={"country_code": "QQ"}
    )
    response = await api.post("/customers", body)
    assert response.status_code == 400
    params = {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert params == {
        "personal_information.phone": "invalid_value_format",
        "personal_information.language_id": "not_allowed_value",
        "personal_information.address.country_code": "not_allowed_value",
        "personal_information.birthdate": "invalid_value_format",
    }
    assert await row_counts(read, business(api)) == before


async def test_unknown_store_or_source_is_400_not_found(api: Api, read: Read) -> None:
    before = await row_counts(read, business(api))
    response = await api.post("/customers", customer_body(await source_id(api), store_id="987654"))
    assert response.status_code == 400
    assert response.json()["error"]["error_data"]["invalid_params"][0]["name"] == "personal_information.store_id"
    assert response.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "not_found"
    response = await api.post("/customers", customer_body("987654"))
    assert response.json()["error"]["error_data"]["invalid_params"][0]["name"] == "customer_source.customer_source_id"
    assert await row_counts(read, business(api)) == before


async def test_state_is_0_deleted_1_active_2_inactive(api: Api, context: Context) -> None:
    active, inactive, deleted = [await create_customer(api) for _ in range(3)]
    tenant = Tenant(business(api))
    async with context.db.transaction() as session:
        await clients.update(session, tenant, int(inactive), ClientChanges(client_type=ClientType.INACTIVE))
        await clients.delete(session, tenant, int(deleted))
    states = [(await api.get(f"/customers/{i}")).json()["data"]["state"] for i in (active, inactive, deleted)]
    assert states == [1, 2, 0]
    listed = {c["customer_id"] for c in (await api.get("/customers")).json()["data"]["customers"]}
    assert deleted not in listed


async def test_put_on_an_unknown_customer_is_404_naming_it(api: Api) -> None:
    response = await api.put("/customers/424242", {"customer": {"personal_information": {"language_id": "cs"}}})
    assert response.status_code == 404
    assert response.json()["error"]["error_data"] == {"resource_name": "customers", "resource_id": "424242"}


async def test_filters_by_phone_source_birthdate_and_names(api: Api) -> None:
    target = await create_customer(
        api, phone="420777000111", birthdate="1985-01-02", first_name="Eva", last_name="Malá"
    )
    await create_customer(api, birthdate="1985-01-02")
    source = await source_id(api)
    for query in (
        "phone=420777000111",
        "birthdate=1985-01-02&first_name=eva",
        "last_name=Malá",
        f"customer_source_id={source}&phone=420777000111",
    ):
        found = (await api.get(f"/customers?{query}")).json()["data"]
        assert [c["customer_id"] for c in found["customers"]] == [target], query


async def test_search_customers_strict_needs_every_parameter_otherwise_any_ranks_by_matches(api: Api) -> None:
    both = await create_customer(api, first_name="Zdeňka", last_name="Hledaná", birthdate="1970-03-03")
    first_only = await create_customer(api, first_name="Zdeňka", last_name="Jiná")
    strict = await api.get("/customers/actions/search-customers?first_name=Zdeňka&last_name=Hledaná&mode=strict")
    assert strict.status_code == 200
    assert strict.json()["data"]["strict"] == [{"customer_id": both, "match": 2}]
    loose = await api.get("/customers/actions/search-customers?first_name=zdeňka&last_name=Hledaná")
    assert loose.json()["data"]["strict"] == [
        {"customer_id": both, "match": 2},
        {"customer_id": first_only, "match": 1},
    ]
    empty = await api.get("/customers/actions/search-customers?card_number=123&mode=strict")
    assert empty.json()["data"]["strict"] == []
    nothing = await api.get("/customers/actions/search-customers")
    assert nothing.status_code == 400
    assert (await api.get("/customers/actions/search-customers?first_name=x&mode=fuzzy")).status_code == 400


async def test_additional_addresses_are_created_read_listed_and_replaced(api: Api, read: Read) -> None:
    customer_id = await create_customer(api)
    body = {
        "additional_address": {
            "address_type": "delivery",
            "address": {"address1": "Dlouhá 5", "city": "Brno", "zip": "60200", "country_code": "CZ"},
        }
    }
    created = await api.post(f"/customers/{customer_id}/addresses", body)
    assert created.status_code == 201
    address_id = created.json()["data"]["additional_address_id"]
    one = (await api.get(f"/customers/{customer_id}/addresses/{address_id}")).json()["data"]
    assert one == {
        "additional_address_id": address_id,
        "address_type": "delivery",
        "address": {"address1": "Dlouhá 5", "zip": "60200", "city": "Brno", "country_code": "cz"},
    }
    await api.post(
        f"/customers/{customer_id}/addresses",
        {"additional_address": {"address_type": "billing", "address": {"city": "Praha"}}},
    )
    listed = (await api.get(f"/customers/{customer_id}/addresses?customer_address_type_id=billing")).json()["data"]
    assert [a["address_type"] for a in listed["addresses"]] == ["billing"]
    assert listed["total_items"] == 1
    replaced = await api.put(
        f"/customers/{customer_id}/addresses/{address_id}",
        {"additional_address": {"address_type": "work", "address": {"city": "Ostrava"}}},
    )
    assert replaced.status_code == 204
    stored = await read(lambda s: s.get(ClientAddress, (business(api), int(address_id))))
    assert (stored.address_type, stored.city, stored.address1) == ("work", "Ostrava", None)
    missing = await api.post(f"/customers/{customer_id}/addresses", {"additional_address": {"address": {}}})
    assert missing.status_code == 400
    assert missing.json()["error"]["error_data"]["invalid_params"][0]["name"] == "additional_address.address_type"
    other = await create_customer(api)
    assert (await api.get(f"/customers/{other}/addresses/{address_id}")).status_code == 404


async def test_customer_segment_records_list_the_memberships(api: Api) -> None:
    customer_id = await create_customer(api)
    segment_id = (await api.post("/segments", {"name": "VIP"})).json()["data"]["segment_id"]
    await api.post(f"/segments/{segment_id}/actions/add-customer", {"customer_id": customer_id})
    records = (await api.get(f"/customers/{customer_id}/segment-records")).json()["data"]
    assert [(r["segment_id"], r["customer_id"]) for r in records["segment_records"]] == [(segment_id, customer_id)]
    assert records["total_items"] == 1


async def test_a_customer_written_elsewhere_reads_as_a_customer(api: Api, context: Context) -> None:
    tenant = Tenant(business(api), default_region="CZ")
    async with context.db.transaction() as session:
        client = await clients.create(
            session,
            tenant,
            ClientChanges(
                first_name="Petr",
                last_name="Nový",
                mobile_phone="601 555 444",
                gender=Gender.MALE,
                country="Czech Republic",
            ),
        )
    record = (await api.get(f"/customers/{client.id}")).json()["data"]["personal_information"]
    assert (record["phone"], record["gender"], record["language_id"]) == ("420601555444", 1, "en")
    assert "country_code" not in record.get("address", {})


async def test_put_keeps_the_customer_source_and_its_external_id(api: Api, read: Read) -> None:
    customer_id = await create_customer(api)
    before = await read(lambda s: s.get(Client, (business(api), int(customer_id))))
    await api.put(f"/customers/{customer_id}", {"customer": {"personal_information": {"language_id": "de"}}})
    after = await read(lambda s: s.get(Client, (business(api), int(customer_id))))
    assert after.customer_source_id == before.customer_source_id
    assert after.extra["carecloud"]["source_external_id"] == "ext-1"
