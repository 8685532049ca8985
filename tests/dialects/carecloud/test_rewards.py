"""CareCloud rewards: reward types, create-simple-reward and its refusals, the lists and their filters, a reward's
stores, tags and products, a customer's rewards, and other businesses' ids; every answer checked against the spec."""

from __future__ import annotations

from typing import Any

from clientbook.core import tags
from clientbook.core.tenants import tenant_of
from clientbook.store.models import Business
from clientbook.store.repositories.client_records import TagRepository
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer
from .reward_fixtures import business, counts, create_reward, logged_in, refused_fields, reward_type_id, simple_reward

TYPES = ["Product with fixed discount", "Product with a discount in percentages", "Product for discounted price"]


async def _tag(context: Any, api: Api, customer_id: str, name: str) -> str:
    """A tag of the business (tags are created by using them on a customer)."""
    async with context.db.transaction() as session:
        who = tenant_of(await session.get(Business, business(api)), actor="test")
        await tags.set_for_client(session, who, int(customer_id), [name])
        found = await TagRepository(session).by_keys(who.business_id, [tags.tag_key(name)])
    return str(found[tags.tag_key(name)].id)


async def test_a_new_business_has_a_reward_type_per_behaviour(api: Api) -> None:
    listed = (await api.get("/reward-types?sort_field=name")).json()["data"]
    assert listed["total_items"] == 4
    assert sorted(t["name"] for t in listed["reward_types"]) == sorted([*TYPES, "Gift card"])
    one = listed["reward_types"][0]
    assert (await api.get(f"/reward-types/{one['reward_type_id']}")).json()["data"] == one
    assert (await api.get("/reward-types/999999")).status_code == 404
    assert (await api.get("/reward-types?name=percent")).json()["data"]["total_items"] == 1


async def test_a_simple_reward_reads_back_in_the_readers_language_with_its_stores(api: Api) -> None:
    store = str(api.tenant["branches"][0]["id"])
    reward_id = await create_reward(api, points_cost=25, stores=[{"store_id": store}], priority=2)
    found = await api.get(f"/rewards/{reward_id}")
    reward = found.json()["data"]
    assert (reward["name"], reward["points_cost"], reward["reward_group"], reward["priority"]) == (
        "Free coffee",
        25,
        4,
        2,
    )
    assert [s["store_id"] for s in reward["store_list"]] == [store]
    czech = (await api.get(f"/rewards/{reward_id}", headers={"Accept-Language": "cs"})).json()["data"]
    assert czech["name"] == "Káva zdarma"
    listed = (await api.get(f"/rewards?code={reward['code']}")).json()["data"]
    assert listed["total_items"] == 1
    assert listed["rewards"][0]["store_list"] == []  # without_stores unless asked
    with_stores = (await api.get(f"/rewards?code={reward['code']}&without_stores=false")).json()["data"]
    assert [s["store_id"] for s in with_stores["rewards"][0]["store_list"]] == [store]
    stores = (await api.get(f"/rewards/{reward_id}/stores")).json()["data"]
    assert [s["store_id"] for s in stores["stores"]] == [store]


async def test_a_reward_naming_no_store_is_valid_in_every_store(api: Api) -> None:
    reward_id = await create_reward(api)
    stores = (await api.get(f"/rewards/{reward_id}/stores")).json()["data"]
    assert stores["total_items"] == len(api.tenant["branches"])
    elsewhere = (await api.get(f"/rewards?store_id={api.tenant['branches'][0]['id']}")).json()["data"]
    assert reward_id in [r["reward_id"] for r in elsewhere["rewards"]]


async def test_rewards_list_with_exact_totals_filters_and_order(api: Api) -> None:
    for cost in (30, 10, 20):
        await create_reward(api, points_cost=cost, names=[{"language_code": "en", "text": f"Cake {cost}"}])
    await create_reward(api, valid_date_to="2020-01-31")
    page = (await api.get("/rewards?name=cake&sort_field=points_cost&sort_direction=DESC&count=2&offset=1")).json()
    assert page["data"]["total_items"] == 3
    assert [r["points_cost"] for r in page["data"]["rewards"]] == [20, 10]
    valid = (await api.get("/rewards?is_valid=true")).json()["data"]
    lapsed = (await api.get("/rewards?is_valid=false")).json()["data"]
    assert (valid["total_items"], lapsed["total_items"]) == (3, 1)
    assert (await api.get("/rewards?is_automated=true")).json()["data"]["total_items"] == 0
    assert (await api.get("/rewards?reward_group=4")).json()["data"]["total_items"] == 4
    assert refused_fields(await api.get("/rewards?sort_field=store_list")) == ["sort_field"]


async def test_create_simple_reward_refusals_name_the_field_and_write_nothing(api: Api, read: Read) -> None:
    percentage = await reward_type_id(api, "Product with a discount in percentages")
    taken = await create_reward(api)
    code = (await api.get(f"/rewards/{taken}")).json()["data"]["code"]
    before = await counts(read, business(api))
    cases = [
        ({"code": "TEN-OFF"}, "simple_reward.code"),
        ({"code": code}, "simple_reward.code"),
        ({"reward_type_id": percentage, "reward_type_value": 120}, "simple_reward.reward_type_value"),
        ({"voucher_validity_value": None}, "simple_reward.voucher_validity_value"),
        ({"voucher_validity_value": "fortnight"}, "simple_reward.voucher_validity_value"),
        ({"stores": [{"store_id": "999999"}]}, "simple_reward.stores.0.store_id"),
        ({"global_reward": False}, "simple_reward.partner_id"),
        ({"global_reward": False, "partner_id": "999999"}, "simple_reward.partner_id"),
        ({"valid_date_from": "2030-02-01", "valid_date_to": "2030-01-01"}, "simple_reward.valid_date_to"),
        ({"points_cost": -5}, "simple_reward.points_cost"),
    ]
    for given, field in cases:
        body = simple_reward(await reward_type_id(api, TYPES[0]), **given)
        assert refused_fields(await api.post("/rewards/actions/create-simple-reward", body)) == [field], given
    unknown_type = simple_reward("999999")
    answer = await api.post("/rewards/actions/create-simple-reward", unknown_type)
    assert refused_fields(answer) == ["simple_reward.reward_type_id"]
    assert await counts(read, business(api)) == before


async def _products(api: Api) -> dict[str, str]:
    """Two catalogue products: EAN 111 and 222 in the POS's list; their ids by code."""
    items = [{"name": f"Cake {n}", "code": f"CAKE-{n}", "plu_ids": [{"list_code": "EAN", "code": n}]} for n in "12"]
    assert (await api.post("/products/batch", {"products": items})).status_code == 204
    listed = (await api.get("/products")).json()["data"]["products"]
    return {p["code"]: p["product_id"] for p in listed}


async def test_set_products_names_catalogue_products_as_conditions_and_bonuses(api: Api, read: Read) -> None:
    reward_id = await create_reward(api)
    cakes = await _products(api)
    body = {
        "products": [
            {"product_id": cakes["CAKE-1"], "reward_product_relation_type": 0},
            {"plu_id": {"list_code": "EAN", "code": "2"}, "reward_product_relation_type": 1},
            {"product_id": cakes["CAKE-1"], "reward_product_relation_type": 1},
        ]
    }
    assert (await api.post(f"/rewards/{reward_id}/actions/set-products", body)).status_code == 204
    listed = (await api.get(f"/rewards/{reward_id}/products")).json()["data"]
    assert [(p["product_id"], p["name"], p["reward_product_relation_types"]) for p in listed["products"]] == [
        (cakes["CAKE-1"], "Cake 1", ["bonus", "condition"]),
        (cakes["CAKE-2"], "Cake 2", ["bonus"]),
    ]
    assert listed["products"][1]["plu_ids"] == [{"list_code": "EAN", "code": "2"}]
    conditions = (await api.get(f"/rewards/{reward_id}/products?reward_product_relation_type=condition")).json()
    assert [p["product_id"] for p in conditions["data"]["products"]] == [cakes["CAKE-1"]]
    reward = (await api.get(f"/rewards/{reward_id}")).json()["data"]
    assert (reward["has_product_condition"], reward["has_product_bonus"]) == (True, True)
    replaced = {"products": [{"product_id": cakes["CAKE-2"], "reward_product_relation_type": 0}]}
    assert (await api.post(f"/rewards/{reward_id}/actions/set-products", replaced)).status_code == 204
    after = (await api.get(f"/rewards/{reward_id}/products")).json()["data"]
    assert [p["product_id"] for p in after["products"]] == [cakes["CAKE-2"]]
    for sub in ("product-groups", "product-brands"):
        assert (await api.get(f"/rewards/{reward_id}/{sub}")).json()["data"]["total_items"] == 0
    before = await counts(read, business(api))
    unknown = {
        "products": [
            {"reward_product_relation_type": 0},
            {"product_id": "999999", "reward_product_relation_type": 0},
            {"plu_id": {"list_code": "EAN", "code": "404"}, "reward_product_relation_type": 1},
        ]
    }
    assert refused_fields(await api.post(f"/rewards/{reward_id}/actions/set-products", unknown)) == [
        "products.0.product_id",
        "products.1.product_id",
        "products.2.plu_id",
    ]
    assert await counts(read, business(api)) == before
    assert [p["product_id"] for p in (await api.get(f"/rewards/{reward_id}/products")).json()["data"]["products"]] == [
        cakes["CAKE-2"]
    ]


async def test_rewards_tags_are_the_tags_rewards_carry(api: Api, context: Any) -> None:
    customer = await create_customer(api)
    vip, other = await _tag(context, api, customer, "VIP"), await _tag(context, api, customer, "Newsletter")
    reward_id = await create_reward(api, tags=[{"tag_id": vip}])
    await create_reward(api)
    listed = (await api.get("/rewards/tags")).json()["data"]
    assert [t["tag_id"] for t in listed["tags"]] == [vip]
    tagged = (await api.get(f"/rewards?tag_ids[]={vip}&tag_ids[]={other}")).json()["data"]
    assert [r["reward_id"] for r in tagged["rewards"]] == [reward_id]
    assert tagged["rewards"][0]["tags"][0]["name"] == "VIP"


async def test_a_customer_sees_the_rewards_for_everyone_and_for_their_segments(api: Api, customer_api: Api) -> None:
    mine = await logged_in(api, customer_api)
    segment = (await api.post("/segments", {"name": "Regulars"})).json()["data"]["segment_id"]
    for_segment = await create_reward(api, segments=[{"segment_id": segment}])
    for_everyone = await create_reward(api)
    listed = (await customer_api.get(f"/customers/{mine}/rewards")).json()["data"]
    assert for_segment not in [r["reward_id"] for r in listed["rewards"]]
    assert for_everyone in [r["reward_id"] for r in listed["rewards"]]
    assert (await api.post(f"/segments/{segment}/actions/add-customer", {"customer_id": mine})).status_code == 204
    joined = (await customer_api.get(f"/customers/{mine}/rewards")).json()["data"]
    assert for_segment in [r["reward_id"] for r in joined["rewards"]]
    assert joined["total_items"] == listed["total_items"] + 1
    other = await create_customer(api)
    assert (await customer_api.get(f"/customers/{other}/rewards")).status_code == 403
    refused = await customer_api.post("/rewards/actions/create-simple-reward", simple_reward("1"))
    assert refused.status_code == 403


async def test_another_business_rewards_are_not_found(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    reward_id = await create_reward(api)
    type_id = await reward_type_id(api, TYPES[0])
    other = await api_for(await make_tenant(name="Elsewhere"))
    cakes = await _products(api)
    before = await counts(read, business(api))
    for path in ("", "/stores", "/products", "/product-groups", "/product-brands", "/vouchers"):
        assert (await other.get(f"/rewards/{reward_id}{path}")).status_code == 404, path
    assert (await other.get(f"/reward-types/{type_id}")).status_code == 404
    products = {"products": [{"product_id": "x", "reward_product_relation_type": 0}]}
    assert (await other.post(f"/rewards/{reward_id}/actions/set-products", products)).status_code == 404
    own_reward = await create_reward(other)
    theirs = {"products": [{"product_id": cakes["CAKE-1"], "reward_product_relation_type": 0}]}
    assert refused_fields(await other.post(f"/rewards/{own_reward}/actions/set-products", theirs)) == [
        "products.0.product_id"
    ]
    foreign_type = await other.post("/rewards/actions/create-simple-reward", simple_reward(type_id))
    assert refused_fields(foreign_type) == ["simple_reward.reward_type_id"]
    assert await counts(read, business(api)) == before
    assert [r["reward_id"] for r in (await other.get("/rewards")).json()["data"]["rewards"]] == [own_reward]
