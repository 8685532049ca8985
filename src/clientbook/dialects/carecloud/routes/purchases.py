"""Reading purchases: lists (all, a customer's, the one a point record came from), one purchase, its items, its
ledger entries, its vouchers and its payment summary. On the customer interface a customer reads their own only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import purchase_reads, reward_views, vouchers
from clientbook.core.errors import ClientNotFound, PointRecordNotFound, PurchaseNotFound
from clientbook.core.purchase_reads import Listing
from clientbook.edge.deps import SessionDep
from clientbook.store.models.vouchers import Voucher

from .. import mapping_loyalty, mapping_vouchers
from .. import mapping_purchases as mapping
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    Interface,
    body_id,
    bool_param,
    language,
    listing,
    page,
    parse_datetime,
    path_id,
    sort,
    text_param,
)
from ._common import not_found_as, path_customer, wire_names

router = APIRouter(route_class=wire_names(mapping.PURCHASE_WIRE_NAMES))


def _listing(request: Request, caller: Caller, **fixed: Any) -> Listing:
    paging, order = page(request), sort(request, mapping.PURCHASE_SORT)
    tz = caller.tenant.time_zone
    client_id = body_id(request.query_params.get("customer_id"), "customer_id")
    if caller.interface is Interface.CUSTOMER:
        client_id = caller.customer_id if caller.customer_id is not None else 0
    values: dict[str, Any] = {
        "client_id": client_id,
        "branch_id": body_id(request.query_params.get("store_id"), "store_id"),
        "purchase_type_id": body_id(request.query_params.get("type_id"), "type_id"),
        "external_id": text_param(request, "external_purchase_id"),
        "paid_from": parse_datetime(request.query_params.get("payment_time_from"), "payment_time_from", tz),
        "paid_to": parse_datetime(request.query_params.get("payment_time_to"), "payment_time_to", tz),
        "sort": mapping.PURCHASE_SORT[order.field] if order.field else "id",
        "descending": order.descending,
        "offset": paging.offset,
        "count": paging.count,
    }
    return Listing(**{**values, **fixed})


async def _purchases(request: Request, caller: Caller, session: SessionDep, listing_: Listing) -> Any:
    with_items = bool_param(request, "purchase_items_extension") or False
    rows, items, total = await purchase_reads.page(session, caller.tenant, listing_)
    tz = caller.tenant.time_zone
    shown = [i for p in rows for i in items[p.id]] if with_items else []
    catalogue = await purchase_reads.catalogue_of(session, caller.tenant, shown)
    records = [mapping.purchase(p, tz, items[p.id] if with_items else None, catalogue) for p in rows]
    return listing("purchases", records, total)


@router.get("/purchases", summary="getPurchases")
async def list_purchases(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    return await _purchases(request, caller, session, _listing(request, caller))


@router.get("/customers/{customer_id}/purchases", summary="getSubCustomerPurchases")
async def customer_purchases(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    client_id = path_customer(caller, customer_id)
    with not_found_as(ClientNotFound, "customers", customer_id):
        return await _purchases(request, caller, session, _listing(request, caller, client_id=client_id))


@router.get("/points/{point_id}/purchases", summary="getSubPointPurchases")
async def point_purchases(point_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    record_id = path_id(point_id, "points")
    with not_found_as(PointRecordNotFound, "points", point_id):
        return await _purchases(request, caller, session, _listing(request, caller, point_record_id=record_id))


async def _own_purchase(session: SessionDep, caller: Caller, raw: str) -> int:
    """The purchase id of the path, once it is the business's (and, on the customer interface, the customer's)."""
    purchase_id = path_id(raw, "purchases")
    with not_found_as(PurchaseNotFound, "purchases", raw):
        purchase, _items = await purchase_reads.with_items(session, caller.tenant, purchase_id)
    if caller.interface is Interface.CUSTOMER:
        own_customer(caller, purchase.client_id or 0)
    return purchase_id


@router.get("/purchases/{purchase_id}", summary="getPurchase")
async def get_purchase(purchase_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await _own_purchase(session, caller, purchase_id)
    purchase, items = await purchase_reads.with_items(session, caller.tenant, found)
    catalogue = await purchase_reads.catalogue_of(session, caller.tenant, items)
    return {"data": mapping.purchase(purchase, caller.tenant.time_zone, items, catalogue)}


@router.get("/purchases/{purchase_id}/purchase-items", summary="getSubPurchaseItems")
async def purchase_items(purchase_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await _own_purchase(session, caller, purchase_id)
    paging, order = page(request), sort(request, mapping.ITEM_SORT)
    rows, total = await purchase_reads.items_page(
        session,
        caller.tenant,
        found,
        sort=mapping.ITEM_SORT[order.field] if order.field else "position",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
    )
    catalogue = await purchase_reads.catalogue_of(session, caller.tenant, rows)
    return listing("purchase_items", [mapping.purchase_item(i, catalogue.get(i.id)) for i in rows], total)


@router.get("/purchases/{purchase_id}/points", summary="getSubPurchasePoints")
async def purchase_points(purchase_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await _own_purchase(session, caller, purchase_id)
    paging = page(request)
    sort(request, ("point_id",))  # entries come in the order they were written
    _purchase, rows, total = await purchase_reads.ledger(
        session, caller.tenant, found, offset=paging.offset, count=paging.count
    )
    return listing("points", [mapping_loyalty.point(r, caller.tenant.time_zone) for r in rows], total)


@router.get("/purchases/{purchase_id}/vouchers", summary="getSubPurchaseVouchers")
async def purchase_vouchers(purchase_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await _own_purchase(session, caller, purchase_id)
    paging = page(request)
    sort(request, ("voucher_id",))  # in the order they were claimed
    rows, total = await purchase_reads.vouchers_of(
        session, caller.tenant, found, offset=paging.offset, count=paging.count
    )
    return listing("vouchers", await _vouchers(request, caller, session, rows), total)


async def _vouchers(request: Request, caller: Caller, session: SessionDep, found: list[Voucher]) -> list[Any]:
    """The vouchers with their rewards, as /vouchers renders them."""
    rewards = await vouchers.rewards_of(session, caller.tenant, found)
    views = {v.reward.id: v for v in await reward_views.views(session, caller.tenant, list(rewards.values()))}
    tz, lang = caller.tenant.time_zone, language(request, caller.tenant.language)
    return [mapping_vouchers.voucher(v, views[v.reward_id], tz, lang) for v in found]


@router.get("/purchases/{purchase_id}/actions/payment-summary", summary="getPurchasePaymentSummary")
async def payment_summary(purchase_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await _own_purchase(session, caller, purchase_id)
    summary = await purchase_reads.summary(session, caller.tenant, found)
    used = await _vouchers(request, caller, session, summary.vouchers)
    return {"data": mapping.payment_summary(summary, used)}
