"""The product catalogue: products, product groups, product brands (lists, records, batches), product tags and
product properties (we keep neither: empty lists)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from clientbook.core import product_catalogue, products
from clientbook.core.errors import FieldError, NotFound, ValidationFailed
from clientbook.core.product_catalogue import Listing
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_products as mapping
from .. import wire_products as wire
from ..auth import Caller, CallerDep
from ..conventions import (
    Interface,
    body_id,
    listing,
    no_content,
    only,
    page,
    sort,
    text_param,
)
from ._common import body, empty_list, empty_resource, one

router = APIRouter()
# "Endpoint is available only in Enterprise API" (the spec, on every catalogue batch).
ENTERPRISE_ONLY = [Depends(only(Interface.ENTERPRISE, resource="products"))]


def _query(request: Request, names: Mapping[str, str], **filters: Any) -> Listing:
    paging, order = page(request), sort(request, names)
    return Listing(
        name=text_param(request, "name"),
        sort=names[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
        **filters,
    )


@contextmanager
def _wire_item_fields() -> Iterator[None]:
    """A batch's refusals name its items' attributes as the wire spells them."""
    try:
        yield
    except ValidationFailed as error:
        renamed = [FieldError(mapping.wire_item_field(e.field), e.reason, e.message, e.value) for e in error.errors]
        raise ValidationFailed(renamed) from error


# ---- brands ------------------------------------------------------------------------------------------------------


@router.get("/product-brands", summary="getProductBrands")
async def list_brands(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    rows, total = await product_catalogue.list_brands(session, caller.tenant, _query(request, mapping.BRAND_SORT))
    return listing("product_brands", [mapping.brand(r) for r in rows], total)


@router.get("/product-brands/{product_brand_id}", summary="getProductBrand")
async def get_brand(product_brand_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, product_catalogue.get_brand, NotFound, "product-brands", product_brand_id)
    return {"data": mapping.brand(found)}


@router.post("/product-brands/batch", summary="postBulkProductBrands", status_code=204, dependencies=ENTERPRISE_ONLY)
async def load_brands(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.ProductBrandsBatch)
    items = [mapping.brand_item(i, b) for i, b in enumerate(given.product_brands)]
    with _wire_item_fields():
        await product_catalogue.load_brands(session, caller.tenant, items)
    return no_content()


# ---- groups ------------------------------------------------------------------------------------------------------


async def _groups(session: SessionDep, caller: Caller, rows: list[Any]) -> list[dict[str, Any]]:
    parents = await product_catalogue.external_ids(session, caller.tenant, [r.parent_id for r in rows if r.parent_id])
    tz = caller.tenant.time_zone
    return [mapping.group(r, parents.get(r.parent_id) if r.parent_id else None, tz) for r in rows]


@router.get("/product-groups", summary="getProductGroups")
async def list_groups(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    query = _query(
        request,
        mapping.GROUP_SORT,
        code=text_param(request, "code"),
        external_id=text_param(request, "external_id"),
        branch_id=body_id(request.query_params.get("store_id"), "store_id"),
        partner_id=body_id(request.query_params.get("partner_id"), "partner_id"),
    )
    rows, total = await product_catalogue.list_groups(session, caller.tenant, query)
    return listing("product_groups", await _groups(session, caller, rows), total)


@router.get("/product-groups/{product_group_id}", summary="getProductGroup")
async def get_group(product_group_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, product_catalogue.get_group, NotFound, "product-groups", product_group_id)
    return {"data": (await _groups(session, caller, [found]))[0]}


@router.post("/product-groups/batch", summary="postBulkProductGroups", status_code=204, dependencies=ENTERPRISE_ONLY)
async def load_groups(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.ProductGroupsBatch)
    items = [mapping.group_item(i, g) for i, g in enumerate(given.product_groups)]
    with _wire_item_fields():
        await product_catalogue.load_groups(session, caller.tenant, items)
    return no_content()


# ---- products ----------------------------------------------------------------------------------------------------


async def _products(session: SessionDep, caller: Caller, rows: list[Any]) -> list[dict[str, Any]]:
    codes = await products.codes_of(session, caller.tenant, [r.id for r in rows])
    return [mapping.product(r, codes[r.id], caller.tenant.time_zone) for r in rows]


@router.get("/products", summary="getProducts")
async def list_products(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    query = _query(
        request,
        mapping.PRODUCT_SORT,
        code=text_param(request, "code"),
        external_id=text_param(request, "external_id"),
        list_code=text_param(request, "external_type_code"),
        partner_id=body_id(request.query_params.get("partner_id"), "partner_id"),
    )
    if request.query_params.getlist("tag_ids[]") or request.query_params.getlist("tag_ids"):
        return listing("products", [], 0)  # products carry no tags: a tag filter matches none
    rows, total = await products.listing(session, caller.tenant, query)
    return listing("products", await _products(session, caller, rows), total)


empty_list(router, "/products/tags", "tags", "getSubProductTags")  # products carry no tags


@router.get("/products/{product_id}", summary="getProduct")
async def get_product(product_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, products.get, NotFound, "products", product_id)
    return {"data": (await _products(session, caller, [found]))[0]}


@router.post("/products/batch", summary="postBulkProducts", status_code=204, dependencies=ENTERPRISE_ONLY)
async def load_products(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.ProductsBatch)
    items = [mapping.product_item(i, p) for i, p in enumerate(given.products)]
    with _wire_item_fields():
        await products.load(session, caller.tenant, items)
    return no_content()


# ---- properties --------------------------------------------------------------------------------------------------


empty_resource(
    router,
    "/product-properties/{product_property_id}",
    "product_properties",
    list_summary="getProductProperties",
    get_summary="getProductProperty",
)
