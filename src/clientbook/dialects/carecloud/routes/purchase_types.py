"""The vocabularies a bill names (purchase types, purchase item types, payment types) and the purchase and purchase
item properties (the business defines none: empty lists, any id a 404)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import purchase_types
from clientbook.core.errors import PaymentTypeNotFound
from clientbook.edge.deps import SessionDep

from .. import mapping_purchases as mapping
from ..auth import CallerDep
from ..conventions import ResourceNotFound, listing, page, path_id, sort, sort_and_page, text_param
from ._common import empty_resource

router = APIRouter()


def _by_text_id(request: Request, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    text_id = text_param(request, "text_id")
    return [r for r in records if text_id is None or r["text_id"] == text_id]


@router.get("/purchase-types", summary="getPurchaseTypes")
async def list_purchase_types(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging, order = page(request), sort(request)
    found = await purchase_types.list_purchase_types(session, caller.tenant)
    records = _by_text_id(request, [mapping.vocabulary(t, "type_id") for t in found])
    return listing("purchase_types", sort_and_page(records, order, paging), len(records))


@router.get("/purchase-item-types", summary="getPurchaseItemTypes")
async def list_item_types(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging, order = page(request), sort(request)
    found = await purchase_types.list_item_types(session, caller.tenant)
    records = _by_text_id(request, [mapping.vocabulary(t, "type_id") for t in found])
    return listing("purchase_item_types", sort_and_page(records, order, paging), len(records))


@router.get("/payment-types", summary="getPaymentTypes")
async def list_payment_types(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging, order = page(request), sort(request)
    tz = caller.tenant.time_zone
    records = [mapping.payment_type(t, tz) for t in await purchase_types.list_payment_types(session, caller.tenant)]
    return listing("payment_types", sort_and_page(records, order, paging), len(records))


@router.get("/payment-types/{payment_type_id}", summary="getPaymentType")
async def get_payment_type(payment_type_id: str, caller: CallerDep, session: SessionDep) -> Any:
    try:
        found = await purchase_types.get_payment_type(session, caller.tenant, path_id(payment_type_id, "payment-types"))
    except PaymentTypeNotFound as error:
        raise ResourceNotFound("payment-types", payment_type_id) from error
    return {"data": mapping.payment_type(found, caller.tenant.time_zone)}


empty_resource(
    router,
    "/purchase-properties/{purchase_property_id}",
    "purchase_properties",
    list_summary="getPurchaseProperties",
    get_summary="getPurchaseProperty",
)


empty_resource(
    router,
    "/purchase-item-properties/{purchase_item_property_id}",
    "purchase_item_properties",
    list_summary="getPurchaseItemProperties",
    get_summary="getPurchaseItemProperty",
)
