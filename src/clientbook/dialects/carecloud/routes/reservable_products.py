"""Reservable products (what clients book) and search-reservable-products: the free time slots of the products a
search names, each with the id a booking item's `time_slot_id` takes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import reservable_products, time_slots
from clientbook.core.errors import ReservableProductNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_bookings as mapping
from .. import wire_bookings as wire
from ..auth import CallerDep
from ..conventions import array_param, body_id, text_param
from ._common import body, one, small

router = APIRouter()


@router.get("/reservable-products", summary="getReservableProducts")
async def list_reservable_products(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    found = await reservable_products.matching(
        session,
        caller.tenant,
        name_contains=text_param(request, "name"),
        code=text_param(request, "code"),
        branch_id=body_id(text_param(request, "store_id"), "store_id"),
    )
    if array_param(request, "tag_ids") is not None:
        found = []  # products carry no tags
    records = [mapping.reservable_product(p, caller.tenant.time_zone) for p in found]
    return listed.answer("reservable_products", records)


@router.get("/reservable-products/{reservable_product_id}", summary="getReservableProduct")
async def get_reservable_product(reservable_product_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(
        session,
        caller.tenant,
        reservable_products.get,
        ReservableProductNotFound,
        "reservable-products",
        reservable_product_id,
    )
    return {"data": mapping.reservable_product(found, caller.tenant.time_zone)}


@router.post("/reservable-products/actions/search-reservable-products", summary="postReservableProductsSearch")
async def search_reservable_products(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Any:
    listed = small(request)
    given = await body(request, context, wire.ReservableProductSearch)
    slots = await time_slots.free_matching(session, caller.tenant, given.search_string)
    records = [mapping.search_result(s, caller.tenant.time_zone) for s in slots]
    return listed.answer("search_results", records)
