"""Pure translation between the CareCloud wire and the core's product catalogue (no I/O)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clientbook.core.product_catalogue import BrandItem, GroupItem
from clientbook.core.products import Code, ProductItem
from clientbook.store.models.products import Product, ProductBrand, ProductGroup

from . import wire_products as wire
from .conventions import body_id, compact, render_datetime

# Core attribute → wire name, for the refusals of a batch item (`products.3.branch_id` → `products.3.store_id`); an
# item's own `id` is the resource's id field (ID_FIELD).
ITEM_WIRE_NAMES = {
    "branch_id": "store_id",
    "parent_id": "parent_product_group_id",
    "group_id": "product_group_id",
    "group_external_id": "product_group_external_id",
    "brand_id": "product_brand_id",
    "brand_external_id": "product_brand_external_id",
}
ID_FIELD = {"products": "product_id", "product_groups": "product_group_id", "product_brands": "product_brand_id"}

# Wire sort field → core column: every scalar first-level field of the records.
BRAND_SORT = {"product_brand_id": "id", "name": "name", "external_id": "external_id"}
GROUP_SORT = {
    "product_group_id": "id",
    "name": "name",
    "parent_product_group_id": "parent_id",
    "parent_external_id": "parent_id",
    "code": "code",
    "external_id": "external_id",
    "store_id": "branch_id",
    "partner_id": "partner_id",
    "last_change": "updated_at",
    "state": "state",
}
PRODUCT_SORT = {
    "product_id": "id",
    "name": "name",
    "code": "code",
    "external_id": "id",  # a product's first code: the ledger of codes has no order of its own, ids keep theirs
    "product_group_id": "product_group_id",
    "product_brand_id": "product_brand_id",
    "partner_id": "partner_id",
    "last_change": "updated_at",
    "state": "state",
}


def wire_item_field(field: str) -> str:
    """`products.3.branch_id` → `products.3.store_id`; `products.3.id` → `products.3.product_id`."""
    parts = field.split(".")
    if len(parts) < 3 or parts[0] not in ID_FIELD:
        return field
    name = ID_FIELD[parts[0]] if parts[2] == "id" else ITEM_WIRE_NAMES.get(parts[2]) or parts[2]
    return ".".join([*parts[:2], name, *parts[3:]])


def brand_item(index: int, given: wire.ProductBrandIn) -> BrandItem:
    at = f"product_brands.{index}"
    return BrandItem(
        id=body_id(given.product_brand_id, f"{at}.product_brand_id"), name=given.name, external_id=given.external_id
    )


def group_item(index: int, given: wire.ProductGroupIn) -> GroupItem:
    at = f"product_groups.{index}"
    return GroupItem(
        id=body_id(given.product_group_id, f"{at}.product_group_id"),
        name=given.name,
        external_id=given.external_id,
        parent_id=body_id(given.parent_product_group_id, f"{at}.parent_product_group_id"),
        parent_external_id=given.parent_external_id,
        code=given.code,
        branch_id=body_id(given.store_id, f"{at}.store_id"),
        partner_id=body_id(given.partner_id, f"{at}.partner_id"),
        state=given.state,
    )


def product_item(index: int, given: wire.ProductIn) -> ProductItem:
    at = f"products.{index}"
    return ProductItem(
        id=body_id(given.product_id, f"{at}.product_id"),
        name=given.name,
        code=given.code,
        codes=[(p.list_code or "", p.code or "") for p in given.plu_ids or []],
        group_id=body_id(given.product_group_id, f"{at}.product_group_id"),
        group_external_id=given.product_group_external_id,
        brand_id=body_id(given.product_brand_id, f"{at}.product_brand_id"),
        brand_external_id=given.product_brand_external_id,
        branch_id=body_id(given.store_id, f"{at}.store_id"),
        partner_id=body_id(given.partner_id, f"{at}.partner_id"),
        prices=[(p.currency_id or "", p.value if p.value is not None else "") for p in given.prices or []],
        state=given.state,
        property_ids=[r.property_id or "" for r in given.property_records or []],
        tags=len(given.tags or []),
    )


def _text_id(value: int | None) -> str | None:
    return None if value is None else str(value)


def brand(record: ProductBrand) -> dict[str, Any]:
    return {"product_brand_id": str(record.id), "name": record.name, "external_id": record.external_id}


def group(record: ProductGroup, parent_external_id: str | None, tz: str) -> dict[str, Any]:
    return compact(
        {
            "product_group_id": str(record.id),
            "name": record.name,
            "parent_product_group_id": _text_id(record.parent_id),
            "parent_external_id": parent_external_id,
            "code": record.code,
            "external_id": record.external_id,
            "store_id": _text_id(record.branch_id),
            "partner_id": _text_id(record.partner_id),
            "last_change": render_datetime(record.updated_at, tz),
            "state": record.state,
        }
    )


def product(record: Product, codes: list[Code], tz: str) -> dict[str, Any]:
    prices = [{"currency_id": currency, "value": float(Decimal(value))} for currency, value in record.prices.items()]
    return compact(
        {
            "product_id": str(record.id),
            "name": record.name,
            "code": record.code,
            "external_id": codes[0][1] if codes else None,
            "plu_ids": [{"list_code": list_code, "code": code} for list_code, code in codes],
            "product_group_id": _text_id(record.product_group_id),
            "product_brand_id": _text_id(record.product_brand_id),
            "partner_id": _text_id(record.partner_id),
            "prices": prices,
            "additional_properties": [],
            "image_urls": [],
            "last_change": render_datetime(record.updated_at, tz),
            "state": record.state,
            "tags": [],
        }
    )
