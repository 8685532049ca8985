"""Interests (`interests`: the business's client tags) and a customer's `interest-records`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import interests
from clientbook.core.errors import ClientNotFound, InterestNotFound, Reason, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_account_records as mapping
from .. import wire_interests as wire
from ..auth import Caller, CallerDep
from ..conventions import (
    ResourceNotFound,
    body_id,
    created,
    no_content,
    parse_record_id,
    record_id,
    required_id,
)
from ._common import EnterpriseOnly, body, not_found_as, path_customer, reference, small, wire_names

router = APIRouter(route_class=wire_names({"client_id": "customer_id"}))
RECORDS = "/customers/{customer_id}/interest-records"
# Interests are the business's tags, which staff also use for their own purposes: a customer reads theirs, but only
# the enterprise interface marks customers with them (docs/carecloud.md).
ENTERPRISE = EnterpriseOnly(router, "interest-records")


reference(
    router,
    "/interests/{interest_id}",
    "interests",
    summaries=("getInterests", "getInterest"),
    list_all=interests.list_interests,
    get=interests.get_interest,
    missing=InterestNotFound,
    render=lambda tag, _tz: mapping.interest(tag),
    contains={"name": "name"},
)


def _interest_of(given: wire.InterestRecordWrite, customer_id: int) -> int:
    """The body's interest; its `customer_id` must be the path's customer."""
    record = given.interest_record
    if body_id(record.customer_id, "interest_record.customer_id", required=True) != customer_id:
        message = "interest_record.customer_id must be the customer of the path"
        raise ValidationFailed.single("interest_record.customer_id", Reason.NOT_ALLOWED, message, record.customer_id)
    interest_id = required_id(record.interest_id, "interest_record.interest_id")
    return interest_id


@router.get(RECORDS, summary="getSubCustomerInterests")
async def list_records(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    customer = path_customer(caller, customer_id)
    listed = small(request)
    with not_found_as(ClientNotFound, "customers", customer_id):
        held = await interests.of_customer(session, caller.tenant, customer)
    records = [mapping.interest_record(t, customer) for t in held]
    return listed.answer("interest_records", records)


@ENTERPRISE.post(RECORDS, summary="postSubCustomerInterest", status_code=201)
async def add_record(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    customer = path_customer(caller, customer_id)
    interest_id = _interest_of(await body(request, context, wire.InterestRecordWrite), customer)
    with not_found_as(ClientNotFound, "customers", customer_id):
        added = await interests.add(session, caller.tenant, customer, interest_id, field="interest_record.interest_id")
    return created("interest_record_id", record_id(added.id, customer))


async def _record(session: AsyncSession, caller: Caller, customer_id: str, interest_record_id: str) -> tuple[int, int]:
    """(customer, interest) of an interest record of the path's customer, or 404."""
    customer = path_customer(caller, customer_id)
    interest_id = parse_record_id(interest_record_id, customer)
    with not_found_as(ClientNotFound, "customers", customer_id):
        held = await interests.of_customer(session, caller.tenant, customer)
    if interest_id is None or all(t.id != interest_id for t in held):
        raise ResourceNotFound("interest-records", interest_record_id)
    return customer, interest_id


@ENTERPRISE.put(RECORDS + "/{interest_record_id}", summary="putSubCustomerInterest", status_code=204)
async def update_record(
    customer_id: str,
    interest_record_id: str,
    request: Request,
    caller: CallerDep,
    context: ContextDep,
    session: SessionDep,
) -> Response:
    customer, interest_id = await _record(session, caller, customer_id, interest_record_id)
    new_id = _interest_of(await body(request, context, wire.InterestRecordWrite), customer)
    await interests.replace(session, caller.tenant, customer, interest_id, new_id, field="interest_record.interest_id")
    return no_content()


@ENTERPRISE.delete(RECORDS + "/{interest_record_id}", summary="deleteSubCustomerInterest", status_code=204)
async def delete_record(customer_id: str, interest_record_id: str, caller: CallerDep, session: SessionDep) -> Response:
    customer, interest_id = await _record(session, caller, customer_id, interest_record_id)
    await interests.remove(session, caller.tenant, customer, interest_id)
    return no_content()
