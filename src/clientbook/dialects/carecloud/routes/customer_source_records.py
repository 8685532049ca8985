"""Customer source records: every customer's (`customer-source-records`) and one customer's, which may gain more."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from clientbook.core import customer_source_records
from clientbook.core.customer_source_records import Listing
from clientbook.core.errors import ClientNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_account_records as mapping
from .. import wire_source_records as wire
from ..auth import Caller, CallerDep
from ..conventions import Interface, array_param, body_id, created, listing, page, required_id, sort, text_param
from ._common import body, not_found_as, path_customer, wire_names

router = APIRouter(route_class=wire_names({"client_id": "customer_id"}))


def _listing(request: Request, client_id: int | None) -> Listing:
    paging, order = page(request), sort(request, mapping.SOURCE_RECORD_SORT)
    # `external_ids[]` takes priority over the deprecated `external_id` (the spec).
    external_ids = array_param(request, "external_ids")
    if external_ids is None and text_param(request, "external_id") is not None:
        external_ids = [text_param(request, "external_id") or ""]
    return Listing(
        client_id=client_id,
        customer_source_id=body_id(request.query_params.get("customer_source_id"), "customer_source_id"),
        external_ids=external_ids,
        sort=mapping.SOURCE_RECORD_SORT[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
    )


def _answer(rows: list[Any], total: int, caller: Caller) -> dict[str, Any]:
    tz = caller.tenant.time_zone
    return listing("customer_source_records", [mapping.source_record(r, tz) for r in rows], total)


@router.get("/customer-source-records", summary="getCustomerSourceRecords")
async def list_all(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    """A customer reads their own records only."""
    customer: int | None
    if caller.interface is Interface.CUSTOMER:
        customer = caller.customer_id if caller.customer_id is not None else 0
    else:
        customer = body_id(request.query_params.get("customer_id"), "customer_id")
    rows, total = await customer_source_records.page(session, caller.tenant, _listing(request, customer))
    return _answer(rows, total, caller)


@router.get("/customers/{customer_id}/customer-source-records", summary="getSubCustomerSource")
async def list_of_customer(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    customer = path_customer(caller, customer_id)
    with not_found_as(ClientNotFound, "customers", customer_id):
        rows, total = await customer_source_records.page(session, caller.tenant, _listing(request, customer))
    return _answer(rows, total, caller)


@router.post("/customers/{customer_id}/customer-source-records", summary="postSubCustomerSource", status_code=201)
async def add(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    customer = path_customer(caller, customer_id)
    given = (await body(request, context, wire.CustomerSourceRecordWrite)).customer_source_record
    field = "customer_source_record.customer_source_id"
    source = required_id(given.customer_source_id, field)
    with not_found_as(ClientNotFound, "customers", customer_id):
        record = await customer_source_records.add(
            session,
            caller.tenant,
            customer,
            source,
            given.external_id,
            source_field=field,
            external_field="customer_source_record.external_id",
        )
    return created("customer_source_record_id", record.id)
