"""CareCloud product catalogue: brands, groups and products loaded in batches (created, then updated by their own
keys), read back in lists and records, each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event, Product, ProductBrand, ProductCode, ProductGroup
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def _written(read: Read, business_id: int) -> tuple[int, ...]:
    """(brands, groups, products, codes, events) of the business: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, ...]:
        found = []
        for model in (ProductBrand, ProductGroup, Product, ProductCode, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            found.append(int(await session.scalar(query) or 0))
        return tuple(found)

    result: tuple[int, ...] = await read(count)
    return result


def _refused(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(p["name"], p["reason"]) for p in response.json()["error"]["error_data"]["invalid_params"]]


async def _load(api: Api, resource: str, items: list[dict[str, Any]]) -> None:
    response = await api.post(f"/{resource}/batch", {resource.replace("-", "_"): items})
    assert response.status_code == 204, response.text


async def _catalogue(api: Api) -> dict[str, str]:
    await _load(api, "product-brands", [{"name": "Acme", "external_id": "B1"}])
    await _load(
        api,
        "product-groups",
        [
            {"name": "Drinks", "external_id": "G1", "code": "drinks"},
            {"name": "Tea", "external_id": "G2", "parent_external_id": "G1"},
        ],
    )
    product = {
        "name": "Green tea",
        "code": "TEA-1",
        "plu_ids": [{"list_code": "EAN", "code": "8590000000017"}],
        "product_group_external_id": "G2",
        "product_brand_external_id": "B1",
        "prices": [{"currency_id": "CZK", "value": 49.9}],
    }
    await _load(api, "products", [product])
    products = (await api.get("/products")).json()["data"]["products"]
    groups = {
        g["external_id"]: g["product_group_id"]
        for g in (await api.get("/product-groups")).json()["data"]["product_groups"]
    }
    brand = (await api.get("/product-brands")).json()["data"]["product_brands"][0]["product_brand_id"]
    return {"product": products[0]["product_id"], "drinks": groups["G1"], "tea": groups["G2"], "brand": brand}


async def test_a_catalogue_loaded_in_batches_reads_back_linked(api: Api) -> None:
    ids = await _catalogue(api)
    product = (await api.get(f"/products/{ids['product']}")).json()["data"]
    assert (product["name"], product["code"], product["external_id"]) == ("Green tea", "TEA-1", "8590000000017")
    assert product["plu_ids"] == [{"list_code": "EAN", "code": "8590000000017"}]
    assert (product["product_group_id"], product["product_brand_id"]) == (ids["tea"], ids["brand"])
    assert product["prices"] == [{"currency_id": "CZK", "value": 49.9}]
    tea = (await api.get(f"/product-groups/{ids['tea']}")).json()["data"]
    assert (tea["parent_product_group_id"], tea["parent_external_id"], tea["state"]) == (ids["drinks"], "G1", 1)
    brand = (await api.get(f"/product-brands/{ids['brand']}")).json()["data"]
    assert brand == {"product_brand_id": ids["brand"], "name": "Acme", "external_id": "B1"}


async def test_a_batch_updates_what_its_keys_name_and_never_erases(api: Api) -> None:
    ids = await _catalogue(api)
    await _load(api, "product-brands", [{"name": "Acme Foods", "external_id": "B1"}])
    again = {
        "name": "Green tea 50 g",
        "plu_ids": [{"list_code": "EAN", "code": "8590000000017"}, {"list_code": "POS", "code": "17"}],
    }
    await _load(api, "products", [{**again, "prices": [{"currency_id": "EUR", "value": 2}]}])
    listed = (await api.get("/products")).json()["data"]
    assert listed["total_items"] == 1
    product = listed["products"][0]
    assert (product["product_id"], product["name"], product["code"]) == (ids["product"], "Green tea 50 g", "TEA-1")
    assert product["product_group_id"] == ids["tea"]  # left out: kept
    assert sorted((p["currency_id"], p["value"]) for p in product["prices"]) == [("CZK", 49.9), ("EUR", 2)]
    assert [c["code"] for c in product["plu_ids"]] == ["8590000000017", "17"]
    by_pos = (await api.get("/products?external_id=17&external_type_code=POS")).json()["data"]
    assert [p["product_id"] for p in by_pos["products"]] == [ids["product"]]
    assert (await api.get("/products?external_id=17&external_type_code=EAN")).json()["data"]["total_items"] == 0
    brands = (await api.get("/product-brands")).json()["data"]
    assert [(b["name"], b["product_brand_id"]) for b in brands["product_brands"]] == [("Acme Foods", ids["brand"])]


async def test_a_refused_batch_writes_nothing_and_names_the_item(api: Api, read: Read) -> None:
    await _catalogue(api)
    before = await _written(read, business(api))
    ok = {"name": "Black tea", "plu_ids": [{"list_code": "EAN", "code": "8590000000024"}]}
    oolong = {"name": "Oolong", "plu_ids": [{"list_code": "EAN", "code": "8590000000031"}]}
    cases: list[tuple[str, dict[str, Any], tuple[str, str]]] = [
        ("products", {"name": "No code"}, ("products.1.plu_ids", "required")),
        ("products", {**oolong, "name": ""}, ("products.1.name", "required")),
        (
            "products",
            {**oolong, "product_group_external_id": "nope"},
            ("products.1.product_group_external_id", "not_found"),
        ),
        ("products", {**oolong, "store_id": "999999"}, ("products.1.store_id", "not_found")),
        ("products", {**oolong, "partner_id": "999999"}, ("products.1.partner_id", "not_found")),
        (
            "products",
            {**oolong, "prices": [{"currency_id": "XXX", "value": 1}]},
            ("products.1.prices.0.currency_id", "not_found"),
        ),
        (
            "products",
            {**oolong, "prices": [{"currency_id": "CZK", "value": -1}]},
            ("products.1.prices.0.value", "not_allowed_value"),
        ),
        (
            "products",
            {**oolong, "property_records": [{"property_id": "1"}]},
            ("products.1.property_records.0.property_id", "not_found"),
        ),
        ("products", {**oolong, "product_id": "999999"}, ("products.1.product_id", "not_found")),
        (
            "product-groups",
            {"name": "Loose", "external_id": "G9", "parent_external_id": "nope"},
            ("product_groups.1.parent_external_id", "not_found"),
        ),
        ("product-brands", {"name": "No key"}, ("product_brands.1.external_id", "required")),
    ]
    firsts = {
        "products": ok,
        "product-groups": {"name": "Fine", "external_id": "G8"},
        "product-brands": {"name": "Fine", "external_id": "B8"},
    }
    for resource, item, refusal in cases:
        response = await api.post(f"/{resource}/batch", {resource.replace("-", "_"): [firsts[resource], item]})
        assert _refused(response) == [refusal], item
    brands = {"product_brands": [{"name": "A", "external_id": "B9"}, {"name": "B", "external_id": "B9"}]}
    assert _refused(await api.post("/product-brands/batch", brands)) == [
        ("product_brands.1.external_id", "already_exists")
    ]
    tea = (await api.get("/product-groups?external_id=G2")).json()["data"]["product_groups"][0]["product_group_id"]
    renamed = {"product_groups": [{"product_group_id": tea, "name": "Tea", "external_id": "G1"}]}
    assert _refused(await api.post("/product-groups/batch", renamed)) == [
        ("product_groups.0.external_id", "already_exists")
    ]
    twice = {"products": [ok, {**ok, "name": "Same code"}]}
    assert _refused(await api.post("/products/batch", twice)) == [("products.1.plu_ids", "already_exists")]
    assert await _written(read, business(api)) == before


async def test_a_group_is_never_its_own_ancestor(api: Api, read: Read) -> None:
    await _catalogue(api)
    before = await _written(read, business(api))
    response = await api.post(
        "/product-groups/batch",
        {"product_groups": [{"name": "Drinks", "external_id": "G1", "parent_external_id": "G2"}]},
    )
    assert _refused(response) == [("product_groups.0.parent_product_group_id", "not_allowed_value")]
    assert await _written(read, business(api)) == before


async def test_lists_filter_page_and_sort(api: Api) -> None:
    items = [
        {"name": f"Tea {n}", "code": f"T{n}", "plu_ids": [{"list_code": "EAN", "code": f"0{n}"}]} for n in range(1, 4)
    ]
    await _load(api, "products", items)
    page = (await api.get("/products?count=2&offset=1&sort_field=code&sort_direction=DESC")).json()["data"]
    assert page["total_items"] == 3
    assert [p["code"] for p in page["products"]] == ["T2", "T1"]
    assert [p["name"] for p in (await api.get("/products?name=tea 3")).json()["data"]["products"]] == ["Tea 3"]
    assert (await api.get("/products?code=T2")).json()["data"]["total_items"] == 1
    assert (await api.get("/products?tag_ids[]=1")).json()["data"]["total_items"] == 0
    assert _refused(await api.get("/products?sort_field=nope")) == [("sort_field", "not_allowed_value")]
    assert (await api.get("/products/tags")).json()["data"] == {"tags": [], "total_items": 0}
    assert (await api.get("/product-properties")).json()["data"] == {"product_properties": [], "total_items": 0}
    assert (await api.get("/product-properties/1")).status_code == 404


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    ids = await _catalogue(api)
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await _written(read, business(api))
    assert (await other.get(f"/products/{ids['product']}")).status_code == 404
    assert (await other.get(f"/product-groups/{ids['tea']}")).status_code == 404
    assert (await other.get(f"/product-brands/{ids['brand']}")).status_code == 404
    assert (await other.get("/products")).json()["data"]["total_items"] == 0
    theirs = {"name": "Stolen", "product_id": ids["product"], "plu_ids": [{"list_code": "EAN", "code": "1"}]}
    assert _refused(await other.post("/products/batch", {"products": [theirs]})) == [
        ("products.0.product_id", "not_found")
    ]
    linked = {"name": "Linked", "plu_ids": [{"list_code": "EAN", "code": "2"}], "product_group_id": ids["tea"]}
    assert _refused(await other.post("/products/batch", {"products": [linked]})) == [
        ("products.0.product_group_id", "not_found")
    ]
    group = {"name": "G", "external_id": "X", "parent_product_group_id": ids["drinks"]}
    assert _refused(await other.post("/product-groups/batch", {"product_groups": [group]})) == [
        ("product_groups.0.parent_product_group_id", "not_found")
    ]
    assert await _written(read, business(api)) == before
    same_code = {"name": "Their tea", "plu_ids": [{"list_code": "EAN", "code": "8590000000017"}]}
    assert (await other.post("/products/batch", {"products": [same_code]})).status_code == 204  # codes are per business
    assert (await api.get(f"/products/{ids['product']}")).json()["data"]["name"] == "Green tea"


async def test_the_batches_are_enterprise_only(customer_api: Api, read: Read) -> None:
    before = await _written(read, business(customer_api))
    body = {"products": [{"name": "X", "plu_ids": [{"list_code": "EAN", "code": "1"}]}]}
    assert (await customer_api.post("/products/batch", body)).status_code == 403
    assert await _written(read, business(customer_api)) == before


async def test_a_batch_refusing_more_items_than_the_spec_lists_names_the_first_thousand(api: Api, read: Read) -> None:
    """The spec's `invalid_params` holds at most 1,000 items: 600 empty brands, each without its name and its key,
    are refused with the first 1,000 of their 1,200 refusals named and the rest counted in the message (`Api` checks
    the answer against the spec)."""
    before = await _written(read, business(api))
    response = await api.post("/product-brands/batch", {"product_brands": [{} for _ in range(600)]})
    assert response.status_code == 400
    error = response.json()["error"]
    named = [p["name"] for p in error["error_data"]["invalid_params"]]
    assert len(named) == 1000
    assert all(name.startswith("product_brands.") for name in named)
    assert error["detail"].endswith("; and 200 more")
    assert await _written(read, business(api)) == before
