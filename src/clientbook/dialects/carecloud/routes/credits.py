"""Credits: credit types, credit records, history, the deposit/reduce/transfer actions and the wallet's credit
overviews."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import credit_types, credits
from clientbook.core.credits import Change, Listing
from clientbook.core.errors import CreditRecordNotFound, CreditTypeNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_credits as mapping
from .. import wire_credits as wire
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    Interface,
    body_id,
    created,
    listing,
    no_content,
    page,
    parse_date,
    parse_datetime,
    required_id,
    sort,
    text_param,
)
from ._common import EnterpriseOnly, body, customer_filter, one, reference, wire_names

router = APIRouter(route_class=wire_names(mapping.CREDIT_WIRE_NAMES))
# "Action methods are available only in Enterprise API" (the spec, on every credits action).
ENTERPRISE = EnterpriseOnly(router, "credits")


def _customer(request: Request, caller: Caller) -> int:
    """The `customer_id` a query must name (the logged-in customer on the customer interface)."""
    if caller.interface is Interface.CUSTOMER:
        return caller.customer_id if caller.customer_id is not None else 0
    return required_id(request.query_params.get("customer_id"), "customer_id")


def _listing(request: Request, caller: Caller, names: Mapping[str, str], *, history: bool) -> Listing:
    paging, order = page(request), sort(request, names)
    tz = caller.tenant.time_zone
    frm, to = ("time_from", "time_to") if history else ("create_credit_time_from", "create_credit_time_to")
    return Listing(
        client_id=_customer(request, caller) if history else customer_filter(request, caller),
        credit_type_id=None if history else body_id(request.query_params.get("credit_type_id"), "credit_type_id"),
        partner_id=body_id(request.query_params.get("partner_id"), "partner_id") if history else None,
        created_from=parse_datetime(request.query_params.get(frm), frm, tz),
        created_to=parse_datetime(request.query_params.get(to), to, tz),
        operation_contains=text_param(request, "credit_operation_type") if history else None,
        note_contains=text_param(request, "credit_operation_note" if history else "note"),
        sort=names[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
    )


reference(
    router,
    "/credit-types/{credit_type_id}",
    "credit_types",
    summaries=("getCreditTypes", "getCreditType"),
    list_all=credit_types.list_all,
    get=credit_types.get,
    missing=CreditTypeNotFound,
    render=mapping.credit_type,
)


@router.get("/credits", summary="getCredits")
async def list_credits(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    given = _listing(request, caller, mapping.CREDIT_SORT, history=False)
    rows, total = await credits.list_records(session, caller.tenant, given)
    return listing("credits", [mapping.credit(r) for r in rows], total)


@router.get("/credits/{credit_id}", summary="getCredit")
async def get_credit(credit_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, credits.get_record, CreditRecordNotFound, "credits", credit_id)
    own_customer(caller, found.client_id)
    return {"data": mapping.credit(found)}


@router.get("/credits/{credit_id}/purchases", summary="getSubCreditPurchases")
async def credit_purchases(credit_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    """No purchase earns credits (purchases earn points): a credit record exists, and has none."""
    page(request)  # the parameters are still checked
    sort(request)
    await get_credit(credit_id, caller, session)
    return listing("purchases", [], 0)


async def _change(
    request: Request, caller: Caller, context: Context, session: AsyncSession, change: Callable[..., Awaitable[Any]]
) -> JSONResponse:
    """Deposit or reduce (`change`) a customer's credits: the two actions take the same body and answer alike."""
    given = await body(request, context, wire.CreditsChange)
    wanted = Change(
        client_id=required_id(given.customer_id, "customer_id"),
        amount=given.amount,
        credit_type_id=body_id(given.credit_type_id, "credit_type_id"),
        partner_id=body_id(given.partner_id, "partner_id"),
        currency=given.currency_id,
        note=given.note,
    )
    record = await change(session, caller.tenant, wanted)
    return created("credit_id", record.id)


@ENTERPRISE.post("/credits/actions/deposit-credits", summary="postCreditDeposit", status_code=201)
async def deposit_credits(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    return await _change(request, caller, context, session, credits.deposit)


@ENTERPRISE.post("/credits/actions/reduce-credits", summary="postCreditReduction", status_code=201)
async def reduce_credits(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    return await _change(request, caller, context, session, credits.reduce)


@ENTERPRISE.post("/credits/actions/transfer-credits", summary="postCreditTransfer", status_code=204)
async def transfer_credits(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.CreditsTransfer)
    await credits.transfer(
        session,
        caller.tenant,
        required_id(given.original_customer_id, "original_customer_id"),
        required_id(given.new_customer_id, "new_customer_id"),
        given.amount,
        credit_type_id=required_id(given.credit_type_id, "credit_type_id"),
        currency=given.currency_id,
        note=given.note,
    )
    return no_content()


@router.get("/credit-history", summary="getCreditHistory")
async def credit_history(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    given = _listing(request, caller, mapping.HISTORY_SORT, history=True)
    if text_param(request, "store_id") is not None:  # no credit entry names a store: the filter matches nothing
        body_id(request.query_params.get("store_id"), "store_id")
        return listing("credit_history", [], 0)
    rows, total = await credits.list_records(session, caller.tenant, given)
    return listing("credit_history", [mapping.history(r, caller.tenant.time_zone) for r in rows], total)


def _day_or_time(request: Request, name: str, tz: str, *, end: bool) -> datetime | None:
    """A `date_from`/`date_to` bound: a day (`YYYY-MM-DD`, from its start or to its end) or a datetime."""
    raw = text_param(request, name)
    if raw is not None and len(raw) == 10:
        day = parse_date(raw, name)
        assert day is not None
        return parse_datetime(f"{day.isoformat()} {'23:59:59' if end else '00:00:00'}", name, tz)
    return parse_datetime(raw, name, tz)


@router.get("/wallet/actions/credits-overview", summary="getWalletCredits")
async def credits_overview(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    tz = caller.tenant.time_zone
    found = await credits.overview(
        session,
        caller.tenant,
        _customer(request, caller),
        credit_type_id=body_id(request.query_params.get("credit_type_id"), "credit_type_id"),
        since=_day_or_time(request, "date_from", tz, end=False),
        until=_day_or_time(request, "date_to", tz, end=True),
    )
    return {"data": mapping.overview(found)}


@router.get("/wallet/actions/credits-expiration-overview", summary="getWalletCreditsExpiration")
async def credits_expiration(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    """Credits do not lapse: nothing is about to expire (the customer must still be the business's)."""
    await credits.overview(session, caller.tenant, _customer(request, caller))
    return {"data": {"next_amount": 0.0, "current_month_amount": 0.0}}
