"""CareCloud cards and card types: what an integrator creates, reads, lists, assigns and imports, and how a card then
identifies its customer (card login, search-customers); each answer validated against the vendor's spec by
`Api.request`."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Card, CardType, Event
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer, customer_body, source_id

PASSWORD = "Secret123x"


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def _written(read: Read, business_id: int) -> tuple[int, int, int]:
    """(cards, card types, events) the business has: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, int, int]:
        counts = []
        for model in (Card, CardType, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            counts.append(int(await session.scalar(query) or 0))
        return counts[0], counts[1], counts[2]

    result: tuple[int, int, int] = await read(count)
    return result


async def default_type(api: Api) -> str:
    types = (await api.get("/card-types")).json()["data"]
    card_type_id: str = types["card_types"][0]["card_type_id"]
    return card_type_id


async def new_card(api: Api, number: str, **fields: Any) -> str:
    card = {"card_type_id": await default_type(api), "card_number": number, "state": 1, **fields}
    response = await api.post("/cards", {"card": card})
    assert response.status_code == 201, response.text
    card_id: str = response.json()["data"]["card_id"]
    return card_id


def invalid(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(p["name"], p["reason"]) for p in response.json()["error"]["error_data"]["invalid_params"]]


async def test_a_new_business_has_a_default_card_type_and_can_add_its_own(api: Api) -> None:
    listed = (await api.get("/card-types")).json()["data"]
    assert listed["total_items"] == 1
    assert {k: v for k, v in listed["card_types"][0].items() if k != "card_type_id"} == {
        "text_id": "loyalty_card",
        "name": "Loyalty card",
        "prefix": "",
    }
    made = await api.post("/card-types", {"card_type": {"name": "Členská karta", "prefix": "77"}})
    assert made.status_code == 201
    member = made.json()["data"]["card_type_id"]
    renamed = await api.put(f"/card-types/{member}", {"card_type": {"name": "Member card", "prefix": "78"}})
    assert renamed.status_code == 204
    one = (await api.get(f"/card-types/{member}")).json()["data"]
    assert (one["name"], one["text_id"], one["prefix"]) == ("Member card", "clenska_karta", "78")
    assert (await api.get("/card-types?name=MEMBER")).json()["data"]["total_items"] == 1
    by_text = (await api.get("/card-types?text_id[]=loyalty_card&text_id[]=clenska_karta&sort_field=name")).json()
    assert [t["name"] for t in by_text["data"]["card_types"]] == ["Loyalty card", "Member card"]


async def test_a_card_type_without_a_name_is_refused_naming_it_and_nothing_written(api: Api, read: Read) -> None:
    before = await _written(read, business(api))
    assert invalid(await api.post("/card-types", {"card_type": {"name": " ", "prefix": ""}})) == [
        ("card_type.name", "required")
    ]
    assert invalid(await api.post("/card-types", {"card_type": {"name": "X", "prefix": "7 7"}})) == [
        ("card_type.prefix", "invalid_value_format")
    ]
    assert await _written(read, business(api)) == before


async def test_a_card_is_created_read_and_replaced(api: Api) -> None:
    customer = await create_customer(api)
    card_id = await new_card(
        api, "1000000000016", customer_id=customer, secondary_card_number="AXN", valid_from="2021-04-14 00:00:00"
    )
    card = (await api.get(f"/cards/{card_id}")).json()["data"]
    assert (card["card_number"], card["customer_id"], card["secondary_card_number"], card["state"]) == (
        "1000000000016",
        customer,
        "AXN",
        1,
    )
    assert card["valid_from"] == "2021-04-14 00:00:00"
    replaced = {"card_type_id": card["card_type_id"], "card_number": "1000000000017", "state": 0}
    assert (await api.put(f"/cards/{card_id}", {"card": replaced})).status_code == 204
    after = (await api.get(f"/cards/{card_id}")).json()["data"]
    assert (after["card_number"], after["state"]) == ("1000000000017", 0)
    assert {"customer_id", "secondary_card_number"}.isdisjoint(after)  # a PUT replaces the card whole


async def test_a_taken_card_number_is_refused_naming_it_and_nothing_written(api: Api, read: Read) -> None:
    await new_card(api, "2000000000025")
    other = await new_card(api, "2000000000026")
    before = await _written(read, business(api))
    card = {"card_type_id": await default_type(api), "card_number": "2000000000025", "state": 1}
    assert invalid(await api.post("/cards", {"card": card})) == [("card.card_number", "already_exists")]
    assert invalid(await api.put(f"/cards/{other}", {"card": card})) == [("card.card_number", "already_exists")]
    assert await _written(read, business(api)) == before


async def test_concurrent_creates_of_one_card_number_let_exactly_one_through(api: Api, read: Read) -> None:
    card = {"card_type_id": await default_type(api), "card_number": "3000000000034", "state": 1}
    answers = await asyncio.gather(*(api.post("/cards", {"card": card}) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [201, 400, 400, 400]
    assert (await api.get("/cards?card_number=3000000000034")).json()["data"]["total_items"] == 1


async def test_bad_cards_are_refused_naming_each_field_and_nothing_written(api: Api, read: Read) -> None:
    card_type = await default_type(api)
    before = await _written(read, business(api))
    cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
        ({"card_type_id": card_type, "state": 1}, [("card.card_number", "required")]),
        ({"card_type_id": card_type, "card_number": "9", "state": 3}, [("card.state", "not_allowed_value")]),
        ({"card_type_id": card_type, "card_number": "9", "state": True}, [("card.state", "invalid_value_format")]),
        ({"card_type_id": card_type, "card_number": "9 9", "state": 1}, [("card.card_number", "invalid_value_format")]),
        ({"card_type_id": "999999", "card_number": "9", "state": 1}, [("card.card_type_id", "not_found")]),
        (
            {"card_type_id": card_type, "card_number": "9", "state": 1, "customer_id": "999999"},
            [("card.customer_id", "not_found")],
        ),
        (
            {"card_type_id": card_type, "card_number": "9", "state": 1, "valid_to": "soon"},
            [("card.valid_to", "invalid_value_format")],
        ),
        (
            {
                "card_type_id": card_type,
                "card_number": "9",
                "state": 1,
                "valid_from": "2030-01-02 00:00:00",
                "valid_to": "2030-01-01 00:00:00",
            },
            [("card.valid_to", "not_allowed_value")],
        ),
    ]
    for card, expected in cases:
        assert invalid(await api.post("/cards", {"card": card})) == expected, card
    assert await _written(read, business(api)) == before


async def test_card_lists_filter_sort_and_page_with_exact_totals(api: Api) -> None:
    ada, bob = await create_customer(api), await create_customer(api)
    await new_card(api, "L-3", customer_id=ada)
    await new_card(api, "L-1", customer_id=ada, state=0)
    await new_card(api, "L-2", customer_id=bob, secondary_card_number="S-2")
    await new_card(api, "L-4", valid_to="2001-01-01 00:00:00", valid_from="2000-01-01 00:00:00")
    page = (await api.get("/cards?sort_field=card_number&sort_direction=DESC&count=2&offset=1")).json()["data"]
    assert (page["total_items"], [c["card_number"] for c in page["cards"]]) == (4, ["L-3", "L-2"])

    async def numbers(query: str) -> list[str]:
        answer = (await api.get(f"/cards?sort_field=card_number&{query}")).json()["data"]
        assert answer["total_items"] == len(answer["cards"])
        return [c["card_number"] for c in answer["cards"]]

    assert await numbers(f"customer_id={ada}") == ["L-1", "L-3"]
    assert await numbers("state=0") == ["L-1"]
    assert await numbers("is_valid=false") == ["L-4"]
    assert await numbers("card_number_list[]=L-2&card_number_list[]=L-4") == ["L-2", "L-4"]
    assert await numbers("card_number=S-2&search_secondary_card_number=true") == ["L-2"]
    mine = (
        await api.get(f"/customers/{ada}/cards?is_valid=true&card_number_list[]=L-3&card_number_list[]=L-4")
    ).json()["data"]
    assert [c["card_number"] for c in mine["cards"]] == ["L-3"]
    of_type = (await api.get(f"/card-types/{await default_type(api)}/cards?customer_id={bob}")).json()["data"]
    assert [c["card_number"] for c in of_type["cards"]] == ["L-2"]
    assert invalid(await api.get("/cards?state=5")) == [("state", "not_allowed_value")]
    assert invalid(await api.get("/cards?sort_field=nope")) == [("sort_field", "not_allowed_value")]


async def test_a_free_card_is_assigned_once_and_validated(api: Api, read: Read) -> None:
    ada, bob = await create_customer(api), await create_customer(api)
    card_type = await default_type(api)
    pool = await new_card(api, "F-1")
    assert (await api.post("/cards/actions/validate-free-card", {"card_number": "F-1"})).json() == {
        "data": {"is_free_to_use": True}
    }
    given = await api.post("/cards/actions/assign-free-card", {"card_type_id": card_type, "customer_id": ada})
    assert given.status_code == 200
    assert given.json()["data"]["card_id"] == pool
    assert (await api.get(f"/cards/{pool}")).json()["data"]["customer_id"] == ada
    assert (await api.post("/cards/actions/validate-free-card", {"card_number": "F-1"})).json()["data"] == {
        "is_free_to_use": False
    }
    before = await _written(read, business(api))
    taken = await api.post(
        "/cards/actions/assign-free-card", {"card_type_id": card_type, "customer_id": bob, "card_number": "F-1"}
    )
    assert invalid(taken) == [("card_number", "not_allowed_value")]
    again = await api.post("/cards/actions/assign-free-card", {"card_type_id": card_type, "customer_id": ada})
    assert invalid(again) == [("card_type_id", "already_exists")]
    assert await _written(read, business(api)) == before


async def test_a_batch_is_all_or_nothing_unless_asked_to_keep_going(api: Api, read: Read) -> None:
    card_type = await default_type(api)
    cards = [
        {"card_type_id": card_type, "card_number": "B-1", "state": 1},
        {"card_type_id": card_type, "card_number": "B-1", "state": 1},
        {"card_type_id": card_type, "state": 1},
        {"card_type_id": card_type, "card_number": "B-2", "state": 1, "customer_id": "999999"},
        {"card_type_id": card_type, "card_number": "B-3", "state": 1},
    ]
    before = await _written(read, business(api))
    assert invalid(await api.post("/cards/batch", {"cards": cards})) == [("cards.1.card_number", "already_exists")]
    assert await _written(read, business(api)) == before
    assert (await api.post("/cards/batch", {"cards": cards, "error_processing": 2})).status_code == 204
    listed = (await api.get("/cards?card_number_list[]=B-1&card_number_list[]=B-2&card_number_list[]=B-3")).json()
    assert sorted(c["card_number"] for c in listed["data"]["cards"]) == ["B-1", "B-3"]
    assert invalid(await api.post("/cards/batch", {"cards": cards[2:3]})) == [("cards.0.card_number", "required")]


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer = await create_customer(api)
    card_type = await default_type(api)
    card_id = await new_card(api, "T-1", customer_id=customer)
    await new_card(api, "T-2")
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await _written(read, business(api))
    assert (await other.get(f"/cards/{card_id}")).status_code == 404
    assert (await other.get(f"/card-types/{card_type}")).status_code == 404
    assert (await other.get(f"/card-types/{card_type}/cards")).status_code == 404
    assert (await other.get(f"/customers/{customer}/cards")).status_code == 404
    assert (await other.put(f"/card-types/{card_type}", {"card_type": {"name": "x", "prefix": ""}})).status_code == 404
    body = {"card": {"card_type_id": card_type, "card_number": "T-9", "state": 1}}
    assert (await other.put(f"/cards/{card_id}", body)).status_code == 404
    assert invalid(await other.post("/cards", body)) == [("card.card_type_id", "not_found")]
    assert invalid(await other.get(f"/cards?customer_id={customer}")) == [("customer_id", "not_found")]
    assigned = await other.post("/cards/actions/assign-free-card", {"card_type_id": card_type, "customer_id": customer})
    assert invalid(assigned) == [("customer_id", "not_found")]
    free = await other.post("/cards/actions/validate-free-card", {"card_number": "T-2"})
    assert free.json()["data"]["is_free_to_use"] is False
    assert (await other.get("/cards")).json()["data"]["total_items"] == 0
    assert await _written(read, business(api)) == before


async def test_a_customer_logs_in_by_card_and_sees_only_their_own_cards(api: Api, customer_api: Api) -> None:
    body = customer_body(await source_id(api))
    body["password"] = PASSWORD
    customer = (await api.post("/customers", body)).json()["data"]["customer_id"]
    mine = await new_card(api, "C-1", customer_id=customer)
    theirs = await new_card(api, "C-2", customer_id=await create_customer(api))
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    login = {"login_type": "card", "login_value": "C-1", "password": PASSWORD}
    wrong = await customer_api.post(f"/tokens/{token}/actions/login", {**login, "login_value": "C-2"})
    assert wrong.status_code == 401
    assert (await customer_api.post(f"/tokens/{token}/actions/login", login)).json()["data"]["customer_id"] == customer
    listed = (await customer_api.get("/cards")).json()["data"]
    assert [c["card_id"] for c in listed["cards"]] == [mine]
    assert (await customer_api.get(f"/cards/{theirs}")).status_code == 403
    refused = await customer_api.post("/cards", {"card": {"card_type_id": "1", "card_number": "C-3", "state": 1}})
    assert refused.status_code == 403
    verified = await api.post("/customers/actions/verify-credentials", login)
    assert verified.json()["data"]["customer_id"] == customer


async def test_search_customers_finds_the_holder_of_a_card(api: Api) -> None:
    customer = await create_customer(api, first_name="Karta")
    await new_card(api, "S-1", customer_id=customer)
    found = (await api.get("/customers/actions/search-customers?card_number=S-1&first_name=Karta&mode=strict")).json()
    assert found["data"]["strict"] == [{"customer_id": customer, "match": 2}]
    nobody = (await api.get("/customers/actions/search-customers?card_number=S-9&mode=strict")).json()
    assert nobody["data"]["strict"] == []


async def test_a_logged_in_customer_takes_a_free_card_for_themselves_only(
    api: Api, customer_api: Api, read: Read
) -> None:
    body = customer_body(await source_id(api))
    body["password"] = PASSWORD
    customer = (await api.post("/customers", body)).json()["data"]["customer_id"]
    other = await create_customer(api)
    card_type = await default_type(api)
    await new_card(api, "P-1")
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    email = body["customer"]["personal_information"]["email"]
    login = {"login_type": "email", "login_value": email, "password": PASSWORD}
    assert (await customer_api.post(f"/tokens/{token}/actions/login", login)).status_code == 200
    before = await _written(read, business(api))
    for_other = await customer_api.post(
        "/cards/actions/assign-free-card", {"card_type_id": card_type, "customer_id": other}
    )
    assert for_other.status_code == 403
    assert await _written(read, business(api)) == before
    mine = await customer_api.post(
        "/cards/actions/assign-free-card", {"card_type_id": card_type, "customer_id": customer}
    )
    assert mine.status_code == 200
    # the card the customer now holds is theirs to use; to the enterprise interface it is taken
    held = {"card_number": "P-1"}
    assert (await customer_api.post("/cards/actions/validate-free-card", held)).json()["data"]["is_free_to_use"]
    assert not (await api.post("/cards/actions/validate-free-card", held)).json()["data"]["is_free_to_use"]
