"""The product catalogue: products, product groups, product brands (lists, records, batches), product tags and
product properties (we keep neither: empty lists)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import product_catalogue, products
from clientbook.core.errors import FieldError, NotFound, ValidationFailed
from clientbook.core.product_catalogue import Listing
from clientbook.core.types import Tenant
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_products as mapping
from .. import wire_products as wire
from ..auth import Caller, CallerDep
from ..conventions import body_id, enterprise_only, listing, no_content, page, sort, text_param
from ._common import body, empty_list, empty_resource, one

router = APIRouter()
# "Endpoint is available only in Enterprise API" (the spec, on every catalogue batch).
ENTERPRISE_ONLY = enterprise_only("products")
Batch = TypeVar("Batch", bound=BaseModel)


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


def _batch(
    path: str,
    summary: str,
    model: type[Batch],
    entries: Callable[[Batch], Sequence[Any]],
    item: Callable[[int, Any], Any],
    load: Callable[[AsyncSession, Tenant, list[Any]], Awaitable[object]],
) -> None:
    """`POST path`: a catalogue batch (brands, groups, products), its `entries` read item by item with `item` and
    loaded whole by `load`; refusals name the items' attributes as the wire spells them."""

    async def load_batch(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
        given = await body(request, context, model)
        items = [item(i, entry) for i, entry in enumerate(entries(given))]
        with _wire_item_fields():
            await load(session, caller.tenant, items)
        return no_content()

    router.add_api_route(
        path, load_batch, methods=["POST"], summary=summary, status_code=204, dependencies=ENTERPRISE_ONLY
    )


# ---- brands ------------------------------------------------------------------------------------------------------


@router.get("/product-brands", summary="getProductBrands")
async def list_brands(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    rows, total = await product_catalogue.list_brands(session, caller.tenant, _query(request, mapping.BRAND_SORT))
    return listing("product_brands", [mapping.brand(r) for r in rows], total)


@router.get("/product-brands/{product_brand_id}", summary="getProductBrand")
async def get_brand(product_brand_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, product_catalogue.get_brand, NotFound, "product-brands", product_brand_id)
    return {"data": mapping.brand(found)}


_batch(
    "/product-brands/batch",
    "postBulkProductBrands",
    wire.ProductBrandsBatch,
    lambda given: given.product_brands,
    mapping.brand_item,
    product_catalogue.load_brands,
)


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


_batch(
    "/product-groups/batch",
    "postBulkProductGroups",
    wire.ProductGroupsBatch,
    lambda given: given.product_groups,
    mapping.group_item,
    product_catalogue.load_groups,
)


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


_batch(
    "/products/batch",
    "postBulkProducts",
    wire.ProductsBatch,
    lambda given: given.products,
    mapping.product_item,
    products.load,
)


# ---- properties --------------------------------------------------------------------------------------------------


empty_resource(
    router,
    "/product-properties/{product_property_id}",
    "product_properties",
    list_summary="getProductProperties",
    get_summary="getProductProperty",
)
