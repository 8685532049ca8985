"""Purchase actions (enterprise only): send a closed bill, quote one before closing it, give a purchase its
customer, and synchronize a customer's points with another system."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import point_sync, purchase_reads, purchases
from clientbook.core.errors import PurchaseNotFound
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within

from .. import mapping_purchases as mapping
from .. import wire_purchases as wire
from ..auth import CallerDep
from ..conventions import body_id, created, enterprise_only, no_content, parse_datetime, required_id
from ._common import EnterpriseOnly, body, one, wire_names

router = APIRouter(route_class=wire_names(mapping.PURCHASE_WIRE_NAMES))
ENTERPRISE = EnterpriseOnly(router, "purchases")


@ENTERPRISE.post("/purchases/actions/send-purchase", summary="postPurchaseSend", status_code=201)
async def send_purchase(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    given = await body(request, context, wire.SendPurchase)
    with within(mapping.BILL_NAMES):
        paid_at = parse_datetime(given.bill.payment_time, "paid_at", caller.tenant.time_zone)
        purchase = await purchases.send(session, caller.tenant, mapping.to_core_bill(given, paid_at))
    return created("purchase_id", purchase.id)


@ENTERPRISE.post("/purchases/actions/accept-payment", summary="postPurchaseAcceptPayment")
async def accept_payment(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire.AcceptPayment)
    with within(mapping.BILL_NAMES):
        result = await purchase_reads.quote(
            session,
            caller.tenant,
            client_id=body_id(given.customer_id, "customer_id"),
            checkout_mode=given.payment_type,
            items=mapping.items(given.bill.bill_items),
            max_points=given.max_points,
        )
    return {"data": mapping.quote(result)}


@ENTERPRISE.post("/purchases/actions/assign-customer", summary="postPurchaseAssignCustomer", status_code=204)
async def assign_customer(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.AssignCustomer)
    branch_id = body_id(given.store_id, "store_id", required=True)
    purchase = await purchases.find_by_bill(session, caller.tenant, given.external_purchase_id, branch_id)
    client_id = body_id(given.customer_id, "customer_id")
    await purchases.assign_customer(session, caller.tenant, purchase, client_id, card_number=given.card_number)
    return no_content()


@ENTERPRISE.put("/purchases/{purchase_id}", summary="putPurchase", status_code=204)
async def put_purchase(
    purchase_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    found = await one(session, caller.tenant, purchases.get, PurchaseNotFound, "purchases", purchase_id)
    given = await body(request, context, wire.PurchaseUpdate, wrapper="purchase")
    client_id = body_id(given.purchase.customer_id, "customer_id", required=True)
    await purchases.assign_customer(session, caller.tenant, found, client_id, card_number=given.purchase.card_number)
    return no_content()


@router.post(
    "/points/actions/synchronize-points",
    summary="postPointsSynchronize",
    status_code=204,
    dependencies=enterprise_only("points"),
)
async def synchronize_points(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.PointsSynchronization)
    client_id = required_id(given.customer_id, "customer_id")
    await point_sync.synchronize(
        session,
        caller.tenant,
        client_id,
        given.amount,
        partner_id=body_id(given.partner_id, "partner_id"),
        note=given.note,
    )
    return no_content()
