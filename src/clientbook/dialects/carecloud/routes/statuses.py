"""Customer statuses (loyalty tiers): `statuses`, a customer's `status-records` and `set-status-record`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from clientbook.core import status_records, statuses
from clientbook.core.errors import ClientNotFound, StatusNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_statuses as mapping
from .. import wire_statuses as wire
from ..auth import CallerDep
from ..conventions import bool_param, enterprise_only, listing, page, parse_datetime, required_id, sort
from ._common import body, not_found_as, one, path_customer, small, wire_names

router = APIRouter(route_class=wire_names(mapping.STATUS_WIRE_NAMES))


@router.get("/statuses", summary="getStatuses")
async def list_statuses(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    tiers = await statuses.list_all(session, caller.tenant)
    records = [mapping.status(t, tiers, caller.tenant.time_zone) for t in tiers]
    return listed.answer("statuses", records, equals={"text_id": "text_id"})


@router.get("/statuses/{status_id}", summary="getStatus")
async def get_status(status_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, statuses.get, StatusNotFound, "statuses", status_id)
    tiers = await statuses.list_all(session, caller.tenant)
    return {"data": mapping.status(found, tiers, caller.tenant.time_zone)}


@router.get("/customers/{customer_id}/status-records", summary="getSubCustomerStatus")
async def customer_status_records(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    customer = path_customer(caller, customer_id)
    paging, order = page(request), sort(request, mapping.RECORD_SORT)
    given = status_records.History(
        client_id=customer,
        valid_now=bool_param(request, "valid_now"),
        sort=mapping.RECORD_SORT[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
    )
    with not_found_as(ClientNotFound, "customers", customer_id):
        rows, total = await status_records.history(session, caller.tenant, given)
    tiers = await statuses.list_all(session, caller.tenant)
    tz = caller.tenant.time_zone
    return listing("status_records", [mapping.status_record(r, tiers, tz) for r in rows], total)


@router.post(
    "/customers/actions/set-status-record",
    summary="postCustomersSetStatusRecord",
    # "Action method is available only in Enterprise API" (the spec).
    dependencies=enterprise_only("customers"),
)
async def set_status_record(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire.StatusRecordSet)
    tz = caller.tenant.time_zone
    customer = required_id(given.customer_id, "customer_id")
    status = required_id(given.status_id, "status_id")
    record = await status_records.set_status(
        session,
        caller.tenant,
        customer,
        status,
        valid_from=parse_datetime(given.valid_from, "valid_from", tz),
        valid_to=parse_datetime(given.valid_to, "valid_to", tz),
    )
    return JSONResponse({"data": {"status_record_id": str(record.id)}})
